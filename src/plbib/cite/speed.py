"""Speed-ups for citeproc-py, apart from the fixes: the answers citeproc-py looks up again
and again for a parsed style are remembered, and a cite looks its reference up once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from citeproc.string import MixedString, normalize_seam

from .terms import term_with_fallback

#: on a style's root and on each of its elements: the remembered answers
_MEMO = "_plbib_memo"
#: on each element: whose terms its lookups return (a cs:locale's own, else the style's)
_OWNER = "_plbib_memo_owner"
#: on each element: the style's root element
_ROOT = "_plbib_root"
#: on a citeproc-py bibliography: its keys' positions (:func:`_position`)
_POSITIONS = "_plbib_positions"
#: on each element: the layout it is in
_LAYOUT = "_plbib_layout"
#: on each element: its children (:func:`children`)
_CHILDREN = "_plbib_children"
#: on each element: whether it has none of the formatting attributes
_UNFORMATTED = "_plbib_unformatted"
#: CSL's formatting attributes (citeproc-js: an element with one has "decorations")
FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration",
              "vertical-align")


class Memoised:
    """Speed: citeproc-py looks terms, macros, enclosing elements and locale options up with
    XPath on every use (60,000 searches for 1,000 IEEE entries). Their answers never change
    for a parsed style, so each is remembered in a dict on the style's root element (the
    root's proxy lives as long as the style; each element a key names is kept alive in its
    entry, so ``id`` keys stay unique). Structural answers about one element (its layout,
    children, child elements by name) are kept on the element itself."""

    def _root(self: Any) -> Any:
        """The style's root element, kept on each element (its proxy lives as long)."""
        try:
            return self.__dict__[_ROOT]
        except KeyError:
            root = self.__dict__[_ROOT] = self.getroottree().getroot()
            return root

    def _memo(self: Any) -> dict[Any, Any]:
        try:  # the root's dict, also kept on each element
            return self.__dict__[_MEMO]  # type: ignore[no-any-return]
        except KeyError:
            memo = self.__dict__[_MEMO] = Memoised._root(self).__dict__.setdefault(_MEMO, {})
            self.__dict__[_OWNER] = id(self) if self.tag.endswith("}locale") else None
            return memo  # type: ignore[no-any-return]

    def get_term(self: Any, *args: Any, **kwargs: Any) -> Any:
        memo = Memoised._memo(self)
        key = ("term", self.__dict__.get(_OWNER), args,
               tuple(kwargs.items()))  # in another order: a second entry, no harm
        if key not in memo:
            memo[key] = (self, term_with_fallback(super().get_term,  # type: ignore[misc]
                                                   self.tag, *args, **kwargs))
        return memo[key][1]

    def get_single_term(self: Any, *args: Any, **kwargs: Any) -> Any:
        """The term's singular text, read once (citeproc-py looks for ``cs:single`` and
        re-formats the text on each of ~20 uses per entry)."""
        memo = Memoised._memo(self)
        key = ("single", self.__dict__.get(_OWNER), args,
               tuple(kwargs.items()))  # in another order: a second entry, no harm
        if key not in memo:
            memo[key] = (self, super().get_single_term(*args, **kwargs))  # type: ignore[misc]
        return memo[key][1]

    def get_date(self: Any, form: str) -> Any:
        """The locale's date format (citeproc-py searches the locale files with XPath on
        every date rendered)."""
        memo = Memoised._memo(self)
        key = ("date", self.__dict__.get(_OWNER), form)
        if key not in memo:
            date = super().get_date(form)  # type: ignore[misc]
            # it is a locale's date: it need not ask with XPath (twice a rendering; a
            # locale file's elements are citeproc-py's own, without these memos)
            date.__dict__["is_locale_date"] = _yes
            memo[key] = (self, date)
        return memo[key][1]

    def xpath_search(self: Any, expression: str) -> Any:
        """Every XPath citeproc-py runs is a structural query on the style (ancestors,
        siblings, macros, terms), so its answer for an element never changes."""
        memo = Memoised._memo(self)
        key = ("xpath", id(self), expression)
        if key not in memo:
            memo[key] = (self, super().xpath_search(expression))  # type: ignore[misc]
        return memo[key][1]

    def calls_variable(self: Any) -> Any:
        """Structural too (does this element, or a macro it calls, use a variable?), and
        asked recursively for every group of every entry."""
        memo = Memoised._memo(self)
        key = ("calls", id(self))
        if key not in memo:
            memo[key] = (self, super().calls_variable())  # type: ignore[misc]
        return memo[key][1]

    def get_macro(self: Any, name: str) -> Any:
        """The style's macro ``name`` (citeproc-py finds it with XPath from the root on
        every call of every macro)."""
        memo = Memoised._memo(self)
        key = ("macro", name)
        if key not in memo:
            memo[key] = super().get_macro(name)  # type: ignore[misc]
        return memo[key]

    def get_layout(self: Any) -> Any:
        """The layout this element is in (structural: known once per element)."""
        layout = self.__dict__.get(_LAYOUT)
        if layout is None:
            layout = self.__dict__[_LAYOUT] = super().get_layout()  # type: ignore[misc]
        return layout

    def __getattr__(self: Any, name: str) -> Any:
        """citeproc-py's child element by name (``names.name``, ``style.bibliography``),
        found with ``find`` on each use; once found it is kept on the element (a parsed
        style's tree does not change; not finding one is not remembered)."""
        found = super().__getattr__(name)  # type: ignore[misc]
        if found is not None:
            self.__dict__[name] = found
        return found

    def get_formatter(self: Any) -> Any:
        # elements plbib parses all belong to a style (inline locales too): its formatter
        return Memoised._root(self).formatter

    def format(self: Any, string: Any) -> Any:
        """citeproc-py's ``Formatted.format``, which asks for five formatting attributes
        and the formatter on every call, returns the string unchanged where the element
        has none of them (most elements): known once per element. Not for a date part,
        whose attributes citeproc-py changes while rendering."""
        plain = self.__dict__.get(_UNFORMATTED)
        if plain is None:
            plain = self.__dict__[_UNFORMATTED] = not self.tag.endswith("}date-part") and \
                not any(name in self.attrib for name in FORMATTING)
        if plain:
            return str(string) if isinstance(string, int | float) else string
        return super().format(string)  # type: ignore[misc]

    def get_locale_option(self: Any, name: str) -> Any:
        memo = Memoised._memo(self)
        key = ("option", name)
        if key not in memo:
            memo[key] = super().get_locale_option(name)  # type: ignore[misc]
        return memo[key]

def children(element: Any) -> tuple[tuple[Any, bool], ...]:
    """``element``'s children, each with whether it is a ``cs:choose`` (which renders with
    the delimiter of the group around it), listed once per element (speed: lxml builds
    the list anew on each call, for every group and branch of every entry; a parsed
    style's tree does not change)."""
    found: tuple[tuple[Any, bool], ...] | None = element.__dict__.get(_CHILDREN)
    if found is None:
        from citeproc.model import Choose

        found = element.__dict__[_CHILDREN] = tuple(
            (child, isinstance(child, Choose)) for child in element.iterchildren())
    return found


def _yes() -> bool:
    return True


def citation_item(key: str) -> Any:
    """A citeproc-py CitationItem that looks its reference up once (citeproc-py walks
    item -> citation -> bibliography -> source on each of ~70 uses per entry)."""
    return _item_class()(key)


@lru_cache(maxsize=1)
def _item_class() -> type:
    """The class of :func:`citation_item`'s items, made once (not once per item)."""
    from citeproc import CitationItem

    class Item(CitationItem):  # type: ignore[misc]
        @property
        def reference(self) -> Any:
            cached = self.__dict__.get("_plbib_reference")
            if cached is None:
                cached = self.__dict__["_plbib_reference"] = \
                    self.bibliography.source[self.key]
            return cached

        @property
        def number(self) -> int:
            """The item's citation number, its place in the bibliography's keys, from an
            index of them (citeproc-py searches the list on each use: quadratic)."""
            return _position(self.bibliography, self.key) + 1

    return Item


def _position(bibliography: Any, key: str) -> int:
    """``bibliography.keys.index(key)``, from an index built once per list of keys (the
    list is replaced when the bibliography is sorted and only grows otherwise)."""
    keys = bibliography.keys
    known = bibliography.__dict__.get(_POSITIONS)
    if known is None or known[0] is not keys or known[1] != len(keys):
        positions: dict[str, int] = {}
        for index, each in enumerate(keys):
            positions.setdefault(each, index)
        known = bibliography.__dict__[_POSITIONS] = (keys, len(keys), positions)
    try:
        return known[2][key]  # type: ignore[no-any-return]
    except KeyError:
        return keys.index(key)  # type: ignore[no-any-return]  # citeproc-py's ValueError


def last_char(string: Any) -> str:
    """The last character of ``str(string)`` ("" if empty), without joining a MixedString's
    segments (speed: asked at every seam)."""
    if isinstance(string, str):
        return string[-1:]
    if type(string) is not MixedString:
        return str(string)[-1:]
    for segment in reversed(string):
        end = last_char(segment)
        if end:
            return end
    return ""


def first_char(string: Any) -> str:
    """The first character of ``str(string)`` ("" if empty), as :func:`last_char`."""
    if isinstance(string, str):
        return string[:1]
    if type(string) is not MixedString:
        return str(string)[:1]
    for segment in string:
        start = first_char(segment)
        if start:
            return start
    return ""


def append(left: Any, left_end: str, other: Any) -> Any:
    """``left + other`` (citeproc-py's ``MixedString.__add__``: its seam rule, its types),
    for a MixedString ``left`` whose last character is ``left_end``, without joining its
    segments again to find that character (speed: every seam of every join)."""
    if type(left) is not MixedString:
        return left + other
    if other == "":  # (never a MixedString: a list is not "")
        return left
    other = normalize_seam(left_end, other)
    if other == "" or other == []:
        return left
    return MixedString(list.__add__(left, other if isinstance(other, list) else [other]))


def source(items: list[dict[str, Any]]) -> Any:
    """citeproc-py's ``CiteProcJSON`` source of ``items``, reading a value without markup
    straight into its one segment (speed: citeproc-py scans every value for nocase spans
    and adds the pieces up at seams)."""
    from citeproc.source.json import CiteProcJSON
    from citeproc.string import NoCase, String

    class Source(CiteProcJSON):  # type: ignore[misc]
        def parse_string(self, string: Any) -> Any:
            text = str(string)
            if "<" not in text:  # no nocase span: one segment
                return MixedString([String(text)]) if text else MixedString()
            # citeproc-py's parse, step for step, each piece appended at its seam
            # without joining what came before again (:func:`append`)
            lower, end, output = text.lower(), 0, MixedString()
            try:
                while True:
                    start = lower.index(self.start_tag, end)
                    regular = text[end:start]
                    if regular:
                        output = append(output, last_char(output), String(regular))
                    end = lower.index(self.end_tag, start + 1)
                    start += len(self.start_tag)
                    output = append(output, last_char(output), NoCase(text[start:end]))
                    end += len(self.end_tag)
            except ValueError:
                regular = text[end:]
                if regular:
                    output = append(output, last_char(output), String(regular))
            return output

    return Source(items)
