"""Names added to cites that print the same, as citeproc-js adds them.

CSL: with ``disambiguate-add-names="true"``, names that et-al hides are added one by one to
the cites of an ambiguous set "until no more cites in the set can be disambiguated"
("Cai, Wang, et al., 2023" and "Cai, Wu, et al., 2023"). citeproc-py never adds names.
The count of names a cite shows is kept on the item's reference; :mod:`.names` shows that
many in citations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

_SHOWN = "_plbib_names_shown"


def shown(item: Any) -> int | None:
    """How many names the item's cites show, when disambiguation set it."""
    count: int | None = item.reference.__dict__.get(_SHOWN)
    return count


def reset(item: Any) -> None:
    item.reference.__dict__.pop(_SHOWN, None)


def _set(item: Any, count: int | None) -> None:
    if count is None:
        reset(item)
    else:
        item.reference.__dict__[_SHOWN] = count


def _names(item: Any) -> int:
    return len(item.reference.get("author") or item.reference.get("editor") or ())


def add_names(group: Sequence[Any], render: Callable[[Any], str],
              visible: Callable[[Any], int]) -> list[list[Any]]:
    """Names added to the cites of ``group`` (alike) one at a time; a set that adding
    names never splits gets none. The groups still alike are returned."""
    return _add(list(group), render, max(visible(item) for item in group) + 1)


def _add(cites: list[Any], render: Callable[[Any], str], start: int) -> list[list[Any]]:
    before = {id(item): shown(item) for item in cites}
    for count in range(start, max(_names(item) for item in cites) + 1):
        for item in cites:
            _set(item, count)
        parts: dict[str, list[Any]] = defaultdict(list)
        for item in cites:
            parts[render(item)].append(item)
        if len(parts) > 1:
            alike: list[list[Any]] = []
            for part in parts.values():
                if len(part) > 1:
                    alike.extend(_add(part, render, count + 1))
            return alike
    for item in cites:  # adding names told nothing apart: none added
        _set(item, before[id(item)])
    return [cites]
