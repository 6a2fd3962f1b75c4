"""What kind of work a record is, finer than its :class:`~plbib.model.EntryType`: a patent,
a web page, a dataset are all ``misc`` to the list's rules, but a style formats each its
own way and every format has a type for it. The vocabulary is CSL 1.0.2's item types (the
widest the formats share); each kind belongs to one entry type, and has its biblatex entry
type and RIS type as the established converters map them (citation-js's biblatex ⇄ CSL
tables, Zotero's RIS export; docs/formats.md). A kind is ``None`` where the entry type
says it all (a ``journal-article`` is CSL's ``article-journal``)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import EntryType


@dataclass(frozen=True, slots=True)
class Kind:
    entry_type: EntryType
    #: the biblatex entry type written for it (biblatex's data model has them all)
    biblatex: str
    #: the RIS type written for it
    ris: str


_MISC, _ARTICLE, _CHAPTER, _REPORT = (EntryType.MISC, EntryType.JOURNAL_ARTICLE,
                                      EntryType.BOOK_CHAPTER, EntryType.REPORT)

#: CSL item type -> its kind; the CSL types the entry types are written as are not here
KINDS: dict[str, Kind] = {
    "article-magazine": Kind(_ARTICLE, "article", "MGZN"),
    "article-newspaper": Kind(_ARTICLE, "article", "NEWS"),
    "review": Kind(_ARTICLE, "review", "JOUR"),
    "review-book": Kind(_ARTICLE, "review", "JOUR"),
    "entry": Kind(_CHAPTER, "inreference", "CHAP"),
    "entry-dictionary": Kind(_CHAPTER, "inreference", "DICT"),
    "entry-encyclopedia": Kind(_CHAPTER, "inreference", "ENCYC"),
    "standard": Kind(_REPORT, "standard", "STAND"),
    "bill": Kind(_MISC, "legislation", "BILL"),
    "broadcast": Kind(_MISC, "misc", "MPCT"),
    "classic": Kind(_MISC, "misc", "CLSWK"),
    "collection": Kind(_MISC, "misc", "AGGR"),
    "dataset": Kind(_MISC, "dataset", "DATA"),
    "document": Kind(_MISC, "misc", "GEN"),
    "event": Kind(_MISC, "misc", "GEN"),
    "figure": Kind(_MISC, "image", "FIGURE"),
    "graphic": Kind(_MISC, "artwork", "ART"),
    "hearing": Kind(_MISC, "misc", "HEAR"),
    "interview": Kind(_MISC, "misc", "GEN"),
    "legal_case": Kind(_MISC, "jurisdiction", "CASE"),
    "legislation": Kind(_MISC, "legislation", "STAT"),
    "map": Kind(_MISC, "misc", "MAP"),
    "motion_picture": Kind(_MISC, "movie", "MPCT"),
    "musical_score": Kind(_MISC, "music", "MUSIC"),
    "pamphlet": Kind(_MISC, "booklet", "PAMP"),
    "patent": Kind(_MISC, "patent", "PAT"),
    "performance": Kind(_MISC, "performance", "GEN"),
    "periodical": Kind(_MISC, "periodical", "JFULL"),
    "personal_communication": Kind(_MISC, "letter", "PCOMM"),
    "post": Kind(_MISC, "online", "ELEC"),
    "post-weblog": Kind(_MISC, "online", "BLOG"),
    "regulation": Kind(_MISC, "legislation", "STAT"),
    "software": Kind(_MISC, "software", "COMP"),
    "song": Kind(_MISC, "audio", "SOUND"),
    "speech": Kind(_MISC, "misc", "SLIDE"),
    "treaty": Kind(_MISC, "legal", "GEN"),
    "webpage": Kind(_MISC, "online", "ELEC"),
}

#: kinds whose ``number`` is the work's own (a patent's, a bill's), not an issue: CSL's
#: ``number``, as citation-js reads biblatex's number there
OWN_NUMBER = frozenset({"patent", "standard", "legislation", "bill", "regulation"})

#: the CSL 1.0.1 item types: Zotero's CSL-JSON import refuses a whole file with an item of
#: another type (docs/formats.md), so a kind outside them is written as its entry type's
#: CSL type there, and kept for CSL-JSON as its own variable's value
CSL_101_TYPES = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "dataset", "entry", "entry-dictionary", "entry-encyclopedia",
    "figure", "graphic", "interview", "legal_case", "legislation", "manuscript", "map",
    "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "personal_communication", "post", "post-weblog", "report", "review", "review-book",
    "song", "speech", "thesis", "treaty", "webpage"})

#: biblatex entry type -> the kind citation-js reads it as (where the entry type does not
#: say it all): its biblatex-to-CSL type table
FROM_BIBLATEX: dict[str, str] = {
    "online": "webpage", "electronic": "webpage", "www": "webpage",
    "inreference": "entry", "booklet": "pamphlet", "periodical": "periodical",
    "dataset": "dataset", "patent": "patent", "software": "software", "artwork": "graphic",
    "image": "figure", "audio": "song", "music": "musical_score", "movie": "motion_picture",
    "video": "motion_picture", "jurisdiction": "legal_case", "legislation": "legislation",
    "legal": "treaty", "letter": "personal_communication", "review": "review",
    "standard": "standard", "performance": "performance",
}

#: RIS type -> kind (Zotero's RIS import, through its item types' CSL types)
FROM_RIS: dict[str, str] = {
    "MGZN": "article-magazine", "CTLG": "article-magazine", "NEWS": "article-newspaper",
    "DICT": "entry-dictionary", "ENCYC": "entry-encyclopedia", "STAND": "standard",
    "ELEC": "webpage", "WEB": "webpage", "BLOG": "post-weblog", "COMP": "software",
    "DATA": "dataset", "DBASE": "dataset", "PAT": "patent", "CASE": "legal_case",
    "LEGAL": "legal_case", "STAT": "legislation", "BILL": "bill", "HEAR": "hearing",
    "MPCT": "motion_picture", "ADVS": "motion_picture", "VIDEO": "motion_picture",
    "MULTI": "motion_picture", "SOUND": "song", "MUSIC": "song", "ART": "graphic",
    "FIGURE": "graphic", "CHART": "graphic", "MAP": "map", "PCOMM": "personal_communication",
    "ICOMM": "personal_communication", "SLIDE": "speech", "PAMP": "pamphlet",
    "CLSWK": "classic", "AGGR": "collection",
}


def of(csl_type: str, entry_type: EntryType) -> str | None:
    """The kind a CSL type gives a record of ``entry_type``: ``None`` where the kind is
    not one (the entry type's own CSL type, or a kind of another entry type)."""
    kind = KINDS.get(csl_type)
    return csl_type if kind is not None and kind.entry_type is entry_type else None
