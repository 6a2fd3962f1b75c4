"""``text-case`` as citeproc-js applies it.

* title case is citeproc-js's (:mod:`plbib.cite.titlecase`), applied run by run so that a
  no-case span stays glued to its neighbours (citeproc-py printed "OPTQ : Accurate");
* an item without a language is English when the style's locale is, so ``text-case``
  applies (citeproc-py skipped title case on labels: "(eds.)" for APA's "(Eds.)");
* name parts and some joined values arrive as plain ``str``, which citeproc-py's
  text-case methods cannot change ("'str' object has no attribute 'capitalize_first'"):
  they are wrapped in citeproc's String first;
* ``capitalize-all`` cuts words at punctuation too, as citeproc-js does ("OpenReview.Net");
  ``sentence`` keeps the first word but its first letter and lowers the others;
* ``text-case`` on a macro call (``<text macro="author" text-case="uppercase"/>``) changes
  nothing: citeproc-js applies text-case only where text is printed (a variable, value,
  term, number, date part or name part), never to what a macro renders;
* case changes follow the language (JavaScript's ``toLocaleUpperCase`` with the item's
  language, else the style's): in Turkish and Azerbaijani "i" and "ı" are two letters, upper
  case "İ" and "I" ("İÇİN", "SCHMİDT"), where Python's ``upper`` gives "ICIN"."""

from __future__ import annotations

import re
from typing import Any

from .styles import formatting_locale
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

#: where citeproc-js's text-case engine cuts words: white space and punctuation
_WORDS = re.compile(r"([\s\u00a0\u2000-\u200b\u205f\u3000‘’“”\"'\-–—/.,;?!:\[\]()]+)")


def _capitalize_all(text: Any) -> Any:
    """citeproc-js's ``capitalize-all``: every word in lower case gets a capital first
    letter, words cut at punctuation too ("Mlsys.Org", "A-B"); a word with a capital
    in it, a lone Greek letter and a no-case span stay."""
    from citeproc.string import MixedString, NoCase, String

    def words(part: str) -> str:
        return "".join(word[:1].upper() + word[1:]
                       if word == word.lower() and not re.fullmatch(r"[\u0370-\u03ff]", word)
                       else word for word in _WORDS.split(part))

    segments = list(text) if isinstance(text, MixedString) else [text]
    out = [s if isinstance(s, NoCase) else String(words(str(s))) for s in segments]
    return out[0] if len(out) == 1 else MixedString(out)


def _sentence(text: Any) -> Any:
    """citeproc-js's ``sentence``: the first word's first letter a capital (the rest of
    it kept: "OpenAI"), every other word in lower case ("Meta ai")."""
    from citeproc.string import MixedString, NoCase, String

    first = True
    out = []
    for segment in list(text) if isinstance(text, MixedString) else [text]:
        if isinstance(segment, NoCase):
            first = first and not str(segment).strip()
            out.append(segment)
            continue
        words = str(segment).split(" ")
        for index, word in enumerate(words):
            if not word:
                continue
            words[index] = word[:1].upper() + word[1:] if first else word.lower()
            first = False
        out.append(String(" ".join(words)))
    return out[0] if len(out) == 1 else MixedString(out)


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
    if text_case == "capitalize-all":
        return _capitalize_all(text)
    if text_case == "sentence":
        return _sentence(text)
    # name parts come without a language: the style's locale decides
    if (language or formatting_locale(element)[:2]) in _DOTTED_I:
        text = _dotted_i(text, text_case)
    if language is None:
        language = "en"
    return _ORIGINAL_CASE(element, text, language)

#: languages whose dotted and dotless i are two letters
_DOTTED_I = ("tr", "az")
_TO_UPPER = str.maketrans({"i": "İ"})
_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})


def _dotted_i(text: Any, text_case: str) -> Any:
    """The text prepared so that Python's ``upper``/``lower`` (what citeproc-py calls) case
    "i"/"ı" as Turkish does: "i" becomes "İ" where a letter is upper-cased, "I" becomes "ı"
    and "İ" "i" where one is lowered (no-case spans stay as they are)."""
    from citeproc.string import MixedString, NoCase, String

    segments = list(text) if isinstance(text, MixedString) else [text]
    out = []
    for index, segment in enumerate(segments):
        value = str(segment)
        if not isinstance(segment, NoCase):
            if text_case == "uppercase":
                value = value.translate(_TO_UPPER)
            elif text_case == "lowercase":
                value = value.translate(_TO_LOWER)
            elif text_case == "capitalize-first" and index == 0:
                value = value[:1].translate(_TO_UPPER) + value[1:]
        out.append(type(segment)(value) if isinstance(segment, String) else String(value))
    return out[0] if len(out) == 1 else MixedString(out)

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
