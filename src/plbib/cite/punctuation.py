"""Punctuation where an affix meets the text, as citeproc-js merges it.

citeproc-py drops a mark that doubles the one before it ("." + "." is "."). citeproc-js
also merges two different marks (``CSL.Output.Queue.adjust``'s table): after "!" or "?"
a "." or ":" goes; after ":" or ";" a "." goes, and after ";" a ":" ("Computers:" and a
group's suffix "." print "Computers:"), except after a number: a volume's "34:" and a
group's "." print "34:." (a number's closing mark is kept apart by :data:`KEPT`, which
:func:`plain` removes from the finished text). The seams are those of ``prefix``, text
and ``suffix`` (``Affixed.wrap``), which also renders ``display`` as citeproc-js's text
output does."""

from __future__ import annotations

from typing import Any

#: (mark before, mark after) pairs where citeproc-js keeps only the mark before
_ABSORBED = frozenset({("!", "."), ("?", "."), ("?", ":"), ("!", ":"), (":", "."),
                       (";", "."), (";", ":")})


def merge_seam(left: Any, other: Any) -> Any:
    """``other`` to be appended to ``left``, its first mark dropped where citeproc-js
    merges it into ``left``'s last one (and citeproc-py's own seam rules)."""
    from citeproc.string import MixedString, normalize_seam

    other = normalize_seam(left, other)
    left_text, other_text = str(left), str(other)
    if not left_text or not other_text or (left_text[-1], other_text[0]) not in _ABSORBED:
        return other
    if isinstance(other, MixedString):
        segments = list(other)
        head = type(segments[0])(str(segments[0])[1:])
        return MixedString(([head] if str(head) else []) + segments[1:])
    return type(other)(other_text[1:])


#: after a number's closing mark: no later mark merges into it (a private-use character,
#: never in data, removed by :func:`plain`)
KEPT = "\ue001"

#: variables citeproc-js renders as numbers where their value is one (digits only: "3.4"
#: is text to it)
_NUMBERS = frozenset({"volume", "issue", "number", "page", "page-first", "edition",
                      "chapter-number", "collection-number", "number-of-pages",
                      "number-of-volumes", "citation-number", "locator", "part-number",
                      "supplement-number", "printing-number"})


def plain(text: str) -> str:
    return text.replace(KEPT, "")


class Seams:
    """``Affixed.wrap`` with :func:`merge_seam` at both seams."""

    def wrap(self: Any, string: Any) -> Any:
        if string is None:
            return None
        prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
        text = prefix + merge_seam(prefix, string)
        if suffix and suffix[-1] in ":;!?" and str(string).isdigit() and (
                self.tag.endswith("}number") or self.get("variable") in _NUMBERS):
            suffix += KEPT
        display = self.get("display") if self.getparent() is not None and \
            self.getparent().tag.endswith("}layout") else None
        return _displayed(display, text + merge_seam(text, suffix))


def _displayed(display: str | None, text: Any) -> Any:
    """``display`` on a child of ``cs:layout`` as citeproc-js's text output renders it: a
    block or an indented block on a line of its own, a space after a left margin ("2023
    Dynamic …", citeproc-py printed "2023Dynamic …"); deeper down it does nothing."""
    if display in ("block", "indent"):
        return ("\n    " if display == "indent" else "\n") + text
    if display == "left-margin":
        return text + " "
    return text
