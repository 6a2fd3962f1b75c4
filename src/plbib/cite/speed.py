"""Speed-ups for citeproc-py, apart from the fixes: the answers citeproc-py looks up again
and again for a parsed style are remembered, and a cite looks its reference up once."""

from __future__ import annotations

from typing import Any

from .terms import term_with_fallback


class Memoised:
    """Speed: citeproc-py looks terms, macros, enclosing elements and locale options up with
    XPath on every use (60,000 searches for 1,000 IEEE entries). Their answers never change
    for a parsed style, so each is remembered in a dict on the style's root element (the
    root's proxy lives as long as the style; each element a key names is kept alive in its
    entry, so ``id`` keys stay unique)."""

    def _memo(self: Any) -> dict[Any, Any]:
        root = self.getroottree().getroot()
        try:
            memo: dict[Any, Any] = root.__dict__["_plbib_memo"]
        except KeyError:
            memo = root.__dict__["_plbib_memo"] = {}
        return memo

    def get_term(self: Any, *args: Any, **kwargs: Any) -> Any:
        memo = Memoised._memo(self)
        key = ("term", id(self) if self.tag.endswith("}locale") else None, args,
               tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = (self, term_with_fallback(super().get_term,  # type: ignore[misc]
                                                   self.tag, *args, **kwargs))
        return memo[key][1]

    def get_single_term(self: Any, *args: Any, **kwargs: Any) -> Any:
        """The term's singular text, read once (citeproc-py looks for ``cs:single`` and
        re-formats the text on each of ~20 uses per entry)."""
        memo = Memoised._memo(self)
        key = ("single", id(self) if self.tag.endswith("}locale") else None, args,
               tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = (self, super().get_single_term(*args, **kwargs))  # type: ignore[misc]
        return memo[key][1]

    def get_date(self: Any, form: str) -> Any:
        """The locale's date format (citeproc-py searches the locale files with XPath on
        every date rendered)."""
        memo = Memoised._memo(self)
        key = ("date", id(self) if self.tag.endswith("}locale") else None, form)
        if key not in memo:
            memo[key] = (self, super().get_date(form))  # type: ignore[misc]
        return memo[key][1]

    def xpath_search(self: Any, expression: str) -> Any:
        """Every XPath citeproc-py runs is a structural query on the style (ancestors,
        siblings, macros, terms), so its answer for an element never changes."""
        memo = Memoised._memo(self)
        key = ("xpath", id(self), expression)
        if key not in memo:
            memo[key] = (self, super().xpath_search(expression))  # type: ignore[misc]
        return memo[key][1]

    def calls_variable(self: Any) -> Any:
        """Structural too (does this element, or a macro it calls, use a variable?), and
        asked recursively for every group of every entry."""
        memo = Memoised._memo(self)
        key = ("calls", id(self))
        if key not in memo:
            memo[key] = (self, super().calls_variable())  # type: ignore[misc]
        return memo[key][1]

    def get_formatter(self: Any) -> Any:
        # elements plbib parses all belong to a style (inline locales too): its formatter
        return self.getroottree().getroot().formatter

    def get_locale_option(self: Any, name: str) -> Any:
        memo = Memoised._memo(self)
        key = ("option", name)
        if key not in memo:
            memo[key] = super().get_locale_option(name)  # type: ignore[misc]
        return memo[key]

def citation_item(key: str) -> Any:
    """A citeproc-py CitationItem that looks its reference up once (citeproc-py walks
    item -> citation -> bibliography -> source on each of ~70 uses per entry)."""
    from citeproc import CitationItem

    class Item(CitationItem):  # type: ignore[misc]
        @property
        def reference(self) -> Any:
            cached = self.__dict__.get("_plbib_reference")
            if cached is None:
                cached = self.__dict__["_plbib_reference"] = \
                    self.bibliography.source[self.key]
            return cached

    return Item(key)
