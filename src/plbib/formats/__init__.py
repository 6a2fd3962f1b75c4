"""The formats plbib reads and writes, each a module at the edge of the canonical model.

A format module converts only between its text and :class:`~plbib.model.Record` values,
never to another format. This registry maps a format's name and file extensions to it.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FormatError, PlbibError, Severity, SyntaxProblem
from ..model import VERBATIM_FORMATS, EntryType, PaperList, Record, Title, Verbatim
from ..venues import Venue, VenueRegistry


@dataclass(frozen=True)
class Format:
    """A format's name, module and file extensions. Its ``read`` and ``write`` take the
    module function's keyword options and no others: an option the format does not have
    is a :class:`FormatError` naming the ones it has, never silently ignored."""

    name: str
    module: str
    extensions: tuple[str, ...]
    #: the formats whose verbatim fields (:class:`~plbib.model.Verbatim`) this one writes
    #: back; None for a listing that shows a few fields of each record by design (Markdown)
    keeps: tuple[str, ...] | None = ()

    def unwritten(self, records: Sequence[Record]) -> list[PlbibError]:
        """One warning per record that keeps fields as another format wrote them, which
        this format has no place for (docs/formats.md), and one for a BibTeX file's
        ``@preamble`` and comments: never a silent drop."""
        if self.keeps is None:
            return []
        own = getattr(self._load(), "unwritten", None)  # the format's own losses
        out: list[PlbibError] = list(own(records)) if own is not None else []
        whole = [what for what, texts in (
            ("@preamble", getattr(records, "preamble", ())),
            ("text outside entries (@comment blocks, free text)",
             getattr(records, "comments", ()))) if texts]
        if whole and "bibtex" not in self.keeps:
            out.append(PlbibError(
                f"{self.name} has no place for the BibTeX file's " + " and ".join(whole),
                severity=Severity.WARNING,
                hint="they stay in the canonical YAML and in BibTeX"))
        for record in records:
            lost = [f"{v.format} {v.name}" for v in record.extra if v.format not in self.keeps]
            if lost:
                out.append(PlbibError(
                    f"{self.name} has no place for the fields kept as written: "
                    + ", ".join(lost), key=record.key, severity=Severity.WARNING,
                    hint="they stay in the canonical YAML and in their own format"))
        return out

    def _load(self) -> Any:
        return importlib.import_module(f"plbib.formats.{self.module}")

    @property
    def read(self) -> Callable[..., PaperList]:
        return self._checked(self._load().read, "reader")

    @property
    def write(self) -> Callable[..., str]:
        return self._checked(self._load().write, "writer")

    def read_options(self) -> frozenset[str]:
        """The options this format's reader takes (besides the text)."""
        return options_of(self._load().read)

    def write_options(self) -> frozenset[str]:
        """The options this format's writer takes (besides the records)."""
        return options_of(self._load().write)

    def _checked(self, function: Callable[..., Any], kind: str) -> Callable[..., Any]:
        accepted = options_of(function)

        def call(subject: Any, /, **options: Any) -> Any:
            unknown = sorted(set(options) - accepted)
            if unknown:
                raise FormatError(
                    f"the {self.name} {kind} has no option {unknown[0]!r}",
                    hint=f"its options: {', '.join(sorted(accepted)) or 'none'}")
            if kind == "writer":
                return function(subject, **options)
            return _read_safely(function, subject, options)

        return call


def _read_safely(read: Callable[..., PaperList], text: str, options: dict[str, Any]
                 ) -> PaperList:
    """``read(text, **options)``, hostile text a clear error in every format: a NUL byte
    (a binary or damaged file; no text format holds one), or nesting so deep that a parser
    runs out of stack."""
    file = options.get("file")
    nul = text.find("\x00")
    if nul >= 0:
        raise SyntaxProblem("the text holds a NUL byte", file=file,
                            line=text.count("\n", 0, nul) + 1,
                            hint="the file is binary or damaged: save it as UTF-8 text")
    try:
        return read(text, **options)
    except RecursionError:
        raise SyntaxProblem("the text is nested too deeply to read", file=file,
                            hint="no bibliography nests this deep: check the brackets and "
                                 "braces") from None


def options_of(function: Callable[..., Any]) -> frozenset[str]:
    """A reader's or writer's public keyword options."""
    return frozenset(name for name, parameter in inspect.signature(function).parameters.items()
                     if parameter.kind is inspect.Parameter.KEYWORD_ONLY
                     and not name.startswith("_"))


def kept_in_order(record: Record, found: Iterable[Verbatim], order: Iterable[str]) -> Record:
    """The record with the verbatim values a reader found (what its format's writer would
    not give back as the file had it) beside those the validation kept, in the order the
    writer puts them (``order``: the writer's names; the others after, in their own order),
    so that a written file reads back the same. A name the reader found replaces the
    validation's: the reader has every value of it (three ``SN`` tags, where the validation
    kept the first, which it could not read as an ISBN)."""
    found = list(found)
    names = {(v.format, v.name) for v in found}
    kept = [*(v for v in record.extra if (v.format, v.name) not in names), *found]
    place = {name: index for index, name in enumerate(dict.fromkeys(order))}
    kept.sort(key=lambda v: place.get(v.name, len(place)))
    return record.replace(extra=tuple(kept)) if tuple(kept) != record.extra else record


#: the kinds whose container every writer names from the venue when a record names none
_VENUE_CONTAINED = frozenset({EntryType.CONFERENCE_PAPER, EntryType.JOURNAL_ARTICLE,
                              EntryType.BOOK_CHAPTER})


def implied_container(kind: object, venue: Venue | None, year: int | None) -> Title | None:
    """The container a record of ``kind`` at ``venue`` is written with when it names
    none (the venue's proceedings title that year, else its name: every writer's
    :meth:`Venue.container_title`), for a reader to read an entry without one as its own
    written form reads back."""
    if venue is None or kind not in _VENUE_CONTAINED:
        return None
    return Title.plain(venue.container_title(year))


def each_record(papers: PaperList, change: Callable[[Record], Record]) -> PaperList:
    """The list with each record changed (its sections, venues and warnings kept)."""
    return dataclasses.replace(papers, records=tuple(change(r) for r in papers))


def venue_registry(records: Sequence[Record], venues: VenueRegistry | None) -> VenueRegistry:
    """The registry a writer names venues from: the one given, else the one a
    :class:`PaperList` carries. A writer reads no file to find one (the public API passes
    the bundled registry, :func:`plbib.load_venues`, where the caller gave none)."""
    registry = venues if venues is not None else getattr(records, "venues", None)
    if registry is None:
        raise FormatError("no venue registry to write the records' venues from",
                          hint="pass venues=plbib.load_venues() (the bundled registry), or "
                               "write a PaperList, which carries its own")
    return registry


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("yaml", "yaml", (".yaml", ".yml"), VERBATIM_FORMATS),
        Format("bibtex", "bibtex", (".bib", ".bibtex"), ("bibtex",)),
        Format("biblatex", "biblatex", (), ("bibtex",)),
        Format("csljson", "csljson", (".json",), ("csljson",)),
        Format("cslyaml", "cslyaml", (), ("csljson",)),
        Format("ris", "ris", (".ris",), ("ris",)),
        Format("markdown", "markdown", (".md", ".markdown"), None),
    )
}


def get(name: str) -> Format:
    """The format with this name; :class:`FormatError` suggests the known ones."""
    fmt = FORMATS.get(name.lower())
    if fmt is None:
        raise FormatError(
            f"unknown format {name!r}", hint=f"known formats: {', '.join(sorted(FORMATS))}"
        )
    return fmt


def from_path(path: str | os.PathLike[str], given: str | None = None) -> Format:
    """The format named by ``given``, else the one the file's extension says."""
    if given:
        return get(given)
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    raise FormatError(
        f"cannot tell the format of {str(path)!r} from its extension",
        hint="name it with --from/--to (known: " + ", ".join(sorted(FORMATS)) + ")",
    )


def names() -> Sequence[str]:
    return sorted(FORMATS)


__all__ = ["FORMATS", "Format", "Record", "each_record", "from_path", "get",
           "implied_container", "kept_in_order", "names", "options_of", "venue_registry"]
