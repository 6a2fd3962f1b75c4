"""Benchmark: the near-duplicate title check on titles read again and again.

    python -m benchmarks.bench_duplicates [--sizes 10000,40000]

Titles drawn from a pool a fortieth the list's size (3 to 6 words from a small vocabulary,
so that many are also one word apart): CPU seconds of ``duplicates.near_duplicate_titles``
per size, in this process. Linear growth: the time grows as the size does. (Before a
repeated title was answered from its first reading, 40,000 titles took 4.37 s, 10x the time
of 10,000: quadratic in the repeats.)
"""

from __future__ import annotations

import argparse
import random
import time

from plbib.duplicates import near_duplicate_titles

WORDS = ["Efficient", "Fast", "Scalable", "Serving", "Training", "Inference", "Large",
         "Language", "Models", "GPUs", "Memory", "Sparse"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,40000")
    args = parser.parse_args()
    rng = random.Random(1)
    print("| titles | pool | CPU s | reported |\n|---:|---:|---:|---:|")
    for size in (int(text) for text in args.sizes.split(",")):
        pool = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6)))
                for _ in range(size // 40)]
        titles = [(index, f"k{index}", rng.choice(pool)) for index in range(size)]
        start = time.process_time()
        found = near_duplicate_titles(titles)
        print(f"| {size:,} | {len(pool):,} | {time.process_time() - start:.2f} | "
              f"{len(found):,} |")


if __name__ == "__main__":
    main()
