"""A citeproc-py output formatter for Markdown (the interface of ``citeproc.formatter.*``).

Every value is escaped so that no title, name or venue can become a link, emphasis, code or
HTML: ``\\ ` * _ [ ] < >`` and a leading ``#``/``!`` are backslash-escaped. Formatting the
style asks for becomes Markdown emphasis; what Markdown lacks (small caps, underline) is
dropped, superscript and subscript use HTML tags GitHub renders.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~])")


def preformat(text: object) -> str:
    return _SPECIAL.sub(r"\\\1", str(text))


#: plbib's fixed citeproc elements escape variable values with this (citeproc-py does not)
escape_value = preformat


class _Wrapper(str):
    before = ""
    after = ""

    def __new__(cls, text: str) -> _Wrapper:
        return super().__new__(cls, f"{cls.before}{text}{cls.after}" if str(text) else "")


class Italic(_Wrapper):
    before = after = "*"


class Oblique(Italic):
    pass


class Bold(_Wrapper):
    before = after = "**"


class Superscript(_Wrapper):
    before, after = "<sup>", "</sup>"


class Subscript(_Wrapper):
    before, after = "<sub>", "</sub>"


Light = str
Underline = str
SmallCaps = str

__all__ = [
    "Bold",
    "Italic",
    "Light",
    "Oblique",
    "SmallCaps",
    "Subscript",
    "Superscript",
    "Underline",
    "escape_value",
    "preformat",
]
