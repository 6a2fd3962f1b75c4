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

from citeproc.source import VariableError
from citeproc.string import MixedString, String, normalize_seam

from .speed import FORMATTING, children
from .speed import append as _append
from .speed import first_char as _first
from .speed import last_char as _last

#: (mark before, mark after) pairs where citeproc-js keeps only the mark before
_ABSORBED = frozenset({("!", "."), ("?", "."), ("?", ":"), ("!", ":"), (":", "."),
                       (";", "."), (";", ":")})


def merge_seam(left: Any, other: Any, left_end: str | None = None) -> Any:
    """``other`` to be appended to ``left``, its first mark dropped where citeproc-js
    merges it into ``left``'s last one (and citeproc-py's own seam rules); ``left_end``:
    the last character of ``str(left)`` ("" if empty), where the caller has it (only that
    character counts; speed: a long MixedString joins all its parts for ``str``)."""
    left_text = _last(left) if left_end is None else left_end
    other = normalize_seam(left_text, other)
    other_text = str(other)
    if not left_text or not other_text or (left_text[-1], other_text[0]) not in _ABSORBED:
        return other
    return _rest(other)


#: after a number's closing mark: no later mark merges into it (a private-use character,
#: never in data, removed by :func:`plain`)
KEPT = "\ue001"

#: variables citeproc-js renders as numbers where their value is one (digits only: "3.4"
#: is text to it)
_NUMBERS = frozenset({"volume", "issue", "number", "page", "page-first", "edition",
                      "chapter-number", "collection-number", "number-of-pages",
                      "number-of-volumes", "citation-number", "locator", "part-number",
                      "supplement-number", "printing-number"})


#: the space after a left margin (``display="left-margin"``): a space where more follows,
#: nothing at the end of the entry (citeproc-js: a left-margin field that ends the entry,
#: then the layout's suffix: "….html.", not "….html ."; removed by the layout's
#: :meth:`Seams.wrap`)
MARGIN = "\ue002"


#: after the closing mark (":;!?") of an element's own suffix: the delimiter of the group
#: around it does not merge into it ("In:" + ". " is "In:. X" in citeproc-js), where a mark
#: in the text or a level deeper does ("P;" from a macro's group + ". " is "P; X");
#: removed once the element's parent wraps it (and by :func:`plain`)
OWN_SUFFIX = "\ue003"


#: after a value in quotes (``quotes="true"``): the locale's punctuation-in-quote puts a
#: following "." or "," inside the quotes, from its own suffix or the delimiter after it
#: (“T,” X), and from the suffix of an element around it — but not the delimiter after
#: that element (citeproc-js: a macro's suffix "." and then ", " give “T.”, X)
QUOTED = "\ue004"


#: before a prefix starting "." or "," that citeproc-js may move into a quote before it
#: (an element's own prefix, on an element without formatting of its own: not text
#: content such as <text value=", in "/>, and not "*, Container*" in italics);
#: removed by the join it reaches (and by :func:`plain`)
PREFIX = "\ue005"

#: after a group whose suffix lost its closing space (:func:`cut_suffix`): the next
#: string's leading space goes too; removed by the join it reaches (and by :func:`plain`)
SPACE_TAKEN = "\ue006"

#: after a ";" or ":" that ended the own suffix of a cs:text (not a number's, not a
#: group's) a level or more below: a "." of a suffix or a delimiter around it goes before
#: it (see :class:`Seams`, :func:`joined`); removed by a join (and :func:`plain`)
DEEP = "\ue007"

#: on an element whose output without its own suffix is wanted (:mod:`.display`): that
#: output, as its last render left it
UNSUFFIXED = "_plbib_unsuffixed"


def plain(text: str) -> str:
    return text.replace(KEPT, "").replace(MARGIN, " ").replace(OWN_SUFFIX, "").replace(
        QUOTED, "").replace(PREFIX, "").replace(SPACE_TAKEN, "").replace(DEEP, "")


def _into_quote(element: Any, text: Any, mark: str) -> Any:
    """``text`` (ending with a closing quote) with ``mark`` put before that quote."""
    flat = str(text)
    closing = next((q for q in _closing_quotes(element) if flat.endswith(q)), None)
    if closing is None:
        return text + mark
    segments = list(text) if isinstance(text, MixedString) else [text]
    *head, last = segments
    inside = flat[:-len(closing)][-1:]
    if inside == mark or (inside, mark) in _ABSORBED:  # “T,” and "," stay “T,”
        return text
    last_text = str(last)
    if last_text.endswith(closing):  # the quote is in the last segment
        moved = type(last)(last_text[:-len(closing)] + mark + closing)
        return MixedString([*head, moved]) if head else moved
    return String(flat[:-len(closing)] + mark + closing)


def _rest(text: Any) -> Any:
    """``text`` without its first character."""
    if isinstance(text, MixedString):
        segments = list(text)
        while segments and not str(segments[0]):  # empty segments first: the first character
            segments.pop(0)                        # is in the first one that has any
        if not segments:
            return text
        head, *tail = segments
        shorter = type(head)(str(head)[1:])
        return MixedString(([shorter] if str(shorter) else []) + tail)
    return type(text)(str(text)[1:])


def _closing_quotes(element: Any) -> list[str]:
    return [str(element.get_single_term(name=name)) for name in
            ("close-quote", "close-inner-quote")]


def _punctuation_in_quote(element: Any) -> bool:
    return str(element.get_locale_option("punctuation-in-quote")).lower() == "true"


def _quoted_then(element: Any, text: Any, following: str) -> tuple[Any, str]:
    """``text`` (a quoted value's, marked :data:`QUOTED`) and the ``following`` suffix or
    delimiter, its leading "." or "," moved inside the quotes where the locale says so."""
    text = without_end(text, QUOTED)
    if following[:1] in (".", ",") and _punctuation_in_quote(element):
        return _into_quote(element, text, following[0]), following[1:]
    return text, following


def without_end(string: Any, end: str) -> Any:
    """``string`` without ``end`` (a marker, or a suffix) at its end."""
    if not end or not str(string).endswith(end):
        return string
    if isinstance(string, MixedString):
        segments = list(string)
        while len(segments) > 1 and not str(segments[-1]):  # empty segments at the end
            segments.pop()
        *head, last = segments
        if not str(last).endswith(end):
            return string
        return MixedString([*head, type(last)(str(last)[:-len(end)])])
    return type(string)(str(string)[:-len(end)])


#: the marks :func:`joined` reads at the end of what it has joined so far
_END_MARKS = frozenset({OWN_SUFFIX, DEEP, SPACE_TAKEN, QUOTED})


def joined(element: Any, strings: Any, delimiter: str) -> Any:
    """``strings`` joined by ``delimiter`` at seams as citeproc-js makes them (see
    :class:`Seams`); ``element`` is the group or branch joining them."""
    items = [s for s in strings if s is not None]
    if not items:
        return String("")
    output = items[0]  # a PREFIX mark at its start stays: it is this join's prefix now
    for item in items[1:]:
        end = _last(output)
        if end not in _END_MARKS and _first(item) != PREFIX:
            # speed: no mark to read (most seams), the general path's last two steps
            output = _append(output, end, merge_seam(
                output, _after_quote(element, output, delimiter), end))
            end = _last(output)
            output = _append(output, end, merge_seam(output, item, end))
            continue
        movable = str(item).startswith(PREFIX)
        if movable:
            item = _rest(item)
        join, own = delimiter, str(output).endswith(OWN_SUFFIX)
        if own:  # right after a child's own mark: the delimiter neither merges nor moves
            output = without_end(without_end(output, OWN_SUFFIX), DEEP)
        elif str(output).endswith(DEEP):
            output = without_end(output, DEEP)
            if join[:1] in (".", ":") and str(output)[-1:] in (";", ":") and \
                    join[0] != str(output)[-1]:
                # a delimiter's mark goes before a child's own ";" a level or more below
                # (citeproc-js: "mlsys.org" with the publisher's ";" and ":" print
                # "mlsys.org:;35–47")
                mark = str(output)[-1]
                output, join = without_end(output, mark) + join[0] + mark, join[1:]
        if str(output).endswith(SPACE_TAKEN):
            output = without_end(output, SPACE_TAKEN)
            if not delimiter and str(item).startswith(" "):
                item = _rest(item)
        if str(output).endswith(QUOTED):
            output, rest = _quoted_then(element, output, join)
            if not delimiter and movable and str(item)[:1] in (".", ",") and \
                    _punctuation_in_quote(element):  # the next one's prefix: ". Available"
                output, item = _into_quote(element, output, str(item)[0]), _rest(item)
            output = output + merge_seam(output, rest)
        elif own:
            output = output + normalize_seam(output, join)
        else:
            output = output + merge_seam(output, _after_quote(element, output, join))
        output = output + merge_seam(output, item)
    return output


def _decorated(element: Any) -> bool:
    """Does ``element`` carry formatting of its own (citeproc-js: blobHasDecorations)?"""
    return any(name in element.attrib for name in FORMATTING)


def _after_quote(element: Any, text: Any, following: str) -> str:
    """``following`` without its first mark where ``text`` ends with that mark inside the
    closing quote and the locale puts punctuation there (citeproc-js: “T,” and the
    delimiter ", " print “T,” X)."""
    if not following or following[0] not in ".,":
        return following  # (before joining ``text``: most delimiters)
    flat = str(text)
    if not flat or not _punctuation_in_quote(element):
        return following
    closing = next((q for q in _closing_quotes(element) if q and flat.endswith(q)), None)
    if closing is None:
        return following
    inside = flat[:-len(closing)][-1:]
    return following[1:] if inside == following[0] or \
        (inside, following[0]) in _ABSORBED else following


class JoinedBranch:
    """Mixin for ``cs:if``, ``cs:else-if``, ``cs:else`` and ``cs:layout``: the children of
    the branch a ``cs:choose`` takes are joined by the enclosing group's delimiter as the
    group joins its own (:func:`joined`), and a layout's children at their seams, not by
    citeproc-py's plain ``join``."""

    def render_children(self: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        output = [text for _, text in self.rendered_children(item, delimiter, **kwargs)
                  if text is not None]
        return joined(self, output, delimiter) if output else None

    def rendered_children(self: Any, item: Any, delimiter: str = "",
                          **kwargs: Any) -> list[tuple[Any, Any]]:
        return rendered_children(self, item, delimiter, **kwargs)


def rendered_children(element: Any, item: Any, delimiter: str = "",
                      **kwargs: Any) -> list[tuple[Any, Any]]:
    """Each child of ``element`` with what it printed (None for nothing: a missing
    variable too); a ``cs:choose`` renders with the ``delimiter`` of the group around it
    (citeproc-py's ``Parent.render_children``, over the children listed once)."""
    output = []
    for child, choose in children(element):
        try:
            text = child.render(item, delimiter=delimiter, **kwargs) if choose \
                else child.render(item, **kwargs)
        except VariableError:
            text = None
        output.append((child, text))
    return output


class Seams:
    """``Affixed.wrap`` with :func:`merge_seam` at both seams, and ``Delimited.join`` with it
    at each delimiter: citeproc-js merges a delimiter's first mark as it merges a suffix's
    (a publisher macro ending "OpenReview.net;" and the group delimiter ". " print
    "OpenReview.net; 2023")."""

    def join(self: Any, strings: Any, default_delimiter: str = "") -> Any:
        return joined(self, strings, self.get("delimiter", default_delimiter))

    def wrap(self: Any, string: Any, suffix: str | None = None) -> Any:
        """``string`` in the element's prefix and its suffix (or ``suffix``, given)."""
        if string is None:
            return None
        prefix = self.get("prefix", "")
        suffix = self.get("suffix", "") if suffix is None else suffix
        space_taken, cut = False, self.__dict__.pop(_CUT, None)
        if not prefix and not suffix and _unadorned(self):
            return _unaffixed(self, string)
        if cut == "cut":
            suffix, space_taken = suffix[1:-1], suffix.endswith(" ")
        if self.tag.endswith("}layout"):
            string = without_end(string, MARGIN)
        # a child's suffix is a level deeper now; a text's own ";" or ":" takes a "." of
        # a suffix around it before it (citeproc-js: "OpenReview.net" with the publisher's
        # own ";" and the entry's "." print "OpenReview.net.;"), a mark in the text or a
        # group's or a number's suffix does not ("Computers:" and "." print "Computers:")
        deep = movable = quoted = False
        if _last(string) in _END_MARKS or _first(string) == PREFIX:  # (speed: most have none)
            string = without_end(string, OWN_SUFFIX)
            deep = str(string).endswith(DEEP)
            string = without_end(string, DEEP)
            if deep and suffix[:1] == "." and str(string)[-1:] in (";", ":"):
                mark = str(string)[-1]
                string, suffix = without_end(string, mark) + suffix[0] + mark, suffix[1:]
            movable = str(string).startswith(PREFIX)  # a child's prefix, first in this one
            if movable:
                string = _rest(string)
            quoted = str(string).endswith(QUOTED)
        own_suffix = bool(suffix)
        if self.__dict__.get(UNSUFFIXED) is not None:  # a child of a layout (display.py)
            self.__dict__[UNSUFFIXED] = _displayed(self.get("display"),
                                                   prefix + _after_prefix(prefix, string))
        if quoted:
            string, suffix = _quoted_then(self, string, suffix)
        text = prefix + _after_prefix(prefix, string)
        if suffix and suffix[-1] in ":;!?" and str(string).isdigit() and (
                self.tag.endswith("}number") or self.get("variable") in _NUMBERS):
            suffix += KEPT
        display = self.get("display") if "display" in self.attrib and \
            _in_layout(self) else None
        end = _last(text)
        wrapped = _append(text, end, merge_seam(text, suffix, end)) if suffix else text
        if suffix and suffix[-1] in ":;!?" and not self.tag.endswith(("}name", "}name-part")):
            if suffix[-1] in ";:" and self.tag.endswith("}text") and \
                    self.get("variable") not in (None, *_NUMBERS):
                wrapped = wrapped + DEEP  # a text's own mark: a "." above goes before it
            wrapped = wrapped + OWN_SUFFIX
        elif quoted and not suffix and (not own_suffix or
                                        self.get("quotes", "false").lower() == "true"):
            # still right after the closing quote: the delimiter after this element goes in
            # too, unless this element had a suffix of its own (and is not the quoted one)
            wrapped = wrapped + QUOTED
        elif deep and not suffix and str(wrapped)[-1:] in (";", ":"):
            wrapped = wrapped + DEEP  # still ending with a child's own mark
        if space_taken:
            wrapped = wrapped + SPACE_TAKEN
        if display is None and not _decorated(self) and _joined_here(self) and (
                prefix[:1] in (".", ",") or (movable and not prefix)):
            # this prefix (or a first child's, which citeproc-js moves up to an element
            # with none) may go into a quote before it (see joined)
            return PREFIX + wrapped
        return _displayed(display, wrapped)


def _unadorned(element: Any) -> bool:
    """Is ``element`` one whose wrap without affixes only passes its string's marks on
    (no display, not a layout, no :data:`UNSUFFIXED` bookkeeping)? Nine in ten wraps are
    of such elements (speed: :func:`_unaffixed` skips the general path's steps)."""
    return "display" not in element.attrib and UNSUFFIXED not in element.__dict__ and \
        not element.tag.endswith("}layout")


def _unaffixed(element: Any, string: Any) -> Any:
    """:meth:`Seams.wrap` of an :func:`_unadorned` element with no prefix and no suffix,
    the same string as the general path: a child's own-suffix mark is dropped (its suffix
    is a level deeper now), a :data:`DEEP` mark stays only after a ";" or ":", a
    :data:`PREFIX` mark only where a join reads it and the element has no formatting."""
    if _last(string) not in (OWN_SUFFIX, DEEP) and _first(string) != PREFIX:
        return string  # no mark (speed: most strings)
    flat = str(string)
    if flat.endswith(OWN_SUFFIX):
        string, flat = without_end(string, OWN_SUFFIX), flat[:-1]
    if flat.endswith(DEEP) and flat[-2:-1] not in (";", ":"):
        string = without_end(string, DEEP)
    if flat.startswith(PREFIX) and (_decorated(element) or not _joined_here(element)):
        string = _rest(string)
    return string


#: set on a group for its next wrap by :func:`cut_suffix`
_CUT = "_plbib_cut_suffix"


def cut_suffix(group: Any, last: Any) -> None:
    """citeproc-js (its output queue's ``downward`` merge): where a group's suffix starts
    with the mark that its last printed child's own suffix ends with, the group's suffix
    loses its first and its last character: "(ICLR 2023)." and the group's ". " print
    "(ICLR 2023).OpenReview.net", "," and ", " print ",X"; a space so lost takes the
    leading space of what follows with it (:data:`SPACE_TAKEN`). Marked here, applied by
    the group's wrap."""
    suffix = group.get("suffix", "")
    own = str(last.get("suffix", "")) if last is not None else ""
    if suffix[:1] in (".", ",", ";", ":") and own.endswith(suffix[0]):
        group.__dict__[_CUT] = "cut"
    else:
        group.__dict__.pop(_CUT, None)


def _after_prefix(prefix: str, string: Any) -> Any:
    """``string`` after an element's ``prefix``: citeproc-js merges no punctuation there
    (a group's prefix ";" and its first child's ":" print ";:", "," and ", " print ",,"),
    it only drops the second of two spaces."""
    if prefix.endswith(" ") and str(string).startswith(" "):
        return _rest(string)
    return string


def _joined_here(element: Any) -> bool:
    """Is ``element``'s output joined by :func:`joined` (a child of a group, a layout or a
    choose branch), where a :data:`PREFIX` mark is read? Elsewhere (a label beside names,
    a macro's children) it would only keep marks from merging ("et al.. eds")."""
    known: bool | None = element.__dict__.get("_plbib_joined_here")
    if known is None:  # known once per element (speed: asked on every wrap)
        parent = element.getparent()
        known = element.__dict__["_plbib_joined_here"] = parent is not None and \
            parent.tag.endswith(("}group", "}layout", "}if", "}else-if", "}else"))
    return known


def _in_layout(element: Any) -> bool:
    """Is ``element`` a child of ``cs:layout``, through any ``cs:choose`` (which
    citeproc-js renders transparently)?"""
    parent = element.getparent()
    while parent is not None and parent.tag.endswith(("}if", "}else-if", "}else", "}choose")):
        parent = parent.getparent()
    return parent is not None and parent.tag.endswith("}layout")


def _displayed(display: str | None, text: Any) -> Any:
    """``display`` on a child of ``cs:layout`` as citeproc-js's text output renders it: a
    block or an indented block on a line of its own, a space after a left margin ("2023
    Dynamic …", citeproc-py printed "2023Dynamic …"); deeper down it does nothing."""
    if display in ("block", "indent"):
        return ("\n    " if display == "indent" else "\n") + text
    if display == "left-margin":
        return text + MARGIN
    return text
