"""References exactly as a BibTeX style (``.bst``) prints them.

:mod:`.run` runs the style with pybtex's BibTeX interpreter on the records, in memory, and
gives the ``.bbl``; :mod:`.builtins` holds bibtex's built-in functions where pybtex's
differ; :mod:`.render` reads the ``.bbl``'s LaTeX into entries of styled runs, as the
typeset bibliography reads; :mod:`.writers` writes them as text, HTML or Markdown.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..errors import FormatError, PlbibError
from ..formatted import Formatted, OutputFormat
from ..model import Record
from ..venues import VenueRegistry
from . import writers
from .run import BstError, bbl, resolve


def references(records: Sequence[Record], style: str | os.PathLike[str], *,
               venues: VenueRegistry, output: OutputFormat | str = OutputFormat.TEXT
               ) -> tuple[list[Formatted], tuple[PlbibError, ...]]:
    """Every record's reference as the style prints it, in the style's order, as text,
    HTML or Markdown; and the warnings of the style (empty fields, …) and of rendering
    its LaTeX."""
    try:
        fmt = OutputFormat(output)
    except ValueError:
        raise FormatError(f"unknown output format {output!r}",
                          hint="use text, html or markdown (or bbl for the .bbl itself)"
                          ) from None
    text, warnings = bbl(records, style, venues=venues)
    rendered, problems = writers.formatted(text, fmt)
    return rendered, warnings + problems


__all__ = ["BstError", "bbl", "references", "resolve"]
