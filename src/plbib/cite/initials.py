"""Given names initialised as citeproc-js does it (``CSL.Util.Names.initializeWith``).

CSL's ``initialize-with`` turns given names into initials followed by its value;
``initialize="false"`` keeps full names and only normalises the initials already there;
``initialize-with-hyphen="false"`` joins the initials of a hyphenated name without the
hyphen. citeproc-py deviated on many names ("Jeong J S" for ``initialize-with=""``,
"Y.-. gon ." for "Yang-gon", "J. P." for "J.-P.", "Seo-yeonC." when not initialising);
this is citeproc-js's procedure, step by step:

* a lowercase part after a hyphen belongs to the part before it ("Yang-gon" is one word,
  initial "Y.");
* "J.P." is read as "J. P."; a lone capital ("J") is an initial;
* each word starting with a capital becomes its capital (plus the capitals that follow it
  when the word goes on in lowercase: "JEan" -> "Je") and the terminator; the separator
  after it becomes the terminator (a hyphen is kept: "G.-I.");
* a lowercase word ("de") is kept, preceded by a space;
* an abbreviation that is not one letter ("Th.") is kept whole.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: CSL.NAME_INITIAL_REGEXP: a capital, letters, and the period(s) after them
_INITIAL = re.compile(
    r"^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff"
    r"\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4"
    r"\u03f7\u03fd-\u03ff])([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff"
    r"\u0370-\u03ff\u1f00-\u1fff]*|)(\.)*")
_ROMANESQUE = re.compile(
    r"[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    r"\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b"
    r"\u202a-\u202e]")
_STARTS_ROMANESQUE = re.compile(
    r"^[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    r"\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b"
    r"\u202a-\u202e]")
_SEPARATOR = re.compile(r"([-\s]+)")
_TRAILING_SPACE = re.compile(r"[\t\n\x0b\x0c\r \ufeff\u00a0]+$")
_SPACED_HYPHEN = re.compile(r"[\s\ufeff]*-[\s\ufeff]*")  # JavaScript's \s has U+FEFF
_ANY_SPACES = re.compile(r"[\s\ufeff]+")
_SPACES = re.compile(r"[\t\n\x0b\x0c\r ]+")
_LOWER_AFTER_HYPHEN = "\u2013"  # marks "-gon" as part of its word while splitting


def initialize(given: str, terminator: str = "", *, hyphen: bool = True,
               initialize: bool = True) -> str:
    """``given`` as CSL prints it with ``initialize-with=terminator``."""
    if not given:
        return ""
    if given in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(given):
        return given
    return _initialized(str(given), terminator, hyphen, initialize)


@lru_cache(maxsize=4096)
def _initialized(given: str, terminator: str, hyphen: bool, initialize: bool) -> str:
    """:func:`initialize` of a romanesque given name (a pure function of its arguments,
    remembered: a list names the same people again and again)."""
    name = given if hyphen else given.replace("-", " ")
    name = _ANY_SPACES.sub(" ", _SPACED_HYPHEN.sub("-", name))
    name = re.sub(r"-([a-z])", _LOWER_AFTER_HYPHEN + r"\1", name)
    for index in range(len(name) - 2, -1, -1):  # "J.P." -> "J. P."
        if name[index] == "." and name[index + 1] != " ":
            name = name[:index] + ". " + name[index + 1:]
    parts = _SEPARATOR.split(name)  # words at even positions, separators between
    if len(parts) == 1:
        last = re.search(r"[^.]+$", parts[0])
        if last and len(last.group()) == 1 and last.group() != last.group().lower():
            parts[0] += "."
    out = _initials(parts, terminator) if initialize else _normalised(parts, terminator)
    return re.sub(_LOWER_AFTER_HYPHEN + r"([a-z])", r"-\1", out)


def _finish(parts: list[str]) -> str:
    text = _TRAILING_SPACE.sub("", "".join(parts))
    return _SPACES.sub(" ", _SPACED_HYPHEN.sub("-", text))


def _initials(parts: list[str], terminator: str) -> str:
    count = len(parts)
    for index in range(0, count, 2):
        word = parts[index]
        if not word:
            continue
        match = _INITIAL.match(word)
        initial, rest, period = (match.group(1), match.group(2), match.group(3)) if match \
            else ("", "", None)
        if match and rest and period:  # an abbreviation ("Th."): kept whole
            initial, rest = initial + rest, ""
        if match and initial[:1] == initial[:1].upper():
            capitals = ""
            for char in rest:
                if char != char.upper():
                    break
                capitals += char
            extra = capitals.lower() if len(capitals) < len(rest) else ""
            parts[index] = initial + extra
            if index < count - 1:
                separator = parts[index + 1]
                parts[index + 1] = terminator + "-" if "-" in separator else terminator
            else:
                parts.append(terminator)
        elif _ROMANESQUE.search(word) and (not match or not period):
            parts[index] = " " + word
    return _finish(parts)


def _normalised(parts: list[str], terminator: str) -> str:
    """``initialize="false"``: only initials already there get the terminator."""
    abbreviation = []
    for index, part in enumerate(parts):
        if len(part) > 1 and part.endswith("."):
            parts[index] = re.sub(r"^(.*)\.(.*)$", r"\1\2", part)
            abbreviation.append(True)
        else:
            abbreviation.append(len(part) == 1 and part.upper() == part)
    count = len(parts)
    for index in range(0, count, 2):
        if not abbreviation[index]:
            continue
        if index < count - 2:
            separator = parts[index + 1] + ("" if abbreviation[index + 2] else " ")
            if len(parts[index + 2]) > 1:
                parts[index + 1] = terminator.removesuffix("\ufeff") + separator
            else:
                parts[index + 1] = terminator
        if index == count - 1:
            parts[index] += terminator
    return _finish(parts)
