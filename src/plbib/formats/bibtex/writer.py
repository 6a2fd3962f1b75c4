"""BibTeX and BibLaTeX written from records (choices: docs/bibtex.md)."""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

from ... import latex
from ...kinds import FROM_BIBLATEX, KINDS, OWN_NUMBER
from ...model import ENTRY_TYPE, MAPPED, Date, EntryType, Record, Title, title_joint, year_text
from ...venues import Venue, VenueKind, VenueRegistry
from .. import venue_registry
from .names import format_names
from .values import MONTH_MACROS

_BIBTEX_TYPES = {
    EntryType.CONFERENCE_PAPER: "inproceedings", EntryType.JOURNAL_ARTICLE: "article",
    EntryType.PREPRINT: "misc", EntryType.BOOK: "book", EntryType.BOOK_CHAPTER: "incollection",
    EntryType.THESIS: "phdthesis", EntryType.REPORT: "techreport", EntryType.MISC: "misc",
}
_BIBLATEX_TYPES = {**_BIBTEX_TYPES, EntryType.THESIS: "thesis", EntryType.REPORT: "report"}

_EVERY_TYPE = frozenset({"author", "title", "date", "doi", "url", "eprint", "eprinttype",
                         "keywords", "note", "shortjournal", "editor"})
#: of the fields plbib writes, those biblatex's data model (blx-dm.def) has for each entry
#: type; the BibLaTeX export leaves the others out (biber --validate-datamodel: "Invalid
#: field 'publisher' for entrytype 'article'"; plbib's own affiliation, code, link and
#: aliases are in no type). docs/bibtex.md lists what is left out; the BibTeX export keeps
#: all of it.
_BIBLATEX_FIELDS: dict[str, frozenset[str]] = {
    "inproceedings": _EVERY_TYPE | {"booktitle", "maintitle", "eventtitle", "venue", "volume",
                                    "number", "eid", "pages", "publisher", "isbn"},
    "article": _EVERY_TYPE | {"journaltitle", "issuetitle", "volume", "number", "issue", "eid",
                              "pages"},
    "misc": _EVERY_TYPE,
    "book": _EVERY_TYPE | {"maintitle", "volume", "number", "eid", "pages", "publisher",
                           "isbn"},
    "incollection": _EVERY_TYPE | {"booktitle", "maintitle", "volume", "number", "eid",
                                   "pages", "publisher", "isbn"},
    "thesis": (_EVERY_TYPE - {"editor"}) | {"type", "institution", "eid", "pages"},
    "report": (_EVERY_TYPE - {"editor"}) | {"type", "institution", "number", "eid", "pages"},
}

#: the biblatex types of kinds that Zotero's BibTeX import reads (the others it discards,
#: docs/formats.md): the BibTeX export writes a kind of another type as its entry type's,
#: the kind in plbib's own ``kind`` field
ZOTERO_BIBTEX_TYPES = frozenset({"article", "patent", "letter", "movie", "artwork", "audio",
                                 "video", "legislation", "jurisdiction", "inreference",
                                 "online", "software", "booklet"})


def entry_type_name(record: Record, biblatex: bool) -> str:
    """The entry type the record is written as (without one kept from a file): its kind's
    biblatex type where that type says the kind (@patent, @online; BibTeX: where Zotero
    reads it), else its entry type's (a magazine article is an @article)."""
    if record.kind is not None:
        name = KINDS[record.kind].biblatex
        if name in FROM_BIBLATEX and (biblatex or name in ZOTERO_BIBTEX_TYPES):
            return name
    if not biblatex and record.type is EntryType.THESIS and record.genre == MASTERS_THESIS:
        return "mastersthesis"  # BibTeX's own type for it (bibtex prints the genre)
    return (_BIBLATEX_TYPES if biblatex else _BIBTEX_TYPES)[record.type]


#: crossref fields that describe the paper citing an entry, not the entry it cites: the
#: reader does not inherit them, so the writer never leaves them to inheritance
NOT_INHERITED = frozenset({"title", "crossref", "author", "doi", "url", "eprint",
                           "eprinttype", "archiveprefix", "pages", "note", "keywords",
                           "timestamp", "biburl", "bibsource"})

#: the first line of every file plbib writes (the reader does not keep it as a comment)
HEADER = "% Written by plbib; the canonical data is YAML (see docs/format.md)."


#: the entry types whose ``number`` is their number in the series: pandoc reads it as CSL's
#: collection-number (citation-js agrees for books, and makes a paper's its issue); an
#: article's number is its issue, a report's its own number
IN_SERIES = frozenset({EntryType.BOOK, EntryType.BOOK_CHAPTER, EntryType.CONFERENCE_PAPER})

#: the ``type`` the BibLaTeX export gives a thesis and a report without a genre (biblatex
#: requires one): what BibTeX's @phdthesis and @techreport say, so read as no genre
DEFAULT_GENRES = {EntryType.THESIS: "phdthesis", EntryType.REPORT: "techreport"}
#: biblatex's localisation keys for a ``type`` (english.lbx) -> what biblatex prints for
#: them, which is the genre (as pandoc reads them into CSL's genre; a style printing the
#: genre would print ``mathesis``). The reader reads a key as its term, save the type's
#: default (above: no genre); the BibLaTeX export writes a term as its key again.
GENRE_KEYS = {
    "bathesis": "Bachelor's thesis", "mathesis": "Master's thesis", "phdthesis": "PhD thesis",
    "candthesis": "Candidate thesis", "resreport": "research report",
    "techreport": "technical report", "software": "computer software", "datacd": "CD-ROM",
    "audiocd": "audio CD", "patent": "patent", "patentde": "German patent",
    "patenteu": "European patent", "patentfr": "French patent", "patentuk": "British patent",
    "patentus": "U.S. patent", "patreq": "patent request", "patreqde": "German patent request",
    "patreqeu": "European patent request", "patreqfr": "French patent request",
    "patrequk": "British patent request", "patrequs": "U.S. patent request",
}
_GENRE_TERMS = {term: key for key, term in GENRE_KEYS.items()}
#: the genre BibTeX's @mastersthesis says
MASTERS_THESIS = GENRE_KEYS["mathesis"]

#: the BibTeX and BibLaTeX names of the fields every format has a place for (model.MAPPED)
MAPPED_FIELDS = frozenset(meta[dialect] for meta in MAPPED.values()
                          for dialect in ("bibtex", "biblatex"))
#: BibTeX's name of a field -> the name(s) the BibLaTeX writer writes it under instead
DIALECT_NAMES: dict[str, tuple[str, ...]] = {
    "journal": ("journaltitle",), "year": ("date",), "month": ("date",),
    "articleno": ("eid",), "school": ("institution",),
    **{meta["bibtex"]: (meta["biblatex"],) for meta in MAPPED.values()
       if meta["biblatex"] != meta["bibtex"]}}
#: every field name a writer variant (BibTeX, BibLaTeX) can write of the typed fields: a
#: field outside it is never the writer's, whatever the variant (the reader stops trying)
WRITABLE = MAPPED_FIELDS | {
    "author", "editor", "title", "booktitle", "journal", "journaltitle", "eventtitle",
    "shortjournal", "venue", "volume", "number", "issue", "eid", "articleno", "pages",
    "publisher", "school", "institution", "type", "date", "year", "month", "isbn", "doi",
    "url", "eprint", "eprinttype", "archiveprefix", "howpublished", "note", "keywords",
    "section", "affiliation", "code", "link", "aliases", "kind", "seriesnumber",
    "maintitle", "issuetitle", "volumetitle"}
#: those written in a place of their own among the typed fields (beside their kin); the
#: others follow the keywords, in the model's order
_MAPPED_PLACED = frozenset({"translators", "container_authors", "short_title", "series",
                            "edition", "part", "publisher_place", "genre", "issn",
                            "accessed"})
_MAPPED_AT_THE_END = tuple(name for name, meta in MAPPED.items()
                           if name not in _MAPPED_PLACED)


@dataclass(frozen=True)
class WriteOptions:
    biblatex: bool = False
    #: braced LaTeX accents (pdflatex, IEEEtran) rather than raw UTF-8 (biber, xelatex)
    ascii_only: bool = True


def _venue(record: Record, registry: VenueRegistry) -> Venue | None:
    return registry.get(record.venue) if record.venue else None


def _container(record: Record, venue: Venue | None, options: WriteOptions) -> str | None:
    if record.container_title:
        return _encoded_container(record.container_title, options.ascii_only)
    if venue is not None:
        text = venue.container_title(record.year)
        return latex.encode(text, options.ascii_only)
    return None


@lru_cache(maxsize=4096)  # a list names the same proceedings and journals again and again
def _encoded_container(title: Title, ascii_only: bool) -> str:
    return latex.encode_title(title, ascii_only)


def _typed_fields(record: Record, options: WriteOptions, registry: VenueRegistry,
                  names: bool = True) -> list[tuple[str, str, bool]]:
    """(name, value, braced) of the record's typed fields in the order written; values
    already in BibTeX syntax. Without ``names``, author and editor are left out (their
    formatting is most of the time spent here, and the reader needs no more than to know
    they are there)."""
    enc = options.ascii_only
    venue = _venue(record, registry)
    kind = record.type
    out: list[tuple[str, str, bool]] = []

    def add(name: str, value: str | None, braced: bool = True) -> None:
        if value:
            out.append((name, value, braced))

    if record.authors or record.more_authors:
        add("author", format_names(record.authors, record.more_authors, enc) if names
            else "…")
    if record.editors:
        add("editor", format_names(record.editors, False, enc) if names else "…")
    if record.translators:
        add("translator", format_names(record.translators, False, enc) if names else "…")
    if record.container_authors:
        add("bookauthor", format_names(record.container_authors, False, enc) if names
            else "…")
    add("title", latex.encode_title(record.title, enc))
    # most records have none of these: one C-level look at them all; then only the present
    # ones are encoded
    values = _MAPPED_VALUES(record)
    present = dict(compress(zip(MAPPED, values, strict=True), values)) if any(values) \
        else {}
    has_mapped = bool(present)
    mapped: Any = _mapped_text(present, options) if has_mapped else None
    if has_mapped:
        add("shorttitle", mapped("short_title"))
    container = _container(record, venue, options)
    volume_title = latex.encode_title(record.volume_title, enc) if record.volume_title \
        else None
    if kind in (EntryType.CONFERENCE_PAPER, EntryType.BOOK_CHAPTER):
        if volume_title:  # a volume of a multi-volume work (biblatex's maintitle)
            add("maintitle", container)
        add("booktitle", volume_title or container)
    elif kind is EntryType.BOOK and record.container_title:
        add("maintitle", container)
    elif record.container_title or kind is EntryType.JOURNAL_ARTICLE:
        add("journaltitle" if options.biblatex else "journal", container)
    if volume_title and kind not in (EntryType.CONFERENCE_PAPER, EntryType.BOOK_CHAPTER):
        # an issue's title; plbib's own field where BibTeX has none (BibLaTeX: warned)
        add("issuetitle" if kind is EntryType.JOURNAL_ARTICLE else "volumetitle",
            volume_title)
    if has_mapped:
        add("series", mapped("series"))
        add("edition", mapped("edition"))
    if venue is not None and venue.kind in (VenueKind.CONFERENCE, VenueKind.WORKSHOP):
        add("eventtitle", latex.encode(venue.name, enc))
    elif venue is not None and venue.kind is VenueKind.JOURNAL:
        add("shortjournal", latex.encode(venue.short, enc))
    if record.event_place:
        add("venue", latex.encode(record.event_place, enc))
    add("volume", latex.encode(record.volume, enc) if record.volume else None)
    if has_mapped:
        add("part", mapped("part"))
    if kind is EntryType.REPORT or record.kind in OWN_NUMBER:
        add("number", latex.encode(record.number, enc) if record.number else None)
        if record.issue:
            add("issue", latex.encode(record.issue, enc))
    else:
        if kind in IN_SERIES:  # a book's number is its number in the series
            if record.series_number:
                add("number", latex.encode(record.series_number, enc))
            if record.issue:
                add("issue", latex.encode(record.issue, enc))
        elif record.issue:
            add("number", latex.encode(record.issue, enc))
        if record.number:
            add("eid" if options.biblatex else "articleno", latex.encode(record.number, enc))
    if record.series_number and kind not in IN_SERIES:
        # no field of BibTeX's in this type: plbib's own (BibLaTeX leaves it out, warned)
        add("seriesnumber", latex.encode(record.series_number, enc))
    if record.pages:
        add("pages", latex.encode(record.pages.format("--"), enc).replace("-{}-", "--"))
    if record.publisher:
        publisher_field = {EntryType.THESIS: "institution" if options.biblatex else "school",
                           EntryType.REPORT: "institution"}.get(kind, "publisher")
        add(publisher_field, latex.encode(record.publisher, enc))
    if has_mapped:
        add("location" if options.biblatex else "address", mapped("publisher_place"))
    genre = mapped("genre") if has_mapped else None
    if genre:
        if options.biblatex:  # a term as its key, save the default's (that is no genre)
            key = _GENRE_TERMS.get(record.genre or "")
            if key is not None and key != DEFAULT_GENRES.get(kind):
                genre = key
        elif kind is EntryType.THESIS and record.genre == MASTERS_THESIS:
            genre = None  # what @mastersthesis says
        add("type", genre)
    elif options.biblatex and kind in (EntryType.THESIS, EntryType.REPORT):
        # biblatex requires it; the kinds BibTeX's @phdthesis and @techreport say
        add("type", DEFAULT_GENRES[kind])
    _add_date(add, record, options)
    add("isbn", record.isbn)
    if has_mapped:
        add("issn", mapped("issn"))
    add("doi", record.doi)
    add("url", _verbatim(record.url))
    if has_mapped:
        add("urldate", mapped("accessed"))
    if record.arxiv:
        add("eprint", record.arxiv)
        add("eprinttype", "arxiv")
        if not options.biblatex:
            add("archiveprefix", "arXiv")
            if kind is EntryType.PREPRINT:
                add("howpublished", f"arXiv:{record.arxiv}")
    add("note", latex.encode(record.note, enc) if record.note else None)
    if record.section or record.keywords:
        # the section first, as a keyword too: reference managers make keywords tags
        words = [record.section] if record.section else []
        add("keywords", latex.encode(", ".join([*words, *record.keywords]), enc))
    if has_mapped:
        dialect = "biblatex" if options.biblatex else "bibtex"
        for name in _MAPPED_AT_THE_END:  # language, abstract, origdate …
            if name in present:
                add(MAPPED[name][dialect], mapped(name))
    # plbib's own fields: no style prints them, and bibtex, biber and importers skip them
    add("section", latex.encode(record.section, enc) if record.section else None)
    add("affiliation", latex.encode(record.affiliation, enc) if record.affiliation else None)
    add("code", _verbatim(record.code))
    add("link", _verbatim(record.link))
    if record.aliases:
        add("aliases", "".join("{" + latex.encode(a, enc) + "}" for a in record.aliases))
    return out


_MAPPED_VALUES = operator.attrgetter(*MAPPED)


def _mapped_text(present: dict[str, Any], options: WriteOptions) -> Any:
    """A function giving a field every format has a place for (model.MAPPED; ``present``:
    the record's, by name) in BibTeX syntax: text encoded, names as BibTeX's, a date in
    ISO 8601 (biblatex's form)."""
    def text(name: str) -> str | None:
        value = present.get(name)
        if value is None:
            return None
        if isinstance(value, Date):
            return str(value)
        if isinstance(value, tuple):  # names
            return format_names(value, False, options.ascii_only) if value else None
        return latex.encode(value, options.ascii_only)
    return text


def _verbatim(url: str | None) -> str | None:
    """URLs are written as they are, but a brace would unbalance the entry."""
    return url.replace("{", "%7B").replace("}", "%7D") if url else None


def _add_date(add: Any, record: Record, options: WriteOptions) -> None:
    year = record.year
    if year is None:
        return
    # a year of the common era, or a month of it (most records): no Date made (every
    # record is written once more when read, to compare: _kept_verbatim)
    plain = year > 0 and not (record.day or record.date_end or record.circa
                              or record.uncertain or record.season)
    if options.biblatex:
        add("date", str(record.issued) if not plain else
            f"{year:04d}-{record.month:02d}" if record.month else f"{year:04d}")
    else:
        add("year", year_text(year))  # 50 BC: bibtex's styles print it as it is
        if record.month:
            add("month", MONTH_MACROS[record.month - 1], False)
        if not plain:  # a day, a range, circa, a season, an era: for biber and Zotero,
            add("date", str(record.issued))  # which read date before year


def _typed_entry(record: Record, options: WriteOptions, registry: VenueRegistry,
                 kept_type: str | None = None, names: bool = True
                 ) -> tuple[str, list[tuple[str, str, bool]]]:
    """The entry type (``kept_type``, one kept from a file, else plbib's) and the typed
    fields. plbib's own types hold to biblatex's data model in BibLaTeX; a type kept from a
    file (@collection) or a kind's (@patent) brings the fields the record has."""
    own = entry_type_name(record, options.biblatex)
    fields = _typed_fields(record, options, registry, names)
    if options.biblatex and kept_type in (None, own):
        if own not in FROM_BIBLATEX:  # plbib's own types
            allowed = _biblatex_allowed(own)
            fields = [field for field in fields if field[0] in allowed]
        else:  # a kind's type brings every field the record has; plbib's own are in none
            fields = [field for field in fields if field[0] not in _PLBIB_OWN]
    if record.kind is not None and not options.biblatex and \
            FROM_BIBLATEX.get(kept_type or own) != record.kind:
        fields.append(("kind", record.kind, True))  # plbib's own: the type does not say it
    return kept_type or own, fields


def _biblatex_allowed(kind: str) -> frozenset[str]:
    """The typed fields the BibLaTeX writer writes in one of plbib's own entry types: those
    biblatex's data model has for it, and the fields every format has (translator,
    edition …: the user's data, written whatever the type, as kept fields are)."""
    return _BIBLATEX_FIELDS[kind] | MAPPED_FIELDS


#: plbib's own fields: in no biblatex type, left out of every BibLaTeX entry by design
#: (docs/bibtex.md), so not warned of
_PLBIB_OWN = frozenset({"affiliation", "code", "link", "aliases", "section", "kind"})


def biblatex_left_out(record: Record, registry: VenueRegistry) -> list[str]:
    """The typed fields the record's BibLaTeX entry leaves out because biblatex's data
    model has no place for them in its type (a ``publisher`` on an ``@article``), plbib's
    own aside."""
    own = entry_type_name(record, True)
    lost = [f"the kind ({record.kind}: @{own})"] if record.kind is not None and \
        FROM_BIBLATEX.get(own) != record.kind else []
    if own in FROM_BIBLATEX:  # a kind's type brings every field the record has
        return lost
    if record.extra and record.verbatim("bibtex").get(ENTRY_TYPE, own) != own:
        return []  # a type kept from a file brings every field the file gave it
    allowed = _biblatex_allowed(own)
    return [name for name, _, _ in _typed_fields(record, WriteOptions(biblatex=True),
                                                  registry, names=False)
            if name not in allowed and name not in _PLBIB_OWN] + lost


def written(record: Record, options: WriteOptions, registry: VenueRegistry,
            names: bool = True) -> tuple[str, dict[str, str]]:
    """The entry type and fields (name to value in BibTeX syntax, in the order written)
    the record's typed fields are written as, without what it keeps verbatim: what the
    reader compares a file's entry with to know what to keep (reader._kept_verbatim;
    without ``names``, author and editor are "…": there only to be placed)."""
    kind, fields = _typed_entry(record, options, registry, names=names)
    return kind, {name: "{" + value + "}" if braced else value
                  for name, value, braced in fields}


#: fields that hold the same thing in different entry types or dialects: a typed value
#: already written verbatim under another of them is not written again (a manual's
#: ``organization`` read as the publisher is not also its ``publisher``)
ALTERNATIVES = ({"publisher", "school", "institution", "organization", "howpublished"},
                {"language", "langid"},
                 {"journal", "journaltitle", "booktitle", "maintitle"}, {"venue", "location"},
                 {"address", "location"},
                 {"number", "issue", "articleno", "eid"},
                 {"pmid", "eprint"})  # biblatex's eprinttype = {pubmed}
#: a field's other dialect's name where no alternative of its kind covers it (BibTeX's
#: annote is biblatex's annotation; the date has a rule of its own)
_SPELLING = {name: other for first, (second,) in DIALECT_NAMES.items()
             if second != "date" and not any({first, second} <= group
                                              for group in ALTERNATIVES)
             for name, other in ((first, second), (second, first))}


def write_entry(record: Record, options: WriteOptions, registry: VenueRegistry,
                inherited: dict[str, set[str]] | None = None) -> str:
    """One entry: the typed fields, then what the record keeps verbatim for BibTeX in
    place of a typed field of the same name or after them (docs/bibtex.md). With what the
    record's crossref parent gives it (:func:`_inherited`), the typed fields it inherits
    are left to inheritance, as the file had them."""
    kept = record.verbatim("bibtex")
    kind, fields = _typed_entry(record, options, registry, kept.pop(ENTRY_TYPE, None))
    if kept:
        fields = _with_verbatim(fields, kept)
    if inherited is not None:
        fields = [f for f in fields if f[0] in kept or f[0] in NOT_INHERITED
                  or f[1] not in inherited.get(f[0], ())]
    lines = [f"@{kind}{{{record.key},"]
    width = max((len(name) for name, _, _ in fields), default=0)
    for name, value, braced in fields:
        lines.append(f"  {name.ljust(width)} = {'{' + value + '}' if braced else value},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _with_verbatim(fields: list[tuple[str, str, bool]], kept: dict[str, str]
                   ) -> list[tuple[str, str, bool]]:
    """The typed fields with the verbatim ones in place of those of the same name, the
    others after them in their order; a typed value kept verbatim under another name of
    its kind (:data:`ALTERNATIVES`) left out."""
    written = {name for name, _, _ in fields}
    if "location" in kept and "venue" in written and "location" in written:
        # BibLaTeX's location is the publisher's place and its venue the event's: a
        # location kept from a BibTeX file (ACM's, the event's place: the typed venue
        # says it) gives way to them
        venue = next(value for name, value, _ in fields if name == "venue")
        if _same_text(kept["location"], "{" + venue + "}"):
            kept = {name: value for name, value in kept.items() if name != "location"}
    out: list[tuple[str, str, bool]] = []
    for name, value, braced in fields:
        as_kept = "{" + value + "}" if braced else value  # kept values are BibTeX syntax
        other = _SPELLING.get(name)
        if name in kept:
            out.append((name, kept[name], False))
            if name == "date" and "year" not in written and "year" not in kept:
                legacy = _legacy_date(value, kept)
                out += legacy
                written.update(field for field, _, _ in legacy)
        elif other in kept and other not in written:
            # the field as the file spelt it (biblatex's annotation for BibTeX's annote)
            out.append((other, kept[other], False))
            written.add(other)
        elif name == "date" and "year" in kept:
            # the entry is dated as its file dated it (reader: biblatex_dated; a crossref
            # parent's year): the typed month goes with the kept year
            month = value.split("/")[0].split("-")[1:2]
            if month and "month" not in kept:
                out.append(("month", MONTH_MACROS[int(month[0]) - 1], False))
                written.add("month")
        elif not any(_same_text(_kept_title(kept, other), as_kept) for group in ALTERNATIVES
                     if name in group for other in group - {name}):
            out.append((name, value, braced))
    out += [(name, value, False) for name, value in kept.items() if name not in written]
    return out


_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def _legacy_date(typed: str, kept: dict[str, str]) -> list[tuple[str, str, bool]]:
    """BibLaTeX's ``year`` (and ``month``) beside a ``date`` kept as the file wrote it that
    no reader can read (DBLP's ``15/05/84``, which biber ignores): the record's year,
    which the file gave as ``year``, is not lost. None beside a date plbib reads."""
    try:
        Date.parse(kept["date"].strip().strip('{}"'))
        return []
    except ValueError:
        pass
    match = _YEAR_MONTH.fullmatch(typed)
    if match is None or int(match.group(1)) == 0:  # 0000 is 1 BC: no legacy year says it
        return []
    out = [("year", match.group(1), True)]
    if match.group(2) and "month" not in kept:
        out.append(("month", MONTH_MACROS[int(match.group(2)) - 1], False))
    return out


def _kept_title(kept: dict[str, str], name: str) -> str | None:
    """A kept field's value, and for a title (``booktitle``) with its kept subtitle and
    addon joined as the reader joins them (the typed container says all three)."""
    value = kept.get(name)
    stem = name.removesuffix("title")
    if value is None or stem == name or not (
            f"{stem}subtitle" in kept or f"{stem}titleaddon" in kept):
        return value
    try:
        text = latex.decode(_unbraced(value))
        for part, separator in (("subtitle", ":"), ("titleaddon", ".")):
            if f"{stem}{part}" in kept:
                text += title_joint(text, separator) + latex.decode(
                    _unbraced(kept[f"{stem}{part}"]))
    except latex.LatexError:
        return value
    return "{" + latex.encode(text, False) + "}"


def _same_text(kept: str | None, written: str) -> bool:
    """Whether a kept value says what the writer's does, spelt the same or not (a kept
    ``{M{\\"u}nchen}`` is the UTF-8 export's ``{München}``)."""
    if kept is None:
        return False
    if kept == written:
        return True
    try:
        return latex.decode(_unbraced(kept)) == latex.decode(_unbraced(written))
    except latex.LatexError:
        return False


def _unbraced(value: str) -> str:
    """A kept value's text where it is one braced group (``{Second}``), else itself."""
    if value[:1] == "{" and value[-1:] == "}" and "#" not in value:
        return value[1:-1]
    return value


def _inherited(parent: Record, options: WriteOptions, registry: VenueRegistry
               ) -> dict[str, set[str]]:
    """What a crossref'd entry gives the entries citing it, as bibtex and biber see it:
    its fields, and its title as their ``booktitle``; each as the parent writes it and as
    its typed value reads (the citing entry's typed value, inherited, is the latter)."""
    typed = _typed_fields(parent, options, registry)
    fields: dict[str, set[str]] = {}
    for name, value, _ in [*typed, *_with_verbatim(typed, parent.verbatim("bibtex"))]:
        fields.setdefault(name, set()).add(_unbraced(value))
    if "title" in fields:
        # biber's and the reader's inheritance: a parent's title is the citing entry's
        # container, which the writer names by the citing entry's type
        for container in ("booktitle", "journal", "journaltitle", "maintitle"):
            fields.setdefault(container, set()).update(fields["title"])
    return fields


def write(records: Sequence[Record], *, biblatex: bool = False, ascii_only: bool = True,
          venues: VenueRegistry | None = None) -> str:
    """The records as a .bib file; deterministic (same records, same bytes). Venues are
    named from ``venues``, else from the registry the PaperList carries."""
    options = WriteOptions(biblatex=biblatex, ascii_only=ascii_only)
    registry = venue_registry(records, venues)
    header = HEADER + "\n"
    if not ascii_only:
        header += "% Encoding: UTF-8\n"
    preambles = "".join(f"\n@preamble{{{{{text}}}}}\n"
                        for text in getattr(records, "preamble", ()))
    by_key = {r.key.lower(): r for r in records} if any(r.extra for r in records) else {}
    inherited: dict[str, dict[str, set[str]]] = {}  # by parent key: children share one

    def inherited_of(record: Record) -> dict[str, set[str]] | None:
        """What the entry a record's kept ``crossref`` names gives it, where that entry
        is written too."""
        crossref = record.verbatim("bibtex").get("crossref") if record.extra else None
        parent = by_key.get(_unbraced(crossref).strip().lower()) if crossref else None
        if parent is None:
            return None
        if parent.key not in inherited:
            inherited[parent.key] = _inherited(parent, options, registry)
        return inherited[parent.key]

    comments = "".join(f"\n{text}\n" for text in getattr(records, "comments", ()))
    return header + preambles + "".join(
        "\n" + write_entry(r, options, registry, inherited_of(r)) for r in records) + comments
