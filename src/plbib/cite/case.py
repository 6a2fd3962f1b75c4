"""``text-case`` as citeproc-js applies it.

* title case is citeproc-js's (:mod:`plbib.cite.titlecase`), applied run by run so that a
  no-case span stays glued to its neighbours (citeproc-py printed "OPTQ : Accurate");
* an item without a language is English when the style's locale is, so ``text-case``
  applies (citeproc-py skipped title case on labels: "(eds.)" for APA's "(Eds.)");
* name parts and some joined values arrive as plain ``str``, which citeproc-py's
  text-case methods cannot change ("'str' object has no attribute 'capitalize_first'"):
  they are wrapped in citeproc's String first;
* ``text-case`` on a macro call (``<text macro="author" text-case="uppercase"/>``) changes
  nothing: citeproc-js applies text-case only where text is printed (a variable, value,
  term, number, date part or name part), never to what a macro renders."""

from __future__ import annotations

from typing import Any

from .titlecase import Run, title_case


def _title_case(text: Any) -> Any:
    """citeproc-js's title case (:mod:`plbib.cite.titlecase`) over citeproc-py's (Mixed)String,
    segment by segment, so that no-case spans stay glued to the text around them."""
    from citeproc.string import MixedString, NoCase, String

    segments = list(text) if isinstance(text, MixedString) else [text]
    runs = [Run(str(s), isinstance(s, NoCase)) for s in segments]
    out = [NoCase(r.text) if r.nocase else String(r.text) for r in title_case(runs)]
    if len(out) == 1:
        return out[0]
    return MixedString(out)

def fixed_case(element: Any, text: Any, language: str | None = None) -> Any:
    """``TextCased.case`` with the fixes: title case as above; an item without a language
    is English when the style's locale is (citeproc-js), not "never title-case"."""
    text_case = element.get("text-case")
    if text_case is None or "macro" in element.attrib:
        return text
    text = _as_citeproc_string(text)
    if text_case == "title":
        if language not in (None, "en") and not str(language).startswith("en"):
            return text
        return _title_case(text)
    if language is None:
        language = "en"
    return _ORIGINAL_CASE(element, text, language)

def _as_citeproc_string(text: Any) -> Any:
    """Name parts and some joined values arrive as plain ``str`` (or a MixedString holding
    one), which citeproc-py's text-case methods cannot change ("'str' object has no
    attribute 'capitalize_first'"): wrap them in citeproc's String."""
    from citeproc.string import MixedString, String

    if type(text) is str:
        return String(text)
    if isinstance(text, MixedString) and any(type(s) is str for s in text):
        return MixedString([String(s) if type(s) is str else s for s in text])
    return text

def _original_case() -> Any:
    from citeproc.model import TextCased

    return TextCased.case

_ORIGINAL_CASE = _original_case()
