"""Shared benchmark helpers: fresh-process timing and the generated data sets."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import write

HERE = Path(__file__).parent
CACHE = HERE / "_generated"

#: a snippet prints {"seconds": …, "records": …}; peak memory is added by the runner
_WRAPPER = r"""
import json, resource, sys, time
{setup}
start = time.perf_counter()
records = {timed}
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": elapsed, "records": records, "peak_bytes": peak}}))
"""


def measure_python(setup: str, timed: str, args: list[str], repeat: int) -> dict[str, float]:
    """Best of ``repeat`` fresh processes running ``timed`` (an expression) after ``setup``."""
    code = _WRAPPER.format(setup=setup, timed=timed)
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                             text=True, check=True).stdout
        runs.append(json.loads(out))
    return min(runs, key=lambda r: r["seconds"])


def measure_command(command: list[str], repeat: int) -> float:
    """Best wall-clock seconds of ``repeat`` runs of an external command."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def dataset(size: int) -> Path:
    """The canonical YAML of ``size`` generated records (made once, then cached)."""
    path = CACHE / f"papers-{size}.yaml"
    if not path.exists():
        write(size, path)
    return path
