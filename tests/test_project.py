"""The project's promises about itself: CI runs the README's command, code is lint-clean,
and an installed wheel carries the bundled data."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import plbib
from conftest import ROOT, need


def _readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- test-command", 1)[1]
    return re.search(r"```sh\n(.+?)\n```", block, re.S).group(1).strip()  # type: ignore[union-attr]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    command = _readme_test_command()
    assert "pytest" in command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci, f".ci/run must contain the line: {command}"


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    need(Path(ruff).exists(), "ruff is not installed")
    proc = subprocess.run([ruff, "check", "src", "tests", "benchmarks", "scripts"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_is_clean() -> None:
    need(shutil.which("mypy") is not None or (Path(sys.executable).parent / "mypy").exists(),
         "mypy is not installed")
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_an_installed_wheel_loads_the_bundled_list(tmp_path: Path) -> None:
    need((ROOT / "pyproject.toml").exists(),
         "no pyproject.toml: the tests run from a copy without the project's source")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "w"),
         str(ROOT)], capture_output=True, text=True)
    need(proc.returncode == 0, f"cannot build a wheel here: {proc.stderr[-500:]}")
    wheel = next((tmp_path / "w").glob("plbib-*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-c",
         "import plbib; p = plbib.load(); print(plbib.__file__, len(p), p.source)"],
        cwd=outside, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    module_file, count, source = proc.stdout.split()
    assert module_file.startswith(str(target)) and count == str(len(plbib.load()))
    assert source.startswith(str(target))  # the packaged copy, not the repository's data/
    # plbib's own CSL styles travel in the wheel too
    proc = subprocess.run(
        [sys.executable, "-c", "import plbib.cite as c; print(c.resolve_style('plbib-list'))"],
        cwd=outside, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith(str(target))
