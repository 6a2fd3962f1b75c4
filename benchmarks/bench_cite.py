"""Benchmark: formatting 1,000 generated records in CSL styles.

    python -m benchmarks.bench_cite [--size 1000] [--styles ieee,apa]
    python -m benchmarks.bench_cite --against REV [--size 1000] [--styles …] [--repeat 5]

Side by side in one run, each in a fresh process, best of ``--repeat`` (CPU seconds):
stock citeproc-py (the same CSL-JSON items, the same style file), plbib (citeproc-py with
plbib's fixes and caches: the corrected output), and pandoc's citeproc
(``pandoc --citeproc --csl STYLE``, plain text), where pandoc is installed.

With ``--against REV``, plbib now against plbib as of the git revision REV (e.g. the commit
an issue was filed at: "no slower than then") on the same machine and the same records:
REV's ``src``, ``benchmarks`` and ``data`` are unpacked (git archive) under benchmarks/_generated,
the records are made by REV's own generator (same seed) so that both versions read them,
and the two sides run alternately in fresh processes, ``--repeat`` pairs; the ratio is the
median of the pairs' (the machine's speed drifts between runs).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.common import (
    CACHE,
    HERE,
    dataset,
    environment,
    measure_command,
    measure_pairs,
    measure_python,
    size_and_repeat,
)

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


def unpacked(revision: str) -> Path:
    """plbib's ``src``, ``benchmarks`` and ``data`` as of ``revision``, unpacked once."""
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
                           cwd=HERE, capture_output=True, text=True)
    if found.returncode != 0:
        raise SystemExit(f"bench_cite: no commit {revision!r} in this repository")
    commit = found.stdout.strip()
    target = CACHE / f"plbib-{commit[:12]}"
    if not (target / ".unpacked").exists():
        target.mkdir(parents=True, exist_ok=True)
        listed = subprocess.run(["git", "ls-tree", "--name-only", commit], cwd=HERE.parent,
                                capture_output=True, text=True, check=True).stdout.split()
        wanted = [name for name in ("src", "benchmarks", "data") if name in listed]
        archive = subprocess.run(["git", "archive", commit, *wanted], cwd=HERE.parent,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        (target / ".unpacked").touch()
    return target


def against(revision: str, size: int, styles: list[str], repeat: int) -> None:
    """plbib now against plbib as of ``revision``: same machine, same records."""
    old = unpacked(revision)
    path = [old / "src", old]
    records = old / f"papers-{size}.yaml"
    if not records.exists():  # REV's generator, which both versions can read
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from benchmarks.generate import write; "
                        "write(int(sys.argv[1]), Path(sys.argv[2]))", str(size), str(records)],
                       cwd=old, check=True,
                       env=environment(path))
    print(f"| style | plbib at {revision} | plbib now | now / then (median of {repeat} "
          "pairs) | pair ratios |")
    print("|---|---:|---:|---:|---|")
    for style in styles:
        pairs = measure_pairs((PLBIB, "run()"), (PLBIB, "run()"), [str(records), style],
                              repeat, reference_path=path)
        ratios = ", ".join(f"{r:.2f}" for r in pairs["ratios"])
        print(f"| {style} | {statistics.median(pairs['reference']):.2f} s "
              f"| {statistics.median(pairs['candidate']):.2f} s "
              f"| {pairs['median_ratio']:.2f}x | {ratios} |")


def main() -> None:
    parser = size_and_repeat(1000)
    parser.add_argument("--styles", default="ieee,apa")
    parser.add_argument("--against", metavar="REV",
                        help="time plbib as of this git revision too, on the same records")
    args = parser.parse_args()
    if args.against:
        against(args.against, args.size, args.styles.split(","), args.repeat)
        return
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
