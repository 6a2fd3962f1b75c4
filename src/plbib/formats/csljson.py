"""CSL-JSON (and CSL-YAML), both ways: what Zotero, citeproc-js, pandoc and citation-js read.

Writing follows the official CSL-JSON schema and what Zotero's import accepts (the choices
and their reasons are in docs/csl.md): a type Zotero knows for every item, the key in
``id``, ``citation-key`` and a ``Citation Key:`` note line, protected title spans as
``<span class="nocase">``, and the fields CSL has no variable for as ``key: value`` note
lines (:mod:`plbib.notefields`). Reading accepts what Zotero, pandoc, citation-js and Better
BibTeX write: rich-text markup, every date form, literal names and both kinds of particle.
Everything read goes through the same validation as the canonical YAML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from .. import kinds, notefields, validation
from ..drafts import LazyOrigins, Origin, RecordDraft
from ..errors import (
    Diagnostic,
    InvalidValueError,
    MissingFieldError,
    PlbibError,
    Severity,
    SyntaxProblem,
)
from ..identifiers import arxiv_from_doi, bare_doi, month_in
from ..keys import KEY_PATTERN, TakenKeys, key_for
from ..kinds import CSL_101_TYPES, KINDS
from ..model import (
    MAPPED,
    THESIS_GENRE,
    Date,
    EntryType,
    Name,
    PaperList,
    Record,
    Span,
    Title,
    Verbatim,
)
from ..values import json_text
from ..venues import Venue, VenueKind, VenueRegistry
from . import each_record, implied_container, kept_in_order, venue_registry

# =========================================================================== writing

#: plbib type -> CSL type. Every one is in the CSL 1.0.1 list that Zotero's import
#: checks each item against (one unknown type and Zotero rejects the whole file), which is
#: why misc is ``manuscript`` and not CSL 1.0.2's ``document``.
CSL_TYPES = {
    EntryType.CONFERENCE_PAPER: "paper-conference",
    EntryType.JOURNAL_ARTICLE: "article-journal",
    EntryType.PREPRINT: "article",  # Zotero (6+) imports `article` as a preprint
    EntryType.BOOK: "book",
    EntryType.BOOK_CHAPTER: "chapter",
    EntryType.THESIS: "thesis",
    EntryType.REPORT: "report",
    EntryType.MISC: "manuscript",
}

#: CSL's rich-text tags (citeproc-js): the only ``<…>`` sequences that are markup
_RICH_TAG = re.compile(
    r'<(?:/?(?:i|b|sup|sub)|span class="nocase"|span style="font-variant:\s*small-caps;?"'
    r"|/span)>")
#: the entities plbib escapes and reads back; any other ``&`` is a literal ampersand
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9A-Fa-f]+);")
_MATH_SHAPE = re.compile(r"^\$[^$]+\$$")


def _escape_text(text: str) -> str:
    """Literal text that no CSL reader mistakes for markup. Most text is written as it is
    (raw ``&`` and ``<``, which citeproc-js, pandoc and Zotero take literally); only an
    ampersand that would read as an entity and a ``<`` that would open a rich-text tag
    are escaped."""
    if "&" in text:
        text = _ENTITY.sub(lambda m: "&amp;" + m.group(0)[1:], text)
    if "<" in text:
        text = _RICH_TAG.sub(lambda m: "&lt;" + m.group(0)[1:], text)
    return text


def _verbatim(text: str) -> str:
    return text


def title_html(title: Title, escaped: bool = True) -> str:
    """A title in CSL rich text: protected spans (and math, as ``$…$``) inside
    ``<span class="nocase">``; with ``escaped`` false, the text between the spans as it is
    (what a CSL processor is handed in memory)."""
    escape = _escape_text if escaped else _verbatim
    out = []
    for span in title.spans:
        if span.math:
            out.append('<span class="nocase">$' + escape(span.text) + "$</span>")
        elif span.protected:
            text = escape(span.text)
            if escaped and _MATH_SHAPE.match(text):  # would read back as math
                text = "&#36;" + text[1:-1] + "&#36;"
            out.append('<span class="nocase">' + text + "</span>")
        else:
            out.append(escape(span.text))
    return "".join(out)


def csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    out = {"family": name.family}
    if name.given:
        out["given"] = name.given
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def csl_date(date: Date) -> dict[str, Any]:
    """A date as CSL's date-parts (a range: two; an open range's end: ``[0]``), its
    season and ``circa`` (CSL has no place for an uncertain date: :func:`unwritten`)."""
    out: dict[str, Any] = {
        "date-parts": [date.parts, date.end.parts] if date.end else [date.parts]}
    if date.season:
        out["season"] = date.season
    if date.circa:
        out["circa"] = True
    return out


def _container(record: Record, venue: Venue | None, escaped: bool) -> str | None:
    """The proceedings or journal title; the venue's when the record names none (as the
    BibTeX writer does)."""
    if record.container_title:
        return title_html(record.container_title, escaped)
    if venue is not None and record.type in (EntryType.CONFERENCE_PAPER,
                                             EntryType.JOURNAL_ARTICLE,
                                             EntryType.BOOK_CHAPTER):
        text = venue.container_title(record.year)
        return _escape_text(text) if escaped else text
    return None


def csl_type(record: Record) -> str:
    """The record's CSL type: its kind, where Zotero reads it (CSL 1.0.1; a newer kind is
    its entry type's CSL type, the kind given by a note line)."""
    kind = record.kind
    return kind if kind is not None and kind in CSL_101_TYPES else CSL_TYPES[record.type]


def note_lines(record: Record) -> list[str]:
    fields: list[tuple[str, str]] = [("key", record.key)]
    if record.kind is not None and record.kind not in CSL_101_TYPES:
        fields.append(("kind", record.kind))
    if record.arxiv:
        fields.append(("arxiv", record.arxiv))
    for name in ("section", "affiliation", "code", "link"):
        value = getattr(record, name)
        if value:
            fields.append((name, value))
    fields.extend(("aliases", alias) for alias in record.aliases)
    if record.more_authors:
        fields.append(("more_authors", "true"))
    return notefields.write(fields, record.note)


def item(record: Record, registry: VenueRegistry, escaped: bool = True) -> dict[str, Any]:
    """One record as CSL variables (keys in a fixed order): escaped for CSL-JSON text, or
    as they are for a processor handed them in memory (plbib.cite)."""
    escape = _escape_text if escaped else _verbatim
    venue = registry.get(record.venue) if record.venue else None
    out: dict[str, Any] = {"id": record.key, "citation-key": record.key,
                           "type": csl_type(record),
                           "title": title_html(record.title, escaped)}
    if record.authors:
        out["author"] = [csl_name(n) for n in record.authors]
    if record.editors:
        out["editor"] = [csl_name(n) for n in record.editors]
    container = _container(record, venue, escaped)
    if container:
        out["container-title"] = container
    if record.volume_title:
        out["volume-title"] = title_html(record.volume_title, escaped)
    if venue is not None:
        out["container-title-short"] = escape(venue.short)
        # the list's venue tag (OSDI'22), the label styles such as plbib-list print
        out["citation-label"] = escape(venue.list_tag(record.year))
    if venue is not None and venue.kind in (VenueKind.CONFERENCE, VenueKind.WORKSHOP):
        out["event-title"] = escape(venue.name)
    for variable, value in (("event-place", record.event_place),
                            ("publisher", record.publisher), ("volume", record.volume),
                            ("issue", record.issue), ("number", record.number),
                            ("collection-number", record.series_number)):
        if value:
            out[variable] = escape(value)
    if record.pages:
        out["page"] = record.pages.format("-")
    issued = record.issued
    if issued is not None:
        out["issued"] = csl_date(issued)
    for variable, value in (("ISBN", record.isbn), ("DOI", record.doi), ("URL", record.url)):
        if value:
            out[variable] = value
    for name, meta in MAPPED.items():  # translator, edition, accessed …
        value = getattr(record, name)
        if not value:
            if name == "genre" and record.type is EntryType.THESIS:
                out["genre"] = THESIS_GENRE  # what a thesis without one is
            continue
        if isinstance(value, Date):
            out[meta["csl"]] = csl_date(value)
        elif isinstance(value, tuple):
            out[meta["csl"]] = [csl_name(n) for n in value]
        else:  # rich text but where no style prints markup (identifiers)
            out[meta["csl"]] = value if meta["csl"] in _NOT_RICH else escape(value)
    if record.keywords:  # as Zotero and citation-js write them
        out["keyword"] = escape(", ".join(record.keywords))
    out["note"] = "\n".join(note_lines(record))
    for kept in record.extra:  # variables read from CSL-JSON, given back as they were
        if kept.format == "csljson":
            out[kept.name] = json.loads(kept.value)
    return out


def items(records: Sequence[Record], venues: VenueRegistry | None = None,
          escaped: bool = True) -> list[dict[str, Any]]:
    registry = venue_registry(records, venues)
    return [item(r, registry, escaped) for r in records]


def unwritten(records: Sequence[Record]) -> list[PlbibError]:
    """One warning per record with a date CSL has no place for: an uncertain one
    (biblatex's ``1850?``; CSL has ``circa`` only), or a range's end with a season or
    qualifier of its own (CSL's season and circa are the whole date's)."""
    out = []
    for record in records:
        lost = [f"{name} {date}" for name, date in record.dates() if date.uncertain or (
            date.end is not None and (date.end.uncertain or date.end.season or (
                not date.end.is_open and date.end.circa != date.circa)))]
        if lost:
            out.append(PlbibError(
                "CSL-JSON has no place for an uncertain date, nor for a range's end that "
                "is uncertain, circa, a season or unknown (CSL's [0] is an open end) "
                f"({', '.join(lost)}): written without", key=record.key,
                severity=Severity.WARNING,
                hint="BibTeX, BibLaTeX and the canonical YAML keep it"))
    return out


def write(records: Sequence[Record], *, venues: VenueRegistry | None = None) -> str:
    """The records as a CSL-JSON array; deterministic (same records, same bytes)."""
    text = json.dumps(items(records, venues), ensure_ascii=False, indent=2)
    # date-parts on one line ([[2022, 7]]): a raw newline never occurs inside a JSON string,
    # so this touches only the layout
    return _NUMBER_ARRAY.sub(_one_line, text) + "\n"


#: an array of arrays of numbers, as the writer lays it out over lines (date-parts); only
#: whole ones (a date part that is a string, ``["1999", 9]``, as a file may give it, leaves
#: its array as it is)
_NUMBER_ARRAY = re.compile(r"\[\s*\n\s*\[[-\d,\s]*\](?:\s*,\s*\[[-\d,\s]*\])*\s*\]")


def _one_line(match: re.Match[str]) -> str:
    return json.dumps(json.loads(match.group(0)))


# =========================================================================== reading

#: CSL type -> plbib type, for the types the entry types are written as; the others are
#: kinds (:mod:`plbib.kinds`), each with its entry type
_TYPES_IN = {csl: entry_type for entry_type, csl in CSL_TYPES.items()}
_SEASON_MONTHS = range(13, 17)  # citeproc-js's month numbers for seasons
_SEASONS = (1, 2, 3, 4, "1", "2", "3", "4")  # CSL's season, a number or its text
_RAW_DATE = re.compile(r"(\d{4})(?:[-/](\d{1,2}))?")
_ARXIV_ID = re.compile(
    r"(?i)^(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})$")


class _ItemError(Exception):
    def __init__(self, field: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.hint = hint


def _rich_text(value: str) -> Title:
    """CSL rich text as a title: nocase spans protected, a nocase ``$…$`` as math, other
    tags (italics, bold, super/subscript, small caps) dropped with their text kept."""
    spans: list[Span] = []
    depth_nocase = 0
    stack: list[bool] = []  # for each open <span>: is it nocase?
    position = 0
    for match in _RICH_TAG.finditer(value):
        text = value[position:match.start()]
        if text:
            spans.append(_text_span(text, depth_nocase > 0))
        tag = match.group(0)
        if tag == '<span class="nocase">':
            stack.append(True)
            depth_nocase += 1
        elif tag.startswith("<span"):
            stack.append(False)
        elif tag == "</span>" and stack and stack.pop():
            depth_nocase -= 1
        position = match.end()
    if position < len(value):
        spans.append(_text_span(value[position:], depth_nocase > 0))
    return Title(tuple(spans))


def _text_span(raw: str, protected: bool) -> Span:
    if protected and _MATH_SHAPE.match(raw):
        return Span(raw[1:-1], True, math=True)
    return Span(unescape(raw), protected)


def unescape(text: str) -> str:
    """The entities :func:`_escape_text` writes (and numeric ones) back to characters."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _plain(value: object, field: str, rich: bool = True) -> str | None:
    """A text variable (numbers accepted, as CSL allows); with ``rich``, its markup dropped
    and entities read (names, identifiers and URLs are not rich text)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _ItemError(field, f"'{field}' must be text or a number, found "
                                f"{type(value).__name__}", f'write "{field}": "…"')
    text = str(value)
    if rich:
        text = _rich_text(text).text if "<" in text else unescape(text)
    return " ".join(text.split()) or None


def _doi(value: object) -> str | None:
    """A DOI as CSL-JSON writers give it, bare or behind a resolver (``https://doi.org/…``)."""
    text = _plain(value, "DOI", rich=False)
    return bare_doi(text) if text else None


def _title(value: object, field: str) -> Title | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _ItemError(field, f"'{field}' must be text, found {type(value).__name__}",
                         f'write "{field}": "…" (rich text, <span class="nocase"> allowed)')
    title = _rich_text(" ".join(value.split()))
    return title or None


def _names(value: object, field: str) -> list[Name]:
    if not isinstance(value, list):
        raise _ItemError(field, f"'{field}' must be a list of names, found "
                                f"{type(value).__name__}",
                         'write [{"family": "…", "given": "…"}, …]')
    out = []
    for index, raw in enumerate(value, 1):
        if not isinstance(raw, Mapping):
            raise _ItemError(field, f"name {index} of '{field}' is not an object",
                             '{"family": "…", "given": "…"} or {"literal": "…"}')
        parts = {k: _plain(raw.get(k), field, rich=False) or "" for k in
                 ("family", "given", "dropping-particle", "non-dropping-particle", "suffix",
                  "literal")}
        particle = " ".join(p for p in (parts["dropping-particle"],
                                        parts["non-dropping-particle"]) if p)
        if parts["literal"]:
            out.append(Name(literal=parts["literal"]))
        elif parts["family"]:
            out.append(Name(family=parts["family"], given=parts["given"], particle=particle,
                            suffix=parts["suffix"]))
        elif parts["given"]:  # a mononym (CSL allows a given name alone)
            out.append(Name(literal=parts["given"]))
        else:
            raise _ItemError(field, f"name {index} of '{field}' has no family name or "
                                    "literal", '{"family": "…", "given": "…"} or '
                                               '{"literal": "…"}')
    return out


def _date(value: object) -> tuple[int | None, int | None]:
    """(year, month) from any CSL date form: date-parts (a range gives its start), raw,
    literal, an EDTF string; seasons give no month."""
    if isinstance(value, (str, int)):
        return _raw_date(str(value))
    if not isinstance(value, Mapping):
        raise _ItemError("issued", "'issued' must be a date object, found "
                                   f"{type(value).__name__}",
                         'write {"date-parts": [[2022, 7]]}')
    parts = value.get("date-parts")
    if parts:
        if not (isinstance(parts, list) and isinstance(parts[0], list) and parts[0]):
            raise _ItemError("issued", "'date-parts' must be a list of [year, month, day] "
                                       "lists", 'write {"date-parts": [[2022, 7]]}')
        first = parts[0]
        try:
            year = int(first[0])
            month = int(first[1]) if len(first) > 1 and str(first[1]).strip() else None
        except (TypeError, ValueError):
            raise _ItemError("issued", f"cannot read the date parts {first!r}",
                             'write {"date-parts": [[2022, 7]]}') from None
        if month is not None and (month in _SEASON_MONTHS or not 1 <= month <= 12):
            month = None
        return year, month
    for form in ("raw", "literal"):
        if isinstance(value.get(form), str):
            return _raw_date(value[form])
    return None, None


def _full_date(value: object, field: str) -> Date | str | None:
    """A date variable other than ``issued`` as a :class:`Date` (date-parts, a range too),
    or its raw or literal text for the validation to read; what a Date does not hold
    (a season, ``circa``) the reader keeps as written (:func:`_kept_verbatim`)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        raise _ItemError(field, f"'{field}' must be a date object, found "
                                f"{type(value).__name__}", 'write {"date-parts": [[2022, 7]]}')
    parts = value.get("date-parts")
    if parts:
        try:
            start, *end = ([int(p) for p in date] for date in parts[:2])
            # a season: CSL's 1–4 (another value is kept as written: the writer's differs)
            given = value.get("season")
            season = int(given) if not isinstance(given, bool) and given in _SEASONS else None
            if len(start) == 2 and (start[1] in _SEASON_MONTHS or start[1] in range(21, 25)):
                # a season as citeproc-js (13–16) and pandoc (21–24) write it in the parts
                season = start[1] - 12 if start[1] in _SEASON_MONTHS else start[1] - 20
                start = start[:1]
            date = Date.of_parts(start, *end)
            if value.get("circa") in (None, False, 0, "", "0", "false"):
                return replace(date, season=season)
            # CSL's circa is the whole date's: a range's end too
            return replace(date, season=season, circa=True, end=replace(
                date.end, circa=True) if date.end and not date.end.is_open else date.end)
        except (TypeError, ValueError) as exc:
            raise _ItemError(field, f"cannot read the date parts {parts!r}: {exc}",
                             'write {"date-parts": [[2022, 7, 5]]}') from None
    for form in ("raw", "literal"):
        if isinstance(value.get(form), str):
            return str(value[form])
    return None


def _raw_date(text: str) -> tuple[int | None, int | None]:
    match = _RAW_DATE.search(text)
    if match is None:
        raise _ItemError("issued", f"cannot read a year in the date {text!r}",
                         'write {"date-parts": [[2022, 7]]}')
    month = int(match.group(2)) if match.group(2) else None
    if month is None:
        month = month_in(text)
    return int(match.group(1)), month if month and 1 <= month <= 12 else None


def _note(value: object) -> tuple[dict[str, object], str | None]:
    text = _plain_lines(value)
    fields, rest = notefields.read(text.splitlines()) if text else ({}, [])
    free = fields.pop("note", None) or (" ".join(rest) if rest else None)
    return fields, str(free) if free else None


def _plain_lines(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise _ItemError("note", f"'note' must be text, found {type(value).__name__}",
                         'write "note": "…" (one "name: value" line per field)')
    return str(value)


#: the variables no style prints as rich text (identifiers): written and read as they are
_NOT_RICH = frozenset({"ISSN", "PMID", "PMCID", "call-number"})
#: the typed fields read from one plain CSL variable each: (field, variable, rich text)
_PLAIN_VARIABLES = (
    ("volume", "volume", True), ("issue", "issue", True), ("number", "number", True),
    ("series_number", "collection-number", True),
    ("pages", "page", True), ("publisher", "publisher", True),
    ("event_place", "event-place", True), ("isbn", "ISBN", False), ("url", "URL", False),
    # rich text only where a style may print markup (not in identifiers)
    *((name, meta["csl"], meta["csl"] not in _NOT_RICH)
      for name, meta in MAPPED.items() if meta["kind"] in ("text", "number")))
#: the fields every format has a place for that hold names or a date: (field, variable)
_MAPPED_NAMES = tuple((name, meta["csl"]) for name, meta in MAPPED.items()
                      if meta["kind"] == "names")
_MAPPED_DATES = tuple((name, meta["csl"]) for name, meta in MAPPED.items()
                      if meta["kind"] == "date")
#: the fields a note line may carry where the item has no variable for them
_NOTED = tuple(name for name, meta in MAPPED.items() if "note" in meta)
#: the CSL variable each typed field is read from (fields the note carries: ``note``)
_VARIABLE_OF = {
    **{name: variable for name, variable, _ in _PLAIN_VARIABLES},
    **dict(_MAPPED_NAMES), **dict(_MAPPED_DATES), "keywords": "keyword",
    "title": "title", "container_title": "container-title", "volume_title": "volume-title",
    "authors": "author",
    "editors": "editor", "year": "issued", "month": "issued", "doi": "DOI",
}
#: a CSL variable's typed field, for what a problem with the variable excuses
_CANONICAL = {variable: name for name, variable in _VARIABLE_OF.items()
              if name != "month"}


def _verbatim_of(raw: Mapping[str, Any], field: str) -> Verbatim | None:
    """The CSL variable a typed field was read from, as written (for a value the
    validation refuses: ``"page": "1 & 2"``, a year before the common era)."""
    variable = _VARIABLE_OF.get(field, "note")
    return Verbatim("csljson", variable, json_text(raw[variable])) if variable in raw \
        else None


class _Reader:
    def __init__(self, registry: VenueRegistry, problems: list[Diagnostic]) -> None:
        self.registry = registry
        self.problems = problems
        self.taken = TakenKeys()
        #: each item as read, by key (:func:`_kept_verbatim`)
        self.originals: dict[str, Mapping[str, Any]] = {}

    def warn(self, index: int, key: str | None, field: str, message: str,
             hint: str | None = None) -> None:
        self.problems.append(Diagnostic(PlbibError, f"item {index + 1}: {message}", key=key,
                                        field=field, hint=hint, severity=Severity.WARNING))

    def read(self, index: int, raw: object) -> RecordDraft:
        """The item as a draft. Only an item that is no JSON object is refused: a variable
        plbib cannot read is reported as a warning and kept as written
        (:func:`_kept_verbatim`), an item without a type is a misc, one without an id
        gets a key by the key rule."""
        if not isinstance(raw, Mapping):
            raise _ItemError("", f"item {index + 1} is not an object (found "
                                 f"{type(raw).__name__})", 'write each item as {"id": …}')
        unread: list[_ItemError] = []  # reported once the key is known

        def soft(parse: Callable[[], Any], default: Any = None) -> Any:
            try:
                return parse()
            except _ItemError as exc:
                unread.append(exc)
                return default

        csl_type = raw.get("type")
        kind = KINDS.get(csl_type) if isinstance(csl_type, str) else None
        entry_type = kind.entry_type if kind is not None else \
            _TYPES_IN.get(csl_type) if isinstance(csl_type, str) else None
        if not isinstance(csl_type, str) or not csl_type:
            unread.append(_ItemError("type", "the item has no CSL type: read as misc",
                                     "give every item a CSL type such as "
                                     "\"paper-conference\""))
        elif entry_type is None:
            unread.append(_ItemError("type", f"the CSL type {csl_type!r} is not in the CSL "
                                     "specification: read as misc",
                                     "use a type from the CSL specification, e.g. "
                                     "paper-conference, article-journal, article, book"))
        fields, free_note = soft(lambda: _note(raw.get("note")), ({}, None))
        data: dict[str, Any] = {
            # a type plbib has no kind for is a misc, its CSL type kept as written
            "type": entry_type or EntryType.MISC,
            "title": soft(lambda: _title(raw.get("title"), "title")),
            "authors": soft(lambda: _names(raw["author"], "author"), [])
            if "author" in raw else [],
            "note": free_note,
        }
        data["year"], data["month"] = soft(lambda: _date(raw["issued"]), (None, None)) \
            if raw.get("issued") is not None else (None, None)
        issued = soft(lambda: _full_date(raw["issued"], "issued")) \
            if isinstance(raw.get("issued"), Mapping) else None
        if isinstance(issued, Date):  # a day, a range, circa, a season: typed too
            data.update(issued.beyond(data["year"], data["month"]))
        for name, variable, rich in _PLAIN_VARIABLES:
            data[name] = soft(partial(_plain, raw.get(variable), variable, rich))
        if data["part"] is None and "part-number" in raw:  # the CSL specification's name
            data["part"] = soft(partial(_plain, raw["part-number"], "part-number", True))
        data["doi"] = soft(lambda: _doi(raw.get("DOI")))
        data["volume_title"] = soft(lambda: _title(raw.get("volume-title"), "volume-title"))
        if "editor" in raw:
            data["editors"] = soft(lambda: _names(raw["editor"], "editor"), [])
        for name, variable in _MAPPED_NAMES:
            if variable in raw:
                data[name] = soft(partial(_names, raw[variable], variable), [])
        for name, variable in _MAPPED_DATES:
            if raw.get(variable) is not None:
                data[name] = soft(partial(_full_date, raw[variable], variable))
        keyword = soft(lambda: _plain(raw.get("keyword"), "keyword"))
        if keyword:
            data["keywords"] = [word.strip() for word in keyword.split(",") if word.strip()]
        for name in _NOTED:  # Zotero's Extra lines for variables (ISSN: …)
            if not data.get(name) and fields.get(name):
                data[name] = fields[name]
        if data["type"] is EntryType.THESIS and data.get("genre") == THESIS_GENRE:
            data["genre"] = None  # what a thesis without one is (the writer gives it)
        for name in ("section", "affiliation", "code", "link", "aliases", "arxiv"):
            if fields.get(name):
                data[name] = fields[name]
        noted_kind = fields.get("kind")  # a kind CSL 1.0.1 has no type for: a note line
        data["kind"] = csl_type if kind is not None else kinds.of(
            noted_kind, data["type"]) if isinstance(noted_kind, str) else None
        key = self._key(index, raw, fields, data)
        data["key"] = key
        self.originals[key] = raw
        for exc in unread:
            self.warn(index, key, exc.field, f"{str(exc).removeprefix(f'item {index + 1}: ')}"
                      "; kept as written", exc.hint)
        self._container_and_venue(raw, data)
        self._arxiv(data)
        return RecordDraft.of_reader(data, more_authors=bool(fields.get("more_authors")),
                                     reported={_CANONICAL.get(e.field, e.field) for e in unread},
                                     verbatim=partial(_verbatim_of, raw))

    def _key(self, index: int, raw: Mapping[str, Any], fields: Mapping[str, object],
             data: Mapping[str, Any]) -> str:
        """The citation key: ``citation-key``, the note's ``Citation Key:`` or the ``id``;
        the key rule's when none of them is a usable key (Zotero's ids are URLs)."""
        for candidate in (raw.get("citation-key"), fields.get("key"), raw.get("id")):
            if isinstance(candidate, (str, int)) and not isinstance(candidate, bool) and \
                    KEY_PATTERN.match(str(candidate).strip()):
                key = str(candidate).strip()
                self.taken.add(key)
                return key
        key = key_for(data, self.taken)
        self.warn(index, key, "id", f"the id {raw.get('id')!r} is not a usable citation "
                                    f"key; the key rule gives {key!r}")
        return key

    def _container_and_venue(self, raw: Mapping[str, Any], data: dict[str, Any]) -> None:
        data["container_title"] = _title(raw.get("container-title"), "container-title")
        texts = [_plain(raw.get(v), v) for v in ("container-title-short", "event-title",
                                                  "journalAbbreviation", "event")]
        container = data["container_title"].text if data["container_title"] else None
        venue = self.registry.recognise(*texts, container, year=data["year"])
        if venue is None and data["type"] is EntryType.PREPRINT and (
                "arxiv" in str(raw.get("publisher", "")).lower()):
            venue = self.registry.get("arXiv")
        if venue is not None:
            data["venue"] = venue.short
            if data["container_title"] is None:  # as the writer will name it
                data["container_title"] = implied_container(data["type"], venue, data["year"])

    @staticmethod
    def _arxiv(data: dict[str, Any]) -> None:
        """The arXiv id from arXiv's DOI or, on a preprint, from ``number``
        (``arXiv:2210.17323``, as Zotero and citation-js write it); such a number is the id,
        not an article number."""
        number = _ARXIV_ID.match(data.get("number") or "") \
            if data["type"] is EntryType.PREPRINT else None
        from_doi = arxiv_from_doi(data.get("doi") or "")
        if not data.get("arxiv"):
            if from_doi:
                data["arxiv"] = from_doi
            elif number:
                data["arxiv"] = number.group(1)
        if number and number.group(1) == data.get("arxiv"):
            data["number"] = None


def _item_lines(text: str) -> list[int]:
    """The line each top-level item starts on (worked out only when a problem needs it)."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    position = text.index("[") + 1
    line, counted = 1, 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return lines
        line += text.count("\n", counted, position)
        counted = position
        lines.append(line)
        _, position = decoder.raw_decode(text, position)


def _parse(text: str, file: str | None, parse: Callable[[str], object]) -> list[Any]:
    try:
        data = parse(text)
    except json.JSONDecodeError as exc:
        raise SyntaxProblem(f"this is not valid JSON: {exc.msg}", file=file, line=exc.lineno,
                            hint="check the commas, quotes and brackets near this line"
                            ) from None
    except RecursionError:  # json recurses per level: a hostile file nests thousands deep
        raise SyntaxProblem("the JSON is nested too deeply to read", file=file,
                            hint="CSL-JSON is a list of flat items") from None
    if isinstance(data, Mapping) and isinstance(data.get("references"), list):
        data = data["references"]  # CSL-YAML as pandoc writes it
    if not isinstance(data, list):
        raise InvalidValueError(
            f"CSL-JSON is a list of items, found {type(data).__name__}", file=file, line=1,
            hint="wrap the item(s) in [ … ]")
    return data


def read(text: str, *, file: str | None = None, lenient: bool = False,
         venues: VenueRegistry, _parse_text: Callable[[str], object] | None = None
         ) -> PaperList:
    """Records from CSL-JSON text (an array of items).

    Raises :class:`~plbib.errors.ValidationFailed` naming every problem (item, key, field);
    with ``lenient`` the good items are kept and every problem is in ``warnings``.
    """
    raw_items = _parse(text, file, _parse_text or json.loads)
    registry = venues
    problems: list[Diagnostic] = []
    reader = _Reader(registry, problems)
    drafts: list[RecordDraft] = []
    origins: list[int] = []  # the item index of each paper read
    problem_items: list[int] = []  # the item index of each problem
    for index, raw in enumerate(raw_items):
        before = len(problems)
        try:
            drafts.append(reader.read(index, raw))
            origins.append(index)
        except _ItemError as exc:
            problems.append(_item_problem(index, raw, exc))
        problem_items.extend([index] * (len(problems) - before))
    sections = list(dict.fromkeys(str(d.values["section"]) for d in drafts
                                  if d.values.get("section")))
    positions = _Positions(text if _parse_text is None else None)
    problems = [problem.at(line=positions.line(index))
                for problem, index in zip(problems, problem_items, strict=True)]

    for draft, index in zip(drafts, origins, strict=True):  # an item's line, when asked
        draft.origins = LazyOrigins(partial(_item_origin, positions, index))
    # the required fields are the curated list's policy: here a warning (complete=False)
    papers = validation.validate(drafts, sections=sections, file=file, venues=registry,
                                 lenient=lenient, earlier=problems, complete=False,
                                 repeats_refused=False)
    return _kept_verbatim(papers, reader.originals, registry)


def _kept_verbatim(papers: PaperList, originals: Mapping[str, Mapping[str, Any]],
                   registry: VenueRegistry) -> PaperList:
    """Each record with the item's variables that the writer would not give back with the
    same JSON value kept verbatim: a variable the model has no place for (``translator``,
    ``original-date``, ``abstract``, ``accessed``), rich text or a date range the typed
    fields hold less of, a CSL type plbib reads as a wider one (``patent`` is a misc). The
    writer puts them back (:func:`item`)."""
    def keep(record: Record) -> Record:
        raw = originals.get(record.key)
        if raw is None:
            return record
        theirs = item(record, registry)
        return kept_in_order(record, (Verbatim("csljson", name, json_text(value))
                                      for name, value in raw.items()
                                      if theirs.get(name) != value), theirs)

    return each_record(papers, keep)


def _item_origin(positions: _Positions, index: int, field: str) -> Origin:
    """Where a field of item ``index`` came from: the item's line (JSON lines are found
    only when a problem needs one)."""
    return Origin(positions.line(index), field or None)


def _item_problem(index: int, raw: object, exc: _ItemError) -> Diagnostic:
    key = (raw.get("citation-key") or raw.get("id")) if isinstance(raw, Mapping) else None
    message = str(exc) if str(exc).startswith("item ") else f"item {index + 1}: {exc}"
    error_class = MissingFieldError if " has no " in message else InvalidValueError
    return Diagnostic(error_class, message, key=str(key) if key is not None else None,
                      field=exc.field or None, hint=exc.hint)


class _Positions:
    """Item lines in JSON text, found only when a problem needs one (None for YAML)."""

    def __init__(self, text: str | None) -> None:
        self.text = text
        self.lines: list[int] | None = None

    def line(self, index: int) -> int | None:
        if self.text is None:
            return None
        if self.lines is None:
            self.lines = _item_lines(self.text)
        return self.lines[index] if index < len(self.lines) else None


__all__ = ["CSL_TYPES", "csl_name", "item", "items", "read", "title_html", "write"]
