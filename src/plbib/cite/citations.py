"""In-text citations put together as citeproc-js puts them.

citeproc-py orders a citation's cites by the bibliography and never collapses them.
citeproc-js:

* keeps the order the cites were given in, unless the style's ``cs:citation`` has a
  ``cs:sort``; then cites its keys cannot tell apart go in the order of their rendered
  text ("Cai, Wang, et al." before "Cai, Wu, et al." whatever order they came in);
* with ``collapse="year"`` (or ``year-suffix``, ``year-suffix-ranged``), puts cites by the
  same names together and prints the names once: "(Cai et al., 2023a, 2023b)", and with
  the year-suffix forms "(Cai et al., 2023a, b)"; ``cite-group-delimiter`` (", ") goes
  between the cites of a group, ``after-collapse-delimiter`` (the layout's delimiter) after
  a collapsed group;
* with ``collapse="citation-number"``, prints three or more consecutive numbers as a
  range: "[1]–[3]" is "[1–3]";
* leaves out a cite that prints nothing (a style citing by a date the item lacks), unless
  it comes first: there it prints :data:`NO_PRINTED_FORM`, as the CSL processor test suite
  expects too (``date_DateNoDateNoTest``).

A cite's names are found by rendering it once more with its first ``cs:names`` held back
(:func:`held_back`), which leaves the rest of the cite ("2023a").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import names
from .sorting import collation_key, sort_items

#: set on an item while its cite is rendered without its names: "pending", then the names
_HELD = "_plbib_held_names"

#: citeproc-js's text for a citation's first cite when it prints nothing
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


def held_back(element: Any, item: Any, text: Any) -> Any:
    """``cs:names`` calls this with what it rendered: while a cite is rendered without its
    names, the first names are kept aside and nothing is printed for them (a substitute
    counts for the ``cs:names`` it stands in, which calls this with its result)."""
    if item.__dict__.get(_HELD) is _PENDING and text and not _in_substitute(element):
        item.__dict__[_HELD] = str(text)
        return None
    return text


_PENDING = object()


def _in_substitute(element: Any) -> bool:
    for ancestor in element.iterancestors():
        tag = ancestor.tag.rsplit("}", 1)[-1]
        if tag == "substitute":
            return True
        if tag in ("macro", "layout"):
            return False
    return False


@dataclass
class _Cite:
    item: Any
    text: Any  # the whole cite, citeproc-py's (Mixed)String
    names: str | None = None  # the rendered first names
    rest: Any = None  # the cite without them
    group: str | None = None  # the names in the cite's subsequent form (see _by_names)
    #: the cites before it (citeproc-py's ``position`` tests read them), so that a cite
    #: rendered again is in the position it had (not "ibid" of itself)
    earlier: list[Any] = field(default_factory=list)
    printed: bool = True  # False: the cite printed nothing and ``text`` is the marker


def render(layout: Any, citation: Any, callback: Any) -> Any:
    """``Layout.render_citation``: the cites of ``citation``, ordered and collapsed."""
    from citeproc.source import VariableError
    from citeproc.string import String

    element = layout.getparent()
    cites: list[_Cite] = []
    for item in (c for c in citation.cites if not c.is_bad()):
        layout.repressed = {}
        try:
            output = layout.render_children(item)
        except VariableError:
            continue
        if output is None:
            cites.append(_Cite(item, String(NO_PRINTED_FORM), earlier=list(element.cites),
                               printed=False))
        else:
            cites.append(_Cite(item, item.get("prefix", "") + output + item.get("suffix", ""),
                               earlier=list(element.cites)))
        element.cites.append(item)
    if element.sort is not None:
        cites = _sorted(element.sort, layout, cites)
    cites = [cite for place, cite in enumerate(cites) if cite.printed or place == 0]
    collapse = element.get("collapse")
    delimiter = layout.get("delimiter", "")
    if collapse in ("year", "year-suffix", "year-suffix-ranged"):
        body = _by_names(layout, element, cites, collapse, delimiter)
    else:
        parts = _number_ranges(cites) if collapse == "citation-number" else \
            [cite.text for cite in cites]
        body = _join(parts, [delimiter] * (len(parts) - 1))
    failed = [callback(item) or f"{item.key}?" for item in citation.cites if item.is_bad()]
    if failed:
        body = _join([body, *failed] if body is not None else failed,
                     [delimiter] * (len(failed) - (body is None)))
    return layout.format(layout.wrap(body)) if body is not None else None


def _sorted(sort: Any, layout: Any, cites: list[_Cite]) -> list[_Cite]:
    keys = [str(cite.text) for cite in cites]
    ordered = sort_items(sort.findall("cs:key", sort.nsmap), [c.item for c in cites], layout,
                         tiebreak=[collation_key(key) for key in keys])
    by_item = {id(cite.item): cite for cite in cites}
    return [by_item[id(item)] for item in ordered]


def _split(layout: Any, cite: _Cite, subsequent: bool) -> None:
    """The cite's names and the rest of it, rendered with the names held back; and the
    names of its subsequent form (``et-al-subsequent-*``)."""
    cite.names, cite.rest = _held(layout, cite)
    cite.group = cite.names
    if subsequent:
        names.subsequent_form(cite.item, True)
        try:
            cite.group = _held(layout, cite)[0]
        finally:
            names.subsequent_form(cite.item, False)


def _held(layout: Any, cite: _Cite) -> tuple[str | None, Any]:
    item, element = cite.item, layout.getparent()
    item.__dict__[_HELD] = _PENDING
    layout.repressed = {}
    cites, element.cites = element.cites, cite.earlier
    try:
        rest = layout.render_children(item)
    finally:
        held = item.__dict__.pop(_HELD)
        element.cites = cites
    return (held if isinstance(held, str) else None), rest


def _by_names(layout: Any, element: Any, cites: list[_Cite], collapse: str,
              delimiter: str) -> Any:
    """Cites by the same names put together (their names as the subsequent form prints
    them: citeproc-js puts "Ma, Fang, and Wang, 2023" next to "Ma et al., 2019" where
    both are "Ma et al." later), and the names printed once where they are the same."""
    subsequent = element.get("et-al-subsequent-min") is not None
    for cite in cites:
        _split(layout, cite, subsequent)
    groups: dict[str, list[_Cite]] = {}
    order: list[list[_Cite]] = []
    for cite in cites:
        if cite.group is None or cite.rest is None or \
                cite.item.get("prefix") or cite.item.get("suffix"):
            order.append([cite])
            continue
        if cite.group not in groups:
            groups[cite.group] = []
            order.append(groups[cite.group])
        groups[cite.group].append(cite)
    group_delimiter = element.get("cite-group-delimiter", ", ")
    # CSL: before a year suffix printed alone, year-suffix-delimiter (default: the
    # layout's delimiter, "Cai jt 2023a; b")
    suffix_delimiter = element.get("year-suffix-delimiter", delimiter)
    after = element.get("after-collapse-delimiter", delimiter)
    texts: list[Any] = []
    collapsed: list[bool] = []
    for group in order:
        for run in _runs(group):  # runs of the same names collapse
            rests = [_short_rest(c, run, collapse) for c in run[1:]]
            texts.append(_join([run[0].text, *rests],
                               [suffix_delimiter if rest == c.item.reference.get(
                                   "year_suffix") else group_delimiter
                                for c, rest in zip(run[1:], rests, strict=True)]))
            collapsed.append(len(run) > 1)
    return _join(texts, [after if was else delimiter for was in collapsed[:-1]])


def _runs(group: list[_Cite]) -> list[list[_Cite]]:
    """The group's cites in runs of the same names."""
    runs: list[list[_Cite]] = []
    for cite in group:
        if runs and runs[-1][0].names == cite.names:
            runs[-1].append(cite)
        else:
            runs.append([cite])
    return runs


def _short_rest(cite: _Cite, group: Sequence[_Cite], collapse: str) -> Any:
    """The rest of a cite after the first of its group: the year, or with the year-suffix
    forms only the suffix when the year is the one before it."""
    if collapse == "year":
        return cite.rest
    suffix = cite.item.reference.get("year_suffix")
    before = group[group.index(cite) - 1]
    earlier = before.item.reference.get("year_suffix")
    rest, previous = str(cite.rest), str(before.rest)
    if suffix and earlier and rest.replace(suffix, "", 1) == previous.replace(earlier, "", 1):
        return suffix
    return cite.rest


def _join(parts: Sequence[Any], delimiters: Sequence[str]) -> Any:
    """``parts`` with ``delimiters[i]`` after part i (citeproc-py strings add up)."""
    if not parts:
        return None
    text = parts[0]
    for part, delimiter in zip(parts[1:], delimiters, strict=True):
        text = text + delimiter + part
    return text


def _number_ranges(cites: list[_Cite]) -> list[Any]:
    """Runs of three or more consecutive citation numbers as "first–last"."""
    out: list[Any] = []
    run: list[_Cite] = []

    def flush() -> None:
        if len(run) >= 3:
            out.append(run[0].text + "\u2013" + run[-1].text)
        else:
            out.extend(cite.text for cite in run)
        run.clear()

    for cite in cites:
        text = str(cite.text)
        if text.isdigit() and run and str(run[-1].text).isdigit() and \
                int(text) == int(str(run[-1].text)) + 1:
            run.append(cite)
            continue
        flush()
        if text.isdigit():
            run.append(cite)
        else:
            out.append(cite.text)
    flush()
    return out
