"""Folding text for matching: names, titles and venues compared without accents or case."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "đ": "d",
     "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "ı": "i"}
)


def ascii_fold(text: str) -> str:
    """Lowercase ASCII letters and digits only: accents folded, everything else dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return re.sub(r"[^a-z0-9]+", "", decomposed.encode("ascii", "ignore").decode().lower())


__all__ = ["ascii_fold"]
