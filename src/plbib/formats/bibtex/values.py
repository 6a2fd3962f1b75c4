"""BibTeX values: month macros, DBLP's housekeeping fields, and the ``@string`` / ``#``
expression evaluator."""

from __future__ import annotations

import re

from ...identifiers import MONTH_ABBREVIATIONS

MONTH_MACROS = MONTH_ABBREVIATIONS

MONTH_NUMBERS = {macro: number for number, macro in enumerate(MONTH_MACROS, start=1)}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

#: DBLP's housekeeping fields, dropped without a warning when asked (``drop_dblp``).
DBLP_FIELDS = frozenset({"timestamp", "biburl", "bibsource"})



class Expression:
    """Evaluates BibTeX value expressions: ``{…}``, ``"…"``, numbers, macros, ``#``."""

    def __init__(self) -> None:
        self.macros: dict[str, str] = {
            m: f"{{{MONTH_NAMES[i]}}}" for i, m in enumerate(MONTH_MACROS)}
        #: the macros the file defines (``@string``), as opposed to the month macros every
        #: style defines, each its own way (abbrv's ``jan`` is "Jan.")
        self.defined: set[str] = set()

    def define(self, name: str, raw: str) -> None:
        """``@string{name = raw}``; KeyError or ValueError as :meth:`value`."""
        self.macros[name.lower()] = "{" + self.value(raw) + "}"
        self.defined.add(name.lower())

    def source(self, raw: str) -> str:
        """The value in BibTeX syntax to write back as the file meant it: one braced text
        where it is all text (the file's own macros expanded: the written file has no
        ``@string``), else its pieces joined by ``#``, the macros the file does not define
        kept as names for the style to expand (``{10~} # jan``: abbrv prints "10~Jan.").
        A piece that cannot be read stays as it is."""
        raw = raw.strip()
        if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
            return raw
        pieces: list[str] = []  # texts braced, macro names bare
        for piece in _split_concatenation(raw):
            name = piece.lower()
            if _MACRO_NAME.fullmatch(piece) and not piece.isdigit() and \
                    name not in self.defined:
                pieces.append(piece)  # as spelt (bibtex and biber ignore its case)
                continue
            try:
                body = self.value(piece)
                # a quoted text whose braces do not balance ("…: {", bibtexparser reads
                # it) stays quoted: braced, it would swallow the entries after it
                text = "{" + body + "}" if _balanced(body) else piece
            except (KeyError, ValueError):
                text = piece
            if pieces and pieces[-1].startswith("{") and text.startswith("{"):
                pieces[-1] = pieces[-1][:-1] + text[1:]
            else:
                pieces.append(text)
        return " # ".join(pieces)

    def value(self, raw: str) -> str:
        """The value's body (braces of the outer delimiters removed); KeyError on an
        undefined macro, ValueError on malformed text."""
        if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
            return raw[1:-1]  # the common case: one braced value
        parts = []
        for piece in _split_concatenation(raw):
            braced = piece.startswith("{") and piece.endswith("}")
            quoted = piece.startswith('"') and piece.endswith('"') and len(piece) >= 2
            if braced or quoted:
                parts.append(piece[1:-1])
            elif piece.isdigit():
                parts.append(piece)
            elif _MACRO_NAME.fullmatch(piece):
                body = self.macros[piece.lower()]
                parts.append(self.value(body))
            else:
                raise ValueError(f"cannot read the value {piece!r}")
        return "".join(parts)


_MACRO_NAME = re.compile(r"[^\s\"#%'(),={}]+")


def _balanced(text: str) -> bool:
    """Whether every brace of the text closes one it opened (no ``}`` first, none left);
    a loop over its braces only (an abstract is a thousand characters and few braces)."""
    if text.count("{") != text.count("}"):
        return False
    depth = 0
    for brace in _BRACES.findall(text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return True


_BRACES = re.compile(r"[{}]")


def _split_concatenation(raw: str) -> list[str]:
    if "#" not in raw:
        return [raw.strip()]
    pieces, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i].strip())
            start = i + 1
    pieces.append(raw[start:].strip())
    return pieces


def expression_value(expression: Expression, raw: str) -> str:
    try:
        return expression.value(raw)
    except (KeyError, ValueError):
        return ""
