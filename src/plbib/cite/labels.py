"""``citation-label`` in a sort key, as citeproc-js computes it.

A ``<key variable="citation-label"/>`` sorts in citeproc-js by a label it makes up for the
item (``getCitationLabel``), not by the item's ``citation-label`` value (plbib's is the
venue tag, "NeurIPS’23"): the first author's family name cut to four letters and the
year's last two digits ("Anag23"); two letters each of two authors ("AnPa23"), of three
"AnPB23", one letter each of four or more ("APBN23"); "00" without a year. A leading
lower-case particle ("de la") and an article ("The") are left out, so are characters that
are not letters. An item without names takes the first letters of its title (plbib leaves
out English articles, conjunctions and short prepositions; citeproc-js uses its own list
of "skip words", so such an item may sort differently)."""

from __future__ import annotations

import re
from typing import Any

#: letters kept per author, by how many authors the item has (citeproc-js's trigraph
#: "Aaaa00:AaAa00:AaAA00:AAAA00")
_LETTERS = ((4,), (2, 2), (2, 1, 1), (1, 1, 1, 1))
_PARTICLE = re.compile(r"^[ '’a-z]+\s+")
_ARTICLE = re.compile(r"^(a|the|an)\s+", re.IGNORECASE)
_NOT_LETTER = re.compile(r"[^a-zA-Z\u00c0-\u017f\u0370-\u03ff\u0400-\u052f]")
_SKIPPED = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "with",
                      "at", "by", "from"})

#: name variables in the order citeproc-js looks for the first one an item has
_NAME_VARIABLES = ("author", "chair", "collection_editor", "compiler", "composer",
                   "container_author", "contributor", "curator", "director", "editor")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def _names_part(names: list[Any]) -> str:
    letters = _LETTERS[min(len(names), len(_LETTERS)) - 1]
    label = ""
    for name, count in zip(names, letters, strict=False):
        if name.get("family"):
            text = _PARTICLE.sub("", str(name.get("family")))
        else:
            text = str(name.get("literal") or "")
        text = _NOT_LETTER.sub("", _ARTICLE.sub("", text))
        if not text:
            break
        label += _capitalised(text[:count])
    return label


def label_key(item: Any) -> str:
    """The label citeproc-js sorts ``item`` by where a key names ``citation-label``."""
    reference = item.reference
    label = ""
    for variable in _NAME_VARIABLES:
        names = reference.get(variable)
        if names:
            label = _names_part(list(names))
            break
    if not label and reference.get("title"):
        words = [w for w in str(reference.get("title")).split() if w.lower() not in _SKIPPED]
        label = _capitalised("".join(words)[:_LETTERS[0][0]])
    return label + (f"{_year(reference.get('issued')):04}")[-2:]


def _year(issued: Any) -> int:
    """The (first) year of an issued date, 0 without one. (citeproc-py's date objects
    raise VariableError, not AttributeError, for a part they lack: no ``getattr``.)"""
    from citeproc.source import Date, DateRange

    if isinstance(issued, DateRange):
        issued = issued.begin
    year = issued.get("year") if isinstance(issued, Date) else None
    return year if isinstance(year, int) else 0
