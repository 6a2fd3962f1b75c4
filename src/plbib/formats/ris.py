"""RIS, both ways: what Zotero, Mendeley and EndNote import, and what they and IEEE Xplore
and the ACM DL export.

Writing uses rispy's writer. Conference papers are ``TY  - CONF`` with ``T2`` the
conference name and ``C3`` the proceedings title (what Zotero reads); preprints are reports
of type (``M3``) "preprint", with the arXiv id as ``AN`` in archive (``DB``) arXiv; plbib's
own fields travel as ``key: value`` notes (``N1``). What RIS cannot hold (case protection,
some name shapes) is listed in docs/formats.md.

Reading uses rispy's line grammar, but keeps the record structure here: rispy reports no
line numbers and silently drops a record without ``ER``, and plbib must name the line of
every problem and drop nothing silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from rispy import RisParser, RisWriter  # type: ignore[import-untyped]

from .. import kinds, notefields, validation
from ..drafts import Origin, RecordDraft
from ..errors import (
    Diagnostic,
    InvalidValueError,
    PlbibError,
    Severity,
    SyntaxProblem,
)
from ..identifiers import arxiv_from_doi, bare_doi, is_doi_link, month_in
from ..keys import KEY_PATTERN, TakenKeys, key_for
from ..kinds import FROM_RIS, KINDS
from ..model import (
    MAPPED,
    UNKNOWN_END,
    Date,
    EntryType,
    Name,
    PaperList,
    Record,
    Title,
    Verbatim,
    split_particle,
)
from ..venues import VenueKind, VenueRegistry
from . import each_record, kept_in_order, venue_registry

# =========================================================================== writing

RIS_TYPES = {
    EntryType.CONFERENCE_PAPER: "CONF", EntryType.JOURNAL_ARTICLE: "JOUR",
    EntryType.PREPRINT: "RPRT", EntryType.BOOK: "BOOK", EntryType.BOOK_CHAPTER: "CHAP",
    EntryType.THESIS: "THES", EntryType.REPORT: "RPRT", EntryType.MISC: "MANSCPT",
}
PREPRINT_WORK_TYPE = "preprint"

#: every tag plbib writes or reads, each under its own name (rispy's names differ by
#: version; a mapping of our own keeps the writer's input explicit)
_TAGS = ("TY", "ID", "TI", "T1", "AU", "A1", "A2", "ED", "T2", "C3", "BT", "JO", "JF", "J2",
         "JA", "T3", "PY", "Y1", "DA", "VL", "IS", "M1", "M3", "SP", "EP", "PB", "C1", "CY",
         "SN", "DO", "UR", "L1", "L2", "DB", "AN", "KW", "AD", "N1", "N2", "AB", "LA", "ST",
         "Y2", "DP", "CN", "ET", "NV", "A4", "ER")
#: rispy's writer looks labels up in lower case and takes the type from its own key
_MAPPING = {tag: tag.lower() for tag in _TAGS} | {"TY": "type_of_reference"}
_LIST_TAGS = ["AU", "A2", "A4", "KW", "N1", "UR"]


class _Writer(RisWriter):  # type: ignore[misc]
    """rispy's writer without its ``1.`` counter lines between records."""

    def set_header(self, count: int) -> str:
        return ""


def ris_name(name: Name) -> str:
    """``Family, Given`` or ``Family, Given, Suffix`` (RIS's form); particles lead the
    family part; an organisation as it is."""
    if name.literal:
        return name.literal
    family = f"{name.particle} {name.family}" if name.particle else name.family
    return f"{family}, {name.given}, {name.suffix}" if name.suffix else f"{family}, {name.given}"


def ris_date(date: Date) -> str:
    """RIS's ``YYYY/MM/DD/`` form as far as the date is known; a range in ISO 8601
    (RIS has no form for one; the reader reads both)."""
    if date.end is not None:
        # an end that is open or unknown: ``..`` (RIS reads ``1988/`` as the year 1988)
        return f"{replace(date, end=None)}/.." if date.end.is_open else str(date)
    return "/".join(f"{part:02d}" if index else str(part)
                    for index, part in enumerate(date.parts)) + ("/" if date.month else "")


def reference(record: Record, registry: VenueRegistry) -> dict[str, Any]:
    """One record as rispy's reference mapping (tags in a fixed order)."""
    venue = registry.get(record.venue) if record.venue else None
    ris_type = KINDS[record.kind].ris if record.kind is not None else RIS_TYPES[record.type]
    ref: dict[str, Any] = {"TY": ris_type, "ID": record.key,
                           "TI": record.title.text}
    if record.authors:
        ref["AU"] = [ris_name(n) for n in record.authors]
    if record.editors:
        ref["A2"] = [ris_name(n) for n in record.editors]
    container = record.container_title.text if record.container_title else None
    if record.type is EntryType.CONFERENCE_PAPER:
        if venue is not None:
            ref["T2"] = venue.name
        if container:
            ref["C3"] = container
        elif venue is not None:
            ref["C3"] = venue.container_title(record.year)
    elif container or (venue is not None and venue.kind is VenueKind.JOURNAL):
        ref["T2"] = container or (venue.name if venue else None)
    if venue is not None and venue.kind is not VenueKind.PREPRINT_SERVER:
        ref["J2"] = venue.short
    issued = record.issued
    if issued is not None and issued.year > 0:  # RIS has no era (unwritten() warns)
        ref["PY"] = str(issued.year)
        ref["DA"] = ris_date(issued)
    for tag, value in (("VL", record.volume), ("IS", record.issue), ("M1", record.number)):
        if value:
            ref[tag] = value
    if record.type is EntryType.PREPRINT:
        ref["M3"] = PREPRINT_WORK_TYPE
    if record.pages:
        # ranges after the first: all in SP (Zotero's RIS import takes SP for the pages,
        # and joins EP to it only where SP has no dash)
        ref["SP"] = record.pages.format() if record.pages.more else record.pages.first
        if record.pages.last and not record.pages.more:
            ref["EP"] = record.pages.last
    for tag, value in (("PB", record.publisher), ("C1", record.event_place),
                       ("SN", record.isbn), ("DO", record.doi)):
        if value:
            ref[tag] = value
    if record.url:
        ref["UR"] = [record.url]
    if record.arxiv:
        ref["DB"] = "arXiv"
        ref["AN"] = record.arxiv
    if record.section or record.keywords:
        # the section first, as a keyword too (Zotero makes keywords tags)
        ref["KW"] = [*([record.section] if record.section else []), *record.keywords]
    if record.affiliation:
        ref["AD"] = record.affiliation
    noted: list[tuple[str, str]] = []
    for name, meta in MAPPED.items():  # translator, edition, access date …
        value = getattr(record, name)
        if not value:
            continue
        if "ris" not in meta:  # RIS has no tag: a note line (a name a line, as AU has it)
            if isinstance(value, tuple):
                noted.extend((name, ris_name(n).rstrip()) for n in value)
            else:
                noted.append((name, str(value)))
        elif isinstance(value, Date):
            ref[meta["ris"]] = ris_date(value)
        elif isinstance(value, tuple):
            ref[meta["ris"]] = [ris_name(n) for n in value]
        else:
            ref[meta["ris"]] = value
    if record.kind is not None and FROM_RIS.get(ris_type) != record.kind:
        noted.insert(0, ("kind", record.kind))  # the type does not say it
    notes = notefields.write(
        ([("section", record.section)] if record.section else [])
        + ([("volume_title", record.volume_title.text)] if record.volume_title else [])
        + [(name, getattr(record, name)) for name in ("series_number", "code", "link")
           if getattr(record, name)]
        + [("aliases", alias) for alias in record.aliases]
        + ([("more_authors", "true")] if record.more_authors else []) + noted, record.note)
    if notes:
        ref["N1"] = notes
    return ref


def written(record: Record, registry: VenueRegistry) -> dict[str, list[str]]:
    """The values of each tag the record's typed fields are written as, without what it
    keeps verbatim: what the reader compares a file's record with (:func:`_kept_verbatim`)."""
    return {tag: value if isinstance(value, list) else [value]
            for tag, value in reference(record, registry).items()}


def _with_verbatim(record: Record, registry: VenueRegistry) -> dict[str, Any]:
    """The record's tags, with those it keeps verbatim in place of the typed ones of the
    same tag (every value of that tag, in order), the others after them."""
    ref = reference(record, registry)
    kept: dict[str, list[str]] = {}
    for verbatim in record.extra:
        if verbatim.format == "ris":
            kept.setdefault(verbatim.name, []).append(verbatim.value)
    for tag, values in kept.items():
        ref[tag] = values if len(values) > 1 or tag in _LIST_TAGS else values[0]
    return ref


def unwritten(records: Sequence[Record]) -> list[PlbibError]:
    """One warning per record with a date RIS has no place for: circa, uncertain or a
    season (``YYYY/MM/DD/`` has none; a range, which RIS has no form for either, is
    written as biblatex's text, which the reader reads back, but for an unknown end,
    which is written as open: RIS reads ``1988/`` as a year)."""
    out = []
    for record in records:
        # the record's date and those with a tag of their own (Y2); the others go to note
        # lines as biblatex's text, which keeps everything
        dates = [(name, date) for name, date in record.dates()
                 if name == "date" or "ris" in MAPPED[name]]
        before = [f"{name} {date}" for name, date in dates if date.year < 0]
        lost = [f"{name} {date}" for name, date in dates if date.year > 0 and (
            (date.end is None and (date.circa or date.uncertain or date.season))
            or date.end == UNKNOWN_END)]
        if before:
            out.append(PlbibError(
                f"RIS has no place for a year before the common era ({', '.join(before)}): "
                "left out", key=record.key, severity=Severity.WARNING,
                hint="BibTeX, BibLaTeX, CSL-JSON and the canonical YAML keep it"))
        if lost:
            out.append(PlbibError(
                "RIS has no place for a date that is circa, uncertain or a season, nor for "
                f"a range's unknown end ({', '.join(lost)}): written as its year (and "
                "month, day), an unknown end as an open one",
                key=record.key, severity=Severity.WARNING,
                hint="BibTeX, BibLaTeX, CSL-JSON and the canonical YAML keep it"))
    return out


def write(records: Sequence[Record], *, venues: VenueRegistry | None = None) -> str:
    """The records as RIS; deterministic (same records, same bytes)."""
    registry = venue_registry(records, venues)
    if not records:
        return ""
    refs = [_with_verbatim(r, registry) for r in records]
    # the tags kept verbatim are any a file had (EndNote's, an exporter's own)
    tags = {tag for ref in refs for tag in ref}
    mapping = _MAPPING | {tag: tag.lower() for tag in tags if tag not in _MAPPING}
    list_tags = sorted(set(_LIST_TAGS) | {tag for ref in refs for tag, value in ref.items()
                                          if isinstance(value, list)})
    writer = _Writer(mapping=mapping, list_tags=list_tags, delimiter_tags_mapping={})
    text: str = writer.formats([{mapping[tag]: value for tag, value in ref.items()}
                                for ref in refs])
    return text


# =========================================================================== reading

_TYPES_IN = {
    **{t: EntryType.CONFERENCE_PAPER for t in ("CONF", "CPAPER")},
    **{t: EntryType.JOURNAL_ARTICLE for t in ("JOUR", "EJOUR", "JFULL", "MGZN", "NEWS",
                                               "ABST", "INPR")},
    **{t: EntryType.BOOK for t in ("BOOK", "EBOOK", "EDBOOK", "CLSWK", "SER")},
    **{t: EntryType.BOOK_CHAPTER for t in ("CHAP", "ECHAP")},
    "THES": EntryType.THESIS,
    **{t: EntryType.REPORT for t in ("RPRT", "GOVDOC", "STAND")},
    **{t: EntryType.MISC for t in ("GEN", "ELEC", "MANSCPT", "UNPB", "UNPD", "PAMP", "COMP",
                                    "DATA", "DBASE", "BLOG", "SLIDE", "ICOMM", "PCOMM",
                                    "AGGR", "ANCIENT", "CTLG", "DICT", "ENCYC", "GRNT",
                                    "MULTI", "PAT", "HEAR", "BILL", "CASE", "STAT", "ART",
                                    "SOUND", "VIDEO", "MPCT", "MAP", "CHART", "FIGURE",
                                    "EQUA", "LEGAL", "MUSIC", "UNBILL", "EDBOOK")},
}
_INITIAL = re.compile(r"^[A-Z]\.?(?:-[A-Z]\.?)?$")
_LINE = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?:\s(.*))?$")
_COUNTER = re.compile(r"^\d+\.?$")  # rispy's and some exporters' record counters
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s/?#]+?)(?:v\d+)?(?:\.pdf)?$")
_PARSER = RisParser()
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")


@dataclass
class _RawRecord:
    line: int
    tags: list[tuple[int, str, str]] = field(default_factory=list)

    def values(self, *tags: str) -> list[str]:
        return [v for _, t, v in self.tags if t in tags and v]

    def first(self, *tags: str) -> str | None:
        for tag in tags:  # in order of preference
            found = self.values(tag)
            if found:
                return found[0]
        return None

    def line_of(self, *tags: str) -> int:
        return next((n for n, t, _ in self.tags if t in tags), self.line)

    @property
    def key(self) -> str | None:
        return self.first("ID")


def _tag_line(line: str) -> tuple[str | None, str]:
    """rispy's grammar (``XX  - value``), also accepting the one-space ``XX - value`` some
    exporters write."""
    tag, value = _PARSER.parse_line(line)
    if tag is not None:
        return tag, value
    match = _LINE.match(line)
    if match:
        return match.group(1), (match.group(2) or "").strip()
    return None, line.strip()


def _split_records(text: str, problems: list[Diagnostic]) -> list[_RawRecord]:
    """The records of a RIS text. Text outside them (a database's ``Record #1 of 2`` and
    ``Provider:`` lines before each record) is left out with a warning, a block of lines
    once, as Zotero's import and rispy skip it (it is no data, and a BibTeX file has no
    safe place for free text with an ``@``); a text with no record at all is an error."""
    records: list[_RawRecord] = []
    current: _RawRecord | None = None
    outside = False  # in a block of text outside records
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        if not line.strip():
            continue
        tag, value = _tag_line(line)
        if tag == "TY":
            outside = False
            if current is not None:
                problems.append(Diagnostic(SyntaxProblem,
                    f"the record starting on line {current.line} has no 'ER' before the "
                    "next 'TY'", line=current.line, key=current.key,
                    hint="end every record with a line 'ER  - '"))
            current = _RawRecord(number, [(number, "TY", value)])
        elif tag == "ER":
            if current is None:
                problems.append(Diagnostic(SyntaxProblem, "'ER' without a record", line=number,
                                              hint="a record starts with 'TY  - '"))
            else:
                records.append(current)
            current = None
        elif current is None:
            if _COUNTER.match(line.strip()):  # rispy's writer and others number records
                continue
            if not outside:
                problems.append(Diagnostic(SyntaxProblem,
                    "text outside a record is no RIS: left out", line=number,
                    severity=Severity.WARNING,
                    hint="records start with 'TY  - ' and end with 'ER  - '"))
            outside = True
        elif tag is None:  # a continuation line: the value goes on
            last_number, last_tag, last_value = current.tags[-1]
            current.tags[-1] = (last_number, last_tag, f"{last_value} {value}".strip())
        else:
            current.tags.append((number, tag, value))
    if current is not None:
        problems.append(Diagnostic(SyntaxProblem,
            f"the record starting on line {current.line} never ends", line=current.line,
            key=current.key, hint="end every record with a line 'ER  - '"))
    if not records and current is None and text.strip():
        problems.append(Diagnostic(SyntaxProblem, "the text has no RIS record", line=1,
                                   hint="a RIS record starts with 'TY  - ' and ends with "
                                        "'ER  - '; is this another format?"))
    return records


_ARXIV_CONTAINERS = frozenset({"arxiv", "corr", "arxiv preprint", "arxiv e-prints"})


def _preprint_or(entry_type: EntryType, raw: _RawRecord, archive: str) -> EntryType:
    """Preprints: plbib's reports of type "preprint", and what others export for an arXiv
    paper (a journal article "in" arXiv, a generic or unpublished work with an arXiv id)."""
    if entry_type is EntryType.REPORT:
        work_type = (raw.first("M3") or "").strip().lower()
        return EntryType.PREPRINT if work_type == PREPRINT_WORK_TYPE else entry_type
    container = (raw.first("T2", "JO", "JF") or "").strip().lower()
    if entry_type is EntryType.JOURNAL_ARTICLE and (
            container in _ARXIV_CONTAINERS or container.startswith("arxiv preprint")):
        return EntryType.PREPRINT
    ris_type = (raw.first("TY") or "").upper()
    has_arxiv = archive == "arxiv" or any("arxiv.org/" in u for u in raw.values("UR"))
    if ris_type in ("GEN", "UNPB", "UNPD", "ELEC") and has_arxiv:
        return EntryType.PREPRINT
    return entry_type


def _name(text: str) -> Name:
    """``Family, Given[, Suffix]``; without a comma, a name with initials (IEEE Xplore's
    ``S. Hong``) is a person and anything else an organisation."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        words = text.split()
        if len(words) > 1 and any(_INITIAL.match(w) for w in words[:-1]):
            return Name(family=words[-1], given=" ".join(words[:-1]))
        return Name(literal=text.strip())
    particle, family = split_particle(parts[0].split())
    if not family:
        return Name(literal=text.strip())
    return Name(family=" ".join(family), particle=" ".join(particle), given=parts[1],
                suffix=", ".join(parts[2:]))


def _date(raw: _RawRecord) -> tuple[int | None, int | None, str | None]:
    """(year, month, problem) from DA, PY or Y1: ``2022``, ``2022/07/``, ``2022/07/11/``,
    and IEEE Xplore's ``25 Feb.-1 March 2023``."""
    year = month = None
    unreadable = None
    for tag in ("DA", "PY", "Y1"):
        value = raw.first(tag)
        if not value:
            continue
        match = re.match(r"^\s*(\d{4})(?:[/-](\d{1,2})?)?", value)
        if match is not None:
            year = year or int(match.group(1))
            if month is None and match.group(2) and 1 <= int(match.group(2)) <= 12:
                month = int(match.group(2))
            continue
        loose = re.search(r"\b(\d{4})\b", value)
        if loose is None:
            unreadable = unreadable or f"cannot read the date {value!r} ({tag})"
            continue
        year = year or int(loose.group(1))
        if month is None:
            month = month_in(value)
    return year, month, unreadable if year is None else None


def _day_and_end(value: str | None, year: int | None, month: int | None
                 ) -> dict[str, object]:
    """The day and a range's end of a ``DA`` whose year and month are the record's
    (``2022/07/11/``; a range, which RIS has no form for, as ISO 8601's ``1984/1986``)."""
    full = _full_date(value)
    if isinstance(full, str):
        try:
            full = Date.parse(full)
        except ValueError:
            return {}
    return full.beyond(year, month) if full is not None else {}


_RIS_DATE = re.compile(r"(\d{4})(?:/(\d{1,2})?(?:/(\d{1,2})?)?(?:/.*)?)?")


def _full_date(value: str | None) -> Date | str | None:
    """A date tag other than the publication date's (Y2): RIS's ``2020/05/17/`` form, else
    the text for the validation to read as ISO 8601 (a time of day, which no Date holds,
    is kept as written: :func:`_kept_verbatim`)."""
    if not value:
        return None
    match = _RIS_DATE.fullmatch(value.strip())
    if match is not None and "-" not in value:
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            return Date(year or 0, month, day)
        except ValueError:
            return value
    return value


def _keywords(values: list[str], section: object) -> list[str]:
    """The KW values but the list's section, which the writer gives as the first one."""
    return values[1:] if values and values[0] == section else values


#: the tags a field is read from (its lines, for problems)
_TAGS_OF = {"title": ("TI", "T1"), "authors": ("AU", "A1"), "year": ("DA", "PY", "Y1"),
            "doi": ("DO",), "pages": ("SP", "EP"), "url": ("UR",), "key": ("ID",),
            "container_title": ("C3", "T2"), "venue": ("J2", "T2"), "isbn": ("SN",),
            "keywords": ("KW",),
            **{name: (meta["ris"],) for name, meta in MAPPED.items() if "ris" in meta}}


class _Reader:
    def __init__(self, registry: VenueRegistry, problems: list[Diagnostic]) -> None:
        self.registry = registry
        self.problems = problems
        self.taken = TakenKeys()
        #: each record as read, by key (:func:`_kept_verbatim`)
        self.originals: dict[str, _RawRecord] = {}

    def warn(self, raw: _RawRecord, tag: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(PlbibError, message, key=raw.key, field=tag,
                                        line=raw.line_of(tag), hint=hint,
                                        severity=Severity.WARNING))

    def read(self, raw: _RawRecord) -> RecordDraft:
        """The record as a draft; tags plbib has no place for, or reads for something
        else, are kept as written (:func:`_kept_verbatim`), and so is a type it has no
        kind for (a misc, with a warning)."""
        ris_type = raw.first("TY") or ""
        notes, rest = notefields.read(raw.values("N1"))
        noted_kind = notes.get("kind")
        kind = noted_kind if isinstance(noted_kind, str) and noted_kind in KINDS else \
            FROM_RIS.get(ris_type.upper())
        entry_type = KINDS[kind].entry_type if kind is not None else \
            _TYPES_IN.get(ris_type.upper())
        if entry_type is None:
            self.warn(raw, "TY", f"unknown RIS type {ris_type!r}: read as misc, and kept "
                      "as written", "the standard RIS types are CONF, JOUR, RPRT, BOOK, "
                      "CHAP, THES, GEN …")
            entry_type = EntryType.MISC
        archive = (raw.first("DB") or "").lower()
        entry_type = _preprint_or(entry_type, raw, archive)
        year, month, date_problem = _date(raw)
        if date_problem:  # kept as written (_kept_verbatim): no year, not no record
            self.problems.append(Diagnostic(InvalidValueError,
                f"{date_problem}; kept as written", key=raw.key, field="year",
                line=raw.line_of("DA", "PY", "Y1"), severity=Severity.WARNING,
                hint="the record has no year; its tags are written back as they were "
                     "(a date is PY  - 2022 or DA  - 2022/07/)"))
        authors = [_name(a) for a in raw.values("AU", "A1")]
        data: dict[str, Any] = {
            "type": entry_type, "kind": kinds.of(kind, entry_type) if kind else None,
            "title": _title(raw.first("TI", "T1")),
            "authors": authors,
            "editors": [_name(a) for a in raw.values("A2", "ED")],
            "year": year, "month": month, **_day_and_end(raw.first("DA"), year, month),
            "volume": raw.first("VL"), "issue": raw.first("IS"), "number": raw.first("M1"),
            "pages": _pages(raw), "publisher": raw.first("PB"),
            "event_place": raw.first("C1"), "isbn": self._isbn(raw), "doi": _doi(raw),
            "url": raw.first("UR"), "affiliation": raw.first("AD") or notes.get("affiliation"),
            "section": notes.get("section"),
            "keywords": _keywords(raw.values("KW"), notes.get("section")),
            "note": notes.pop("note", None) or (" ".join(rest) if rest else None),
        }
        for name in ("series_number", "code", "link", "aliases"):
            data[name] = notes.get(name)
        volume_title = notes.get("volume_title")
        if isinstance(volume_title, str):
            data["volume_title"] = _title(volume_title)
        for name, meta in MAPPED.items():
            tag = meta.get("ris")
            if tag is None:
                noted = notes.get(name)
                data[name] = [_name(n) for n in noted] if isinstance(noted, list) else noted
            elif meta["kind"] == "names":
                data[name] = [_name(n) for n in raw.values(tag)]
            elif meta["kind"] == "date":
                data[name] = _full_date(raw.first(tag))
            else:
                data[name] = raw.first(tag)
        url, doi = data["url"], data["doi"]
        if url and doi and is_doi_link(url, doi):
            data["url"] = None  # the DOI's resolver link (ACM DL) says nothing the DOI does not
        self._container_and_venue(raw, data, entry_type)
        self._arxiv(raw, data, archive)
        data["key"] = self._key(raw, data)
        self.originals[data["key"]] = raw
        present = {k for k, v in data.items() if v is not None and v != []}
        return RecordDraft.of_reader(data, more_authors=bool(notes.get("more_authors")),
                                     reported={"year"} if date_problem else set(),
                                     line=raw.line, origins={
                                         name: Origin(raw.line_of(*tags), tags[0])
                                         for name, tags in _TAGS_OF.items() if name in present},
                                     verbatim=partial(_verbatim_of, raw))

    def _container_and_venue(self, raw: _RawRecord, data: dict[str, Any],
                             entry_type: EntryType) -> None:
        if entry_type is EntryType.CONFERENCE_PAPER:
            container = raw.first("C3", "BT", "T2")
            event = raw.first("T2", "JO")
        else:
            container = raw.first("T2", "JF", "JO", "BT")
            event = None
        data["container_title"] = _title(container)
        venue = self.registry.recognise(raw.first("J2", "JA"), event, container,
                                        year=data["year"])
        if venue is None and entry_type is EntryType.PREPRINT:
            venue = self.registry.get("arXiv")
        if venue is not None:
            data["venue"] = venue.short
        elif entry_type in (EntryType.CONFERENCE_PAPER, EntryType.JOURNAL_ARTICLE) and \
                (container or event):
            self.warn(raw, "T2", "the venue is not in the registry; the proceedings or "
                                 "journal title is kept as written",
                      "add the venue to venues.yaml to have it recognised")

    @staticmethod
    def _arxiv(raw: _RawRecord, data: dict[str, Any], archive: str) -> None:
        accession = raw.first("AN")
        if accession and archive == "arxiv":
            data["arxiv"] = accession.removeprefix("arXiv:")
            return
        for url in raw.values("UR", "L1", "L2"):
            match = _ARXIV_URL.search(url)
            if match:
                data["arxiv"] = match.group(1)
                return
        from_doi = arxiv_from_doi(data.get("doi") or "")
        if from_doi:
            data["arxiv"] = from_doi

    def _isbn(self, raw: _RawRecord) -> str | None:
        """``SN`` is an ISBN or an ISSN (IEEE Xplore and EndNote put the ISSN there); plbib
        keeps ISBNs only."""
        value = raw.first("SN")
        if value and _ISSN.match(value.strip()):
            return None  # kept as written (_kept_verbatim)
        return value

    def _key(self, raw: _RawRecord, data: dict[str, Any]) -> str:
        """``ID`` when it is a usable citation key (EndNote writes numbers, which are), else
        the key rule's."""
        ident = (raw.key or "").strip()
        if ident and KEY_PATTERN.match(ident) and ident not in self.taken:
            self.taken.add(ident)
            return ident
        key = key_for(data, self.taken)
        if ident:
            self.warn(raw, "ID", f"the ID {ident!r} is not a usable citation key; the key "
                                 f"rule gives {key!r}")
        return key


def _title(text: str | None) -> Title | None:
    return Title.plain(" ".join(text.split())) if text and text.strip() else None


def _pages(raw: _RawRecord) -> str | None:
    first, last = raw.first("SP"), raw.first("EP")
    if first and last and "-" not in first:
        return f"{first}-{last}"
    return first or last


def _doi(raw: _RawRecord) -> str | None:
    doi = raw.first("DO")
    return bare_doi(doi) if doi else None


def read(text: str, *, file: str | None = None, lenient: bool = False,
         venues: VenueRegistry) -> PaperList:
    """Records from RIS text.

    Raises :class:`~plbib.errors.ValidationFailed` naming every problem (line, ID, tag);
    with ``lenient`` the good records are kept and every problem is in ``warnings``.
    """
    registry = venues
    problems: list[Diagnostic] = []
    raw_records = _split_records(text, problems)
    reader = _Reader(registry, problems)
    drafts = [reader.read(raw) for raw in raw_records]
    sections = list(dict.fromkeys(str(d.values["section"]) for d in drafts
                                  if d.values.get("section")))
    # the required fields are the curated list's policy: here a warning (complete=False)
    papers = validation.validate(drafts, sections=sections, file=file, venues=registry,
                                 lenient=lenient, earlier=problems, complete=False,
                                 repeats_refused=False)
    return _kept_verbatim(papers, reader.originals, registry)


def _verbatim_of(raw: _RawRecord, field: str) -> Verbatim | None:
    """The tag a typed field was read from, as written (for a value the validation
    refuses: ``DO  - not-a-doi``)."""
    for tag in _TAGS_OF.get(field, ()):
        value = raw.first(tag)
        if value:
            return Verbatim("ris", tag, value)
    return None


def _kept_verbatim(papers: PaperList, originals: Mapping[str, _RawRecord],
                   registry: VenueRegistry) -> PaperList:
    """Each record with the tags the writer would not give back with the same values kept
    verbatim, every value of such a tag in order: tags the model has no place for
    (``AB``, ``N2``, ``LA``, ``Y2``, ``L1``, an exporter's own), several ``KW``, an
    ``SN`` that is an ISSN, the type where the writer would write another (``TY  - GEN``
    is written ``MANSCPT``), a value the checks refuse. The writer puts them back."""
    def keep(record: Record) -> Record:
        raw = originals.get(record.key)
        if raw is None:
            return record
        theirs = written(record, registry)
        groups: dict[str, list[str]] = {}
        for _, tag, value in raw.tags:
            if value:
                groups.setdefault(tag, []).append(value)
        return kept_in_order(record, (Verbatim("ris", tag, value)
                                      for tag, values in groups.items()
                                      if theirs.get(tag, []) != values for value in values),
                             theirs)

    return each_record(papers, keep)


__all__ = ["RIS_TYPES", "read", "reference", "ris_name", "write"]
