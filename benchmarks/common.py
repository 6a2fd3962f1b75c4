"""Shared benchmark helpers: fresh-process timing and the generated data sets."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.generate import write

HERE = Path(__file__).parent
CACHE = HERE / "_generated"

#: Prints the CPU seconds of the timed expression ("seconds": this machine is a shared VM
#: whose wall-clock times swing by 2x between identical runs, CPU time far less), the wall
#: seconds, the records counted and the process's peak memory.
_WRAPPER = r"""
import json, resource, sys, time
{setup}
wall, cpu = time.perf_counter(), time.process_time()
records = {timed}
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": cpu, "wall": wall, "records": records, "peak_bytes": peak}}))
"""


def run_python(setup: str, timed: str, args: list[str],
               path: list[Path] | None = None) -> dict[str, float]:
    """One fresh process running ``timed`` (an expression) after ``setup``: its figures.
    ``path``: directories put first on its module search path (another plbib's source)."""
    code = _WRAPPER.format(setup=setup, timed=timed)
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True, env=environment(path)).stdout
    result: dict[str, float] = json.loads(out)
    return result


def environment(path: list[Path] | None) -> dict[str, str] | None:
    """This process's environment with ``path`` first on Python's module search path
    (None: unchanged)."""
    if not path:
        return None
    return dict(os.environ, PYTHONPATH=os.pathsep.join(map(str, path)))


def measure_python(setup: str, timed: str, args: list[str], repeat: int) -> dict[str, float]:
    """Best of ``repeat`` fresh processes running ``timed`` (an expression) after ``setup``."""
    runs = [run_python(setup, timed, args) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"])


def measure_pairs(reference: tuple[str, str], candidate: tuple[str, str], args: list[str],
                  repeat: int, reference_path: list[Path] | None = None) -> dict[str, Any]:
    """Fresh processes of the two sides, alternating, ``repeat`` pairs: each side's CPU
    seconds, and the ratio candidate/reference of each pair.

    On a shared VM the speed of the machine drifts over minutes; the two runs of a pair see
    nearly the same machine, so the median of the pair ratios is steadier than the ratio of
    two best-ofs measured one after the other.
    """
    references, candidates = [], []
    for _ in range(repeat):
        references.append(run_python(*reference, args, reference_path)["seconds"])
        candidates.append(run_python(*candidate, args)["seconds"])
    ratios = [c / r for c, r in zip(candidates, references, strict=True)]
    return {"reference": references, "candidate": candidates, "ratios": ratios,
            "median_ratio": statistics.median(ratios)}


def measure_command(command: list[str], repeat: int) -> float:
    """Best CPU seconds (user + system, of the child) of ``repeat`` runs of a command."""
    best = float("inf")
    for _ in range(repeat):
        before = os.times()
        subprocess.run(command, capture_output=True, check=True)
        after = os.times()
        used = (after.children_user - before.children_user) + (
            after.children_system - before.children_system)
        best = min(best, used)
    return best


def size_and_repeat(default_size: int) -> argparse.ArgumentParser:
    """The options every single-size benchmark takes (``--size``, ``--repeat``); add more to
    the parser it returns."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=default_size)
    parser.add_argument("--repeat", type=int, default=3)
    return parser


def dataset(size: int) -> Path:
    """The canonical YAML of ``size`` generated records (made once, then cached)."""
    path = CACHE / f"papers-{size}.yaml"
    if not path.exists():
        write(size, path)
    return path
