"""Citation keys.

The rule (documented in docs/format.md): the first author's family name, the year, and the
first significant word of the title, folded to ASCII lowercase letters and digits —
``yu2022orca`` for Yu et al., "Orca: A Distributed Serving System…", OSDI 2022.

* accents are folded (``Öztürk`` → ``ozturk``), particles are left out (``van der Berg`` →
  ``berg``), an organisation contributes its first word;
* "significant" skips English articles, prepositions and conjunctions (``a``, ``on``, ``the``…);
* a missing part is left out (no year → ``yuorca``);
* a collision with a key already taken gets ``b``, ``c``, … ``z``, then ``-2``, ``-3`` … in the
  order the records are given, so the result is deterministic.

A key is assigned once and stored in the YAML: editing a record never changes its key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .folding import ascii_fold
from .model import Name, Title, year_text

#: Words a key never takes as "the first significant word" of a title.
STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "on", "in", "at", "to", "for", "from",
    "by", "with", "without", "via", "into", "onto", "over", "under", "about", "as", "is", "are",
    "be", "its", "it", "this", "that", "these", "those", "towards", "toward", "through", "vs",
    "versus",
})

#: Characters a portable key contains: what BibTeX, biber, pandoc's ``@key`` and CSL all
#: accept (DBLP's ``DBLP:conf/osdi/YuJKKC22`` included); the key rule makes such keys.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.\-/+]*$")
#: What a key may be at all: what an entry key in a BibTeX file can hold (bibtex, biber and
#: bibtexparser read it; no white space, comma, brace, quote or equals sign). People's
#: keys are often wider than KEY_PATTERN (Better BibTeX exports ``_loi_2011``,
#: ``Lüscher_2011``, ``黄劲_13``, ``Vaishnavi&Kuechler2004``): read, with a warning.
BIBTEX_KEY = re.compile(r'^[^\s,{}="\x00-\x1f\x7f]+$')

def _family_part(authors: Sequence[Name]) -> str:
    if not authors:
        return ""
    first = authors[0]
    if first.literal:
        words = first.literal.split()
        return ascii_fold(words[0]) if words else ""
    return ascii_fold(first.family)


def _title_part(title: Title) -> str:
    for word in re.split(r"[\s–—:/]+", title.text):
        folded = ascii_fold(word)
        if folded and folded not in STOPWORDS:
            return folded
    return ""


def base_key(authors: Sequence[Name], year: int | None, title: Title) -> str:
    """The key the rule gives, before collisions are resolved."""
    # a year before the common era: 50bc (a key's hyphen would read as a range)
    year_part = "" if year is None else year_text(year).replace(" BC", "bc")
    key = f"{_family_part(authors)}{year_part}{_title_part(title)}"
    return key or "untitled"


def _candidates(base: str) -> Iterable[str]:
    yield base
    for letter in "bcdefghijklmnopqrstuvwxyz":
        yield base + letter
    number = 2
    while True:
        yield f"{base}-{number}"
        number += 1


class TakenKeys:
    """Keys in use, compared case-insensitively (as BibTeX compares them)."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._folded = {key.casefold() for key in keys}

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.casefold() in self._folded

    def add(self, key: str) -> None:
        self._folded.add(key.casefold())


def unique_key(base: str, taken: TakenKeys | Iterable[str]) -> str:
    """The first of ``base``, ``base``+b … that is not taken (compared case-insensitively)."""
    used = taken if isinstance(taken, TakenKeys) else TakenKeys(taken)
    for candidate in _candidates(base):
        if candidate not in used:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def make_key(authors: Sequence[Name], year: int | None, title: Title,
             taken: TakenKeys | Iterable[str]) -> str:
    """The rule's key, made unique against ``taken`` (pass a :class:`TakenKeys` when
    assigning many keys: a plain set is folded anew on every call)."""
    return unique_key(base_key(authors, year, title), taken)


def key_for(data: Mapping[str, Any], taken: TakenKeys) -> str:
    """The rule's key for a reader's fields (``authors``, ``year``, ``title``, any of them
    missing or not yet a model value), taken from then on: the key of an entry or item
    that has no usable one of its own."""
    authors = [n for n in data.get("authors") or () if isinstance(n, Name)]
    title = data.get("title")
    key = make_key(authors, data.get("year"),
                   title if isinstance(title, Title) else Title.plain("untitled"), taken)
    taken.add(key)
    return key
