"""The venue registry: which conferences, journals and preprint servers the list knows.

A record names its venue by short name (``venue: OSDI``); the registry gives the full name,
kind, publisher, per-year proceedings titles, and the spellings by which other formats name
the venue (for recognising ``booktitle = {… (OSDI 22)}`` on import).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum

from .errors import InvalidValueError, MissingFieldError, PlbibError, UnknownFieldError
from .folding import ascii_fold


class VenueKind(str, Enum):
    CONFERENCE = "conference"
    JOURNAL = "journal"
    PREPRINT_SERVER = "preprint-server"
    WORKSHOP = "workshop"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Venue:
    short: str
    name: str
    kind: VenueKind
    publisher: str | None = None
    #: how the paper list tags the venue when that is not ``short`` (IMWUT papers: UbiComp)
    tag: str | None = None
    #: other names for the venue, used to recognise it in imported data
    aliases: tuple[str, ...] = ()
    #: proceedings titles by year, where known
    proceedings: Mapping[int, str] = field(default_factory=dict)

    def container_title(self, year: int | None) -> str:
        """What a paper's container is called when its record names none: the
        proceedings' title that year where known, else the venue's name (every writer)."""
        return self.proceedings.get(year or 0) or self.name

    def list_tag(self, year: int | None) -> str:
        """The list's venue tag: ``OSDI'22``."""
        label = self.tag or self.short
        return f"{label}'{year % 100:02d}" if year is not None else label


_FIELDS = {"short", "name", "kind", "publisher", "tag", "aliases", "proceedings"}


_SHORT_TAG = re.compile(r"\b([A-Za-z][A-Za-z]+)\s*['’]?\s*(\d{4}|\d{2})\b")


@dataclass(frozen=True)
class VenueRegistry:
    venues: tuple[Venue, ...]
    _by_fold: dict[str, Venue] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Venue] = {}
        for venue in self.venues:
            for name in (venue.short, *venue.aliases, venue.name):
                index.setdefault(ascii_fold(name), venue)
        object.__setattr__(self, "_by_fold", index)

    def __iter__(self) -> Iterator[Venue]:
        return iter(self.venues)

    def __len__(self) -> int:
        return len(self.venues)

    def __contains__(self, short: object) -> bool:
        return isinstance(short, str) and self.get(short) is not None

    def get(self, name: str) -> Venue | None:
        """The venue with this short name, alias or full name, ignoring case and
        punctuation."""
        return self._by_fold.get(ascii_fold(name))

    def suggest(self, name: str) -> list[str]:
        shorts = [venue.short for venue in self.venues]
        folded = {ascii_fold(s): s for s in shorts}
        close = difflib.get_close_matches(ascii_fold(name), list(folded), n=3, cutoff=0.6)
        return [folded[c] for c in close]

    def recognise(self, *texts: str | None, year: int | None = None) -> Venue | None:
        """The venue a proceedings/journal/event title names: by name or alias, by a tag
        such as ``(OSDI 22)`` or ``{ICLR} 2023`` (its year must agree), or by a full name
        inside it. Every reader (BibTeX, CSL-JSON, RIS, Markdown) recognises venues here."""
        for text in texts:
            if not text:
                continue
            exact = self.get(text)
            if exact is not None:
                return exact
            for word, digits in _SHORT_TAG.findall(text):
                venue = self.get(word)
                if venue is not None and (year is None or int(digits) % 100 == year % 100):
                    return venue
            leading = re.match(r"\{?([A-Za-z]+)\}?(?:\s|\(|,|$)", text.strip())
            if leading and (venue := self.get(leading.group(1))) is not None:
                return venue  # DBLP's short crossref booktitles: "{ASPLOS} {(2)}"
            folded = ascii_fold(text)
            for venue in self.venues:
                names = [venue.name, *venue.aliases]
                if any(len(n) > 12 and ascii_fold(n) in folded for n in names):
                    return venue
        return None

    @classmethod
    def from_data(cls, data: object, file: str | None = None) -> VenueRegistry:
        """Build the registry from the parsed ``venues.yaml``; raises PlbibError."""
        if not isinstance(data, Mapping) or not isinstance(data.get("venues"), list):
            raise InvalidValueError(
                "a venue registry is a mapping with a 'venues' list", file=file,
                hint="start the file with 'venues:' followed by '- short: …' items",
            )
        venues = []
        seen: dict[str, str] = {}
        for index, item in enumerate(data["venues"]):
            venue = _venue_from_data(item, index, file)
            if ascii_fold(venue.short) in seen:
                raise InvalidValueError(
                    f"venue {venue.short!r} is declared twice", file=file, key=venue.short,
                    hint="keep one entry per venue and list other spellings under 'aliases'",
                )
            seen[ascii_fold(venue.short)] = venue.short
            venues.append(venue)
        return cls(tuple(venues))


def _venue_from_data(item: object, index: int, file: str | None) -> Venue:
    where = f"venue #{index + 1}"
    if not isinstance(item, Mapping):
        raise InvalidValueError(f"{where} is not a mapping", file=file)
    unknown = set(item) - _FIELDS
    if unknown:
        name = sorted(map(str, unknown))[0]
        close = difflib.get_close_matches(name, sorted(_FIELDS), n=1)
        raise UnknownFieldError(
            f"unknown venue field {name!r}", file=file, key=str(item.get("short", where)),
            field=name, hint=f"did you mean {close[0]!r}?" if close else
            f"known fields: {', '.join(sorted(_FIELDS))}",
        )
    for required in ("short", "name", "kind"):
        if not isinstance(item.get(required), str) or not item[required].strip():
            raise MissingFieldError(
                f"{where} needs a text '{required}'", file=file,
                key=str(item.get("short", where)), field=required,
            )
    short = item["short"]
    try:
        kind = VenueKind(item["kind"])
    except ValueError:
        raise InvalidValueError(
            f"unknown venue kind {item['kind']!r}", file=file, key=short, field="kind",
            hint=f"use one of: {', '.join(k.value for k in VenueKind)}",
        ) from None
    proceedings = item.get("proceedings") or {}
    if not isinstance(proceedings, Mapping) or not all(
        isinstance(y, int) and isinstance(t, str) for y, t in proceedings.items()
    ):
        raise InvalidValueError(
            "proceedings must map years to titles", file=file, key=short, field="proceedings",
            hint="write e.g. '2022: 16th USENIX Symposium on …'",
        )
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InvalidValueError("aliases must be a list of texts", file=file, key=short,
                                field="aliases")
    for optional in ("publisher", "tag"):
        if item.get(optional) is not None and not isinstance(item[optional], str):
            raise InvalidValueError(f"{optional} must be text", file=file, key=short,
                                    field=optional)
    return Venue(
        short=short, name=item["name"], kind=kind, publisher=item.get("publisher"),
        tag=item.get("tag"), aliases=tuple(aliases), proceedings=dict(proceedings),
    )


__all__ = ["PlbibError", "Venue", "VenueKind", "VenueRegistry"]
