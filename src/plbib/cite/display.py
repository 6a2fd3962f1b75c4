"""Where the bibliography layout's suffix goes when its first element has ``display``.

citeproc-js (``setSuffix`` in ``CSL.Node.layout``, under ``state.opt.using_display``, which
the first element of the bibliography's layout sets by having a ``display`` attribute):
the layout's suffix is not put after the entry but *replaces the suffix* of the last
element directly in the layout that left something in the output. A macro call
(``cs:text macro``) or a ``cs:names`` leaves an (empty) output even when it prints
nothing, and then the layout's suffix goes with it: currents-in-biblical-research ends a
paper without a DOI "36:65202–65223", with no period (its last element, the "access"
macro, printed nothing); a group's own suffix "]" at the end gives way to the layout's
"." (but not the suffix of an element with a display of its own). citeproc-py put the
layout's suffix after the entry.

With ``second-field-align``, citeproc-js puts the layout's suffix on what follows the first
field: where nothing does (the whole entry in one group), the suffix is not printed."""

from __future__ import annotations

from typing import Any

from .punctuation import UNSUFFIXED


def moves_suffix(layout: Any) -> bool:
    """Does citeproc-js put ``layout``'s suffix on its last element (see above)? If so,
    each child with a suffix keeps what it prints without it (punctuation.UNSUFFIXED)."""
    moves = layout.__dict__.get("_plbib_moves_suffix")
    if moves is None:
        parent = layout.getparent()
        children = [child for child in layout.iterchildren() if isinstance(child.tag, str)]
        moves = parent is not None and parent.tag.endswith("}bibliography") and \
            bool(children) and children[0].get("display") is not None
        for child in children if moves else ():
            # a child with display of its own keeps its suffix (institut-francais-…-en's
            # left-margin group ends "….html.")
            if child.get("suffix") and child.get("display") is None:
                child.__dict__[UNSUFFIXED] = ""
        layout.__dict__["_plbib_moves_suffix"] = moves
    return bool(moves)


def _leaves_output(child: Any) -> bool:
    """An element that leaves an output in citeproc-js even when it prints nothing."""
    return child.tag.endswith("}names") or (child.tag.endswith("}text")
                                            and child.get("macro") is not None)


def suffix_on_last(rendered: list[tuple[Any, Any]]) -> tuple[list[tuple[Any, Any]], bool]:
    """``rendered`` (each child of the layout with what it printed) with the last output
    as it was before its own suffix, and whether the layout's suffix is printed (not when
    that last output is empty)."""
    last = next((index for index in range(len(rendered) - 1, -1, -1)
                 if (rendered[index][1] is not None and str(rendered[index][1]))
                 or _leaves_output(rendered[index][0])), None)
    if last is None:
        return rendered, True
    child, text = rendered[last]
    if text is None or not str(text):
        return rendered, False
    if child.get("suffix") and child.__dict__.get(UNSUFFIXED) is not None:
        rendered = [*rendered[:last], (child, child.__dict__[UNSUFFIXED]),
                    *rendered[last + 1:]]
    return rendered, True


def aligned(layout: Any) -> bool:
    """Is ``layout`` the bibliography's, with ``second-field-align``?"""
    parent = layout.getparent()
    return parent is not None and parent.tag.endswith("}bibliography") and \
        parent.get("second-field-align") is not None


def after_first_field(rendered: list[tuple[Any, Any]]) -> bool:
    """Did anything after the first field print (the layout's suffix goes there)?"""
    printed = [text for _, text in rendered if text is not None and str(text)]
    return len(printed) > 1
