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
from collections.abc import Callable, Sequence
from typing import Any

from . import addnames, givennames, names
from .conditions import DISAMBIGUATE

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"


def _letters(index: int) -> str:
    """a … z, then aa, ab … as citeproc-js counts."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _families(item: Any) -> tuple[str, ...]:
    """The item's author (else editor) list as family names: what added names can show."""
    names = item.reference.get("author") or item.reference.get("editor") or []
    return tuple(str(name.get("literal") or name.get("family") or "") for name in names)


def _cites(style_root: Any) -> Callable[[Any], str | None]:
    """A function rendering an item's cite (None: it cannot)."""
    citation = style_root.citation
    layout = citation.find("cs:layout", citation.nsmap)

    def render(item: Any) -> str | None:
        layout.repressed = {}
        # a cite compared in its first position (citeproc-js): no cites before it, so
        # position="ibid" tests are false (citeproc-py read the list of earlier cites,
        # None outside a citation, and failed: such a style's cites were never alike)
        earlier, citation.cites = getattr(citation, "cites", None), []
        try:
            return str(layout.render_children(item))
        except Exception:  # a cite citeproc-py cannot render is never ambiguous
            return None
        finally:
            citation.cites = earlier

    return render


def _alike(items: Sequence[Any], render: Callable[[Any], str | None],
           add_names: bool, subsequent: bool = False) -> list[list[Any]]:
    """Groups (of two or more, in ``items``' order) of items whose cites print the same
    (with ``disambiguate-add-names``: and whose author lists are the same). With
    ``subsequent``, cites alike in their subsequent form (``et-al-subsequent-*``) are
    alike too: citeproc-js gives "Wang, Jin and Ding 2022" and "Wang et al. 2022" year
    suffixes where the style shortens the first to "Wang et al." after its first cite."""
    forms = [False, True] if subsequent else [False]
    owner = list(range(len(items)))  # union-find over the items' positions

    def root(index: int) -> int:
        while owner[index] != index:
            owner[index] = owner[owner[index]]
            index = owner[index]
        return index

    for form in forms:
        first: dict[tuple[object, ...], int] = {}
        for index, item in enumerate(items):
            names.subsequent_form(item, form)
            cited = render(item)
            names.subsequent_form(item, False)
            if cited is None:
                continue
            key: tuple[object, ...] = (cited,)
            if add_names:
                key += (_families(item),)
            if key in first:
                owner[root(index)] = root(first[key])
            else:
                first[key] = index
    groups: dict[int, list[Any]] = defaultdict(list)
    for index, item in enumerate(items):
        groups[root(index)].append(item)
    return [group for group in groups.values() if len(group) > 1]


def _given_name_rule(citation: Any) -> str | None:
    """``givenname-disambiguation-rule`` when given names are added, else None."""
    if citation is None or citation.get("disambiguate-add-givenname") != "true":
        return None
    return str(citation.get("givenname-disambiguation-rule", "by-cite"))


def register_names(style_root: Any, items: Sequence[Any]) -> None:
    """The bibliography's levels of names from the register (:mod:`.givennames`). Sort
    keys use these (not the cites' raises), so this comes before sorting."""
    for item in items:  # a formatter reuses nothing, but a caller may format twice
        givennames.reset(item)
    rule = _given_name_rule(style_root.citation)
    if rule is not None:
        names = givennames.register(style_root, items, rule)
        givennames.set_levels(style_root, names, items, "bibliography")


def disambiguate_cites(style_root: Any, items: Sequence[Any]) -> None:
    """Cites that print the same (in their first or subsequent form) told apart, as
    citeproc-js does it, each step on the cites the steps before left alike: given names
    (raised name by name with ``by-cite``, else as the register says), added names, and
    year suffixes in the order of ``items`` (the bibliography's). With a global rule
    (``all-names``, ``primary-name``…) every cite shows its names at the register's
    levels, alike or not ("Xindian Ma et al. 2019" where another first author is Ma
    Xinyin)."""
    for item in items:
        item.reference.pop("year_suffix", None)
        item.__dict__.pop(DISAMBIGUATE, None)
        addnames.reset(item)
    citation = style_root.citation
    if citation is None:
        return
    subsequent = citation.get("et-al-subsequent-min") is not None
    render = _cites(style_root)

    def rendered(item: Any) -> str:
        first = str(render(item))
        if not subsequent:
            return first
        names.subsequent_form(item, True)
        later = render(item)
        names.subsequent_form(item, False)
        return f"{first}\n{later}"

    rule = _given_name_rule(citation)
    first_name = givennames.first_name_options(style_root, "citation")
    shown = givennames.visible(first_name, citation)
    if rule not in (None, "by-cite"):  # global: every cite shows the register's levels
        givennames.set_levels(style_root, givennames.register(style_root, items, str(rule)),
                              items, "citation")
    add_names = citation.get("disambiguate-add-names", "false") == "true"
    add_suffix = citation.get("disambiguate-add-year-suffix", "false") == "true"
    if rule is None and not add_names and not add_suffix and not _tests_disambiguate(
            style_root):
        return  # speed: a style that tells no cites apart renders none here
    alike = _alike(items, render, False, subsequent)
    if rule == "by-cite":
        alike = [part for group in alike
                 for part in givennames.raise_to_separate(
                     group, rendered, shown, first_name["initialize-with"] is not None)]
    if add_names:
        alike = [part for group in alike
                 for part in addnames.add_names(group, rendered, shown)]
    if add_suffix:
        if _renders_label(style_root):
            alike = _same_label(items)
        for group in alike:
            for index, item in enumerate(group):
                item.reference["year_suffix"] = _letters(index)
        return
    # the last method (citeproc-js: after year suffixes): disambiguate="true" branches
    for group in alike:
        for item in group:
            item.__dict__[DISAMBIGUATE] = True


def _style_has(element: Any, expression: str) -> bool:
    """Whether the style of ``element`` has an element ``expression`` finds (asked once per
    parsed style and expression)."""
    root = element.get_root()
    memo = root.__dict__.setdefault("_plbib_style_has", {})
    if expression not in memo:
        memo[expression] = bool(root.xpath(expression, namespaces={"cs": CSL_NAMESPACE}))
    return bool(memo[expression])


def _renders_label(style_root: Any) -> bool:
    """Whether the style prints ``citation-label``."""
    return _style_has(style_root, ".//cs:text[@variable='citation-label']")


def _same_label(items: Sequence[Any]) -> list[list[Any]]:
    """Items that share a citation label, in ``items``' order: where a style prints the
    label, citeproc-js gives year suffixes to every label that is not unique, whether the
    rest of the cites differ or not ("[ICLR’23c]")."""
    from .labels import label_key

    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        label = item.reference.get("citation_label") or label_key(item)
        groups[str(label)].append(item)
    return [group for group in groups.values() if len(group) > 1]


def _tests_disambiguate(style_root: Any) -> bool:
    """Whether the style has a ``disambiguate="true"`` branch."""
    return _style_has(style_root, ".//cs:if[@disambiguate] | .//cs:else-if[@disambiguate]")


def _renders_year_suffix(element: Any) -> bool:
    """Whether the style prints ``year-suffix`` itself (asked once per parsed style), or
    prints ``citation-label``, which carries it (:func:`with_label_suffix`)."""
    return _style_has(element,
                      ".//cs:text[@variable='year-suffix' or @variable='citation-label']")


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
    # citeproc-js prints the suffix in the year date-part's own prefix and suffix:
    # "(2023):(a):" under <date-part name="year" prefix="(" suffix="):"/>
    part = element.find("cs:date-part[@name='year']", element.nsmap)
    before, after = (part.get("prefix", ""), part.get("suffix", "")) if part is not None \
        else ("", "")
    year_part = f"{before}{year}{after}"
    if (before or after) and year_part in rendered:
        return type(text)(rendered.replace(year_part, f"{year_part}{before}{suffix}{after}", 1))
    return type(text)(rendered.replace(str(year), f"{year}{suffix}", 1))


def with_label_suffix(item: Any, value: Any) -> Any:
    """A ``citation-label`` with the item's year suffix after it, as citeproc-js prints it
    wherever the label is printed ("NeurIPS’23a"); a style that prints the label gets no
    year suffix after its date."""
    suffix = item.reference.get("year_suffix")
    return value if not suffix or value is None else type(value)(f"{value}{suffix}")


#: set on an item once its year suffix is printed in the entry being rendered
_SHOWN = "_plbib_year_suffix_shown"


def new_entry(item: Any) -> None:
    """An entry or cite of ``item`` starts: citeproc-js prints the year suffix after the
    first ``issued`` year only ("Cai et alii 2023a : … (ACM MobiCom ’23) 2023, p. 1")."""
    item.__dict__.pop(_SHOWN, None)
