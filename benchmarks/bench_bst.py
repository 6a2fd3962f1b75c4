"""Benchmark: a BibTeX style's .bbl of generated records, plbib (pybtex's interpreter)
against the bibtex binary, run on demand.

    python -m benchmarks.bench_bst [--size 1000] [--repeat 3] [--style IEEEtran]

Side by side in one run, best of ``--repeat`` fresh processes, CPU seconds: bibtex on
plbib's BibTeX export of the records (``\\nocite{*}``), ``plbib.bst.bbl`` on the loaded
records (the export, the style and its run included), and ``plbib.bst.references`` (the
same, and the .bbl rendered as text).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from benchmarks.common import dataset, measure_command, measure_python, size_and_repeat

PLBIB = """
import plbib
from plbib.bst import bbl, references
papers = plbib.load(sys.argv[1])
"""


def main() -> None:
    parser = size_and_repeat(1000)
    parser.add_argument("--style", default="IEEEtran")
    args = parser.parse_args()
    source = dataset(args.size)
    import plbib

    work = Path(tempfile.mkdtemp())
    try:
        papers = plbib.load(source)
        (work / "papers.bib").write_text(plbib.dumps(papers, "bibtex"), encoding="utf-8")
        (work / "doc.aux").write_text(f"\\relax\n\\bibstyle{{{args.style}}}\n"
                                      "\\bibdata{papers}\n\\citation{*}\n")
        bibtex = measure_command(["sh", "-c", f"cd {work} && bibtex -terse doc"],
                                 args.repeat) if shutil.which("bibtex") else float("nan")
        ours = measure_python(PLBIB, f"len(bbl(papers, {args.style!r}, venues=papers.venues)[0])",
                              [str(source)], args.repeat)
        text = measure_python(PLBIB, f"len(references(papers, {args.style!r}, "
                              "venues=papers.venues)[0])", [str(source)], args.repeat)
    finally:
        shutil.rmtree(work)
    print("| records | style | bibtex (.bbl) | plbib .bbl | ratio | plbib text |")
    print("|---:|---|---:|---:|---:|---:|")
    print(f"| {args.size:,} | {args.style} | {bibtex:.2f} s | {ours['seconds']:.2f} s "
          f"| {ours['seconds'] / bibtex:.0f}x | {text['seconds']:.2f} s |")


if __name__ == "__main__":
    main()
