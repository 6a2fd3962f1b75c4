"""Hypothesis strategies for canonical records: every generated record passes validation."""

from __future__ import annotations

import string
from dataclasses import replace

from hypothesis import strategies as st

from plbib import Date, EntryType, Name, Pages, Record, Span, Title
from plbib.formats.bibtex.writer import ZOTERO_BIBTEX_TYPES
from plbib.kinds import FROM_BIBLATEX, KINDS
from plbib.model import ENTRY_TYPE, MAPPED, OPEN_END, THESIS_GENRE, UNKNOWN_END, Verbatim
from plbib.resources import load_venues

# Printable text: letters of many scripts, accents, punctuation and LaTeX/Markdown/HTML
# specials; no control characters (canonical values are single lines).
_ALPHABET = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
    blacklist_characters="\ufeff\x85",
)
SPECIALS = list("{}\\&%$#_~^[]()*`<>!|\"'")


def _stripped(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return strategy.map(lambda s: " ".join(s.split())).filter(bool)


text = _stripped(st.text(_ALPHABET, min_size=1, max_size=40))
word = st.text(string.ascii_letters + "ÄÖÜäöüéèçñłøß-", min_size=1, max_size=12).filter(
    lambda w: w.strip("-") == w)
capitalised = word.map(lambda w: w[:1].upper() + w[1:])

names = st.one_of(
    st.builds(Name, family=capitalised, given=st.one_of(st.just(""), capitalised)),
    st.builds(Name, family=capitalised, given=capitalised,
              particle=st.sampled_from(["van", "von", "de", "van der", "de la", "di"])),
    st.builds(Name, family=capitalised, given=capitalised,
              suffix=st.sampled_from(["Jr.", "Sr.", "III"])),
    st.builds(Name, literal=_stripped(st.text(_ALPHABET, min_size=1, max_size=30))),
    # hard names: spaces, hyphens and specials inside the parts
    st.builds(Name, family=text.filter(lambda t: "," not in t), given=text),
)

math_source = st.sampled_from(["O(n^2)", "n \\log n", "\\alpha_i", "10^{-3}", "x+y", "k"])
spans = st.lists(
    st.one_of(
        st.builds(Span, st.one_of(text, st.sampled_from(SPECIALS)), st.booleans()),
        st.builds(Span, math_source, st.just(True), st.just(True)),
    ),
    min_size=1, max_size=6,
)
titles = spans.map(lambda s: Title(tuple(s))).filter(
    lambda t: bool(t) and t.markup == t.markup.strip() and t.text.strip() != "")

pages = st.one_of(
    st.integers(1, 5000).map(lambda n: Pages(str(n))),
    st.tuples(st.integers(1, 5000), st.integers(0, 300)).map(
        lambda p: Pages(str(p[0]), str(p[0] + p[1]))),
    st.integers(1, 99999).map(lambda n: Pages(f"e{n}")),
    st.integers(1, 5000).map(lambda n: Pages(f"{n}+")),
    st.tuples(st.integers(1, 900), st.integers(1, 90), st.integers(1000, 2000)).map(
        lambda p: Pages(str(p[0]), str(p[0] + p[1]), (Pages(str(p[2])),))),
)
dois = st.tuples(st.integers(1000, 99999), st.text(string.ascii_letters + string.digits
                                                   + "./_-()<>;:", min_size=1, max_size=20)
                 ).map(lambda p: f"10.{p[0]}/{p[1]}")
urls = st.text(string.ascii_letters + string.digits + "/-_.~?=&%", max_size=20).map(
    lambda p: f"https://example.org/{p}")
arxiv_ids = st.tuples(st.integers(7, 26), st.integers(1, 12), st.integers(1, 29999)).map(
    lambda t: f"{t[0]:02d}{t[1]:02d}.{t[2]:05d}")
numbers = st.one_of(st.integers(1, 400).map(str), capitalised)


@st.composite
def _days(draw: st.DrawFn, qualified: bool = False) -> Date:
    """A year, month or day; ``qualified``: perhaps circa, uncertain, a season, or before
    the common era."""
    if not qualified:
        year = draw(st.integers(1000, 2100))
        month = draw(_optional(st.integers(1, 12)))
        day = draw(_optional(st.integers(1, 28))) if month else None
        return Date(year, month, day)  # type: ignore[arg-type]
    # before the common era too (-50 is 50 BC; no year 0)
    year = draw(st.integers(-3000, 2100).filter(bool))
    month = draw(_optional(st.integers(1, 12)))
    day = draw(_optional(st.integers(1, 28))) if month else None
    season = draw(_optional(st.integers(1, 4))) if month is None else None
    return Date(year, month, day, circa=draw(st.booleans()),  # type: ignore[arg-type]
                uncertain=draw(st.booleans()), season=season)  # type: ignore[arg-type]


#: a range's end: a date, or open, or unknown
_ends = st.one_of(_days(), st.sampled_from([OPEN_END, UNKNOWN_END]))
dates = st.one_of(_days(qualified=True), st.tuples(_days(qualified=True), _ends).map(
    lambda pair: replace(pair[0], end=pair[1])))

VENUES = [venue.short for venue in load_venues()]
SECTIONS = ("Model", "Inference engine", "Hardware")


def _optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), strategy)


@st.composite
def records(draw: st.DrawFn, key: str | None = None) -> Record:
    """A record that passes validation (every entry type's required fields are present)."""
    authors = tuple(draw(st.lists(names, min_size=1, max_size=6)))
    record = Record(
        key=key or draw(st.from_regex(r"[a-z][a-z0-9]{2,14}", fullmatch=True)),
        type=draw(st.sampled_from(list(EntryType))),
        title=draw(titles),
        section=draw(st.sampled_from(SECTIONS)),
        authors=authors,
        more_authors=draw(st.booleans()),
        editors=tuple(draw(st.lists(names, max_size=3))),
        venue=draw(_optional(st.sampled_from(VENUES))),
        year=draw(st.integers(1900, 2025)),
        month=draw(_optional(st.integers(1, 12))),
        container_title=draw(titles),
        volume_title=draw(_optional(titles)),
        volume=draw(_optional(numbers)),
        issue=draw(_optional(numbers)),
        number=draw(_optional(numbers)),
        pages=draw(_optional(pages)),
        publisher=draw(text),
        event_place=draw(_optional(text)),
        isbn=draw(_optional(st.sampled_from(["978-1-939133-28-1", "0-306-40615-2"]))),
        doi=draw(_optional(dois)),
        url=draw(_optional(urls)),
        link=draw(_optional(urls)),
        arxiv=draw(st.one_of(st.none(), arxiv_ids)),
        affiliation=draw(_optional(text)),
        code=draw(_optional(urls)),
        note=draw(_optional(text)),
        aliases=tuple(draw(st.lists(text, max_size=2))),
        # what every format has a place for (model.MAPPED)
        short_title=draw(_optional(text)),
        translators=tuple(draw(st.lists(names, max_size=2))),
        container_authors=tuple(draw(st.lists(names, max_size=2))),
        part=draw(_optional(numbers)),
        # biblatex's terms too (written as its keys: phdthesis, mathesis, patentus)
        genre=draw(_optional(st.one_of(text, st.sampled_from([
            "Master's thesis", "PhD thesis", "technical report", "research report",
            "U.S. patent"])))),
        series=draw(_optional(text)),
        series_number=draw(_optional(numbers)),
        edition=draw(_optional(numbers)),
        publisher_place=draw(_optional(text)),
        issn=draw(_optional(st.sampled_from(["0097-8493", "1476-4687"]))),
        language=draw(_optional(st.sampled_from(["english", "en-US", "ngerman"]))),
        abstract=draw(_optional(text)),
        accessed=draw(_optional(_days())),
        original_date=draw(_optional(dates)),
        volumes=draw(_optional(numbers)),
        chapter=draw(_optional(numbers)),
        page_total=draw(_optional(numbers)),
        pmid=draw(_optional(st.integers(1, 40_000_000).map(str))),
        pmcid=draw(_optional(st.integers(1, 9_000_000).map(lambda n: f"PMC{n}"))),
        original_title=draw(_optional(text)),
        original_publisher=draw(_optional(text)),
        original_publisher_place=draw(_optional(text)),
        event_date=draw(_optional(dates)),
        version=draw(_optional(numbers)),
        status=draw(_optional(st.sampled_from(["forthcoming", "inpress", "submitted"]))),
        call_number=draw(_optional(text)),
        annote=draw(_optional(text)),
        keywords=tuple(draw(st.lists(text.filter(lambda t: "," not in t and ";" not in t),
                                     max_size=3, unique=True))),
    )
    if record.type is EntryType.PREPRINT and not (record.arxiv or record.url or record.doi):
        record = record.replace(arxiv=draw(arxiv_ids))
    if record.month is not None:  # a day, a range: the date to the precision known
        record = record.replace(day=draw(_optional(st.integers(1, 28))))
    elif record.year is not None:
        record = record.replace(season=draw(_optional(st.integers(1, 4))))
    record = record.replace(date_end=draw(_optional(st.one_of(
        st.integers(record.year or 1900, 2030).map(Date),
        st.sampled_from([OPEN_END, UNKNOWN_END])))))
    if record.year is not None:
        record = record.replace(circa=draw(st.booleans()), uncertain=draw(st.booleans()))
    kinds = sorted(name for name, kind in KINDS.items() if kind.entry_type is record.type)
    if kinds:
        record = record.replace(kind=draw(_optional(st.sampled_from(kinds))))
    if record.venue is None and record.container_title is not None and load_venues(
            ).recognise(record.container_title.text, year=record.year) is not None:
        # a container named like a venue ("ARXIV") is that venue to every reader
        record = record.replace(container_title=Title.plain("Proceedings"))
    return record


@st.composite
def record_lists(draw: st.DrawFn, max_size: int = 5) -> list[Record]:
    """Records with distinct keys and distinct DOIs (what a valid list requires)."""
    count = draw(st.integers(0, max_size))
    keys = draw(st.lists(st.from_regex(r"[a-z][a-z0-9]{2,14}", fullmatch=True),
                         min_size=count, max_size=count, unique_by=str.casefold))
    return _distinct_identifiers([draw(records(key=k)) for k in keys])


def _distinct_identifiers(records: list[Record]) -> list[Record]:
    """The records with distinct DOIs and arXiv ids, as a valid list requires (the
    duplicate rule): a repeated one is made distinct."""
    seen_doi: set[str] = set()
    seen_arxiv: set[str] = set()
    unique = []
    for record in records:
        if record.doi and record.doi.casefold() in seen_doi:
            record = record.replace(doi=f"{record.doi}.{record.key}")
        if record.doi:
            seen_doi.add(record.doi.casefold())
        if record.arxiv:
            month, number = record.arxiv.split(".")
            while f"{month}.{number}" in seen_arxiv:
                number = f"{(int(number) + 1) % 100000:05d}"
            record = record.replace(arxiv=f"{month}.{number}")
            seen_arxiv.add(record.arxiv)
        unique.append(record)
    return unique


_REGISTRY = load_venues()
CONFERENCE_VENUES = [v.short for v in _REGISTRY if v.kind.value in ("conference", "workshop")]
JOURNAL_VENUES = [v.short for v in load_venues() if v.kind.value == "journal"]


@st.composite
def bibliographic_records(draw: st.DrawFn, key: str | None = None) -> Record:
    """Records as real lists hold them: a venue of the right kind for the entry type, and
    an arXiv id on preprints (as every BibTeX exporter marks them) or on published papers."""
    record = draw(records(key=key))
    kind = record.type
    if kind is EntryType.CONFERENCE_PAPER:
        venue = draw(st.one_of(st.none(), st.sampled_from(CONFERENCE_VENUES)))
    elif kind is EntryType.JOURNAL_ARTICLE:
        venue = draw(st.one_of(st.none(), st.sampled_from(JOURNAL_VENUES)))
    elif kind is EntryType.PREPRINT:
        venue = "arXiv"
    else:
        venue = None
    if venue is None and record.container_title is not None and \
            _REGISTRY.recognise(record.container_title.text, year=record.year) is not None:
        # a container named like a venue ("ARXIV") is that venue to every reader
        record = record.replace(container_title=Title.plain("Proceedings"))
    arxiv = record.arxiv
    if kind is EntryType.PREPRINT:
        arxiv = arxiv or draw(arxiv_ids)
    elif kind is EntryType.MISC:
        arxiv = None  # a misc entry with an arXiv id *is* a preprint to every reader
    return record.replace(venue=venue, arxiv=arxiv)


@st.composite
def bibliographic_lists(draw: st.DrawFn, max_size: int = 4) -> list[Record]:
    count = draw(st.integers(0, max_size))
    keys = draw(st.lists(st.from_regex(r"[a-z][a-z0-9]{2,14}", fullmatch=True),
                         min_size=count, max_size=count, unique_by=str.casefold))
    out = []
    for index, key in enumerate(keys):
        record = draw(bibliographic_records(key=key))
        if record.doi:
            record = record.replace(doi=f"{record.doi}.{index}")
        out.append(record)
    return _distinct_identifiers(out)


#: record fields the BibLaTeX export leaves out, by biblatex entry type: biblatex's data
#: model (blx-dm.def) has no place for them there; plbib's own fields are in no type
_BIBLATEX_LOSES = {
    EntryType.JOURNAL_ARTICLE: {"publisher", "isbn", "event_place", "series_number"},
    EntryType.PREPRINT: {"container_title", "volume", "issue", "number", "pages",
                         "publisher", "isbn", "event_place", "series_number", "volume_title"},
    EntryType.MISC: {"container_title", "volume", "issue", "number", "pages", "publisher",
                     "isbn", "event_place", "series_number", "volume_title"},
    EntryType.BOOK: {"event_place", "issue", "volume_title"},
    EntryType.BOOK_CHAPTER: {"event_place", "issue"},
    EntryType.THESIS: {"editors", "container_title", "volume", "issue", "isbn",
                       "event_place", "series_number", "volume_title"},
    EntryType.REPORT: {"editors", "container_title", "volume", "issue", "isbn",
                       "event_place", "series_number", "volume_title"},
    EntryType.CONFERENCE_PAPER: {"issue"},
}


#: the date fields besides the record's own date
DATE_FIELDS = [name for name, meta in MAPPED.items() if meta["kind"] == "date"]


def as_csl_holds_it(record: Record) -> Record:
    """The record without what CSL-JSON has no place for (a warning when written): an
    uncertain date, a range's end that is unknown (CSL's [0] is an open one) or has a
    season or circa of its own (CSL's circa is the whole range's); and a thesis's genre
    ``PhD thesis``, which is what a thesis without one is (read back as none)."""
    def end_held(end: Date | None, circa: bool) -> Date | None:
        if end is None or end.is_open:
            return None if end is None else OPEN_END
        return replace(end, circa=circa, uncertain=False, season=None)

    def held(date: Date | None) -> Date | None:
        return None if date is None else replace(
            date, uncertain=False, end=end_held(date.end, date.circa))

    genre = None if record.type is EntryType.THESIS and record.genre == THESIS_GENRE \
        else record.genre  # the genre a thesis without one is: read back as none
    return record.replace(uncertain=False, date_end=end_held(record.date_end, record.circa),
                          genre=genre,
                          **{name: held(getattr(record, name)) for name in DATE_FIELDS})


def as_ris_holds_it(record: Record) -> Record:
    """The record without what RIS has no place for (a warning when written): circa,
    uncertain and a season, but in a range (written as biblatex's text), and an unknown
    end (written as open)."""
    def held(date: Date | None) -> Date | None:
        if date is not None and date.end == UNKNOWN_END:
            return replace(date, end=OPEN_END)
        return date if date is None or date.end is not None else replace(
            date, circa=False, uncertain=False, season=None)

    if record.date_end is None:
        record = record.replace(circa=False, uncertain=False, season=None)
    elif record.date_end == UNKNOWN_END:
        record = record.replace(date_end=OPEN_END)
    return record.replace(**{name: held(getattr(record, name)) for name in DATE_FIELDS})


def as_biblatex_keeps_it(record: Record) -> Record:
    """The record as plbib reads back its BibLaTeX export: the list's section, in no
    biblatex type, comes back as the first keyword only."""
    blx = KINDS[record.kind].biblatex if record.kind is not None else None
    # a kind's type brings every field, and the kind it says
    lost = set() if blx in FROM_BIBLATEX else _BIBLATEX_LOSES[record.type] | {"kind"}
    lost |= {"affiliation", "code", "link", "aliases", "section"}
    empty = {name: () if isinstance(getattr(record, name), tuple) else None for name in lost}
    keywords = (record.section, *record.keywords) if record.section else record.keywords
    read = record.replace(**empty, keywords=keywords)
    if blx in FROM_BIBLATEX:
        read = read.replace(kind=FROM_BIBLATEX[blx])
        if blx not in ZOTERO_BIBTEX_TYPES:
            # a file's @standard, which the BibTeX export would write as a @techreport
            read = read.replace(extra=(Verbatim("bibtex", ENTRY_TYPE, blx),))
    return read
