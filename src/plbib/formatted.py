"""Formatted references, whichever processor made them: a CSL style through citeproc-py
(:mod:`plbib.cite`) or a BibTeX style through pybtex (:mod:`plbib.bst`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class OutputFormat(str, Enum):
    TEXT = "text"
    HTML = "html"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Formatted:
    """One formatted bibliography entry."""

    key: str
    text: str


__all__ = ["Formatted", "OutputFormat"]
