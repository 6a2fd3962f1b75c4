"""``subsequent-author-substitute``: repeated names replaced in the bibliography.

CSL: with ``subsequent-author-substitute="———"`` on ``cs:bibliography``, the names of an
entry's first ``cs:names`` that equal the previous entry's are replaced by that text,
as ``subsequent-author-substitute-rule`` says: ``complete-all`` (the default) the whole
list when all names match; ``complete-each`` each name when all match; ``partial-each``
each name from the first up to the first that differs; ``partial-first`` the first name
when it matches. citeproc-py ignores the option (mhra, ABNT's "___", "---").

An entry is rendered once with its first names recorded (their texts, as printed), then,
when the previous entry's names call for it, once more with them replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_STATE = "_plbib_subsequent"
_PARTS = ("family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal")


@dataclass
class _Entry:
    """What one entry's rendering records, and what it is to replace."""

    names: list[tuple[str, ...]] | None = None  # the first names shown, as data
    replace: int = 0  # how many names to replace; -1: the whole list
    substitute: str = ""
    done: bool = False  # the first names have been rendered


def names(item: Any, shown: list[Any], texts: list[Any],
          joined: Callable[[list[Any]], Any]) -> Any:
    """The rendered name list of ``item``'s names (``shown``, printed as ``texts``,
    joined by ``joined``): the first non-empty one in a bibliography entry is recorded,
    or replaced. Names are compared as data, not as printed: citeproc-js replaces no
    "Ma, X." for Ma Xinyin after Ma Xindian."""
    result = joined(texts)
    entry: _Entry | None = item.__dict__.get(_STATE)
    if entry is None or entry.done or not texts or result is None or not str(result):
        return result
    entry.done = True
    entry.names = [tuple(str(name.get(part) or "") for part in _PARTS) for name in shown]
    if entry.replace == -1:
        from citeproc.string import String

        return String(entry.substitute)
    if entry.replace:
        count = min(entry.replace, len(texts))
        return joined([entry.substitute] * count + list(texts[count:]))
    return result


@dataclass
class Bibliography:
    """The entries of one bibliography, rendered in order (``render(item)``)."""

    substitute: str | None
    rule: str = "complete-all"
    previous: _Entry | None = field(default=None)

    def render(self, item: Any, render: Callable[[], Any]) -> Any:
        if self.substitute is None:
            return render()
        entry = item.__dict__[_STATE] = _Entry(substitute=self.substitute)
        try:
            text = render()
            replace = self._replace(entry)
            if replace:
                item.__dict__[_STATE] = _Entry(replace=replace, substitute=self.substitute)
                text = render()
        finally:
            item.__dict__.pop(_STATE, None)
        self.previous = entry
        return text

    def _replace(self, entry: _Entry) -> int:
        """How many of ``entry``'s names the rule replaces (-1: the whole list)."""
        before = self.previous
        if before is None or not before.names or not entry.names:
            return 0
        if self.rule in ("complete-all", "complete-each"):
            if entry.names != before.names:  # the names shown ("et al." aside)
                return 0
            return -1 if self.rule == "complete-all" else len(entry.names)
        same = 0
        for mine, theirs in zip(entry.names, before.names, strict=False):
            if mine != theirs:
                break
            same += 1
        return min(same, 1) if self.rule == "partial-first" else same
