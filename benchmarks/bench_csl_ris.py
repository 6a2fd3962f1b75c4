"""Benchmark: CSL-JSON and RIS export and import of a generated list, against pandoc.

    python -m benchmarks.bench_csl_ris [--size 10000]

pandoc converting the same entries (``pandoc -f bibtex -t csljson`` on our .bib) is the
yardstick each of plbib's four operations is compared with. Fresh process per measurement,
best of ``--repeat``, side by side in one run.
"""

from __future__ import annotations

import shutil

from benchmarks.common import CACHE, dataset, measure_command, measure_python, size_and_repeat

LOAD = "import plbib; papers = plbib.load(sys.argv[1])"
READ = "import plbib; text = open(sys.argv[1], encoding='utf-8').read()"


def main() -> None:
    parser = size_and_repeat(10000)
    args = parser.parse_args()
    source = dataset(args.size)
    import plbib

    papers = plbib.load(source)
    files = {}
    for fmt, ext in (("bibtex", "bib"), ("csljson", "json"), ("ris", "ris")):
        files[fmt] = CACHE / f"papers-{args.size}.{ext}"
        files[fmt].write_text(plbib.dumps(papers, fmt), encoding="utf-8")
    pandoc = None
    if shutil.which("pandoc"):
        pandoc = measure_command(["pandoc", "-f", "bibtex", "-t", "csljson",
                                  str(files["bibtex"])], args.repeat)
    yardstick = f"pandoc -f bibtex -t csljson {pandoc:.2f} s" if pandoc else "(no pandoc)"
    for fmt in ("csljson", "ris"):
        write = measure_python(LOAD, f"len(plbib.dumps(papers, {fmt!r}))", [str(source)],
                               args.repeat)
        read = measure_python(READ, f"len(plbib.loads(text, {fmt!r}))", [str(files[fmt])],
                              args.repeat)
        for what, result in (("export", write), ("import", read)):
            ratio = f"{result['seconds'] / pandoc:.2f}x" if pandoc else ""
            print(f"| {fmt} {what}, {args.size:,} records | {yardstick} "
                  f"| plbib {result['seconds']:.2f} s | {ratio} |")


if __name__ == "__main__":
    main()
