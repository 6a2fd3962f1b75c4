"""Formatted references: equal to citeproc-js's (the reference processor), fix by fix;
styles, output formats, injection, the CLI."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import plbib
from conftest import ROOT, need
from plbib import Name, Pages, Record, Span, Title, cite
from plbib.cite import Formatted, Formatter, StyleError, punctuation, styles
from plbib.cite.elements import parsed_style
from plbib.cite.sorting import collation_key

STYLES = ["ieee", "apa", "acm-sig-proceedings", "chicago-author-date", "nature"]


def _node_ready() -> bool:
    return shutil.which("node") is not None and (
        ROOT / "node_modules" / "@citation-js" / "plugin-csl").is_dir()


def _run_js(script: str, records: list[Record] | plbib.PaperList, style: str,
            *arguments: str, output: str | None = None) -> Any:
    """A tests/js script on the records' CSL-JSON, given the style file, (the output
    format,) the style's default locale and citeproc-py's file for it: same CSL file, same
    locale file as plbib."""
    need(_node_ready(), "node and the npm packages (npm install) are not installed")

    path = cite.resolve_style(style)
    found = re.search(r'default-locale="([^"]+)"', path.read_text(encoding="utf-8"))
    locale = found.group(1) if found else "en-US"
    locale_file = styles.locale_file(locale)
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / script), str(path),
         *([output] if output else []), locale, str(locale_file), *arguments],
        input=plbib.dumps(records, "csljson"), capture_output=True, text=True, timeout=300,
        cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def citeproc_js(records: list[Record] | plbib.PaperList, style: str, output: str = "text"
                ) -> list[tuple[str, str]]:
    """(key, entry) as citeproc-js prints them."""
    found = _run_js("bibliography.js", records, style, output=output)
    return [(key, entry) for key, entry in found]


def citeproc_js_cites(records: list[Record] | plbib.PaperList, style: str,
                      clusters: list[list[str]]) -> list[str]:
    """Each cluster as citeproc-js cites it, every record registered (tests/js/cite.js)."""
    return list(_run_js("cite.js", records, style, *(",".join(keys) for keys in clusters)))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _as_citeproc_js_prints(records: list[Record], style: str) -> list[Formatted]:
    """plbib's bibliography of ``records`` in ``style``, checked entry by entry (key and
    text, white space collapsed) against citeproc-js's where node is installed."""
    ours = Formatter(style).bibliography(records)
    if _node_ready():
        assert [(e.key, _collapse(e.text)) for e in ours] == [
            (key, _collapse(text)) for key, text in citeproc_js(records, style)]
    return ours


def _text_content(markup: str) -> str:
    return _collapse(html.unescape(re.sub(r"<[^>]+>", "", markup)))


@pytest.mark.parametrize("style", STYLES)
def test_bundled_bibliography_equals_citeproc_js(style: str) -> None:
    papers = plbib.load()
    expected = citeproc_js(papers, style)
    ours = Formatter(style).bibliography(papers)
    assert [e.key for e in ours] == [key for key, _ in expected]
    for entry, (_, js) in zip(ours, expected, strict=True):
        assert _collapse(entry.text) == _collapse(js)


@pytest.mark.parametrize("style", STYLES)
def test_bundled_html_has_citeproc_js_text(style: str) -> None:
    papers = plbib.load()
    expected = citeproc_js(papers, style, "html")
    ours = Formatter(style, output="html").bibliography(papers)
    for entry, (_, js) in zip(ours, expected, strict=True):
        assert _text_content(entry.text) == _text_content(js)


# --------------------------------------------------------------------- each fix


def _record(**changes: object) -> Record:
    base = plbib.load().by_key("yu2022orca")
    return base.replace(**changes)


@pytest.mark.parametrize(("style", "record", "expected"), [
    # label and entry separated (second-field-align); punctuation inside the quotes (en-US)
    ("ieee", _record(), "[1] G.-I. Yu, J. S. Jeong, G.-W. Kim, S. Kim, and B.-G. Chun, "
     "“Orca: A Distributed Serving System for Transformer-Based Generative Models,” in 16th"),
    # a lowercase part after a hyphen is dropped from the initials
    ("ieee", _record(authors=(Name(family="Kim", given="Yang-gon"),)),
     "[1] Y. Kim, “Orca:"),
    # initialize="false" (chicago-author-date's bibliography): full given names
    ("chicago-author-date", _record(authors=(Name(family="Kim", given="Lee-sup"),)),
     "Kim, Lee-sup. 2022. “Orca:"),
    # title case: hyphenated parts, no-case spans glued, "16th" left alone
    ("chicago-author-date", _record(title=Title((Span("OPTQ", True),
                                                 Span(": Pre-trained models for the 16th")))),
     "“OPTQ: Pre-Trained Models for the 16th.”"),
    # text-case on a label applies to items without a language: APA's "(Eds.)"
    ("apa", _record(editors=(Name(family="Song", given="Dawn"),), container_title=Title.plain(
        "Proceedings")), "In D. Song (Ed.), Proceedings"),
    # a straight apostrophe becomes typographic, as citeproc-js prints it
    ("nature", _record(container_title=Title.plain("Proc. SenSys '21")), "Proc. SenSys ’21"),
    # quotes inside a quoted title alternate; a lone apostrophe is not a quote
    ("ieee", _record(title=Title.plain("Small Models Can Also “Think” Step-by-Step")),
     "“Small Models Can Also ‘Think’ Step-by-Step,”"),
    ("ieee", _record(title=Title.plain("Search for Fitness Trackers’ Data")),
     "“Search for Fitness Trackers’ Data,”"),
    # citeproc-js's title case: its longer stop-word list ("out", "without"), one-letter
    # words left alone ("k-Nearest"), a stop word after a hyphen ("Warm-up"), the last word
    # capitalised ("Look Up")
    ("chicago-author-date", _record(title=Title.plain(
        "filtering out redundancy: a k-nearest view of models without a warm-up to look up")),
     "“Filtering out Redundancy: A k-Nearest View of Models without a Warm-up to Look Up.”"),
    # the word after a quote that is never closed keeps its case
    ("chicago-author-date", _record(title=Title.plain("“an unclosed quote of α and x per step")),
     "““an Unclosed Quote of α and x per Step.”"),
    # a number with text-case (the volume, "35th Vol.") crashed citeproc-py on a str segment
    ("zeitschrift-fur-kunstgeschichte", plbib.load().by_key("schuster2022confident"),
     "(NeurIPS 2022) 35th Vol., 2022, 17456–17472"),
    # a label is printed only with its variable: no "p. ." without pages
    ("advanced-optical-materials", _record(pages=None), "in OSDI, USENIX Association, 2022."),
    # a macro whose variables are all empty is suppressed as a group is: no "traduit par ,"
    ("la-revue-des-sciences-de-gestion", plbib.load().by_key("kao2023flat").replace(
        type=plbib.EntryType.BOOK), "Attention Bottlenecks, Aamodt T.M., Enright Jerger"),
    # affixes of cs:name go around each name; a delimiter after a "," suffix is kept
    ("mathematics-and-computers-in-simulation", plbib.load().by_key("frantar2023optq"),
     "[1] E. Frantar,, S. Ashkboos,, T. Hoefler,, D. Alistarh, OPTQ"),
    # … but a period after an initial is not doubled ("S." + ".")
    ("bulletin-de-la-societe-entomologique-de-france",
     plbib.load().by_key("anagnostidis2023dynamic"), "Anagnostidis S., Pavllo D., Biggio L."),
    # a single name, a particle and a suffix in APA's inverted list
    ("apa", _record(authors=(Name(family="Plato"), Name(family="Berg", given="Jan",
                                                          particle="van der"),
                             Name(family="Doe", given="John", suffix="Jr."))),
     "Plato, van der Berg, J., & Doe, J., Jr. (2022)."),
    # event-title is read as citeproc-js reads it (as event): "Paper presented International…"
    ("chicago-author-date", plbib.load().by_key("frantar2023optq"),
     "Paper presented International Conference on Learning Representations, Kigali, Rwanda."),
    # a localized date's parts are joined with the locale's delimiter ("December 2023")
    ("melbourne-school-of-theology", plbib.load().by_key("anagnostidis2023dynamic"),
     "Curran Associates, Inc., December 2023)"),
    # text-case on a macro call changes nothing (citeproc-js): "et al.", not "Et Al."
    ("bakhtiniana-journal-of-discourse-studies",
     plbib.load().by_key("anagnostidis2023dynamic"), "ANAGNOSTIDIS, S. et al. Dynamic"),
    # … and names a cs:substitute printed are not printed again: "Edited by A. Oh et al."
    # without a second "(A. Oh et al., Eds.)"
    ("bakhtiniana-journal-of-discourse-studies",
     plbib.load().by_key("anagnostidis2023dynamic"), "Edited by A. Oh et al. In: Advances"),
    # a term's straight apostrophe becomes typographic (fr-FR "à l'adresse")
    ("iso690-author-date-fr-no-abstract", plbib.load().by_key("anagnostidis2023dynamic"),
     "Disponible à l’adresse"),
    # strip-periods leaves a DOI alone
    ("journal-of-the-botanical-research-institute-of-texas",
     plbib.load().by_key("wang2022lilt"), "doi:10.18653/v1/2022.acl-long"),
    # tests/styles/quirks.csl: strip-periods keeps a period before a lower-case letter
    # and in a link or a number, removes all from a term; text-case on a macro call does
    # nothing; apostrophes in terms and values; a group after an empty macro; a "." after
    # a ":" merges into it, but not after a number; capitalize-all cuts words at
    # punctuation, sentence case lowers all words but the first; display does nothing
    # below the layout's children; "&amp;#160;" is a no-break space; strip-periods on a
    # macro call strips the values inside, not the affixes; a delimiter's "."
    # merges into a ";"; a type list is one test (any of them) under match="all"
    (str(ROOT / "tests" / "styles" / "quirks.csl"), _record(
        title=Title.plain("Orca v.2. for u.s. Models"), volume="3.4", issue="7", editors=(),
        publisher="mlsys.org and OpenAI AI"),
     "Orca v2 for u.s Models | a.b c | p | https://www.usenix.org/conference/osdi22/"
     "presentation/yu | 3.4 | Orca v.2. for u.s. Models | à l’adresse | it’s | kept | merged: "
     "| 3.4: | 7:. | Mlsys.Org And OpenAI AI | Mlsys.org and openai ai | margininline "
     "| textonly | no break | a.b Cx. | delimiter; merged | any type"),
    # a group whose empty macro called no variable keeps its term (citeproc-js): "In, "
    ("alcohol-and-alcoholism", plbib.load().by_key("bolya2023token"),
     "Faster. In, The Eleventh International Conference"),
    # names in a cs:choose in a cs:substitute take the substituted names' cs:name and
    # label ("eds"), and are not printed again in the entry
    ("new-harts-rules-notes-publisher-no-url", plbib.load().by_key("anagnostidis2023dynamic"),
     "in A. Oh et al., eds, Advances in Neural Information Processing Systems 36 (NeurIPS "
     "2023) (n.p.:"),
    # display="left-margin" on a child of the layout: a space after it, as citeproc-js
    ("american-anthropological-association", _record(), "2022 Orca: A Distributed"),
    # cs:name's affixes wrap each name and, with "et al.", the whole list once more:
    # the suffix " " keeps "et al." and "In" apart
    ("trends-in-glycoscience-and-glycotechnology", _record(), "Yu, G.-I. et al. In 16th"),
    # quotes in a title are the locale's (en-GB: ‘Think’) under quotes="false" — and
    # stay as they are without the attribute (citeproc-js)
    ("african-online-scientific-information-systems-harvard",
     _record(title=Title.plain("Small Models Can Also “Think” Step-by-Step")),
     "Small Models Can Also ‘Think’ Step-by-Step"),
    ("harvard-review-of-psychiatry",
     _record(title=Title.plain("Small Models Can Also “Think” Step-by-Step")),
     "Small Models Can Also “Think” Step-by-Step"),
    # upper case in a Turkish style: "i" is "İ" (JavaScript's toLocaleUpperCase)
    ("ankara-universitesi-sosyal-bilimler-enstitusu-hukuk-fakultesi",
     _record(authors=(Name(family="Schmidt", given="Jürgen"),)), "SCHMİDT, Jürgen"),
    # particles found in names as citeproc-js finds them (CSL.parseParticles): the family
    # name "d’Alché-Buc" is the particle "d’Alché-" and "Buc" — what Zotero users see
    ("amphibia-reptilia", _record(authors=(Name(family="d'Alché-Buc", given="Florence"),)),
     "Buc, F. d’Alché- (2022)"),
    ("ieee", _record(authors=(Name(family="d'Alché-Buc", given="Florence"),)),
     "[1] F. d’Alché-Buc, “Orca"),
    # initials without periods go with a suffix without them
    ("aquatic-invasions", _record(authors=(Name(family="Doe", given="John", suffix="Jr."),)),
     "Doe J Jr (2022)"),
])
def test_fix_matches_citeproc_js(style: str, record: Record, expected: str) -> None:
    ours = Formatter(style).bibliography([record])[0].text
    assert expected in ours
    if _node_ready():
        assert _collapse(ours) == _collapse(citeproc_js([record], style)[0][1])


def test_sort_keys_put_names_in_sort_order() -> None:
    """A sort key that is a macro sorts names family first (CSL's name-as-sort-order="all"),
    also through nested macros: "Gu, Jiatao, Bradbury, James" before "Gu, Jiatao, Wang,
    Changhan" although the second paper is older (chicago-author-date's author-sort)."""
    gu = Name(family="Gu", given="Jiatao")
    records = [
        _record(key="gu2019levenshtein", year=2019,
                authors=(gu, Name(family="Wang", given="Changhan"))),
        _record(key="gu2018nonautoregressive", year=2018,
                authors=(gu, Name(family="Bradbury", given="James"))),
    ]
    ours = [e.key for e in Formatter("chicago-author-date").bibliography(records)]
    assert ours == ["gu2018nonautoregressive", "gu2019levenshtein"]
    if _node_ready():
        assert ours == [key for key, _ in citeproc_js(records, "chicago-author-date")]


def test_sort_keys_as_citeproc_js_makes_them() -> None:
    """tests/styles/sorting.csl sorts by a macro printing "2023 December": citeproc-js sorts
    a date in a macro key by its numbers (December after March, though "D" < "M"), and an
    item without the key last, descending too."""
    records = [_record(key=key, title=Title.plain(key), year=year, month=month)
               for key, year, month in [("march", 2023, 3), ("undated", None, None),
                                        ("december", 2023, 12), ("may", 2023, 5),
                                        ("older", 2022, 12)]]
    style = str(ROOT / "tests" / "styles" / "sorting.csl")
    ours = [e.key for e in Formatter(style).bibliography(records)]
    assert ours == ["december", "may", "march", "older", "undated"]
    if _node_ready():
        assert ours == [key for key, _ in citeproc_js(records, style)]


def test_name_delimiter_before_a_last_organisation() -> None:
    """tests/styles/names.csl (name-delimiter="/", no "and"): before a last organisation
    the delimiter is cs:institution's ", " (citeproc-js), elsewhere the style's "/"."""
    def person(family: str, given: str) -> Name:
        return Name(family=family, given=given)

    lists = {
        "Org One, Org Two": (Name(literal="Org One"), Name(literal="Org Two")),
        "A. One, Org Two": (person("One", "Ann"), Name(literal="Org Two")),
        "Org One/B. Two": (Name(literal="Org One"), person("Two", "Bob")),
        "A. One/B. Two/Org/C. Three": (person("One", "Ann"), person("Two", "Bob"),
                                       Name(literal="Org"), person("Three", "Cy")),
    }
    records = [_record(key=f"n{index}", type="book", title=Title.plain(f"T{index}"),
                       authors=authors) for index, authors in enumerate(lists.values())]
    style = str(ROOT / "tests" / "styles" / "names.csl")
    ours = [e.text for e in Formatter(style).bibliography(records)]
    assert ours == [f"T{index}: {printed}" for index, printed in enumerate(lists)]
    if _node_ready():
        assert ours == [_collapse(text) for _, text in citeproc_js(records, style)]


def test_citation_labels_as_citeproc_js_makes_them() -> None:
    """din-1505-2-alphanumeric sorts by citation-label and prints it: citeproc-js sorts by
    the label it makes up from names and year ("Chen22", "YuOp22": a particle left out,
    two letters each of two names), prints that label where the record has none, and the
    record's own (plbib's venue tag) with a year suffix where two are alike."""
    base = _record(venue=None)
    records = [
        base.replace(authors=(Name(family="Yu", given="Gyeong-In"), Name(literal="OpenAI"))),
        base.replace(key="chen2022", authors=(Name(family="de la Chen", given="Ann"),)),
        _record(key="osdi1"), _record(key="osdi2", title=Title.plain("Another")),
    ]
    ours = _as_citeproc_js_prints(records, "din-1505-2-alphanumeric")
    assert [e.key for e in ours] == ["chen2022", "osdi1", "osdi2", "yu2022orca"]
    assert [e.text.split("]")[0] for e in ours] == ["[Chen22", "[OSDI’22a", "[OSDI’22b",
                                                     "[YuOp22"]
    assert "Yu, Gyeong-In ; OpenAI:" in ours[-1].text  # cs:name's delimiter, organisation


def test_a_localized_date_part_keeps_its_own_attributes() -> None:
    """inventaire-…-iso-690-note prints an article's month in sentence case through the
    locale's date: the conference paper after it keeps "décembre" (citeproc-py copied the
    article's date-part attributes into the locale for good: "Décembre")."""
    article = _record(key="a2021", type="journal-article", month=12, year=2021,
                      title=Title.plain("A Study"), container_title=Title.plain("Journal"),
                      volume="3")
    paper = _record(key="b2021", month=12, year=2021, title=Title.plain("Zero Study"))
    style = "inventaire-general-du-patrimoine-culturel-iso-690-note"
    ours = Formatter(style).bibliography([article, paper])
    text = {e.key: e.text for e in ours}
    assert "Décembre 2021" in text["a2021"] and "décembre 2021" in text["b2021"]
    if _node_ready():
        assert [_collapse(e.text) for e in ours] == [
            _collapse(text) for _, text in citeproc_js([article, paper], style)]


def test_entries_a_style_leaves_out() -> None:
    """tests/styles/some.csl prints nothing for a record without a volume: plbib leaves
    the entry out as citeproc-js does, and the entries after it keep their keys (the
    comparison reads each entry's key from the entry, not from the order asked for)."""
    records = [_record(key=key, title=Title.plain(key.upper()), volume=volume)
               for key, volume in [("a", "1"), ("b", None), ("c", "3")]]
    style = str(ROOT / "tests" / "styles" / "some.csl")
    ours = [(e.key, e.text) for e in Formatter(style).bibliography(records)]
    assert ours == [("a", "A"), ("c", "C")]
    if _node_ready():
        assert ours == [(key, _collapse(text)) for key, text in citeproc_js(records, style)]


def test_a_made_up_label_takes_the_first_year_of_a_range() -> None:
    """citeproc-py's dates raise VariableError for a part they lack: the label of an item
    issued over a range of years takes the first year, it does not fail."""
    from types import SimpleNamespace

    from citeproc.source import Date, DateRange
    from citeproc.source import Name as CslName

    from plbib.cite.labels import label_key

    reference = {"author": [CslName(family="Yu", given="Ann")],
                 "issued": DateRange(begin=Date(year=2021), end=Date(year=2022))}
    assert label_key(SimpleNamespace(reference=reference)) == "Yu21"


def test_numbers_as_citeproc_js_prints_them() -> None:
    """tests/styles/numbers.csl: a hyphen between two parts with digits is a range (en
    dash), a report number "TR-54" is not; "03" keeps its zero."""
    numbers = {"TR-54": "TR-54", "12-15": "12–15", "3a-4": "3a–4", "10, 12-14": "10, 12–14",
               "2021-03": "2021–03", "MSR-TR-2023-1": "MSR-TR-2023-1", "x-y": "x-y"}
    records = [_record(key=f"n{index}", type="report", title=Title.plain(f"T{index}"),
                       number=number) for index, number in enumerate(numbers)]
    style = str(ROOT / "tests" / "styles" / "numbers.csl")
    ours = [e.text for e in Formatter(style).bibliography(records)]
    assert ours == [f"T{index}: {printed}" for index, printed in enumerate(numbers.values())]
    if _node_ready():
        assert ours == [_collapse(text) for _, text in citeproc_js(records, style)]


def test_is_numeric_as_citeproc_js_tests_it() -> None:
    """tests/styles/numeric.csl: ranges and lists of numbers are numeric, with letter
    prefixes and suffixes and lower-case roman numerals ("x-y" too); words, report numbers
    and labels of other variables are not (citeproc-py took only single numbers: "pp." went
    missing before "65202–65223")."""
    volumes = {"36": True, "65202-65223": True, "1, 3": True, "2 & 4": True, "3 and 4": True,
               "S12": True, "12a-c": True, "iv": True, "vol. 3": True, "3-4b": True,
               "IV": False, "TR-54": False, "2nd edition": False, "A": False, "1.5": False,
               "x-y": True, "36 (2)": False, "Special issue": False, "p. 5": False,
               "vol.3": False, "12:3": False, "-3": False}
    records = [_record(key=f"n{index}", title=Title.plain(f"T{index}"), volume=volume,
                       pages=Pages.parse(("65202-65223", "e1234", "12", "iv-x")[index % 4]))
               for index, volume in enumerate(volumes)]
    style = str(ROOT / "tests" / "styles" / "numeric.csl")
    ours = [e.text for e in Formatter(style).bibliography(records)]
    assert ours == [f"T{index}:{' volume' if numeric else ''} page"
                    for index, numeric in enumerate(volumes.values())]
    if _node_ready():
        assert ours == [_collapse(text) for _, text in citeproc_js(records, style)]


@pytest.mark.parametrize(("style", "start"), [
    ("avocetta-journal-of-ornithology",
     "Anagnostidis S., Pavllo D., Biggio L., Noci L., … Hofmann T. 2023."),
    ("iainutuban", "Anagnostidis, S. … Hofmann, T. 2023."),
])
def test_et_al_use_last_keeps_room_for_the_last_name(style: str, start: str) -> None:
    """et-al-use-last: at most et-al-min − 2 names before "…" (avocetta: min 6, use-first
    5 prints four), the delimiter before "…" only after two names or more (citeproc-js)."""
    records = [plbib.load().by_key("anagnostidis2023dynamic")]
    ours = _as_citeproc_js_prints(records, style)
    assert ours[0].text.startswith(start)


def test_sort_keys_have_no_ellipsis() -> None:
    """journal-of-fish-biology sorts by its author macro (et-al-use-last) with
    names-min="1": the key is the first name only, not "… Last" (citeproc-js), so the two
    Cai papers fall to the title: "Efficient …" before "Federated …"."""
    papers = plbib.load()
    records = [papers.by_key("cai2023federated"), papers.by_key("cai2023efficient")]
    ours = _as_citeproc_js_prints(records, "journal-of-fish-biology")
    assert [e.key for e in ours] == ["cai2023efficient", "cai2023federated"]


@pytest.mark.parametrize("style", ["harvard-dundalk-institute-of-technology",
                                   "sorbonne-student-law-review"])
def test_sort_keys_truncate_names_as_the_area_says(style: str) -> None:
    """A sort key's names are cut by the key's names-min, else by the bibliography's (or
    the style's) et-al options, over the name's own (harvard-dundalk: et-al-min="19" on
    the name, "4" on the bibliography) and for a key on the variable too (sorbonne): the
    two Cai papers tie on "Cai" and go by what follows: the title, or the order cited
    (citeproc-js; with every name, "Cai, Wang" would sort first)."""
    papers = plbib.load()
    records = [papers.by_key("cai2023efficient"), papers.by_key("cai2023federated")]
    ours = Formatter(style).bibliography(records)
    assert [e.key for e in ours] == ["cai2023efficient", "cai2023federated"]
    if _node_ready():
        assert [e.key for e in ours] == [key for key, _ in citeproc_js(records, style)]


def test_sort_keys_end_with_the_last_name_under_et_al_use_last() -> None:
    """waterbirds' bibliography has et-al-use-last: its key of one name (names-min 3)
    ends with the last name, with no "…" (citeproc-js): "Wang, W. Wei, F." sorts before
    "Wang, W. Zhou, M.", so the 2021 paper comes before the 2020 one."""
    papers = plbib.load()
    records = [papers.by_key("wang2020minilm"), papers.by_key("wang2021minilmv2")]
    ours = Formatter("waterbirds").bibliography(records)
    assert [e.key for e in ours] == ["wang2021minilmv2", "wang2020minilm"]
    if _node_ready():
        assert [e.key for e in ours] == [key for key, _ in citeproc_js(records, "waterbirds")]


def test_short_name_sort_keys_have_no_given_names() -> None:
    """american-association-of-petroleum-geologists sorts by short names: its cites show
    given names to tell the Zhangs apart ("H. Zhang", "Z. Zhang"), its sort keys do not,
    so "Zhang, He, Zhang" comes before "Zhang, Li, …" (citeproc-js)."""
    papers = plbib.load()
    records = [papers.by_key("zhang2022finetuning"), papers.by_key("zhang2023practical"),
               papers.by_key("zhang2023hivit")]
    style = "american-association-of-petroleum-geologists"
    ours = _as_citeproc_js_prints(records, style)
    assert [e.key for e in ours] == ["zhang2023practical", "zhang2022finetuning",
                                     "zhang2023hivit"]


@pytest.mark.parametrize(("style", "key", "part"), [
    ("building-structure", "frantar2023optq", "Frantar Elias等. OPTQ"),
    ("building-structure", "guo2023olive", "Y. Solihin和M.A. Heinrich, 编."),
    ("biuletyn-polskiego-towarzystwa-jezykoznawczego", "anagnostidis2023dynamic",
     "Pavllo, Dario[et al.] (2023)"),
])
def test_no_space_around_terms_that_do_not_start_with_a_letter(style: str, key: str,
                                                               part: str) -> None:
    """citeproc-js: "et al." and "and" terms that do not start with a Latin, Greek,
    Cyrillic, Hebrew, Arabic or Thai letter ("等", "和", "[et al.]") take no spaces."""
    records = [plbib.load().by_key(key)]
    ours = _as_citeproc_js_prints(records, style)
    assert part in ours[0].text


def test_the_style_locale_is_not_the_items_language() -> None:
    """An item without a language prints none (the bibtex style's "language={…}" field):
    plbib once gave every item the style's locale as its language, to spare citeproc-py
    an exception, and citeproc-js prints nothing there."""
    records = [plbib.load().by_key("anagnostidis2023dynamic")]
    ours = _as_citeproc_js_prints(records, "bibtex")
    assert "language=" not in ours[0].text


@pytest.mark.parametrize(("style", "part"), [
    ("arachne", "(2023):(a):"),
    ("journal-of-sleep-research", "(2023)(a)"),
    ("the-coleopterists-bulletin", "2023. a."),
])
def test_year_suffix_in_the_year_parts_affixes(style: str, part: str) -> None:
    """citeproc-js prints a year suffix wrapped in the year date-part's own prefix and
    suffix, not glued to the year ("(2023):(a):" under prefix "(" and suffix "):")."""
    papers = plbib.load()
    records = [papers.by_key("cai2023efficient"), papers.by_key("cai2023federated")]
    ours = _as_citeproc_js_prints(records, style)
    assert any(part in e.text for e in ours)


def test_given_names_raised_to_full_where_cites_show_no_initials() -> None:
    """antarctic-science tells "Li et al. 2023" apart by given names, and its cites have
    no initialize-with: citeproc-js raises them to the full given name at once, and the
    bibliography (initials elsewhere) shows "Li, Jiamin" and "Li, Liunian Harold"."""
    papers = plbib.load()
    records = [papers.by_key("li2023accelerating"), papers.by_key("li2023symbolic")]
    ours = _as_citeproc_js_prints(records, "antarctic-science")
    assert ours[0].text.startswith("Li, Jiamin, Jiang, Y.")
    assert ours[1].text.startswith("Li, Liunian Harold, Hessel, J.")


def test_cites_with_position_tests_are_told_apart() -> None:
    """keel-ja-kirjandus's citation tests position="ibid…": its cites are compared in their
    first position (citeproc-py failed on them, so no cite was alike and none got a year
    suffix), and a cite collapsed to its suffix follows the layout's delimiter (CSL's
    year-suffix-delimiter default): "(Cai jt 2023a; b)"."""
    papers = plbib.load()
    records = [papers.by_key("cai2023efficient"), papers.by_key("cai2023federated")]
    formatter = Formatter("keel-ja-kirjandus")
    assert [e.text.split(".")[0][-5:] for e in formatter.bibliography(records)] == [
        "2023a", "2023b"]
    keys = ["cai2023efficient", "cai2023federated"]
    cited = formatter.cite(records, keys)
    assert cited == "(Cai jt 2023a; b)"
    if _node_ready():
        assert [cited] == citeproc_js_cites(records, "keel-ja-kirjandus", [keys])


def test_disambiguate_condition_only_for_cites_left_alike() -> None:
    """MLA's cites show the title under ``<if disambiguate="true">``: citeproc-js takes
    that branch only for cites the other methods leave alike, so two papers by Cai, Wu …
    and Cai, Wang … are told apart by an added name, and an unambiguous cite has no title
    (citeproc-py ignored the test and always took the branch)."""
    papers = plbib.load()
    records = [papers.by_key("cai2023efficient"), papers.by_key("cai2023federated"),
               papers.by_key("frantar2023optq")]
    formatter = Formatter("modern-language-association")
    clusters = [["cai2023efficient"], ["cai2023federated"], ["frantar2023optq"]]
    cited = [formatter.cite(records, keys) for keys in clusters]
    assert cited == ["(Cai, Wu, et al.)", "(Cai, Wang, et al.)", "(Frantar et al.)"]
    assert formatter.bibliography(records)[0].text.startswith("Cai, Dongqi, Yaozong Wu, et al.")
    if _node_ready():
        assert cited == citeproc_js_cites(records, "modern-language-association", clusters)


def test_year_suffixes_follow_shared_citation_labels() -> None:
    """instituto-universitario-militar prints the citation label: citeproc-js gives every
    label that several papers share a year suffix, whether the rest of the cites differ or
    not ("[ICLR’23c], 2023c")."""
    papers = plbib.load()
    formatter = Formatter("instituto-universitario-militar")
    clusters = [["anagnostidis2023dynamic"], ["frantar2023optq"]]
    cited = [formatter.cite(papers, keys) for keys in clusters]
    assert cited[1].endswith("[ICLR’23c], 2023c)")
    if _node_ready():
        assert cited == citeproc_js_cites(papers, "instituto-universitario-militar", clusters)


@pytest.mark.parametrize("style", ["alcohol-and-alcoholism", "apa"])
def test_year_suffixes_tell_alike_cites_apart(style: str) -> None:
    """Same first author, same year, "Cai et al." in both cites: 2023a and 2023b in the
    bibliography's order (alcohol-and-alcoholism); APA adds names instead, no suffix."""
    papers = plbib.load()
    records = [papers.by_key("cai2023efficient"), papers.by_key("cai2023federated")]
    formatter = Formatter(style)
    ours = formatter.bibliography(records)
    cited = formatter.cite(records, ["cai2023efficient", "cai2023federated"])
    if style == "apa":
        assert "2023a" not in ours[0].text and "2023a" not in cited
    else:
        assert "(2023a) Federated" in ours[0].text and "(2023b) Efficient" in ours[1].text
        assert cited == "(Cai et al., 2023a, 2023b)"  # collapse="year"
        assert "2023a" not in ours[0].text.split("(2023a)")[1]  # the first year only
    if _node_ready():  # the year and what precedes it as citeproc-js prints them
        def head(text: str) -> str:
            return _collapse(text).split(")")[0]

        assert [(e.key, head(e.text)) for e in ours] == [
            (k, head(t)) for k, t in citeproc_js(records, style)]


@pytest.mark.parametrize(("style", "expected"), [
    # by-cite (the default rule): names alike within one author list are given in full
    # (a fifteenth author counts); the first names of two alike cites are raised until
    # the cites differ, and the raise holds in the bibliography ("Zhang, Z." stays: its
    # cite needed initials only)
    ("gayana", {"pan2023knowledgeincontext": "Pan, X., Yao, W., Zhang, H., Yu, Dian, Yu, "
                "Dong, Chen, J.", "hwang2023tutel": "Hwang, C., Cui, W., Xiong, Yifan,",
                "wang2022lilt": "Wang, Jiapeng, Jin, L.", "wang2022finetuning": "Wang, Jue,",
                "zhang2023practical": "Zhang, Z., He, B., Zhang, Zhenjie. 2023."}),
    # primary-name: first authors alike anywhere in the list are given in full, and sort
    # so ("Ma, Xindian" before "Ma, Xinyin")
    ("cultural-studies-of-science-education", {
        "ma2019tensorized": "Ma, Xindian, Zhang, P.", "ma2023llmpruner": "Ma, Xinyin,"}),
])
def test_given_names_tell_names_apart(style: str, expected: dict[str, str]) -> None:
    papers = plbib.load()
    ours = Formatter(style).bibliography(papers)
    by_key = {entry.key: entry.text for entry in ours}
    for key, text in expected.items():
        assert text in by_key[key]
    if style.startswith("cultural"):
        keys = [entry.key for entry in ours]
        assert keys.index("ma2019tensorized") < keys.index("ma2023llmpruner")
    if _node_ready():
        assert [(e.key, _collapse(e.text)) for e in ours] == [
            (key, _collapse(text)) for key, text in citeproc_js(papers, style)]


CITED = ["wang2022lilt", "zhang2023hivit", "zhang2023practical", "pan2023knowledgeincontext",
         "cai2023efficient", "ma2019tensorized", "ma2023llmpruner", "wang2022clusterformer"]


@pytest.mark.parametrize(("style", "expected"), [
    # primary-name-with-initials, then added names; collapse="year" ("Ma et al., 2019, 2023")
    ("apa", "(Cai, Wu, et al., 2023; Ma et al., 2019, 2023; Pan et al., 2023; J. Wang, Jin, et "
     "al., 2022; N. Wang et al., 2022; X. Zhang et al., 2023; Z. Zhang et al., 2023)"),
    # primary-name: first names the register finds alike, in full; no cs:sort: given order
    ("chicago-author-date", "(Jiapeng Wang et al. 2022; X. Zhang et al. 2023; Z. Zhang et al. "
     "2023; Pan et al. 2023; Cai, Wu, et al. 2023; Xindian Ma et al. 2019; Xinyin Ma et al. "
     "2023; N. Wang et al. 2022)"),
    # by-cite: initials where they suffice; year suffixes where nothing else may be added
    ("gayana", "(Ma et al. 2019, 2023; Jiapeng Wang et al. 2022; N. Wang et al. 2022; Cai et al. "
     "2023a; Pan et al. 2023; X. Zhang et al. 2023; Z. Zhang et al. 2023)"),
    # cites alike in their subsequent form (et-al-subsequent-min) are told apart too, and
    # put next to each other
    ("alcohol-and-alcoholism", "(Ma et al., 2019; Ma, Fang, and Wang, 2023; Wang, Jin, and "
     "Ding, 2022a; Wang et al., 2022c; Pan et al., 2023; Zhang et al., 2023a; Zhang, He, and "
     "Zhang, 2023b; Cai et al., 2023b)"),
    ("harvard-cite-them-right", "(Ma et al., 2019; N. Wang et al., 2022; Wang, Jin and Ding, "
     "2022; Cai, Wu, et al., 2023; Ma, Fang and Wang, 2023; Pan et al., 2023; Zhang et al., "
     "2023; Zhang, He and Zhang, 2023)"),
])
def test_cites_are_told_apart_across_the_list(style: str, expected: str) -> None:
    """An in-text citation disambiguated against every record of the list, as citeproc-js
    does with all of them registered."""
    papers = plbib.load()
    ours = Formatter(style).cite(papers, CITED)
    assert ours == expected
    if _node_ready():
        assert [ours] == citeproc_js_cites(papers, style, [CITED])


@pytest.mark.parametrize(("style", "key", "start"), [
    # complete-all: the whole list, when the names shown are the same ("et al." aside)
    ("associacao-brasileira-de-normas-tecnicas-ipea", "thellm", "___. LLM:"),
    # partial-each: each name from the first as long as they are the same people
    ("the-american-midland-naturalist", "the20213dserve", "--- and Meta AI. 2021."),
    # partial-first: the first name only
    ("mhra-notes-subsequent-ibid-no-url", "thellm", "——, and others, ‘LLM:"),
])
def test_subsequent_author_substitute(style: str, key: str, start: str) -> None:
    """Names the previous entry had are replaced as the style's rule says; names printed
    alike but of other people ("Ma, X." for Ma Xindian after Ma Xinyin) are not."""
    from benchmarks.generate import varied

    records = varied(60)
    ours = Formatter(style).bibliography(records)
    assert next(e.text for e in ours if e.key == key).startswith(start)
    bundled = {e.key: e.text for e in Formatter(style).bibliography(plbib.load())}
    assert not any(text.startswith(("---", "——", "___")) for key, text in bundled.items()
                   if key.startswith("ma20"))
    if _node_ready():
        assert [(e.key, _collapse(e.text)) for e in ours] == [
            (k, _collapse(t)) for k, t in citeproc_js(records, style)]


def test_consecutive_numbers_collapse_to_a_range() -> None:
    """collapse="citation-number" (nature): three or more consecutive numbers as a range."""
    papers = plbib.load()
    keys = [papers.records[i].key for i in (2, 0, 1, 4, 6, 7)]
    ours = Formatter("nature").cite(papers, keys)
    assert ours == "1–3,5,7,8"
    if _node_ready():
        assert [ours] == citeproc_js_cites(papers, "nature", [keys])


def test_collation_orders_as_citeproc_js_compares() -> None:
    """Accents and case ignored, punctuation and spaces ignored, symbols ("|") before
    digits, digits as numbers and before letters."""
    words = ["Zoë|", "Öztürk|", "ozturk|b", "Li|Xian|", "Liu|Hao|", "2|", "10|", "van der|"]
    ordered = sorted(words, key=collation_key)
    assert ordered == ["2|", "10|", "Li|Xian|", "Liu|Hao|", "Öztürk|", "ozturk|b", "van der|",
                       "Zoë|"]
    assert collation_key("Öztürk") == collation_key("ozturk")


_TAILORED_WORDS = ["Aa", "Az", "Åa", "Äa", "Æa", "Ăa", "Âa", "Ąa", "Capek", "Čapek", "Ća",
                   "Cz", "Csa", "Çelik", "Chen", "Hz", "Dvořák", "Dvorak", "Dvosak", "Dža",
                   "Đa", "Ða", "Ęa", "Ğa", "Gz", "Gya", "Haag", "Haz", "Ia", "Iz",
                   "Ilbeyi", "ılık", "İlker", "Îa", "Ja", "Ķa", "Lz", "Lja", "Ły", "Ļa",
                   "Ñu", "Nz", "Nja", "Ńa", "Oz", "Öztürk", "Øa", "Ősz", "Óa", "Ryba",
                   "Řeka", "Rz", "Şa", "Șa", "Šimon", "Śa", "Sz", "Sza", "Tom", "Ța", "Tz",
                   "Ty", "Üa", "Ua", "Uz", "Vaa", "Waa", "Õaa", "Xaa", "Yu", "Ya", "Zz",
                   "Žak", "Źa", "Żeb", "Zsa", "Þa"]
_LANGUAGES = ["cs-CZ", "sk-SK", "lt-LT", "lv-LV", "et-EE", "sv-SE", "fi-FI", "da-DK", "nb-NO",
              "nn-NO", "pl-PL", "es-ES", "hr-HR", "sl-SI", "ro-RO", "hu-HU", "tr-TR",
              "en-US", "de-DE", "fr-FR"]


@pytest.mark.parametrize("language", _LANGUAGES)
def test_collation_follows_the_language(language: str) -> None:
    """Letters a language sorts apart (Czech "ch" after "h", Lithuanian "y" as "i",
    Estonian "z" after "š", Swedish "Ö" after "Z", Turkish "ı" before "i"): the order of
    JavaScript's localeCompare (ICU) in that language, as citeproc-js sorts for a style in
    it."""
    ordered = sorted(_TAILORED_WORDS, key=lambda w: collation_key(w, language))
    if language == "cs-CZ":
        assert ordered.index("Hz") < ordered.index("Chen") < ordered.index("Iz")
    need(shutil.which("node") is not None, "node is not installed")
    script = ("const [lang, ...w] = process.argv.slice(1); const c = new Intl.Collator(lang, "
              "{sensitivity: 'base', ignorePunctuation: true, numeric: true}); "
              "console.log(JSON.stringify(w.map((x, i) => [x, i]).sort((a, b) => "
              "c.compare(a[0], b[0]) || a[1] - b[1]).map(p => p[0])))")
    found = subprocess.run(["node", "-e", script, language, *_TAILORED_WORDS],
                           capture_output=True, text=True, check=True).stdout
    assert ordered == json.loads(found)


def test_varied_records_sort_as_citeproc_js_sorts() -> None:
    """Every name shape and entry type (benchmarks.generate.varied) in an author-date and a
    numeric style, one sorting by short names (particles demoted: "Chen de la") and one
    whose cs:names has no cs:name: the same bibliography order as citeproc-js."""
    from benchmarks.generate import varied

    records = varied(60)
    for style in ("apa", "ieee", "aquatic-invasions", "nlm-name-year"):
        ours = [e.key for e in Formatter(style).bibliography(records)]
        assert sorted(ours) == sorted(r.key for r in records)
        assert ours == [key for key, _ in citeproc_js(records, style)]  # needs node


@pytest.mark.parametrize(("style", "key", "part"), [
    # quotes="false" on a macro call does not re-quote the title's “Think” (it does on
    # the text of the variable itself)
    ("international-journal-of-wildland-fire", "li2023symbolic", "Can Also “Think” Step"),
    # the style quotes ‘…’ outside and its locale (id) ‘…’ inside: “ is not one of its
    # marks and stays
    ("universitas-gadjah-mada-doctoral-program-in-pharmaceutical-sciences", "li2023symbolic",
     "Can Also “Think” Step"),
    # the title's own suffix "," went into the quotes, the group's delimiter "," merges
    ("the-journal-of-the-acoustical-society-of-america-numeric", "frantar2023optq",
     "Pre-trained Transformers,” in The Eleventh"),
    # only an element's own prefix moves into the quote before it: not one of an element
    # in italics (", *Container*"), not text content (<text value=", in "/>)
    ("comptes-rendus-author-date", "bolya2023token", "But Faster”, The Eleventh"),
    ("maison-de-l-orient-et-de-la-mediterranee-en", "anagnostidis2023dynamic",
     "Autoregressive Transformers”, in A. Oh"),
    # a style's locale with an empty <style-options/> keeps en-US's punctuation-in-quote
    ("institut-francais-darcheologie-orientale-en", "anagnostidis2023dynamic",
     "Autoregressive Transformers,” in"),
    # the macro call's suffix "," went in; the group's ", " after “…,” loses its comma
    ("institut-francais-darcheologie-orientale-en", "rawassizadeh2023odsearch",
     "Trackers’ Data,” IMWUT"),
    # citeproc-js reads only initialize="false": the bibliography's "false" wins over the
    # name's own "true"
    ("effective-altruism-wiki", "anagnostidis2023dynamic", "Anagnostidis, Sotiris *et al.*"),
    # no punctuation merges after a prefix: a group's ";" and its child's ":" print ";:"
    ("mediterranean-journal-of-infection-microbes-and-antimicrobials", "nagoudi2022arat5",
     "2022;:628–47."),
    # the "and" term's ", " merges with a name's own "," (a plain delimiter does not)
    ("united-nations-conference-on-trade-and-development", "bergen2021systematic",
     "Dauphin Y N,, Liang P, and Wortman Vaughan J"),
    # names in place of container-author take its et-al options (their cs:name has none)
    ("tabula", "anagnostidis2023dynamic", "En: OH, A. et al. (eds.)."),
    # a group's suffix ". " after its last child's own "." loses its first and last
    # character, and the space it lost takes the next prefix's with it
    ("aids", "frantar2023optq", "(ICLR 2023).OpenReview.net; 2023."),
    ("university-of-new-south-wales-notes", "anagnostidis2023dynamic",
     "(NeurIPS 2023).A Oh, T Naumann"),
    # a label's prefix ". " beside the names merges with "et al." (no mark kept it apart)
    ("mary-ann-liebert-vancouver", "schuster2022confident", "Agarwal A, et al. eds)"),
    # a "." goes before a ";" only from a text's own variable, not a macro call's
    ("clinical-radiology", "cai2023efficient", "2023;"),
    # page-first is page's first number (citeproc-js derives it)
    ("macromolecular-reaction-engineering", "zhang2023practical", "MLSys 2023, 5, 35."),
    # a name ending "S." and the name delimiter ". ": one period
    ("journal-of-vertebrate-biology", "anagnostidis2023dynamic",
     "Anagnostidis S. Pavllo D. Biggio L."),
])
def test_entry_parts_as_citeproc_js_prints_them(style: str, key: str, part: str) -> None:
    """One record in one style: the part each fix is about, and the whole entry as
    citeproc-js prints it (quotes, punctuation at seams, page-first, name delimiters)."""
    records = [plbib.load().by_key(key)]
    ours = _as_citeproc_js_prints(records, style)
    assert part in ours[0].text


def test_layout_suffix_under_display_as_citeproc_js_places_it() -> None:
    """tests/styles/display.csl: the first element of the layout has display, so the
    layout's "." replaces the suffix of the last element that left an output: the DOI
    macro's, or with no DOI that macro's empty output (no period at all, as in
    currents-in-biblical-research)."""
    base = plbib.load().by_key("anagnostidis2023dynamic")
    records = [base.replace(key="a1", volume="36", doi="10.1/x"),
               base.replace(key="a2", volume="36", doi=None)]
    style = str(ROOT / "tests" / "styles" / "display.csl")
    ours = [_collapse(e.text) for e in Formatter(style).bibliography(records)]
    assert ours[0].endswith("Transformers [36]. doi:10.1/x.")
    assert ours[1].endswith("Transformers [36]")
    if _node_ready():
        assert ours == [_collapse(text) for _, text in citeproc_js(records, style)]


@pytest.mark.parametrize(("style", "key", "end"), [
    ("currents-in-biblical-research", "anagnostidis2023dynamic", "December: 36:65202–65223"),
    # the last group's "." gives way to the layout's (no) suffix; the data's "Inc." stays
    ("latin-american-perspectives", "anagnostidis2023dynamic", "Curran Associates, Inc."),
    # second-field-align, the whole entry in one group: nothing after the first field
    # takes the layout's "."
    ("journal-of-australian-strength-and-conditioning", "anagnostidis2023dynamic",
     "2023. pp. 65202–65223"),
])
def test_layout_suffix_under_display_in_real_styles(style: str, key: str, end: str) -> None:
    records = [plbib.load().by_key(key)]
    ours = _as_citeproc_js_prints(records, style)
    assert _collapse(ours[0].text).endswith(end)


def test_marks_at_seams_as_citeproc_js_merges_them() -> None:
    """tests/styles/marks.csl: a "." of a suffix or a delimiter above a text's own ";" or
    ":" goes before it ("(ICLR 2023).:", "OpenReview.net.;", "OpenReview.net:;1–16"),
    after a group's own ":" it is absorbed; a group's ". " after its last child's own "."
    loses its first and last character."""
    records = [plbib.load().by_key("frantar2023optq").replace(pages=Pages.parse("1-16"))]
    style = str(ROOT / "tests" / "styles" / "marks.csl")
    ours = [_collapse(e.text) for e in Formatter(style).bibliography(records)]
    assert ours == ["The Eleventh International Conference on Learning Representations "
                    "(ICLR 2023).: | OpenReview.net.; | OpenReview.net: | "
                    "OpenReview.net:;1–16 | OpenReview.net."]
    if _node_ready():
        assert ours == [_collapse(text) for _, text in citeproc_js(records, style)]


def test_punctuation_goes_into_quotes_where_citeproc_js_puts_it() -> None:
    """tests/styles/quotes.csl (en-US, punctuation-in-quote): a quoted value's own suffix
    and the delimiter after it go inside the quotes (“T,” X; “T.,” X), an enclosing
    element's suffix too, but not the delimiter after that element (“T.”, X); the next
    element's prefix where no delimiter comes between (“T.” X)."""
    style = str(ROOT / "tests" / "styles" / "quotes.csl")
    record = _record(title=Title.plain("T"))
    ours = Formatter(style).bibliography([record])[0].text
    assert ours == "“T,” X | “T.,” X | “T.”, X | “T.” X | “T.”, X | “T.” X"
    if _node_ready():
        assert ours == _collapse(citeproc_js([record], style)[0][1])


# --------------------------------------------------------------------- styles


def test_unknown_style_suggests_names() -> None:
    with pytest.raises(StyleError) as error:
        Formatter("ieeee")
    assert error.value.hint is not None and "ieee" in error.value.hint


def test_dependent_style_resolves_to_its_parent() -> None:
    assert cite.resolve_style("nature-biotechnology").name == "nature.csl"


def test_style_path_and_missing_path(tmp_path: Path) -> None:
    assert Formatter(ROOT / "styles" / "plbib-list.csl").bibliography(plbib.load())
    with pytest.raises(StyleError):
        Formatter(tmp_path / "none.csl")


def test_broken_style_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csl"
    broken.write_text("<style", encoding="utf-8")
    with pytest.raises(StyleError, match="cannot read the style"):
        Formatter(broken)


def test_own_style_is_valid_csl_1_0_2_and_prints_the_tag_first() -> None:
    import citeproc
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(str(
        Path(citeproc.__file__).parent / "data/schema/schemas/styles/csl.rng")))
    for path in (ROOT / "styles").glob("*.csl"):
        assert schema.validate(etree.parse(str(path))), (path, schema.error_log)
    entry = Formatter("plbib-list").bibliography([plbib.load().by_key("yu2022orca")])[0]
    assert entry.text.startswith("[OSDI’22] G.-I. Yu, J. S. Jeong, et al., “Orca:")
    assert entry.text.endswith("OSDI, 2022.")


def test_in_text_citation() -> None:
    papers = plbib.load()
    assert cite.cite(papers, ["yu2022orca"], "apa") == "(Yu et al., 2022)"
    with pytest.raises(plbib.PlbibError, match="no record has the key"):
        cite.cite(papers, ["yu2022orcaa"], "apa")


# --------------------------------------------------------------------- injection

EVIL = Title((Span('<script>alert("x")</script> ](javascript:alert(1)) *bold* _u_ `c` \\ '
                   "[link](http://evil.example)"),))


def test_html_escapes_every_value() -> None:
    record = _record(title=EVIL, authors=(Name(family="<b>Evil</b>", given="A&B"),))
    out = Formatter("apa", output="html").bibliography([record])[0].text
    assert "<script>" not in out and "<b>Evil" not in out
    assert "&#60;script&#62;" in out and "&#60;b&#62;Evil" in out
    assert 'href="javascript' not in out


def test_markdown_escapes_every_value() -> None:
    record = _record(title=EVIL)
    out = Formatter("apa", output="markdown").bibliography([record])[0].text
    for raw in ("](javascript", "*bold*", "_u_", "`c`", "<script>", "[link]("):
        assert re.search(r"(?<!\\)" + re.escape(raw), out) is None, raw
    assert r"\](javascript" in out and r"\*bold\*" in out and r"\<script\>" in out


def test_markdown_links_stay_usable() -> None:
    out = Formatter("apa", output="markdown").bibliography(
        [plbib.load().by_key("zhang2023practical")])[0].text
    assert "<https://proceedings.mlsys.org/paper_files/paper/2023/hash/" in out


# --------------------------------------------------------------------- CLI


def test_cli_format_and_cite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from plbib.cli import main

    assert main(["format", "--style", "apa", "--key", "yu2022orca"]) == 0
    assert capsys.readouterr().out.startswith("Yu, G.-I., Jeong, J. S.")
    out = tmp_path / "refs.html"
    assert main(["format", "--style", "ieee", "--to", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count('<div class="csl-entry">') == len(plbib.load())
    assert main(["cite", "yu2022orca", "--style", "apa"]) == 0
    assert capsys.readouterr().out == "(Yu et al., 2022)\n"
    assert main(["format", "--style", "no-such-style"]) == 2
    assert "unknown citation style" in capsys.readouterr().err


# --------------------------------------------------------------------- every style


def _has_bibliography(name: str) -> bool:
    return "<bibliography" in cite.resolve_style(name).read_text(encoding="utf-8")


def test_failing_styles_fail_with_a_clear_error_not_a_crash() -> None:
    """A style without a bibliography (a citation-only note style) is a StyleError."""
    citation_only = [n for n in cite.style_names() if not _has_bibliography(n)]
    assert citation_only
    for name in citation_only[::max(1, len(citation_only) // 8)]:
        with pytest.raises(StyleError, match="has no bibliography"):
            Formatter(name).bibliography(plbib.load())


def test_every_citation_only_style_cites_as_citeproc_js_does() -> None:
    """Every style with a citation layout and no bibliography cites (citeproc-py's sort
    read the missing bibliography and failed); a sample equals citeproc-js's citations."""
    papers = plbib.load()
    keys = ["yu2022orca", "wang2022lilt", "zhang2023practical"]
    # dependent styles are their parents: each independent style once
    citation_only = sorted({str(cite.resolve_style(n)) for n in cite.style_names()
                            if not _has_bibliography(n)})
    assert len(citation_only) >= 50
    cited = {name: Formatter(name).cite(papers, keys) for name in citation_only}
    assert all(text and text != "None" for text in cited.values()), cited
    if _node_ready():
        for name in citation_only[::max(1, len(citation_only) // 4)]:
            assert [cited[name]] == citeproc_js_cites(papers, name, [keys]), name


def test_a_cite_that_prints_nothing_is_citeproc_js_marker_or_left_out() -> None:
    """A cite the style prints nothing for (it cites by the volume, which a conference
    paper lacks): first in the citation, citeproc-js's "[CSL STYLE ERROR: reference with
    no printed form.]" (as the CSL test suite's date_DateNoDateNoTest expects), later
    left out; never "None"."""
    papers = plbib.load()
    style = str(ROOT / "tests" / "styles" / "cites-by-volume.csl")
    clusters = [["yu2022orca"], ["yu2022orca", "zhang2023practical"],
                ["zhang2023practical", "yu2022orca"]]
    ours = [Formatter(style).cite(papers, keys) for keys in clusters]
    marker = "[CSL STYLE ERROR: reference with no printed form.]"
    assert ours == [f"({marker})", f"({marker}; 5)", "(5)"]
    if _node_ready():
        assert ours == citeproc_js_cites(papers, style, clusters)


def test_the_cli_warns_of_a_cite_that_prints_nothing(
        capsys: pytest.CaptureFixture[str]) -> None:
    from plbib.cli import main

    style = str(ROOT / "tests" / "styles" / "cites-by-volume.csl")
    assert main(["cite", "--style", style, "yu2022orca"]) == 0
    out, err = capsys.readouterr()
    assert out == "([CSL STYLE ERROR: reference with no printed form.])\n"
    assert "yu2022orca: the style cites-by-volume.csl prints nothing" in err


def test_a_sample_of_working_styles_formats_every_paper() -> None:
    """Styles spread over the alphabet format the bundled list, or fail with a StyleError
    that says why (scripts/conformance.py lists them): never another exception."""
    papers = plbib.load()
    names = [n for n in cite.style_names() if _has_bibliography(n)]
    formatted = 0
    for name in names[::max(1, len(names) // 25)]:
        try:
            entries = Formatter(name).bibliography(papers)
        except StyleError:
            continue
        formatted += 1
        assert 0 < len(entries) <= len(papers), name
    assert formatted >= 20


def test_unknown_locale_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(StyleError, match="unknown locale") as error:
        Formatter("apa", locale="en-UK")
    assert error.value.hint is not None and "en-GB" in error.value.hint
    assert Formatter("apa", locale="de-DE").bibliography(plbib.load())


_MARKED = st.text(alphabet=["a", " ", ".", ";", ":", "?", ",", punctuation.PREFIX,
                            punctuation.DEEP, punctuation.OWN_SUFFIX, punctuation.QUOTED],
                  max_size=8)


@given(segments=st.lists(_MARKED, min_size=1, max_size=3))
def test_a_wrap_without_affixes_passes_marks_on_as_the_general_path_does(
        segments: list[str]) -> None:
    """Speed shortcut (punctuation._unaffixed): for every element with no prefix, suffix
    or display in these styles (joined by a group or not, decorated or not), its wrap
    gives the same text and segments as the general path (taken when the element keeps
    its output without a suffix for display.py)."""
    from citeproc.string import MixedString, String

    text = MixedString([String(s) for s in segments]) if len(segments) > 1 \
        else String(segments[0])
    for name in ("marks.csl", "names.csl", "display.csl", "apa"):  # apa: formatting
        path = ROOT / "tests" / "styles" / name if name.endswith(".csl") else \
            styles.resolve_style(name)
        root = parsed_style(str(path), path.stat().st_mtime, None).root
        for element in root.iter():
            if not isinstance(element, punctuation.Seams) or \
                    {"prefix", "suffix", "display"} & set(element.attrib) or \
                    element.tag.endswith("}layout"):
                continue
            shortcut = element.wrap(text)
            element.__dict__[punctuation.UNSUFFIXED] = ""
            try:
                general = element.wrap(text)
            finally:
                del element.__dict__[punctuation.UNSUFFIXED]
            assert str(shortcut) == str(general), (name, element.tag)
            assert _segments(shortcut) == _segments(general), (name, element.tag)


def _segments(text: Any) -> list[tuple[type, str]]:
    """A rendered string as runs of text with their class (its formatting: a citeproc-py
    ``String`` is plain text as a ``str`` is), however it is cut into segments."""
    from citeproc.string import String

    runs: list[tuple[type, str]] = []
    for segment in text if isinstance(text, list) else [text]:
        kind = str if type(segment) is String else type(segment)
        if runs and runs[-1][0] is kind:
            runs[-1] = (kind, runs[-1][1] + str(segment))
        elif str(segment):
            runs.append((kind, str(segment)))
    return runs


_EVERY_FORMATS_FIELDS = r"""
@book{kant,
  author = {Kant, Immanuel}, translator = {Guyer, Paul and Wood, Allen W.},
  title = {Critique of Pure Reason}, edition = {2},
  series = {The Cambridge Edition of the Works of Immanuel Kant},
  publisher = {Cambridge University Press}, address = {Cambridge}, year = {1998},
  origdate = {1781}, urldate = {2020-05-17}, url = {https://example.org/kant}}
@article{art,
  author = {Smith, John and van der Berg, Anna}, translator = {M{\"u}ller, Hans},
  title = {A Study of Things}, shorttitle = {Things}, journal = {Journal of Stuff},
  volume = {12}, number = {3}, pages = {1--20}, year = {2019}, issn = {1234-5678},
  language = {english}, abstract = {We study things.}, urldate = {2021-03-04},
  url = {https://example.org/art}}
@inproceedings{conf,
  author = {Lee, Kim}, title = {Fast Inference}, booktitle = {Proceedings of the Conference},
  series = {LNCS}, publisher = {Springer}, address = {Berlin}, year = {2020}, pages = {5--9}}
@incollection{chap,
  author = {Ray, Ann}, editor = {Doe, Jane}, title = {A Chapter}, booktitle = {The Book},
  edition = {3}, publisher = {Pub}, address = {London}, year = {2001}, origdate = {1990}}
"""


@pytest.mark.parametrize("style", [
    "apa", "chicago-author-date", "modern-language-association", "ieee", "nature",
    "harvard-cite-them-right", "chicago-notes-bibliography", "american-medical-association",
    "elsevier-vancouver", "acm-sig-proceedings"])
def test_translators_editions_series_and_dates_print_as_citeproc_js_prints_them(
        style: str) -> None:
    """The fields every format has a place for (translator, edition, series, the
    publisher's place, original and access dates, short title …) reach the style, and it
    prints them as citeproc-js does: APA's "(H. Müller, Trans.)", "(3rd ed.)", "(Original
    work published 1990)"."""
    records = list(plbib.loads(_EVERY_FORMATS_FIELDS, "bibtex"))
    ours = _as_citeproc_js_prints(records, style)
    if style == "apa":
        text = {entry.key: entry.text for entry in ours}
        assert "(H. Müller, Trans.)" in text["art"]
        assert "(3rd ed.)" in text["chap"] and "(Original work published 1990)" in text["chap"]
