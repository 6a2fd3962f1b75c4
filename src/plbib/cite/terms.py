"""Locale terms as CSL defines their lookup.

A term form no locale defines falls back ("verb-short" to "verb" to the long form, "symbol"
to "short" to long; citeproc-py gave nothing, so "in:" went missing where citeproc-js
prints it); a term written with ``form="long"`` is the long form; of two definitions the
later wins (citeproc-py took the first: "hg. v." for "Hrsg. v.")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: CSL's term-form fallback: a form no locale defines falls back (None is "long")
_FORM_FALLBACK: dict[str | None, tuple[str | None, ...]] = {
    "verb-short": ("verb-short", "verb", None), "symbol": ("symbol", "short", None),
    "verb": ("verb", None), "short": ("short", None), "long": (None,), None: (None,)}

def term_with_fallback(lookup: Callable[..., Any], tag: str, name: str,
                        form: str | None = None, *args: Any, **kwargs: Any) -> Any:
    """A term in its form or, when no locale defines that form, the form it falls back to
    (citeproc-py gave nothing: "p." without "in:" where citeproc-js prints "in:")."""
    if tag.endswith("}locale"):  # a locale's own lookup: exactly that form
        return lookup(name, form, *args, **kwargs)
    for candidate in _FORM_FALLBACK.get(form, (form,)):
        term = lookup(name, candidate, *args, **kwargs)
        if term is not None:
            return term
    return None


def locale_term(locale: Any, name: str, form: str | None = None,
                zero_padded: bool = False) -> Any:
    """The term element of one locale (``cs:locale``), as ``Locale.get_term`` promises:
    ``IndexError`` when this locale does not define it."""
    condition = f"@name='{name}' and " + (
        "(not(@form) or @form='long')" if form in (None, "long") else f"@form='{form}'")
    if zero_padded:
        condition += " and not(@match='whole-number') and not(@match='last-two-digits')"
    try:
        found = locale.terms.xpath_search(f"./cs:term[{condition}]")
    except AttributeError:  # a locale without terms
        raise IndexError(name) from None
    if not found:
        raise IndexError(name)
    return found[-1]
