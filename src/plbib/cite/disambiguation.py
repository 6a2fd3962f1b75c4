"""Year suffixes ("2023a", "2023b"), as citeproc-js adds them.

CSL: with ``disambiguate-add-year-suffix="true"`` on ``cs:citation``, cites that would
print the same (same authors as cited, same year) get the suffixes a, b, c … in the
bibliography's order; ``year-suffix`` is printed where the style renders it, else right
after the year of the first ``issued`` date of the entry (later ones go without).
citeproc-py never adds them.

Before suffixes, citeproc-js tries the style's other methods: with
``disambiguate-add-names`` it shows more authors (cites whose author lists differ need no
suffix), with ``disambiguate-add-givenname`` given names (cites whose authors' given names
differ need none). Only the cites those leave alike get a suffix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"


def _letters(index: int) -> str:
    """a … z, then aa, ab … as citeproc-js counts."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _names(item: Any, given: bool) -> tuple[str, ...]:
    names = item.reference.get("author") or item.reference.get("editor") or []
    return tuple(
        "|".join(str(part) for part in (name.get("literal"), name.get("family"),
                                        name.get("given") if given else None) if part)
        for name in names)


def add_year_suffixes(style_root: Any, items: Sequence[Any]) -> None:
    """Give each item that a cite cannot tell apart from another its year suffix
    (``items`` in bibliography order)."""
    citation = style_root.citation
    for item in items:  # a formatter reuses nothing, but a caller may format twice
        item.reference.pop("year_suffix", None)
    if citation is None or citation.get("disambiguate-add-year-suffix", "false") != "true":
        return
    add_names = citation.get("disambiguate-add-names", "false") == "true"
    add_givenname = citation.get("disambiguate-add-givenname", "false") == "true"
    layout = citation.find("cs:layout", citation.nsmap)
    groups: dict[tuple[object, ...], list[Any]] = defaultdict(list)
    for item in items:
        layout.repressed = {}
        try:
            cited = str(layout.render_children(item))
        except Exception:  # a cite citeproc-py cannot render is never ambiguous
            continue
        key: tuple[object, ...] = (cited,)
        if add_names or add_givenname:
            key += (_names(item, given=add_givenname),)
        groups[key].append(item)
    for group in groups.values():
        if len(group) > 1:
            for index, item in enumerate(group):
                item.reference["year_suffix"] = _letters(index)


def _renders_year_suffix(element: Any) -> bool:
    """Whether the style prints ``year-suffix`` itself (asked once per parsed style)."""
    memo = element.get_root().__dict__
    if "_plbib_explicit_year_suffix" not in memo:
        memo["_plbib_explicit_year_suffix"] = bool(element.get_root().xpath(
            ".//cs:text[@variable='year-suffix']", namespaces={"cs": CSL_NAMESPACE}))
    return bool(memo["_plbib_explicit_year_suffix"])


def with_year_suffix(element: Any, item: Any, variable: str | None, text: Any) -> Any:
    """An ``issued`` date with the item's year suffix after its year, unless the style
    prints ``year-suffix`` itself."""
    if text is None or variable != "issued":
        return text
    suffix = item.reference.get("year_suffix")
    if not suffix or _renders_year_suffix(element) or item.__dict__.get(_SHOWN):
        return text
    year = getattr(item.reference.get("issued"), "year", None)
    rendered = str(text)
    if year is None or str(year) not in rendered:
        return text
    item.__dict__[_SHOWN] = True
    return type(text)(rendered.replace(str(year), f"{year}{suffix}", 1))


#: set on an item once its year suffix is printed in the entry being rendered
_SHOWN = "_plbib_year_suffix_shown"


def new_entry(item: Any) -> None:
    """An entry or cite of ``item`` starts: citeproc-js prints the year suffix after the
    first ``issued`` year only ("Cai et alii 2023a : … (ACM MobiCom ’23) 2023, p. 1")."""
    item.__dict__.pop(_SHOWN, None)
