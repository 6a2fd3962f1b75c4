"""plbib's BibTeX-style references against bibtex and pdflatex, over every installed style.

    python scripts/bst_conformance.py [--jobs 2] [--out docs/bst.md] [--limit N]

For every ``.bst`` TeX has (``kpsewhich``'s tree: TeX Live ships a few hundred), on the
bundled list and on the seeded varied records (``benchmarks.generate.varied(60)``):

1. ``.bbl``: plbib's (pybtex, in memory) against real bibtex's from plbib's BibTeX export
   with ``\\nocite{*}``, word for word;
2. rendering: the commands in the ``.bbl`` that plbib's renderer does not know (each
   printed as its argument, with a warning);
3. text: plbib's text against pdftotext's reading of the bibliography pdflatex typesets
   from that ``.bbl`` in the test document (T1 fonts, url, natbib with ``numbers``) —
   where the document typesets it: a style that needs its own package or class (harvard,
   babelbib, REVTeX…) stops pdflatex, or has it print LaTeX as text, and is counted apart.

Writes the report (docs/bst.md by default). Each style runs in its own process, with a
time limit. tests/test_bst.py uses this module's document and comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the document the text is compared with: T1 fonts (pdftotext reads "ł" and "é" as one
#: letter), url (ACM's \urldef) and natbib with numbers (acmart's set-up: numeric labels)
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


def bibtex_bbl(bib: str, style: str, work: Path) -> tuple[str, list[str]]:
    """What real bibtex writes for the BibTeX text in this style, and its warnings."""
    (work / "papers.bib").write_text(bib, encoding="utf-8")
    (work / "doc.aux").write_text(
        f"\\relax\n\\bibstyle{{{style}}}\n\\bibdata{{papers}}\n\\citation{{*}}\n")
    subprocess.run(["bibtex", "-terse", "doc"], cwd=work, capture_output=True, check=False,
                   timeout=120)
    bbl = _decoded((work / "doc.bbl").read_bytes()) if (work / "doc.bbl").exists() else ""
    log = (work / "doc.blg").read_text(encoding="utf-8", errors="replace") \
        if (work / "doc.blg").exists() else ""
    warnings = [line.removeprefix("Warning--") for line in log.splitlines()
                if line.startswith("Warning--")]
    return bbl, warnings


def _decoded(data: bytes) -> str:
    """bibtex writes bytes: UTF-8 from a UTF-8 .bib, Latin-1 from an 8-bit style's own text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def typeset_text(bbl: str, style: str, work: Path) -> str | None:
    """The bibliography's text in the PDF pdflatex typesets from the .bbl (pdftotext, its
    lines as typeset), after the "References" heading; None if the document cannot
    typeset it (:func:`typeset` says why)."""
    return typeset(bbl, style, work)[0]


def typeset(bbl: str, style: str, work: Path) -> tuple[str | None, str | None]:
    """:func:`typeset_text`'s text, or None and the reason: pdflatex stops, typesets no
    page (a style whose .bbl holds no bibliography, such as address-vcard's for entries
    that are no addresses), or leaves a PDF pdftotext cannot read; or the text has LaTeX
    printed as text (a style that needs a package of its own)."""
    (work / "doc.tex").write_text(DOCUMENT % style, encoding="utf-8")
    (work / "doc.bbl").write_text(bbl, encoding="utf-8")
    (work / "doc.pdf").unlink(missing_ok=True)
    for _ in range(2):  # natbib prints a label the .aux of a first run recorded
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                              "doc"], cwd=work, capture_output=True, text=True,
                             errors="replace", check=False, timeout=120)
        if run.returncode != 0:
            stop = next((line for line in run.stdout.splitlines() if line.startswith("! ")),
                        f"exit {run.returncode}")
            return None, f"pdflatex stops: {stop[2:] if stop.startswith('! ') else stop}"
    if not (work / "doc.pdf").is_file():
        return None, "pdflatex typesets no page"
    read = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "doc.pdf"], cwd=work,
                          capture_output=True, text=True, errors="replace", check=False,
                          timeout=120)
    if read.returncode != 0 or not (work / "doc.txt").is_file():
        return None, f"pdftotext cannot read the PDF (exit {read.returncode})"
    text = (work / "doc.txt").read_text(encoding="utf-8", errors="replace")
    text = text.split("References", 1)[1] if "References" in text else text
    if "\\" in text:
        return None, "LaTeX printed as text (the style needs a package of its own)"
    return text, None


#: a hyphen pdftotext read at a line's end: TeX's hyphenation, or a hyphen of the text
_LINE_END_HYPHEN = "\0"
#: accents pdftotext may read as marks of their own beside the letter
_SPACING_ACCENTS = "ˆ˜¨´`˘ˇ˝¸˛˚"


def _comparable(text: str, accents: bool) -> str:
    """Whitespace, ligatures (NFKC: "ﬁ" is "fi") and, unless asked, accents aside."""
    text = unicodedata.normalize("NFKC", text)
    if not accents:
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c) and c not in _SPACING_ACCENTS)
    return "".join(text.split())


def difference(ours: str, typeset: str, accents: bool = True) -> str | None:
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
    if i == len(mine) and not theirs[j:].replace(_LINE_END_HYPHEN, ""):
        return None
    return f"plbib: …{mine[max(0, i - 60):i + 30]!r}\nPDF:   …{theirs[max(0, j - 60):j + 30]!r}"


# --------------------------------------------------------------------------- one style


def check_style(path: str) -> dict[str, object]:
    """Every comparison for one .bst, on both record sets."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import varied

    import plbib
    from plbib.bst import bbl
    from plbib.bst.render import entries
    from plbib.bst.writers import to_text

    venues = plbib.load_venues()
    style = Path(path).stem
    result: dict[str, object] = {"style": style}
    for name, records in (("bundled", list(plbib.load())), ("varied", varied(60))):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            theirs, their_warnings = bibtex_bbl(plbib.dumps(records, "bibtex"), style, work)
            try:
                ours, warnings = bbl(records, path, venues=venues)
            except plbib.PlbibError as error:
                result[name] = {"bbl": "error", "detail": str(error)[:200]}
                continue
            same_bbl = ours.split() == theirs.split()
            rendered, problems = entries(ours)
            unknown = sorted({m.group(1) for p in problems
                              if (m := re.search(r"wrote \\(\S+),", p.message))})
            text = "".join(to_text(entry) for entry in rendered)
            typeset_, reason = typeset(ours, style, work)
            if typeset_ is None:
                text_result = "does not typeset"
                detail = reason
            else:
                detail = difference(text, typeset_, accents=name == "bundled")
                text_result = "same" if detail is None else "differs"
            result[name] = {
                "bbl": "same" if same_bbl else "differs",
                "warnings": "same" if [w.message for w in warnings] == their_warnings
                else "differ",
                "entries": len(rendered), "unknown": unknown, "text": text_result,
                "detail": detail,
            }
    result["cli"] = cli_result(path)
    return result


def cli_result(path: str) -> str:
    """What ``plbib format --bst STYLE`` does with the bundled list: "prints" references,
    or "exit 2: " and its one line of error; anything else (a traceback, other exit
    codes, an error of more lines or none) is "crash: " and what it printed."""
    import contextlib
    import io

    from plbib.cli import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["format", "--bst", path])
    except BaseException as exc:  # counting crashes is the point
        return f"crash: {type(exc).__name__}: {exc}"[:300]
    errors = [line for line in err.getvalue().splitlines() if ": error: " in line]
    if code == 0 and out.getvalue().strip():
        return "prints"
    if code == 2 and len(errors) == 1:
        return f"exit 2: {errors[0]}"[:300]
    return f"crash: exit {code}, {len(errors)} error lines, {len(out.getvalue())} " \
        "characters out"


# --------------------------------------------------------------------------- all styles


def sample_styles(count: int) -> list[str]:
    """``count`` styles spread evenly over all of them (the same ones every run)."""
    styles = _styles()
    step = max(len(styles) // count, 1)
    return styles[::step][:count]


def run(paths: list[str], jobs: int = 2) -> list[dict[str, object]]:
    """Every comparison for each style, each in its own process."""
    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(_run_one, paths))


def _styles() -> list[str]:
    found = subprocess.run(["kpsewhich", "-var-value", "TEXMFDIST"], capture_output=True,
                           text=True, check=True).stdout.strip()
    roots = {Path(found), Path("/usr/share/texmf"), Path("/usr/share/texlive/texmf-dist")}
    paths = {p.resolve() for root in roots if root.is_dir()
             for p in root.rglob("*.bst")}
    by_name = {p.stem: p for p in sorted(paths)}
    return [str(by_name[name]) for name in sorted(by_name, key=str.lower)]


def _run_one(path: str) -> dict[str, object]:
    try:
        run = subprocess.run([sys.executable, __file__, "--one", path], capture_output=True,
                             text=True, timeout=600, check=False)
    except subprocess.TimeoutExpired:
        return {"style": Path(path).stem, "failure": "timed out"}
    if run.returncode != 0:
        return {"style": Path(path).stem, "failure": run.stderr.strip().splitlines()[-1]
                if run.stderr.strip() else f"exit {run.returncode}"}
    result: dict[str, object] = json.loads(run.stdout)
    return result


def report(results: list[dict[str, object]]) -> str:
    lines = ["# BibTeX styles: plbib against bibtex and pdflatex", "",
             "Generated by `python scripts/bst_conformance.py` (every `.bst` TeX Live has "
             "here;", "see the script's docstring for what is compared). Records: the "
             "bundled list and", "60 seeded varied records (`benchmarks.generate.varied`); "
             "text on the varied", "records is compared accents aside (pdftotext reads a "
             "stacked accent apart).", ""]
    for name in ("bundled", "varied"):
        rows = [r[name] for r in results if isinstance(r.get(name), dict)]
        counts = Counter(str(row["bbl"]) for row in rows)  # type: ignore[index]
        texts = Counter(str(row.get("text")) for row in rows)  # type: ignore[attr-defined]
        unknown = sum(bool(row.get("unknown")) for row in rows)  # type: ignore[attr-defined]
        lines += [f"## {name.capitalize()} records", "",
                  f"- styles run: {len(rows)} of {len(results)}",
                  f"- `.bbl` word for word as bibtex's: {counts['same']}; differs: "
                  f"{counts['differs']}; pybtex cannot run the style: {counts['error']}",
                  f"- styles whose `.bbl` has a command plbib's renderer does not know: "
                  f"{unknown}",
                  f"- text as pdflatex typesets it (pdftotext): same {texts['same']}, differs "
                  f"{texts['differs']}; the test document does not typeset the style's "
                  f"`.bbl`: {texts['does not typeset']}, counted apart:"]
        reasons = Counter(_reason(row) for row in rows  # type: ignore[arg-type]
                          if row.get("text") == "does not typeset")  # type: ignore[attr-defined]
        lines += [f"  - {reason}: {count}" for reason, count in sorted(reasons.items())]
        lines.append("")
    clis = Counter(str(r.get("cli", "")).split(":", 1)[0] for r in results
                   if "failure" not in r)
    refused = [r for r in results if str(r.get("cli", "")).startswith("exit 2")]
    lines += ["## `plbib format --bst STYLE` on the bundled list", "",
              f"- prints references: {clis['prints']}; exits 2 with one line of error: "
              f"{clis['exit 2']}; anything else (a crash): {clis['crash']}", ""]
    lines += [f"- {r['style']}: `{str(r['cli']).split(': error: ', 1)[-1]}`"
              for r in refused]
    failures = [r for r in results if "failure" in r]
    lines += ["", "## Per style", "",
              "| style | bundled .bbl | bundled text | varied .bbl | varied text | unknown "
              "commands |", "|---|---|---|---|---|---|"]
    for result in results:
        if "failure" in result:
            lines.append(f"| {result['style']} | {result['failure']} | | | | |")
            continue
        cells = []
        unknown: set[str] = set()
        for name in ("bundled", "varied"):
            row = result.get(name)
            if not isinstance(row, dict):
                cells += ["", ""]
                continue
            cells += [str(row["bbl"]), str(row.get("text", ""))]
            unknown |= set(row.get("unknown") or [])
        commands = ", ".join(f"`\\{c}`" for c in sorted(unknown))
        lines.append(f"| {result['style']} | " + " | ".join(cells) + f" | {commands} |")
    lines += ["", f"Styles that could not be checked at all: {len(failures)}.", ""]
    return "\n".join(lines)


def _reason(row: dict[str, object]) -> str:
    """Why the document does not typeset a style's .bbl, without the particulars."""
    reason = str(row.get("detail") or "unknown")
    return reason.split(":", 1)[0] if reason.startswith(("pdflatex stops", "pdftotext")) \
        else reason


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", default=str(ROOT / "docs" / "bst.md"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(check_style(args.one)))
        return
    for tool in ("bibtex", "kpsewhich", "pdflatex", "pdftotext"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed")
    results = run(_styles()[:args.limit or None], args.jobs)
    Path(args.out).write_text(report(results), encoding="utf-8")
    print(f"{len(results)} styles; report in {args.out}")


if __name__ == "__main__":
    main()
