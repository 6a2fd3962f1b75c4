"""A paper as a reader read it, before the one validation (:mod:`plbib.validation`) makes
it a :class:`~plbib.model.Record`.

Every reader (canonical YAML, BibTeX, CSL-JSON, RIS, Markdown) yields drafts; the checks a
record must pass — known fields, valid values, required fields, venues, sections,
duplicates — are made once, on drafts, whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value was read: its line, and the field's name in the source format
    (``booktitle``, ``T2``, ``container-title``)."""

    line: int | None = None
    field: str | None = None


@dataclass(slots=True)
class RecordDraft:
    """Every field optional. ``values`` maps canonical field names to what the reader read:
    a model value where the reader made one (a :class:`~plbib.model.Title`, names), else
    the value as the canonical YAML writes it (text, a number, a list), which the
    validation checks and converts (:mod:`plbib.values`).

    ``more_authors``: the author list is truncated ("and others"); ``unreadable``: fields
    the reader has reported as unreadable already (not reported again as missing);
    ``line``: where the paper starts; ``origins``: where a field's value came from, where
    the reader knows it; ``unread``: for a paper that is not a record at all (a YAML list
    item that is not a mapping), a short description of what was found instead."""

    values: dict[str, object] = field(default_factory=dict)
    more_authors: bool = False
    unreadable: set[str] = field(default_factory=set)
    line: int | None = None
    origins: dict[str, Origin] = field(default_factory=dict)
    unread: str | None = None

    def get(self, name: str) -> object:
        return self.values.get(name)


__all__ = ["Origin", "RecordDraft"]
