"""BibLaTeX: the BibTeX module's writer in its BibLaTeX form; the reader reads both."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import PlbibError, Severity
from ..model import Record
from ..venues import VenueRegistry
from .bibtex import read
from .bibtex.writer import biblatex_left_out

__all__ = ["read", "unwritten", "write"]


def unwritten(records: Sequence[Record]) -> list[PlbibError]:
    """One warning per record whose typed fields biblatex's data model has no place for in
    its entry type (the BibLaTeX export leaves them out: docs/bibtex.md)."""
    registry = getattr(records, "venues", None)
    if registry is None:
        return []
    out = []
    for record in records:
        lost = biblatex_left_out(record, registry)
        if lost:
            out.append(PlbibError(
                "biblatex's data model has no place for " + ", ".join(lost)
                + " in this entry type: left out of the BibLaTeX export", key=record.key,
                severity=Severity.WARNING,
                hint="the BibTeX export and the canonical YAML keep them"))
    return out


def write(records: Sequence[Record], *, ascii_only: bool = True,
          venues: VenueRegistry | None = None) -> str:
    from .bibtex import write as write_bibtex

    return write_bibtex(records, biblatex=True, ascii_only=ascii_only, venues=venues)
