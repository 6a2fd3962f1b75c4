"""Bibliography order as citeproc-js sorts.

CSL leaves the comparison of sort keys to the processor; citeproc-js compares with
``localeCompare`` (sensitivity "base", punctuation ignored, numbers as numbers) and joins a
key's words with "|". citeproc-py compared lowercased strings code point by code point, so
"Öztürk" sorted after "Zhang" and "Liu, Hao" before "Li, Xian"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cmp_to_key
from typing import Any

from . import givennames, labels
from .styles import formatting_locale

#: greater than any letter: "c" + _AFTER sorts after every "c…" and before "d"
_AFTER = "\U0010ffff"
#: letters ICU's root collation sorts as others ("ß" as "ss"), or after all of one letter
#: ("ı" after every "i…", "þ" after "z" and the letters a language puts after "z")
_SORT_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l",
                               "ð": "d", "þ": "z" + _AFTER * 9, "ı": "i" + _AFTER * 5})

_DIGITS = re.compile(r"(\d+)")


def _after(base: str, *letters: str) -> dict[str, str]:
    """``letters`` in this order just after ``base`` (letters in one string are equal)."""
    return {letter: base + _AFTER * rank for rank, group in enumerate(letters, 1)
            for letter in group.split("=")}


_NORDIC_Y = {"ü": "y"}
#: letters that a language sorts apart from their base letter (ICU's tailorings as
#: JavaScript's ``localeCompare`` applies them at sensitivity "base", checked with node):
#: each is sorted as the key given, just after that base letter; "y" is "i" in
#: Lithuanian, Estonian puts z after š and õ ä ö ü after w, the Nordic languages their
#: extra letters after z and "ü" as "y"; Danish "aa" is "å"
_TAILORINGS: dict[str, dict[str, str]] = {
    "cs": {**_after("c", "č"), **_after("h", "ch"), **_after("r", "ř"), **_after("s", "š"),
           **_after("z", "ž")},
    "sk": {**_after("a", "ä"), **_after("c", "č"), **_after("h", "ch"), **_after("o", "ô"),
           **_after("r", "ř"), **_after("s", "š"), **_after("z", "ž")},
    "lt": {**_after("c", "č"), "y": "i", **_after("s", "š"), **_after("z", "ž")},
    "lv": {**_after("c", "č"), **_after("g", "ģ"), **_after("i", "y"), **_after("k", "ķ"),
           **_after("l", "ļ"), **_after("n", "ņ"), **_after("s", "š"), **_after("z", "ž")},
    "et": {**_after("s", "š", "z=ź=ż", "ž"), **_after("w", "õ", "ä", "ö", "ü")},
    "sv": {**_after("z", "å", "ä=æ=ę", "ö=ø=ő"), **_NORDIC_Y, "þ": "th"},
    "fi": {**_after("z", "þ", "å", "ä=æ", "ö=ø"), **_NORDIC_Y},
    "da": {**_after("z", "æ=ä", "ø=ö=ő", "å=aa"), **_NORDIC_Y, "þ": "th"},
    "nb": {**_after("z", "æ=ä=ę", "ø=ö=ő", "å=aa"), **_NORDIC_Y, "þ": "th"},
    "nn": {**_after("z", "æ=ä=ę", "ø=ö=ő", "å=aa"), **_NORDIC_Y, "þ": "th"},
    "pl": {**_after("a", "ą"), **_after("c", "ć"), **_after("e", "ę"), **_after("l", "ł"),
           **_after("n", "ń"), **_after("o", "ó"), **_after("s", "ś"), **_after("z", "ź", "ż")},
    "es": _after("n", "ñ"),
    "hr": {**_after("c", "č", "ć"), **_after("d", "dž", "đ"), **_after("l", "lj"),
           **_after("n", "nj"), **_after("s", "š"), **_after("z", "ž")},
    "sl": {**_after("c", "č", "ć"), **_after("d", "dž", "đ"), **_after("s", "š"),
           **_after("z", "ž")},
    "ro": {**_after("a", "ă", "â"), **_after("i", "î"), **_after("s", "ș=ş"),
           **_after("t", "ț=ţ")},
    "hu": {**_after("c", "cs"), **_after("d", "dz", "dzs"), **_after("g", "gy"),
           **_after("l", "ly"), **_after("n", "ny"), **_after("o", "ö=ő"), **_after("s", "sz"),
           **_after("t", "ty"), **_after("u", "ü=ű"), **_after("z", "zs")},
    "tr": {**_after("c", "ç"), **_after("g", "ğ"), **_after("h", "ı"), **_after("o", "ö"),
           **_after("s", "ş"), **_after("u", "ü")},
}
_TAILORED = {language: re.compile("|".join(sorted(map(re.escape, letters), key=len,
                                                  reverse=True)))
             for language, letters in _TAILORINGS.items()}
#: placeholders for tailored letters while accents are folded away (private use area)
_PLACEHOLDER = 0xF0000


def collation_key(text: str, language: str | None = None
                  ) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders as citeproc-js's comparison does (``localeCompare`` with
    sensitivity "base", ``ignorePunctuation`` and ``numeric``, ICU's collation for
    ``language``, e.g. the style's "cs-CZ"): accents and case ignored ("Öztürk" with the
    Os) but for the letters the language sorts apart (Czech "Chen" after "Hz"),
    punctuation and spaces ignored, symbols before digits, digit runs compared as
    numbers, digits before letters."""
    code = (language or "")[:2].lower()
    if code == "tr":  # Turkish "I" is the capital of dotless "ı", "İ" of "i"
        text = text.replace("I", "ı").replace("Î", "ı").replace("İ", "i")
    folded = text.casefold()
    tailoring = _TAILORINGS.get(code)
    keys: list[str] = []
    if tailoring is not None:
        def placeholder(match: re.Match[str]) -> str:
            key = tailoring[match[0]]
            if _AFTER not in key:  # sorted as other letters: "þ" as "th"
                return key
            keys.append(key)
            return chr(_PLACEHOLDER + len(keys) - 1)

        folded = _TAILORED[code].sub(placeholder, folded)
    folded = unicodedata.normalize("NFKD", folded.translate(_SORT_LETTERS))
    out: list[tuple[int, int | str]] = []
    for index, part in enumerate(_DIGITS.split(folded)):
        if index % 2:
            out.append((1, int(part)))
            continue
        for char in part:
            if ord(char) >= _PLACEHOLDER and ord(char) - _PLACEHOLDER < len(keys):
                out.append((2, keys[ord(char) - _PLACEHOLDER]))
                continue
            if char == _AFTER and out and isinstance(out[-1][1], str):  # "ı": "i" + _AFTER
                out[-1] = (2, out[-1][1] + char)
                continue
            kind = unicodedata.category(char)[0]
            if kind in "PZC" or unicodedata.combining(char):
                continue
            out.append((0 if kind == "S" else 2, char))
    return tuple(out)


def sort_language(context: Any) -> str | None:
    """The language citeproc-js sorts in: the style's ``default-locale-sort``, else the
    locale it formats in."""
    return context.get_root().get("default-locale-sort") or formatting_locale(context)


_PARTS = ("year", "month", "day")


def date_key(element: Any, item: Any, variable: str) -> str | None:
    """A ``cs:date`` rendered inside a macro that a ``cs:key`` calls, as citeproc-js
    renders it there (``CSL.dateAsSortKey``): not the text the date prints but its
    numbers — "1" and the four-digit year, then two-digit month and day (00 when the
    element does not show that part or the date lacks it), for the start and the end of
    a range — so "2023 December" sorts after "2023 March", not by month name."""
    from citeproc.source import Date, DateRange

    value = item.reference.get(variable.replace("-", "_"))
    ends = (value.begin, value.get("end")) if isinstance(value, DateRange) else (value, None)
    if not isinstance(ends[0], Date) or not ends[0].get("year"):
        return None  # no date, or a literal one (citeproc-js parses those; plbib has none)
    if element.get("form") is not None:
        shown = element.get("date-parts", "year-month-day").split("-")
    else:
        shown = [part.get("name") for part in element.iterchildren()]
    out = []
    for date in ends:
        for part in _PARTS:
            number = (date.get(part, 0) or 0) if date is not None and part in shown else 0
            out.append(f"1{number:04}" if part == "year" else f"{number:02}")
    return "".join(out)


def sort_items(keys: Sequence[Any], items: Sequence[Any], context: Any,
               tiebreak: Sequence[Any] | None = None) -> list[Any]:
    """``items`` in the order of the ``cs:key`` elements ``keys``: citeproc-js's comparison
    of sort keys (``collation_key``); a missing (empty) key sorts last in either direction,
    as citeproc-js's ``Registry.Comparifier`` places an undefined key; a tie goes by
    ``tiebreak`` when given, else keeps the citation order."""
    area = "citation" if context.getparent().tag.endswith("}citation") else "bibliography"
    for item in items:  # names in sort keys at that area's disambiguation levels
        givennames.enter(item, area)
    columns = [[labels.label_key(item) for item in items]
               if key.get("variable") == "citation-label" else key.sort_keys(items, context)
               for key in keys]
    descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]
    language = sort_language(context)
    # citeproc-js joins a key's words with "|" (and ends it so): "Li|Xian|" sorts before
    # "Liu|Hao|", where the words alone ("lixian", "liuhao") would not
    folded = [[None if value is None or not str(value) else
               collation_key("|".join(str(value).split(" ")) + "|", language)
               for value in column] for column in columns]

    def compare(left: int, right: int) -> int:
        for column, down in zip(folded, descending, strict=True):
            a, b = column[left], column[right]
            if a == b:
                continue
            if a is None or b is None:
                return 1 if a is None else -1
            result = (a > b) - (a < b)
            return -result if down else result
        if tiebreak is not None and tiebreak[left] != tiebreak[right]:
            return -1 if tiebreak[left] < tiebreak[right] else 1
        return left - right

    return [items[i] for i in sorted(range(len(items)), key=cmp_to_key(compare))]


def names_in_key(key: Any, names: list[Any]) -> list[Any]:
    """The names a ``cs:key variable="author"`` (and the like) sorts by: citeproc-js
    truncates them with the key's names-min / names-use-first, else cs:bibliography's (or
    cs:citation's) et-al-min / et-al-use-first, else the style's (citeproc-py kept every
    name: "Cai, Wang, …" before "Cai, Wu, …" where citeproc-js compares "Cai" alone)."""
    def option(key_attribute: str, attribute: str) -> int | None:
        for holder in (key, *key.iterancestors()):
            name = key_attribute if holder is key else attribute
            if holder.get(name) is not None and (
                    holder is key or holder.tag.endswith(("}bibliography", "}citation",
                                                          "}style"))):
                return int(holder.get(name))
        return None

    minimum = option("names-min", "et-al-min")
    first = option("names-use-first", "et-al-use-first")
    if minimum and first and len(names) >= minimum:
        return names[:first]
    return names
