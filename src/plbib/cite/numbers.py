"""``cs:number`` as citeproc-js prints a value.

* a hyphen is a range (printed with an en dash) only between two parts that both have a
  digit: "12-15" and "3a-4" are ranges, a report number "TR-54" or "x-y" stays as it is
  (citeproc-py made every "a-b" a range: "TR–54");
* in the numeric form a number keeps its digits as written: "2021-03" is "2021–03", where
  citeproc-py read "03" as the integer 3."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_DIGIT = re.compile(r"\d")


def number_text(element: Any, value: Any, variable: str) -> Any:
    """The value of ``variable`` formatted by the ``cs:number`` ``element``."""
    from citeproc.string import join

    en_dash = unicodedata.lookup("EN DASH")
    page_delimiter = element.get_single_term(name="page-range-delimiter") \
        if variable.startswith("page") else None
    range_delimiter = page_delimiter or element.unicode_character("EN DASH")

    def number_or_range(item: str) -> Any:
        parts = [part.strip() for part in item.replace(en_dash, "-").split("-")]
        if len(parts) != 2 or not all(_DIGIT.search(part) for part in parts):
            return element.format_number(item.strip())
        first = element.format_number(parts[0])
        if variable == "page-first":
            return first
        last = element.format_number(element._format_last_page(first, parts[1])
                                     if variable == "page" else parts[1])
        return join((first, last), range_delimiter)

    ampersand = " " + element.unicode_character("AMPERSAND") + " "
    return join((join((number_or_range(item) for item in part.split("&")), ampersand)
                 for part in str(value).split(",")), delimiter=", ")


def as_written(number: str, form: str) -> bool:
    """A number the numeric form prints as it was written (leading zeros kept)."""
    return form == "numeric" and number.strip().isdigit()
