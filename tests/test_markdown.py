"""The Markdown list: writing as the seed does, reading the dialects people write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given

import plbib
from conftest import need, shared_dir
from plbib import EntryType, Record, Span, Title
from plbib.formats import markdown
from strategies import bibliographic_lists

SEED_LINE = re.compile(r"^\[(?P<tag>[^\]]+)\] \[(?P<title>.+)\]\((?P<link>[^)]+)\),?\s*"
                       r"(?P<affiliation>.*?)\s*(?:</br>)?\s*$")


def _seed() -> Path:
    path = shared_dir() / "seed" / "paper-list.md"
    need(path.is_file(), f"the seed list is not at {path}")
    return path


#: what the bundled list's introduction adds to the seed's: the final version's notice
FINAL_NOTICE = "This is the list's final version: its authors no longer maintain it upstream."


def _with_notice(seed_intro: str) -> str:
    heading, rest = seed_intro.split("\n\n", 1)
    return f"{heading}\n\n{FINAL_NOTICE}\n\n{rest}"


def _tag(record: Record, papers: plbib.PaperList) -> str:
    assert papers.venues is not None and record.venue is not None
    venue = papers.venues.get(record.venue)
    assert venue is not None
    return venue.list_tag(record.year)


# --------------------------------------------------------------------- reading the seed


def test_seed_imports_to_its_fourteen_papers() -> None:
    path = _seed()
    papers = plbib.read(path)
    expected = []
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        match = SEED_LINE.match(line)
        if match:
            expected.append((section, match["tag"], match["title"], match["link"],
                             " ".join(match["affiliation"].split())))
    assert len(expected) == 14 == len(papers)
    got = [(r.section, _tag(r, papers), r.title.text, r.link, r.affiliation) for r in papers]
    assert got == expected
    assert list(papers.sections) == ["Model", "Input", "Inference engine", "Training Engine",
                                     "Compiler", "Hardware"]
    # the introduction comes along too (the bundled list's adds the final version's notice)
    assert papers.intro is not None and _with_notice(papers.intro) == plbib.load().intro
    # the link is recognised: DOIs from ACM pages
    assert papers[9].doi == "10.1145/3567955.3567959"
    # no authors in a list: every record is read, and says it is incomplete
    assert all(any(w.key == r.key and "authors" in w.message for w in papers.warnings)
               for r in papers)


def test_import_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    from plbib.cli import main

    assert main(["import", str(_seed())]) == 0
    assert "read 14 record(s), skipped 0, doubtful 14" in capsys.readouterr().err


# --------------------------------------------------------------------- dialects

DIALECTS = """# Awesome Efficient LLM :rocket:

News: 🔥 We added 20 papers (2024-05-01)!

Example: [Conference'year] [Title](doi), First-author Affiliation

## Serving

- [OSDI 2022] [Orca: A Distributed Serving System](https://www.usenix.org/conference/osdi22/presentation/yu), Seoul National University <br>
- [EuroSys '24] [Aceso: Efficient Parallel DNN Training](https://dl.acm.org/doi/10.1145/3627703.3629554) [[Code]](https://github.com/x/aceso) Peking University
* OSDI'22 [PetS: A Unified Framework](https://www.usenix.org/system/files/atc22-zhou-zhe.pdf), Peking University </br
- [FlashAttention: Fast and Memory-Efficient Exact Attention](https://arxiv.org/abs/2205.14135) (NeurIPS'22, Best Paper), Stanford
- [NeurIPS'23 Spotlight] [QLoRA](https://arxiv.org/abs/2305.14314): Efficient Finetuning of Quantized LLMs, University of Washington
  - [arxiv'23] [EFFICIENT STREAMING LANGUAGE MODELS WITH ATTENTION SINKS](https://arxiv.org/pdf/2309.17453.pdf), MIT
- [ICML'23 workshop] ⭐ [Some Title](https://openreview.net/forum?id=abc123),
  Massachusetts Institute of Technology
<!-- [OSDI'21] [Commented Out](https://example.org/x.pdf), Nowhere -->
<!--
[OSDI'20] [Also Commented](https://example.org/y.pdf), Nowhere
-->
**Compression**

### Quantization

[ISCA'23] [Title With \\*Stars\\* and \\[Brackets\\]](https://doi.org/10.1145/3579371.3589038) Google
[axriv'23] [Typo venue tag paper](https://arxiv.org/abs/2301.00001)
[XYZ'23] [Unknown venue](https://example.org/paper.pdf), Somewhere
[OSDI'22] Orca without a link, Seoul National University
[OSDI 22!] [Bad tag](https://example.org/z.pdf), Here
"""


@pytest.fixture(scope="module")
def dialects() -> plbib.PaperList:
    return plbib.loads(DIALECTS, "markdown", file="list.md")


def _by_title(papers: plbib.PaperList, start: str) -> Record:
    return next(r for r in papers if r.title.text.startswith(start))


def test_tags_in_every_form(dialects: plbib.PaperList) -> None:
    assert _tag(_by_title(dialects, "Orca"), dialects) == "OSDI'22"  # [OSDI 2022]
    assert _tag(_by_title(dialects, "Aceso"), dialects) == "EuroSys'24"  # [EuroSys '24]
    assert _tag(_by_title(dialects, "PetS"), dialects) == "OSDI'22"  # bare OSDI'22
    flash = _by_title(dialects, "FlashAttention")  # tag after the title, with a qualifier
    assert _tag(flash, dialects) == "NeurIPS'22" and flash.note == "Best Paper"
    assert _by_title(dialects, "Some Title").note == "workshop"


def test_titles_links_and_affiliations(dialects: plbib.PaperList) -> None:
    qlora = _by_title(dialects, "QLoRA")  # short name linked, rest after the link
    assert qlora.title.text == "QLoRA: Efficient Finetuning of Quantized LLMs"
    assert qlora.affiliation == "University of Washington" and qlora.arxiv == "2305.14314"
    aceso = _by_title(dialects, "Aceso")  # extra [[Code]] link, no comma
    assert aceso.code == "https://github.com/x/aceso" and aceso.affiliation == "Peking University"
    assert aceso.doi == "10.1145/3627703.3629554"
    wrapped = _by_title(dialects, "Some Title")  # affiliation on the next line, emoji
    assert wrapped.affiliation == "Massachusetts Institute of Technology"
    assert _by_title(dialects, "Title With *Stars* and [Brackets]").affiliation == "Google"
    sinks = _by_title(dialects, "EFFICIENT STREAMING")  # nested bullet, arxiv tag
    assert sinks.type is EntryType.PREPRINT and sinks.arxiv == "2309.17453"
    assert _by_title(dialects, "Typo venue").venue == "arXiv"  # "axriv"
    unlinked = _by_title(dialects, "Orca without")  # a title without a link
    assert (unlinked.title.text, unlinked.link, unlinked.affiliation) == (
        "Orca without a link", None, "Seoul National University")


def test_sections_comments_templates_and_news(dialects: plbib.PaperList) -> None:
    assert _by_title(dialects, "Orca").section == "Serving"
    assert _by_title(dialects, "Typo venue").section == "Quantization"
    assert "Compression" in dialects.sections  # a bold pseudo-heading
    titles = [r.title.text for r in dialects]
    assert not any("Commented" in t for t in titles)
    assert not any("Conference'year" in t or "News" in t for t in titles)
    assert len(dialects) == 11


def test_every_unreadable_paper_line_is_reported(dialects: plbib.PaperList) -> None:
    errors = {(w.line, w.message.split(": ", 1)[-1]) for w in dialects.warnings
              if w.severity.value == "error"}
    assert {line for line, _ in errors} == {29}
    warnings = [w for w in dialects.warnings if w.severity.value == "warning"]
    assert any(w.line == 27 and "not in the registry" in w.message for w in warnings)
    assert any("capitals" in w.message for w in warnings)
    assert all(w.file == "list.md" for w in dialects.warnings)


def test_strict_reading_stops_on_unreadable_lines() -> None:
    with pytest.raises(plbib.ValidationFailed) as failed:
        plbib.loads(DIALECTS, "markdown", lenient=False)
    assert {p.line for p in failed.value.problems if p.severity.value == "error"} == {29}


# --------------------------------------------------------------------- writing


def test_writes_the_seed_layout() -> None:
    papers = plbib.load()
    text = plbib.dumps(papers, "markdown")
    seed = _seed().read_text(encoding="utf-8")
    intro = _with_notice(seed[:seed.index("## Model")])
    assert text.startswith(intro + "## Model\n\n[ICLR'23] [OPTQ: Accurate Quantization")
    assert "## Compiler\n\n## Hardware\n" in text  # empty sections kept
    orca = ("[OSDI'22] [Orca: A Distributed Serving System for Transformer-Based Generative "
            "Models](https://www.usenix.org/system/files/osdi22-yu.pdf), Seoul National "
            "University </br>")
    assert orca in text.splitlines()


def test_bullets_and_extra_links() -> None:
    papers = plbib.load()
    text = plbib.dumps(papers, "markdown", bullets=True, extra_links=True)
    line = next(x for x in text.splitlines() if "Optimus-CC" in x)
    assert line.startswith("- [ASPLOS'23] [Optimus-CC")
    # its link is the ACM page, so the DOI gets a link of its own
    assert "[[DOI]](https://doi.org/10.1145/3575693.3575712)" in line
    orca = next(x for x in text.splitlines() if "Orca" in x)
    assert "[[DOI]](https://doi.org/" not in orca  # Orca has no DOI
    gptq = next(x for x in text.splitlines() if "OPTQ" in x)
    assert "[[Code]](https://github.com/IST-DASLab/gptq)" in gptq


def test_titles_cannot_break_the_line() -> None:
    evil = plbib.load().by_key("yu2022orca").replace(
        title=Title((Span("A](javascript:alert(1)) *b* _i_ `c` <script> [x]"),)),
        affiliation="Evil](http://x) Lab")
    line = markdown.paper_line(evil, plbib.load_venues())
    assert "](javascript" not in line.replace("\\](javascript", "")
    assert "<script>" not in line and "\\<script\\>" in line
    back = plbib.loads("## S\n\n" + line, "markdown")[0]
    assert back.title.text == evil.title.text and back.affiliation == evil.affiliation


def _projection(record: Record, papers_venues: plbib.VenueRegistry) -> tuple[object, ...]:
    venue = papers_venues.get(record.venue) if record.venue else None
    return (record.section, venue.list_tag(record.year) if venue else record.year,
            record.title.text, markdown.link_of(record), record.affiliation)


def test_bundled_round_trip() -> None:
    papers = plbib.load()
    back = plbib.loads(plbib.dumps(papers, "markdown"), "markdown")
    registry = plbib.load_venues()
    assert [_projection(r, registry) for r in back] == [_projection(r, registry)
                                                        for r in papers]
    assert list(back.sections) == list(papers.sections)


@given(bibliographic_lists())
def test_round_trip_property(records: list[Record]) -> None:
    """What a list line holds (section, tag, title, link, affiliation) comes back."""
    registry = plbib.load_venues()
    # a tag holds two digits of the year: the years a list of this century holds; emoji and
    # :shortcodes: are decoration the reader drops (docs/markdown.md)
    records = [r.replace(year=2000 + r.year % 26) for r in records
               if all(
                   markdown._clean(t) == " ".join(t.split())
                   for t in (r.title.text, r.affiliation or ""))]
    sections = ["Model", "Inference engine", "Hardware"]
    text = plbib.dumps(records, "markdown", sections=sections)
    back = plbib.loads(text, "markdown")
    in_list_order = [r for s in sections for r in records if r.section == s]
    assert [_projection(r, registry) for r in back] == [_projection(r, registry)
                                                        for r in in_list_order]


def test_cli_export_options(capsys: pytest.CaptureFixture[str]) -> None:
    from plbib.cli import main

    assert main(["export", "markdown", "--bullets", "--extra-links", "--key",
                 "frantar2023optq"]) == 0
    out = capsys.readouterr().out
    assert "- [ICLR'23] [OPTQ: Accurate Quantization" in out
    assert "[[Code]](https://github.com/IST-DASLab/gptq)" in out


def test_paper_links_only_and_news_lines() -> None:
    text = """## News
- 2024-05-01: We released [our survey](https://arxiv.org/abs/2401.00001)!

## Serving
- 2024/05: added [a paper](https://arxiv.org/abs/2401.00002)
- [OSDI'22] Orca: A Distributed Serving System [[Paper]](https://www.usenix.org/system/files/osdi22-yu.pdf) [[Code]](https://github.com/x/orca), Seoul National University
"""
    papers = plbib.loads(text, "markdown")
    assert list(papers.sections) == ["Serving"]
    [orca] = papers
    assert orca.title.text == "Orca: A Distributed Serving System"
    assert orca.link == "https://www.usenix.org/system/files/osdi22-yu.pdf"
    assert orca.code == "https://github.com/x/orca"
    assert orca.affiliation == "Seoul National University" and orca.venue == "OSDI"


def test_navigation_badges_and_images_are_not_papers() -> None:
    """A real list's table of contents, badges, figures and links to its other files are
    not papers (each used to be read as one and fail validation)."""
    text = (
        "# Awesome List [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"
        "![overview](figures/overview.png)\n"
        "- [LLM Systems](#llm-systems)\n"
        "- [Quantization](quantization.md)\n"
        "## LLM Systems\n"
        "- [OSDI'22] [Orca: A Distributed Serving System](https://x.org/orca), SNU "
        "[![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b)\n"
        "|<img width=\"300\" src=\"https://x.org/fig.png\">|\n"
    )
    papers = plbib.loads(text, "markdown")
    assert [r.title.text for r in papers] == ["Orca: A Distributed Serving System"]
    assert [str(w) for w in papers.warnings if w.severity.value == "error"] == []


MORE_DIALECTS = """## Serving
- [Orca: A Distributed Serving System](https://x.org/orca) (OSDI 2022)
- **Efficient Memory Management with PagedAttention** [[paper]](https://arxiv.org/abs/2309.06180) [[code]](https://github.com/vllm-project/vllm)
- "FlashAttention: Fast and Memory-Efficient Exact Attention", NeurIPS, 2022. [paper](https://arxiv.org/abs/2205.14135)
- [ICML'23] SmoothQuant: Accurate and Efficient Post-Training Quantization
- Surveys
  - [A Survey on Efficient Inference](https://arxiv.org/abs/2404.14294) (arXiv 2024)

- [LMQL](https://lmql.ai) - A programming language for interacting with LLMs
- [TinyZero](https://github.com/x/tinyzero) - a reproduction of a reasoning model
- [Improving Language Understanding by Generative Pre-Training](https://x.org/gpt1.pdf)
- Faster and Lighter LLMs: A Survey <br> ICML 2024 [[Paper]](https://arxiv.org/abs/2402.01799) [[GitHub Page]](https://github.com/x/y)

| Title | Venue | Year | Link |
|---|---|---|---|
| GPTQ: Accurate Post-Training Quantization | ICLR | 2023 | [paper](https://arxiv.org/abs/2210.17323) |
| [![Star](https://img.shields.io/x.svg)](https://github.com/a/b) <br> [AWQ: Activation-aware Weight Quantization](https://arxiv.org/abs/2306.00978) <br> Ji Lin, Song Han | MLSys | 2024 | |
"""


def test_the_common_dialects_of_paper_lists() -> None:
    """Bullets with a trailing venue, bold titles with [paper] links, quoted citations,
    titles without links, nested bullets and tables with a title column; a tool or a
    model (no venue, a link to no paper) is not a paper."""
    papers = plbib.loads(MORE_DIALECTS, "markdown")
    got = [(r.title.text, r.venue, r.year, r.link) for r in papers]
    assert got == [
        ("Orca: A Distributed Serving System", "OSDI", 2022, "https://x.org/orca"),
        ("Efficient Memory Management with PagedAttention", None, None,
         "https://arxiv.org/abs/2309.06180"),
        ("FlashAttention: Fast and Memory-Efficient Exact Attention", "NeurIPS", 2022,
         "https://arxiv.org/abs/2205.14135"),
        ("SmoothQuant: Accurate and Efficient Post-Training Quantization", "ICML", 2023, None),
        ("A Survey on Efficient Inference", "arXiv", 2024, "https://arxiv.org/abs/2404.14294"),
        ("Improving Language Understanding by Generative Pre-Training", None, None,
         "https://x.org/gpt1.pdf"),
        ("Faster and Lighter LLMs: A Survey", "ICML", 2024,
         "https://arxiv.org/abs/2402.01799"),
        ("GPTQ: Accurate Post-Training Quantization", "ICLR", 2023,
         "https://arxiv.org/abs/2210.17323"),
        ("AWQ: Activation-aware Weight Quantization", "MLSys", 2024,
         "https://arxiv.org/abs/2306.00978"),
    ]
    assert papers[1].code == "https://github.com/vllm-project/vllm"
    assert not [w for w in papers.warnings if w.severity.value == "error"]


def test_a_paper_listed_twice_is_reported_not_merged() -> None:
    text = ("## A\n- [OSDI'22] [Orca: A Serving System](https://arxiv.org/abs/2201.00001), X\n"
            "## B\n- [OSDI'22] [Orca: A Serving System](https://arxiv.org/abs/2201.00001), X\n")
    papers = plbib.loads(text, "markdown")
    assert len(papers) == 1
    assert any(w.field == "arxiv" and w.line == 4 and "listed twice" in str(w)
               for w in papers.warnings)
