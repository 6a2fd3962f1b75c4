"""References exactly as a BibTeX style (``.bst``) prints them: the style run by pybtex's
BibTeX interpreter on the records, in memory.

The records go to pybtex as plbib's BibTeX export in a string (no file on disk); the
``.bst`` is found by name with ``kpsewhich`` (TeX installed) or given as a path. The result
is the ``.bbl`` bibtex writes for ``\\nocite{*}`` — the same text as bibtex's, line
breaks aside: bibtex wraps lines by bytes, pybtex by characters (tests/test_bst.py compares
them on seven styles). The style's ``warning$`` messages ("empty journal in …") are
plbib warnings naming the record.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import PlbibError, Severity
from ..model import Record
from ..venues import VenueRegistry
from .builtins import bibtex_builtins


class BstError(PlbibError):
    """A BibTeX style that cannot be found or run."""


def resolve(style: str | os.PathLike[str]) -> Path:
    """The ``.bst`` file: a path as given, else the name (``IEEEtran``) through TeX's
    ``kpsewhich``."""
    path = Path(style)
    if path.suffix == ".bst" or path.parent != Path("."):
        if path.is_file():
            return path
        raise BstError(f"no BibTeX style file {str(path)!r}", field="bst",
                       hint="give the path of a .bst file, or a style name")
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        raise BstError(f"cannot find the BibTeX style {str(style)!r}: TeX's kpsewhich is not "
                       "installed", field="bst", hint="give the path of its .bst file")
    found = subprocess.run([kpsewhich, f"{style}.bst"], capture_output=True, text=True,
                           check=False).stdout.strip()
    if not found:
        raise BstError(f"TeX has no BibTeX style {str(style)!r}", field="bst",
                       hint="check the name (plain, IEEEtran, ACM-Reference-Format, …) or "
                            "give the path of its .bst file")
    return Path(found)


def bbl(records: Sequence[Record], style: str | os.PathLike[str], *,
        venues: VenueRegistry) -> tuple[str, tuple[PlbibError, ...]]:
    """The ``.bbl`` the style makes of the records (every one cited, in the style's order)
    and the style's warnings."""
    from pybtex.bibtex.interpreter import Interpreter
    from pybtex.database.input.bibtex import Parser
    from pybtex.errors import capture

    from ..formats import bibtex

    path = resolve(style)
    text = bibtex.write(records, venues=venues)
    try:
        script = _parsed(path)
        with capture() as warnings, _quiet_top(), bibtex_builtins():
            output = Interpreter(Parser, None).run(script, ["*"], [io.StringIO(text)],
                                                   min_crossrefs=2)
    except Exception as exc:  # pybtex raises many kinds on a broken style
        raise BstError(f"the BibTeX style {path.name} cannot be run: {exc}", field="bst",
                       file=str(path)) from None
    return output, tuple(_warning(str(w)) for w in warnings)


def _parsed(path: Path) -> Any:
    """The style's program; an 8-bit style (Latin-1 comments and strings, as in econ-bst
    or vak) read byte for byte, as bibtex reads every style (pybtex read UTF-8 only and
    stopped)."""
    from pybtex.bibtex import bst

    try:
        return bst.parse_file(str(path), encoding="utf-8")
    except UnicodeDecodeError:
        return bst.parse_file(str(path), encoding="latin-1")


@contextlib.contextmanager
def _quiet_top() -> Iterator[None]:
    """pybtex prints a style's ``top$`` messages ("-- IEEEtran.bst version …") to its own
    stdout: kept out of plbib's output while a style runs."""
    import pybtex.io

    saved, pybtex.io.stdout = pybtex.io.stdout, io.StringIO()
    try:
        yield
    finally:
        pybtex.io.stdout = saved


def _warning(message: str) -> PlbibError:
    key = re.search(r"\bin (\S+)$", message)
    return PlbibError(message.strip(), key=key.group(1) if key else None,
                      field="bst", severity=Severity.WARNING)


__all__ = ["BstError", "bbl", "resolve"]
