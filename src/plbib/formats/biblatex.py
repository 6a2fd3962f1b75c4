"""BibLaTeX: the BibTeX module's writer in its BibLaTeX form; the reader reads both."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Record
from ..venues import VenueRegistry
from .bibtex import read

__all__ = ["read", "write"]


def write(records: Sequence[Record], *, ascii_only: bool = True,
          venues: VenueRegistry | None = None) -> str:
    from .bibtex import write as write_bibtex

    return write_bibtex(records, biblatex=True, ascii_only=ascii_only, venues=venues)
