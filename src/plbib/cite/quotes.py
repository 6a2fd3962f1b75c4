"""Quotes as citeproc-js prints them.

* quotes inside a quoted value alternate with the locale's inner quotes (the title Small
  Models Can Also “Think” in quotes is “… Can Also ‘Think’ …”); a lone apostrophe stays;
* with the locale's ``punctuation-in-quote``, a following comma or period goes inside the
  closing quote ("Title,” in"), which citeproc-py does not do — where citeproc-js puts it
  (:data:`plbib.cite.punctuation.QUOTED`);
* straight apostrophes in terms and ``<text value>`` become typographic ("à l’adresse")."""

from __future__ import annotations

from typing import Any


def flip_quotes(text: Any, outer_open: str, outer_close: str, inner_open: str,
                 inner_close: str) -> Any:
    """Paired quotes inside a quoted value become the locale's quotes by depth: the first
    level inner ones, the next outer ones, whichever of the locale's marks the value used
    (citeproc-js: “Think” in a French title is “Think” inside « … », in a British one
    “Think” inside ‘…’); a quote without its partner (an apostrophe) stays, and so do
    marks the locale does not use."""
    from citeproc.string import MixedString

    segments = list(text) if isinstance(text, MixedString) else [text]
    flat = "".join(map(str, segments))
    # citeproc-js's flip-flopper reads as quotes only the straight double quote and the
    # locale's own quote marks: “Think” stays as it is where the locale quotes ‘…’ both
    # outside and inside
    closer_of = {'"': '"'}
    for opener, closer in ((outer_open, outer_close), (inner_open, inner_close)):
        if len(opener) == 1 and len(closer) == 1:
            closer_of[opener] = closer
    chars = list(flat)
    stack: list[tuple[str, int]] = []
    for position, char in enumerate(flat):
        if stack and char == closer_of[stack[-1][0]]:
            opener, start = stack.pop()
            inner = len(stack) % 2 == 0
            chars[start] = inner_open if inner else outer_open
            chars[position] = inner_close if inner else outer_close
        elif char in closer_of:
            stack.append((char, position))
    if chars == list(flat):
        return text
    out, position = [], 0
    for segment in segments:
        length = len(str(segment))
        out.append(type(segment)("".join(chars[position:position + length])))
        position += length
    return MixedString(out) if isinstance(text, MixedString) else out[0]

def has_quote(text: Any) -> bool:
    """Does the text hold an opening quote that :func:`flip_quotes` would look at?"""
    return any(mark in str(text) for mark in "“‘«\"")


def typographic_apostrophes(text: Any) -> Any:
    """A term's or a ``<text value>``'s straight apostrophes made typographic, as
    citeproc-js prints them ("à l’adresse" from the French locale's "à l'adresse"); the
    records' values get the same in :mod:`plbib.cite.input`."""
    from citeproc.string import MixedString

    if isinstance(text, MixedString):
        return MixedString([type(s)(str(s).replace("'", "’")) for s in text])
    return type(text)(str(text).replace("'", "’")) if "'" in str(text) else text
