"""References as a BibTeX style prints them: plbib's .bbl (pybtex running the .bst on the
records in memory) against the .bbl real bibtex writes from plbib's BibTeX export with
\\nocite{*}, whitespace aside (bibtex wraps lines by bytes, pybtex by characters); and
plbib's text of that .bbl against the text pdftotext reads from the PDF pdflatex typesets
from it."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

import plbib
from conftest import need
from plbib.bst import BstError, bbl, references
from plbib.cli import main

STYLES = ["plain", "unsrt", "alpha", "abbrv", "IEEEtran", "ACM-Reference-Format", "splncs04"]


def _bibtex_warnings(work: Path) -> list[str]:
    """The style's warnings in bibtex's log of the last run in ``work``."""
    log = (work / "doc.blg").read_text(encoding="utf-8", errors="replace")
    return [line.removeprefix("Warning--") for line in log.splitlines()
            if line.startswith("Warning--")]


def _bibtex_bbl(records: list[plbib.Record], style: str, work: Path) -> str:
    """What real bibtex writes for the records in this style."""
    (work / "papers.bib").write_text(
        plbib.dumps(records, "bibtex", venues=plbib.load_venues()), encoding="utf-8")
    (work / "doc.aux").write_text(
        f"\\relax\n\\bibstyle{{{style}}}\n\\bibdata{{papers}}\n\\citation{{*}}\n")
    subprocess.run(["bibtex", "-terse", "doc"], cwd=work, capture_output=True, check=False)
    return (work / "doc.bbl").read_text(encoding="utf-8", errors="replace")


def _words(text: str) -> list[str]:
    return text.split()


def _need_tex(style: str) -> None:
    need(shutil.which("bibtex") is not None and shutil.which("kpsewhich") is not None,
         "bibtex and kpsewhich are not installed")
    found = subprocess.run(["kpsewhich", f"{style}.bst"], capture_output=True, text=True,
                           check=False).stdout.strip()
    need(bool(found), f"TeX has no {style}.bst")


@pytest.mark.parametrize("style", STYLES)
def test_the_bundled_list_as_bibtex_prints_it(style: str, tmp_path: Path) -> None:
    _need_tex(style)
    papers = list(plbib.load())
    ours, warnings = bbl(papers, style, venues=plbib.load_venues())
    assert _words(ours) == _words(_bibtex_bbl(papers, style, tmp_path))
    assert ours.count("\\bibitem") == len(papers)
    assert [w.message for w in warnings] == _bibtex_warnings(tmp_path)


@pytest.mark.parametrize("style", STYLES)
def test_varied_generated_records_as_bibtex_prints_them(style: str, tmp_path: Path) -> None:
    """Every entry type and name shape (benchmarks.generate.varied: particles, suffixes,
    organisations, accents and foreign letters, 1 to 30 authors, missing fields)."""
    from benchmarks.generate import varied

    _need_tex(style)
    records = varied(60)
    ours, warnings = bbl(records, style, venues=plbib.load_venues())
    assert _words(ours) == _words(_bibtex_bbl(records, style, tmp_path))
    assert [w.message for w in warnings] == _bibtex_warnings(tmp_path)


def test_a_style_is_found_by_name_or_path_and_a_missing_one_is_a_clear_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(BstError, match="no BibTeX style file"):
        bbl([], tmp_path / "missing.bst", venues=plbib.load_venues())
    _need_tex("plain")
    with pytest.raises(BstError, match="TeX has no BibTeX style 'no-such-style'"):
        bbl([], "no-such-style", venues=plbib.load_venues())
    plain = subprocess.run(["kpsewhich", "plain.bst"], capture_output=True, text=True,
                           check=False).stdout.strip()
    copy = tmp_path / "mine.bst"
    shutil.copy(plain, copy)
    by_path, _ = bbl(list(plbib.load())[:3], copy, venues=plbib.load_venues())
    by_name, _ = bbl(list(plbib.load())[:3], "plain", venues=plbib.load_venues())
    assert by_path == by_name
    assert main(["format", "--bst", "plain", "--to", "bbl", "--key", "yu2022orca"]) == 0
    assert "\\bibitem{yu2022orca}" in capsys.readouterr().out
    assert main(["format", "--to", "bbl"]) == 2
    assert "give one with --bst" in capsys.readouterr().err
    assert main(["format", "--bst", "plain", "--style", "apa"]) == 2
    assert "give one of them" in capsys.readouterr().err


def test_the_styles_warnings_name_the_record() -> None:
    _need_tex("plain")
    record = plbib.load().by_key("yu2022orca").replace(
        type=plbib.EntryType.JOURNAL_ARTICLE, venue=None, container_title=None)
    _, warnings = bbl([record], "plain", venues=plbib.load_venues())
    assert [(w.key, w.severity.value) for w in warnings] == [("yu2022orca", "warning")]
    assert "empty journal" in str(warnings[0])


# --------------------------------------------------------------------------- typeset text

#: the document the text is compared with: T1 fonts (pdftotext reads "ł" and "é" as one
#: letter), url (ACM's \\urldef) and natbib with numbers (acmart's set-up: numeric labels)
DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{url}
\usepackage[numbers]{natbib}
\pagestyle{empty}
\begin{document}
\nocite{*}
\bibliographystyle{%s}
\bibliography{papers}
\end{document}
"""


def _typeset_text(bbl_text: str, style: str, work: Path) -> str:
    """The bibliography's text in the PDF pdflatex typesets from the .bbl (pdftotext, its
    lines as typeset), after the "References" heading."""
    need(all(shutil.which(tool) for tool in ("pdflatex", "pdftotext")),
         "pdflatex and pdftotext are not installed")
    need(bool(subprocess.run(["kpsewhich", "lmodern.sty"], capture_output=True, text=True,
                             check=False).stdout.strip()), "TeX has no lmodern fonts")
    (work / "doc.tex").write_text(DOCUMENT % style, encoding="utf-8")
    (work / "doc.bbl").write_text(bbl_text, encoding="utf-8")
    for _ in range(2):  # natbib prints a label the .aux of a first run recorded
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                              "doc"], cwd=work, capture_output=True, text=True,
                             errors="replace", check=False)
        assert run.returncode == 0, run.stdout[-2000:]
    subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "doc.pdf"], cwd=work, check=True)
    return (work / "doc.txt").read_text(encoding="utf-8").split("References", 1)[1]


#: a hyphen pdftotext read at a line's end: TeX's hyphenation, or a hyphen of the text
_LINE_END_HYPHEN = "\0"


def _comparable(text: str, accents: bool = True) -> str:
    """Whitespace, ligatures (NFKC: "ﬁ" is "fi") and, unless asked, accents aside."""
    text = unicodedata.normalize("NFKC", text)
    if not accents:
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c) and c not in "ˆ˜¨´`˘ˇ˝¸˛˚")
    return "".join(text.split())


def _difference(ours: str, typeset: str, accents: bool = True) -> str | None:
    """Where plbib's text and the typeset text part, or None: whitespace, ligatures and
    line-end hyphenation aside (a hyphen at a line's end may be TeX's or the text's)."""
    mine = _comparable(ours, accents)
    theirs = _comparable(re.sub(r"-\n", _LINE_END_HYPHEN, typeset), accents)
    i = j = 0
    while i < len(mine) and j < len(theirs):
        if theirs[j] == _LINE_END_HYPHEN:
            i += mine[i] == "-"
            j += 1
        elif mine[i] == theirs[j]:
            i += 1
            j += 1
        else:
            break
    theirs_left = theirs[j:].replace(_LINE_END_HYPHEN, "")
    if i == len(mine) and not theirs_left:
        return None
    return f"plbib: …{mine[max(0, i - 80):i + 40]!r}\nPDF:   …{theirs[max(0, j - 80):j + 40]!r}"


@pytest.mark.parametrize("style", STYLES)
def test_the_text_is_the_typeset_bibliographys(style: str, tmp_path: Path) -> None:
    """plbib's text of the bundled list in the style, entry after entry, is the text of the
    bibliography pdflatex typesets from the same .bbl."""
    _need_tex(style)
    papers = list(plbib.load())
    venues = plbib.load_venues()
    ours, _ = references(papers, style, venues=venues)
    typeset = _typeset_text(bbl(papers, style, venues=venues)[0], style, tmp_path)
    assert len(ours) == len(papers)
    assert _difference("".join(e.text for e in ours), typeset) is None, \
        _difference("".join(e.text for e in ours), typeset)


@pytest.mark.parametrize("style", STYLES)
def test_varied_records_text_is_the_typeset_bibliographys(style: str, tmp_path: Path
                                                          ) -> None:
    """The same on varied generated records, accents aside: pdftotext reads a stacked
    accent ({\\~\\^e}, "ễ") as two marks beside the letter."""
    from benchmarks.generate import varied

    _need_tex(style)
    records = varied(60)
    venues = plbib.load_venues()
    ours, _ = references(records, style, venues=venues)
    typeset = _typeset_text(bbl(records, style, venues=venues)[0], style, tmp_path)
    text = "".join(e.text for e in ours)
    assert _difference(text, typeset, accents=False) is None, \
        _difference(text, typeset, accents=False)


def test_the_cli_prints_a_bst_styles_references(capsys: pytest.CaptureFixture[str]) -> None:
    _need_tex("IEEEtran")
    assert main(["format", "--bst", "IEEEtran", "--key", "yu2022orca"]) == 0
    out, err = capsys.readouterr()
    # ties are no-break spaces, as typeset
    assert out.startswith("[1] G.-I. Yu, J.\u00a0S. Jeong, G.-W. Kim, S.\u00a0Kim, and "
                          "B.-G. Chun, “Orca: A distributed serving system")

    assert "\\" not in out and "{" not in out and not err
    assert main(["format", "--bst", "ACM-Reference-Format", "--to", "html",
                 "--key", "yu2022orca"]) == 0
    html, err = capsys.readouterr()
    assert "yu2022orca: bst: empty address in yu2022orca" in err  # the style's warning
    assert '<div class="csl-left-margin">[1]</div>' in html
    assert "<i>16th USENIX Symposium on Operating Systems Design and Implementation " \
           "(OSDI 22)</i>" in html
    assert '<a href="https://www.usenix.org/conference/osdi22/presentation/yu">' in html
    assert main(["format", "--bst", "alpha", "--to", "markdown", "--key", "yu2022orca"]) == 0
    assert capsys.readouterr().out.startswith("\\[YJK<sup>+</sup>22\\] Gyeong-In Yu, ")
    assert plbib.format_bst([plbib.load().by_key("yu2022orca")], "alpha")[0].startswith(
        "[YJK+22] Gyeong-In Yu, Joo\u00a0Seong Jeong")


#: strings at the edges of bibtex's built-ins: closing braces only, special characters
#: and foreign letters, nested groups (no '"': a .bst string cannot hold one)
EDGE_STRINGS = ["}}", "}", "a}", "ab.}", "{}", "x!", "?}}", "{\\'E}cole", "{\\OE}uvre",
                "{\\L}ukasz {\\'O}mer", "M{\\^u}ller: the {GPU} way", "{\\ss}e",
                "Nguy{\\~{\\^e}}n", "{A{b}c}", "{\\etalchar{+}}x", "{\\relax Ch}ristoph"]


def test_the_builtins_plbib_replaces_agree_with_bibtex(tmp_path: Path) -> None:
    """add.period$, change.case$, purify$ and width$ on edge strings: a style that prints
    each result, run by plbib and by bibtex."""
    _need_tex("plain")
    calls = "\n".join(
        f'  "{s}" add.period$ write$ newline$\n'
        f'  "{s}" "t" change.case$ write$ newline$\n'
        f'  "{s}" "u" change.case$ write$ newline$\n'
        f'  "{s}" "l" change.case$ write$ newline$\n'
        f'  "{s}" purify$ write$ newline$\n'
        f'  "{s}" width$ int.to.str$ write$ newline$' for s in EDGE_STRINGS)
    style = tmp_path / "edges.bst"
    style.write_text("ENTRY { } { } { }\nFUNCTION {edges}\n{\n" + calls + "\n}\nREAD\n"
                     "EXECUTE {edges}\n", encoding="utf-8")
    ours, _ = bbl([], style, venues=plbib.load_venues())
    (tmp_path / "papers.bib").write_text("", encoding="utf-8")
    (tmp_path / "doc.aux").write_text(
        "\\relax\n\\bibstyle{edges}\n\\bibdata{papers}\n\\citation{*}\n")
    subprocess.run(["bibtex", "-terse", "doc"], cwd=tmp_path, capture_output=True,
                   check=False)
    theirs = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert ours.splitlines() == theirs.splitlines()
