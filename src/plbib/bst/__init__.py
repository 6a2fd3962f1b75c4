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
    if records and not rendered:
        raise printed_nothing(style, len(records), warnings, text)
    return rendered, warnings + problems


def printed_nothing(style: str | os.PathLike[str], count: int,
                    warnings: Sequence[PlbibError], bbl_text: str = "") -> BstError:
    """The error for a style that prints no reference of ``count`` records: one meant for
    other entries (``address-vcard`` writes vCards of ``@address`` entries; its warning of
    an unknown entry type says so), or one whose ``.bbl`` is no LaTeX bibliography
    (``abbrvhtml`` writes HTML, ``amsra`` amsrefs' ``\\bib`` entries)."""
    name = resolve(style).stem
    if bbl_text.strip():
        return BstError(f"the BibTeX style {name} writes a .bbl that is no LaTeX "
                        "bibliography (no \\bibitem): it is for another program or package",
                        field="bst", hint="--to bbl gives that .bbl as it is; for "
                                          "references choose another style")
    types = [w.message for w in warnings if "isn't style-file defined" in w.message]
    said = f"; it says: {types[0]}" if types else ""
    return BstError(f"the BibTeX style {name} prints no reference for the {count} "
                    f"record(s){said}", field="bst",
                    hint="the style is meant for other kinds of entries: choose another "
                         "style")


__all__ = ["BstError", "bbl", "printed_nothing", "references", "resolve"]
