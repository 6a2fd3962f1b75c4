"""The one duplicate rule, used by ``check``, every reader and ``add``: a paper repeats an
earlier one with the same key (case aside: BibTeX's rule), DOI or arXiv id (errors), or with
the same or a near-identical title, its aliases counted (warnings; ``add`` refuses those
too). Found in time linear in the list's length."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from .folding import title_words
from .keys import STOPWORDS


@dataclass(frozen=True, slots=True)
class Identity:
    """What the rule compares of a paper: its key, DOI, arXiv id, and its titles (the
    title, then its aliases); ``label`` names it in messages."""

    label: str
    key: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Paper ``index`` repeats the earlier paper ``other`` in ``field`` (``key``, ``doi``,
    ``arxiv`` or ``title``); for a title, ``exact`` says whether it reads the same or one
    word apart."""

    index: int
    other: int
    field: str
    exact: bool = True

    @property
    def certain(self) -> bool:
        """An identifier matched (an error), not a title (a warning)."""
        return self.field != "title"


def duplicates(papers: Sequence[Identity]) -> list[Duplicate]:
    """Every match of a paper with an earlier one, by field (a paper may repeat one paper's
    key and another's DOI), in the order key, DOI, arXiv id, title; for each field only the
    earliest paper matched is named."""
    found: list[Duplicate] = []
    for field in ("key", "doi", "arxiv"):
        first: dict[str, int] = {}
        for index, paper in enumerate(papers):
            value = getattr(paper, field)
            if value is None:
                continue
            folded = value.casefold()
            if folded in first:
                found.append(Duplicate(index, first[folded], field))
            else:
                first[folded] = index
    titles = [(index, paper.label, text) for index, paper in enumerate(papers)
              for text in paper.titles]
    matched: set[int] = set()
    for index, other, exact in _near_duplicate_titles(titles):
        if index not in matched:  # a paper's title and alias may both match: one report
            matched.add(index)
            found.append(Duplicate(index, other, "title", exact))
    order = {"key": 0, "doi": 1, "arxiv": 2, "title": 3}
    return sorted(found, key=lambda d: (d.index, order[d.field]))


def near_duplicate_titles(
    titles: Sequence[tuple[int, str, str]],
) -> list[tuple[int, str, str, bool]]:
    """(index, label, other label, exact) for each title that reads the same or almost the
    same as an earlier one's (see :func:`_near_duplicate_titles`); ``titles`` holds
    (index, label, title text)."""
    labels = {index: label for index, label, _ in titles}
    return [(index, labels[index], labels[other], exact)
            for index, other, exact in _near_duplicate_titles(titles)]


def _near_duplicate_titles(
    titles: Sequence[tuple[int, str, str]],
) -> list[tuple[int, int, bool]]:
    """(index, other index, exact) for each title that reads the same or almost the same as
    an earlier title of another paper; ``titles`` holds (index, label, title text), a paper
    may have several (its aliases).

    Titles are normalised (case, accents, punctuation, spacing). "Almost the same" means one
    word differs: a misspelt word (``Sytem``/``System``), or one word more or less where that
    word is a stopword or the title is long (six words or more). Titles that differ in one
    *different* word (``Serving``/``Training``) are different papers.

    Each title is indexed under itself and under every one-word deletion of itself (titles
    of three words or more), so only real candidates are compared and the check stays
    linear in the number of records. A key is the sum of the words' hashes, a deletion's
    the sum less that word's: one addition per word instead of a new string per deletion.
    Titles with the same words in another order share keys too; comparing the words
    rejects them. A title that reads exactly as an earlier one is not indexed again: what
    matches it matches the earlier one, which comes first (so a title repeated thousands of
    times costs no more than once).
    """
    # key -> the first title's order, or a list of orders once a second title shares it
    # (most keys are never shared: no list for them, one dict operation per key)
    index: dict[int, int | list[int]] = {}
    seen: list[tuple[int, list[str]]] = []
    found: list[tuple[int, int, bool]] = []
    # a title's words -> (its first order, the earlier paper it matched, exactly or not)
    first_of: dict[tuple[str, ...], tuple[int, tuple[int, bool] | None]] = {}
    for order, (position, _, text) in enumerate(titles):
        words = title_words(text)
        seen.append((position, words))
        known = first_of.get(tuple(words))
        if known is not None and seen[known[0]][0] != position:
            found.append((position, *_earliest_for_a_repeat(seen, known, words)))
            continue
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
        matched: tuple[int, bool] | None = None
        for other in sorted(earlier):  # the earliest matching title is named
            other_position, other_words = seen[other]
            if other_position == position:  # the paper's own title or alias
                continue
            kind = _title_difference(words, other_words)
            if kind is not None:
                matched = (other_position, kind == "same")
                found.append((position, *matched))
                break
        first_of.setdefault(tuple(words), (order, matched))
    return found


def _earliest_for_a_repeat(seen: list[tuple[int, list[str]]],
                           known: tuple[int, tuple[int, bool] | None], words: list[str]
                           ) -> tuple[int, bool]:
    """(paper, exact) for a title that reads as an earlier one, ``known`` (its order, and
    the paper it matched, if any): what the full search would find. A title matching this
    one matches the first one too, so the earliest match is the first one's, which comes
    before every title of the first one's paper; else it is the first of that paper's
    titles, up to the first one itself, that this one matches."""
    first, match = known
    if match is not None:
        return match
    paper = seen[first][0]
    start = first
    while start > 0 and seen[start - 1][0] == paper:
        start -= 1
    for order in range(start, first):  # the paper's titles before the first one
        other = seen[order][1]
        kind = _title_difference(words, other)
        # "near" as the index finds it: a title of three words or more is indexed under
        # its one-word deletions, a shorter one whole only
        if kind == "same" or (kind == "near" and max(len(words), len(other)) >= 3):
            return paper, kind == "same"
    return paper, True


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
