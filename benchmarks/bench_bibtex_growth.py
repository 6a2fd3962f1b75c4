"""Benchmark: how BibTeX import grows with the file, against bibtexparser's ``parse_string``.

    python -m benchmarks.bench_bibtex_growth [--sizes 10000,100000] [--repeat 1]

On the corpus of ``benchmarks.generate.dblp_bib`` (@string macros, DBLP's timestamp, biburl
and bibsource, abstracts, titles read again and again and one word apart): CPU seconds and
peak memory of a fresh process per size and side, and how much each grows from the first
size to the last (linear growth: the time ratio equals the size ratio). Instruction counts
at one size: ``bench_bibtex_instructions --corpus dblp``.
"""

from __future__ import annotations

import argparse

from benchmarks.common import CACHE, measure_python
from benchmarks.generate import dblp_bib

SETUP = "text = open(sys.argv[1], encoding='utf-8').read()"
SIDES = {
    "bibtexparser parse_string": ("import bibtexparser; " + SETUP,
                                  "len(bibtexparser.parse_string(text).entries)"),
    "plbib bibtex.read": ("import plbib; from plbib.formats import bibtex; "
                          "venues = plbib.load_venues(); " + SETUP,
                          "len(bibtex.read(text, lenient=True, venues=venues))"),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[str, list[dict[str, float]]] = {side: [] for side in SIDES}
    print("| corpus (dblp) | side | CPU s | peak MiB | plbib / parse_string |\n"
          "|---|---|---:|---:|---:|")
    for size in sizes:
        path = CACHE / f"dblp-{size}.bib"
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_text(dblp_bib(size), encoding="utf-8")
        for side, (setup, timed) in SIDES.items():
            results[side].append(measure_python(setup, timed, [str(path)], args.repeat))
        ours, theirs = results["plbib bibtex.read"][-1], results["bibtexparser parse_string"][-1]
        for side, result in (("bibtexparser parse_string", theirs), ("plbib bibtex.read", ours)):
            ratio = f"{ours['seconds'] / theirs['seconds']:.2f}x" if side.startswith("plbib") \
                else ""
            print(f"| {size:,} | {side} | {result['seconds']:.2f} | "
                  f"{result['peak_bytes'] / 2**20:.0f} | {ratio} |")
    growth = sizes[-1] / sizes[0]
    for side, runs in results.items():
        print(f"\n{side}: {growth:g}x the entries, "
              f"{runs[-1]['seconds'] / runs[0]['seconds']:.1f}x the time")


if __name__ == "__main__":
    main()
