"""``cs:number`` as citeproc-js prints a value.

* a hyphen is a range (printed with an en dash) only between two parts that both have a
  digit: "12-15" and "3a-4" are ranges, a report number "TR-54" or "x-y" stays as it is
  (citeproc-py made every "a-b" a range: "TR–54");
* in the numeric form a number keeps its digits as written: "2021-03" is "2021–03", where
  citeproc-py read "03" as the integer 3;
* ``is-numeric`` holds, as in citeproc-js's ``processNumber``, when the value's first number
  (before a range hyphen or dash, a comma, semicolon, "&" or "and") is digits or a lower-case
  roman numeral, with a letter prefix and letter suffixes allowed: "65202-65223", "1, 3",
  "2 & 4", "S12", "12a-c" and "iv" are numeric, "TR-54" and "2nd edition" are not.
  citeproc-py accepted one number and nothing else, so a style's "pp. 1–16" under
  ``<if is-numeric="page">`` lost its label."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_DIGIT = re.compile(r"\d")

# citeproc-js's CSL.NUMERIC_VARIABLES: the variables processNumber parses.
NUMERIC_VARIABLES = frozenset({
    "call-number", "chapter-number", "collection-number", "division", "edition", "page",
    "issue", "locator", "locator-extra", "number", "number-of-pages", "number-of-volumes",
    "part-number", "printing-number", "section", "supplement-number", "version", "volume",
    "supplement", "citation-number"})
_JOINER = r"\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*\\*[-\u2013]+\s*"
# The labels citeproc-js reads at the start of a number ("vol. 3", "p. 12": its
# CSL.STATUTE_SUBDIV_STRINGS), each with the variable it labels.
_LABELS = {"vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus",
    "subch.": "subchapter", "add.": "addendum", "amend.": "amendment", "annot.":
    "annotation", "app.": "appendix", "art.": "article", "bibliog.": "bibliography", "bk.":
    "book", "ch.": "chapter", "cl.": "clause", "col.": "column", "cmt.": "comment", "dec.":
    "decision", "dept.": "department", "ex.": "example", "fig.": "figure", "fld.": "field",
    "fol.": "folio", "n.": "note", "hypo.": "hypothetical", "illus.": "illustration",
    "intro.": "introduction", "l.": "line", "no.": "issue", "p.": "page", "pp.": "page",
    "para.": "paragraph", "pt.": "part", "pmbl.": "preamble", "princ.": "principle", "pub.":
    "publication", "r.": "rule", "rn.": "randnummer", "sched.": "schedule", "sec.":
    "section", "ser.": "series", "subdiv.": "subdivision", "subsec.": "subsection", "supp.":
    "supplement", "tbl.": "table", "tit.": "title", "vol.": "volume"}
_LEADING_LABEL = re.compile(r"^([a-z]+\.) +")
# Variables any of those labels may start.
_ANY_LABEL = frozenset({"locator", "locator-extra", "number", "page"})
_PREFIXED = re.compile(r"^(?:[0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_NUMBER = re.compile(r"^(?:[0-9]+|[ixv]+)(?:[-,:a-zA-Z]*|-[-0-9]+)$")


def is_numeric(value: object, variable: str, and_term: str = "and") -> bool:
    """Whether citeproc-js's ``is-numeric`` test holds for ``variable``'s ``value``."""
    text = str(value).strip()
    if not text:
        return False
    if variable not in NUMERIC_VARIABLES:
        return variable in ("title", "version") and text[-1].isdigit()
    joiner = _JOINER if and_term == "and" else \
        _JOINER + rf"|,\s+{re.escape(and_term)}\s+|\s+{re.escape(and_term)}\s+"
    first = re.split(joiner, text.replace("\u2013", "-"), maxsplit=1)[0]
    label = _LEADING_LABEL.match(first)
    if label and (variable in _ANY_LABEL or _LABELS.get(label.group(1)) == variable):
        first = first[label.end():]
    prefixed = _PREFIXED.match(first)
    return bool(_NUMBER.match(prefixed.group(1) if prefixed else first))


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
