"""The formats plbib reads and writes, each a module at the edge of the canonical model.

A format module converts only between its text and :class:`~plbib.model.Record` values,
never to another format. This registry maps a format's name and file extensions to it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FormatError
from ..model import PaperList, Record


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    extensions: tuple[str, ...]
    description: str

    def _load(self) -> Any:
        return importlib.import_module(f"plbib.formats.{self.module}")

    @property
    def read(self) -> Callable[..., PaperList]:
        reader: Callable[..., PaperList] = self._load().read
        return reader

    @property
    def write(self) -> Callable[..., str]:
        writer: Callable[..., str] = self._load().write
        return writer


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("yaml", "yaml", (".yaml", ".yml"), "plbib's canonical YAML"),
        Format("bibtex", "bibtex", (".bib", ".bibtex"), "BibTeX (bibtex, Zotero, pandoc)"),
        Format("biblatex", "biblatex", (), "BibLaTeX (biber); read like BibTeX"),
        Format("csljson", "csljson", (".json",), "CSL-JSON (Zotero, citeproc-js, pandoc)"),
        Format("cslyaml", "cslyaml", (), "CSL-YAML (pandoc's references: block)"),
        Format("ris", "ris", (".ris",), "RIS (Zotero, Mendeley, EndNote)"),
        Format("markdown", "markdown", (".md", ".markdown"),
               "the Markdown paper list ([OSDI'22] [Title](link), Affiliation)"),
    )
}


def get(name: str) -> Format:
    """The format with this name; :class:`FormatError` suggests the known ones."""
    fmt = FORMATS.get(name.lower())
    if fmt is None:
        raise FormatError(
            f"unknown format {name!r}", hint=f"known formats: {', '.join(sorted(FORMATS))}"
        )
    return fmt


def from_path(path: str | os.PathLike[str], given: str | None = None) -> Format:
    """The format named by ``given``, else the one the file's extension says."""
    if given:
        return get(given)
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    raise FormatError(
        f"cannot tell the format of {str(path)!r} from its extension",
        hint="name it with --from/--to (known: " + ", ".join(sorted(FORMATS)) + ")",
    )


def names() -> Sequence[str]:
    return sorted(FORMATS)


__all__ = ["FORMATS", "Format", "Record", "from_path", "get", "names"]
