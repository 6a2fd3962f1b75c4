"""RIS: writing, reading what Zotero, EndNote, Mendeley, IEEE Xplore and ACM DL export,
round trips with the documented losses, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import plbib
from conftest import script
from plbib import EntryType, Name, Record, Title, ValidationFailed
from strategies import as_ris_holds_it, bibliographic_lists, capitalised

# --------------------------------------------------------------------- documented losses


def as_ris_keeps_it(record: Record) -> Record:
    """The record as RIS brings it back: the losses docs/formats.md lists, and no others.
    RIS titles are plain text, so case protection (and math markup) is lost."""
    def plain(title: Title | None) -> Title | None:
        return Title.plain(title.text) if title is not None else None

    return record.replace(title=plain(record.title),
                          container_title=plain(record.container_title),
                          volume_title=plain(record.volume_title))


# names RIS can carry: "Family, Given[, Suffix]" with a lowercase particle in front
ris_names = st.one_of(
    st.builds(Name, family=capitalised, given=capitalised),
    st.builds(Name, family=capitalised, given=capitalised,
              particle=st.sampled_from(["van", "von", "de", "van der"])),
    st.builds(Name, family=capitalised, given=capitalised,
              suffix=st.sampled_from(["Jr.", "III"])),
    st.builds(Name, literal=st.sampled_from(["Google DeepMind", "OpenAI", "NVIDIA"])),
)


@st.composite
def ris_lists(draw: st.DrawFn) -> list[Record]:
    records = draw(bibliographic_lists())
    out = []
    for record in records:
        authors = tuple(draw(st.lists(ris_names, min_size=1, max_size=4)))
        editors = tuple(draw(st.lists(ris_names, max_size=2)))
        translators = tuple(draw(st.lists(ris_names, max_size=2)))
        book_authors = tuple(draw(st.lists(ris_names, max_size=2)))
        out.append(as_ris_holds_it(record.replace(
            authors=authors, editors=editors, translators=translators,
            container_authors=book_authors)))
    return out


def test_bundled_round_trip_loses_only_case_protection() -> None:
    papers = plbib.load()
    back = plbib.loads(plbib.dumps(papers, "ris"), "ris")
    assert list(back) == [as_ris_keeps_it(r) for r in papers]
    assert not back.warnings


@given(ris_lists())
def test_round_trip_property(records: list[Record]) -> None:
    text = plbib.dumps(records, "ris")
    back = plbib.loads(text, "ris")
    assert list(back) == [as_ris_keeps_it(r) for r in records]
    assert plbib.dumps(back, "ris") == text


def test_documented_name_losses() -> None:
    """Shapes RIS's ``Family, Given`` cannot tell apart (docs/formats.md)."""
    def through_ris(name: Name) -> Name:
        record = plbib.load().by_key("yu2022orca").replace(authors=(name,))
        return plbib.loads(plbib.dumps([record], "ris"), "ris")[0].authors[0]

    assert through_ris(Name(literal="Acme, Inc.")) == Name(family="Acme", given="Inc.")
    assert through_ris(Name(family="da Silva Xavier", given="Ana")) == \
        Name(family="Silva Xavier", given="Ana", particle="da")


def test_deterministic_and_no_counter_lines() -> None:
    text = plbib.dumps(plbib.load(), "ris")
    assert text == plbib.dumps(plbib.load(), "ris")
    assert "\n1.\n" not in text and not text.startswith("1.")


def test_conference_paper_tags() -> None:
    text = plbib.dumps([plbib.load().by_key("yu2022orca")], "ris")
    lines = text.splitlines()
    assert lines[0] == "TY  - CONF" and lines[-1].rstrip() == "ER  -"
    assert "T2  - USENIX Symposium on Operating Systems Design and Implementation" in lines
    assert any(line.startswith("C3  - 16th USENIX Symposium") for line in lines)
    assert "SP  - 521" in lines and "EP  - 538" in lines
    assert "DA  - 2022/07/" in lines and "PY  - 2022" in lines
    assert "KW  - Inference engine" in lines
    assert "AU  - Yu, Gyeong-In" in lines


def test_preprint_is_a_report_of_type_preprint() -> None:
    record = plbib.load().by_key("yu2022orca").replace(
        type=EntryType.PREPRINT, venue="arXiv", container_title=None, doi=None, pages=None,
        arxiv="2201.00001")  # a made-up id: this tests the layout, not the paper
    lines = plbib.dumps([record], "ris").splitlines()
    assert "TY  - RPRT" in lines and "M3  - preprint" in lines
    assert "DB  - arXiv" in lines
    assert plbib.loads("\n".join(lines), "ris")[0] == as_ris_keeps_it(record)


# --------------------------------------------------------------------- real exporters

ZOTERO = """TY  - CONF
TI  - Orca: A Distributed Serving System for Transformer-Based Generative Models
AU  - Yu, Gyeong-In
AU  - Jeong, Joo Seong
T2  - 16th USENIX Symposium on Operating Systems Design and Implementation (OSDI 22)
C3  - 16th USENIX Symposium on Operating Systems Design and Implementation (OSDI 22)
DA  - 2022///
PY  - 2022
SP  - 521
EP  - 538
PB  - USENIX Association
SN  - 978-1-939133-28-1
UR  - https://www.usenix.org/conference/osdi22/presentation/yu
Y2  - 2024/01/02/
KW  - Inference engine
N1  - tex.affiliation: Seoul National University
ER  - 
"""

ENDNOTE = """TY  - JOUR
AU  - Xu, Huatao
AU  - Zhou, Pengfei
T1  - LIMU-BERT: Unleashing the Potential of Unlabeled Data for IMU Sensing Applications
JF  - Proc. ACM Interact. Mob. Wearable Ubiquitous Technol.
JA  - IMWUT
PY  - 2021
VL  - 5
IS  - 4
SP  - 1
EP  - 28
SN  - 
DO  - 10.1145/0000000.0000001
ID  - 12
ER  - 
"""

MENDELEY = """TY  - GEN
AU  - Frantar, Elias
AU  - Alistarh, Dan
TI  - GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers
PY  - 2022
UR  - http://arxiv.org/abs/2210.17323
ID  - Frantar2022
ER  - 
"""

IEEE = """TY  - CONF
TI  - VEGETA: Vertically-Integrated Extensions for Sparse/Dense GEMM Tile Acceleration on CPUs
T2  - 2023 IEEE International Symposium on High-Performance Computer Architecture (HPCA)
SP  - 259
EP  - 272
AU  - G. Jeong
AU  - S. Damani
PY  - 2023
KW  - Sparse matrices
KW  - Tiles
DO  - 10.1109/HPCA56546.2023.10071058
JO  - 2023 IEEE International Symposium on High-Performance Computer Architecture (HPCA)
IS  - 
SN  - 2378-203X
VO  - 
VL  - 
JA  - 2023 IEEE International Symposium on High-Performance Computer Architecture (HPCA)
Y1  - 25 Feb.-1 March 2023
AB  - Deep Learning (DL) acceleration support in CPUs has recently gained a lot of traction.
ER  - 

"""

ACM = """TY  - CONF
T1  - Mobius: Fine Tuning Large-Scale Models on Commodity GPU Servers
AU  - Feng, Yangyu
AU  - Xie, Minhui
Y1  - 2023
PY  - 2023
DA  - 2023
SN  - 9781450399166
PB  - Association for Computing Machinery
CY  - New York, NY, USA
UR  - https://doi.org/10.1145/3575693.3575703
DO  - 10.1145/3575693.3575703
AB  - Fine-tuning on cheap commodity GPU servers makes large-scale deep learning models
  benefit more people.
BT  - Proceedings of the 28th ACM International Conference on Architectural Support for Programming Languages and Operating Systems, Volume 2
SP  - 489
EP  - 501
KW  - deep learning
CY  - Vancouver, BC, Canada
T3  - ASPLOS 2023
ER  - 
"""


def test_reads_zotero_export() -> None:
    paper = plbib.loads(ZOTERO, "ris")[0]
    assert paper.type is EntryType.CONFERENCE_PAPER and paper.venue == "OSDI"
    assert paper.key == "yu2022orca"  # the key rule: Zotero writes no ID
    assert paper.year == 2022 and str(paper.pages) == "521-538"
    assert paper.affiliation == "Seoul National University"
    # a tag is a keyword; the list's section travels as a plbib-section note line
    assert paper.section is None and paper.keywords == ("Inference engine",)


def test_reads_endnote_export() -> None:
    paper = plbib.loads(ENDNOTE, "ris")[0]
    assert paper.type is EntryType.JOURNAL_ARTICLE and paper.venue == "IMWUT"
    assert paper.key == "12" and paper.volume == "5" and paper.issue == "4"
    assert paper.container_title == Title.plain(
        "Proc. ACM Interact. Mob. Wearable Ubiquitous Technol.")


def test_reads_mendeley_arxiv_export() -> None:
    paper = plbib.loads(MENDELEY, "ris")[0]
    assert paper.type is EntryType.PREPRINT and paper.arxiv == "2210.17323"
    assert paper.venue == "arXiv" and paper.key == "Frantar2022"


def test_reads_ieee_xplore_export() -> None:
    papers = plbib.loads(IEEE, "ris")
    paper = papers[0]
    assert paper.venue == "HPCA" and paper.year == 2023 and paper.month == 2
    assert paper.authors[0] == Name(family="Jeong", given="G.")
    assert paper.doi == "10.1109/HPCA56546.2023.10071058"
    # keywords are keywords (no section), every one, in order
    assert paper.section is None
    assert len(paper.keywords) > 1 and paper.keywords[0] == "Sparse matrices"
    assert plbib.dumps(papers, "ris").count("KW  - ") == len(paper.keywords)


def test_reads_acm_dl_export() -> None:
    papers = plbib.loads(ACM, "ris")
    paper = papers[0]
    assert paper.venue == "ASPLOS" and paper.isbn == "9781450399166"
    assert paper.container_title is not None
    assert paper.container_title.text.endswith("Operating Systems, Volume 2")
    assert str(paper.pages) == "489-501" and paper.doi == "10.1145/3575693.3575703"
    assert paper.url is None  # ACM's URL is the DOI's resolver link


# --------------------------------------------------------------------- bad input


def test_record_without_er_is_an_error_with_its_line() -> None:
    text = ZOTERO + "\nTY  - JOUR\nTI  - Unfinished\nAU  - X, Y\n"
    with pytest.raises(ValidationFailed) as failed:
        plbib.loads(text, "ris", file="refs.ris")
    problems = failed.value.problems
    assert [(p.line, p.file) for p in problems] == [(19, "refs.ris")]
    assert "never ends" in problems[0].message and problems[0].hint
    lenient = plbib.loads(text, "ris", lenient=True)
    assert len(lenient) == 1


def test_missing_er_before_next_record() -> None:
    text = "TY  - JOUR\nTI  - A\n" + ZOTERO
    with pytest.raises(ValidationFailed, match="no 'ER'"):
        plbib.loads(text, "ris")


def test_an_exporters_own_tag_comes_back() -> None:
    """A tag plbib does not know (an exporter's own) is no error: kept as written."""
    text = ZOTERO.replace("PB  - USENIX", "ZZ  - strange\nPB  - USENIX")
    papers = plbib.loads(text, "ris", file="refs.ris")
    assert plbib.Verbatim("ris", "ZZ", "strange") in papers[0].extra
    assert "ZZ  - strange" in plbib.dumps(papers, "ris")


def test_unknown_type_and_text_outside_records() -> None:
    """A database's lines outside records (``Record #1 of 2``, ``Provider: …``; rispy's
    and Zotero's imports skip them) are left out with one warning a block; a text with no
    record at all is an error (another format: Web of Science's tagged text)."""
    text = ("Record #1 of 1\nProvider: Provider\n1.\n"
            + ZOTERO.replace("TY  - CONF", "TY  - WHAT") + "\ntrailing words\n")
    papers = plbib.loads(text, "ris")
    problems = [(p.severity.value, p.line, p.message) for p in papers.warnings]
    assert [(line, m) for s, line, m in problems if "outside" in m] == [
        (1, "text outside a record is no RIS: left out"),
        (len(text.splitlines()), "text outside a record is no RIS: left out")]
    assert any("unknown RIS type 'WHAT'" in m for s, _, m in problems if s == "warning")
    assert papers[0].type is EntryType.MISC and "TY  - WHAT" in plbib.dumps(papers, "ris")
    with pytest.raises(ValidationFailed, match="the text has no RIS record"):
        plbib.loads("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nER\n", "ris")
    assert list(plbib.loads("", "ris")) == []


def test_tags_the_model_has_no_place_for_come_back() -> None:
    """Nothing lost: every tag of a real export comes back with the same values, in the
    order of its values (RIS → plbib → RIS)."""
    from plbib.formats.ris import _split_records

    for text in (ZOTERO.replace("PB  -", "C5  - x\nAB  - An abstract\nPB  -"), ENDNOTE,
                 MENDELEY, IEEE, ACM):
        papers = plbib.loads(text, "ris")
        again = plbib.dumps(papers, "ris")
        for before, after in zip(_split_records(text, []), _split_records(again, []),
                                 strict=True):
            tags = {t for _, t, v in before.tags if v}
            assert {t: before.values(t) for t in tags} == {t: after.values(t) for t in tags}
        assert list(plbib.loads(again, "ris")) == list(papers)


#: EndNote's "every field named" export (Zotero's RIS.js test cases have such records):
#: placeholder words where a date and numbers would be, and a tag given three times
_TEMPLATE = """TY  - AGGR
AU  - Name1, Author
DA  - Date Accessed
PY  - Year
SN  - ISSN/ISBN
SN  - 12345
SN  - 666666
T2  - Periodical
TI  - Title
ER  - 
"""


def test_a_record_with_words_for_its_date_and_several_sn_comes_back_whole() -> None:
    """A date plbib cannot read is no year, with a warning, not a refused record; every
    value of a tag given several times comes back in order (the validation kept the
    first SN, which is no ISBN; the reader's three replace it)."""
    papers = plbib.loads(_TEMPLATE, "ris")
    (record,) = papers
    assert record.year is None and record.isbn is None
    assert any(p.field == "year" and "kept as written" in p.message for p in papers.warnings)
    assert [v.value for v in record.extra if v.name == "SN"] == [
        "ISSN/ISBN", "12345", "666666"]
    written = plbib.dumps(papers, "ris")
    for line in ("DA  - Date Accessed", "PY  - Year", "SN  - ISSN/ISBN\nSN  - 12345\n"
                 "SN  - 666666"):
        assert line in written
    assert list(plbib.loads(written, "ris")) == list(papers)


def test_the_ris_round_trip_measure_reads_files_folders_and_zotero_test_cases(
        tmp_path: Path) -> None:
    """scripts/ris_roundtrip.py on inputs in the forms it measures (a .ris file, a folder
    of them, a Zotero translator's test cases): rispy judges, continuation lines and
    one-space tags read as Zotero reads them; a refused input is named with its reason."""
    measure = script("ris_roundtrip").measure
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "a.ris").write_text(_TEMPLATE, encoding="utf-8")
    (tmp_path / "b.ris").write_text("TY - JOUR\nTI - A title wrapped\nover two lines\n"
                                    "AU - Doe, Jane\nPY - 2020\nER - \n", encoding="utf-8")
    cases = [{"type": "import", "input": _TEMPLATE, "items": []},
             {"type": "web", "url": "https://example.org"},
             {"type": "import", "input": "not RIS at all", "items": []},
             {"type": "import", "input": "PT J\nER\n", "items": []}]
    (tmp_path / "RIS.js").write_text(
        "{}\n/** BEGIN TEST CASES **/\nvar testCases = " + json.dumps(cases, indent="\t")
        + "\n/** END TEST CASES **/\n", encoding="utf-8")
    (tmp_path / "wos.ris").write_text("FN Web of Science\nPT J\nER\n", encoding="utf-8")
    result = measure([tmp_path / "dir", tmp_path / "b.ris", tmp_path / "RIS.js",
                      tmp_path / "wos.ris"])
    assert result.sources == 4  # the folder's file, b, the RIS test case, wos
    assert [name.rsplit("/", 1)[-1] for name, _ in result.refused] == ["wos.ris"]
    assert "no RIS record" in result.refused[0][1]
    assert (result.records, result.same, result.differences) == (3, 3, [])
    assert result.tags == 7 + 4 + 7  # distinct tags a record; SN once, with its three


def test_a_date_ris_has_no_place_for_is_written_plain_with_one_warning() -> None:
    """Circa, uncertain and seasons have no place in RIS's ``YYYY/MM/DD/``: the year (and
    month) is written, with one warning a record; a range is written as biblatex's text,
    qualifiers and all, and read back; an unknown end as an open one."""
    papers = plbib.loads("@book{a, title = {A}, date = {1850-05~}, publisher = {P}}\n"
                         "@book{b, title = {B}, date = {2004-22}, origdate = {1700?},"
                         " publisher = {P}}\n"
                         "@book{c, title = {C}, date = {1850~/1852}, publisher = {P}}\n"
                         "@book{d, title = {D}, date = {1988/}, publisher = {P}}\n", "bibtex")
    with pytest.warns(plbib.PlbibWarning, match="RIS has no place for a date") as caught:
        text = plbib.dumps(papers, "ris")
    assert sorted(str(w.message).split(": ")[2] for w in caught) == ["a", "b", "d"]
    assert "DA  - 1850/05/\n" in text.replace("\r", "")
    assert "DA  - 1850~/1852" in text and "DA  - 1988/.." in text
    back = plbib.loads(text, "ris")
    assert [str(r.issued) for r in back] == ["1850-05", "2004", "1850~/1852", "1988/.."]
