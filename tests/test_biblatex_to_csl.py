"""biblatex's fields reach CSL-JSON, RIS and the formatter as citation-js and pandoc map them
(issue 26: "biblatex-examples → CSL-JSON maps every field the established converters map"),
and the BibTeX export still gives the file's fields back as they were."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import plbib
from conftest import need, script
from plbib import Date

ROOT = Path(__file__).resolve().parents[1]
BIB_TO_CSL = script("bib_to_csl")


def _item(entry: str) -> dict[str, object]:
    (item,) = json.loads(plbib.dumps(plbib.loads(entry, "bibtex"), "csljson"))
    return item


def _fields(text: str) -> dict[str, str]:
    """The fields of the one entry of a BibTeX text, by bibtexparser (not plbib)."""
    from bibtexparser.entrypoint import parse_string

    (entry,) = parse_string(text).entries
    return {field.key: str(field.value) for field in entry.fields}


@pytest.mark.parametrize(("entry", "title"), [
    ("@book{b, title = {Space and Beyond}, subtitle = {The Frontier Theme}, date = 2000}",
     "Space and Beyond: The Frontier Theme"),
    ("@book{b, title = {Why Sort?}, subtitle = {A Study}, titleaddon = {With Tables},"
     " date = 2000}", "Why Sort? A Study. With Tables"),
    ("@article{a, title = {On \\mkbibquote{Intention}}, journaltitle = {J}, date = 2000}",
     "On “Intention”"),
])
@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_a_title_is_read_whole_and_the_bibtex_export_keeps_its_parts(entry: str,
                                                                    title: str) -> None:
    assert _item(entry)["title"] == title
    papers = plbib.loads(entry, "bibtex")
    for dialect in ("bibtex", "biblatex"):
        written = _fields(plbib.dumps(papers, dialect))
        original = _fields(entry)
        for name in ("title", "subtitle", "titleaddon"):
            assert written.get(name) == original.get(name), (dialect, name)


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_a_crossref_childs_container_has_the_parents_subtitle_not_its_title() -> None:
    text = ("@incollection{c, title = {Chapter}, crossref = {p}}\n"
            "@collection{p, title = {Book}, subtitle = {Its Subtitle}, editor = {E, F},"
            " date = 2000, publisher = {P}}\n")
    items = {item["id"]: item for item in json.loads(
        plbib.dumps(plbib.loads(text, "bibtex"), "csljson"))}
    assert items["c"]["title"] == "Chapter"
    assert items["c"]["container-title"] == "Book: Its Subtitle"


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_a_date_with_a_day_or_a_range_reaches_every_format() -> None:
    papers = plbib.loads("@online{o, title = {O}, date = {2004-10-27}, url = {https://e.org}}\n"
                         "@mvbook{m, title = {M}, date = {1984/1986}, publisher = {P},"
                         " author = {A, B}}\n", "bibtex")
    online, multi = papers
    assert (online.year, online.month, online.day) == (2004, 10, 27)
    assert multi.issued == Date(1984, end=Date(1986))
    items = json.loads(plbib.dumps(papers, "csljson"))
    assert [item["issued"] for item in items] == [{"date-parts": [[2004, 10, 27]]},
                                                 {"date-parts": [[1984], [1986]]}]
    ris = plbib.dumps(papers, "ris")
    assert "DA  - 2004/10/27/" in ris and "DA  - 1984/1986" in ris
    bibtex = plbib.dumps(papers, "bibtex")
    assert re.search(r"year +=\s*\{2004\}", bibtex)
    assert re.search(r"date +=\s*\{2004-10-27\}", bibtex)
    for fmt in ("bibtex", "biblatex", "csljson", "ris", "yaml"):
        back = plbib.loads(plbib.dumps(papers, fmt), fmt.replace("biblatex", "bibtex"))
        assert [r.issued for r in back] == [r.issued for r in papers], fmt


@pytest.mark.parametrize(("text", "written", "date"), [
    ("1850~", "1850~", Date(1850, circa=True)),
    ("1850-05?", "1850-05?", Date(1850, 5, uncertain=True)),
    ("1850-05-17%", "1850-05-17%", Date(1850, 5, 17, circa=True, uncertain=True)),
    ("1273?~", "1273%", Date(1273, circa=True, uncertain=True)),  # EDTF's 2012 draft
    ("2004-24", "2004-24", Date(2004, season=4)),
    ("1988/..", "1988/..", Date(1988, end=plbib.model.OPEN_END)),
    ("1988/", "1988/", Date(1988, end=plbib.model.UNKNOWN_END)),
    ("1850~/1852?", "1850~/1852?", Date(1850, circa=True, end=Date(1852, uncertain=True))),
    ("-0049", "-0049", Date(-50)),  # ISO 8601 counts astronomically: 50 BC
    ("0000", "0000", Date(-1)),
    ("-0004-02-29", "-0004-02-29", Date(-5, 2, 29)),  # 5 BC: a leap year
    ("-0877/-0866", "-0877/-0866", Date(-878, end=Date(-867))),
])
def test_biblatex_dates_are_read_and_written_as_edtf(text: str, written: str,
                                                     date: Date) -> None:
    assert Date.parse(text) == date
    assert str(date) == written


@pytest.mark.parametrize("text", ["-0001-02-29", "1850-13", "1850-25", "1850-21-03", "-10000",
                                  "../1850", "1850/1852/1854", "199u", "1850~~", "-49"])
def test_a_date_plbib_cannot_type_is_refused_by_the_date_type(text: str) -> None:
    with pytest.raises(ValueError):
        Date.parse(text)


@given(st.builds(Date, st.integers(-9999, 9999).filter(bool), st.none(), st.none(), st.none(),
                 st.booleans(), st.booleans(), st.one_of(st.none(), st.integers(1, 4)))
       | st.builds(Date, st.integers(-9999, 9999).filter(bool), st.integers(1, 12),
                   st.integers(1, 28),
                   st.sampled_from([None, plbib.model.OPEN_END, plbib.model.UNKNOWN_END,
                                    Date(2001, 2, 3, circa=True)]),
                   st.booleans(), st.booleans()))
def test_a_date_reads_back_from_its_text(date: Date) -> None:
    assert Date.parse(str(date)) == date


def test_a_year_before_the_common_era_in_every_format() -> None:
    """biblatex's ``-0334`` (ISO 8601's astronomical count) is 335 BC: ``year: -335`` in
    the YAML, ``[[-335]]`` in CSL-JSON (as pandoc reads it), ``year = {335 BC}`` beside
    the date in BibTeX; RIS has no era (a warning); the key rule says ``335bc``."""
    papers = plbib.loads("@book{aristotle, author = {Aristotle}, title = {Poetics},"
                         " date = {-0334}, publisher = {P}}\n", "bibtex")
    (record,) = papers
    assert (record.year, str(record.issued), record.extra) == (-335, "-0334", ())
    assert json.loads(plbib.dumps(papers, "csljson"))[0]["issued"] == {
        "date-parts": [[-335]]}
    bibtex = plbib.dumps(papers, "bibtex")
    assert re.search(r"year += \{335 BC\},\n +date += \{-0334\}", bibtex)
    for fmt in ("yaml", "bibtex", "biblatex", "csljson"):
        assert list(plbib.loads(plbib.dumps(papers, fmt), fmt.replace("biblatex", "bibtex"))
                    ) == [record], fmt
    with pytest.warns(plbib.PlbibWarning, match="RIS has no place for a year before"):
        assert "PY" not in plbib.dumps(papers, "ris")
    from plbib.keys import base_key
    assert base_key(record.authors, record.year, record.title) == "aristotle335bcpoetics"
    assert "[335 BC]" in plbib.dumps(papers, "markdown")


def test_circa_uncertain_season_and_open_ends_in_the_yaml() -> None:
    text = ("papers:\n- key: a1\n  type: misc\n  title: A\n  year: 1850\n  season: summer\n"
            "  circa: true\n  uncertain: true\n  date_end: open\n"
            "- key: a2\n  type: misc\n  title: B\n  year: 1850\n  date_end: unknown\n")
    first, second = plbib.loads(text, "yaml")
    assert first.issued == Date(1850, season=2, circa=True, uncertain=True,
                                end=plbib.model.OPEN_END)
    assert second.date_end == plbib.model.UNKNOWN_END
    written = plbib.dumps([first, second], "yaml")
    assert "season: summer\n" in written and "date_end: unknown\n" in written
    assert "circa: false" not in written and "uncertain: false" not in written
    assert list(plbib.loads(written, "yaml")) == [first, second]


@pytest.mark.parametrize(("fields", "message"), [
    ("  year: 1850\n  season: 5\n", "season 5 is not one"),
    ("  year: 1850\n  month: 5\n  season: spring\n", "a season is 1 to 4"),
    ("  season: spring\n", "season needs a year"),
    ("  year: 1850\n  circa: yes please\n", "expected true or false"),
    ("  year: 1850\n  date_end: later\n", "not an ISO 8601 date"),
])
def test_a_bad_season_or_qualifier_is_an_error_naming_the_fix(fields: str,
                                                              message: str) -> None:
    with pytest.raises(plbib.ValidationFailed, match=message):
        plbib.loads(f"papers:\n- key: b1\n  type: misc\n  title: B\n{fields}", "yaml")


def test_a_day_needs_a_month() -> None:
    with pytest.raises(plbib.ValidationFailed, match="day: the date is not one: a day needs"):
        plbib.loads("papers:\n- key: d1\n  type: misc\n  title: D\n  year: 2020\n  day: 3\n",
                    "yaml")


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_langid_bookauthor_type_and_numbers_map_as_the_converters_do() -> None:
    item = _item("@inbook{k, author = {Kant, I.}, bookauthor = {Kant, Immanuel},"
                 " title = {T}, booktitle = {B}, langid = {german}, part = {2},"
                 " number = {7}, series = {S}, date = 1968}")
    assert (item["container-author"], item["language"], item["part"],
            item["collection-number"]) == ([{"family": "Kant", "given": "Immanuel"}],
                                           "german", "2", "7")
    item = _item("@patent{p, author = {A, B}, title = {P}, number = {5668842},"
                 " type = {patentus}, date = {1997-09-16}}")
    # biblatex's key as the words biblatex prints for it, as pandoc maps it (citation-js
    # gives the key itself, which a style would print)
    assert (item["type"], item["number"], item["genre"]) == ("patent", "5668842",
                                                             "U.S. patent")
    assert "issue" not in item
    # langid is written back as langid, not as a language biber would print
    entry = "@book{b, title = {B}, langid = {german}, date = 2000, publisher = {P}}"
    written = _fields(plbib.dumps(plbib.loads(entry, "bibtex"), "biblatex"))
    assert written["langid"] == "german" and "language" not in written


def test_biblatex_examples_map_to_csl_as_citation_js_and_pandoc_do() -> None:
    """Every CSL variable citation-js or pandoc gives an entry of biblatex-examples.bib,
    looked for in plbib's item (scripts/bib_to_csl.py; docs/formats.md has the figures
    and the reasons for what differs)."""
    need(shutil.which("node") is not None and (
        ROOT / "node_modules" / "@citation-js" / "plugin-bibtex").is_dir(),
         "node and citation-js are not installed (npm install)")
    need(shutil.which("kpsewhich") is not None, "TeX is not installed")
    import subprocess

    path = Path(subprocess.run(["kpsewhich", "biblatex-examples.bib"], capture_output=True,
                               text=True, check=False).stdout.strip())
    need(path.is_file(), "TeX has no biblatex-examples.bib")
    counts, lines, _ = BIB_TO_CSL.measure(path)
    verdicts: Counter[str] = Counter()
    for (_, verdict), count in counts.items():
        verdicts[verdict] += count
    assert verdicts["mapped"] >= 888, lines
    # what is not mapped is one of the documented differences
    documented = {"title-short", "URL", "volume-title", "container-title", "type", "annote",
                  "language", "genre", "note", "page", "original-date", "jurisdiction",
                  "collection-title", "title"}
    assert {line.split(": ")[1] for line in lines} <= documented, lines


_QUALIFIED = """@book{circa, title = {C}, date = {1850~}, publisher = {P}}
@book{uncertain, title = {U}, date = {1850-05?}, publisher = {P}}
@book{both, title = {B}, date = {1850-05-17%}, publisher = {P}}
@article{season, title = {S}, journaltitle = {J}, date = {2004-22}}
@book{open, title = {O}, date = {1988/..}, origdate = {1700~}, publisher = {P}}
@book{unknown, title = {E}, date = {1988/}, publisher = {P}}
"""


def test_circa_seasons_and_open_ranges_reach_csl_as_pandoc_maps_them(tmp_path: Path) -> None:
    """biblatex's circa (``~``), seasons (``2004-22``) and open ranges give CSL's ``circa``,
    ``season`` and ``[0]`` end as pandoc reads them (it writes a season as the month 22);
    an uncertain date has no place in CSL. The one difference is by design: EDTF's ``%``
    is approximate *and* uncertain, which plbib writes as circa and pandoc does not."""
    need(shutil.which("pandoc") is not None, "pandoc is not installed")
    path = tmp_path / "dates.bib"
    path.write_text(_QUALIFIED, encoding="utf-8")
    ours = BIB_TO_CSL.plbib_items(_QUALIFIED, str(path))
    assert ours["circa"]["issued"] == {"date-parts": [[1850]], "circa": True}
    assert ours["season"]["issued"] == {"date-parts": [[2004]], "season": 2}
    assert ours["open"]["issued"] == {"date-parts": [[1988], [0]]}
    assert ours["open"]["original-date"] == {"date-parts": [[1700]], "circa": True}
    counts, lines = BIB_TO_CSL.compare(ours, BIB_TO_CSL.pandoc_items(path))
    assert [line.split(": ")[:3] for line in lines] == [["both", "issued", "different"]]
    # pandoc 2.17 reads no date from EDTF's open end (1988/..), only from biblatex's 1988/
    assert (counts["issued", "mapped"], counts["original-date", "mapped"]) == (4, 1)
    # and back: CSL-JSON keeps what it has a place for
    with pytest.warns(plbib.PlbibWarning, match="no place for an uncertain date") as caught:
        written = plbib.dumps(plbib.loads(_QUALIFIED, "bibtex"), "csljson")
    assert sorted(str(w.message).split(": ")[2] for w in caught) == [
        "both", "uncertain", "unknown"]  # once per record
    back = {r.key: r for r in plbib.loads(written, "csljson")}
    assert back["circa"].circa and back["season"].season == 2
    assert back["open"].date_end == plbib.model.OPEN_END
    assert back["unknown"].date_end == plbib.model.OPEN_END  # CSL's [0] is open
    assert not back["uncertain"].uncertain


def test_a_csl_season_is_read_in_each_converters_spelling() -> None:
    """CSL's ``season`` (1–4), citeproc-js's months 13–16 and pandoc's 21–24."""
    items = [{"id": f"s{index}", "type": "book", "title": "T", "issued": issued}
             for index, issued in enumerate([{"date-parts": [[2000]], "season": 3},
                                             {"date-parts": [[2000]], "season": "3"},
                                             {"date-parts": [[2000, 15]]},
                                             {"date-parts": [[2000, 23]]}])]
    papers = plbib.loads(json.dumps(items), "csljson")
    assert [(r.year, r.month, r.season) for r in papers] == [(2000, None, 3)] * 4
    # another season (a time, "12", "") is no season: the date is read, the value kept
    odd = [{"id": f"o{index}", "type": "book", "title": "T",
            "issued": {"date-parts": [[2000, 5]], "season": season}}
           for index, season in enumerate(["22:38:38", "12", "", True])]
    papers = plbib.loads(json.dumps(odd), "csljson")
    assert [(r.year, r.month, r.season) for r in papers] == [(2000, 5, None)] * 4
    written = json.loads(plbib.dumps(papers, "csljson"))
    assert [item["issued"] for item in written] == [item["issued"] for item in odd]


def test_a_thesis_without_a_genre_is_a_phd_thesis_in_csl_as_the_converters_say() -> None:
    """pandoc and citation-js give a @phdthesis a genre (``PhD thesis``, ``phdthesis``):
    plbib's item says it too, and reads it back as no genre (the default)."""
    papers = plbib.loads("@phdthesis{p, author = {A, B}, title = {T}, school = {S},"
                         " year = 2000}\n@mastersthesis{m, author = {A, B}, title = {T},"
                         " school = {S}, year = 2000}\n", "bibtex")
    items = json.loads(plbib.dumps(papers, "csljson"))
    assert [item["genre"] for item in items] == ["PhD thesis", "Master's thesis"]
    assert list(plbib.loads(plbib.dumps(papers, "csljson"), "csljson")) == list(papers)


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_a_pubmed_eprint_is_the_pmid_as_citation_js_reads_it() -> None:
    """biblatex's ``eprinttype = {pubmed}``: the eprint is the PubMed id (CSL's PMID, as
    citation-js maps it); the BibTeX and BibLaTeX exports give the eprint back as the file
    had it, and no ``pmid`` field besides."""
    text = ("@article{a, author = {A, B}, title = {T}, journaltitle = {J}, date = 2000,"
            " eprint = {12345678}, eprinttype = {pubmed}}\n")
    papers = plbib.loads(text, "bibtex")
    assert papers[0].pmid == "12345678"
    assert _item(text)["PMID"] == "12345678"
    for dialect in ("bibtex", "biblatex"):
        written = _fields(plbib.dumps(papers, dialect))
        assert (written["eprint"], written["eprinttype"]) == ("12345678", "pubmed")
        assert "pmid" not in written
        assert list(plbib.loads(plbib.dumps(papers, dialect), "bibtex")) == list(papers)


def test_a_day_without_a_year_is_an_error_not_a_lost_day() -> None:
    with pytest.raises(plbib.ValidationFailed, match="day: the date is not one: day needs a year"):
        plbib.loads("papers:\n- key: d2\n  type: misc\n  title: D\n  month: 3\n  day: 3\n",
                    "yaml")
