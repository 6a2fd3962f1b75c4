"""Given names added to tell names and cites apart, as citeproc-js adds them.

CSL: with ``disambiguate-add-givenname="true"`` on ``cs:citation``, names are shown with
initials or full given names where that tells them apart; ``givenname-disambiguation-rule``
says which names take part. citeproc-py never does this. citeproc-js keeps a register of
the names and gives each rendered name a level: 0 family name only, 1 initials, 2 the full
given name (``CSL.Registry.NameReg.evalname``):

* the register holds the personal names the items' cites show, hidden ones included (the
  authors, else the editors; ``primary-name…``: first names only), keyed by family name;
  with the default rule ``by-cite`` each item has a register of its own, so only names
  *within one item* compete ("Yu, Dian, Yu, Dong" in one author list, "Xiong, Yifan"
  because a fifteenth author is Xiong Yongqiang);
* a name whose family name has other initials in its register is shown at least with
  initials; one that shares family name and initials with another given name, in full;
* ``by-cite``: cites that print the same are then told apart by raising the level of the
  names they show, name by name (initials, then full given names) until they differ; a
  raise that separates nothing is taken back. Such a level holds in the bibliography too
  ("Wang, Jiapeng" and "Wang, Jue" for two "Wang et al. 2022" cites);
* the other rules ("global") show every name at the register's level, in cites too;
* the bibliography's levels come from the register, except where a cite's raise set one.

Levels live on the citeproc-py item (``levels``), one map per area (citation,
bibliography) from (names variable, position) to level; :mod:`.names` prints by them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

_LEVELS = "_plbib_given_levels"
_ROLES = ("author", "editor")
_NAME_KEY_PERIODS = re.compile(r"\.")


def levels(item: Any, area: str) -> dict[tuple[str, int], int]:
    """The levels set for ``item`` in ``area`` ("citation" or "bibliography"), kept on
    its reference (which every citeproc-py item citing that key shares)."""
    found: dict[str, dict[tuple[str, int], int]] = \
        item.reference.__dict__.setdefault(_LEVELS, {})
    return found.setdefault(area, {})


def reset(item: Any) -> None:
    item.reference.__dict__.pop(_LEVELS, None)


def _clean(text: str | None) -> str:
    """citeproc-js's key form: periods as spaces, spaces collapsed."""
    return " ".join(_NAME_KEY_PERIODS.sub(" ", text or "").split())


def _initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s\-]+", given) if part)


class Register:
    """citeproc-js's name register: family -> initials -> the given names seen."""

    def __init__(self, rule: str, demote_never: bool) -> None:
        self.rule = rule
        self.demote_never = demote_never
        self.names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def family_key(self, item: Any, name: Any) -> str | None:
        family = _clean(name.get("family"))
        if not family or "literal" in name:
            return None
        if self.demote_never and name.get("non-dropping-particle"):
            family = f"{family} {name['non-dropping-particle']}"
        return f"{item.key}\n{family}" if self.rule == "by-cite" else family

    def add(self, item: Any) -> None:
        """The names a cite shows (the authors, else the editors), all of them: citeproc-js
        registers names as cites render them, the ones et-al hides included."""
        for position, name in enumerate(item.reference.get(_role(item)) or ()):
            self.add_name(item, name, position)

    def add_name(self, item: Any, name: Any, position: int) -> None:
        if self.rule.startswith("primary-name") and position:
            return
        family = self.family_key(item, name)
        given = _clean(name.get("given"))
        if family and given:
            self.names[family][_initials(given)].add(given)

    def level(self, item: Any, name: Any, position: int, short: bool,
              has_initials: bool) -> int:
        """``evalname``: the level a name is shown at without a cite's request."""
        level = 0 if short else 1 if has_initials else 2
        family = self.family_key(item, name)
        given = _clean(name.get("given"))
        seen = self.names.get(family or "")
        if not given or not seen or _initials(given) not in seen:
            return level
        if self.rule == "by-cite" and short:
            return level
        if self.rule.startswith("primary-name") and position:
            return level
        if self.rule.endswith("-with-initials"):
            return 1 if len(seen) > 1 else 0
        if len(seen) > 1:
            level = 1
        if len(seen[_initials(given)]) > 1 or (len(seen) > 1 and not has_initials):
            level = 2
        return level


def first_name_options(style_root: Any, area: str) -> dict[str, Any]:
    """The options of the first ``cs:name`` the area's layout uses (macros followed):
    form, initialize-with, et-al-min, et-al-use-first."""
    element = getattr(style_root, area, None)
    layout = element.find("cs:layout", element.nsmap) if element is not None else None
    name = _first_name(layout)
    if name is None:
        return {"form": "short" if area == "citation" else "long", "initialize-with": None,
                "et-al-min": 0, "et-al-use-first": 0}
    return {option: name.get_option(option, layout) for option in
            ("form", "initialize-with", "et-al-min", "et-al-use-first")}


def _first_name(element: Any, depth: int = 0) -> Any:
    if element is None or depth > 20:
        return None
    for child in element.iter():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "name":
            return child
        if tag == "text" and child.get("macro"):
            found = _first_name(child.get_macro(child.get("macro")), depth + 1)
            if found is not None:
                return found
    return None


def register(style_root: Any, items: Sequence[Any], rule: str) -> Register:
    """The register of all items' names."""
    demote = style_root.get("demote-non-dropping-particle", "display-and-sort")
    found = Register(rule, demote == "never")
    for item in items:
        found.add(item)
    return found


def set_levels(style_root: Any, names: Register, items: Sequence[Any], area: str) -> None:
    """The items' levels in ``area`` from the register ``names``."""
    options = first_name_options(style_root, area)
    short = options["form"] == "short"
    initials = options["initialize-with"] is not None
    for item in items:
        found = levels(item, area)
        for role in _ROLES:
            for position, name in enumerate(item.reference.get(role) or ()):
                if area == "bibliography" and role != _role(item):
                    # names no cite shows are registered as the bibliography prints
                    # them: after the authors ("Kim, J." for the author Kim Jiejing,
                    # "Kim, José" for a later editor Kim José)
                    names.add_name(item, name, position)
                level = names.level(item, name, position, short, initials)
                if level != (0 if short else 1 if initials else 2):
                    found[(role, position)] = level


def raise_to_separate(group: Sequence[Any], render: Callable[[Any], str],
                      visible: Callable[[Any], int], initials: bool = True
                      ) -> list[list[Any]]:
    """``by-cite``: raise the levels of the names the cites of ``group`` (which print the
    same) show, name by name, until they differ; each cite's raise holds in the
    bibliography. The groups of cites still alike are returned (for year suffixes).
    Where the cite's name has no ``initialize-with`` (``initials`` false), citeproc-js
    raises to the full given name at once (level 2, not 1), and the bibliography shows it
    too: "Li, Jiamin" where the names of the bibliography are otherwise "Li, J.".
    """
    alike = [list(group)]
    for position in range(max(visible(item) for item in group)):
        for level in (1, 2) if initials else (2,):
            still: list[list[Any]] = []
            for cites in alike:
                before = {id(item): dict(levels(item, "citation")) for item in cites}
                for item in cites:
                    levels(item, "citation")[(_role(item), position)] = level
                parts = _partition(cites, render)
                if len(parts) == 1:  # separated nothing: taken back
                    for item in cites:
                        levels(item, "citation").clear()
                        levels(item, "citation").update(before[id(item)])
                    still.append(cites)
                    continue
                for item in cites:
                    levels(item, "bibliography")[(_role(item), position)] = level
                still.extend(part for part in parts if len(part) > 1)
            alike = still
            if not alike:
                return []
    return alike


def _role(item: Any) -> str:
    return "author" if item.reference.get("author") else "editor"


def _partition(items: Sequence[Any], render: Callable[[Any], str]) -> list[list[Any]]:
    parts: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        parts[render(item)].append(item)
    return list(parts.values())


def visible(options: dict[str, Any], citation: Any = None) -> Callable[[Any], int]:
    """How many names of an item a cite shows (et-al truncation); with ``citation``'s
    ``et-al-subsequent-*``, the fewer of its two forms."""
    forms = [(options["et-al-min"], options["et-al-use-first"])]
    if citation is not None and citation.get("et-al-subsequent-min") is not None:
        forms.append((int(citation.get("et-al-subsequent-min")),
                      int(citation.get("et-al-subsequent-use-first",
                                       options["et-al-use-first"]))))

    def count(item: Any) -> int:
        names = len(item.reference.get(_role(item)) or ())
        return min(min(names, int(first)) if least and names >= int(least) else names
                   for least, first in forms)
    return count


#: which layout an item is being rendered in (set by the layout, read by names)
_AREA = "_plbib_area"


def enter(item: Any, area: str) -> None:
    item.__dict__[_AREA] = area


def in_citation(item: Any) -> bool:
    """Whether ``item`` is being rendered in a citation (not the bibliography)."""
    return bool(item.__dict__.get(_AREA) == "citation")


def level_of(item: Any, role: str, position: int) -> int | None:
    """The level set for the name at ``position`` of ``role`` where ``item`` is being
    rendered, or None (the style's own form)."""
    found: dict[str, dict[tuple[str, int], int]] | None = \
        item.reference.__dict__.get(_LEVELS)
    if not found:
        return None
    return found.get(item.__dict__.get(_AREA, "bibliography"), {}).get((role, position))
