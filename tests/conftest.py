from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"

settings.register_profile("default", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if IN_CI else "default")


def script(name: str) -> ModuleType:
    """A module of scripts/ (they are run on demand, not installed)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def shared_dir() -> Path:
    return Path(os.environ.get("PLBIB_SHARED", ROOT.parent / "shared"))


def need(condition: bool, reason: str) -> None:
    """Skip locally when an external prerequisite is missing; fail under CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def reference_dir() -> Path:
    path = shared_dir() / "reference"
    need((path / "final-list-order.yaml").is_file(), f"reference metadata not found at {path}")
    return path
