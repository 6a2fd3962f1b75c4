"""``strip-periods`` as citeproc-js applies it.

citeproc-py removes every period. citeproc-js removes all periods from terms (and month
names and name parts), but from a variable's value, a ``<text value>`` or a macro's
output only a period that is not followed by a lower-case letter ("a.b. c." becomes
"a.b c"), and never from a link (``DOI``, ``URL``) or a number: "doi:10.18653/v1" keeps
its periods where citeproc-py printed "doi:1018653/v1".

On a macro call (``<text macro="container-title" strip-periods="true"/>``) citeproc-js
strips the periods of the values the macro prints, not of its affixes: "ICLR [Internet]."
keeps the group's closing period, which citeproc-py took from the macro's whole output."""

from __future__ import annotations

import re
from typing import Any

#: citeproc-js's pattern: a period before anything but a lower-case ASCII letter
_STRIPPED = re.compile(r"\.([^a-z]|$)")

#: variables citeproc-js prints as links, periods kept
_LINKS = frozenset({"DOI", "URL", "PMID", "PMCID"})


def _map(text: Any, change: Any) -> Any:
    from citeproc.string import MixedString

    if isinstance(text, MixedString):
        return MixedString([type(s)(change(str(s))) for s in text])
    return type(text)(change(str(text)))


_INHERITED = "_plbib_strip_periods"


def _asked(element: Any) -> bool:
    return str(element.get("strip-periods", "false")).lower() == "true"


def passed_on(element: Any, item: Any, render: Any) -> Any:
    """``render()`` of a ``cs:text``; a macro call with ``strip-periods`` passes it on to
    the values printed inside (a mark on the item being rendered), and a value printed
    inside such a call has its periods stripped."""
    inherited = item.__dict__.get(_INHERITED, False)
    if "macro" in element.attrib:
        item.__dict__[_INHERITED] = inherited or _asked(element)
        try:
            return render()
        finally:
            item.__dict__[_INHERITED] = inherited
    text, language = render()
    if inherited and not _asked(element) and text:
        text = _stripped(element, text)
    return text, language


def in_names(item: Any, text: Any) -> Any:
    """Names printed inside a macro call with ``strip-periods``: citeproc-js strips their
    periods too ("Timothy J O’Donnell", "et al")."""
    if not text or not item.__dict__.get(_INHERITED, False):
        return text
    return _map(text, lambda s: _STRIPPED.sub(r"\1", s))


def strip_periods(element: Any, text: Any) -> Any:
    """``StrippedPeriods.strip_periods`` for ``cs:text`` as citeproc-js does it (not on a
    macro call's output: :func:`passed_on`)."""
    if not _asked(element) or not text or "macro" in element.attrib:
        return text
    return _stripped(element, text)


def _stripped(element: Any, text: Any) -> Any:
    if "term" in element.attrib:
        return _map(text, lambda s: s.replace(".", ""))
    if element.get("variable") in _LINKS:
        return text
    return _map(text, lambda s: _STRIPPED.sub(r"\1", s))
