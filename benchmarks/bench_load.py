"""Benchmark: load + validate a canonical list, against a bare libyaml load of the same file.

    python -m benchmarks.bench_load [--sizes 1000 10000 100000]

Each measurement runs in a fresh subprocess (so peak memory, ru_maxrss, is its own), best of
``--repeat`` runs; both loaders are measured side by side in one run.
"""

from __future__ import annotations

import argparse

from benchmarks.common import dataset, measure_python

BARE = ("import yaml; text = open(sys.argv[1], encoding='utf-8').read()",
        "len(yaml.load(text, Loader=yaml.CSafeLoader)['papers'])")
PLBIB = ("import plbib", "len(plbib.load(sys.argv[1]))")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| records | file MB | bare CSafeLoader s | plbib.load s | ratio | plbib records/s "
          "| plbib peak MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        path = dataset(size)
        bare = measure_python(*BARE, [str(path)], args.repeat)
        ours = measure_python(*PLBIB, [str(path)], args.repeat)
        print(f"| {size:,} | {path.stat().st_size / 1e6:.1f} | {bare['seconds']:.3f} "
              f"| {ours['seconds']:.3f} | {ours['seconds'] / bare['seconds']:.2f}x "
              f"| {ours['records'] / ours['seconds']:,.0f} "
              f"| {ours['peak_bytes'] / 2**20:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
