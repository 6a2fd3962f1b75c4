"""References as a BibTeX style prints them: plbib's .bbl (pybtex running the .bst on the
records in memory) against the .bbl real bibtex writes from plbib's BibTeX export with
\\nocite{*}, whitespace aside (bibtex wraps lines by bytes, pybtex by characters)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import plbib
from conftest import need
from plbib.bst import BstError, bbl
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
    assert main(["format", "--bst", "plain"]) == 2  # text from a .bst: not done yet
    assert "give both --bst and --to bbl" in capsys.readouterr().err


def test_the_styles_warnings_name_the_record() -> None:
    _need_tex("plain")
    record = plbib.load().by_key("yu2022orca").replace(
        type=plbib.EntryType.JOURNAL_ARTICLE, venue=None, container_title=None)
    _, warnings = bbl([record], "plain", venues=plbib.load_venues())
    assert [(w.key, w.severity.value) for w in warnings] == [("yu2022orca", "warning")]
    assert "empty journal" in str(warnings[0])
