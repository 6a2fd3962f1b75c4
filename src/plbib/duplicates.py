"""Duplicates in a list: the same key or DOI (errors) and near-duplicate titles (warnings),
found in time linear in the list's length."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from .folding import title_words
from .keys import STOPWORDS


def near_duplicate_titles(
    titles: Sequence[tuple[int, str, str]],
) -> list[tuple[int, str, str, bool]]:
    """(index, label, other label, exact) for each title that reads the same or almost the
    same as an earlier one; ``titles`` holds (index, label, title text).

    Titles are normalised (case, accents, punctuation, spacing). "Almost the same" means one
    word differs: a misspelt word (``Sytem``/``System``), or one word more or less where that
    word is a stopword or the title is long (six words or more). Titles that differ in one
    *different* word (``Serving``/``Training``) are different papers.

    Each title is indexed under itself and under every one-word deletion of itself (titles
    of three words or more), so only real candidates are compared and the check stays
    linear in the number of records. A key is the sum of the words' hashes, a deletion's
    the sum less that word's: one addition per word instead of a new string per deletion.
    Titles with the same words in another order share keys too; comparing the words
    rejects them.
    """
    # key -> the first title's order, or a list of orders once a second title shares it
    # (most keys are never shared: no list for them, one dict operation per key)
    index: dict[int, int | list[int]] = {}
    seen: list[tuple[str, list[str]]] = []
    found: list[tuple[int, str, str, bool]] = []
    for order, (position, label, text) in enumerate(titles):
        words = title_words(text)
        seen.append((label, words))
        hashes = list(map(hash, words))
        whole = sum(hashes)
        keys = {whole - h for h in hashes} if len(words) >= 3 else set()
        keys.add(whole)
        earlier: set[int] = set()
        for key in keys:
            first = index.setdefault(key, order)
            if first is order:
                continue
            if isinstance(first, int):
                earlier.add(first)
                index[key] = [first, order]
            else:
                earlier.update(first)
                first.append(order)
        for other in sorted(earlier):  # the earliest matching title is named
            other_label, other_words = seen[other]
            kind = _title_difference(words, other_words)
            if kind is not None:
                found.append((position, label, other_label, kind == "same"))
                break
    return found


def title_difference(a: str, b: str) -> str | None:
    """``"same"``, ``"near"`` (one word apart, as :func:`near_duplicate_titles` judges) or
    None for two titles."""
    return _title_difference(title_words(a), title_words(b))


def _title_difference(a: list[str], b: list[str]) -> str | None:
    """``"same"``, ``"near"`` or None (different papers) for two normalised titles."""
    if a == b:
        return "same"
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        if len(diff) == 1:
            x, y = diff[0]
            similar = difflib.SequenceMatcher(None, x, y).ratio() >= 0.75
            return "near" if similar and min(len(x), len(y)) >= 4 else None
        return None
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) - len(short) != 1:
        return None
    extra = next((w for i, w in enumerate(long) if i >= len(short) or short[i] != w), long[-1])
    if long[:long.index(extra)] + long[long.index(extra) + 1:] != short:
        return None
    return "near" if extra in STOPWORDS or len(short) >= 6 else None
