"""Benchmark: BibTeX import and export of generated lists.

    python -m benchmarks.bench_bibtex [--size 10000]

* import: plbib's reader (full LaTeX decoding, name splitting, validation) against
  bibtexparser's plain ``parse_string`` of the same file;
* export: plbib's writer against ``pandoc -f csljson -t bibtex`` on the same records (the
  CSL-JSON input is made by pandoc from our .bib beforehand, untimed).

Fresh process per measurement. Import: ``--repeat`` pairs of runs, the two sides
alternating, reported as the median of the pair ratios (and their spread). Export: best of
``--repeat``, side by side in one run.
"""

from __future__ import annotations

import shutil
import subprocess

from benchmarks.common import (
    CACHE,
    dataset,
    measure_command,
    measure_pairs,
    measure_python,
    size_and_repeat,
)

SETUP_BIB = "text = open(sys.argv[1], encoding='utf-8').read()"


def main() -> None:
    parser = size_and_repeat(10000)
    args = parser.parse_args()
    source = dataset(args.size)
    bib = CACHE / f"papers-{args.size}.bib"
    import plbib

    bib.write_text(plbib.dumps(plbib.load(source), "bibtex"), encoding="utf-8")

    pairs = measure_pairs(
        ("import bibtexparser; " + SETUP_BIB, "len(bibtexparser.parse_string(text).entries)"),
        ("import plbib; from plbib.formats import bibtex; venues = plbib.load_venues(); "
         + SETUP_BIB, "len(bibtex.read(text, lenient=True, venues=venues))"),
        [str(bib)], args.repeat)
    spread = sorted(pairs["ratios"])
    print(f"| BibTeX import, {args.size:,} entries | bibtexparser parse_string "
          f"{min(pairs['reference']):.2f}–{max(pairs['reference']):.2f} s "
          f"| plbib {min(pairs['candidate']):.2f}–{max(pairs['candidate']):.2f} s "
          f"| median {pairs['median_ratio']:.2f}x of {args.repeat} pairs "
          f"({spread[0]:.2f}x–{spread[-1]:.2f}x) |")

    write = measure_python(
        "import plbib; from plbib.formats import bibtex; papers = plbib.load(sys.argv[1])",
        "len(bibtex.write(papers))", [str(source)], args.repeat)
    if shutil.which("pandoc"):
        csl = CACHE / f"papers-{args.size}.json"
        with csl.open("w") as out:
            subprocess.run(["pandoc", "-f", "bibtex", "-t", "csljson", str(bib)], stdout=out,
                           check=True)
        pandoc = measure_command(["pandoc", "-f", "csljson", "-t", "bibtex", str(csl)],
                                 args.repeat)
        print(f"| BibTeX export, {args.size:,} records | pandoc -f csljson -t bibtex "
              f"{pandoc:.2f} s | plbib {write['seconds']:.2f} s "
              f"| {write['seconds'] / pandoc:.2f}x |")
    else:
        print(f"| BibTeX export, {args.size:,} records | (pandoc not installed) "
              f"| plbib {write['seconds']:.2f} s | |")


if __name__ == "__main__":
    main()
