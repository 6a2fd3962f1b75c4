"""Benchmark: formatting 1,000 generated records in CSL styles.

    python -m benchmarks.bench_cite [--size 1000] [--styles ieee,apa]

Side by side in one run, each in a fresh process, best of ``--repeat`` (CPU seconds):
stock citeproc-py (the same CSL-JSON items, the same style file), plbib (citeproc-py with
plbib's fixes and caches: the corrected output), and pandoc's citeproc
(``pandoc --citeproc --csl STYLE``, plain text), where pandoc is installed.
"""

from __future__ import annotations

import shutil

from benchmarks.common import CACHE, dataset, measure_command, measure_python, size_and_repeat

STOCK = """
import warnings
import plbib
from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                      CitationStylesStyle, formatter)
from citeproc.source.json import CiteProcJSON
from plbib.cite import resolve_style
from plbib.formats import csljson
papers = plbib.load(sys.argv[1])
items = csljson.items(papers)
path = str(resolve_style(sys.argv[2]))
warnings.simplefilter("ignore")
def run():
    style = CitationStylesStyle(path, validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bib.register(Citation([CitationItem(r.key) for r in papers]))
    bib.sort()
    return len([str(e) for e in bib.bibliography()])
"""

PLBIB = """
import plbib
from plbib.cite import Formatter
papers = plbib.load(sys.argv[1])
def run():
    return len(Formatter(sys.argv[2]).bibliography(papers))
"""


def main() -> None:
    parser = size_and_repeat(1000)
    parser.add_argument("--styles", default="ieee,apa")
    args = parser.parse_args()
    source = dataset(args.size)
    import plbib
    from plbib.cite import resolve_style

    json_path = CACHE / f"papers-{args.size}.json"
    json_path.write_text(plbib.dumps(plbib.load(source), "csljson"), encoding="utf-8")
    doc = CACHE / "nocite.md"
    doc.write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    print("| style | stock citeproc-py | plbib | speed-up | pandoc citeproc |")
    print("|---|---:|---:|---:|---:|")
    for style in args.styles.split(","):
        stock = measure_python(STOCK, "run()", [str(source), style], args.repeat)
        ours = measure_python(PLBIB, "run()", [str(source), style], args.repeat)
        pandoc = ""
        if shutil.which("pandoc"):
            seconds = measure_command(
                ["pandoc", str(doc), "--citeproc", "--csl", str(resolve_style(style)),
                 "--bibliography", str(json_path), "-t", "plain"], args.repeat)
            pandoc = f"{seconds:.2f} s"
        print(f"| {style} | {stock['seconds']:.2f} s | {ours['seconds']:.2f} s "
              f"| {stock['seconds'] / ours['seconds']:.1f}x | {pandoc} |")


if __name__ == "__main__":
    main()
