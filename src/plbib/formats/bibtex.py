"""BibTeX and BibLaTeX, both ways.

Writing follows what bibtex/biber and importers (Zotero, pandoc, citation-js) expect; the
choices are listed in docs/bibtex.md. Reading uses bibtexparser 2 as the syntax layer only
(blocks, fields, line numbers); value expressions (``@string`` macros, ``#``, month macros),
LaTeX decoding, name splitting, case protection, crossref and venue recognition are done
here, and the result goes through the same validation as the canonical YAML.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from .. import latex, validation
from ..errors import (
    DuplicateError,
    InvalidValueError,
    PlbibError,
    Severity,
    SyntaxProblem,
    UnknownFieldError,
)
from ..folding import ascii_fold
from ..identifiers import MONTH_ABBREVIATIONS, bare_doi, is_doi_link
from ..model import EntryType, Name, PaperList, Record, Title
from ..venues import Venue, VenueKind, VenueRegistry
from ..yamlsource import gc_paused
from . import venue_registry

MONTH_MACROS = MONTH_ABBREVIATIONS
#: bibtexparser logs each block it cannot split; plbib reports those itself (with line and
#: key), so they must not also reach stderr through logging's last-resort handler. Added
#: once, here: added per read, the handlers piled up (one more for every file read).
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_MONTH_NUMBERS = {macro: number for number, macro in enumerate(MONTH_MACROS, start=1)}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

#: DBLP's housekeeping fields, dropped without a warning when asked (``drop_dblp``).
DBLP_FIELDS = frozenset({"timestamp", "biburl", "bibsource"})

# =========================================================================== writing

_BIBTEX_TYPES = {
    EntryType.CONFERENCE_PAPER: "inproceedings", EntryType.JOURNAL_ARTICLE: "article",
    EntryType.PREPRINT: "misc", EntryType.BOOK: "book", EntryType.BOOK_CHAPTER: "incollection",
    EntryType.THESIS: "phdthesis", EntryType.REPORT: "techreport", EntryType.MISC: "misc",
}
_BIBLATEX_TYPES = {**_BIBTEX_TYPES, EntryType.THESIS: "thesis", EntryType.REPORT: "report"}


def _name_part(text: str, ascii_only: bool) -> str:
    encoded = latex.encode(text, ascii_only)
    # a comma or a lone "and" inside a part would split the name list: brace the part
    if "," in text or re.search(r"(?i)(^|\s)and(\s|$)", text):
        return "{" + encoded + "}"
    return encoded


def _needs_braces(family: str) -> bool:
    """Would BibTeX misread this family name in ``Family, Given`` form?  A lowercase first
    letter makes words into the "von" part; a comma or a lone "and" splits the name."""
    first = next((c for c in family if c.isalpha()), "")
    words = family.split()
    # a leading word that does not start with a letter ("© 0", "©A 0") has no clear case:
    # BibTeX may take it for "von"
    caseless_lead = len(words) > 1 and not words[0][:1].isalpha()
    return first.islower() or caseless_lead or "," in family or bool(
        re.search(r"(?i)(^|\s)and(\s|$)", family))


def format_name(name: Name, ascii_only: bool = True) -> str:
    """A name in BibTeX's ``von Last, Jr, First`` syntax; organisations braced."""
    if name.literal:
        return "{" + latex.encode(name.literal, ascii_only) + "}"
    family = latex.encode(name.family, ascii_only)
    if _needs_braces(name.family):
        family = "{" + family + "}"
    if name.particle:
        family = _name_part(name.particle, ascii_only) + " " + family
    if name.suffix:
        return f"{family}, {_name_part(name.suffix, ascii_only)}, " \
            f"{_name_part(name.given, ascii_only)}".rstrip()
    if name.given:
        return f"{family}, {_name_part(name.given, ascii_only)}"
    return family + ","


def format_names(names: Sequence[Name], more: bool, ascii_only: bool) -> str:
    out = [format_name(n, ascii_only) for n in names]
    if more:
        out.append("others")
    return " and ".join(out)


@dataclass(frozen=True)
class WriteOptions:
    biblatex: bool = False
    #: braced LaTeX accents (pdflatex, IEEEtran) rather than raw UTF-8 (biber, xelatex)
    ascii_only: bool = True


def _venue(record: Record, registry: VenueRegistry) -> Venue | None:
    return registry.get(record.venue) if record.venue else None


def _container(record: Record, venue: Venue | None, options: WriteOptions) -> str | None:
    if record.container_title:
        return latex.encode_title(record.container_title, options.ascii_only)
    if venue is not None:
        text = venue.proceedings.get(record.year or 0) or venue.name
        return latex.encode(text, options.ascii_only)
    return None


def _fields(record: Record, options: WriteOptions, registry: VenueRegistry
            ) -> list[tuple[str, str, bool]]:
    """(name, value, braced) in the order written; values already in BibTeX syntax."""
    enc = options.ascii_only
    venue = _venue(record, registry)
    kind = record.type
    out: list[tuple[str, str, bool]] = []

    def add(name: str, value: str | None, braced: bool = True) -> None:
        if value:
            out.append((name, value, braced))

    if record.authors or record.more_authors:
        add("author", format_names(record.authors, record.more_authors, enc))
    if record.editors:
        add("editor", format_names(record.editors, False, enc))
    add("title", latex.encode_title(record.title, enc))
    container = _container(record, venue, options)
    if kind in (EntryType.CONFERENCE_PAPER, EntryType.BOOK_CHAPTER):
        add("booktitle", container)
    elif record.container_title or kind is EntryType.JOURNAL_ARTICLE:
        add("journaltitle" if options.biblatex else "journal", container)
    if venue is not None and venue.kind in (VenueKind.CONFERENCE, VenueKind.WORKSHOP):
        add("eventtitle", latex.encode(venue.name, enc))
    elif venue is not None and venue.kind is VenueKind.JOURNAL:
        add("shortjournal", latex.encode(venue.short, enc))
    if record.event_place:
        add("venue", latex.encode(record.event_place, enc))
    add("volume", latex.encode(record.volume, enc) if record.volume else None)
    if kind is EntryType.REPORT:
        add("number", latex.encode(record.number, enc) if record.number else None)
        if record.issue:
            add("issue", latex.encode(record.issue, enc))
    else:
        if record.issue:
            add("number", latex.encode(record.issue, enc))
        if record.number:
            add("eid" if options.biblatex else "articleno", latex.encode(record.number, enc))
    if record.pages:
        add("pages", latex.encode(record.pages.format("--"), enc).replace("-{}-", "--"))
    if record.publisher:
        publisher_field = {EntryType.THESIS: "school", EntryType.REPORT: "institution"}.get(
            kind, "publisher")
        add(publisher_field, latex.encode(record.publisher, enc))
    _add_date(add, record, options)
    add("isbn", record.isbn)
    add("doi", record.doi)
    add("url", _verbatim(record.url))
    if record.arxiv:
        add("eprint", record.arxiv)
        add("eprinttype", "arxiv")
        if not options.biblatex:
            add("archiveprefix", "arXiv")
            if kind is EntryType.PREPRINT:
                add("howpublished", f"arXiv:{record.arxiv}")
    add("note", latex.encode(record.note, enc) if record.note else None)
    add("keywords", latex.encode(record.section, enc) if record.section else None)
    # plbib's own fields: no style prints them, and bibtex, biber and importers skip them
    add("affiliation", latex.encode(record.affiliation, enc) if record.affiliation else None)
    add("code", _verbatim(record.code))
    add("link", _verbatim(record.link))
    if record.aliases:
        add("aliases", "".join("{" + latex.encode(a, enc) + "}" for a in record.aliases))
    return out


def _verbatim(url: str | None) -> str | None:
    """URLs are written as they are, but a brace would unbalance the entry."""
    return url.replace("{", "%7B").replace("}", "%7D") if url else None


def _add_date(add: Any, record: Record, options: WriteOptions) -> None:
    if record.year is None:
        return
    if options.biblatex:
        month = f"-{record.month:02d}" if record.month else ""
        add("date", f"{record.year}{month}")
    else:
        add("year", str(record.year))
        if record.month:
            add("month", MONTH_MACROS[record.month - 1], False)


def write_entry(record: Record, options: WriteOptions, registry: VenueRegistry) -> str:
    types = _BIBLATEX_TYPES if options.biblatex else _BIBTEX_TYPES
    fields = _fields(record, options, registry)
    width = max(len(name) for name, _, _ in fields)
    lines = [f"@{types[record.type]}{{{record.key},"]
    for name, value, braced in fields:
        lines.append(f"  {name.ljust(width)} = {'{' + value + '}' if braced else value},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write(records: Sequence[Record], *, biblatex: bool = False, ascii_only: bool = True,
          venues: VenueRegistry | None = None) -> str:
    """The records as a .bib file; deterministic (same records, same bytes). Venues are
    named from ``venues``, else from the registry the PaperList carries."""
    options = WriteOptions(biblatex=biblatex, ascii_only=ascii_only)
    registry = venue_registry(records, venues)
    header = "% Written by plbib; the canonical data is YAML (see docs/format.md).\n"
    if not ascii_only:
        header += "% Encoding: UTF-8\n"
    return header + "".join("\n" + write_entry(r, options, registry) for r in records)


# =========================================================================== reading

_TYPES_IN = {
    "inproceedings": EntryType.CONFERENCE_PAPER, "conference": EntryType.CONFERENCE_PAPER,
    "article": EntryType.JOURNAL_ARTICLE, "book": EntryType.BOOK, "mvbook": EntryType.BOOK,
    "proceedings": EntryType.BOOK, "collection": EntryType.BOOK,
    "incollection": EntryType.BOOK_CHAPTER, "inbook": EntryType.BOOK_CHAPTER,
    "phdthesis": EntryType.THESIS, "mastersthesis": EntryType.THESIS,
    "thesis": EntryType.THESIS, "techreport": EntryType.REPORT, "report": EntryType.REPORT,
    "misc": EntryType.MISC, "online": EntryType.MISC, "electronic": EntryType.MISC,
    "www": EntryType.MISC, "unpublished": EntryType.MISC, "manual": EntryType.MISC,
    "booklet": EntryType.MISC,
}

#: fields the reader maps (or deliberately reads for another field)
_KNOWN = frozenset({
    "author", "editor", "title", "booktitle", "journal", "journaltitle", "eventtitle", "venue",
    "location", "volume", "number", "issue", "articleno", "eid", "pages", "publisher",
    "school", "institution", "organization", "year", "month", "date", "isbn", "doi", "url",
    "eprint", "eprinttype", "archiveprefix", "howpublished",
    "note", "keywords", "affiliation", "code", "link", "aliases", "crossref", "shortjournal",
})

_ORGANISATION_WORDS = frozenset({
    "inc", "ltd", "corp", "corporation", "company", "team", "group", "lab", "labs",
    "laboratory", "university", "institute", "institution", "association", "foundation",
    "committee", "consortium", "collaboration", "project", "organization", "organisation",
    "society", "council", "workshop", "initiative", "deepmind", "openai", "research",
    "center", "centre", "agency", "ministry", "department",
})


#: crossref fields that describe the proceedings, not the paper citing them
_NOT_INHERITED = frozenset({"title", "crossref", "author", "doi", "url", "eprint",
                            "eprinttype", "archiveprefix", "pages", "note", "keywords",
                            "timestamp", "biburl", "bibsource"})
#: BibTeX field -> the canonical field it feeds
_CANONICAL = {"author": "authors", "editor": "editors", "booktitle": "container_title",
              "journal": "container_title", "journaltitle": "container_title",
              "date": "year", "school": "publisher", "institution": "publisher",
              "eprint": "arxiv"}
_KEYWORD_SEPARATOR = re.compile(r"[,;]")
_SCHOLAR_ARXIV = re.compile(r"(?i)^arxiv preprint arxiv:\s*(\S+)$")


#: canonical field -> the BibTeX fields it may have been read from, in order of preference
_ORIGINS = {
    "authors": ("author",), "editors": ("editor",), "year": ("year", "date"),
    "month": ("month", "date"), "container_title": ("booktitle", "journaltitle", "journal"),
    "venue": ("eventtitle", "shortjournal", "booktitle", "journaltitle", "journal"),
    "issue": ("issue", "number"), "number": ("articleno", "eid", "number"),
    "publisher": ("publisher", "school", "institution", "organization"),
    "event_place": ("venue", "location"), "arxiv": ("eprint",), "section": ("keywords",),
}


class _Expression:
    """Evaluates BibTeX value expressions: ``{…}``, ``"…"``, numbers, macros, ``#``."""

    def __init__(self) -> None:
        self.macros: dict[str, str] = {
            m: f"{{{MONTH_NAMES[i]}}}" for i, m in enumerate(MONTH_MACROS)}

    def value(self, raw: str) -> str:
        """The value's body (braces of the outer delimiters removed); KeyError on an
        undefined macro, ValueError on malformed text."""
        if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
            return raw[1:-1]  # the common case: one braced value
        parts = []
        for piece in _split_concatenation(raw):
            braced = piece.startswith("{") and piece.endswith("}")
            quoted = piece.startswith('"') and piece.endswith('"') and len(piece) >= 2
            if braced or quoted:
                parts.append(piece[1:-1])
            elif piece.isdigit():
                parts.append(piece)
            elif _MACRO_NAME.fullmatch(piece):
                body = self.macros[piece.lower()]
                parts.append(self.value(body))
            else:
                raise ValueError(f"cannot read the value {piece!r}")
        return "".join(parts)


_MACRO_NAME = re.compile(r"[^\s\"#%'(),={}]+")


def _split_concatenation(raw: str) -> list[str]:
    if "#" not in raw:
        return [raw.strip()]
    pieces, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i].strip())
            start = i + 1
    pieces.append(raw[start:].strip())
    return pieces


def parse_names(raw: str) -> tuple[tuple[Name, ...], bool, tuple[str, ...]]:
    """(names, "and others", warnings) from a BibTeX name list."""
    names: list[Name] = []
    warnings: list[str] = []
    more = False
    for part in _split_names(raw):
        if len(part) == 6 and part.lower() == "others":
            more = True
            continue
        name, warning = _parse_name(part)
        names.append(name)
        if warning:
            warnings.append(warning)
    return tuple(names), more, tuple(warnings)


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_SPACE_OR_TIE = re.compile(r"[\s~]+")
_COMMA = re.compile(r",")


def _split_top_level(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split at separators outside braces (BibTeX counts braces, ignoring backslashes)."""
    parts = separator.split(text)
    if "{" not in text and "}" not in text:
        return parts
    # When every part is balanced, the depth at every separator is 0: the common case,
    # checked with C-speed counts instead of walking the braces (a loop: this runs for
    # every name list and name, and all() over a generator is slower).
    for part in parts:
        if part.count("{") != part.count("}"):
            break
    else:
        return parts
    parts, start, checked, depth = [], 0, 0, 0
    for match in separator.finditer(text):
        depth += text.count("{", checked, match.start()) - text.count("}", checked,
                                                                      match.start())
        checked = match.start()
        if depth == 0:
            parts.append(text[start:match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def _split_names(raw: str) -> list[str]:
    # the separator takes the white space around "and" with it: the parts need no strip
    return [part for part in _split_top_level(raw.strip(), _AND) if part]


def _words(text: str) -> list[str]:
    """Split at top-level whitespace (and at top-level '~'), keeping brace groups whole."""
    return [w for w in _split_top_level(text, _SPACE_OR_TIE) if w]


def _is_lower(word: str) -> bool:
    """BibTeX's von test: the first letter at brace level 0 (or of a special char) is
    lowercase."""
    depth = 0
    i = 0
    while i < len(word):
        char = word[i]
        if char == "{":
            depth += 1
            if depth == 1 and word[i + 1:i + 2] == "\\":  # special character: look inside
                decoded = latex.decode(word[i:])
                return decoded[:1].islower()
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isalpha():
            return char.islower()
        i += 1
    return False


def _split_commas(text: str) -> list[str]:
    return [part.strip() for part in _split_top_level(text, _COMMA)]


@lru_cache(maxsize=131072)
def _parse_name(raw: str) -> tuple[Name, str | None]:
    text = raw.strip()
    if text.startswith("{") and _group_end(text) == len(text) - 1:
        return Name(literal=latex.decode(text[1:-1])), None
    parts = _split_commas(text)
    if len(parts) == 1:
        words = _words(parts[0])
        lowered = [ascii_fold(w) for w in words]
        if len(words) > 1 and any(w in _ORGANISATION_WORDS for w in lowered):
            return Name(literal=latex.decode(parts[0])), (
                f"{latex.decode(parts[0])!r} looks like an organisation; it is read as one, "
                "but brace it ({…}) so that BibTeX does too")
        # First von Last: von starts at the first lowercase word that is not the last word
        von_start = next((i for i, w in enumerate(words[:-1]) if _is_lower(w)), None)
        if von_start is None:
            given, particle, family = words[:-1], [], words[-1:]
        else:
            von_end = max(i for i, w in enumerate(words[:-1]) if _is_lower(w))
            given, particle, family = words[:von_start], words[von_start:von_end + 1], \
                words[von_end + 1:]
        suffix = ""
    else:
        head = _words(parts[0])
        split = 0
        while split < len(head) - 1 and _is_lower(head[split]):
            split += 1
        particle, family = head[:split], head[split:]
        given = _words(parts[-1])
        suffix = latex.decode(parts[1]) if len(parts) >= 3 else ""
    family_text = latex.decode(" ".join(family))
    if not family_text:
        return Name(literal=latex.decode(text)), None
    return Name(family=family_text, given=latex.decode(" ".join(given)),
                particle=latex.decode(" ".join(particle)), suffix=suffix), None


def _group_end(text: str) -> int:
    depth = 0
    for i, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s/?#]+?)(?:\.pdf)?$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")
_YEAR = re.compile(r"\{?(\d{4})\}?")
class _EntryContext:
    """One entry being read: its evaluated values, where its problems go, and the lines of
    its fields (worked out only when a problem needs one)."""

    __slots__ = ("entry", "problems", "values")

    def __init__(self, entry: Entry, values: Mapping[str, str],
                 problems: list[PlbibError]) -> None:
        self.entry = entry
        self.values = values
        self.problems = problems

    def line(self, canonical: str | None) -> int:
        return _field_line(self.entry, canonical)

    def warn(self, message: str, name: str | None = None, hint: str | None = None) -> None:
        self.problems.append(PlbibError(message, key=self.entry.key, field=name, hint=hint,
                                        line=self.line(name),
                                        severity=Severity.WARNING))

    def _undecodable(self, name: str, exc: latex.LatexError) -> None:
        self.problems.append(InvalidValueError(str(exc), key=self.entry.key, field=name,
                                               line=self.line(name)))

    # text() and title() each look the value up and decode it inline: text() runs ~17
    # times per entry, so a shared helper taking the decoder costs a call each time.
    def text(self, name: str) -> str | None:
        """A field as plain Unicode (None when absent, empty or undecodable)."""
        raw = self.values.get(name)
        if raw is None:
            return None
        try:
            return latex.decode(raw) or None
        except latex.LatexError as exc:
            self._undecodable(name, exc)
            return None

    def title(self, name: str, repeated: bool = False) -> Title | None:
        """A field as a title with its protected spans (``repeated``: a value the list
        repeats, such as a proceedings title, decoded once)."""
        raw = self.values.get(name)
        if raw is None:
            return None
        try:
            return (latex.decode_repeated_title if repeated else latex.decode_title)(raw) \
                or None
        except latex.LatexError as exc:
            self._undecodable(name, exc)
            return None


class _EntryReader:
    """Turns one bibtexparser entry into canonical data (a mapping like the YAML's)."""

    def __init__(self, expression: _Expression, registry: VenueRegistry,
                 crossrefs: Mapping[str, Mapping[str, str]], drop: frozenset[str]) -> None:
        self.expression = expression
        self.registry = registry
        self.crossrefs = crossrefs
        #: fields read, or dropped on request: the rest is reported as not kept
        self.kept = _KNOWN | drop | {"series"}
        self._venues: dict[tuple[object, ...], Venue | None] = {}

    def venue(self, *texts: str | None, year: int | None) -> Venue | None:
        """:meth:`VenueRegistry.recognise`, remembered: a list names the same venues again and
        again."""
        key = (*texts, year)
        if key not in self._venues:
            self._venues[key] = self.registry.recognise(*texts, year=year)
        return self._venues[key]

    def values(self, entry: Entry, problems: list[PlbibError]) -> Mapping[str, str]:
        out: dict[str, str] = {}
        evaluate = self.expression.value
        for f in entry.fields:
            name = f.key.lower()
            raw = f.value
            if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
                out[name] = raw[1:-1]  # the common case, without a call
                continue
            try:
                out[name] = evaluate(raw)
            except KeyError as missing:
                problems.append(InvalidValueError(
                    f"the macro {missing.args[0]!r} is not defined", key=entry.key, field=name,
                    line=_line(f.start_line),
                    hint="define it with @string{name = {…}} or brace the value"))
            except ValueError as exc:
                problems.append(InvalidValueError(str(exc), key=entry.key, field=name,
                                                  line=_line(f.start_line)))
        parent = self.crossrefs.get(out["crossref"].strip().lower()) \
            if "crossref" in out else None
        if parent is not None:
            for name, value in parent.items():
                if name == "title" and "booktitle" not in out:
                    out["booktitle"] = value
                elif name not in out and name not in _NOT_INHERITED:
                    out[name] = value
        return out

    def read(self, entry: Entry, problems: list[PlbibError]) -> dict[str, Any]:
        """The entry as canonical data (absent values left out)."""
        before = len(problems)
        ctx = _EntryContext(entry, self.values(entry, problems), problems)
        arxiv = self._arxiv(ctx.values)
        entry_type = self._entry_type(entry.entry_type.lower(), ctx.values, arxiv)
        data: dict[str, Any] = {"key": entry.key, "type": entry_type,
                                "title": ctx.title("title"), "arxiv": arxiv}
        self._names(ctx, data)
        data["year"], data["month"] = self._date(ctx, entry.key, problems)
        if isinstance(entry_type, EntryType):
            self._container_and_venue(ctx, data, entry_type, arxiv)
            self._numbering(ctx, data, entry_type)
        self._identifiers(ctx, data)
        self._own_fields(ctx, data)
        self._report_unkept(ctx, data, arxiv)
        result: dict[Any, Any] = {k: v for k, v in data.items() if v is not None}
        unreadable = {p.field for p in problems[before:]
                      if p.field and p.severity is Severity.ERROR}
        if unreadable:  # reported already: not again as missing
            result[validation.FAILED_FIELDS] = {_CANONICAL.get(f, f) for f in unreadable}
        return result

    @staticmethod
    def _entry_type(kind: str, values: Mapping[str, str], arxiv: str | None
                    ) -> EntryType | str:
        entry_type = _TYPES_IN.get(kind)
        if entry_type in (EntryType.MISC, EntryType.JOURNAL_ARTICLE) and arxiv and (
            entry_type is EntryType.MISC or _is_arxiv_journal(values.get("journal", ""))
            or (not values.get("journal") and not values.get("journaltitle"))
        ):
            return EntryType.PREPRINT
        return entry_type if entry_type is not None else kind

    @staticmethod
    def _names(ctx: _EntryContext, data: dict[str, Any]) -> None:
        for role in ("author", "editor"):
            if role in ctx.values:
                names, more, name_warnings = parse_names(ctx.values[role])
                data[role + "s"] = [*names, "others"] if more else list(names)
                for text in name_warnings:
                    ctx.warn(text, role)

    def _container_and_venue(self, ctx: _EntryContext, data: dict[str, Any],
                             entry_type: EntryType, arxiv: str | None) -> None:
        values = ctx.values
        container = next((f for f in ("booktitle", "journaltitle", "journal") if f in values),
                         None)
        if container is not None and not (
                entry_type is EntryType.PREPRINT and _is_arxiv_journal(values[container])):
            data["container_title"] = ctx.title(container, repeated=True)
        venue = self.venue(ctx.text("eventtitle"), ctx.text("shortjournal"),
                           ctx.text(container) if container else None, values.get("series"),
                           year=data["year"])
        if entry_type is EntryType.PREPRINT and arxiv:
            venue = venue or self.registry.get("arXiv")
        if venue is not None:
            data["venue"] = venue.short
        elif entry_type in (EntryType.CONFERENCE_PAPER, EntryType.JOURNAL_ARTICLE) and (
                container or "eventtitle" in values):
            ctx.warn("the venue is not in the registry; the proceedings or journal title is "
                     "kept as written", container or "eventtitle",
                     "add the venue to venues.yaml to have it recognised")

    @staticmethod
    def _numbering(ctx: _EntryContext, data: dict[str, Any], entry_type: EntryType) -> None:
        text = ctx.text
        data["volume"] = text("volume")
        if entry_type is EntryType.REPORT:
            data["number"], data["issue"] = text("number"), text("issue")
        else:
            data["issue"] = text("issue") or text("number")
            data["number"] = text("articleno") or text("eid")
        data["pages"] = text("pages")
        publisher = next((name for name in ("publisher", "school", "institution",
                                            "organization") if ctx.values.get(name)), None)
        data["publisher"] = text(publisher) if publisher else None
        data["event_place"] = text("venue") or text("location")

    def _identifiers(self, ctx: _EntryContext, data: dict[str, Any]) -> None:
        data["isbn"] = ctx.text("isbn")
        doi = data["doi"] = self._doi(ctx.values.get("doi"))
        url = ctx.values.get("url", "").strip() or None
        if url and doi and is_doi_link(url, doi):
            url = None  # the DOI's resolver link says nothing the DOI does not
        data["url"] = url

    @staticmethod
    def _own_fields(ctx: _EntryContext, data: dict[str, Any]) -> None:
        """The standard note and keywords, and plbib's own fields (docs/bibtex.md)."""
        values = ctx.values
        data["note"] = ctx.text("note")
        keywords = ctx.text("keywords")
        if keywords and not _KEYWORD_SEPARATOR.search(keywords):
            data["section"] = keywords
        elif keywords:
            ctx.warn("several keywords are not kept (plbib files a paper under one section)",
                     "keywords")
        data["affiliation"] = ctx.text("affiliation")
        data["code"] = values.get("code", "").strip() or None
        data["link"] = values.get("link", "").strip() or None
        if values.get("aliases"):
            data["aliases"] = [latex.decode(a) for a in _groups(values["aliases"])]

    def _report_unkept(self, ctx: _EntryContext, data: dict[str, Any], arxiv: str | None
                       ) -> None:
        """Fields the model cannot hold: one warning naming them (nothing goes silently)."""
        dropped = sorted(ctx.values.keys() - self.kept)
        howpublished = ctx.values.get("howpublished", "").strip()
        if howpublished.startswith("http") and not data["url"]:
            data["url"] = howpublished
        elif howpublished and not (arxiv and arxiv in howpublished) and \
                not howpublished.startswith("http"):
            dropped.append("howpublished")
        if dropped:
            ctx.warn(f"field(s) not kept: {', '.join(dropped)}", dropped[0],
                     "plbib's model has no place for them (docs/bibtex.md)")

    @staticmethod
    def _arxiv(values: Mapping[str, str]) -> str | None:
        prefix = (values.get("archiveprefix") or values.get("eprinttype") or "").strip().lower()
        eprint = values.get("eprint", "").strip()
        if eprint and prefix == "arxiv":
            return eprint.removeprefix("arXiv:")
        journal = values.get("journal", "").strip()
        if journal[:1] in ("C", "c", "a", "A"):  # CoRR, arXiv preprint …
            volume = values.get("volume", "")
            if journal.lower() == "corr" and volume.startswith("abs/"):
                return volume[4:]
            scholar = _SCHOLAR_ARXIV.match(journal)
            if scholar:
                return scholar.group(1)
        url = values.get("url", "")
        match = _ARXIV_URL.search(url.strip()) if "arxiv" in url else None
        return match.group(1) if match else None

    @staticmethod
    def _doi(raw: str | None) -> str | None:
        if not raw:
            return None
        doi = bare_doi(raw)
        return latex.decode(doi) if "\\" in doi else doi

    @staticmethod
    def _date(ctx: _EntryContext, key: str, problems: list[PlbibError]
              ) -> tuple[int | None, int | None]:
        values, source = ctx.values, ctx
        year: int | None = None
        month: int | None = None
        date = values.get("date")
        match = _DATE.match(date.strip()) if date else None
        if match:
            year = int(match.group(1))
            month = int(match.group(2)) if match.group(2) else None
        raw_year = values.get("year", "").strip()
        if raw_year:
            digits = _YEAR.fullmatch(raw_year)
            if digits is None:
                problems.append(InvalidValueError(
                    f"the year {raw_year!r} is not a year", key=key, field="year",
                    line=source.line("year"), hint="write four digits, e.g. 2022"))
            else:
                year = int(digits.group(1))
        month_value = values.get("month")
        raw_month = latex.decode(month_value).strip().rstrip(".").lower() if month_value else ""
        if raw_month:
            if raw_month.isdigit() and 1 <= int(raw_month) <= 12:
                month = int(raw_month)
            elif raw_month[:3] in _MONTH_NUMBERS:
                month = _MONTH_NUMBERS[raw_month[:3]]
            else:
                problems.append(InvalidValueError(
                    f"cannot read the month {raw_month!r}", key=key, field="month",
                    line=source.line("month"), hint="write month = jul (a macro) or 7"))
        return year, month


def _is_arxiv_journal(journal: str) -> bool:
    """DBLP's ``CoRR``, Scholar's ``arXiv preprint arXiv:…`` and similar: not a journal."""
    text = journal.strip()
    return text.lower() in ("corr", "arxiv", "arxiv e-prints", "arxiv preprint") or bool(
        _SCHOLAR_ARXIV.match(text))


#: an entry type as read: a member, or the YAML spelling of one (``@conference-paper``).
#: Both, because a str-valued Enum member hashes by its name, not its value.
_ENTRY_TYPES = frozenset(EntryType) | {kind.value for kind in EntryType}


def _field_line(entry: Entry, canonical: str | None) -> int:
    """The line of the BibTeX field a canonical field was read from (else the entry's)."""
    if canonical is not None:
        lines = {f.key.lower(): f.start_line for f in entry.fields}
        for bib in _ORIGINS.get(canonical, (canonical,)):
            if bib in lines:
                return _line(lines[bib])
    return _line(entry.start_line)


def _groups(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "{":
            if depth == 0:
                start = i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append(text[start:i])
    return out


def _line(zero_based: int | None) -> int:
    return (zero_based or 0) + 1


def read(text: str, *, file: str | None = None, lenient: bool = False,
         drop_dblp: bool = False, drop_fields: Iterable[str] = (),
         venues: VenueRegistry) -> PaperList:
    """Records from BibTeX or BibLaTeX text, venues recognised from ``venues``.

    Raises :class:`~plbib.errors.ValidationFailed` naming every problem (line, key, field);
    with ``lenient`` the good entries are kept and every problem is in ``warnings``.
    """
    with gc_paused():
        return _read(text, file, lenient, drop_dblp, drop_fields, venues)


def _read(text: str, file: str | None, lenient: bool, drop_dblp: bool,
          drop_fields: Iterable[str], registry: VenueRegistry) -> PaperList:
    library = parse_string(text, parse_stack=[])
    problems: list[PlbibError] = []
    for block in library.failed_blocks:
        problems.append(_failure(block))
    expression = _Expression()
    for string in library.strings:
        try:
            expression.macros[string.key.lower()] = "{" + expression.value(string.value) + "}"
        except (KeyError, ValueError) as exc:
            problems.append(InvalidValueError(
                f"cannot read @string {string.key}: {exc}", line=_line(string.start_line)))
    drop = frozenset(drop_fields) | (DBLP_FIELDS if drop_dblp else frozenset())
    entries = library.entries
    parents: dict[str, Mapping[str, str]] = {}
    referenced = {
        expression_value(expression, f.value).strip().lower()
        for e in entries for f in e.fields if f.key.lower() == "crossref"
    } if "crossref" in text.lower() else set()  # most files have none: skip the pass
    for entry in entries:
        if entry.key.lower() in referenced:
            scratch: list[PlbibError] = []
            parents[entry.key.lower()] = _EntryReader(
                expression, registry, {}, drop).values(entry, scratch)
    reader = _EntryReader(expression, registry, parents, drop)
    papers: list[dict[str, Any]] = []
    sources: list[Entry] = []  # for lines, found only when a problem needs one
    for entry in entries:
        if entry.key.lower() in referenced and entry.entry_type.lower() in (
                "proceedings", "mvproceedings", "book", "collection"):
            continue  # a crossref container: its fields went into the entries citing it
        data = reader.read(entry, problems)
        if data["type"] not in _ENTRY_TYPES:
            problems.append(UnknownFieldError(
                f"unknown entry type @{data['type']}", key=entry.key,
                line=_line(entry.start_line),
                hint="use @article, @inproceedings, @misc, @book, @incollection, "
                     "@phdthesis or @techreport"))
            continue
        papers.append(data)
        sources.append(entry)
    sections = list(dict.fromkeys(p["section"] for p in papers if p.get("section")))

    def locate_one(path: validation.DataPath) -> int | None:
        if len(path) >= 2 and path[0] == "papers" and isinstance(path[1], int):
            return _field_line(sources[path[1]], str(path[2]) if len(path) > 2 else None)
        return None

    def locate(paths: Sequence[validation.DataPath]) -> list[int | None]:
        return [locate_one(path) for path in paths]

    return validation.records_from_data(
        {"sections": sections, "papers": papers}, file=file, venues=registry,
        locate=locate, lenient=lenient, earlier=[_with_file(p, file) for p in problems])


def expression_value(expression: _Expression, raw: str) -> str:
    try:
        return expression.value(raw)
    except (KeyError, ValueError):
        return ""


def _with_file(problem: PlbibError, file: str | None) -> PlbibError:
    problem.file = file
    return problem


def _failure(block: ParsingFailedBlock) -> PlbibError:
    line = _line(block.start_line)
    if isinstance(block, DuplicateBlockKeyBlock):
        return DuplicateError(f"the key {block.key!r} is used by an earlier entry", line=line,
                              key=block.key, hint="keys must be unique; this entry is skipped")
    raw = block.raw or ""
    key_match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)", raw)
    error = block.error
    reason = (getattr(error, "abort_reason", None) or str(error) or "syntax error").strip()
    return SyntaxProblem(
        f"this entry cannot be read: {reason}", line=line,
        key=key_match.group(1) if key_match else None,
        hint="check that its braces and quotes are balanced and fields end with commas")
