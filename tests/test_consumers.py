"""Our exports, read by the real consumers: bibtex, biber/biblatex, pandoc and citeproc-js.

These need TeX Live, biber and pandoc (CI installs them with apt); they skip locally when a
tool is missing, and fail under CI=true.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import plbib
from conftest import need
from plbib.latex import MATH_SYMBOLS

DOCUMENT = r"""\documentclass{article}
\usepackage{url}
%(preamble)s
\begin{document}
%(cite)s
%(bibliography)s
\end{document}
"""


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300,
                          errors="replace")


def _papers(every_kind: bool = False) -> list[plbib.Record]:
    """The bundled list, and a paper whose authors' names have accented i's (written
    {\\'i}: biber turned {\\'\\i} into an i and a combining accent pdflatex cannot set)."""
    orca = plbib.load().by_key("yu2022orca")
    accented = orca.replace(key="garcia2022accents", doi=None, authors=(
        plbib.Name(family="García", given="María"), plbib.Name(family="Roî", given="Ïris"),
        plbib.Name(family="Muñoz", given="Ìñigo")))
    journal = next(v.short for v in plbib.load_venues() if v.kind.value == "journal")
    # every entry type, with fields biblatex has no place for in some of them (for biber;
    # bibtex's plain style warns about a book with both author and editor, rightly)
    kinds = [
        orca.replace(key=f"kind{n}2022", doi=None, type=kind, venue=venue,
                     publisher="ACM", isbn="978-3-16-148410-0", volume="3", issue="2",
                     number="17", event_place="Carlsbad, CA", affiliation="SNU",
                     editors=(plbib.Name(family="Editor", given="Ed"),),
                     aliases=(f"Other title {n}",))
        for n, (kind, venue) in enumerate([
            (plbib.EntryType.JOURNAL_ARTICLE, journal), (plbib.EntryType.REPORT, None),
            (plbib.EntryType.THESIS, None), (plbib.EntryType.MISC, None),
            (plbib.EntryType.BOOK, None), (plbib.EntryType.BOOK_CHAPTER, None),
            (plbib.EntryType.PREPRINT, "arXiv")])]
    kinds = [r.replace(arxiv="2210.17323") if r.type is plbib.EntryType.PREPRINT else r
             for r in kinds]
    return [*plbib.load(), accented, *(kinds if every_kind else [])]


def _bib(format: str, every_kind: bool = False) -> str:
    return plbib.dumps(_papers(every_kind), format, venues=plbib.load().venues)


def _cite_all(every_kind: bool = False) -> str:
    return r"\cite{" + ",".join(r.key for r in _papers(every_kind)) + "}"


def _warnings_in(log: str) -> list[str]:
    """Warnings and errors in a LaTeX log (overfull boxes are typesetting, not warnings)."""
    return [line for line in log.splitlines()
            if re.search(r"Warning|Error|^!", line) and "infwarerr" not in line]


@pytest.mark.parametrize("style", ["plain", "IEEEtran"])
def test_bibtex_compiles_every_key_without_warnings(tmp_path: Path, style: str) -> None:
    for tool in ("pdflatex", "bibtex"):
        need(shutil.which(tool) is not None, f"{tool} is not installed")
    (tmp_path / "papers.bib").write_text(_bib("bibtex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(DOCUMENT % {
        "preamble": "", "cite": _cite_all(),
        "bibliography": rf"\bibliographystyle{{{style}}}" "\n" r"\bibliography{papers}"})
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    assert _run(latex, tmp_path).returncode == 0
    result = _run(["bibtex", "doc"], tmp_path)
    blg = (tmp_path / "doc.blg").read_text(errors="replace")
    assert result.returncode == 0, blg
    assert "Warning--" not in blg and "error message" not in blg, blg
    for _ in range(2):
        assert _run(latex, tmp_path).returncode == 0
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert _warnings_in(log) == []
    bbl = (tmp_path / "doc.bbl").read_text(errors="replace")
    assert bbl.count(r"\bibitem") == len(_papers())


#: biber checks an ISBN against the ISBN agency's range table of its Business::ISBN::Data;
#: Debian 12's (20210112) predates the ranges ACM's proceedings use since 2023 (979-8-4007-…),
#: so biber calls those valid ISBNs invalid. No other warning is excused.
_STALE_RANGE = re.compile(r"^WARN - ISBN '(97984007\d{5})' in entry '[^']+' is invalid")


def _stale_isbn_data(line: str) -> bool:
    match = _STALE_RANGE.match(line)
    if match is None:
        return False
    digits = [int(d) for d in match.group(1)]
    assert sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0, line
    out = subprocess.run(["perl", "-MBusiness::ISBN::Data", "-e",
                          "print $Business::ISBN::Data::VERSION"],
                         capture_output=True, text=True, check=False).stdout
    return out.startswith("2021")


def test_biber_compiles_every_key_without_warnings(tmp_path: Path) -> None:
    for tool in ("pdflatex", "biber"):
        need(shutil.which(tool) is not None, f"{tool} is not installed")
    (tmp_path / "papers.bib").write_text(_bib("biblatex", every_kind=True), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(DOCUMENT % {
        "preamble": r"\usepackage[backend=biber]{biblatex}\addbibresource{papers.bib}",
        "cite": _cite_all(every_kind=True), "bibliography": r"\printbibliography"})
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    assert _run(latex, tmp_path).returncode == 0
    # --validate-datamodel: a field biblatex's data model lacks for the type is a warning
    result = _run(["biber", "--validate-datamodel", "doc"], tmp_path)
    assert result.returncode == 0, result.stdout
    assert [line for line in result.stdout.splitlines()
            if re.match(r"WARN|ERROR", line) and not _stale_isbn_data(line)] == []
    for _ in range(2):
        assert _run(latex, tmp_path).returncode == 0
    assert _warnings_in((tmp_path / "doc.log").read_text(errors="replace")) == []


def _fold(text: str) -> str:
    """Compare ignoring case, spacing and pandoc's smart quotes (' -> ’)."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().casefold()


def test_pandoc_reads_our_bibtex_like_plbib_does(tmp_path: Path) -> None:
    need(shutil.which("pandoc") is not None, "pandoc is not installed")
    papers = plbib.load()
    bib = tmp_path / "papers.bib"
    bib.write_text(plbib.dumps(papers, "bibtex"), encoding="utf-8")
    result = _run(["pandoc", "-f", "bibtex", "-t", "csljson", str(bib)], tmp_path)
    assert result.returncode == 0, result.stderr
    items = {item["id"]: item for item in json.loads(result.stdout)}
    assert list(items) == papers.keys()
    for record in papers:
        item = items[record.key]
        # pandoc sentence-cases English titles for CSL; what we protect keeps its case; it
        # reads \ensuremath{\infty} as math and writes math as its TeX source
        title = re.sub(r"\\([A-Za-z]+)", lambda m: MATH_SYMBOLS.get(m.group(1), m.group(0)),
                       item["title"])
        assert _fold(title) == _fold(record.title.text)
        for protected in record.title.protected_texts:
            assert protected in item["title"]
        assert [(_fold(a.get("family", "")), a.get("given")) for a in item["author"]] == [
            (_fold(a.family), a.given) for a in record.authors]
        assert item["issued"]["date-parts"][0][:2] == [
            part for part in (record.year, record.month) if part is not None]
        assert record.container_title is not None
        assert _fold(item["container-title"]) == _fold(record.container_title.text)
        assert item.get("DOI") == record.doi
        assert item["type"] == {"conference-paper": "paper-conference",
                                "journal-article": "article-journal"}[record.type.value]


# --------------------------------------------------------------------- CSL-JSON readers

ROOT = Path(__file__).resolve().parents[1]
FIELDS_STYLE = ROOT / "tests" / "styles" / "fields.csl"


def _node_ready() -> bool:
    return shutil.which("node") is not None and (
        ROOT / "node_modules" / "@citation-js" / "plugin-csl").is_dir()


def _expected_fields(record: plbib.Record, item: dict[str, object]) -> str:
    """What a CSL processor must print for a record through tests/styles/fields.csl."""
    from plbib.formats import csljson

    parts = [f"T={record.title.text}"]
    if record.authors:
        parts.append("A=" + "; ".join(
            n.literal or f"{n.family}, {n.given}".rstrip(", ") for n in record.authors))
    if record.year is not None:
        parts.append(f"D={record.year}" + (f"-{record.month:02d}" if record.month else ""))
    container = item.get("container-title")
    if isinstance(container, str):
        parts.append("C=" + csljson._rich_text(container).text)
    if record.doi:
        parts.append(f"I={record.doi}")
    return " || ".join(parts)


def _compare(printed: list[str], papers: plbib.PaperList, items: list[dict[str, object]]
             ) -> None:
    expected = [_expected_fields(r, i) for r, i in zip(papers, items, strict=True)]
    assert [_fold(p) for p in printed] == [_fold(e) for e in expected]


def test_citeproc_js_reads_our_csljson_like_plbib_does() -> None:
    need(_node_ready(), "node and the npm packages (npm install) are not installed")
    papers = plbib.load()
    text = plbib.dumps(papers, "csljson")
    result = subprocess.run(["node", str(ROOT / "tests" / "js" / "bibliography.js"),
                             str(FIELDS_STYLE), "text", "en-US"], input=text,
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [key for key, _ in entries] == papers.keys()
    _compare([entry for _, entry in entries], papers, json.loads(text))


def test_pandoc_reads_our_csljson_like_plbib_does(tmp_path: Path) -> None:
    need(shutil.which("pandoc") is not None, "pandoc is not installed")
    papers = plbib.load()
    text = plbib.dumps(papers, "csljson")
    (tmp_path / "papers.json").write_text(text, encoding="utf-8")
    (tmp_path / "doc.md").write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    result = _run(["pandoc", "doc.md", "--citeproc", "--csl", str(FIELDS_STYLE),
                   "--bibliography", "papers.json", "-t", "plain", "--wrap=none"], tmp_path)
    assert result.returncode == 0, result.stderr
    printed = [p for p in result.stdout.split("\n\n") if p.strip()]
    _compare(printed, papers, json.loads(text))
    # and pandoc's own CSL-JSON reader keeps every item's key and type
    parsed = _run(["pandoc", "-f", "csljson", "-t", "csljson", "papers.json"], tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    assert [(i["id"], i["type"]) for i in json.loads(parsed.stdout)] == [
        (i["id"], i["type"]) for i in json.loads(text)]
