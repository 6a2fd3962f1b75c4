"""The data plbib ships: the bundled paper list and venue registry."""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources as package_files
from pathlib import Path

from . import yamlsource
from .venues import VenueRegistry


def bundled_path(name: str) -> Path:
    """A bundled data file: inside the installed wheel, else in the repository's data/."""
    packaged = package_files.files("plbib") / "_data" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / name


@lru_cache(maxsize=8)
def _registry_from(path: str, mtime: float) -> VenueRegistry:
    text = yamlsource.read_text(path)
    return VenueRegistry.from_data(yamlsource.parse(text, path), file=path)


def load_venues(path: str | os.PathLike[str] | None = None) -> VenueRegistry:
    """The venue registry at ``path``, or the bundled one."""
    name = os.fspath(path) if path is not None else str(bundled_path("venues.yaml"))
    try:
        mtime = os.stat(name).st_mtime
    except OSError:
        mtime = 0.0
    return _registry_from(name, mtime)
