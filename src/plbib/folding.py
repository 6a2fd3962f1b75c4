"""Folding text for matching: names, titles and venues compared without accents or case.

One module for every comparison that ignores how a text is written: keys and venue names
(:func:`ascii_fold`), searches (:func:`accent_fold`) and duplicate titles
(:func:`title_words`)."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "đ": "d",
     "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "ı": "i"}
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+")


def ascii_fold(text: str) -> str:
    """Lowercase ASCII letters and digits only: accents folded, everything else dropped
    ("Zürich ’23" is "zurich23")."""
    if text.isascii():  # speed: most names and venues; the same result as the full path
        return _NOT_ALNUM.sub("", text.lower())
    return _ascii_fold_unicode(text)


def _ascii_fold_unicode(text: str) -> str:
    """:func:`ascii_fold` for any text."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return _NOT_ALNUM.sub("", decomposed.encode("ascii", "ignore").decode().lower())


def accent_fold(text: str) -> str:
    """The text without case and accents, everything else kept (for a search: "byung-gon"
    finds "Byung-Gon")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def title_words(text: str) -> list[str]:
    """Title text reduced for duplicate detection: case, accents, punctuation, spacing."""
    folded = text.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return _WORD.findall(folded)


__all__ = ["accent_fold", "ascii_fold", "title_words"]
