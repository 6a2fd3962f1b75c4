"""A snapshot of plbib's CSL output, to show that a change (a speed-up) changes no entry.

    python scripts/cite_snapshot.py FILE [--sample 250] [--jobs 2]
    python scripts/cite_snapshot.py --compare BEFORE AFTER

Formats the bundled list and the conformance runner's varied records (benchmarks.generate.
varied, seed 2026) in a sample of styles spread over all of them (scripts/conformance.py's
sample, the five named styles included): each bibliography as text and as HTML, and ten
in-text citations of three keys each; errors are recorded as such. ``--compare`` prints
the first differences between two snapshots and exits 1 if there are any. Takes about five
minutes for 250 styles on two cores; needs no node.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

#: the varied records (the conformance runner's count) and the citations per record set
VARIED, CITES = 60, 10


def snapshot(path: str) -> tuple[str, dict[str, Any]]:
    """One style's output on both record sets."""
    from benchmarks.generate import varied

    import plbib
    from plbib.cite import Formatter

    out: dict[str, Any] = {}
    for name, records in {"bundled": plbib.load(), "varied": varied(VARIED)}.items():
        for output in ("text", "html"):
            try:
                entries = Formatter(path, output=output).bibliography(records)
                out[f"{name}/{output}"] = [[e.key, e.text] for e in entries]
            except Exception as error:  # recorded: a change may also mend or break a style
                out[f"{name}/{output}"] = f"error: {type(error).__name__}: {error}"
        keys = [r.key for r in records]
        try:
            out[f"{name}/cite"] = [Formatter(path).cite(records, keys[i:i + 3])
                                   for i in range(0, 3 * CITES, 3)]
        except Exception as error:
            out[f"{name}/cite"] = f"error: {type(error).__name__}: {error}"
    return Path(path).name, out


def compare(before: dict[str, Any], after: dict[str, Any], shown: int = 10) -> int:
    """Prints the differences (up to ``shown``); returns their count."""
    count = 0
    for style in sorted(set(before) | set(after)):
        for part in sorted(set(before.get(style, {})) | set(after.get(style, {}))):
            old, new = before.get(style, {}).get(part), after.get(style, {}).get(part)
            if old == new:
                continue
            count += 1
            if count <= shown:
                pairs = list(zip(old, new, strict=False)) if isinstance(old, list) and \
                    isinstance(new, list) else [(old, new)]
                first = next(((a, b) for a, b in pairs if a != b), (old, new))
                print(f"{style} {part}:\n  before: {first[0]}\n  after:  {first[1]}")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--sample", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        count = compare(before, after)
        print(f"{count} differences over {len(before)} styles")
        return 1 if count else 0
    if args.file is None:
        parser.error("give the snapshot's file, or --compare BEFORE AFTER")
    from conformance import sample_styles

    paths = [str(p) for p in sample_styles(args.sample)]
    with concurrent.futures.ProcessPoolExecutor(args.jobs) as pool:
        result = dict(pool.map(snapshot, paths, chunksize=4))
    args.file.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True),
                         encoding="utf-8")
    print(f"{len(result)} styles written to {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
