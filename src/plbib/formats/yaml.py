"""The canonical YAML as a format like the others (reading validates; see plbib.store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .. import store
from ..model import PaperList, Record
from ..venues import VenueRegistry


def read(text: str, *, file: str | None = None, base_dir: Path | None = None,
         lenient: bool = False, venues: VenueRegistry) -> PaperList:
    """The list in canonical YAML; its venues from the registry the file names
    (``venues: path``, relative to ``base_dir``), else from ``venues``. With ``lenient``
    the good records are kept and every problem is in ``warnings``."""
    return store.loads(text, file=file, base_dir=base_dir, venues=venues, lenient=lenient)


def write(records: Sequence[Record], *, sections: Sequence[str] | None = None,
          intro: str | None = None) -> str:
    return store.dumps(records, sections=sections, intro=intro)
