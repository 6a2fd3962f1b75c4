"""``strip-periods`` as citeproc-js applies it.

citeproc-py removes every period. citeproc-js removes all periods from terms (and month
names and name parts), but from a variable's value, a ``<text value>`` or a macro's
output only a period that is not followed by a lower-case letter ("a.b. c." becomes
"a.b c"), and never from a link (``DOI``, ``URL``) or a number: "doi:10.18653/v1" keeps
its periods where citeproc-py printed "doi:1018653/v1"."""

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


def strip_periods(element: Any, text: Any) -> Any:
    """``StrippedPeriods.strip_periods`` for ``cs:text`` as citeproc-js does it."""
    if element.get("strip-periods", "false").lower() != "true" or not text:
        return text
    if "term" in element.attrib:
        return _map(text, lambda s: s.replace(".", ""))
    if element.get("variable") in _LINKS:
        return text
    return _map(text, lambda s: _STRIPPED.sub(r"\1", s))
