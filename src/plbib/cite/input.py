"""What citeproc-py is given: the records' CSL variables, as the CSL-JSON writer makes them
but not escaped for JSON text (:func:`plbib.formats.csljson.items` with ``escaped=False``),
normalised as citeproc-js normalises its input: ``event-title`` becomes ``event``
(citeproc-js 2.4 does this; CSL 1.0.1 styles and citeproc-py know only ``event``),
straight apostrophes become typographic ones ("SenSys ’21"), and plbib's note lines are
left out (citeproc-js turns them into variables that nothing prints)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..model import Record
from ..venues import VenueRegistry

_TEXT_VARIABLES = ("title", "container-title", "container-title-short", "event",
                   "event-title", "event-place", "publisher", "publisher-place", "volume",
                   "issue", "number", "page", "citation-label")

_CITEPROC_PY_VARIABLES = frozenset({
    "id", "type", "title", "author", "editor", "container-title", "container-title-short",
    "event", "event-place", "publisher", "volume", "issue", "number", "page", "issued",
    "ISBN", "DOI", "URL", "citation-label", "note"})

def citeproc_items(records: Sequence[Record], venues: VenueRegistry | None = None,
                   escape_names: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """The records' CSL-JSON, normalised as citeproc-js normalises its input; names escaped
    for the output format (citeproc-py escapes no value; other variables are escaped as
    they are rendered, by ``_FixedText``)."""
    from ..formats import csljson

    out = []
    for item in csljson.items(records, venues, escaped=False):
        item = dict(item)
        if "event-title" in item:
            item["event"] = item.pop("event-title")
        for name in _TEXT_VARIABLES:
            value = item.get(name)
            if isinstance(value, str):
                item[name] = value.replace("'", "’")
        for role in ("author", "editor"):
            for person in item.get(role, ()):
                for part, value in list(person.items()):
                    person[part] = escape_names(value.replace("'", "’"))
        item.pop("note", None)  # citeproc-js turns plbib's note lines into nothing printed
        out.append({k: v for k, v in item.items() if k in _CITEPROC_PY_VARIABLES})
    return out
