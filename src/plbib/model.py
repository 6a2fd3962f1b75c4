"""The canonical model: every format converts to and from these types, never to each other.

Records are immutable. Values that have structure get a type of their own:

* :class:`Name` — a person (family, given, particle, suffix) or an organisation (``literal``);
* :class:`Title` — text with *case-protected spans*, the parts a style must never recase
  (acronyms and proper nouns such as ``GPTQ``, ``ViT``, ``USENIX``). BibTeX writes a
  protected span as ``{…}``, CSL-JSON as ``<span class="nocase">…</span>``; both are derived
  from the one representation here;
* :class:`Pages` — a page range or a single page / article-relative locator.
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
    """A page range ``first``–``last``, or one page / article locator (``last`` empty)."""

    first: str
    last: str = ""

    @classmethod
    def parse(cls, text: str) -> Pages:
        """Read ``521-538``, ``521--538``, ``521–538``, ``e1234`` or ``12``; ValueError else."""
        numeric = _NUMERIC_RANGE.fullmatch(text)
        if numeric is not None:  # the usual case, in one match
            first, last = numeric.groups()
            if int(last) < int(first):
                raise ValueError(f"page range {text!r} ends before it starts")
            return cls(first, last)
        parts = _PAGE_SEPARATOR.split(text.strip())
        if len(parts) > 2 or not all(_PAGE_TOKEN.match(p) for p in parts):
            raise ValueError(f"{text!r} is not a page or page range")
        first, last = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
        if last and first.isdigit() and last.isdigit() and int(last) < int(first):
            raise ValueError(f"page range {text!r} ends before it starts")
        return cls(first, last)

    def format(self, dash: str = "-") -> str:
        return f"{self.first}{dash}{self.last}" if self.last else self.first

    def __str__(self) -> str:
        return self.format()


# --------------------------------------------------------------------------- verbatim


@dataclass(frozen=True, slots=True)
class Verbatim:
    """A field as one format wrote it, kept where plbib's typed fields do not hold all of
    it: a field no typed field has (BibTeX's ``series``, ``edition``, ``chapter``), a value
    plbib cannot interpret (``pages = "73+"``, ``year = "{\\noopsort{1973b}}1973"``), or
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
    section: str | None = field(default=None, metadata=_note("plbib-section"))
    title: Title
    #: other titles the paper is known by (an arXiv title, the list's own wording)
    aliases: tuple[str, ...] = field(default=(), metadata=_note("plbib-alias"))
    authors: tuple[Name, ...] = ()
    #: the author list is truncated ("and others" in BibTeX)
    more_authors: bool = field(default=False,
                               metadata={**_note("plbib-more-authors"), "yaml": False})
    editors: tuple[Name, ...] = ()
    #: short name of a venue in the registry (``OSDI``, ``ICLR``, ``arXiv``)
    venue: str | None = None
    year: int | None = None
    month: int | None = None
    #: proceedings title for a conference paper, journal name for an article
    container_title: Title | None = None
    volume: str | None = None
    issue: str | None = None
    #: article number (or report number)
    number: str | None = None
    pages: Pages | None = None
    publisher: str | None = None
    #: where the conference took place
    event_place: str | None = None
    isbn: str | None = None
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
    #: free text; as a note line ``plbib-note: …`` only where it would read as a field line
    note: str | None = field(default=None, metadata=_note("plbib-note"))
    #: fields kept as their format wrote them, in the order read (:class:`Verbatim`)
    extra: tuple[Verbatim, ...] = ()

    def replace(self, **changes: object) -> Record:
        return replace(self, **changes)  # type: ignore[arg-type]

    def verbatim(self, format: str) -> dict[str, str]:
        """The fields kept verbatim for ``format``, by name (a name kept twice: the last)."""
        return {v.name: v.value for v in self.extra if v.format == format}


#: the canonical YAML's fields, in its order
YAML_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Record) if f.metadata.get("yaml", True))
#: field -> the note line that carries it in CSL-JSON and RIS notes (Zotero's Extra)
NOTE_LINES: dict[str, str] = {
    f.name: f.metadata["note"] for f in fields(Record) if "note" in f.metadata}
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
