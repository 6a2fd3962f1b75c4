"""Benchmark: load + validate a canonical list, against a bare libyaml load of the same file.

    python -m benchmarks.bench_load [--sizes 1000 10000 100000]

Each measurement runs in a fresh subprocess (so peak memory, ru_maxrss, is its own), best of
``--repeat`` runs; both loaders are measured side by side in one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from benchmarks.generate import write

HERE = Path(__file__).parent
CACHE = HERE / "_generated"

_MEASURE = r"""
import json, resource, sys, time
path, what = sys.argv[1], sys.argv[2]
import yaml, plbib
text = open(path, encoding="utf-8").read()
start = time.perf_counter()
if what == "bare":
    count = len(yaml.load(text, Loader=yaml.CSafeLoader)["papers"])
else:
    count = len(plbib.load(path))
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": elapsed, "records": count, "peak_bytes": peak}))
"""


def measure(path: Path, what: str, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(path), what],
                             capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out))
    return min(runs, key=lambda r: r["seconds"])


def dataset(size: int) -> Path:
    path = CACHE / f"papers-{size}.yaml"
    if not path.exists():
        write(size, path)
    return path


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
        bare = measure(path, "bare", args.repeat)
        ours = measure(path, "plbib", args.repeat)
        print(f"| {size:,} | {path.stat().st_size / 1e6:.1f} | {bare['seconds']:.3f} "
              f"| {ours['seconds']:.3f} | {ours['seconds'] / bare['seconds']:.2f}x "
              f"| {ours['records'] / ours['seconds']:,.0f} "
              f"| {ours['peak_bytes'] / 2**20:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
