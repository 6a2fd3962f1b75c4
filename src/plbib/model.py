"""The canonical model: every format converts to and from these types, never to each other.

Records are immutable. Values that have structure get a type of their own:

* :class:`Name` — a person (family, given, particle, suffix) or an organisation (``literal``);
* :class:`Title` — text with *case-protected spans*, the parts a style must never recase
  (acronyms and proper nouns such as ``GPTQ``, ``ViT``, ``USENIX``). BibTeX writes a
  protected span as ``{…}``, CSL-JSON as ``<span class="nocase">…</span>``; both are derived
  from the one representation here;
* :class:`Pages` — a page range or a single page / article-relative locator;
* :class:`Date` — a day, month or year, or a range of them (ISO 8601, biblatex's form).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field, fields, replace
from enum import Enum
from typing import overload

from .errors import PlbibError
from .venues import VenueRegistry


class EntryType(str, Enum):
    """What kind of publication a record is. Values are the spellings used in the YAML."""

    CONFERENCE_PAPER = "conference-paper"
    JOURNAL_ARTICLE = "journal-article"
    PREPRINT = "preprint"
    BOOK = "book"
    BOOK_CHAPTER = "book-chapter"
    THESIS = "thesis"
    REPORT = "report"
    MISC = "misc"

    def __str__(self) -> str:
        return self.value


# --------------------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name in parts, or an organisation's name as one ``literal``.

    ``particle`` is the "von" part (``van der``, ``de``); ``suffix`` the "Jr." part. A person
    needs at least a ``family`` name; an organisation sets ``literal`` and nothing else.
    """

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""

    def __post_init__(self) -> None:
        if self.literal:
            if self.family or self.given or self.particle or self.suffix:
                raise ValueError("a literal name has no other parts")
        elif not self.family:
            raise ValueError("a name needs a family name or a literal")

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    @property
    def last(self) -> str:
        """The name as sorted and cited: particle and family (or the literal)."""
        if self.literal:
            return self.literal
        return f"{self.particle} {self.family}" if self.particle else self.family

    def display(self) -> str:
        """The name in reading order: ``Given particle Family, Suffix``."""
        if self.literal:
            return self.literal
        text = " ".join(part for part in (self.given, self.particle, self.family) if part)
        return f"{text}, {self.suffix}" if self.suffix else text

    def __str__(self) -> str:
        return self.display()

    @classmethod
    def parse(cls, text: str) -> Name:
        """The canonical string form: ``"Family, Given"`` or ``"Family, Suffix, Given"``;
        the family part's leading lowercase words are the particle (:func:`split_particle`):
        ``"van der Berg, Jan"``. :class:`NameSyntaxError` for any other shape."""
        parts = [part.strip() for part in text.split(",")]
        if len(parts) not in (2, 3) or not parts[0]:
            raise NameSyntaxError(f"cannot read the name {text!r}")
        particle, family = split_particle(parts[0].split())
        return cls(family=" ".join(family), given=parts[-1], particle=" ".join(particle),
                   suffix=parts[1] if len(parts) == 3 else "")


class NameSyntaxError(ValueError):
    """A name string that is not ``Family, Given`` (or ``Family, Suffix, Given``)."""


def _starts_lowercase(word: str) -> bool:
    return word[:1].islower()


def split_particle(words: Sequence[str], is_lower: Callable[[str], bool] = _starts_lowercase
                   ) -> tuple[list[str], list[str]]:
    """(particle, family) of the words of a name's family part, by BibTeX's "von Last"
    rule: the leading words that start lowercase are the particle ("van der Berg"), the
    last word never is. ``is_lower`` decides what starts lowercase (BibTeX's own test looks
    inside LaTeX braces). Every reader that splits a family part uses this one rule."""
    split = 0
    while split < len(words) - 1 and is_lower(words[split]):
        split += 1
    return list(words[:split]), list(words[split:])


# --------------------------------------------------------------------------- titles


@dataclass(frozen=True, slots=True)
class Span:
    """A run of title text; ``protected`` runs keep their case in every style.

    A ``math`` span holds TeX math source without its dollars (``O(n^2)``); math is always
    protected.
    """

    text: str
    protected: bool = False
    math: bool = False

    def __post_init__(self) -> None:
        if self.math and not self.protected:
            object.__setattr__(self, "protected", True)


_MARKUP_SPECIALS = re.compile(r"[{}$\\]")
_MARKUP_TOKEN = re.compile(r"\\.?|[{}]|\$(?:[^$\\]|\\.)*\$?|[^{}$\\]+", re.S)


class TitleMarkupError(ValueError):
    """Unbalanced or nested braces in title markup; ``position`` is the offending index."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


def title_joint(head: str, separator: str) -> str:
    """What joins a title and its subtitle (``separator`` ``:``) or addon (``.``), as pandoc
    joins biblatex's parts: the separator and a space, or only a space after a title that
    ends in punctuation of its own ("Why?" + "A study": "Why? A study")."""
    return " " if head.rstrip()[-1:] in (".", "?", "!", ":") else separator + " "


@dataclass(frozen=True, slots=True)
class Title:
    """Text with case-protected spans.

    The human-editable *markup* (used in the canonical YAML) braces protected spans:
    ``"{OPTQ}: Accurate Quantization for Generative Pre-trained Transformers"``, and writes
    math between dollars: ``"Sorting in $O(n \\log n)$"``. A literal brace, dollar or
    backslash is escaped with a backslash (``\\{``, ``\\}``, ``\\$``, ``\\\\``). Braces do not
    nest; math stands outside braces. Spans are normalised: no empty spans, no two text
    neighbours of the same kind, so two titles are equal exactly when they read the same and
    protect the same characters.
    """

    spans: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "spans", _normalise_spans(self.spans))

    # -- construction
    @classmethod
    def plain(cls, text: str) -> Title:
        """A title with no protected span."""
        return cls((Span(text),))

    @classmethod
    def parse(cls, markup: str) -> Title:
        """Read the brace markup; raises :class:`TitleMarkupError` with a position."""
        if _MARKUP_SPECIALS.search(markup) is None:
            return cls((Span(markup),))
        spans: list[Span] = []
        buf: list[str] = []
        protected = False
        opened_at = -1
        for match in _MARKUP_TOKEN.finditer(markup):
            token = match.group()
            if token == "{":
                if protected:
                    raise TitleMarkupError("braces do not nest in plbib titles", match.start())
                spans.append(Span("".join(buf), False))
                buf, protected, opened_at = [], True, match.start()
            elif token == "}":
                if not protected:
                    raise TitleMarkupError("'}' without a matching '{' (escape it as '\\}')",
                                           match.start())
                spans.append(Span("".join(buf), True))
                buf, protected = [], False
            elif token[0] == "\\":
                if len(token) != 2 or token[1] not in "{}$\\":
                    raise TitleMarkupError(
                        "a backslash must escape '{', '}', '$' or '\\' (write '\\\\' for a "
                        "backslash)", match.start())
                buf.append(token[1])
            elif token[0] == "$":
                if protected:
                    raise TitleMarkupError("math ($…$) cannot stand inside braces",
                                           match.start())
                if len(token) < 3 or token[-1] != "$":
                    raise TitleMarkupError("math needs a closing '$' (write '\\$' for a "
                                           "dollar sign)", match.start())
                spans.append(Span("".join(buf), False))
                spans.append(Span(token[1:-1], True, math=True))
                buf = []
            else:
                buf.append(token)
        if protected:
            raise TitleMarkupError("'{' is never closed", opened_at)
        spans.append(Span("".join(buf), False))
        return cls(tuple(spans))

    # -- views
    @property
    def text(self) -> str:
        """The title as it reads, without markup (math as its TeX source)."""
        return "".join(span.text for span in self.spans)

    @property
    def markup(self) -> str:
        """The brace markup that :meth:`parse` reads back to this title."""
        out = []
        for span in self.spans:
            if span.math:
                out.append("$" + span.text + "$")
                continue
            escaped = _MARKUP_SPECIALS.sub(lambda m: "\\" + m.group(0), span.text)
            out.append("{" + escaped + "}" if span.protected else escaped)
        return "".join(out)

    @property
    def protected_texts(self) -> tuple[str, ...]:
        return tuple(span.text for span in self.spans if span.protected)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.spans)


def _normalise_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        previous = out[-1] if out else None
        if (previous is not None and not span.math and not previous.math
                and previous.protected == span.protected):
            out[-1] = Span(previous.text + span.text, span.protected)
        else:
            out.append(span)
    return tuple(out)


# --------------------------------------------------------------------------- pages

_PAGE_SEPARATOR = re.compile(r"\s*(?:-{1,3}|–|—)\s*")
#: a range of plain page numbers, the common case (the same as a split at _PAGE_SEPARATOR)
_NUMERIC_RANGE = re.compile(r"\s*(\d+)\s*(?:-{1,3}|–|—)\s*(\d+)\s*")
_PAGE_TOKEN = re.compile(r"^[A-Za-z]{0,3}\d+[A-Za-z]?$|^[ivxlcdmIVXLCDM]+$|^\d+:\d+$")


@dataclass(frozen=True, slots=True)
class Pages:
    """A page range ``first``–``last``, or one page / article locator (``last`` empty);
    ``more``: further ranges after it (``431–456, 791–823``: an article in two parts).
    A single page may end in ``+`` (``73+``: "and the following pages", BibTeX's
    convention, which CSL and RIS carry as text)."""

    first: str
    last: str = ""
    more: tuple[Pages, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Pages:
        """Read ``521-538``, ``521--538``, ``521–538``, ``e1234``, ``12``, ``73+``, or ranges
        joined by commas (``431--456, 791--823``); ValueError else."""
        if "," in text:
            first, *more = (cls._one(part) for part in text.split(","))
            return cls(first.first, first.last, tuple(more))
        return cls._one(text)

    @classmethod
    def _one(cls, text: str) -> Pages:
        numeric = _NUMERIC_RANGE.fullmatch(text)
        if numeric is not None:  # the usual case, in one match
            first, last = numeric.groups()
            if int(last) < int(first):
                raise ValueError(f"page range {text!r} ends before it starts")
            return cls(first, last)
        stripped = text.strip()
        if stripped.endswith("+") and _PAGE_TOKEN.match(stripped[:-1].rstrip()):
            return cls(stripped)  # one page and the following
        parts = _PAGE_SEPARATOR.split(stripped)
        if len(parts) > 2 or not all(_PAGE_TOKEN.match(p) for p in parts):
            raise ValueError(f"{text.strip()!r} is not a page or page range")
        first, last = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
        if last and first.isdigit() and last.isdigit() and int(last) < int(first):
            raise ValueError(f"page range {text!r} ends before it starts")
        return cls(first, last)

    def format(self, dash: str = "-") -> str:
        one = f"{self.first}{dash}{self.last}" if self.last else self.first
        return ", ".join([one, *(part.format(dash) for part in self.more)]) if self.more \
            else one

    def __str__(self) -> str:
        return self.format()


# --------------------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(\?~|~\?|[~?%]|)")
#: the seasons, as biblatex (EDTF's 21–24) and CSL (``season``: 1–4) number them
SEASONS = ("spring", "summer", "autumn", "winter")
#: EDTF's qualifiers of a date: approximate (circa), uncertain, both (``%``; its 2012
#: draft's ``?~``, which Better BibTeX writes)
_QUALIFIERS = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True),
               "?~": (True, True), "~?": (True, True)}


@dataclass(frozen=True, slots=True)
class Date:
    """A date to the precision known (a year, a month or season of it, a day), perhaps
    approximate (``circa``) or uncertain, or a range of two (``end``; an open range's end
    is :data:`OPEN_END`, an unknown one :data:`UNKNOWN_END`): what biblatex's date fields,
    CSL's date variables and RIS's dates share. Its text is biblatex's (EDTF level 1):
    ``2020``, ``2020-05``, ``2020-05-17``, ``1850~`` (circa), ``1850?`` (uncertain),
    ``1850%`` (both), ``2004-22`` (summer: 21–24 are the seasons), ``1996/1998``,
    ``1988/..`` (open), ``1988/`` (its end unknown), ``-0049`` (50 BC: ISO 8601 counts
    years astronomically, ``0000`` is 1 BC). ``year`` is CSL's and the reader's count: the
    year of the common era, negative before it, with no year 0 (-50 is 50 BC)."""

    year: int
    month: int | None = None
    day: int | None = None
    end: Date | None = None
    circa: bool = False
    uncertain: bool = False
    #: 1 spring, 2 summer, 3 autumn, 4 winter (:data:`SEASONS`), in place of a month
    season: int | None = None

    def __post_init__(self) -> None:
        if not (1 <= abs(self.year) <= 9999 or (self.year, self.month, self.day) == (
                0, None, None)):
            raise ValueError(f"year {self.year} is out of range (-9999 to 9999, not 0)")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is out of range")
        if self.season is not None and (self.month is not None or not 1 <= self.season <= 4):
            raise ValueError("a season is 1 to 4 (spring to winter), in place of a month")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            import calendar

            # the proleptic Gregorian calendar's leap years, counted astronomically
            days = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[self.month - 1] + (
                self.month == 2 and calendar.isleap(_astronomical(self.year)))
            if not 1 <= self.day <= days:
                raise ValueError(f"{self.year}-{self.month:02d} has no day {self.day}")
        if self.end is not None and (self.end.end is not None or self.is_open):
            raise ValueError("a range's end is one date")

    @classmethod
    def parse(cls, text: str) -> Date:
        """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-21`` … ``YYYY-24`` (a season),
        each perhaps followed by ``~``, ``?`` or ``%``, or two of them joined by ``/`` (an
        open range: ``YYYY/..``; one whose end is unknown: ``YYYY/``); ValueError for
        anything else."""
        parts = text.strip().split("/")
        if len(parts) > 2:
            raise ValueError(f"{text!r} is not a date or a range of two")
        dates = []
        for index, part in enumerate(parts):
            part = part.strip()
            if index and part in ("", ".."):
                dates.append(OPEN_END if part else UNKNOWN_END)
                continue
            match = _ISO_DATE.fullmatch(part)
            if match is None:
                raise ValueError(f"{text!r} is not an ISO 8601 date (YYYY, YYYY-MM or "
                                 "YYYY-MM-DD, a range joined by /)")
            year, month, day = (int(g) if g else None for g in match.groups()[:3])
            assert year is not None
            year = year_of_iso(year)
            circa, uncertain = _QUALIFIERS[match.group(4)]
            season = None
            if month is not None and 21 <= month <= 24 and day is None:
                season, month = month - 20, None
            dates.append(cls(year, month, day, circa=circa, uncertain=uncertain,
                             season=season))
        return replace(dates[0], end=dates[1]) if len(dates) == 2 else dates[0]

    @classmethod
    def of_parts(cls, parts: Sequence[int], end: Sequence[int] = ()) -> Date:
        """From ``[year, month, day]`` lists (CSL's date-parts; an end of ``[0]`` is
        open); ValueError if invalid."""
        def one(date: Sequence[int]) -> Date:
            if not 1 <= len(date) <= 3:
                raise ValueError("a date has a year, a month and a day at most")
            padded = [*date, None, None]
            return cls(date[0], padded[1], padded[2])

        if list(parts[:1]) == [0]:
            raise ValueError("year 0 is not a year of the common era")
        if list(end) == [0]:
            return replace(one(parts), end=OPEN_END)
        return replace(one(parts), end=one(end)) if end else one(parts)

    def beyond(self, year: int | None, month: int | None) -> dict[str, object]:
        """The record's fields besides ``year`` and ``month`` this date gives (what each
        reader types as ``day``, ``date_end``, ``circa``, ``uncertain``, ``season``);
        nothing where it is not a date of that year and month."""
        if (self.year, self.month) != (year, month):
            return {}
        return {name: value for name, value in (
            ("day", self.day), ("date_end", self.end), ("circa", self.circa),
            ("uncertain", self.uncertain), ("season", self.season)) if value}

    @property
    def is_open(self) -> bool:
        """Whether this is the end of an open range or of one whose end is unknown
        (:data:`OPEN_END`, :data:`UNKNOWN_END`)."""
        return self.year == 0

    @property
    def parts(self) -> list[int]:
        """``[year, month, day]`` as far as known (CSL's date-parts; an open end: ``[0]``)."""
        return [p for p in (self.year, self.month, self.day) if p is not None]

    def format(self) -> str:
        if self.is_open:
            return "" if self.uncertain else ".."
        astronomical = _astronomical(self.year)
        year = f"-{-astronomical:04d}" if astronomical < 0 else f"{astronomical:04d}"
        start = year + (f"-{self.month:02d}" if self.month else "") + (
            f"-{self.season + 20}" if self.season else "") + (
            f"-{self.day:02d}" if self.day else "") + (
            "%" if self.circa and self.uncertain else "~" if self.circa else
            "?" if self.uncertain else "")
        return f"{start}/{self.end.format()}" if self.end else start

    def __str__(self) -> str:
        return self.format()


def _astronomical(year: int) -> int:
    """A year of the common era (negative before it, no year 0) as ISO 8601 counts it
    (0 is 1 BC)."""
    return year + 1 if year < 0 else year


def year_of_iso(year: int) -> int:
    """An ISO 8601 year (counted astronomically: 0000 is 1 BC, -0049 is 50 BC) as a year
    of the common era, negative before it (:func:`_astronomical`'s inverse)."""
    return year - 1 if year <= 0 else year


def year_text(year: int) -> str:
    """A year as people write it: ``2024``, ``50 BC``."""
    return f"{-year} BC" if year < 0 else str(year)


#: the end of an open range (``1988/..``; CSL's date-parts ``[[1988], [0]]``)
OPEN_END = Date(0)
#: the end of a range whose end is unknown (``1988/``; biber tells the two apart, CSL
#: has ``[0]`` for both)
UNKNOWN_END = Date(0, uncertain=True)
#: the canonical YAML's words for them (``date_end: open``)
END_WORDS = {"open": OPEN_END, "unknown": UNKNOWN_END}


# --------------------------------------------------------------------------- verbatim


@dataclass(frozen=True, slots=True)
class Verbatim:
    """A field as one format wrote it, kept where plbib's typed fields do not hold all of
    it: a field no typed field has (BibTeX's ``series``, ``edition``, ``chapter``), a value
    plbib cannot interpret (``pages = "xiv+557"``, ``year = "{\\noopsort{1973b}}1973"``), or
    the entry type where the typed one is wider (``@booklet`` is a misc: ``@type``).

    That format's writer writes it back as it was, in place of a typed field of the same
    name; the other formats have no place for it, and their writers say so
    (docs/formats.md). ``format`` is one of :data:`VERBATIM_FORMATS`; ``name`` the field's
    name there (BibTeX's in lower case); ``value`` its text as that format holds it
    (BibTeX: value syntax, ``{…}`` or pieces joined by ``#``, the file's ``@string``
    macros expanded; CSL-JSON: the variable's JSON value as JSON text; RIS: one tag's
    value, a tag kept several times in order)."""

    format: str
    name: str
    value: str


#: the formats whose fields a record keeps verbatim (BibTeX covers BibLaTeX: one syntax;
#: CSL-JSON covers CSL-YAML: one set of variables)
VERBATIM_FORMATS = ("bibtex", "csljson", "ris")
#: the name under which a format's own entry type is kept
ENTRY_TYPE = "@type"


# --------------------------------------------------------------------------- records


def _note(name: str) -> dict[str, str]:
    """Field metadata: the ``Name: value`` note line that carries the field where CSL-JSON
    and RIS have no place for it (:mod:`plbib.notefields`)."""
    return {"note": name}


def _mapped(kind: str, bibtex: str, csl: str, ris: str | None = None,
            biblatex: str | None = None) -> dict[str, str]:
    """Field metadata of a field every format has a place for, each under its own name, as
    the established converters map them (citation-js, pandoc, Better BibTeX, Zotero:
    docs/formats.md): ``kind`` is ``text``, ``number`` (text, or a number in the YAML),
    ``names`` or ``date``; BibTeX's name (``biblatex``'s where it differs), CSL's
    variable, and RIS's tag; where RIS has none, a note line named as the CSL variable
    carries it (Zotero's Extra convention, which citeproc-js reads too)."""
    out = {"kind": kind, "bibtex": bibtex, "biblatex": biblatex or bibtex, "csl": csl}
    if ris:
        out["ris"] = ris
    else:
        out["note"] = csl
    return out


@dataclass(frozen=True, slots=True)
class Record:
    """One paper. Absent values are ``None`` (or empty tuples); nothing is ever guessed.

    The fields are declared once, here, in the order the canonical YAML writes them; their
    metadata says which travel as note lines (:data:`NOTE_LINES`) and which the YAML writes
    inside another (``more_authors``: the "others" ending ``authors``). ``key`` and
    ``type`` may be given by position, every other field by name."""

    key: str = field(metadata=_note("Citation Key"))
    type: EntryType
    _: KW_ONLY
    #: the kind of work, where the type does not say it all: a CSL item type (a ``patent``,
    #: a ``webpage``, a ``dataset`` are each a misc; an ``article-magazine`` is a
    #: journal-article). :mod:`plbib.kinds` has them, each with its entry type
    kind: str | None = field(default=None, metadata=_note("plbib-kind"))
    section: str | None = field(default=None, metadata=_note("plbib-section"))
    title: Title
    #: other titles the paper is known by (an arXiv title, the list's own wording)
    aliases: tuple[str, ...] = field(default=(), metadata=_note("plbib-alias"))
    #: the title as a style shortens it (in later citations)
    short_title: str | None = field(default=None, metadata=_mapped(
        "text", "shorttitle", "title-short", "ST"))
    authors: tuple[Name, ...] = ()
    #: the author list is truncated ("and others" in BibTeX)
    more_authors: bool = field(default=False,
                               metadata={**_note("plbib-more-authors"), "yaml": False})
    editors: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = field(default=(), metadata=_mapped(
        "names", "translator", "translator", "A4"))
    #: the authors of the book the work is part of (a chapter's book's author, a
    #: volume's collected works' author)
    container_authors: tuple[Name, ...] = field(default=(), metadata=_mapped(
        "names", "bookauthor", "container-author"))
    #: short name of a venue in the registry (``OSDI``, ``ICLR``, ``arXiv``)
    venue: str | None = None
    year: int | None = None
    month: int | None = None
    #: the day of the month, where the date is known to the day
    day: int | None = None
    #: where the date is a range (a multi-volume work's 1984/1986), its end
    #: (:data:`OPEN_END` for an open range, ``1988/..``; :data:`UNKNOWN_END`, ``1988/``)
    date_end: Date | None = None
    #: the date is approximate (biblatex's ``1850~``, CSL's ``circa``)
    circa: bool = False
    #: the date is uncertain (biblatex's ``1850?``; CSL has no place for it)
    uncertain: bool = False
    #: the season of the year, in place of a month: 1 spring … 4 winter (:data:`SEASONS`)
    season: int | None = None
    #: proceedings title for a conference paper, journal name for an article
    container_title: Title | None = None
    #: the volume's own title where the container is a multi-volume work (biblatex's
    #: booktitle beside a maintitle), or a journal issue's title (its issuetitle)
    volume_title: Title | None = field(default=None, metadata=_note("volume-title"))
    #: the series a book or proceedings volume is part of (Lecture Notes in …)
    series: str | None = field(default=None, metadata=_mapped(
        "text", "series", "collection-title", "T3"))
    #: the book's number in its series (BibTeX's ``number`` of a book or chapter)
    series_number: str | None = field(default=None, metadata=_note("collection-number"))
    edition: str | None = field(default=None, metadata=_mapped(
        "number", "edition", "edition", "ET"))
    #: how many volumes the work has
    volumes: str | None = field(default=None, metadata=_mapped(
        "number", "volumes", "number-of-volumes", "NV"))
    volume: str | None = None
    #: the part of a volume (a physical part: volume 2, part 1); ``part`` is the CSL-JSON
    #: schema's name for the CSL variable ``part-number`` (which the reader reads too)
    part: str | None = field(default=None, metadata=_mapped("number", "part", "part"))
    issue: str | None = None
    #: article number (or report number)
    number: str | None = None
    #: the chapter (or section) of a book the work is
    chapter: str | None = field(default=None, metadata=_mapped(
        "number", "chapter", "chapter-number"))
    pages: Pages | None = None
    #: how many pages the work has
    page_total: str | None = field(default=None, metadata=_mapped(
        "number", "pagetotal", "number-of-pages"))
    publisher: str | None = None
    #: where the publisher is (BibTeX's address, biblatex's location)
    publisher_place: str | None = field(default=None, metadata=_mapped(
        "text", "address", "publisher-place", "CY", biblatex="location"))
    #: where the conference took place
    event_place: str | None = None
    isbn: str | None = None
    #: the journal's or series' ISSN (RIS's SN is the ISBN: a note line there)
    issn: str | None = field(default=None, metadata=_mapped("text", "issn", "ISSN"))
    pmid: str | None = field(default=None, metadata=_mapped("text", "pmid", "PMID"))
    pmcid: str | None = field(default=None, metadata=_mapped("text", "pmcid", "PMCID"))
    doi: str | None = None
    #: the paper's landing page
    url: str | None = None
    #: the link the Markdown list shows when it is not ``url`` (a PDF, a schedule page)
    link: str | None = field(default=None, metadata=_note("plbib-link"))
    arxiv: str | None = field(default=None, metadata=_note("arXiv"))
    #: the first author's affiliation, as the list names it
    affiliation: str | None = field(default=None, metadata=_note("plbib-affiliation"))
    #: the paper's code repository
    code: str | None = field(default=None, metadata=_note("plbib-code"))
    #: the language the work is written in, as given (``english``, ``en-US``)
    language: str | None = field(default=None, metadata=_mapped(
        "text", "language", "language", "LA"))
    abstract: str | None = field(default=None, metadata=_mapped(
        "text", "abstract", "abstract", "AB"))
    #: the work's keywords (tags), in order: the author's or a library's, not the list's
    #: section (which the BibTeX and RIS exports also give as the first keyword, for
    #: reference managers' tags)
    keywords: tuple[str, ...] = ()
    #: when the URL was last looked at
    accessed: Date | None = field(default=None, metadata=_mapped(
        "date", "urldate", "accessed", "Y2"))
    #: when the work first appeared (a reprint's, a translation's original)
    original_date: Date | None = field(default=None, metadata=_mapped(
        "date", "origdate", "original-date"))
    #: the original's title, publisher and place (a translation's, a reprint's)
    original_title: str | None = field(default=None, metadata=_mapped(
        "text", "origtitle", "original-title"))
    original_publisher: str | None = field(default=None, metadata=_mapped(
        "text", "origpublisher", "original-publisher"))
    original_publisher_place: str | None = field(default=None, metadata=_mapped(
        "text", "origlocation", "original-publisher-place"))
    #: when the conference took place
    event_date: Date | None = field(default=None, metadata=_mapped(
        "date", "eventdate", "event-date"))
    #: the work's type in its own words, where the entry type does not say it all (a
    #: thesis's ``Master's thesis``, a report's ``Research report``, a patent's
    #: ``patentus``: biblatex's localisation keys are kept as they are, as citation-js does)
    genre: str | None = field(default=None, metadata=_mapped("text", "type", "genre"))
    #: the software's or document's version
    version: str | None = field(default=None, metadata=_mapped("number", "version", "version"))
    #: the publication state (``forthcoming``, ``inpress``, ``submitted``)
    status: str | None = field(default=None, metadata=_mapped("text", "pubstate", "status"))
    #: a library's call number
    call_number: str | None = field(default=None, metadata=_mapped(
        "text", "library", "call-number", "CN"))
    #: an annotation (for annotated bibliographies)
    annote: str | None = field(default=None, metadata=_mapped(
        "text", "annote", "annote", biblatex="annotation"))
    #: free text; as a note line ``plbib-note: …`` only where it would read as a field line
    note: str | None = field(default=None, metadata=_note("plbib-note"))
    #: fields kept as their format wrote them, in the order read (:class:`Verbatim`)
    extra: tuple[Verbatim, ...] = ()

    def replace(self, **changes: object) -> Record:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def issued(self) -> Date | None:
        """The date of the work as far as it is known (year, month, day; a range)."""
        if self.year is None:
            return None
        return Date(self.year, self.month, self.day, self.date_end, self.circa,
                    self.uncertain, self.season)

    def dates(self) -> list[tuple[str, Date]]:
        """The record's dates by field: its own (``date``: year, month, day …) and the
        other date fields it has (``accessed``, ``original_date``, ``event_date``)."""
        issued = self.issued
        own = [("date", issued)] if issued is not None else []
        return own + [(name, value) for name, meta in MAPPED.items()
                      if meta["kind"] == "date" and (value := getattr(self, name)) is not None]

    def verbatim(self, format: str) -> dict[str, str]:
        """The fields kept verbatim for ``format``, by name (a name kept twice: the last)."""
        return {v.name: v.value for v in self.extra if v.format == format}


#: the canonical YAML's fields, in its order
YAML_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Record) if f.metadata.get("yaml", True))
#: field -> the note line that carries it in CSL-JSON and RIS notes (Zotero's Extra)
NOTE_LINES: dict[str, str] = {
    f.name: f.metadata["note"] for f in fields(Record) if "note" in f.metadata}
#: fields every format has a place for, each under its own name (:func:`_mapped`): field
#: name -> its metadata (kind; bibtex, biblatex, csl and ris names; note line)
MAPPED: dict[str, Mapping[str, str]] = {
    f.name: f.metadata for f in fields(Record) if "kind" in f.metadata}
#: note-line fields holding several values (a tuple): one line each
REPEATED: frozenset[str] = frozenset(
    f.name for f in fields(Record) if isinstance(f.default, tuple) and f.name in NOTE_LINES)

#: Fields each entry type needs beyond key, type and title. A tuple inside means "one of".
REQUIRED: dict[EntryType, tuple[str | tuple[str, ...], ...]] = {
    EntryType.CONFERENCE_PAPER: ("authors", "year", ("venue", "container_title")),
    EntryType.JOURNAL_ARTICLE: ("authors", "year", ("venue", "container_title")),
    EntryType.PREPRINT: ("authors", "year", ("arxiv", "url", "doi")),
    EntryType.BOOK: (("authors", "editors"), "year", "publisher"),
    EntryType.BOOK_CHAPTER: ("authors", "year", "container_title"),
    EntryType.THESIS: ("authors", "year", "publisher"),
    EntryType.REPORT: ("authors", "year", "publisher"),
    EntryType.MISC: (),
}


#: the genre of a thesis without one: what BibTeX's @phdthesis says (and biblatex's
#: ``type = {phdthesis}``). CSL-JSON writes it, as pandoc and citation-js give a
#: @phdthesis one, so that a style prints it; the readers read it back as none.
THESIS_GENRE = "PhD thesis"

#: :data:`REQUIRED` with each need as a tuple of alternatives: the ``standard`` rules a
#: list may declare (:attr:`PaperList.required`)
STANDARD_REQUIRED: dict[EntryType, tuple[tuple[str, ...], ...]] = {
    kind: tuple(need if isinstance(need, tuple) else (need,) for need in needs)
    for kind, needs in REQUIRED.items()
}


@dataclass(frozen=True)
class PaperList(Sequence[Record]):
    """An ordered list of records with its declared sections (the list's headings)."""

    records: tuple[Record, ...]
    sections: tuple[str, ...] = ()
    source: str | None = None
    #: the list's introduction (Markdown shown above the sections), if it has one
    intro: str | None = field(default=None, compare=False)
    #: the venue registry the records were checked against
    venues: VenueRegistry | None = field(default=None, compare=False, repr=False)
    #: problems that do not stop loading (near-duplicate titles, …)
    warnings: tuple[PlbibError, ...] = field(default=(), compare=False, repr=False)
    #: BibTeX's ``@preamble`` texts (LaTeX the .bbl starts with), as the file had them
    preamble: tuple[str, ...] = ()
    #: BibTeX's text outside entries, each block as the file had it: ``@comment`` blocks
    #: (JabRef's groups and metadata) and free text; written after the entries
    comments: tuple[str, ...] = ()
    #: the fields each entry type needs, where the list declares them (its canonical
    #: YAML's ``required``: the curated list's policy, which ``plbib check`` applies);
    #: each need a tuple of alternatives. None: no rules of its own (an imported file)
    required: Mapping[EntryType, tuple[tuple[str, ...], ...]] | None = field(
        default=None, compare=False, repr=False)

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Record]: ...
    def __getitem__(self, index: int | slice) -> Record | Sequence[Record]:
        return self.records[index]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def by_key(self, key: str) -> Record:
        for record in self.records:
            if record.key == key:
                return record
        raise KeyError(key)

    def keys(self) -> list[str]:
        return [record.key for record in self.records]
