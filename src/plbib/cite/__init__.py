"""Formatted references in any CSL style, as citeproc-js (Zotero's processor) prints them.

plbib formats through citeproc-py, handed the records' CSL variables (:mod:`.input`).
citeproc-py deviates from citeproc-js, the reference implementation; each deviation is
fixed by a small piece in a module of its own, which names the CSL rule and citeproc-js's
behaviour and has its own tests against citeproc-js's output:

* :mod:`.names` — name lists: affixes per name, delimiters before "and" and "et al.";
* :mod:`.initials` — given names initialised by citeproc-js's procedure;
* :mod:`.titlecase` and :mod:`.case` — title case and the other text cases;
* :mod:`.groups` — group (and macro) suppression from the variables actually called;
* :mod:`.sorting` — the comparison of sort keys;
* :mod:`.disambiguation` — cites that print the same told apart: given names
  (:mod:`.givennames`), added names (:mod:`.addnames`), year suffixes (2023a, 2023b);
* :mod:`.citations` — in-text citations ordered, grouped and collapsed;
* :mod:`.substitute` — substituted names printed once, CSL's shorthand inherited;
* :mod:`.periods` — ``strip-periods``; :mod:`.punctuation` — marks merged at seams;
* :mod:`.terms` — term-form fallback and term lookup;
* :mod:`.quotes` — nested quotes, punctuation inside quotes, apostrophes;
* :mod:`.elements` — the glue: citeproc-py's element classes with these fixes;
* :mod:`.speed` — speed-ups, apart from the fixes; :mod:`.styles` — style and locale names.

How close the result is to citeproc-js, style by style, is measured by
scripts/conformance.py (docs/styles.md). The fixes subclass citeproc-py's internals: the
dependency is pinned to the version they were written for (pyproject.toml).
"""

from __future__ import annotations

import difflib
import os
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any

from ..errors import FormatError
from ..formatted import Formatted, OutputFormat
from ..identifiers import doi_url
from ..model import Record
from ..resources import load_venues
from . import speed
from .disambiguation import disambiguate_cites, register_names
from .elements import FIELD_BREAK, html_escape, parsed_style
from .input import citeproc_items
from .punctuation import plain
from .speed import citation_item
from .styles import StyleError, known_locale, resolve_style, style_names


class Formatter:
    """Formats records in one style; build it once and reuse it for many calls."""

    def __init__(self, style: str | os.PathLike[str] = "ieee", locale: str | None = None,
                 output: OutputFormat | str = OutputFormat.TEXT) -> None:
        self.path = resolve_style(style)
        self.locale = known_locale(locale) if locale else None
        try:
            self.output = OutputFormat(output)
        except ValueError:
            raise FormatError(f"unknown output format {output!r}",
                              hint="use text, html or markdown") from None
        self._style = parsed_style(str(self.path), self.path.stat().st_mtime, locale)

    def _bibliography(self, records: Sequence[Record]) -> Any:
        from citeproc import CitationStylesBibliography

        # the venues a PaperList carries, else the bundled registry
        items = citeproc_items(records, getattr(records, "venues", None) or load_venues(),
                               _escaper(self.output))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = speed.source(items)
        return CitationStylesBibliography(self._style, source, _formatter(self.output))

    def bibliography(self, records: Sequence[Record]) -> list[Formatted]:
        """Every record's entry, in the style's order."""
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
                self._order(bib, records)
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
        """An in-text citation of ``keys`` (e.g. "(Yu et al., 2022)"), in any style with a
        citation layout, citation-only styles too. A first cite the style prints nothing
        for (it cites by a variable the record lacks) is citeproc-js's
        "[CSL STYLE ERROR: reference with no printed form.]"; later ones are left out."""
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
                self._order(bib, records)
                bib.register(citation)
                rendered = bib.cite(citation, lambda item: None)
        except Exception as exc:
            raise StyleError(f"citeproc-py cannot cite with {self.path.name}: "
                             f"{type(exc).__name__}: {exc}") from None
        # None where the citation has no cite at all (citeproc-py would print "None")
        return "" if rendered is None else plain(str(rendered))

    def _order(self, bib: Any, records: Sequence[Record]) -> None:
        """Every record registered, in the style's bibliography order, with the names'
        disambiguation levels and the year suffixes that order gives (both the
        bibliography and citations need them)."""
        from citeproc import Citation

        bib.register(Citation([citation_item(r.key) for r in records]))
        register_names(self._style.root, bib.items)
        if self._style.root.bibliography is not None:
            # a citation-only style has no sort of its own: the items stay in the list's
            # order (citeproc-py's sort reads the bibliography's and fails without one)
            bib.sort()
        disambiguate_cites(self._style.root, bib.items)

    def _finish(self, text: str, record: Record) -> str:
        """Whitespace collapsed, punctuation placed, the record's own URL and DOI linked
        (HTML) or made autolinks (Markdown); no other text becomes a link."""
        text = " ".join(plain(text).split())
        if self.output is OutputFormat.TEXT:
            return text.replace(FIELD_BREAK, " ")
        escape = _escaper(self.output)
        for target in _link_targets(record):
            shown = escape(target)
            href = escape(doi_url(target) if target == record.doi else target)
            if self.output is OutputFormat.HTML:
                link = f'<a href="{href}">{shown}</a>'
            elif "<" in target or ">" in target or " " in target:
                continue  # cannot be an autolink; stays escaped text
            else:
                link = f"<{target}>" if target != record.doi else shown
            text = text.replace(shown, link, 1)
        text = _DOUBLE_PERIOD[self.output].sub(r"\1\2", text)
        if self.output is OutputFormat.MARKDOWN:
            return text.replace(FIELD_BREAK, " ")
        if FIELD_BREAK in text:
            label, rest = text.split(FIELD_BREAK, 1)
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


def _escaper(output: OutputFormat) -> Callable[[str], str]:
    if output is OutputFormat.HTML:
        return html_escape
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
