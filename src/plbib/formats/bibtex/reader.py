"""BibTeX and BibLaTeX read into records: bibtexparser 2 as the syntax layer only (blocks,
fields, line numbers); value expressions, LaTeX decoding, names, case protection, crossref
and venue recognition here; then the validation every reader ends in."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any, NamedTuple

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ParsingFailedBlock,
    Preamble,
)

from ... import kinds, latex, validation
from ...drafts import LazyOrigins, Origin, RecordDraft
from ...errors import (
    Diagnostic,
    DuplicateError,
    InvalidValueError,
    PlbibError,
    Severity,
    SyntaxProblem,
)
from ...identifiers import bare_doi, is_doi_link
from ...keys import TakenKeys, key_for, unique_key
from ...kinds import FROM_BIBLATEX, KINDS, OWN_NUMBER
from ...model import (
    ENTRY_TYPE,
    MAPPED,
    Date,
    EntryType,
    PaperList,
    Record,
    Span,
    Title,
    Verbatim,
    title_joint,
    year_of_iso,
    year_text,
)
from ...venues import Venue, VenueRegistry
from ...yamlsource import gc_paused
from .. import each_record, implied_container, kept_in_order
from . import writer
from .names import format_names, parse_names, split_names
from .values import DBLP_FIELDS, MONTH_NUMBERS, Expression, expression_value

#: bibtexparser logs each block it cannot split; plbib reports those itself (with line and
#: key), so they must not also reach stderr through logging's last-resort handler. Added
#: once, here: added per read, the handlers piled up (one more for every file read).
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_TYPES_IN = {
    "inproceedings": EntryType.CONFERENCE_PAPER, "conference": EntryType.CONFERENCE_PAPER,
    "article": EntryType.JOURNAL_ARTICLE, "book": EntryType.BOOK, "mvbook": EntryType.BOOK,
    "proceedings": EntryType.BOOK, "collection": EntryType.BOOK,
    # biblatex's other book types (a multi-volume work, a reference work, a book in a book)
    **dict.fromkeys(("mvcollection", "mvproceedings", "mvreference", "reference",
                     "bookinbook"), EntryType.BOOK),
    "incollection": EntryType.BOOK_CHAPTER, "inbook": EntryType.BOOK_CHAPTER,
    "suppbook": EntryType.BOOK_CHAPTER, "suppcollection": EntryType.BOOK_CHAPTER,
    "phdthesis": EntryType.THESIS, "mastersthesis": EntryType.THESIS,
    "thesis": EntryType.THESIS, "techreport": EntryType.REPORT, "report": EntryType.REPORT,
    "misc": EntryType.MISC, "online": EntryType.MISC, "electronic": EntryType.MISC,
    "www": EntryType.MISC, "unpublished": EntryType.MISC,
    "manual": EntryType.BOOK,  # as pandoc and Zotero read it (citation-js: a report)
    "booklet": EntryType.MISC,
}

#: canonical field -> (BibTeX's name, BibLaTeX's) of the fields every format has a place
#: for under its own name (model.MAPPED): read and written here the same way
_MAPPED = {name: (meta["bibtex"], meta["biblatex"]) for name, meta in MAPPED.items()}
#: the fields that hold name lists -> the canonical field each is read into
_NAME_FIELDS = {"author": "authors", "editor": "editors", **{
    meta["bibtex"]: name for name, meta in MAPPED.items() if meta["kind"] == "names"}}
_NOT_INHERITED = writer.NOT_INHERITED
#: the entry types that may be a volume of a multi-volume work (biblatex's maintitle)
_IN_MAIN_WORK = frozenset({EntryType.BOOK, EntryType.BOOK_CHAPTER, EntryType.CONFERENCE_PAPER})
#: a crossref parent's title, as its child inherits it (biber's default inheritance: the
#: book's title is the chapter's booktitle)
_INHERITED_AS = {"title": "booktitle", "subtitle": "booksubtitle",
                 "titleaddon": "booktitleaddon"}
#: the fields :meth:`_Reader._mapped` reads: the mapped ones, and biblatex's langid (the
#: language where no ``language`` is given, as citation-js reads it)
_MAPPED_READ = writer.MAPPED_FIELDS | {"langid"}
#: what in a name list's source only the writer's own formatting can tell is written
#: back as it was: a command, an inner brace (``{Sex}tus``, ``{Van Egmond}``), a character
#: the writer escapes (``<`` is ``\textless{}``, ``|`` ``\textbar{}``), biblatex's extended
#: name format (``family=Dijk, prefix=van, useprefix=true``: the writer writes the parts)
_SPELT = re.escape("".join(sorted(latex.SPECIAL_CHARACTERS))) + "="
_NAME_SPELLING = re.compile(f"[{_SPELT}]")
#: a whole name braced, with nothing in it the writer changes (``{OpenAI}``): the writer
#: writes the organisation back the same (the list's other names may be reordered, to
#: ``Family, Given``, which bibtex reads as the same names)
_PLAIN_LITERAL = re.compile(f"\\{{[^{_SPELT}]*\\}}")


def _spelt(source: str) -> bool:
    """Whether a name list (BibTeX syntax, braced) has a name only the writer's own
    formatting can tell is written back as it was (:data:`_NAME_SPELLING`)."""
    if _NAME_SPELLING.search(source, 1, len(source) - 1) is None:
        return False
    if "\\" in source:  # a command (an accent, most often): the formatting tells
        return True
    return any(_NAME_SPELLING.search(name) and not _PLAIN_LITERAL.fullmatch(name)
               for name in split_names(source[1:-1]))


#: BibTeX field -> the canonical field it feeds
_CANONICAL = {"author": "authors", "editor": "editors", "booktitle": "container_title",
              "journal": "container_title", "journaltitle": "container_title",
              "date": "year", "school": "publisher", "institution": "publisher",
              "eprint": "arxiv",
              **{field: name for name, spellings in _MAPPED.items() for field in spellings}}
_KEYWORD_SEPARATOR = re.compile(r"[,;]")
#: a howpublished that names where the work is online, not who published it
_URL_LIKE = re.compile(r"(?i)\s*(?:https?://|www\.|ftp://)")
_SCHOLAR_ARXIV = re.compile(r"(?i)^arxiv preprint arxiv:\s*(\S+)$")


#: canonical field -> the BibTeX fields it may have been read from, in order of preference
_ORIGINS = {
    "authors": ("author",), "editors": ("editor",), "year": ("year", "date"),
    "month": ("month", "date"),
    "container_title": ("maintitle", "booktitle", "journaltitle", "journal"),
    "volume_title": ("booktitle", "issuetitle", "volumetitle"),
    "venue": ("eventtitle", "shortjournal", "booktitle", "journaltitle", "journal"),
    "issue": ("issue", "number"), "number": ("articleno", "eid", "number"),
    "series_number": ("number", "seriesnumber"),
    "publisher": ("publisher", "school", "institution", "organization", "howpublished"),
    "event_place": ("venue", "location"), "arxiv": ("eprint",), "section": ("section",),
    "keywords": ("keywords",),
    # a URL may come from a howpublished that starts with http (:meth:`_howpublished`)
    "url": ("url", "howpublished"),
    **{name: tuple(dict.fromkeys(spellings)) for name, spellings in _MAPPED.items()},
    "language": ("language", "langid"),
}




_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s/?#]+?)(?:\.pdf)?$")
#: a date's year (and month: not a season's 21–24), four digits and no more
_DATE = re.compile(r"^(-?\d{4})(?![0-9])(?:-(0[1-9]|1[0-2])(?![0-9]))?")
_YEAR = re.compile(r"\{?(\d{1,4})\}?")  # a year before 1000 too (800, as bibtex has it)
_YEAR_IN_TEXT = re.compile(r"(?<!\d)\d{4}(?!\d)")
#: a command with its braced argument (\noopsort{1973b}): no printed text of the year
_COMMAND_ARGUMENT = re.compile(r"\\[A-Za-z]+\s*\{[^{}]*\}")


class _FieldLines(NamedTuple):
    """Where an entry and its fields are in the file: all a record keeps of bibtexparser's
    entry (whose field objects and raw text, as large as the file again, are freed as soon
    as the entry is read), for the lines of problems found later."""

    #: the entry's line (0-based, as bibtexparser counts)
    start: int | None
    #: its fields' names (lower case), in order, and each one's line less the entry's
    names: tuple[str, ...]
    offsets: tuple[int, ...]


class _EntryContext:
    """One entry being read: its evaluated values, where its problems go, and the lines of
    its fields (worked out only when a problem needs one)."""

    __slots__ = ("key", "lines", "problems", "values")

    def __init__(self, key: str, lines: _FieldLines, values: Mapping[str, str],
                 problems: list[Diagnostic]) -> None:
        self.key = key
        self.lines = lines
        self.values = values
        self.problems = problems

    def line(self, canonical: str | None) -> int:
        """The line of the BibTeX field a canonical field was read from, else the entry's."""
        origin = _field_origin(self.lines, canonical or "")
        return origin.line if origin is not None and origin.line is not None else \
            _line(self.lines.start)

    def warn(self, message: str, name: str | None = None, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(PlbibError, message, key=self.key, field=name,
                                        hint=hint, line=self.line(name),
                                        severity=Severity.WARNING))

    def undecodable(self, name: str, exc: latex.LatexError) -> None:
        """LaTeX plbib cannot decode: the field is kept as written (_kept_verbatim); braces
        nested deeper than any bibliography: an error (hostile or broken input)."""
        if isinstance(exc, latex.NestingTooDeep):
            self.problems.append(Diagnostic(InvalidValueError, str(exc), key=self.key,
                                            field=name, line=self.line(name)))
            return
        self.problems.append(Diagnostic(
            InvalidValueError, f"{exc}; kept as written", key=self.key, field=name,
            line=self.line(name), severity=Severity.WARNING,
            hint="BibTeX and BibLaTeX get it back as it is; other formats leave it out"))

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
            self.undecodable(name, exc)
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
            self.undecodable(name, exc)
            return None

    def full_title(self, name: str, repeated: bool = False) -> Title | None:
        """A biblatex title with its subtitle and addon (``title``, ``subtitle``,
        ``titleaddon``; ``booktitle``, ``booksubtitle`` …) as pandoc joins them, ``Title:
        Subtitle. Addon`` (citation-js joins the first two too; other formats have no
        place for the parts)."""
        title = self.title(name, repeated)
        stem = name.removesuffix("title")
        subtitle, addon = f"{stem}subtitle", f"{stem}titleaddon"
        if title is None or (subtitle not in self.values and addon not in self.values):
            return title
        for part, separator in ((subtitle, ":"), (addon, ".")):
            text = self.title(part, repeated) if part in self.values else None
            if text is not None:
                title = Title((*title.spans, Span(title_joint(title.text, separator)),
                               *text.spans))
        return title


class _EntryReader:
    """Turns one bibtexparser entry into canonical data (a mapping like the YAML's)."""

    def __init__(self, expression: Expression, registry: VenueRegistry,
                 crossrefs: Mapping[str, Mapping[str, str]], drop: frozenset[str]) -> None:
        self.expression = expression
        self.registry = registry
        self.crossrefs = crossrefs
        #: fields dropped on request (``drop_dblp``, ``drop_fields``): not kept verbatim
        self.drop = drop
        self._venues: dict[tuple[object, ...], Venue | None] = {}
        #: each field name as spelt in the file -> the one lower-case string for it
        self._field_names: dict[str, str] = {}
        #: each entry's type, own fields and values, by key (:func:`_kept_verbatim`)
        self.originals: dict[str, _Original] = {}
        #: the file's keys, where an entry has none (Mendeley writes ``@article{,``): the
        #: key rule's key for it must be another's
        self.taken: TakenKeys | None = None

    def venue(self, *texts: str | None, year: int | None) -> Venue | None:
        """:meth:`VenueRegistry.recognise`, remembered: a list names the same venues again and
        again."""
        key = (*texts, year)
        if key not in self._venues:
            self._venues[key] = self.registry.recognise(*texts, year=year)
        return self._venues[key]

    def values(self, entry: Entry, problems: list[Diagnostic],
               own: dict[str, str] | None = None, names: list[str] | None = None,
               lines: list[int | None] | None = None) -> Mapping[str, str]:
        """The entry's values, evaluated (and with ``own``, ``names`` and ``lines``, its
        fields as written by name, and each field's name and line in order)."""
        out: dict[str, str] = {}
        evaluate = self.expression.value
        spellings = self._field_names
        for f in entry.fields:
            # one string for each field name, however many entries have it (100,000
            # entries' own copies of "author", "title" … took tens of megabytes)
            key = f.key
            name = spellings.get(key)
            if name is None:
                name = spellings[key] = key.lower()
            raw = f.value
            if own is not None:
                own[name] = raw
            if names is not None and lines is not None:
                names.append(name)
                lines.append(f.start_line)
            if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
                out[name] = raw[1:-1]  # the common case, without a call
                continue
            try:
                out[name] = evaluate(raw)
            except KeyError as missing:
                # a style may define it (plain's acmcs, tcs…): kept as written for BibTeX
                problems.append(Diagnostic(InvalidValueError,
                    f"the macro {missing.args[0]!r} is not defined in the file; kept as "
                    "written", key=entry.key, field=name, line=_line(f.start_line),
                    severity=Severity.WARNING,
                    hint="a BibTeX style may define it; other formats leave the field out "
                         "(define it with @string{name = {…}} to have it read)"))
            except ValueError as exc:
                problems.append(Diagnostic(InvalidValueError, str(exc), key=entry.key, field=name,
                                                  line=_line(f.start_line)))
        parent = self.crossrefs.get(out["crossref"].strip().lower()) \
            if "crossref" in out else None
        if parent is not None:
            for name, value in parent.items():
                as_child = _INHERITED_AS.get(name)
                if as_child is not None:
                    out.setdefault(as_child, value)
                elif name not in out and name not in _NOT_INHERITED:
                    out[name] = value
        return out

    def read(self, entry: Entry, problems: list[Diagnostic]) -> RecordDraft:
        """The entry as a draft (absent values left out); the entry's own fields are
        remembered for :func:`_kept_verbatim`."""
        before = len(problems)
        own: dict[str, str] = {}
        names: list[str] = []
        starts: list[int | None] = []
        values = self.values(entry, problems, own, names, starts)
        start = entry.start_line or 0
        lines = _FieldLines(entry.start_line, tuple(names),
                            tuple([(line or start) - start for line in starts]))
        ctx = _EntryContext(entry.key, lines, values, problems)
        guessed: set[str] = set()
        self.originals[entry.key] = _Original(entry.entry_type.lower(), own, guessed)
        verbatim = partial(_verbatim_of, lines, own, self.expression)
        arxiv = self._arxiv(ctx.values)
        entry_type = self._entry_type(entry.entry_type.lower(), ctx.values, arxiv)
        data: dict[str, Any] = {"key": entry.key, "type": entry_type,
                                "title": ctx.full_title("title"), "arxiv": arxiv}
        if not writer.WRITABLE.issuperset(own):  # one C-level look; most entries: none
            # fields no writer writes are kept whatever the validation finds: the record
            # is made with them (_kept_verbatim then changes only what it compares)
            data["extra"] = [Verbatim("bibtex", name, self.expression.source(raw))
                             for name, raw in own.items()
                             if name not in writer.WRITABLE and name not in self.drop]
        if isinstance(entry_type, EntryType) and entry.entry_type.lower() in FROM_BIBLATEX:
            data["kind"] = kinds.of(FROM_BIBLATEX[entry.entry_type.lower()], entry_type)
        more_authors = self._names(ctx, data, guessed)
        data["year"], data["month"] = self._date(ctx, entry.key, problems)
        if "date" in ctx.values:  # a day, a range, circa, a season, an era
            try:
                date = Date.parse(ctx.values["date"])
            except ValueError:
                date = None
            if date is not None:
                data.update(date.beyond(data["year"], data["month"]))
        if isinstance(entry_type, EntryType):
            self._container_and_venue(ctx, data, entry_type, arxiv)
            self._numbering(ctx, data, entry_type)
        self._identifiers(ctx, data)
        self._mapped(ctx, data)
        if "type" not in ctx.values and entry.entry_type.lower() == "mastersthesis":
            data["genre"] = writer.MASTERS_THESIS  # as biber reads it: type = {mathesis}
        self._own_fields(ctx, data)
        self._howpublished(ctx, data)
        # fields reported as unreadable (or kept as written) already: not again as missing
        unreadable: set[str] = set()
        reported: set[str] = set()
        for problem in problems[before:]:  # most entries have none
            if problem.field:
                (unreadable if problem.severity is Severity.ERROR else reported).add(
                    _CANONICAL.get(problem.field, problem.field))
        inherited = frozenset(_CANONICAL.get(name, name) for name in ctx.values
                              if name not in own) if len(ctx.values) > len(own) \
            else frozenset()
        if not entry.key.strip() and self.taken is not None:
            self._key_made(entry, data, problems, before)
        return RecordDraft.of_reader(data, more_authors=more_authors, unreadable=unreadable,
                                     reported=reported,
                                     line=_line(entry.start_line),
                                     origins=LazyOrigins(partial(_field_origin, lines)),
                                     verbatim=verbatim, inherited=inherited)

    def _key_made(self, entry: Entry, data: dict[str, Any], problems: list[Diagnostic],
                  before: int) -> None:
        """The key rule's key for an entry without one (``@article{,``: Mendeley writes
        them; bibtex cannot cite it), as the CSL-JSON and RIS readers give an item without
        a usable id one, with a warning."""
        assert self.taken is not None
        key = key_for(data, self.taken)
        problems.append(Diagnostic(InvalidValueError, f"the entry has no key; the key rule "
                                   f"gives it {key!r}", key=key, field="key",
                                   line=_line(entry.start_line), severity=Severity.WARNING,
                                   hint="give it a key after its '{'"))
        data["key"] = key
        self.originals[key] = self.originals.pop(entry.key)
        problems[before:] = [dataclasses.replace(p, key=key) if p.key == entry.key else p
                             for p in problems[before:]]  # the entry's, found before

    @staticmethod
    def _entry_type(kind: str, values: Mapping[str, str], arxiv: str | None
                    ) -> EntryType | str:
        """The entry type (a type of a kind, ``@patent``, the kind's); a type plbib has no
        kind for (``@set``) is a misc, its own type kept verbatim (:func:`_kept_verbatim`,
        as every type the writer would not give back); the YAML's spellings
        (``@conference-paper``) stay as they are for the validation."""
        entry_type = _TYPES_IN.get(kind)
        if entry_type is None and kind in FROM_BIBLATEX:  # @patent, @online, @standard
            entry_type = KINDS[FROM_BIBLATEX[kind]].entry_type
        if entry_type in (EntryType.MISC, EntryType.JOURNAL_ARTICLE) and arxiv and (
            entry_type is EntryType.MISC or _is_arxiv_journal(values.get("journal", ""))
            or (not values.get("journal") and not values.get("journaltitle"))
        ):
            return EntryType.PREPRINT
        if entry_type is not None:
            return entry_type
        return kind if kind in _ENTRY_TYPES else EntryType.MISC

    @staticmethod
    def _names(ctx: _EntryContext, data: dict[str, Any], guessed: set[str]) -> bool:
        """Authors and editors into ``data``; is the author list truncated ("and
        others")? (An editor list's "and others" is not kept: the model has no place.)"""
        more_authors = False
        for role in _NAME_FIELDS:
            if role in ctx.values:
                raw = ctx.values[role]
                if ", and " in raw or "and ," in raw or raw.rstrip().endswith(",") or \
                        raw.lstrip().startswith(","):
                    # a name with an empty part (Better BibTeX's ``Weilbach,``, ``, David``):
                    # the writer writes it otherwise (bibtex reads ``Weilbach`` the same);
                    # compared as written, so kept as the file spells it
                    guessed.add(role)
                try:
                    names, more, name_warnings = parse_names(raw)
                except latex.LatexError as exc:  # kept as written, with a warning
                    ctx.undecodable(role, exc)
                    continue
                data[_NAME_FIELDS[role]] = list(names)
                more_authors = more_authors or (more and role == "author")
                for text in name_warnings:
                    ctx.warn(text, role)
                    guessed.add(role)
        return more_authors

    def _container_and_venue(self, ctx: _EntryContext, data: dict[str, Any],
                             entry_type: EntryType, arxiv: str | None) -> None:
        values = ctx.values
        container = next((f for f in ("booktitle", "journaltitle", "journal") if f in values),
                         None)
        if container is not None and not (
                entry_type is EntryType.PREPRINT and _is_arxiv_journal(values[container])):
            data["container_title"] = ctx.full_title(container, repeated=True)
        if "maintitle" in values and entry_type in _IN_MAIN_WORK:
            # a volume of a multi-volume work: the work is the container (citation-js and
            # pandoc agree); a chapter's or paper's booktitle is then its volume's title
            main = ctx.full_title("maintitle", repeated=True)
            if main is not None:
                if entry_type is not EntryType.BOOK and container == "booktitle":
                    data["volume_title"] = data.get("container_title")
                data["container_title"] = main
        if "issuetitle" in values and entry_type is EntryType.JOURNAL_ARTICLE:
            data["volume_title"] = ctx.full_title("issuetitle", repeated=True)
        if "volumetitle" in values:  # plbib's own, where BibTeX has no field for it
            data["volume_title"] = ctx.title("volumetitle")
        venue = self.venue(ctx.text("eventtitle"), ctx.text("shortjournal"),
                           ctx.text(container) if container else None, values.get("series"),
                           year=data["year"])
        if entry_type is EntryType.PREPRINT and arxiv:
            venue = venue or self.registry.get("arXiv")
        if venue is not None:
            data["venue"] = venue.short
            if data.get("container_title") is None:  # as the writer will name it
                data["container_title"] = implied_container(entry_type, venue, data["year"])
        elif entry_type in (EntryType.CONFERENCE_PAPER, EntryType.JOURNAL_ARTICLE) and (
                container or "eventtitle" in values):
            ctx.warn("the venue is not in the registry; the proceedings or journal title is "
                     "kept as written", container or "eventtitle",
                     "add the venue to venues.yaml to have it recognised")

    @staticmethod
    def _numbering(ctx: _EntryContext, data: dict[str, Any], entry_type: EntryType) -> None:
        text = ctx.text
        # DBLP's CoRR "volume" (abs/2210.17323) is the arXiv id (read as the eprint), not a
        # volume: kept, biblatex would write a non-integer volume (biber complains)
        data["volume"] = None if entry_type is EntryType.PREPRINT and _is_arxiv_journal(
            ctx.values.get("journal", "")) else text("volume")
        if entry_type is EntryType.REPORT or data.get("kind") in OWN_NUMBER:
            data["number"], data["issue"] = text("number"), text("issue")
        elif entry_type in writer.IN_SERIES:  # the number in the series
            data["series_number"], data["issue"] = text("number"), text("issue")
            data["number"] = text("articleno") or text("eid")
        else:
            data["issue"] = text("issue") or text("number")
            data["number"] = text("articleno") or text("eid")
        if entry_type not in writer.IN_SERIES:
            data["series_number"] = text("seriesnumber")  # plbib's own
        data["pages"] = text("pages")
        publisher = next((name for name in ("publisher", "school", "institution",
                                            "organization") if ctx.values.get(name)), None)
        data["publisher"] = text(publisher) if publisher else None
        # biblatex's venue; ACM's location beside the publisher's address (its event)
        data["event_place"] = text("venue") or (
            text("location") if entry_type is EntryType.CONFERENCE_PAPER
            and "address" in ctx.values else None)

    @staticmethod
    def _mapped(ctx: _EntryContext, data: dict[str, Any]) -> None:
        """The fields every format has a place for (model.MAPPED), by BibTeX's or
        BibLaTeX's name: text decoded, a date as written for the validation to read (the
        name lists are read with the authors'). A location read as the event's place is not
        also the publisher's."""
        values = ctx.values
        if values.keys().isdisjoint(_MAPPED_READ):  # most entries have none
            return
        for name, (bibtex, biblatex) in _MAPPED.items():
            source = bibtex if bibtex in values else biblatex if biblatex in values else None
            if source is None or name in data:
                continue
            if source == "location" and data.get("event_place") and "venue" not in values:
                continue
            kind = MAPPED[name]["kind"]
            if kind in ("text", "number"):
                data[name] = ctx.text(source)
            elif kind == "date":
                data[name] = values[source].strip() or None
        if "language" not in data and "langid" in values:  # citation-js reads it so
            data["language"] = ctx.text("langid")
        genre = data.get("genre")
        if genre:
            key = genre.strip().lower()
            if writer.DEFAULT_GENRES.get(data["type"]) == key:
                data["genre"] = None  # what a BibTeX @phdthesis, @techreport says
            elif key in writer.GENRE_KEYS:  # biblatex's localisation key: what it prints
                data["genre"] = writer.GENRE_KEYS[key]

    def _identifiers(self, ctx: _EntryContext, data: dict[str, Any]) -> None:
        data["isbn"] = ctx.text("isbn")
        if "eprint" in ctx.values and "pmid" not in ctx.values and ctx.values.get(
                "eprinttype", "").strip().lower() == "pubmed":
            data["pmid"] = ctx.text("eprint")  # biblatex's PubMed id, as citation-js reads it
        doi = data["doi"] = self._doi(ctx.values.get("doi"))
        url = ctx.values.get("url", "").strip() or None
        if url and doi and is_doi_link(url, doi):
            url = None  # the DOI's resolver link says nothing the DOI does not
        data["url"] = url

    @staticmethod
    def _own_fields(ctx: _EntryContext, data: dict[str, Any]) -> None:
        """The standard note and keywords, and plbib's own fields (docs/bibtex.md): the
        list's section is plbib's ``section`` field; the writer gives it as the first
        keyword too (reference managers make keywords tags), which is not read again as
        a keyword."""
        values = ctx.values
        data["note"] = ctx.text("note")
        section = data["section"] = ctx.text("section")
        keywords = ctx.text("keywords")
        if keywords:
            words = [word.strip() for word in _KEYWORD_SEPARATOR.split(keywords)]
            data["keywords"] = [word for word in words if word] if section is None else \
                [word for index, word in enumerate(words) if word and (
                    index > 0 or word != section)]
        if values.get("kind") and isinstance(data["type"], EntryType):  # plbib's own
            data["kind"] = kinds.of(ctx.text("kind") or "", data["type"]) or data.get("kind")
        data["affiliation"] = ctx.text("affiliation")
        data["code"] = values.get("code", "").strip() or None
        data["link"] = values.get("link", "").strip() or None
        if values.get("aliases"):
            data["aliases"] = [latex.decode(a) for a in _groups(values["aliases"])]

    @staticmethod
    def _howpublished(ctx: _EntryContext, data: dict[str, Any]) -> None:
        """A ``howpublished`` that is only a URL is the URL (an older convention); any
        other is the publisher where the entry names none (citation-js's rule: pandoc
        joins it to the others), save the ``arXiv:…`` plbib's own BibTeX export gives a
        preprint for ``plain`` to print. It is kept verbatim too where the writer would
        not give it back (:func:`_kept_verbatim`): the writer then leaves out a
        publisher that says the same (:data:`writer.ALTERNATIVES`)."""
        howpublished = ctx.values.get("howpublished", "").strip()
        if not howpublished:
            return
        if howpublished.startswith("http"):
            if not data["url"]:
                data["url"] = howpublished
        elif not data["publisher"] and not (
                data.get("arxiv") and howpublished == f"arXiv:{data['arxiv']}"):
            text = ctx.text("howpublished")
            if text and not _URL_LIKE.match(text):
                data["publisher"] = text

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
    def _date(ctx: _EntryContext, key: str, problems: list[Diagnostic]
              ) -> tuple[int | None, int | None]:
        values, source = ctx.values, ctx
        year: int | None = None
        month: int | None = None
        date = values.get("date")
        match = _DATE.match(date.strip()) if date else None
        if match:
            year = year_of_iso(int(match.group(1)))  # -0049 is 50 BC
            month = int(match.group(2)) if match.group(2) else None
        raw_year = values.get("year", "").strip()
        if raw_year and not (year is not None and year < 0 and raw_year == year_text(year)):
            # (a year before the common era: the BibTeX export writes 50 BC beside the date)
            digits = _YEAR.fullmatch(raw_year)
            if digits is None:
                # kept as written (the writer puts it back); the printed year, where the
                # value has exactly one ({\noopsort{1973b}}1973 sorts apart, prints 1973)
                printed = _YEAR_IN_TEXT.findall(_COMMAND_ARGUMENT.sub("", raw_year))
                year = int(printed[0]) if len(printed) == 1 else None
                problems.append(Diagnostic(InvalidValueError,
                    f"the year {raw_year!r} is not a year; kept as written", key=key,
                    field="year", line=source.line("year"), severity=Severity.WARNING,
                    hint="BibTeX and BibLaTeX get it back as it is"
                         + (f"; other formats get {year}" if year else "")))
            else:
                year = int(digits.group(1))
        month_value = values.get("month")
        try:
            raw_month = latex.decode(month_value).strip().rstrip(".").lower() \
                if month_value else ""
        except latex.LatexError:
            raw_month = month_value.strip().lower() if month_value else ""
        if raw_month:
            if raw_month.isascii() and raw_month.isdigit() and 1 <= int(raw_month) <= 12:
                month = int(raw_month)
            elif raw_month[:3] in MONTH_NUMBERS:
                month = MONTH_NUMBERS[raw_month[:3]]
            else:
                # "10~January": kept as written; the month it names for other formats
                named = [MONTH_NUMBERS[word[:3]] for word in re.findall(r"[a-z]+", raw_month)
                         if word[:3] in MONTH_NUMBERS]
                month = named[0] if len(named) == 1 else None
                problems.append(Diagnostic(InvalidValueError,
                    f"the month {raw_month!r} is not one month; kept as written", key=key,
                    field="month", line=source.line("month"), severity=Severity.WARNING,
                    hint="BibTeX and BibLaTeX get it back as it is"))
        return year, month


def _is_arxiv_journal(journal: str) -> bool:
    """DBLP's ``CoRR``, Scholar's ``arXiv preprint arXiv:…`` and similar: not a journal."""
    text = journal.strip()
    return text.lower() in ("corr", "arxiv", "arxiv e-prints", "arxiv preprint") or bool(
        _SCHOLAR_ARXIV.match(text))


#: an entry type as read: a member, or the YAML spelling of one (``@conference-paper``).
#: Both, because a str-valued Enum member hashes by its name, not its value.
_ENTRY_TYPES = frozenset(EntryType) | {kind.value for kind in EntryType}


def _field_origin(lines: _FieldLines, canonical: str) -> Origin | None:
    """The BibTeX field a canonical field was read from, with its line (found when a
    problem asks: the entry's fields are looked at only then)."""
    if not canonical:
        return None
    names = lines.names
    bib = next((name for name in _ORIGINS.get(canonical, (canonical,)) if name in names),
               None)
    if bib is None:
        return None
    # the last of a name given twice, as the values read it
    offset = lines.offsets[len(names) - 1 - names[::-1].index(bib)]
    return Origin(_line((lines.start or 0) + offset), bib)


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


def _mentions(text: str, word: str, chunk: int = 1 << 20) -> bool:
    """Whether the text has the (lower-case) word in any case: lowered a piece at a time
    (a lower-case copy of the whole text is the size of the file again; a case-blind
    regex scans it many times slower), the pieces overlapping by the word's length."""
    return any(word in text[start:start + chunk + len(word) - 1].lower()
               for start in range(0, len(text), chunk))


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
    problems: list[Diagnostic] = []
    repaired: list[Entry] = []
    repeated: list[Entry] = []
    for block in library.failed_blocks:
        if isinstance(block, DuplicateFieldKeyBlock) and isinstance(
                block.ignore_error_block, Entry):
            repaired.append(_first_of_each_field(block.ignore_error_block, problems))
        elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(
                block.ignore_error_block, Entry):
            repeated.append(block.ignore_error_block)
        else:
            problems.append(_failure(block))
    if repeated:  # rare: most files give each key once
        repaired += _renamed(repeated, [*library.entries, *repaired], problems)
    expression = Expression()
    for string in library.strings:
        try:
            expression.define(string.key, string.value)
        except (KeyError, ValueError) as exc:
            problems.append(Diagnostic(InvalidValueError,
                f"cannot read @string {string.key}: {exc}", line=_line(string.start_line)))
    drop = frozenset(drop_fields) | (DBLP_FIELDS if drop_dblp else frozenset())
    entries = library.entries
    if repaired:  # in the file's order
        entries = sorted([*entries, *repaired], key=lambda entry: entry.start_line or 0)
    entries = _case_repeats_renamed(entries, problems)
    referenced = {
        expression_value(expression, f.value).strip().lower()
        for e in entries for f in e.fields if f.key.lower() == "crossref"
    } if _mentions(text, "crossref") else set()  # most files have none: skip the pass
    # (a comprehension: a loop's variable would hold the last entry through the read)
    parent_reader = _EntryReader(expression, registry, {}, drop)
    parents: dict[str, Mapping[str, str]] = {
        entry.key.lower(): parent_reader.values(entry, []) for entry in entries
        if entry.key.lower() in referenced}
    reader = _EntryReader(expression, registry, parents, drop)
    if any(not entry.key.strip() for entry in entries):  # most files: every entry has one
        reader.taken = TakenKeys(entry.key for entry in entries)
    preamble = tuple(_preamble(expression, block, problems) for block in library.preambles)
    comments = _comments(library)
    # every entry is a record, a crossref'd container too (its fields also went into the
    # entries citing it: other formats have no crossref). Each entry is let go once read:
    # bibtexparser's field objects and raw text were most of a large file's memory
    del library, repaired
    entries.reverse()
    drafts = []
    while entries:
        drafts.append(reader.read(entries.pop(), problems))
    sections = list(dict.fromkeys(str(d.values["section"]) for d in drafts
                                  if d.values.get("section")))
    # the required fields are the curated list's policy: here a warning (complete=False)
    papers = validation.validate(drafts, sections=sections, file=file, venues=registry,
                                 lenient=lenient, earlier=problems, complete=False,
                                 preamble=preamble, repeats_refused=False)
    # a file that dates entries with biblatex's `date` dates the others with `year` on
    # purpose (biber reads the two apart: only `date` has an era); in a BibTeX file `year`
    # is the only spelling, and the BibLaTeX export writes `date` (plbib's BibTeX export
    # gives a date with a day or a range both: its `date` dates nothing the `year` does not)
    biblatex_dated = any("date" in original.own and "year" not in original.own
                         for original in reader.originals.values())
    papers = _kept_verbatim(papers, reader.originals, expression, drop, registry,
                            text.isascii(), biblatex_dated)
    return dataclasses.replace(papers, comments=comments) if comments else papers


#: lines of text between entries that say what the file's bytes are, not what it holds:
#: plbib's header and an encoding declaration (JabRef's ``% Encoding: Cp1252``; the
#: file was decoded with it, and a written file is UTF-8 or ASCII)
_ABOUT_THE_FILE = re.compile(
    r"^(?:" + re.escape(writer.HEADER) + r"|%[ \t]*Encoding:.*)\r?$\n?", re.M)


def _comments(library: Library) -> tuple[str, ...]:
    """The file's text outside entries, each block as written: ``@comment`` blocks
    (JabRef's groups and metadata, Mendeley's and others' notes) and free text, which
    bibtex and biber skip and reference managers read."""
    out = []
    for block in library.comments:
        if isinstance(block, ExplicitComment):
            out.append((block.raw or "").strip())
        else:
            # a paragraph a block (as the writer separates them: a file it wrote reads
            # back the same)
            text = _ABOUT_THE_FILE.sub("", block.raw or "")
            out += [part.strip() for part in re.split(r"\n[ \t]*\r?\n", text)
                    if part.strip()]
    return tuple(out)


def _preamble(expression: Expression, block: Preamble, problems: list[Diagnostic]) -> str:
    try:
        return expression.value(block.value.strip())
    except (KeyError, ValueError) as exc:
        problems.append(Diagnostic(InvalidValueError, f"cannot read the @preamble: {exc}",
                                   line=_line(block.start_line), severity=Severity.WARNING,
                                   hint="it is kept as written"))
        return block.value.strip()


class _Original(NamedTuple):
    """An entry as the file had it: its type and its own fields as written, in order."""

    kind: str
    own: dict[str, str]
    #: name lists read with a guess (an unbraced name taken for an organisation's): the
    #: writer's form differs, so they are compared as it writes them
    guessed: set[str]


def _verbatim_of(lines: _FieldLines, own: Mapping[str, str], expression: Expression,
                 canonical: str) -> Verbatim | None:
    """The BibTeX field a canonical field was read from, as written (for a value the
    validation cannot interpret: ``pages = "xiv+557"``)."""
    origin = _field_origin(lines, canonical)
    if origin is None or origin.field is None or origin.field not in own:
        return None
    return Verbatim("bibtex", origin.field, expression.source(own[origin.field]))


def _kept_verbatim(papers: PaperList, originals: Mapping[str, _Original],
                   expression: Expression, drop: frozenset[str], registry: VenueRegistry,
                   ascii_file: bool, biblatex_dated: bool = False) -> PaperList:
    """Each record with what it keeps verbatim: the entry's own type where the writer would
    write another (``@type``, first), and each of its own fields that the writer (BibTeX
    or BibLaTeX) would not write back with the same value — a field the model has no
    place for (``series``, ``edition``, ``chapter``), one it reads for something else
    (``organization`` beside a ``publisher``), a value it cannot interpret. The same value
    means the same names, or the same text and case protection (:func:`_same`). In a file
    that dates entries with ``date`` (``biblatex_dated``), an entry's ``year`` and ``month``
    are kept too, so that the BibLaTeX export dates it as the file did."""
    # BibTeX and BibLaTeX, with LaTeX accents, and in raw UTF-8 where an entry has any;
    # each written only while fields are left unmatched (most files are one of them: one
    # writing per record)
    ascii_options = [writer.WriteOptions(biblatex=False), writer.WriteOptions(biblatex=True)]
    every_option = [*ascii_options, writer.WriteOptions(biblatex=False, ascii_only=False),
                    writer.WriteOptions(biblatex=True, ascii_only=False)]

    by_key = {key.lower(): original for key, original in originals.items()} \
        if any("crossref" in original.own for original in originals.values()) else {}

    def keep(record: Record) -> Record:
        original = originals.get(record.key)
        if original is None:
            return record
        options = ascii_options if ascii_file or "".join(original.own.values()).isascii() \
            else every_option
        unmatched = []
        names = []  # names with commands: the same only as the writer formats them
        for name, raw in original.own.items():
            if name in drop or name not in writer.WRITABLE:  # those the record has already
                continue
            source = expression.source(raw)
            if name in _NAME_FIELDS and (name in original.guessed or _spelt(source)):
                names.append((name, source))
            else:
                unmatched.append((name, source))
        theirs: list[tuple[str, dict[str, str]]] = []
        types_written = set()
        for variant in options:
            kind, fields = writer.written(record, variant, registry, names=False)
            theirs.append((kind, fields))
            types_written.add(kind)
            unmatched = [(name, source) for name, source in unmatched
                         if source != fields.get(name) and
                         not _same(name, source, _evaluated(expression, original.own[name]),
                                   fields.get(name))]
            if original.kind in types_written and not unmatched:
                break  # nothing left for another variant to match
        # bibtex prints a name's accents as written ({\'{E}} is not {\'E}): names with
        # commands are formatted (only they: it costs), the same in BibTeX and BibLaTeX
        unmatched += [(name, source) for name, source in names if not any(
            _names_same(record, name, source, variant)
            for variant in options if not variant.biblatex)]
        if biblatex_dated and "date" not in original.own:
            unmatched += [(name, expression.source(original.own[name]))
                          for name in ("year", "month") if name in original.own
                          and all(name != kept for kept, _ in unmatched)]
        parent = by_key.get(_crossref_key(original, expression)) if by_key else None
        kept = [*((v.name, v.value) for v in record.extra if v.format == "bibtex"),
                *unmatched] if record.extra else unmatched
        if parent is not None or not _ALTERNATIVE_NAMES.isdisjoint(
                name for name, _ in kept):  # rare: most entries skip it
            unmatched += _kept_beside(original, kept, expression, drop, parent)
        found = [Verbatim("bibtex", name, source) for name, source in unmatched]
        # a kind's own type the BibTeX export would write as another (@dataset as @misc:
        # Zotero's BibTeX import discards a @dataset) is the file's: kept
        if original.kind not in types_written or (
                original.kind in FROM_BIBLATEX and theirs[0][0] != original.kind):
            found.insert(0, Verbatim("bibtex", ENTRY_TYPE, original.kind))
        if not found and (not record.extra or writer.WRITABLE.isdisjoint(
                v.name for v in record.extra)):
            return record  # nothing kept, or only what no writer writes (in the file's order)
        # in the writer's order, BibTeX's and BibLaTeX's names of a field side by side
        return kept_in_order(record, found, [ENTRY_TYPE, *(
            spelling for name in theirs[0][1]
            for spelling in (name, *writer.DIALECT_NAMES.get(name, ())))])

    return each_record(papers, keep)


_ALTERNATIVE_NAMES = frozenset().union(*writer.ALTERNATIVES)


def _crossref_key(original: _Original, expression: Expression) -> str:
    raw = original.own.get("crossref")
    # an undefined macro names no parent (the entry reads without one, with a warning)
    return (_evaluated(expression, raw) or "").strip().lower() if raw else ""


def _kept_beside(original: _Original, kept: list[tuple[str, str]], expression: Expression,
                 drop: frozenset[str], parent: _Original | None) -> list[tuple[str, str]]:
    """The entry's own fields the writer gives back but would leave out beside what is
    kept: one its crossref parent also has (the writer leaves inherited values to
    inheritance; the entry's own copy is kept, as the file had it), and one of a kind with a
    kept field of the same value (a ``publisher`` beside a kept ``organization`` that
    says the same: the writer writes a typed value once)."""
    names = {name for name, _ in kept}
    sources = {source for _, source in kept}
    inherited: set[str] = set()
    if parent is not None:
        inherited = set(parent.own)
        if "title" in parent.own:  # the parent's title is the child's booktitle, maintitle
            inherited |= {"booktitle", "maintitle"}
    out = []
    for name, raw in original.own.items():
        if name in names or name in drop:
            continue
        source = expression.source(raw)
        if name in inherited or (source in sources and any(
                name in group and not names.isdisjoint(group)
                for group in writer.ALTERNATIVES)):
            out.append((name, source))
    return out


def _names_same(record: Record, role: str, source: str, options: writer.WriteOptions
                ) -> bool:
    """Whether the writer writes a name list with commands as the file has it (bibtex
    prints a name's accents as spelt). Decoding and encoding the list again to find out
    was tried: it cost more than formatting the names (whose parts are cached)."""
    names, more = (record.authors, record.more_authors) if role == "author" \
        else (getattr(record, _NAME_FIELDS[role]), False)
    return source == "{" + format_names(names, more, options.ascii_only) + "}"


def _evaluated(expression: Expression, raw: str) -> str | None:
    """A field's value as read (None where it cannot be: an undefined macro); worked out
    again where asked, rather than every entry's values kept beside their sources."""
    try:
        return expression.value(raw)
    except (KeyError, ValueError):
        return None


def _same(name: str, source: str, value: str | None, written: str | None) -> bool:
    """Whether the writer's value (BibTeX syntax) is the file's (``source``, macros
    expanded to ``value``): written the same, or, for a value without commands
    (decoding may lose one, ``\\mbox``, ``\\cite``, and bibtex prints a name's accent as
    written, ``{\\'{E}}`` or ``{\\'E}``), the same names (author, editor), else the same
    text with the same case protection (``{{Orca}}`` is ``{Orca}``)."""
    if written is None:
        return False
    if source == written:
        return True
    if value is None or "\\" in value or written[:1] != "{" or written[-1:] != "}":
        return False
    try:
        if name in _NAME_FIELDS:
            # the typed names were read from this very value: the writer gives them back,
            # save an editor list's "and others" (the model keeps an author list's only)
            return name == "author" or not parse_names(value)[1]
        return latex.decode_title(value) == latex.decode_title(written[1:-1])
    except (latex.LatexError, ValueError):
        return False


def _first_of_each_field(entry: Entry, problems: list[Diagnostic]) -> Entry:
    """An entry that gives a field twice, as bibtex reads it: the first value (bibtex
    warns "I'm ignoring …'s extra … field"; bibtexparser refuses the entry), each later one
    left out with a warning."""
    seen: set[str] = set()
    fields = []
    for field in entry.fields:
        name = field.key.lower()
        if name in seen:
            problems.append(Diagnostic(
                InvalidValueError, f"the field {field.key!r} is given twice; the first is "
                "read, as bibtex reads it, and this one left out", key=entry.key,
                field=name, line=_line(field.start_line), severity=Severity.WARNING,
                hint="delete the one you do not mean (bibtex and biber ignore it too)"))
            continue
        seen.add(name)
        fields.append(field)
    return Entry(entry.entry_type, entry.key, fields, start_line=entry.start_line,
                 raw=entry.raw)


def _renamed(repeated: list[Entry], others: list[Entry], problems: list[Diagnostic],
             case_only: bool = False) -> list[Entry]:
    """Entries whose key an earlier entry has (``case_only``: in another case), each under
    a key of its own (``Schank:80b``) with a warning: bibtex and biber read only the first
    of them (a cite of the key finds it still), and the later one is not lost."""
    taken = TakenKeys(entry.key for entry in [*others, *repeated])
    out = []
    for entry in repeated:
        key = unique_key(entry.key, taken)
        taken.add(key)
        problems.append(Diagnostic(
            DuplicateError, f"the key {entry.key!r} "
            + ("differs from an earlier entry's only in case" if case_only else
               "is used by an earlier entry") + f"; this one is read as {key!r}", key=key,
            field="key", line=_line(entry.start_line), severity=Severity.WARNING,
            hint=("bibtex takes keys that differ only in case for one" if case_only else
                  "bibtex and biber read only the first")
            + ": cite this one by its new key, or delete it if it is the same work"))
        out.append(Entry(entry.entry_type, key, entry.fields, start_line=entry.start_line,
                         raw=entry.raw))
    return out


def _case_repeats_renamed(entries: list[Entry], problems: list[Diagnostic]) -> list[Entry]:
    """The entries, each whose key differs from an earlier one's only in case
    (``Chen_2017`` after ``chen_2017``: bibtex takes them for one) under a key of its own,
    as :func:`_renamed` renames an exact repeat."""
    folded = [entry.key.casefold() for entry in entries]
    if len(set(folded)) == len(folded):  # most files
        return entries
    seen: set[str] = set()
    repeats = []
    for entry, key in zip(entries, folded, strict=True):
        if key in seen:
            repeats.append(entry)
        seen.add(key)
    renamed = dict(zip(map(id, repeats), _renamed(repeats, entries, problems, case_only=True),
                       strict=True))
    return [renamed.get(id(entry), entry) for entry in entries]


def _failure(block: ParsingFailedBlock) -> Diagnostic:
    line = _line(block.start_line)
    if isinstance(block, DuplicateBlockKeyBlock):
        return Diagnostic(DuplicateError, f"the key {block.key!r} is used by an earlier entry",
                          line=line,
                              key=block.key, hint="keys must be unique; this entry is skipped")
    raw = block.raw or ""
    key_match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)", raw)
    error = block.error
    reason = (getattr(error, "abort_reason", None) or str(error) or "syntax error").strip()
    return Diagnostic(SyntaxProblem,
        f"this entry cannot be read: {reason}", line=line,
        key=key_match.group(1) if key_match else None,
        hint="check that its braces and quotes are balanced and fields end with commas")
