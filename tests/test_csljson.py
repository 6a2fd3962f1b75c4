"""CSL-JSON and CSL-YAML: writing, schema validity, reading what others write, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import plbib
from conftest import need, shared_dir
from plbib import EntryType, Name, Record, Span, Title, ValidationFailed
from plbib.formats import csljson
from strategies import as_csl_holds_it, bibliographic_lists, record_lists

#: the CSL 1.0.1 types: Zotero's import checks every item's type against this list and
#: rejects the whole file when one is missing (../shared/reference/zotero-import.md)
ZOTERO_DETECTABLE = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "dataset", "entry", "entry-dictionary", "entry-encyclopedia",
    "figure", "graphic", "interview", "legal_case", "legislation", "manuscript", "map",
    "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "personal_communication", "post", "post-weblog", "report", "review", "review-book",
    "song", "speech", "thesis", "treaty", "webpage",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    path = shared_dir() / "schema" / "csl-data.json"
    need(path.is_file(), f"the CSL-JSON schema is not at {path}")
    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _validate(items: object, schema: dict[str, object]) -> None:
    jsonschema.validate(items, schema, cls=jsonschema.Draft7Validator)


# --------------------------------------------------------------------- writing


def test_bundled_items_are_schema_valid_and_zotero_safe(schema: dict[str, object]) -> None:
    items = json.loads(plbib.dumps(plbib.load(), "csljson"))
    _validate(items, schema)
    assert {item["type"] for item in items} <= ZOTERO_DETECTABLE
    for item in items:
        assert item["id"] == item["citation-key"]
        assert f"Citation Key: {item['id']}" in item["note"].splitlines()
        assert isinstance(item["issued"]["date-parts"][0][0], int)


@given(record_lists().map(lambda records: [as_csl_holds_it(r) for r in records]))
def test_every_generated_item_is_schema_valid(schema: dict[str, object],
                                              records: list[Record]) -> None:
    items = json.loads(plbib.dumps(records, "csljson"))
    _validate(items, schema)
    assert {item["type"] for item in items} <= ZOTERO_DETECTABLE


def test_every_entry_type_has_a_zotero_type() -> None:
    assert set(csljson.CSL_TYPES) == set(EntryType)
    assert set(csljson.CSL_TYPES.values()) <= ZOTERO_DETECTABLE


def test_orca_item_fields() -> None:
    item = json.loads(plbib.dumps(plbib.load(), "csljson"))
    orca = next(i for i in item if i["id"] == "yu2022orca")
    assert orca["type"] == "paper-conference"
    assert orca["container-title"].startswith("16th USENIX Symposium on Operating Systems")
    assert orca["container-title-short"] == "OSDI"
    assert orca["event-title"] == "USENIX Symposium on Operating Systems Design and " \
                                  "Implementation"
    assert orca["author"][0] == {"family": "Yu", "given": "Gyeong-In"}
    assert orca["page"] == "521-538"
    assert orca["issued"] == {"date-parts": [[2022, 7]]}
    assert "plbib-section: Inference engine" in orca["note"].splitlines()
    assert any(line.startswith("plbib-affiliation: ") for line in orca["note"].splitlines())


def test_title_spans_become_nocase_and_math_survives() -> None:
    title = Title((Span("Sorting "), Span("GPU", True), Span(" in "),
                   Span("O(n \\log n)", True, True), Span(" with <b> & &amp; <i>x</i>")))
    html = csljson.title_html(title)
    assert html == ('Sorting <span class="nocase">GPU</span> in '
                    '<span class="nocase">$O(n \\log n)$</span> with &lt;b> & &amp;amp; '
                    "&lt;i>x&lt;/i>")
    assert _read_title(html) == title


def test_names_particles_suffixes_and_organisations() -> None:
    assert csljson.csl_name(Name(family="Neumann", given="John", particle="von",
                                 suffix="Jr.")) == {
        "family": "Neumann", "given": "John", "non-dropping-particle": "von", "suffix": "Jr."}
    assert csljson.csl_name(Name(literal="Google DeepMind")) == {"literal": "Google DeepMind"}


def test_deterministic() -> None:
    papers = plbib.load()
    assert plbib.dumps(papers, "csljson") == plbib.dumps(plbib.load(), "csljson")


# --------------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", ["csljson", "cslyaml"])
def test_bundled_round_trip(fmt: str) -> None:
    papers = plbib.load()
    back = plbib.loads(plbib.dumps(papers, fmt), fmt)
    assert list(back) == list(papers)
    assert not back.warnings


@given(bibliographic_lists().map(lambda records: [as_csl_holds_it(r) for r in records]))
def test_round_trip_property(records: list[Record]) -> None:
    text = plbib.dumps(records, "csljson")
    back = plbib.loads(text, "csljson")
    assert list(back) == records
    assert plbib.dumps(back, "csljson") == text


@given(record_lists().map(lambda records: [as_csl_holds_it(r) for r in records]))
def test_round_trip_any_valid_record(records: list[Record]) -> None:
    """Every field of every entry type survives, odd combinations included."""
    back = plbib.loads(plbib.dumps(records, "csljson"), "csljson", lenient=True)
    assert list(back) == records


def test_cslyaml_is_pandoc_references_block() -> None:
    text = plbib.dumps(plbib.load(), "cslyaml")
    assert text.startswith("---\nreferences:\n")


# --------------------------------------------------------------------- reading others

ZOTERO = """[
  {"id": "http://zotero.org/users/1/items/ABCD1234", "type": "paper-conference",
   "title": "Orca: A Distributed Serving System for <i>Transformer-Based</i> Generative Models",
   "container-title":
     "16th USENIX Symposium on Operating Systems Design and Implementation (OSDI 22)",
   "event-title": "OSDI 22", "event-place": "Carlsbad, CA", "page": "521-538",
   "publisher": "USENIX Association", "ISBN": "978-1-939133-28-1",
   "author": [{"family": "Yu", "given": "Gyeong-In"}, {"family": "Jeong", "given": "Joo Seong"}],
   "issued": {"date-parts": [["2022", "7"]]},
   "accessed": {"date-parts": [[2024, 1, 2]]},
   "note": "Citation Key: yu2022orca\\ntex.affiliation: Seoul National University"}
]"""

PANDOC = """[
  {"author": [{"family": "Neumann", "given": "John", "non-dropping-particle": "von",
               "suffix": "Jr."},
              {"literal": "Google DeepMind"},
              {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}],
   "container-title": "Proceedings of Machine Learning and Systems 5 (MLSys 2023)",
   "id": "zhang2023practical", "issued": {"date-parts": [[2023]]},
   "title": "Practical Edge Kernels for Integer-Only <span class=\\"nocase\\">ViT</span>s",
   "type": "paper-conference"}
]"""

CITATION_JS = """[
  {"id": "frantar2023gptq", "type": "article", "title": "GPTQ: Accurate Post-Training Quantization",
   "author": [{"given": "Elias", "family": "Frantar"}], "number": "arXiv:2210.17323",
   "publisher": "arXiv", "DOI": "10.48550/arXiv.2210.17323",
   "issued": {"date-parts": [[2022, 10, 31]]}, "_graph": [{"type": "@else/list+object"}]}
]"""

BETTER_BIBTEX = """[
  {"id": "kim2023squeezellm", "citation-key": "kim2023squeezellm", "type": "article",
   "title": "SqueezeLLM: Dense-and-Sparse Quantization", "container-title": "arXiv",
   "author": [{"family": "Kim", "given": "Sehoon"}], "issued": {"date-parts": [[2023, 6]]},
   "URL": "http://arxiv.org/abs/2306.07629", "number": "arXiv:2306.07629"}
]"""


def test_reads_zotero_export() -> None:
    papers = plbib.loads(ZOTERO, "csljson", lenient=True)
    orca = papers[0]
    assert orca.key == "yu2022orca"  # from the note: Zotero's id is an item URI
    assert orca.title.text.startswith("Orca: A Distributed Serving System for Transformer-")
    assert orca.venue == "OSDI" and orca.year == 2022 and orca.month == 7
    assert orca.affiliation == "Seoul National University"
    assert str(orca.pages) == "521-538" and orca.event_place == "Carlsbad, CA"
    assert not [w for w in papers.warnings if w.severity.value == "error"]


def test_reads_pandoc_names_and_nocase() -> None:
    paper = plbib.loads(PANDOC, "csljson")[0]
    assert paper.authors == (
        Name(family="Neumann", given="John", particle="von", suffix="Jr."),
        Name(literal="Google DeepMind"),
        Name(family="Beethoven", given="Ludwig", particle="van"))
    assert paper.title.protected_texts == ("ViT",)
    assert paper.venue == "MLSys" and paper.month is None


def test_reads_citation_js_and_better_bibtex_preprints() -> None:
    gptq = plbib.loads(CITATION_JS, "csljson", lenient=True)[0]
    assert gptq.type is EntryType.PREPRINT and gptq.arxiv == "2210.17323"
    assert gptq.venue == "arXiv" and gptq.number is None
    squeeze = plbib.loads(BETTER_BIBTEX, "csljson")[0]
    assert squeeze.type is EntryType.PREPRINT and squeeze.arxiv == "2306.07629"


@pytest.mark.parametrize(("issued", "year", "month"), [
    ({"date-parts": [[2022, 7, 11], [2022, 7, 13]]}, 2022, 7),
    ({"date-parts": [["2021"]]}, 2021, None),
    ({"date-parts": [[2020, 14]]}, 2020, None),  # a season in citeproc-js's numbering
    ({"date-parts": [[2020]], "season": 2}, 2020, None),
    ({"raw": "2019-03-04"}, 2019, 3),
    ({"raw": "March 2018"}, 2018, 3),
    ({"literal": "Summer 2017"}, 2017, None),
    ("2016-05", 2016, 5),
])
def test_date_forms(issued: object, year: int, month: int | None) -> None:
    item = {"id": "x2020y", "type": "article-journal", "title": "Y", "container-title": "J",
            "author": [{"family": "X"}], "issued": issued}
    paper = plbib.loads(json.dumps([item]), "csljson", lenient=True)[0]
    assert (paper.year, paper.month) == (year, month)


def _read_title(html: str) -> Title:
    """The title plbib reads from a CSL-JSON item with this rich text as its title."""
    item = {"id": "a", "type": "article", "title": html, "URL": "https://x.org",
            "author": [{"family": "Yu", "given": "G"}], "issued": {"date-parts": [[2022]]}}
    return plbib.loads(json.dumps([item]), "csljson")[0].title


def test_rich_text_markup_is_read_as_text() -> None:
    title = _read_title('H<sub>2</sub>O and x<sup>2</sup>, <b>bold</b> '
                        '<span style="font-variant:small-caps;">Caps</span> '
                        '<span class="nocase">iPhone</span>')
    assert title.text == "H2O and x2, bold Caps iPhone"
    assert title.protected_texts == ("iPhone",)


def test_note_lines_round_trip_and_free_text_is_kept() -> None:
    record = plbib.load().by_key("yu2022orca").replace(note="affiliation: not a field here")
    back = plbib.loads(plbib.dumps([record], "csljson"), "csljson")[0]
    assert back == record


# --------------------------------------------------------------------- bad input


def _problems(text: str) -> list[plbib.PlbibError]:
    with pytest.raises(ValidationFailed) as failed:
        plbib.loads(text, "csljson", file="refs.json")
    return list(failed.value.problems)


def test_malformed_json_names_the_line() -> None:
    with pytest.raises(plbib.PlbibError) as error:
        plbib.loads('[\n {"id": "a",\n  "type": }\n]', "csljson", file="refs.json")
    assert error.value.line == 3 and error.value.file == "refs.json"


def test_top_level_must_be_a_list() -> None:
    with pytest.raises(plbib.PlbibError, match="list of items"):
        plbib.loads('{"id": "a"}', "csljson")


def test_item_problems_name_item_line_key_and_field() -> None:
    """A variable plbib cannot read is a warning naming item line, key and field; the
    item is read and the variable comes back as it was. Only an item that is no object
    is refused."""
    text = ('[\n{"id": "ok2020a", "type": "book", "title": "A", "publisher": "P", '
            '"author": [{"family": "X"}],'
            ' "issued": {"date-parts": [[2020]]}},\n'
            '{"type": "book", "title": "B"},\n'
            '{"id": "notype"},\n'
            '{"id": "badtitle", "type": "book", "title": ["x"]},\n'
            '{"id": "badtype", "type": "inproceedings", "title": "C"},\n'
            '{"id": "badnames", "type": "book", "title": "D", "author": "X"},\n'
            '"not an item"\n]')
    problems = _problems(text)
    found = {(p.line, p.key, p.field, p.severity.value) for p in problems}
    assert (3, "b", "id", "warning") in found  # no id: the key rule's key
    assert (4, "notype", "type", "warning") in found
    assert (5, "badtitle", "title", "warning") in found
    assert (6, "badtype", "type", "warning") in found
    assert (7, "badnames", "author", "warning") in found
    assert [(p.line, p.severity.value) for p in problems if p.severity.value == "error"] == [
        (8, "error")]
    assert all(p.file == "refs.json" for p in problems)
    lenient = plbib.loads(text, "csljson", lenient=True)
    assert len(lenient) == 6
    written = json.loads(plbib.dumps(lenient, "csljson"))
    assert written[3]["title"] == ["x"] and written[5]["author"] == "X"
    assert written[4]["type"] == "inproceedings"


def test_missing_required_field_names_the_item_line() -> None:
    """What the curated list's rules need is a warning on import, naming the item's line;
    the item is read."""
    papers = plbib.loads('[\n\n{"id": "k", "type": "paper-conference", "title": "T"}]',
                         "csljson", file="refs.json")
    assert papers.keys() == ["k"]
    assert papers.warnings and all(p.line == 3 and p.key == "k" and
                                   p.severity.value == "warning" for p in papers.warnings)


def test_variables_the_model_has_no_place_for_come_back_as_they_were() -> None:
    """Nothing lost: every variable of the item comes back with the same JSON value —
    those the model has no place for (translator, original-date, medium), rich text,
    a date range, a forthcoming item without a date, a CSL type plbib reads as misc."""
    item = {"medium": "print", "id": "x2020y", "type": "book", "title": "Y",
            "author": [{"family": "X"}],
            "publisher": "P",
            "issued": {"date-parts": [[2020]]}, "references": "none",
            "translator": [{"family": "T", "given": "U", "dropping-particle": "de"}],
            "original-date": {"date-parts": [[1850, 3]]}, "accessed": {"raw": "2024-01-05"},
            "abstract": "A <i>rich</i> text", "language": "en-GB"}
    others = [
        {"id": "r", "type": "article-journal", "title": "On <i>E. coli</i>",
         "container-title": "J", "author": [{"family": "Q"}],
         "issued": {"date-parts": [[2020, 1], [2021, 2]]}},
        {"id": "f", "type": "article-journal", "title": "Soon", "status": "forthcoming",
         "author": [{"family": "Z"}]},
        {"id": "p", "type": "patent", "title": "A device", "number": "US 1"},
    ]
    papers = plbib.loads(json.dumps([item, *others]), "csljson")
    assert papers.keys() == ["x2020y", "r", "f", "p"]
    back = json.loads(plbib.dumps(papers, "csljson"))
    for original, written in zip([item, *others], back, strict=True):
        assert {k: written.get(k) for k in original} == original
    again = plbib.loads(plbib.dumps(papers, "csljson"), "csljson")
    assert list(again) == list(papers)
    from_yaml = plbib.loads(plbib.dumps(papers, "yaml"), "yaml")
    assert json.loads(plbib.dumps(from_yaml, "csljson")) == back


def test_cli_import_and_export(tmp_path: Path) -> None:
    from plbib.cli import main

    out = tmp_path / "papers.json"
    assert main(["export", "csljson", "-o", str(out)]) == 0
    assert main(["import", str(out), "--to", "yaml", "-o", str(tmp_path / "p.yaml")]) == 0
    assert list(plbib.read(tmp_path / "p.yaml")) == list(plbib.load())


def test_doi_behind_a_resolver_is_read_bare() -> None:
    item = {"id": "x2020y", "type": "book", "title": "Y", "author": [{"family": "X"}],
            "publisher": "P", "issued": {"date-parts": [[2020]]},
            "DOI": "https://doi.org/10.1145/3485730.3485937"}
    assert plbib.loads(json.dumps([item]), "csljson")[0].doi == "10.1145/3485730.3485937"


def test_the_csl_test_suite_script_measures_the_round_trip(tmp_path: Path) -> None:
    """scripts/csl_roundtrip.py on fixtures in the suite's form: items read and compared
    variable by variable, a refused fixture named with its reason."""
    from conftest import script

    fixture = (">>===== MODE =====>>\ncitation\n<<===== MODE =====<<\n"
               ">>===== INPUT =====>>\n{items}\n<<===== INPUT =====<<\n")
    good = [{"id": "A", "type": "book", "title": "T", "translator": [{"family": "X"}],
             "original-date": {"date-parts": [[1850]]}},
            {"id": "B", "type": "patent", "title": "<i>P</i>", "number": "1"}]
    (tmp_path / "a_good.txt").write_text(fixture.format(items=json.dumps(good)))
    (tmp_path / "b_twice.txt").write_text(fixture.format(items=json.dumps(
        [{"id": "C", "type": "book"}, {"id": "C", "type": "book"}])))
    (tmp_path / "c_none.txt").write_text("no input here")
    result = script("csl_roundtrip").measure(tmp_path)
    assert (result.fixtures, result.items, result.same) == (2, 2, 2)
    assert [name for name, _ in result.refused] == ["b_twice"]
    assert "already used" in result.refused[0][1]
    # CSL-JSON and CSL-YAML files (Better BibTeX's exports), each in its own format
    (tmp_path / "d.json").write_text(json.dumps(good))
    (tmp_path / "e.yml").write_text("- id: E\n  type: book\n  title: Y\n"
                                    "  issued:\n    date-parts:\n    - [1999, 9]\n")
    result = script("csl_roundtrip").measure(tmp_path)
    assert (result.fixtures, result.items, result.same) == (4, 5, 5)


@given(st.fixed_dictionaries(
    {"date-parts": st.lists(st.lists(st.integers(-3000, 3000), min_size=1, max_size=3),
                            min_size=1, max_size=2)},
    optional={"circa": st.sampled_from([True, False, 1, 0, "1", "x"]),
              "season": st.sampled_from([1, 4, 5, "2", "12", "", "22:38:38", True])}))
def test_any_csl_date_comes_back_with_the_same_json_value(issued: dict[str, object]) -> None:
    """Whatever an item's ``issued`` holds (eras, year 0, open ends, months 13–24,
    seasons and circa in any spelling): read, and written back as the same JSON value,
    typed or kept as written."""
    item = {"id": "k", "type": "book", "title": "T", "issued": issued}
    papers = plbib.loads(json.dumps([item]), "csljson", lenient=True)
    assert json.loads(plbib.dumps(papers, "csljson"))[0]["issued"] == issued


def test_a_date_part_that_is_a_string_and_a_date_before_the_era_come_back() -> None:
    """Better CSL-JSON writes ``"date-parts": [["1999", 9, 29], [0]]`` (the writer's layout
    of number arrays met a string and wrote broken JSON) and a year -100 with a day (100 BC,
    typed: its day with it)."""
    items = [{"id": "t1", "type": "book", "title": "T",
              "submitted": {"date-parts": [["1999", 9, 29], [0]]}},
             {"id": "t6", "type": "book", "title": "U",
              "issued": {"date-parts": [[-100, 3, 15]]}}]
    papers = plbib.loads(json.dumps(items), "csljson")
    assert (papers.by_key("t6").year, papers.by_key("t6").day) == (-100, 15)
    assert not papers.by_key("t6").extra
    assert json.loads(plbib.dumps(papers, "csljson"))[0]["submitted"] == items[0]["submitted"]
    written = json.loads(plbib.dumps(papers, "csljson"))
    assert [{k: v for k, v in item.items() if k in given}
            for item, given in zip(written, items, strict=True)] == items
