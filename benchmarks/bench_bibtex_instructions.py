"""Benchmark: BibTeX import against bibtexparser's ``parse_string``, in instructions.

    python -m benchmarks.bench_bibtex_instructions [--size 2000] [--corpus plbib|dblp]

``--corpus plbib``: plbib's own BibTeX export of a generated list; ``dblp``: a file as large
hand-kept and DBLP-exported bibliographies are (``benchmarks.generate.dblp_bib``: @string
macros, DBLP's extra fields, abstracts, titles read again and again and one word apart).

CPU time on a shared VM swings by 1.5x between identical runs; the number of instructions a
run executes (``valgrind --tool=callgrind``) does not. Each side's start-up (interpreter,
imports, reading the file) is counted on its own and subtracted, so the ratio compares the
parse alone. Needs valgrind; takes a few minutes (valgrind runs ~50x slower than native).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import CACHE, dataset
from benchmarks.generate import dblp_bib

READ = "import sys, bibtexparser\ntext = open(sys.argv[1], encoding='utf-8').read()\n"
READ_PLBIB = READ + "import plbib\nfrom plbib.formats import bibtex\nvenues = plbib.load_venues()\n"

#: (label, program): start-ups first, then the runs they are subtracted from
PROGRAMS = {
    "start-up: python + bibtexparser, read the file": READ,
    "start-up: python + bibtexparser + plbib, read the file": READ_PLBIB,
    "bibtexparser `parse_string`": READ + "bibtexparser.parse_string(text)\n",
    "bibtexparser `parse_string(parse_stack=[])` (plbib's syntax layer)":
        READ_PLBIB + "bibtexparser.parse_string(text, parse_stack=[])\n",
    "plbib `bibtex.read(text, lenient=True)`":
        READ_PLBIB + "bibtex.read(text, lenient=True, venues=venues)\n",
}


def instructions(program: str, bib: Path, work: Path) -> int:
    script = work / "run.py"
    script.write_text(program, encoding="utf-8")
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={work / 'callgrind.out'}",
         sys.executable, str(script), str(bib)], capture_output=True, text=True, check=True)
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None:
        raise SystemExit("valgrind printed no instruction count:\n" + result.stderr[-2000:])
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=2000)  # counts are exact: no repeats
    parser.add_argument("--corpus", choices=["plbib", "dblp"], default="plbib")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind (apt install valgrind)")
    import plbib

    bib = CACHE / f"{args.corpus}-{args.size}.bib"
    bib.write_text(dblp_bib(args.size) if args.corpus == "dblp" else
                   plbib.dumps(plbib.load(dataset(args.size)), "bibtex"), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        counts = {label: instructions(program, bib, Path(tmp))
                  for label, program in PROGRAMS.items()}
    labels = list(PROGRAMS)
    base, base_plbib = counts[labels[0]], counts[labels[1]]
    net = {labels[2]: counts[labels[2]] - base, labels[3]: counts[labels[3]] - base_plbib,
           labels[4]: counts[labels[4]] - base_plbib}
    print(f"{args.size:,} entries ({args.corpus})\n\n| run | instructions | net |\n"
          "|---|---:|---:|")
    for label in labels:
        shown = f"{net[label]:,}" if label in net else ""
        print(f"| {label} | {counts[label]:,} | {shown} |")
    print(f"\nplbib / parse_string: {net[labels[4]] / net[labels[2]]:.3f}x; "
          f"plbib's own work (read less the syntax layer): {net[labels[4]] - net[labels[3]]:,}")


if __name__ == "__main__":
    main()
