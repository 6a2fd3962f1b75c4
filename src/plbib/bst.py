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

from .errors import PlbibError, Severity
from .model import Record
from .venues import VenueRegistry


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
    from pybtex.bibtex import bst
    from pybtex.bibtex.interpreter import Interpreter
    from pybtex.database.input.bibtex import Parser
    from pybtex.errors import capture

    from .formats import bibtex

    path = resolve(style)
    text = bibtex.write(records, venues=venues)
    try:
        script = bst.parse_file(str(path))
        with capture() as warnings, _quiet_top(), _special_case_as_bibtex():
            output = Interpreter(Parser, None).run(script, ["*"], [io.StringIO(text)],
                                                   min_crossrefs=2)
    except Exception as exc:  # pybtex raises many kinds on a broken style
        raise BstError(f"the BibTeX style {path.name} cannot be run: {exc}", field="bst",
                       file=str(path)) from None
    return output, tuple(_warning(str(w)) for w in warnings)


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


@contextlib.contextmanager
def _special_case_as_bibtex() -> Iterator[None]:
    """pybtex's ``change.case$`` and ``purify$`` differ from bibtex's, fixed while a style
    runs (:func:`bibtex_change_case` and :func:`bibtex_purify` replace them;
    tests/test_bst.py compares the result with bibtex's on generated records): bibtex
    changes the case of ASCII letters only (pybtex lower-cased "Ð" to "ð"), and of the
    letters of a special character such as ``{\\`A}`` and of the foreign letters
    ``\\OE`` … ``\\ss`` (pybtex left them); its purify$ keeps a foreign letter's
    letters (``{\\L}ukasz`` is "Lukasz": pybtex's "ukasz" sorted Łukasz after Ömer); its
    width$ counts a special character as its control word's first letter and the text at
    its own level (pybtex counted the control word's other letters and nested text: alpha's
    widest label came out another one)."""
    import pybtex.bibtex.utils as utils

    originals = utils.change_case, utils.bibtex_purify, utils.bibtex_width
    utils.change_case, utils.bibtex_purify, utils.bibtex_width = (
        bibtex_change_case, bibtex_purify, bibtex_width)
    try:
        yield
    finally:
        utils.change_case, utils.bibtex_purify, utils.bibtex_width = originals


def bibtex_change_case(string: str, mode: str) -> str:
    """bibtex's ``change.case$`` (``l``, ``u`` or ``t``), on pybtex's tokens and with its
    rule for where title case keeps a letter (the start, and after a colon and a space)."""
    from pybtex.bibtex.utils import scan_bibtex_string

    out = []
    state = "start"
    for char, level in scan_bibtex_string(string):
        if level == 0:
            out.append(char if mode == "t" and state == "start" else _ascii(char, mode == "u"))
            if char == ":":
                state = "after colon"
            elif char.isspace() and state == "after colon":
                state = "start"
            else:
                state = "normal"
        elif level == 1 and char.startswith("\\"):
            out.append(bibtex_special_case(char, mode, mode == "t" and state == "start"))
        else:
            out.append(char)
    return "".join(out)


_CONTROL = re.compile(r"\\([A-Za-z]+|.)")
_FOREIGN_UP = {"oe": "\\OE", "ae": "\\AE", "aa": "\\AA", "o": "\\O", "l": "\\L",
               "i": "I", "j": "J", "ss": "SS"}
_FOREIGN_DOWN = {"OE": "\\oe", "AE": "\\ae", "AA": "\\aa", "O": "\\o", "L": "\\l"}


def bibtex_special_case(special: str, mode: str, first: bool) -> str:
    """A special character's content (``\\`A``, ``\\OE``) in bibtex's ``change.case$`` mode:
    its control sequences kept but for the foreign letters, its other characters
    converted; nothing changes where title case keeps a letter (``first``)."""
    if first:
        return special
    upper = mode == "u"
    out, position = [], 0
    for match in _CONTROL.finditer(special):
        out.append(_ascii(special[position:match.start()], upper))
        name = match.group(1)
        out.append((_FOREIGN_UP if upper else _FOREIGN_DOWN).get(name, "\\" + name))
        position = match.end()
    out.append(_ascii(special[position:], upper))
    return "".join(out)


_FOREIGN = frozenset({"oe", "OE", "ae", "AE", "aa", "AA", "o", "O", "l", "L", "i", "j",
                      "ss"})


def bibtex_purify(string: str) -> str:
    """bibtex's ``purify$``: letters, digits and spaces kept (a hyphen or tie as a space),
    a special character's control sequences dropped but for the foreign letters, whose
    letters stay."""
    from pybtex.bibtex.utils import scan_bibtex_string

    out: list[str] = []
    for token, level in scan_bibtex_string(string):
        if level == 1 and token.startswith("\\"):
            control = _CONTROL.match(token)
            name = control.group(1) if control else ""
            rest = token[control.end():] if control else token
            kept = (name if name in _FOREIGN else "") + rest
            out.extend(char for char in kept if char.isalnum())
        elif token.isalnum():
            out.append(token)
        elif token.isspace() or token in "-~":
            out.append(" ")
    return "".join(out)


def bibtex_width(string: str) -> int:
    """bibtex's ``width$`` in cmr10 units: characters' widths, braces of plain groups
    counted, a special character as the first letter of its control word (a foreign
    letter's letters) and the text at its own level (``{\\'c}`` is c, ``{\\etalchar{+}}``
    is e)."""
    from pybtex.bibtex.utils import scan_bibtex_string
    from pybtex.charwidths import charwidths

    width = 0
    for token, level in scan_bibtex_string(string):
        if level == 1 and token.startswith("\\"):
            control = _CONTROL.match(token)
            name = control.group(1) if control else ""
            if name.isalpha():
                width += sum(charwidths.get(c, 0) for c in name) if name in _FOREIGN \
                    else charwidths.get(name[0], 0)
            depth = 0
            for char in token[control.end() if control else 0:]:
                if char == "{":
                    depth += 1
                elif char == "}":
                    depth -= 1
                elif depth == 0 and not char.isspace():
                    width += charwidths.get(char, 0)
            width -= 1000  # the special character's braces, which the scan yields as tokens
        else:
            width += charwidths.get(token, 0)
    return width


def _ascii(text: str, upper: bool) -> str:
    """``text`` with its ASCII letters in upper or lower case (bibtex changes no other)."""
    return "".join((c.upper() if upper else c.lower()) if c.isascii() else c for c in text)


def _warning(message: str) -> PlbibError:
    key = re.search(r"\bin (\S+)$", message)
    return PlbibError(message.strip(), key=key.group(1) if key else None,
                      field="bst", severity=Severity.WARNING)


__all__ = ["BstError", "bbl", "resolve"]
