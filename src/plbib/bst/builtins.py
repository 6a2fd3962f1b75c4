"""bibtex's own built-in functions where pybtex's differ, in place of pybtex's while a
style runs (:func:`bibtex_builtins`); each is checked against real bibtex's
``.bbl`` on generated records (tests/test_bst.py)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from functools import cache
from typing import Any


@contextlib.contextmanager
def bibtex_builtins() -> Iterator[None]:
    """pybtex's ``change.case$``, ``purify$``, ``width$`` and ``add.period$`` differ from
    bibtex's; bibtex's replace them while a style runs (tests/test_bst.py compares them
    with bibtex's on edge strings and whole lists): bibtex changes the case of ASCII
    letters only (pybtex lower-cased "Ð" to "ð"), and of the letters of a special character
    such as ``{\\`A}`` and of the foreign letters ``\\OE`` … ``\\ss`` (pybtex left them);
    its purify$ keeps a foreign letter's letters (``{\\L}ukasz`` is "Lukasz": pybtex's
    "ukasz" sorted Łukasz after Ömer); its width$ measures a special character by its
    control words and all the text inside it (pybtex counted neither the same way: alpha's
    widest label came out another one); its add.period$ adds a period to a string of
    closing braces only (pybtex's raised an IndexError: ACM-Reference-Format stopped); its
    format.name$ ties a part's first two names when the part's text up to the first
    separator, its own text before the names included, is short (pybtex looked at the
    first name alone: ", V.~O.~K." where bibtex writes ", V. O.~K."), and cuts names at
    hyphens into tokens as bibtex does ("{Gyeong-In} Ab-Cd", not "…~Ab-Cd"); its ``*``
    of a missing field and a string is the empty string (bibtex complains of the missing
    field and pushes ""; pybtex joined them: jmb's ``address ":" *`` printed ": ")."""
    import pybtex.bibtex.builtins as registry
    import pybtex.bibtex.names as names
    import pybtex.bibtex.utils as utils

    originals = utils.change_case, utils.bibtex_purify, utils.bibtex_width
    add_period, concatenate = registry.builtins["add.period$"], registry.builtins["*"]
    name_part = names.NamePart.format
    utils.change_case, utils.bibtex_purify, utils.bibtex_width = (
        bibtex_change_case, bibtex_purify, bibtex_width)
    registry.builtins["add.period$"] = registry.Builtin(_add_period)
    registry.builtins["*"] = registry.Builtin(_concatenate)
    names.NamePart.format = bibtex_name_part
    try:
        yield
    finally:
        utils.change_case, utils.bibtex_purify, utils.bibtex_width = originals
        registry.builtins["add.period$"] = add_period
        registry.builtins["*"] = concatenate
        names.NamePart.format = name_part


def bibtex_name_part(part: Any, person: Any) -> str:
    """One ``{…}`` part of a format.name$ format, as bibtex.web formats it: the part's
    names cut into tokens at spaces and hyphens; between two tokens the part's own
    separator if it has one, else the hyphen the name had, a tie before the last token or
    while the part's text so far (its text before the names included) has fewer than three
    characters, a space otherwise; abbreviated tokens end in a period before it."""
    from pybtex.bibtex.utils import bibtex_abbreviate, bibtex_len

    words = person.get_part(part.types[part.format_char]) if part.format_char else []
    if part.format_char and not words:
        return ""
    tokens: list[str] = []
    separators: list[str] = []
    for word in words:
        if tokens:
            separators.append(" ")
        pieces = _hyphenated(word)
        tokens.extend(pieces)
        separators.extend("-" * (len(pieces) - 1))
    if part.abbreviate:
        tokens = [bibtex_abbreviate(token) for token in tokens]
    text = part.pre_text
    for index, token in enumerate(tokens):
        text += token
        if index == len(tokens) - 1:
            break
        if part.delimiter is not None:
            text += part.delimiter
            continue
        period = "." if part.abbreviate else ""
        if separators[index] == "-":
            text += period + "-"
        elif index == len(tokens) - 2 or bibtex_len(text + period) < 3:
            text += period + "~"
        else:
            text += period + " "
    formatted = str(text + part.post_text)
    if part.tie == "~":
        return formatted + ("~" if bibtex_len(formatted) < 3 else " ")
    return formatted + ("~" if part.tie == "~~" else "")


def _hyphenated(word: str) -> list[str]:
    """A name's hyphen-joined parts (not inside braces)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(word):
        depth += (char == "{") - (char == "}")
        if char == "-" and depth == 0:
            parts.append(word[start:index])
            start = index + 1
    return [*parts, word[start:]]


def bibtex_add_period(string: str) -> str:
    """bibtex's ``add.period$``: a period unless the last character before any closing
    braces is one of ``.?!`` — and after a string of closing braces only."""
    stripped = string.rstrip("}")
    return string if not string or (stripped and stripped[-1] in ".?!") else string + "."


def _concatenate(interpreter: Any) -> None:
    from pybtex.bibtex.interpreter import MissingField

    second, first = interpreter.pop(), interpreter.pop()
    missing = isinstance(first, MissingField) or isinstance(second, MissingField)
    interpreter.push("" if missing else first + second)


def _add_period(interpreter: Any) -> None:
    interpreter.push(bibtex_add_period(interpreter.pop()))


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
    """bibtex's ``width$`` in cmr10 units (bibtex.web's ``x_width``): ASCII characters'
    widths (others none), braces of plain groups counted; a special character ``{\\…}``
    counts its control words — a foreign letter's own width (``\\ss``, ``\\OE``, …) or
    its first letter (``\\L``), any other control word nothing — and every other
    character inside it, nested groups' too (``{\\~{\\^e}}`` is e, ``{\\etalchar{+}}``
    is +, ``{\\relax Ch}`` is Ch)."""
    width = depth = 0
    position, end = 0, len(string)
    while position < end:
        char = string[position]
        if char == "{":
            depth += 1
            if depth == 1 and string.startswith("\\", position + 1):
                position, depth, special = _special_width(string, position + 1)
                width += special
                continue
            width += _char_width("{")
        elif char == "}":
            depth = max(depth - 1, 0)
            width += _char_width("}")
        else:
            width += _char_width(char)
        position += 1
    return width


#: bibtex's widths of the foreign letters it knows by name (the others count their first
#: letter)
_FOREIGN_WIDTHS = {"ss": 500, "ae": 722, "oe": 778, "AE": 903, "OE": 1014}
_CONTROL_WORD = re.compile(r"[A-Za-z]*")


def _special_width(string: str, position: int) -> tuple[int, int, int]:
    """From a special character's first backslash to the brace that closes it: where it
    ends, the brace depth there (0, or more if the string ends first) and its width."""
    depth, width, end = 1, 0, len(string)
    while position < end and depth > 0:
        position += 1  # the backslash
        name = _CONTROL_WORD.match(string, position)
        word = name.group() if name else ""
        if not word and position < end:
            position += 1  # a control symbol: \' \~
        else:
            position += len(word)
            if word in _FOREIGN_WIDTHS:
                width += _FOREIGN_WIDTHS[word]
            elif word in _FOREIGN:
                width += _char_width(word[0])
        while position < end and string[position].isspace():
            position += 1
        while position < end and depth > 0 and string[position] != "\\":
            char = string[position]
            if char == "}":
                depth -= 1
            elif char == "{":
                depth += 1
            else:
                width += _char_width(char)
            position += 1
    return position, depth, width


@cache
def _char_width(char: str) -> int:
    """bibtex's width of a character: cmr10's for ASCII, none for any other byte
    (remembered: pybtex's table is imported once, not at every character)."""
    from pybtex.charwidths import charwidths

    return charwidths.get(char, 0) if char < "\x80" else 0


def _ascii(text: str, upper: bool) -> str:
    """``text`` with its ASCII letters in upper or lower case (bibtex changes no other)."""
    return "".join((c.upper() if upper else c.lower()) if c.isascii() else c for c in text)
