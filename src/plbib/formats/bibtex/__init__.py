"""BibTeX and BibLaTeX, both ways.

Writing follows what bibtex/biber and importers (Zotero, pandoc, citation-js) expect; the
choices are listed in docs/bibtex.md. Reading uses bibtexparser 2 as the syntax layer only
(blocks, fields, line numbers); value expressions (``@string`` macros, ``#``, month macros),
LaTeX decoding, name splitting, case protection, crossref and venue recognition are done
here, and the result goes through the same validation as the canonical YAML.
"""

from __future__ import annotations

from .names import format_name, format_names, parse_names
from .reader import read
from .values import DBLP_FIELDS, MONTH_MACROS, MONTH_NAMES
from .writer import WriteOptions, write, write_entry

__all__ = ["DBLP_FIELDS", "MONTH_MACROS", "MONTH_NAMES", "WriteOptions", "format_name",
           "format_names", "parse_names", "read", "write", "write_entry"]
