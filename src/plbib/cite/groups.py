"""Group suppression as CSL 1.0.2 defines it and citeproc-js applies it.

"cs:group implicitly acts as a conditional: cs:group and its child elements are suppressed
if a) at least one rendering element in cs:group calls a variable (either directly or via a
macro), and b) all variables that are called are empty." citeproc-py decided from the
elements a group *could* call (``calls_variable``), so a group whose ``cs:choose`` picked a
branch with a label and an empty variable printed the label ("Edition, "), and a macro
printed its terms around nothing ("traduit par , "). citeproc-js also treats a macro's
content as such a group.

Here the variables actually called while rendering are recorded in frames kept on the
item being rendered (no global state): ``cs:text``, ``cs:number``, ``cs:date`` and
``cs:names`` report each call and whether it gave a value; a group or macro decides from
its own frame and reports to the enclosing one (see ``render_suppressible``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from citeproc.source import VariableError

from .speed import last_char

_FRAMES = "_plbib_variable_frames"


@dataclass
class Frame:
    called: bool = False
    rendered: bool = False


def _frames(item: Any) -> list[Frame]:
    frames: list[Frame] = item.__dict__.setdefault(_FRAMES, [])
    return frames


def record(item: Any, has_value: bool) -> None:
    """A rendering element called a variable; ``has_value``: it was not empty."""
    frames = _frames(item)
    if frames:
        frames[-1].called = True
        frames[-1].rendered = frames[-1].rendered or has_value


def recorded(item: Any, render: Callable[[], Any]) -> Any:
    """``render()``, a rendering element's call of a variable, recorded for the groups
    around it (a missing variable raises citeproc-py's VariableError, recorded as empty)."""
    try:
        value = render()
    except VariableError:
        record(item, False)
        raise
    record(item, value is not None and last_char(value) != "")
    return value


def render_suppressible(element: Any, item: Any, render_children: Any) -> Any:
    """``render_children()`` inside a frame of its own; ``None`` when CSL suppresses the
    group (it called variables and all were empty).

    For the enclosing group, the calls count (a suppressed group still called its empty
    variables: APA's "(Original work published …)" goes with its date), and a nested group
    that prints something counts as a value (IEEE's "[Online]" group keeps the group around
    it although "Accessed:" had no date).

    A group (or macro) that printed nothing leaves its own "called" in the enclosing frame
    in place of what the enclosing group had called so far, as citeproc-js does
    (``variable_attempt`` is overwritten when a nested group ends empty): after an empty
    macro that calls no variable, a group prints its term although an earlier variable
    was empty (alcohol-and-alcoholism's "In, Proceedings …" without editors)."""
    frames = _frames(item)
    frame = Frame()
    frames.append(frame)
    try:
        text = render_children()
    finally:
        frames.pop()
    suppressed = frame.called and not frame.rendered
    if frames:
        parent = frames[-1]
        if not suppressed and text is not None and last_char(text) != "":
            parent.rendered = True
        else:  # citeproc-js: a group that printed nothing sets the parent's attempt
            parent.called = frame.called
    return None if suppressed else text
