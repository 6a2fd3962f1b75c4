"""The canonical list on disk: load a file (by default the bundled list) and check it."""

from __future__ import annotations

import os
from pathlib import Path

from . import yamlsource
from .errors import PlbibError, ValidationFailed
from .formats import yaml as canonical_yaml
from .model import PaperList
from .resources import bundled_path, load_venues
from .venues import VenueRegistry


def load(path: str | os.PathLike[str] | None = None, *,
         max_bytes: int = yamlsource.DEFAULT_MAX_BYTES,
         venues: VenueRegistry | None = None) -> PaperList:
    """Read a canonical YAML file; with no path, the bundled list."""
    file = Path(path) if path is not None else bundled_path("papers.yaml")
    text = yamlsource.read_text(file, max_bytes=max_bytes)
    return canonical_yaml.read(text, file=os.fspath(path) if path is not None else str(file),
                               base_dir=file.parent,
                               venues=venues if venues is not None else load_venues())


def check(path: str | os.PathLike[str] | None = None, *,
          max_bytes: int = yamlsource.DEFAULT_MAX_BYTES) -> list[PlbibError]:
    """Every problem in a canonical file (errors and warnings); an empty list if none."""
    try:
        papers = load(path, max_bytes=max_bytes)
    except ValidationFailed as failed:
        return list(failed.problems)
    except PlbibError as error:
        return [error]
    return [w for w in papers.warnings if isinstance(w, PlbibError)]


__all__ = ["check", "load"]
