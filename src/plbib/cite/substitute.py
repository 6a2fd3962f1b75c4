"""Substituted names are not printed twice.

CSL: "Substituted variables are suppressed in the rest of the output to prevent
duplication." citeproc-py suppresses a substituted variable only where ``cs:text`` prints
it, so a style that substitutes the editors for a missing ``container-author`` and later
prints the editors again (bakhtiniana's "Edited by A. Oh et al. (A. Oh et al., Eds.)")
printed them twice; citeproc-js prints them once.

A ``cs:names`` without children in a substitute takes the ``cs:name``, ``cs:et-al`` and
``cs:label`` of the ``cs:names`` it stands in for (CSL's shorthand). citeproc-py does so
only for a direct child of ``cs:substitute``: inside a ``cs:choose`` it gave the names a
bare ``cs:name`` (new-harts-rules: "in A. Oh et al., Advances" for "in Alice Oh et al.,
eds, Advances")."""

from __future__ import annotations

from typing import Any


def _repressed(element: Any, context: Any) -> dict[str, list[str]]:
    layout = (context if context is not None else element).get_layout()
    if getattr(layout, "repressed", None) is None:
        layout.repressed = {}
    repressed: dict[str, list[str]] = layout.repressed
    return repressed


def repress_substituted(element: Any, context: Any) -> None:
    """``element`` (a ``cs:names``) printed its names: if it did so inside a
    ``cs:substitute``, its variables are not printed again in this entry (citeproc-py
    records only the substitute's direct child, and nothing for one inside a
    ``cs:choose``)."""
    for ancestor in element.iterancestors():
        if ancestor.tag.endswith("}substitute"):
            _repressed(element, context).setdefault(element.tag, []).append(
                element.get("variable", ""))
            return
        if ancestor.tag.endswith("}macro"):
            return


def without_repressed(element: Any, item: Any, context: Any) -> Any:
    """``item``, or a copy whose reference lacks the variables of ``element`` (a
    ``cs:names``) that a ``cs:substitute`` already printed for this entry."""
    repressed = _repressed(element, context)
    hidden = {variable for entry in repressed.get(element.tag, ()) if entry
              for variable in entry.split()}
    hidden &= set(element.get("variable", "").split())
    keys = [name.replace("-", "_") for name in hidden]
    if not any(key in item.reference for key in keys):
        return item
    reference = _copy(item.reference)
    for key in keys:
        dict.pop(reference, key, None)
    shown = _copy(item)
    shown.__dict__["_plbib_reference"] = reference  # what speed.citation_item's reads
    return shown


def _copy(value: Any) -> Any:
    """A shallow copy of a citeproc-py ``CustomDict`` (``copy.copy`` fails on them: their
    ``__getattr__`` raises VariableError for ``__setstate__``); the attributes plbib keeps
    in ``__dict__`` (group frames) are shared."""
    out = dict.__new__(type(value))
    dict.update(out, value)
    out.__dict__.update(value.__dict__)
    return out


def substituted_for(element: Any) -> Any:
    """The ``cs:names`` that ``element`` (a childless ``cs:names`` somewhere in its
    ``cs:substitute``) stands in for, or None (structural: known once per element)."""
    if _STANDS_IN_FOR in element.__dict__:
        return element.__dict__[_STANDS_IN_FOR]
    found = element.__dict__[_STANDS_IN_FOR] = _substituted_for(element)
    return found


_STANDS_IN_FOR = "_plbib_substituted_for"


def _substituted_for(element: Any) -> Any:
    if element.find("cs:name", element.nsmap) is not None:
        return None
    for ancestor in element.iterancestors():
        if ancestor.tag.endswith("}substitute"):
            return ancestor.getparent()
        if ancestor.tag.endswith("}names") or ancestor.tag.endswith("}macro"):
            return None
    return None


#: on an item while the names of a cs:substitute render: the cs:name of the names they
#: stand in for
_SUBSTITUTING = "_plbib_substituting"


def substituting(item: Any) -> Any:
    """The ``cs:name`` of the names that the names being rendered stand in for, or None."""
    return item.__dict__.get(_SUBSTITUTING)


def render_substitute(element: Any, item: Any, render: Any) -> Any:
    """``render()`` of ``element`` (a ``cs:substitute``) with :func:`substituting` set."""
    names = element.getparent()
    outer = names.find("cs:name", names.nsmap) if names is not None else None
    previous = item.__dict__.get(_SUBSTITUTING)
    item.__dict__[_SUBSTITUTING] = outer
    try:
        return render()
    finally:
        if previous is None:
            item.__dict__.pop(_SUBSTITUTING, None)
        else:
            item.__dict__[_SUBSTITUTING] = previous
