"""``cs:if`` / ``cs:else-if`` tests as citeproc-js evaluates them.

CSL: "match" says whether all, any or none of the tests must be true. citeproc-js builds
one test per attribute for ``type`` — true when the item's type is any of the listed types
— so ``<if type="book report" variable="URL" match="all">`` holds for a book with a URL.
citeproc-py made one test per listed type, which under ``match="all"`` no item can pass
(it has one type), so such a branch never ran and the style's fallback printed instead
(e.g. "(s.l.)" for a place the style meant to leave out)."""

from __future__ import annotations

from typing import Any


class TypeAsOneTest:
    """Mixin for citeproc-py's ``If``: the ``type`` attribute is one test."""

    def _type(self, item: Any) -> list[bool]:
        types = self.get("type").lower().split()  # type: ignore[attr-defined]
        return [item.reference.type in types]
