"""plbib: a curated research-paper list kept as canonical bibliographic records.

    >>> import plbib
    >>> papers = plbib.load()              # the bundled list
    >>> papers.by_key("yu2022orca").title.text
    'Orca: A Distributed Serving System for Transformer-Based Generative Models'

Every format converts to and from the records in :mod:`plbib.model`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from . import formats
from .errors import PlbibError, Severity, ValidationFailed
from .fileio import write_atomic
from .model import EntryType, Name, Pages, PaperList, Record, Span, Title
from .query import select
from .store import check, load, load_venues
from .venues import Venue, VenueKind, VenueRegistry

__version__ = "0.1.0"


def loads(text: str, format: str = "yaml", *, file: str | None = None) -> PaperList:
    """Records from text in a format (``yaml``, …)."""
    return formats.get(format).read(text, file=file)


def read(path: str | os.PathLike[str], format: str | None = None) -> PaperList:
    """Records from a file, its format from ``format`` or the file's extension."""
    from . import yamlsource

    fmt = formats.from_path(path, format)
    if fmt.name == "yaml":
        return load(path)
    return fmt.read(yamlsource.read_text(path), file=os.fspath(path))


def dumps(records: Sequence[Record], format: str = "yaml") -> str:
    """The records as text in a format; deterministic."""
    return formats.get(format).write(records)


def dump(records: Sequence[Record], path: str | os.PathLike[str],
         format: str | None = None) -> None:
    """Write the records to a file atomically, the format from ``format`` or the extension."""
    fmt = formats.from_path(Path(path), format)
    write_atomic(path, fmt.write(records))


__all__ = [
    "EntryType", "Name", "Pages", "PaperList", "PlbibError", "Record", "Severity", "Span",
    "Title", "ValidationFailed", "Venue", "VenueKind", "VenueRegistry", "check", "dump",
    "dumps", "load", "load_venues", "loads", "read", "select",
]
