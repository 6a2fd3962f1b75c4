"""BibTeX and BibLaTeX: writing, reading, round trips and real exporters' files."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import textwrap

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import plbib
from conftest import need
from plbib import Date, EntryType, Name, Record, Span, Title, ValidationFailed, latex
from plbib.errors import DuplicateError, Severity, SyntaxProblem
from plbib.formats import bibtex
from plbib.formats.bibtex import names as bibtex_names
from plbib.formats.bibtex import writer
from plbib.latex import decode, decode_spans, decode_title, encode, encode_title
from strategies import (
    _ALPHABET,
    as_biblatex_keeps_it,
    bibliographic_lists,
    bibliographic_records,
    records,
)


def read(text: str, **options: object) -> plbib.PaperList:
    return plbib.loads(textwrap.dedent(text), "bibtex", file="test.bib", **options)


def one(text: str, **options: object) -> Record:
    papers = read(text, **options)
    assert len(papers) == 1, [str(w) for w in papers.warnings]
    return papers[0]


# --------------------------------------------------------------------- LaTeX codec


@given(st.text(_ALPHABET, max_size=40).map(lambda s: " ".join(s.split())))
def test_latex_codec_round_trips_any_text(text: str) -> None:
    assert decode(encode(text)) == text
    assert decode(encode(text, ascii_only=False)) == text


@pytest.mark.parametrize(("source", "text"), [
    (r"{\"O}zt{\"u}rk", "Öztürk"), (r"\"Ozt\"urk", "Öztürk"), (r"\"{O}zt\"{u}rk", "Öztürk"),
    (r"Gyeong{-}In", "Gyeong-In"), (r"\c{C}a\u{g}lar", "Çağlar"), (r"Erd\H{o}s", "Erdős"),
    (r"{\ss}", "ß"), (r"\'{\i}", "í"), (r"\&\%\$\#\_", "&%$#_"), (r"a -- b --- c", "a – b — c"),
    (r"``quoted''", "“quoted”"), ("a~b", "a\u00a0b"), (r"\emph{Deep} \textbf{Nets}", "Deep Nets"),
    ("two\n   lines", "two lines"),
])
def test_decode(source: str, text: str) -> None:
    assert decode(source) == text


def test_math_symbols_are_commands_pdflatex_can_set() -> None:
    r"""pdflatex stops at a raw "∞" (not set up for text); \ensuremath works in text and in
    math, and reads back as the character."""
    assert encode("∞-former, α ≤ β") == (
        r"\ensuremath{\infty}-former, \ensuremath{\alpha} \ensuremath{\leq} \ensuremath{\beta}")
    assert decode(encode("∞-former, α ≤ β")) == "∞-former, α ≤ β"
    assert encode("∞", ascii_only=False) == "∞"  # for Unicode engines, as it is
    title = Title.parse("{∞-former}: Infinite Memory")
    assert decode_title(encode_title(title)) == title


def test_title_spans_follow_bibtex_case_rules() -> None:
    assert decode_spans(r"{GPTQ}: Accurate {\"U}ber {\LaTeX} $O(n^2)$") == (
        Span("GPTQ", True), Span(": Accurate Über "), Span("LaTeX", True), Span(" "),
        Span("O(n^2)", True, math=True))
    # Google Scholar's brace-as-math quirk
    assert decode_spans(r"serving for $\{$Transformer-Based$\}$ models") == (
        Span("serving for "), Span("Transformer-Based", True), Span(" models"))


@given(st.text(alphabet=" \tab{}-'", max_size=16))
def test_plain_group_shortcut_decodes_as_the_tokenizer_does(source: str) -> None:
    """decode_title splits titles with only plain {…} groups without tokenising; it must
    give the tokenizer's spans (merged, folded and trimmed) for any such text."""
    try:
        full = Title(latex._collapse_spans(latex._Decoder(source).spans()))
    except latex.LatexError:
        with pytest.raises(latex.LatexError):
            latex.decode_title(source)
        return
    assert latex.decode_title(source) == full


@given(st.text(alphabet="ab {}~,\\", max_size=24))
def test_top_level_split_matches_a_brace_walk(text: str) -> None:
    """The count-based shortcut of _split_top_level against walking the braces."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    assert bibtex_names._split_top_level(text, bibtex_names._COMMA) == parts


def test_encode_title_braces_exactly_the_protected_spans() -> None:
    title = Title.parse("Token Merging: Your {ViT} But Faster & $O(n)$ for Müller")
    assert encode_title(title) == r"Token Merging: Your {ViT} But Faster \& $O(n)$ for M{\"u}ller"
    assert encode_title(title, ascii_only=False) == \
        r"Token Merging: Your {ViT} But Faster \& $O(n)$ for Müller"


# --------------------------------------------------------------------- writing


def entry(text: str, head: str) -> str:
    """One entry of a .bib text, with the alignment padding before '=' removed."""
    body = text.split(head)[1].split("\n}\n")[0]
    return re.sub(r" +=", " =", body)


def test_bundled_list_as_bibtex() -> None:
    text = plbib.dumps(plbib.load(), "bibtex")
    assert text == plbib.dumps(plbib.load(), "bibtex")  # deterministic
    orca = entry(text, "@inproceedings{yu2022orca,")
    assert "title = {{Orca}: A Distributed Serving System for Transformer-Based " \
           "Generative Models}" in orca
    assert "author = {Yu, Gyeong-In and Jeong, Joo Seong and Kim, Geon-Woo and " \
           "Kim, Soojeong and Chun, Byung-Gon}" in orca
    assert "month = jul," in orca and "pages = {521--538}" in orca
    assert "keywords = {Inference engine}" in orca
    # never a whole title in double braces
    assert re.search(r"title +=\s*\{\{[^{}]*\}\},", text) is None


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_bundled_list_as_biblatex() -> None:
    text = plbib.dumps(plbib.load(), "biblatex")
    orca = entry(text, "@inproceedings{yu2022orca,")
    assert "date = {2022-07}" in orca and "month" not in orca and "year" not in orca
    assert "eventtitle = {USENIX Symposium on Operating Systems Design and Implementation}" in orca
    imwut = entry(text, "@article{zhang2022ifconvtransformer,")
    assert "journaltitle = {Proceedings of the ACM on Interactive" in imwut
    assert "eprinttype = {arxiv}" in entry(text, "@inproceedings{frantar2023optq,")


def test_names_in_bibtex_syntax() -> None:
    write = bibtex.format_name
    assert write(Name(family="Neumann", given="John", particle="von", suffix="Jr.")) == \
        "von Neumann, Jr., John"
    assert write(Name(literal="Google DeepMind")) == "{Google DeepMind}"
    assert write(Name(family="Öztürk", given="Ömer")) == r'{\"O}zt{\"u}rk, {\"O}mer'
    assert write(Name(family="Öztürk", given="Ömer"), ascii_only=False) == "Öztürk, Ömer"
    assert write(Name(family="de Souza", given="Ana")) == "{de Souza}, Ana"
    assert write(Name(family="Barnes and Noble", given="X")) == "{Barnes and Noble}, X"
    assert bibtex.format_names([Name(family="Yu", given="G")], True, True) == "Yu, G and others"


def test_names_bibtex_would_misread_are_written_so_it_does_not() -> None:
    """A family name alone has no trailing comma when bibtex reads it right without one
    (it complains of "A,"); a literal that opens with a command is braced twice (bibtex
    takes ``{\\textless{}x}`` for one special character, a letter)."""
    cases = {
        Name(family="Chen"): "Chen",
        Name(family="Ä"): '{\\"A}',
        Name(family="Della Rocca"): "Della Rocca,",
        Name(family="de"): "de",  # one word: the family name to bibtex, lowercase or not
        Name(literal="<x"): "{{\\textless{}x}}",
        Name(literal="Ä"): '{{\\"A}}',
    }
    for name, written in cases.items():
        assert bibtex.format_name(name) == written
        assert bibtex_names.parse_names(written)[0] == (name,)
    assert latex.encode("Nguyễn") == "Nguy{\\~{\\^e}}n"  # pdflatex stops at {\~\^e}
    assert latex.decode("Nguy{\\~{\\^e}}n") == "Nguyễn"


# --------------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("ascii_only", [True, False])
def test_bundled_round_trip(fmt: str, ascii_only: bool) -> None:
    papers = plbib.load()
    text = plbib.formats.get(fmt).write(papers, ascii_only=ascii_only, venues=papers.venues)
    back = plbib.loads(text, "bibtex")
    expected = list(papers) if fmt == "bibtex" else [as_biblatex_keeps_it(r) for r in papers]
    assert list(back) == expected
    assert not back.warnings


@given(bibliographic_lists())
def test_round_trip_property(records: list[Record]) -> None:
    """BibTeX keeps every field; BibLaTeX what biblatex's data model has a place for."""
    for biblatex in (False, True):
        text = plbib.dumps(records, "bibtex", biblatex=biblatex)
        back = plbib.loads(text, "bibtex", lenient=False)
        assert list(back) == (records if not biblatex else
                              [as_biblatex_keeps_it(r) for r in records])
        assert plbib.dumps(back, "bibtex", biblatex=biblatex) == text


# --------------------------------------------------------------------- real exporters

DBLP = r"""
@inproceedings{DBLP:conf/osdi/YuJKKC22,
  author       = {Gyeong{-}In Yu and
                  Joo Seong Jeong and
                  Geon{-}Woo Kim and
                  Soojeong Kim and
                  Byung{-}Gon Chun},
  title        = {Orca: {A} Distributed Serving System for Transformer-Based Generative
                  Models},
  booktitle    = {16th {USENIX} Symposium on Operating Systems Design and Implementation,
                  {OSDI} 2022, Carlsbad, CA, USA, July 11-13, 2022},
  pages        = {521--538},
  publisher    = {{USENIX} Association},
  year         = {2022},
  url          = {https://www.usenix.org/conference/osdi22/presentation/yu},
  timestamp    = {Tue, 18 Oct 2022 17:10:35 +0200},
  biburl       = {https://dblp.org/rec/conf/osdi/YuJKKC22.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
"""


def test_dblp_export() -> None:
    papers = read(DBLP)
    orca = papers[0]
    assert orca.key == "DBLP:conf/osdi/YuJKKC22"  # byte for byte
    assert [a.display() for a in orca.authors] == [
        "Gyeong-In Yu", "Joo Seong Jeong", "Geon-Woo Kim", "Soojeong Kim", "Byung-Gon Chun"]
    assert orca.title.text == \
        "Orca: A Distributed Serving System for Transformer-Based Generative Models"
    assert orca.title.protected_texts == ("A",)
    assert orca.venue == "OSDI" and orca.year == 2022 and str(orca.pages) == "521-538"
    assert orca.publisher == "USENIX Association"
    assert not papers.warnings
    # DBLP's housekeeping fields are kept as written (nothing is lost), unless dropped
    kept = {v.name for v in orca.extra}
    assert {"timestamp", "biburl", "bibsource"} <= kept
    assert not {"timestamp", "biburl", "bibsource"} & {
        v.name for v in read(DBLP, drop_dblp=True)[0].extra}


DBLP_CROSSREF = r"""
@inproceedings{DBLP:conf/asplos/SongYJJKKL23,
  author    = {Jaeyong Song and Jinkyu Yim and Jaewon Jung and Hongsun Jang and
               Hyung{-}Jin Kim and Youngsok Kim and Jinho Lee},
  title     = {Optimus-CC: Efficient Large {NLP} Model Training with 3D Parallelism Aware
               Communication Compression},
  booktitle = {{ASPLOS} {(2)}},
  pages     = {560--573},
  publisher = {{ACM}},
  year      = {2023},
  crossref  = {DBLP:conf/asplos/2023-2},
  url       = {https://doi.org/10.1145/3575693.3575712},
  doi       = {10.1145/3575693.3575712},
}
@proceedings{DBLP:conf/asplos/2023-2,
  editor    = {Tor M. Aamodt and Natalie D. Enright Jerger and Michael M. Swift},
  title     = {Proceedings of the 28th {ACM} International Conference on Architectural
               Support for Programming Languages and Operating Systems, Volume 2, {ASPLOS}
               2023, Vancouver, BC, Canada, March 25-29, 2023},
  publisher = {{ACM}},
  year      = {2023},
  doi       = {10.1145/3575693},
}
"""


def test_dblp_crossref_is_resolved() -> None:
    """The paper inherits the proceedings' fields (other formats have no crossref); the
    proceedings are a record too, and BibTeX gets the crossref back as the file had it."""
    papers = read(DBLP_CROSSREF)
    assert papers.keys() == ["DBLP:conf/asplos/SongYJJKKL23", "DBLP:conf/asplos/2023-2"]
    assert papers[1].type is EntryType.BOOK
    assert ("@type", "proceedings") in {(v.name, v.value) for v in papers[1].extra}
    bib = plbib.dumps(papers, "bibtex")
    assert re.search(r"crossref *= \{DBLP:conf/asplos/2023-2\},", bib)
    assert bib.count("editor") == 1  # inherited, not written twice
    paper = papers[0]
    assert [e.display() for e in paper.editors] == [
        "Tor M. Aamodt", "Natalie D. Enright Jerger", "Michael M. Swift"]
    assert paper.venue == "ASPLOS" and paper.doi == "10.1145/3575693.3575712"
    assert paper.url is None  # only the DOI's resolver link
    assert paper.container_title is not None and paper.container_title.text == "ASPLOS (2)"


ACM = """
@inproceedings{10.1145/3485730.3485937,
author = {Xu, Huatao and Zhou, Pengfei and Tan, Rui and Li, Mo and Shen, Guobin},
title = {LIMU-BERT: Unleashing the Potential of Unlabeled Data for IMU Sensing Applications},
year = {2021},
publisher = {Association for Computing Machinery},
address = {New York, NY, USA},
url = {https://doi.org/10.1145/3485730.3485937},
doi = {10.1145/3485730.3485937},
booktitle = {Proceedings of the 19th ACM Conference on Embedded Networked Sensor Systems},
pages = {220–233},
numpages = {14},
keywords = {IMU, self-supervised learning},
location = {Coimbra, Portugal},
series = {SenSys '21}
}
"""


def test_acm_dl_export() -> None:
    papers = read(ACM)
    paper = papers[0]
    assert paper.key == "10.1145/3485730.3485937"
    assert paper.venue == "SenSys" and paper.event_place == "Coimbra, Portugal"
    assert str(paper.pages) == "220-233" and paper.url is None
    # keywords are keywords, not the list's section
    assert paper.section is None and paper.keywords == ("IMU", "self-supervised learning")
    assert not papers.warnings  # what the model has no place for is kept as written
    # the publisher's place and the series are typed (every format has them); ACM's
    # location beside them is the event's place
    assert (paper.publisher_place, paper.series) == ("New York, NY, USA", "SenSys '21")
    assert [(v.name, v.value) for v in paper.extra if v.name != "url"] == [
        ("location", "{Coimbra, Portugal}"), ("numpages", "{14}")]
    written = plbib.dumps(papers, "bibtex")  # the place once, as ACM wrote it
    assert "location   = {Coimbra, Portugal}," in written and "venue " not in written


IEEE = """
@INPROCEEDINGS{10071077,
  author={Zhou, Quan and Wang, Haiquan and Yu, Xiaoyan and Li, Cheng and Bai, Youhui and Yan, Feng and Xu, Yinlong},
  booktitle={2023 IEEE International Symposium on High-Performance Computer Architecture (HPCA)},
  title={MPress: Democratizing Billion-Scale Model Training on Multi-GPU Servers via Memory-Saving Inter-Operator Parallelism},
  year={2023},
  volume={},
  number={},
  pages={556-569},
  doi={10.1109/HPCA56546.2023.10071077}}
"""  # noqa: E501


def test_ieee_xplore_export() -> None:
    paper = one(IEEE)
    assert paper.key == "10071077" and paper.venue == "HPCA" and paper.volume is None
    assert paper.authors[-1] == Name(family="Xu", given="Yinlong")


ARXIV = """
@misc{frantar2022gptq,
      title={GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers},
      author={Elias Frantar and Saleh Ashkboos and Torsten Hoefler and Dan Alistarh},
      year={2022},
      eprint={2210.17323},
      archivePrefix={arXiv},
      primaryClass={cs.LG},
      url={https://arxiv.org/abs/2210.17323},
}
"""


def test_arxiv_export() -> None:
    papers = read(ARXIV)
    paper = papers[0]
    assert paper.type is EntryType.PREPRINT and paper.arxiv == "2210.17323"
    assert paper.venue == "arXiv"
    assert ("primaryclass", "{cs.LG}") in {(v.name, v.value) for v in paper.extra}


SCHOLAR = r"""
@inproceedings{yu2022orca,
  title={Orca: A distributed serving system for $\{$Transformer-Based$\}$ generative models},
  author={Yu, Gyeong-In and Jeong, Joo Seong and Kim, Geon-Woo and Kim, Soojeong and Chun, Byung-Gon},
  booktitle={16th USENIX Symposium on Operating Systems Design and Implementation (OSDI 22)},
  pages={521--538},
  year={2022}
}

@article{frantar2022gptq,
  title={Gptq: Accurate post-training quantization for generative pre-trained transformers},
  author={Frantar, Elias and Ashkboos, Saleh and Hoefler, Torsten and Alistarh, Dan},
  journal={arXiv preprint arXiv:2210.17323},
  year={2022}
}
"""  # noqa: E501


def test_google_scholar_export() -> None:
    orca, gptq = read(SCHOLAR)
    assert orca.title.protected_texts == ("Transformer-Based",)
    assert orca.venue == "OSDI" and len(orca.authors) == 5
    assert gptq.type is EntryType.PREPRINT and gptq.arxiv == "2210.17323"
    assert gptq.container_title is None and gptq.venue == "arXiv"


def test_hard_cases() -> None:
    papers = read(r"""
        @string{conf = "Proceedings of the "}
        @inproceedings{a, author = {{\"O}zt{\"u}rk, {\"O}mer and van der Berg, Jan and
                       Ludwig von Beethoven and von Neumann, Jr., John and {Google DeepMind}
                       and others},
          title = {{\LaTeX} for $O(n^2)$ {GPU}s \& {TPU}s},
          booktitle = conf # "Test Workshop", year = 2020, month = jul}
        @article{b, author = {OpenAI Team}, title = {B}, journal = {J}, year = {2021},
                 month = {September}}
        @article{c, author = {A, B}, title = {C}, journal = {J}, year = "2022", month = 3}
    """)
    a, b, c = papers
    assert a.authors == (
        Name(family="Öztürk", given="Ömer"), Name(family="Berg", given="Jan", particle="van der"),
        Name(family="Beethoven", given="Ludwig", particle="von"),
        Name(family="Neumann", given="John", particle="von", suffix="Jr."),
        Name(literal="Google DeepMind"))
    assert a.more_authors
    assert a.title.spans == (Span("LaTeX", True), Span(" for "), Span("O(n^2)", True, True),
                             Span(" "), Span("GPU", True), Span("s & "), Span("TPU", True),
                             Span("s"))
    assert a.container_title is not None
    assert a.container_title.text == "Proceedings of the Test Workshop"
    assert (a.month, b.month, c.month) == (7, 9, 3)
    assert b.authors == (Name(literal="OpenAI Team"),)
    assert any("organisation" in w.message and w.key == "b" for w in papers.warnings)


# --------------------------------------------------------------------- bad input

BROKEN = """\
@article{good1, author = {A, B}, title = {Good}, journal = {J}, year = 2020}

@article{bad,
  title = {unbalanced,
  year = 2020
}

@article{good1, author = {C, D}, title = {Again}, journal = {J}, year = 2021}
@dataset{data1, author = {E, F}, title = {D}, year = 2020}
@misc{macro, title = undefinedmacro, year = 2020}
@article{good2, author = {G, H}, title = {Fine}, journal = {J}, year = 2022}
"""


def test_bad_entries_are_errors_with_lines_and_keys() -> None:
    with pytest.raises(ValidationFailed) as info:
        plbib.loads(BROKEN, "bibtex", file="broken.bib")
    problems = [(type(p).__name__, p.line, p.key) for p in info.value.problems
                if p.severity is Severity.ERROR]
    assert problems == [("SyntaxProblem", 3, "bad")]
    assert all(p.file == "broken.bib" for p in info.value.problems)
    # a key an earlier entry has: bibtex and biber read the first; the later one is kept
    # under a key of its own, with a warning
    assert ("DuplicateError", 8, "good1b") in [
        (type(p).__name__, p.line, p.key) for p in info.value.problems
        if p.severity is Severity.WARNING]
    # an entry type plbib has no kind for, a macro the file does not define: kept as
    # written (a style may define the macro), with a warning for the macro
    warnings = [(type(p).__name__, p.line, p.key, p.field) for p in info.value.problems
                if p.severity is Severity.WARNING]
    assert ("InvalidValueError", 10, "macro", "title") in warnings


@given(records())
def test_the_plain_date_shortcut_writes_what_the_date_type_writes(record: Record) -> None:
    """The writer writes a year, or a month of it, without making a Date: BibLaTeX's
    ``date`` is the Date's text all the same, and BibTeX gives ``date`` beside ``year``
    exactly where the Date says more than them."""
    registry = plbib.load_venues()
    issued = record.issued
    _, biblatex = writer.written(record, writer.WriteOptions(biblatex=True), registry)
    _, bibtex = writer.written(record, writer.WriteOptions(biblatex=False), registry)
    if issued is None:
        assert "date" not in biblatex and "date" not in bibtex
        return
    assert biblatex["date"] == "{" + str(issued) + "}"
    says_more = str(issued) != str(Date(issued.year, issued.month)) or issued.year < 0
    assert bibtex.get("date") == ("{" + str(issued) + "}" if says_more else None)


@given(st.text(alphabet="0123456789-/~?%.uX T:", max_size=24))
@example("0001").via("found: a year before 1000 was written as no year")
@example("00000").via("found: a five-digit date read as its first four")
@example("0000").via("1 BC")
def test_any_date_comes_back_as_written(value: str) -> None:
    """Whatever a ``date`` holds (EDTF, a range, an era, a time, garbage): read without an
    exception, and written back by the BibTeX and BibLaTeX exports as the file had it."""
    text = f"@misc{{k, title = {{T}}, date = {{{value}}}}}\n"
    papers = plbib.loads(text, "bibtex", lenient=True)
    for dialect in ("bibtex", "biblatex"):
        written = plbib.dumps(papers, dialect)
        dates = [date.strip() for date in re.findall(r"^  date += \{(.*)\},$", written, re.M)]
        # BibTeX gives a year (and month) as year (and month), and nothing else as them
        said_by_year = dialect == "bibtex" and re.fullmatch(r"\d{4}(-\d\d)?", value.strip())
        if value.strip() and not (said_by_year and not dates):
            assert dates == [value.strip()], dialect  # (white space around it aside)
        assert list(plbib.loads(written, "bibtex", lenient=True)) == list(papers)


@pytest.mark.parametrize(("year", "read"), [("800", 800), ("1", 1), ("0800", 800),
                                            ("2024", 2024)])
def test_a_year_before_1000_is_a_year(year: str, read: int) -> None:
    """``year = {800}`` (bibtex has no padding) is the year 800, and the export's
    ``year = {800}`` reads back as it (it was refused as no year: found by the property
    test above)."""
    papers = plbib.loads(f"@misc{{k, title = {{T}}, year = {{{year}}}}}\n", "bibtex")
    assert papers[0].year == read and not papers.warnings
    assert list(plbib.loads(plbib.dumps(papers, "bibtex"), "bibtex")) == list(papers)


def test_keys_that_differ_only_in_case_are_read_each_under_a_key_of_its_own() -> None:
    """bibtex takes ``Chen_2017`` and ``chen_2017`` for one key (biber does not): the
    later entry is read under a key of its own, with a warning naming both, as an exact
    repeat is; every entry's fields come back."""
    text = ("@misc{chen_2017, title = {A}}\n@misc{Chen_2017, title = {B}}\n"
            "@misc{chen_2017, title = {C}}\n@misc{other, title = {D}}\n")
    papers = plbib.loads(text, "bibtex")
    assert [(r.key, r.title.text) for r in papers] == [
        ("chen_2017", "A"), ("Chen_2017c", "B"), ("chen_2017b", "C"), ("other", "D")]
    assert [(p.line, p.key, p.severity) for p in papers.warnings] == [
        (2, "Chen_2017c", Severity.WARNING), (3, "chen_2017b", Severity.WARNING)]
    assert "differs from an earlier entry's only in case" in str(papers.warnings[0])
    assert "is used by an earlier entry" in str(papers.warnings[1])


def test_bibtexparser_messages_stay_off_stderr_and_reads_add_no_log_handlers(
        capfd: pytest.CaptureFixture[str]) -> None:
    """plbib reports broken blocks itself; bibtexparser's own log lines must not reach
    stderr, and reading must not add a logging handler each time (they piled up)."""
    handlers = len(logging.getLogger("bibtexparser").handlers)
    for _ in range(3):
        plbib.loads(BROKEN, "bibtex", lenient=True)
    assert len(logging.getLogger("bibtexparser").handlers) == handlers
    assert capfd.readouterr().err == ""


def test_lenient_mode_keeps_the_good_entries_and_reports_the_rest() -> None:
    papers = plbib.loads(BROKEN, "bibtex", file="broken.bib", lenient=True)
    assert papers.keys() == ["good1", "good1b", "data1", "macro", "good2"]
    assert papers.by_key("good1b").title.text == "Again"
    kinds = {type(p) for p in papers.warnings}
    assert {SyntaxProblem, DuplicateError} <= kinds
    assert len([p for p in papers.warnings if p.severity is Severity.ERROR]) == 1
    written = plbib.dumps(papers, "bibtex")
    assert "@dataset{data1," in written and "title = undefinedmacro," in written


def test_invalid_values_use_the_canonical_checks() -> None:
    """A value the canonical checks refuse is kept as written for BibTeX, with a warning
    naming key, field and line; the typed field stays empty."""
    papers = read("""
            @article{x, author = {A, B}, title = {T}, journal = {J}, year = {2020},
                     doi = {not-a-doi}}
        """)
    (problem,) = [p for p in papers.warnings if p.field == "doi"]
    assert (problem.key, problem.field, problem.line, problem.severity) == (
        "x", "doi", 3, Severity.WARNING)
    assert "not-a-doi" in problem.message and "kept as written" in problem.message
    assert papers[0].doi is None
    assert papers[0].extra == (plbib.Verbatim("bibtex", "doi", "{not-a-doi}"),)
    assert "doi     = {not-a-doi}," in plbib.dumps(papers, "bibtex")


def test_an_unreadable_value_is_reported_once() -> None:
    papers = read("@article{a, author = {X, Y}, title = {T}, journal = {J}, year = 20202}")
    assert [(p.field, p.message) for p in papers.warnings if p.field == "year"] == [
        ("year", "the year '20202' is not a year; kept as written")]
    assert papers[0].extra == (plbib.Verbatim("bibtex", "year", "{20202}"),)


def test_characters_with_a_singleton_decomposition_survive() -> None:
    """U+212B ANGSTROM SIGN decomposes to A + ring, which reads back as U+00C5: such a
    character is written as it is (found by hypothesis)."""
    from plbib import latex

    assert latex.decode(latex.encode("\u212b")) == "\u212b"


def test_family_name_starting_with_a_caseless_word_round_trips() -> None:
    """"© 0" as a family name: without braces BibTeX's von rule splits it (hypothesis)."""
    name = Name(family="© 0", given="0")
    record = plbib.load()[0].replace(editors=(name,))
    assert plbib.loads(plbib.dumps([record], "bibtex"), "bibtex")[0].editors == (name,)


@given(st.text(alphabet="-'`a 1", max_size=16))
def test_ligature_shortcut_decodes_as_the_tokenizer_does(source: str) -> None:
    """decode() replaces dash and quote ligatures without tokenising when nothing else
    needs decoding; it must read them as the tokenizer does."""
    assert decode(source) == latex._collapse(latex._Decoder(source).text())


@given(st.text(alphabet=" \t\n\r\f\v\u00a0ab", max_size=12))
def test_whitespace_folding_is_bibtexs(text: str) -> None:
    """Runs of ordinary white space become one space and the ends are trimmed; the no-break
    space (from ~) is kept. (_collapse skips the regex when there is nothing to fold.)"""
    assert latex._collapse(text) == re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(" ")


@given(st.lists(st.sampled_from([" ", "\t", "\n", "\u00a0", "and", "AND", "x", "{", "}", "~",
                                 "others"]), max_size=14).map("".join))
def test_name_list_parts_need_no_strip(raw: str) -> None:
    """The ' and ' separator takes the white space around it, so split_names does not strip
    its parts; this holds it to splitting and stripping."""
    parts = bibtex_names._split_top_level(raw.strip(), bibtex_names._AND)
    assert bibtex_names.split_names(raw) == [p.strip() for p in parts if p.strip()]


_GIVEN_WORDS = st.sampled_from(["Jan", "Anna", "J.", "Marie-Claire", "Li", "jean", "Seong"])
_FAMILY_WORDS = st.sampled_from(["Berg", "Yu", "Fontaine", "Smith", "Xu", "fontaine"])
_PARTICLES = st.sampled_from(["van", "der", "de", "la", "von", "di"])
#: prints each author's First|von|Last|Jr parts as bibtex's format.name$ splits them
_PARTS_BST = """ENTRY { author } {} {}
FUNCTION {misc} { author #1 "{ff}|{vv}|{ll}|{jj}" format.name$ write$ newline$ }
READ
ITERATE {misc}
"""


@st.composite
def _plain_names(draw: st.DrawFn) -> str:
    first = " ".join(draw(st.lists(_GIVEN_WORDS, max_size=2)))
    last = " ".join(draw(st.lists(_PARTICLES, max_size=2))
                    + draw(st.lists(_FAMILY_WORDS, min_size=1, max_size=2)))
    suffix = draw(st.sampled_from(["", "Jr.", "III"]))
    form = draw(st.sampled_from(["first last", "last, first", "last, jr, first"]))
    if form == "first last" or not first:  # "Berg, " is an error to BibTeX
        return f"{first} {last}".strip()
    return f"{last}, {suffix}, {first}" if form == "last, jr, first" and suffix \
        else f"{last}, {first}"


@settings(max_examples=40)
@given(st.lists(_plain_names(), min_size=1, max_size=25))
def test_names_are_split_as_bibtex_splits_them(tmp_path_factory: pytest.TempPathFactory,
                                               raw_names: list[str]) -> None:
    """BibTeX's name grammar (First von Last; von Last, First; von Last, Jr, First): plbib's
    reader gives the parts that bibtex's own ``format.name$`` gives (bibtexparser's
    splitter is no reference here: it reads "van Berg" as First "van")."""
    need(shutil.which("bibtex") is not None, "bibtex is not installed")
    work = tmp_path_factory.mktemp("names")
    (work / "parts.bst").write_text(_PARTS_BST)
    (work / "names.bib").write_text("".join(
        f"@misc{{n{i}, author = {{{raw}}}}}\n" for i, raw in enumerate(raw_names)))
    (work / "names.aux").write_text("\\relax\n\\bibstyle{parts}\n\\bibdata{names}\n"
                                    "\\citation{*}\n")
    subprocess.run(["bibtex", "-terse", "names"], cwd=work, check=True, capture_output=True)
    expected = [tuple(p.replace("~", " ") for p in line.split("|"))
                for line in (work / "names.bbl").read_text().splitlines() if line]
    for raw, parts in zip(raw_names, expected, strict=True):
        names, more, _ = bibtex_names.parse_names(raw)
        assert not more and len(names) == 1, raw
        name = names[0]
        assert (name.given, name.particle, name.family, name.suffix) == parts, raw


DBLP_CORR = r"""
@article{DBLP:journals/corr/abs-2210-17323,
  author       = {Elias Frantar and Saleh Ashkboos and Torsten Hoefler and Dan Alistarh},
  title        = {{GPTQ:} Accurate Post-Training Quantization for Generative Pre-trained
                  Transformers},
  journal      = {CoRR},
  volume       = {abs/2210.17323},
  year         = {2022},
  url          = {https://doi.org/10.48550/arXiv.2210.17323},
  doi          = {10.48550/ARXIV.2210.17323},
  timestamp    = {Fri, 04 Nov 2022 14:44:30 +0100},
  biburl       = {https://dblp.org/rec/journals/corr/abs-2210-17323.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
"""


@pytest.mark.parametrize("eprint", ["", "  eprinttype = {arXiv},\n  eprint = {2210.17323},\n"])
@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_a_dblp_corr_entry_is_an_arxiv_eprint_without_a_volume(eprint: str) -> None:
    """DBLP writes arXiv papers as CoRR articles whose "volume" is abs/<id>: that is the
    arXiv id, not a volume, for the typed record (CSL-JSON, RIS, the YAML). BibTeX and
    BibLaTeX get DBLP's entry back as it was, the eprint fields added."""
    text = DBLP_CORR.replace("  year ", eprint + "  year ")
    record = plbib.loads(text, "bibtex", drop_dblp=True)[0]
    assert (record.type, record.venue, record.arxiv, record.volume) == (
        EntryType.PREPRINT, "arXiv", "2210.17323", None)
    assert plbib.dumps([record], "csljson").count("abs/") == 0
    biblatex = plbib.dumps([record], "biblatex")
    fields = dict(re.findall(r"^  (\w+) *= (.*),$", biblatex, re.M))
    assert fields["eprint"] == "{2210.17323}" and fields["eprinttype"].lower() == "{arxiv}"
    assert fields["journal"] == "{CoRR}" and fields["volume"] == "{abs/2210.17323}"
    assert biblatex.count("@article{") == 1


@given(bibliographic_records())
def test_the_reader_knows_every_field_the_writer_writes(record: Record) -> None:
    """The reader stops comparing an entry with the writer's variants once what is left
    is no field any variant writes (writer.WRITABLE): that set must hold every field the
    writer writes, in BibTeX and in BibLaTeX."""
    from plbib.formats.bibtex import writer

    registry = plbib.load_venues()
    for options in (writer.WriteOptions(), writer.WriteOptions(biblatex=True)):
        assert {name for name, _, _ in writer._typed_fields(record, options, registry)} \
            <= writer.WRITABLE


@given(st.text(alphabet=st.sampled_from("crosefCROSEF xİ\n{}"), max_size=60),
       st.integers(min_value=1, max_value=12))
def test_a_word_is_found_in_any_case_piece_by_piece_as_in_the_whole_text(
        text: str, chunk: int) -> None:
    """reader._mentions (the crossref check, without a lower-case copy of the file) is
    ``word in text.lower()``, wherever the pieces part."""
    from plbib.formats.bibtex.reader import _mentions

    assert _mentions(text, "crossref", chunk) == ("crossref" in text.lower())
    assert _mentions(text, "ref", chunk) == ("ref" in text.lower())


def test_the_lines_of_problems_are_found_after_the_entries_are_let_go(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader keeps only each entry's field names and lines (bibtexparser's entries
    are freed as read): a problem found in the validation still names its field's line,
    the last of a field given twice among those read."""
    text = ("@misc{a,\n  title = {T},\n  year = {2020},\n}\n\n"
            "@misc{b,\n  title = {U},\n\n  year = {20x0},\n  note = {n},\n}\n")
    import gc

    from bibtexparser.model import Entry

    def entries_alive() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, Entry))

    from plbib.formats.bibtex import reader

    validate = reader.validation.validate
    during: list[int] = []

    def counting(*args: object, **kwargs: object) -> plbib.PaperList:
        during.append(entries_alive())  # the drafts are made: no entry is needed now
        return validate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reader.validation, "validate", counting)
    before = entries_alive()
    papers = bibtex.read(text, lenient=True, venues=plbib.load_venues())
    assert during == [before]
    year = next(p for p in papers.warnings if p.key == "b" and p.field == "year")
    assert year.line == 9


def test_howpublished_is_the_publisher_where_the_entry_names_none() -> None:
    """citation-js's rule: a ``howpublished`` that is not a URL is the publisher of an
    entry without one (CSL-JSON and RIS get it); the BibTeX export gives the field back as
    it was and does not write the publisher again. plbib's own ``arXiv:…`` for ``plain``
    and a URL are no publisher; beside a publisher it stays verbatim only."""
    text = ("@booklet{a, title = {T}, howpublished = {Vernier Art Center}, year = 1985}\n"
            "@misc{b, title = {U}, howpublished = {www.example.org/x}, year = 2020}\n"
            "@misc{c, title = {V}, eprint = {2101.00001}, archiveprefix = {arXiv},\n"
            "  howpublished = {arXiv:2101.00001}, year = 2021}\n"
            "@book{d, title = {W}, publisher = {P}, howpublished = {By hand}, year = 2020}\n")
    papers = plbib.loads(text, "bibtex")
    assert [r.publisher for r in papers] == ["Vernier Art Center", None, None, "P"]
    with pytest.warns(plbib.PlbibWarning, match="bibtex howpublished"):  # kept for BibTeX
        assert plbib.dumps(papers, "csljson").count('"publisher"') == 2
    with pytest.warns(plbib.PlbibWarning, match="bibtex howpublished"):
        assert "PB  - Vernier Art Center" in plbib.dumps(papers, "ris")
    again = plbib.dumps(papers, "bibtex")
    assert "howpublished = {Vernier Art Center}" in again
    assert "publisher    = {Vernier Art Center}" not in again
    assert "howpublished = {By hand}" in again and "publisher    = {P}" in again
    assert list(plbib.loads(again, "bibtex")) == list(papers)


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # e's @type: kept for BibTeX
def test_a_thesis_or_report_type_key_is_the_genre_biblatex_prints() -> None:
    """biblatex's localisation keys in ``type`` (``mathesis``, ``resreport``, ``patentus``)
    are what biblatex prints for them, as pandoc reads them into CSL's genre (a style
    printing the genre would print ``mathesis``); the type's default (``phdthesis`` on a
    thesis) is no genre; BibTeX's @mastersthesis is a Master's thesis. The BibLaTeX export
    writes the keys back, the BibTeX export what bibtex should print (@mastersthesis)."""
    text = ("@mastersthesis{a, author = {A, B}, title = {T}, school = {S}, year = 1990}\n"
            "@thesis{b, author = {A, B}, title = {T}, institution = {S}, year = 1990,\n"
            "  type = {mathesis}}\n"
            "@thesis{c, author = {A, B}, title = {T}, institution = {S}, year = 1990,\n"
            "  type = {phdthesis}}\n"
            "@report{d, author = {A, B}, title = {T}, institution = {S}, year = 1990,\n"
            "  type = {resreport}}\n"
            "@mastersthesis{e, author = {A, B}, title = {T}, school = {S}, year = 1990,\n"
            "  type = {Master's project}}\n")
    papers = plbib.loads(text, "bibtex")
    assert [r.genre for r in papers] == ["Master's thesis", "Master's thesis", None,
                                         "research report", "Master's project"]
    assert [v.value for v in papers.by_key("e").extra] == ["mastersthesis"]  # its @type
    # a thesis without a genre is a PhD thesis, and its CSL item says so
    assert [item.get("genre") for item in json.loads(plbib.dumps(papers, "csljson"))] == [
        "Master's thesis", "Master's thesis", "PhD thesis", "research report",
        "Master's project"]
    bibtex = plbib.dumps(papers, "bibtex")
    assert bibtex.count("@mastersthesis{") == 3 and "type   = {Master's project}" in bibtex
    assert "type        = {research report}" in bibtex and "mathesis" not in bibtex
    biblatex = plbib.dumps(papers, "bibtex", biblatex=True)
    assert biblatex.count("type        = {mathesis}") == 2
    assert "type        = {phdthesis}" in biblatex and "{resreport}" in biblatex
    for written in (bibtex, biblatex):
        assert list(plbib.loads(written, "bibtex")) == list(papers)
    # a genre that is the default's term is written as words, not as the default's key
    thesis = papers.by_key("c").replace(genre="PhD thesis")
    again = plbib.loads(plbib.dumps([thesis], "bibtex", biblatex=True), "bibtex")
    assert again[0].genre == "PhD thesis"


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")
def test_a_quoted_value_whose_braces_do_not_balance_stays_quoted() -> None:
    """bibtexparser reads ``"…: {"`` (TeX Live's frankenstein.bib has one); written back
    braced, it would swallow the entries after it. It is kept quoted, with a warning."""
    text = ('@misc{a,\n  title = {T},\n  year = 2000,\n  annotation = "Says: {"\n}\n\n'
            "@misc{b, title = {U}, year = 2001}\n")
    papers = plbib.loads(text, "bibtex")
    assert [v.value for v in papers[0].extra] == ['"Says: {"']
    again = plbib.loads(plbib.dumps(papers, "bibtex"), "bibtex")
    assert [r.key for r in again] == ["a", "b"] and list(again) == list(papers)


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_biblatex_extended_names_are_typed_and_kept_as_written() -> None:
    """biblatex's extended name format (Better BibLaTeX writes it for every name with a
    particle): the parts are typed (CSL-JSON gets the particle), a name-list option is no
    name, and the list comes back as written (``useprefix`` has no typed place)."""
    text = ("@book{a, title = {T}, year = 2016, author = {family=Oord, given=Aaron, "
            "prefix=van den, useprefix=true and Dieleman, Sander},\n"
            "  editor = {nosortothers=true and given=Simon, family=Beumont, prefix=de and "
            '"family={Robert and Sons, Inc.}"},\n'
            "  translator = {family=Stevenson, given=Adlai E., suffix=III, juniorcomma=true}}\n")
    papers = plbib.loads(text, "bibtex")
    (record,) = papers
    assert record.authors == (Name(family="Oord", given="Aaron", particle="van den"),
                              Name(family="Dieleman", given="Sander"))
    assert record.editors == (Name(family="Beumont", given="Simon", particle="de"),
                              Name(family="Robert and Sons, Inc."))
    assert record.translators == (Name(family="Stevenson", given="Adlai E.", suffix="III"),)
    item = json.loads(plbib.dumps(papers, "csljson"))[0]
    assert item["author"][0] == {"family": "Oord", "given": "Aaron",
                                 "non-dropping-particle": "van den"}
    for biblatex in (False, True):
        again = plbib.dumps(papers, "bibtex", biblatex=biblatex)
        assert "{family=Oord, given=Aaron, prefix=van den, useprefix=true and" in again
        assert "juniorcomma=true" in again and "nosortothers=true and" in again
        assert list(plbib.loads(again, "bibtex")) == list(papers)


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_names_the_writer_would_spell_otherwise_come_back_as_written() -> None:
    """Better BibTeX's and other real exports: ``|`` (the writer writes ``\\textbar{}``),
    a name with an empty part (``Weilbach,``, ``, David``), too many commas (``Miller, D.,
    Firby, J.``: an "and" missing, which bibtex reports too): each list is kept as written;
    the last is also a warning."""
    text = ("@misc{a, title = {T}, year = 2000, author = {Kripke, Saul | Camus, Albert}}\n"
            "@misc{b, title = {U}, year = 2000, author = {Weilbach,}}\n"
            "@misc{c, title = {V}, year = 2000, author = {Hobson, Paul and , David}}\n"
            "@misc{d, title = {W}, year = 2000, author = {Miller, D., Firby, J. and Dean, T.}}\n")
    papers = plbib.loads(text, "bibtex")
    written = plbib.dumps(papers, "bibtex")
    for source in ("Kripke, Saul | Camus, Albert", "{Weilbach,}", "Hobson, Paul and , David",
                   "Miller, D., Firby, J. and Dean, T."):
        assert source in written
    assert any("too many commas" in w.message and w.key == "d" for w in papers.warnings)
    assert list(plbib.loads(written, "bibtex")) == list(papers)


def test_an_entry_without_a_key_gets_the_key_rules_and_years_are_any_years() -> None:
    """Mendeley writes ``@article{,``: the entry gets the key rule's key with a warning
    (as the CSL-JSON and RIS readers give an item without an id one), its other problems
    under that key; a year before 1800 (Augustine printed in 1486) is a year."""
    text = ("@book{,\n  author = {Augustinus, Aurelius},\n  title = {De civitate dei},\n"
            "  date = {1486/1487},\n  journal = {Unknown Journal}\n}\n"
            "@misc{augustinus1486de, title = {Other}, year = 2000}\n")
    papers = plbib.loads(text, "bibtex")
    made, _ = papers
    assert made.key == "augustinus1486deb" and (made.year, made.date_end) == (
        1486, plbib.Date(1487))
    assert {w.key for w in papers.warnings if w.line in (1, 2)} <= {made.key}
    assert any(w.field == "key" and "no key" in w.message for w in papers.warnings)


def test_a_lowercase_hyphenated_family_name_is_kept_as_written_with_a_warning() -> None:
    """bibtex parts words at a hyphen outside braces: ``author-1`` is to it a von part and a
    family name. plbib reads one family name, warns, and keeps the list as written; DBLP's
    braced ``{-}`` parts nothing."""
    text = ("@misc{a, title = {T}, year = 2000, author = {author-1}}\n"
            "@misc{b, title = {U}, year = 2000, author = {Florence d'Alch{\\'{e}}{-}Buc}}\n")
    papers = plbib.loads(text, "bibtex")
    assert [w.key for w in papers.warnings if "parts words at hyphens" in w.message] == ["a"]
    assert "author = {author-1}" in plbib.dumps(papers, "bibtex")


@given(st.text(alphabet="{}a", max_size=12))
def test_the_brace_balance_check_is_a_walk_over_the_text(text: str) -> None:
    from plbib.formats.bibtex.values import _balanced

    depths = [0]
    for char in text:
        depths.append(depths[-1] + (char == "{") - (char == "}"))
    assert _balanced(text) == (min(depths) >= 0 and depths[-1] == 0)


def test_a_howpublished_url_plbib_cannot_read_is_kept_as_written() -> None:
    """``howpublished = {http}`` is read as a URL (it starts with http), which the checks
    refuse: a warning, and the field comes back as written, not a refused entry (found by
    the any-entry property test of tests/test_nothing_lost.py)."""
    papers = plbib.loads("@article{k0, title = {T}, howpublished = {http}}\n", "bibtex")
    assert papers[0].url is None
    assert any(w.field == "url" and "kept as written" in w.message for w in papers.warnings)
    assert "howpublished = {http}" in plbib.dumps(papers, "bibtex")
