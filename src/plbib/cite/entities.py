"""Character references in a style as citeproc-js's XML reader decodes them.

A style that escaped a reference once too often ("&amp;#160;", meant as a no-break space)
reads in lxml as the text "&#160;", which citeproc-py printed. citeproc-js's reader turns
"&amp;" into "&" first and then decodes "&#160;", "&#x2013;", "&quot;", "&lt;" and "&gt;",
so such a style prints the character — in attribute values (affixes, delimiters, values)
and in term text alike."""

from __future__ import annotations

import re
from typing import Any

_REFERENCE = re.compile(r"&(?:#([0-9]{1,6})|#[xX]([0-9a-fA-F]{1,6})|(quot|gt|lt));")
_NAMED = {"quot": '"', "gt": ">", "lt": "<"}


def _character(match: re.Match[str]) -> str:
    if match[3]:
        return _NAMED[match[3]]
    code = int(match[1]) if match[1] else int(match[2], 16)
    return chr(code) if code <= 0x10FFFF else match[0]  # no such character: left as is


def decode(text: str) -> str:
    return _REFERENCE.sub(_character, text)


def decode_again(root: Any) -> None:
    """Every attribute value and element text of the parsed style, decoded once more."""
    for element in root.iter():
        for name, value in element.attrib.items():
            if "&" in value:
                element.set(name, decode(value))
        if element.text and "&" in element.text:
            element.text = decode(element.text)
