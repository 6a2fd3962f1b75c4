"""citeproc-py's style elements with plbib's fixes: each fixed class overrides one method
and calls the module that holds the fix (names, groups, initials, sorting, terms, quotes,
case, disambiguation), so that this module is only the glue. Styles are parsed with these
classes and cached."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from . import (
    citations,
    display,
    entities,
    givennames,
    groups,
    labels,
    names,
    numbers,
    pages,
    periods,
    punctuation,
    sorting,
    subsequent,
    substitute,
)
from .case import fixed_case
from .conditions import (
    AlwaysHolds,
    DisambiguateCondition,
    FirstBranch,
    NumericAsCiteprocJs,
    TypeAsOneTest,
)
from .disambiguation import new_entry, with_label_suffix, with_year_suffix
from .punctuation import QUOTED, JoinedBranch, Seams, joined
from .quotes import flip_quotes, has_quote, typographic_apostrophes
from .speed import Memoised
from .styles import CSL_NAMESPACE, LOCALE, StyleError
from .substitute import repress_substituted, substituted_for, without_repressed
from .terms import locale_term

#: on a locale's date format: its date parts with their own attributes, which each
#: rendering that borrows them restores (FixedDate._localized_once)
_PRISTINE = "_plbib_pristine_parts"

#: set on an item by a layout whose suffix citeproc-js leaves out (:mod:`.display`)
_LAYOUT_SUFFIX = "_plbib_layout_suffix"


@lru_cache(maxsize=1)
def fixed_classes() -> dict[str, type]:
    """The citeproc-py element classes plbib replaces, by CSL element name (each a subclass
    overriding one method, used only by styles plbib parses)."""
    from citeproc import model
    from citeproc.source import VariableError
    from citeproc.string import String, join

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

    def format_last_page(self: Any, first: str, last: str) -> str:
        return pages.last_page(first, last, self.get_root().get_option("page-range-format"))

    class FixedText(model.Text):  # type: ignore[misc]
        case = fixed_case
        strip_periods = periods.strip_periods
        _format_last_page = format_last_page

        def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            """A macro called from a sort key gets the key's name options (CSL: names
            in sort keys are in sort order, "Gu, Jiatao, Bradbury, James"); citeproc-py
            dropped them at ``<text macro>``, so nested macros sorted by display names."""
            sort_options = kwargs.get("sort_options")
            source = self._source()
            if sort_options is None or source != "macro":
                text, language = periods.passed_on(self, item, lambda: self._text(
                    item, context))
                if self.__dict__["_plbib_typographic"] and text:
                    text = typographic_apostrophes(text)
                return text, language
            macro = self.get_macro(self.get("macro"))
            return macro.render(item, context or self, sort_options=sort_options), \
                self._language(item)

        def _language(self, item: Any) -> str:
            """The item's language, else the style's (speed: citeproc-py found it out
            through an exception, on every text element)."""
            language: str | None = item.__dict__.get("_plbib_language")
            if language is None:  # once per item: asked by every text element
                language = item.__dict__["_plbib_language"] = str(
                    dict.get(item.reference, "language") or
                    self.get_root().get("default-locale", "en"))[:2]
            return language

        def _source(self) -> str:
            """What the text prints: a "variable", a "macro", a "term" or a "value", in
            the order citeproc-py tests them (read once per element: speed)."""
            source: str | None = self.__dict__.get("_plbib_source")
            if source is None:
                attrib = self.attrib
                source = self.__dict__["_plbib_source"] = next(
                    (name for name in ("variable", "macro", "term") if name in attrib),
                    "value")
                # a term's or a value's apostrophes become typographic
                self.__dict__["_plbib_typographic"] = "term" in attrib or "value" in attrib
            return source

        def _text(self, item: Any, context: Any) -> tuple[Any, str]:
            """citeproc-py's ``Text.process`` with :meth:`_language`."""
            context = self if context is None else context
            source = self._source()
            if source == "variable":
                text = self._variable(item, context)
            elif source == "macro":
                text = self.get_macro(self.get("macro")).render(item, context)
            elif source == "term":
                text = self._term(item)
            else:
                text = String(self.preformat(self.get("value", "")))
            return text, self._language(item)

        def quote(self, string: Any) -> Any:
            """Quotes inside a value are the locale's, by depth, as in citeproc-js: the
            title Small Models Can Also “Think” in quotes is “… Can Also ‘Think’ …”; with
            an explicit ``quotes="false"`` on the text of a variable (only there: not on
            a macro call), in a British locale, “Think” becomes ‘Think’ too."""
            if "_plbib_unquoted" not in self.__dict__:
                self.__dict__["_plbib_unquoted"] = "quotes" not in self.attrib
            if self.__dict__["_plbib_unquoted"]:  # speed: nothing to do (most texts)
                return string
            quoted = self.get("quotes", "false").lower() == "true"
            if quoted or (self.get("quotes") == "false" and self.get("variable")
                          and has_quote(string)):
                outer = [self.get_single_term(name=f"{kind}-quote") for kind in
                         ("open", "close")]
                inner = [self.get_single_term(name=f"{kind}-quote") for kind in
                         ("open-inner", "close-inner")]
                # flip_quotes gives the first level inside the value the inner quotes
                string = flip_quotes(string, *map(str, outer + inner if quoted
                                                  else inner + outer))
            # marked: the punctuation after the closing quote may go inside it (Seams)
            return super().quote(string) + QUOTED if quoted else super().quote(string)

        def _label(self, item: Any, context: Any) -> Any:
            """The item's ``citation-label``, else the one citeproc-js makes up ("AlKJ99")."""
            try:
                return super()._variable(item, context)
            except VariableError:
                return String(labels.label_key(item))

        def _variable(self, item: Any, context: Any) -> Any:
            """The value escaped for the output format (citeproc-py escapes terms but
            not variable values: a title with <script> came out as markup). A
            ``year-suffix`` is no variable call for group suppression (citeproc-js: the
            group "(n.d.-" year-suffix ")" prints "(n.d.)")."""
            if self.get("variable") == "year-suffix":
                return _escaped(super()._variable(item, context), self.get_formatter())
            if self.get("variable") == "citation-label":
                value = groups.recorded(item, lambda: with_label_suffix(
                    item, self._label(item, context)))
                return _escaped(value, self.get_formatter())
            value = groups.recorded(
                item, lambda: super(FixedText, self)._variable(item, context))
            return _escaped(value, self.get_formatter())

    class FixedLabel(model.Label):  # type: ignore[misc]
        case = fixed_case

        def process(self, item: Any, variable: str | None = None, plural: Any = None,
                    context: Any = None, **kwargs: Any) -> Any:
            """citeproc-js (CSL.evaluateLabel): the label of a locator a cite does not have
            -- every bibliography entry -- is the "page" term, singular unless
            plural="always" ("S. 65202–65223" in German styles); citeproc-py printed none."""
            if (variable or self.get("variable")) == "locator" and not item.has_locator:
                return super().process(item, "page", False, context, **kwargs)
            return super().process(item, variable, plural, context, **kwargs)


    class FixedLocale(model.Locale):  # type: ignore[misc]
        def get_term(self, name: str, form: str | None = None,
                     zero_padded: bool = False) -> Any:
            return locale_term(self, name, form, zero_padded)

        def get_option(self, name: str) -> Any:
            """A style's own ``cs:locale`` sets only the options it names: an empty
            ``<style-options/>`` leaves punctuation-in-quote to the locale file, as in
            citeproc-js (citeproc-py took it as "false")."""
            options = self.find("cs:style-options", self.nsmap)
            if options is None or (name not in options.attrib and self.getparent() is not None):
                raise IndexError(name)
            return options.get(name, self._default_options[name])

    class FixedMacro(model.Macro):  # type: ignore[misc]
        def render(self, item: Any, context: Any = None, sort_options: Any = None) -> Any:
            return groups.render_suppressible(self, item, lambda: self.render_children(
                item, context=context, sort_options=sort_options))

        def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
            """citeproc-py's ``Parent.render_children`` over the children listed once
            (speed: :func:`.speed.children`), joined by citeproc-py's ``join``."""
            output = [text for _, text in punctuation.rendered_children(
                self, item, delimiter, **kwargs) if text is not None]
            return join(output, delimiter) if output else None

    class FixedNames(model.Names):  # type: ignore[misc]
        def process(self, item: Any, names_context: Any = None, context: Any = None,
                    **kwargs: Any) -> Any:
            shown = without_repressed(self, item, context)
            if names_context is None:
                names_context = substituted_for(self)
            text = groups.recorded(item, lambda: super(FixedNames, self).process(
                shown, names_context, context, **kwargs))
            if text:
                repress_substituted(self, context)
            return citations.held_back(self, item, periods.in_names(item, text))

    class FixedGroup(model.Group):  # type: ignore[misc]
        def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            def children() -> Any:
                output, last = [], None
                for child, text in punctuation.rendered_children(
                        self, item, self.get("delimiter", ""), context=context, **kwargs):
                    if text is not None:
                        output.append(text)
                        last = child if str(text) else last
                punctuation.cut_suffix(self, last)
                return self.join(output) if output else None

            text = groups.render_suppressible(self, item, children)
            if text is None:
                raise VariableError
            return text

    class FixedLayout(JoinedBranch, model.Layout):  # type: ignore[misc]
        def render_citation(self, citation: Any, callback: Any) -> Any:
            return citations.render(self, citation, callback)

        def render_children(self, item: Any, *args: Any, **kwargs: Any) -> Any:
            new_entry(item)  # one entry (or cite) starts: its year suffix not yet printed
            givennames.enter(item, "citation" if self.getparent().tag.endswith("}citation")
                             else "bibliography")
            moves, aligned = display.moves_suffix(self), display.aligned(self)
            if not moves and not aligned:
                return super().render_children(item, *args, **kwargs)
            rendered, shown = self.rendered_children(item, *args, **kwargs), True
            if moves:
                rendered, shown = display.suffix_on_last(rendered)
            if aligned and not display.after_first_field(rendered):
                shown = False
            item.__dict__[_LAYOUT_SUFFIX] = shown
            output = [text for _, text in rendered if text is not None]
            return joined(self, output, "") if output else None

        def render_bibliography(self, citation_items: Any) -> list[Any]:
            aligned = self.getparent().get("second-field-align") is not None
            entries = subsequent.Bibliography(
                self.getparent().get("subsequent-author-substitute"),
                self.getparent().get("subsequent-author-substitute-rule", "complete-all"))
            out = []
            for item in citation_items:
                def render(item: Any = item) -> Any:
                    self.repressed: dict[str, Any] = {}
                    text = self.render_children(item)
                    shown = item.__dict__.pop(_LAYOUT_SUFFIX, True)
                    return self.format(self.wrap(text, None if shown else ""))

                text = entries.render(item, render)
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
            try:
                first = children[0].render(item)
            except VariableError:  # the first field is a missing variable: nothing to align
                return text
            rendered, head = str(text), str(first) if first is not None else ""
            if head and rendered.startswith(head):
                return rendered[:len(head)] + FIELD_BREAK + rendered[len(head):].lstrip()
            return text

    class FixedNamePart(model.Name_Part):  # type: ignore[misc]
        case = fixed_case

    class FixedNumber(model.Number):  # type: ignore[misc]
        # a number rendered with text-case (kritische-ausgabe's volume) crashed on a plain
        # str segment: "'str' object has no attribute 'capitalize_first'"
        case = fixed_case
        _format_last_page = format_last_page

        def strip_periods(self, text: Any) -> Any:
            return text  # citeproc-js strips no period from a number ("3.4")

        def _process(self, value: Any, variable: str) -> Any:
            return numbers.number_text(self, value, variable)

        def format_number(self, number: Any) -> Any:
            if numbers.as_written(str(number), self.get("form", "numeric")):
                return str(number).strip()
            return super().format_number(number)

        def process(self, item: Any, *args: Any, **kwargs: Any) -> Any:
            return groups.recorded(item, lambda: super(FixedNumber, self).process(
                item, *args, **kwargs))

    class FixedDatePart(model.Date_Part):  # type: ignore[misc]
        case = fixed_case


    class FixedDate(model.Date):  # type: ignore[misc]
        def process(self, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
            if kwargs.get("sort_options") is not None:  # in a macro a sort key calls
                return sorting.date_key(self, item, variable or self.get("variable"))
            text = groups.recorded(item, lambda: self._localized_once(
                lambda: super(FixedDate, self).process(item, variable, *args, **kwargs)))
            return with_year_suffix(self, item, variable or self.get("variable"), text)

        def _localized_once(self, render: Any) -> Any:
            """A localized date's parts take this element's date-part attributes for this
            rendering only: citeproc-py copies them into the locale's elements for good,
            so one article's ``<date-part name="month" text-case="sentence"/>`` printed
            "Décembre" in every later entry of the style."""
            form = self.get("form")
            if form is None or self.is_locale_date():
                return render()
            date = self.get_date(form)
            parts = date.__dict__.get(_PRISTINE)
            if parts is None:  # its parts' own attributes, read once (speed)
                parts = date.__dict__[_PRISTINE] = [
                    (part, dict(part.attrib)) for part in date.iterchildren()]
            try:
                return render()
            finally:
                for part, attributes in parts:
                    part.attrib.clear()
                    part.attrib.update(attributes)

        def render_single_date(self, date: Any, show_parts: Any = None,
                               context: Any = None) -> Any:
            """A localized date's parts are joined with the locale's delimiter (CSL:
            a ``cs:date`` calling a localized form cannot set one); citeproc-py used
            the calling element's, so a style's ``<date form="text" delimiter=" ">``
            printed "December2023"."""
            if context is None or context is self or not self.is_locale_date():
                return super().render_single_date(date, show_parts, context)
            parts = self.parts(date, show_parts, context)
            joiner = self if self.get("delimiter") is not None else context
            return joiner.join(parts) if parts else None

    class FixedIf(DisambiguateCondition, TypeAsOneTest, NumericAsCiteprocJs,
                  JoinedBranch, model.If):  # type: ignore[misc]
        pass

    class FixedElseIf(DisambiguateCondition, TypeAsOneTest, NumericAsCiteprocJs,
                      JoinedBranch, model.Else_If):  # type: ignore[misc]
        pass

    class FixedElse(AlwaysHolds, JoinedBranch, model.Else):  # type: ignore[misc]
        pass

    class FixedChoose(FirstBranch, model.Choose):  # type: ignore[misc]
        pass

    class FixedSubstitute(model.Substitute):  # type: ignore[misc]
        def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            return substitute.render_substitute(self, item, lambda: super(
                FixedSubstitute, self).render(item, context=context, **kwargs))

    class FixedKey(model.Key):  # type: ignore[misc]
        def _format_name(self, item: Any, variable: str) -> Any:
            names = item.reference.get(variable)
            if not names:
                return super()._format_name(item, variable)
            shown = sorting.names_in_key(self, list(names))
            if len(shown) == len(names):
                return super()._format_name(item, variable)
            reference = dict(item.reference)
            reference[variable] = shown
            return super()._format_name(SimpleNamespace(reference=reference), variable)

    class FixedSort(model.Sort):  # type: ignore[misc]
        def sort(self, items: Any, context: Any) -> Any:
            return sorting.sort_items(self.findall("cs:key", self.nsmap), items, context)

    fixed: dict[str, type] = {"name": FixedName, "text": FixedText, "label": FixedLabel,
                              "layout": FixedLayout, "name-part": FixedNamePart,
                              "number": FixedNumber, "date-part": FixedDatePart,
                              "sort": FixedSort, "key": FixedKey, "macro": FixedMacro,
                              "date": FixedDate,
                              "locale": FixedLocale, "group": FixedGroup,
                              "names": FixedNames, "substitute": FixedSubstitute,
                              "if": FixedIf, "else-if": FixedElseIf, "else": FixedElse,
                              "choose": FixedChoose}
    classes = {cls.__name__.replace("_", "-").lower(): cls
               for cls in model.CitationStylesElement.__subclasses__()}
    classes.update(fixed)
    return {tag: type(cls.__name__, (Memoised, Seams, cls) if issubclass(cls, model.Affixed)
                      else (Memoised, cls), {}) for tag, cls in classes.items()}

def _escaped(value: Any, formatter: Any) -> Any:
    """A variable's value escaped segment by segment (no-case spans keep their class)."""
    from citeproc import formatter as formatters
    from citeproc.string import MixedString

    escape = html_escape if formatter is formatters.html else \
        getattr(formatter, "escape_value", None)
    if escape is None or not isinstance(value, str | MixedString):
        return value
    if isinstance(value, MixedString):
        return MixedString([type(s)(escape(str(s))) for s in value])
    return type(value)(escape(value))

def html_escape(text: str) -> str:
    """HTML escaping with numeric entities, which no text-case change can break
    (``&lt;`` would become ``&LT;`` in an uppercased field)."""
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;").replace(
        '"', "&#34;")


#: between an aligned first field (the label) and the rest of an entry: a space in text and
#: Markdown, citeproc-js's csl-left-margin / csl-right-inline divs in HTML
FIELD_BREAK = "\ue000"  # a private-use character: never in data, not white space

def give_names_a_name(root: Any) -> None:
    """A ``cs:names`` without ``cs:name`` (and not CSL's shorthand inside a
    ``cs:substitute``) gets an empty one, parsed as plbib's: citeproc-py would insert a
    plain ``Name`` while rendering, which formats and sorts names as citeproc-py does
    (nlm-name-year sorted "de la Chen" under D, citeproc-js under C)."""
    from lxml import etree

    for element in root.iter(f"{{{CSL_NAMESPACE}}}names"):
        if element.find(f"{{{CSL_NAMESPACE}}}name") is None and \
                element.getparent().tag != f"{{{CSL_NAMESPACE}}}substitute" and \
                substitute.substituted_for(element) is None:
            element.insert(0, etree.Element(f"{{{CSL_NAMESPACE}}}name"))

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
            namespace.update(fixed_classes())
            self.parser = etree.XMLParser(remove_comments=True, encoding="UTF-8",
                                          no_network=True, resolve_entities=False)
            self.parser.set_element_class_lookup(lookup)
            self.xml = etree.parse(str(path), self.parser)
            self.root = self.xml.getroot()
            give_names_a_name(self.root)
            entities.decode_again(self.root)
            # Speed: with a live Python proxy for every element, lxml hands out the same
            # objects instead of building new ones on each child or parent access.
            self.elements = list(self.root.iter())
            self.root.set_locale_list(locale or self.root.get("default-locale", "en-US"),
                                      validate=False)
            # the locale case changes and sorting follow (:func:`formatting_locale`)
            self.root.__dict__[LOCALE] = locale or self.root.get("default-locale", "en-US")

    return Style()

@lru_cache(maxsize=32)
def parsed_style(path: str, mtime: float, locale: str | None) -> Any:
    try:
        return _parse_style(Path(path), locale)
    except Exception as exc:  # lxml and citeproc-py raise many kinds
        raise StyleError(f"cannot read the style {path}: {exc}",
                         hint="check that it is a valid CSL 1.0 style") from None
