"""Choosing records: by section, venue, year, key, and a text match on titles and authors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import InvalidValueError
from .folding import accent_fold
from .model import PaperList, Record
from .venues import VenueRegistry


@dataclass(frozen=True)
class YearRange:
    first: int | None
    last: int | None

    @classmethod
    def parse(cls, text: str) -> YearRange:
        """``2022``, ``2021-2023``, ``2022-`` (from) or ``-2021`` (until)."""
        match = re.fullmatch(r"\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*", text)
        if not match or not (match.group(1) or match.group(3)) or (
            match.group(3) and not match.group(2)
        ):
            raise InvalidValueError(f"cannot read the year filter {text!r}", field="years",
                                    hint="write 2022, 2021-2023, 2022- or -2021")
        first = int(match.group(1)) if match.group(1) else None
        last = int(match.group(3)) if match.group(3) else None
        if not match.group(2):
            last = first
        return cls(first, last)

    def __contains__(self, year: object) -> bool:
        if not isinstance(year, int):
            return False
        return (self.first is None or year >= self.first) and (
            self.last is None or year <= self.last
        )


def _matches_text(record: Record, needle: str) -> bool:
    haystack = [record.title.text, *record.aliases, *(n.display() for n in record.authors)]
    return any(needle in accent_fold(text) for text in haystack)


def _check_known(values: Iterable[str], known: Sequence[str], what: str, parameter: str
                 ) -> None:
    folded = {k.casefold() for k in known}
    for value in values:
        if value.casefold() not in folded:
            close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5)
            raise InvalidValueError(
                f"there is no {what} {value!r}", field=parameter,
                hint=f"did you mean {close[0]!r}?" if close else
                f"known: {', '.join(known) or 'none'}",
            )


def select(
    papers: PaperList | Sequence[Record],
    *,
    sections: Sequence[str] = (),
    venues: Sequence[str] = (),
    years: Sequence[str] = (),
    keys: Sequence[str] = (),
    match: str | None = None,
    registry: VenueRegistry | None = None,
) -> list[Record]:
    """The records that pass every given filter (each filter: any of its values).

    Section and venue names are compared without regard to case; a name that no record or
    declaration knows is an error with a suggestion, not an empty result (its ``field`` is
    the parameter's name: ``sections``, ``venues``, ``years`` or ``keys``).
    """
    records = list(papers)
    declared = list(getattr(papers, "sections", ()) or dict.fromkeys(
        r.section for r in records if r.section))
    _check_known(sections, declared, "section", "sections")
    section_set = {s.casefold() for s in sections}
    registry = registry or getattr(papers, "venues", None)
    venue_set: set[str] = set()
    for venue in venues:
        found = registry.get(venue) if registry is not None else None
        if found is None and registry is not None:
            _check_known([venue], [v.short for v in registry], "venue", "venues")
        venue_set.add((found.short if found else venue).casefold())
    _check_known(keys, [r.key for r in records], "record with key", "keys")
    key_set = set(keys)
    ranges = [YearRange.parse(y) for y in years]
    needle = accent_fold(match) if match else None
    return [
        r for r in records
        if (not section_set or (r.section or "").casefold() in section_set)
        and (not venue_set or (r.venue or "").casefold() in venue_set)
        and (not ranges or any(r.year in yr for yr in ranges))
        and (not key_set or r.key in key_set)
        and (needle is None or _matches_text(r, needle))
    ]
