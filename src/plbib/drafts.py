"""A paper as a reader read it, before the one validation (:mod:`plbib.validation`) makes
it a :class:`~plbib.model.Record`.

Every reader (canonical YAML, BibTeX, CSL-JSON, RIS, Markdown) yields drafts; the checks a
record must pass — known fields, valid values, required fields, venues, sections,
duplicates — are made once, on drafts, whatever the format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .model import MAPPED, EntryType, Name, Title, Verbatim


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value was read: its line, and the field's name in the source format
    (``booktitle``, ``T2``, ``container-title``)."""

    line: int | None = None
    field: str | None = None


class FieldOrigins(Protocol):
    """Where each field of a draft came from: ``get(field)``, None where unknown; the
    empty field name asks for the paper's own start. A dict of :class:`Origin`, or
    :class:`LazyOrigins`."""

    def get(self, field: str, /) -> Origin | None: ...


class LazyOrigins:
    """Origins found only when asked for — when a problem needs a line: finding every
    field's line up front would cost every read (BibTeX field lines, JSON item lines)."""

    __slots__ = ("_find",)

    def __init__(self, find: Callable[[str], Origin | None]) -> None:
        self._find = find

    def get(self, field: str, /) -> Origin | None:
        return self._find(field)


@dataclass(slots=True)
class RecordDraft:
    """Every field optional. The fields a reader makes model values of itself are typed:
    ``type``, ``title``, ``container_title``, ``volume_title``, ``authors`` and ``editors``
    (a BibTeX reader decodes LaTeX into a :class:`~plbib.model.Title`, splits names…).
    ``values`` maps the
    other canonical field names to values as the canonical YAML writes them (text, a
    number, a list), which the validation checks and converts (:mod:`plbib.values`); the
    canonical YAML's reader puts every field there.

    ``more_authors``: the author list is truncated ("and others"); ``unreadable``: fields
    the reader has reported as unreadable already (not reported again as missing);
    ``line``: where the paper starts; ``origins``: where a field's value came from, where
    the reader knows it; ``unread``: for a paper that is not a record at all (a YAML list
    item that is not a mapping), a short description of what was found instead;
    ``verbatim``: a field as the source format wrote it, asked for when the validation
    cannot interpret its value, which is then kept as written (with a warning) instead of
    refused (``pages = "xiv+557"``)."""

    values: dict[str, object] = field(default_factory=dict)
    type: EntryType | None = None
    title: Title | None = None
    container_title: Title | None = None
    volume_title: Title | None = None
    authors: tuple[Name, ...] | None = None
    editors: tuple[Name, ...] | None = None
    more_authors: bool = False
    unreadable: set[str] = field(default_factory=set)
    line: int | None = None
    origins: FieldOrigins = field(default_factory=dict[str, Origin])
    unread: str | None = None
    verbatim: Callable[[str], Verbatim | None] | None = None
    #: fields the reader reported with a warning (a value kept as written): the record
    #: stands, and they are not reported again as missing
    reported: set[str] = field(default_factory=set)
    #: the other name lists the reader made names of (translators), by field
    names: dict[str, tuple[Name, ...]] = field(default_factory=dict)
    #: fields whose value the paper inherits (BibTeX's crossref) rather than has
    inherited: frozenset[str] = frozenset()
    #: fields the reader keeps as written whatever the validation finds (a BibTeX field no
    #: writer writes, DBLP's ``timestamp``): the record has them from the start
    extra: tuple[Verbatim, ...] | None = None

    @classmethod
    def of_reader(cls, data: dict[str, Any], **others: Any) -> RecordDraft:
        """The draft of a format reader's fields: the type, titles and names it made model
        values of go to the typed fields (a type it could not name stays a value, for the
        validation to report), the rest, present ones only, to ``values``."""
        kind = data.pop("type", None)
        if kind is not None and not isinstance(kind, EntryType):
            data["type"] = kind
        title, container = data.pop("title", None), data.pop("container_title", None)
        volume, extra = data.pop("volume_title", None), data.pop("extra", None)
        authors, editors = data.pop("authors", None), data.pop("editors", None)
        names = {name: tuple(data.pop(name)) for name in _OTHER_NAME_LISTS
                 if data.get(name)}
        return cls(values={k: v for k, v in data.items() if v is not None and v != []},
                   type=kind if isinstance(kind, EntryType) else None, title=title,
                   container_title=container, volume_title=volume,
                   extra=tuple(extra) if extra else None,
                   authors=tuple(authors) if authors else None,
                   editors=tuple(editors) if editors else None, names=names, **others)

    def line_of(self, field: str | None) -> int | None:
        """The line a field's value (or, with None, the paper) came from, where known."""
        origin = self.origins.get(field or "")
        return origin.line if origin is not None and origin.line is not None else self.line

    def typed(self) -> dict[str, object]:
        """The typed fields the reader set, by name."""
        typed = {name: value for name in TYPED if (value := getattr(self, name)) is not None}
        return {**typed, **self.names} if self.names else typed


#: the fields a reader may give as model values (:class:`RecordDraft`)
TYPED = ("type", "title", "container_title", "volume_title", "authors", "editors", "extra")
#: the other name lists (a reader gives them as :class:`Name` lists, in ``names``)
_OTHER_NAME_LISTS = tuple(name for name, meta in MAPPED.items() if meta["kind"] == "names")


__all__ = ["TYPED", "FieldOrigins", "LazyOrigins", "Origin", "RecordDraft"]
