"""The published files, all made from ``data/papers.yaml``.

``plbib build`` writes ``data/papers.bib`` (BibTeX, LaTeX accents: pdflatex and bibtex),
``data/papers.json`` (CSL-JSON), ``data/papers.ris`` (RIS) and the list in README.md
between its marker comments, each atomically. ``plbib build --check`` writes nothing and
names every file that is not what the build would write (CI runs it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import yamlsource
from .canonical import load
from .errors import PlbibError
from .fileio import write_atomic
from .formats import bibtex, csljson, markdown, ris
from .model import PaperList
from .resources import load_venues

SOURCE = Path("data") / "papers.yaml"
README = Path("README.md")


class BuildError(PlbibError):
    """The repository cannot be built (no list, no README markers)."""


@dataclass(frozen=True)
class Output:
    path: Path
    text: str
    what: str


_EXPORTS: tuple[tuple[str, Callable[[PaperList], str], str], ...] = (
    ("papers.bib", lambda p: bibtex.write(p, venues=p.venues), "BibTeX"),
    ("papers.json", lambda p: csljson.write(p, venues=p.venues), "CSL-JSON"),
    ("papers.ris", lambda p: ris.write(p, venues=p.venues), "RIS"),
)


def outputs(root: str | os.PathLike[str] = ".") -> list[Output]:
    """Every published file and the text the build gives it."""
    base = Path(root)
    source = base / SOURCE
    if not source.is_file():
        raise BuildError(f"no paper list at {source}", file=str(source),
                         hint="run plbib build in the repository's root (or give --root)")
    papers = load(source)
    out = [Output(base / "data" / name, write(papers), what) for name, write, what in _EXPORTS]
    readme = base / README
    if readme.is_file():
        document = yamlsource.read_text(readme)  # bad UTF-8 is a PlbibError with its line
        listing = markdown.write_list(papers, papers.sections, papers.venues or
                                      load_venues())
        try:
            out.append(Output(readme, markdown.replace_list(document, listing),
                              "the README's list"))
        except ValueError:
            raise BuildError(
                "README.md has no list markers", file=str(readme),
                hint=f"put the lines {markdown.START_MARKER!r} and {markdown.END_MARKER!r} "
                     "where the list goes") from None
    return out


def stale(root: str | os.PathLike[str] = ".") -> list[Output]:
    """The outputs whose file differs from what the build writes."""
    found = []
    for output in outputs(root):
        try:  # bytes, as write_atomic writes them: no decoding to fail, no newline folding
            current = output.path.read_bytes()
        except FileNotFoundError:
            current = None
        if current != output.text.encode("utf-8"):
            found.append(output)
    return found


def build(root: str | os.PathLike[str] = ".") -> list[Output]:
    """Write every output that changed (atomically); the ones written."""
    changed = stale(root)
    for output in changed:
        write_atomic(output.path, output.text)
    return changed


__all__ = ["BuildError", "Output", "build", "outputs", "stale"]
