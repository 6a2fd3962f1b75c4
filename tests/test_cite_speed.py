"""plbib.cite's speed-ups (cite/speed.py, the choose table in cite/conditions.py) against
the general path they bypass: the same answer for every element of a spread of styles on
records of every type and name shape."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import plbib
from plbib.cite import Formatter
from plbib.cite.conditions import AlwaysHolds, DisambiguateCondition
from plbib.cite.styles import CSL_NAMESPACE

#: styles with many and varied cs:choose trees (type, variable, is-numeric, position,
#: disambiguate, match any/none)
STYLES = ["apa", "chicago-author-date", "ieee", "modern-language-association", "nature",
          "harvard-cite-them-right", "vancouver-nlm", "american-medical-association",
          "din-1505-2", "elsevier-harvard", "springer-basic-author-date", "iso690-author-date-en"]


def _records() -> list[plbib.Record]:
    from benchmarks.generate import varied

    return [*plbib.load(), *varied(60)]


def _items(formatter: Formatter, records: list[plbib.Record]) -> list[Any]:
    """citeproc-py's items for ``records``, registered and sorted as for a bibliography."""
    bib = formatter._bibliography(records)
    with warnings.catch_warnings():  # citeproc-py's own, as Formatter ignores them
        warnings.simplefilter("ignore")
        formatter._order(bib, records)
    return list(bib.items)


def _citeproc_py_holds(branch: Any, item: Any) -> bool:
    """The condition as citeproc-py's ``If.render`` combines its tests (type as one test,
    plbib's fix), for branches without disambiguate."""
    if isinstance(branch, AlwaysHolds):
        return True
    results: list[bool] = []
    if "type" in branch.attrib:  # one test for all the listed types (plbib's fix)
        results.append(item.reference.type in branch.get("type").lower().split())
    if "variable" in branch.attrib:
        results += branch._variable(item)
    if "is-numeric" in branch.attrib:
        results += branch._is_numeric(item)
    if "is-uncertain-date" in branch.attrib:
        results += branch._is_uncertain_date(item)
    if "locator" in branch.attrib:
        results += branch._locator(item)
    if "position" in branch.attrib:
        results += branch._position(item, None)
    match = branch.get("match", "all")
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


@pytest.fixture(scope="module")
def records() -> list[plbib.Record]:
    return _records()


@pytest.mark.parametrize("style", STYLES)
def test_choose_takes_the_branch_the_conditions_give(style: str,
                                                     records: list[plbib.Record]) -> None:
    formatter = Formatter(style)
    root = formatter._style.root
    items = _items(formatter, records)
    chooses = list(root.iter(f"{{{CSL_NAMESPACE}}}choose"))
    assert chooses
    tested = 0
    for choose in chooses:
        branches = list(choose.iterchildren())
        if any("disambiguate" in b.attrib or "position" in b.attrib for b in branches):
            continue  # these depend on the cite being rendered, not on the item alone
        for item in items:
            expected = next((b for b in branches if _citeproc_py_holds(b, item)), None)
            assert choose.taken(item) is expected, (style, choose.sourceline, item.key)
            for branch in branches:
                if isinstance(branch, DisambiguateCondition):
                    assert branch.holds(item) == _citeproc_py_holds(branch, item)
            tested += 1
    assert tested > len(items)


def test_remembered_answers_are_citeproc_pys() -> None:
    """Macros, layouts, child elements and children lists, remembered per element, are what
    citeproc-py finds each time."""
    from citeproc import model

    root = Formatter("apa")._style.root
    for element in root.iter(f"{{{CSL_NAMESPACE}}}*"):
        if not isinstance(element, model.CitationStylesElement):
            continue
        if element.tag.endswith("}text") and "macro" in element.attrib:
            name = element.get("macro")
            assert element.get_macro(name) is model.CitationStylesElement.get_macro(
                element, name)
        if element.xpath("ancestor::cs:layout", namespaces=element.nsmap):
            assert element.get_layout() is model.CitationStylesElement.get_layout(element)
        for child in ("name", "label", "layout", "bibliography", "sort"):
            if hasattr(type(element), child):
                continue  # a method of that name, not a child lookup
            assert getattr(element, child) is element.find(f"cs:{child}", element.nsmap)
            assert getattr(element, child) is element.find(f"cs:{child}", element.nsmap)


def test_unformatted_elements_return_the_string_unchanged() -> None:
    from citeproc import formatter, model

    root = Formatter("chicago-author-date")._style.root
    root.formatter = formatter.html
    checked = 0
    for element in root.iter(f"{{{CSL_NAMESPACE}}}*"):
        if isinstance(element, model.Formatted) and not element.tag.endswith("}date-part"):
            for value in ("text", 12):
                assert element.format(value) == model.Formatted.format(element, value)
            checked += 1
    assert checked > 50


def test_source_reads_values_as_citeproc_py(records: list[plbib.Record]) -> None:
    """Every value read as citeproc-py's CiteProcJSON reads it: the same segments, of the
    same types (nocase spans apart), for plain text and for text with markup."""
    from citeproc.source.json import CiteProcJSON

    from plbib.cite import citeproc_items
    from plbib.cite.elements import html_escape
    from plbib.cite.speed import source

    items = citeproc_items(records, plbib.load_venues(), html_escape)
    span = '<span class="nocase">'
    items += [{"id": f"marked{i}", "type": "book", "title": title, "publisher": ""}
              for i, title in enumerate([
                  f"A {span}GPU</span> <b>x</b> &#60; y", f"{span}GPU </span> x",
                  f"ends with a space {span} LLM</span>.", f"{span}. </span>. y",
                  f"unclosed {span}span", f"{span}</span>", "A <SPAN class='nocase'>x</SPAN>",
                  f"two {span}A</span>{span}B</span>"])]
    ours, theirs = source(items), CiteProcJSON(items)
    assert list(ours) == list(theirs)
    for key in theirs:
        for variable, value in theirs[key].items():
            mine = ours[key][variable]
            assert mine == value, (key, variable)
            if isinstance(value, list) and all(isinstance(s, str) for s in value):
                assert [type(s) for s in mine] == [type(s) for s in value], (key, variable)


def test_citation_numbers_are_places_in_the_keys(records: list[plbib.Record]) -> None:
    """Citation numbers from the index are citeproc-py's ``keys.index(key) + 1``, after
    registering, after sorting, and for a bibliography registered twice over."""
    formatter = Formatter("ieee")
    bib = formatter._bibliography(records)
    from citeproc import Citation

    from plbib.cite.speed import citation_item

    items = [citation_item(r.key) for r in records]
    bib.register(Citation(items))
    assert [i.number for i in items] == [bib.keys.index(i.key) + 1 for i in items]
    bib.items.reverse()
    bib.keys = [i.key for i in bib.items]
    assert [i.number for i in items] == [bib.keys.index(i.key) + 1 for i in items]
    assert {i.number for i in items} == set(range(1, len(items) + 1))


def test_snapshot_script_records_output_and_finds_a_change() -> None:
    """scripts/cite_snapshot.py, which shows that a speed-up changes no entry."""
    from conftest import script
    from plbib.cite import resolve_style

    snapshots = script("cite_snapshot")
    name, out = snapshots.snapshot(str(resolve_style("ieee")))
    assert name == "ieee.csl"
    assert set(out) == {f"{s}/{p}" for s in ("bundled", "varied")
                        for p in ("text", "html", "cite")}
    bundled = plbib.load()
    assert out["bundled/text"] == [[e.key, e.text] for e in Formatter("ieee").bibliography(
        bundled)]
    assert len(out["varied/cite"]) == snapshots.CITES
    changed = {name: dict(out, **{"bundled/text": [[k, t + "."] for k, t in
                                                    out["bundled/text"]]})}
    assert snapshots.compare({name: out}, {name: out}) == 0
    assert snapshots.compare({name: out}, changed, shown=0) == 1
