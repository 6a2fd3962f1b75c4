"""``cs:if`` / ``cs:else-if`` tests as citeproc-js evaluates them.

CSL: "match" says whether all, any or none of the tests must be true. citeproc-js builds
one test per attribute for ``type`` — true when the item's type is any of the listed types
— so ``<if type="book report" variable="URL" match="all">`` holds for a book with a URL.
citeproc-py made one test per listed type, which under ``match="all"`` no item can pass
(it has one type), so such a branch never ran and the style's fallback printed instead
(e.g. "(s.l.)" for a place the style meant to leave out)."""

from __future__ import annotations

from typing import Any

from .numbers import is_numeric


class TypeAsOneTest:
    """Mixin for citeproc-py's ``If``: the ``type`` attribute is one test."""

    def _type(self, item: Any) -> list[bool]:
        types = self.get("type").lower().split()  # type: ignore[attr-defined]
        return [item.reference.type in types]


class NumericAsCiteprocJs:
    """Mixin for citeproc-py's ``If``: ``is-numeric`` as citeproc-js tests it (ranges and
    lists of numbers are numeric; see numbers.is_numeric). citeproc-py accepted a single
    number only, so "65202-65223" under ``<if is-numeric="page">`` took the else branch."""

    def _is_numeric(self, item: Any) -> list[bool]:
        from citeproc.source import VariableError

        and_term = self.get_single_term(name="and") or "and"  # type: ignore[attr-defined]
        results = []
        for variable in self.get("is-numeric").split():  # type: ignore[attr-defined]
            try:
                value = item.locator.identifier if variable == "locator" and \
                    item.has_locator else item.reference[variable.replace("-", "_")]
            except (KeyError, VariableError):
                results.append(False)
                continue
            results.append(is_numeric(value, variable, str(and_term)))
        return results
