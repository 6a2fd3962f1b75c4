"""Any input ends in records or a PlbibError: never another exception (no tracebacks)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

import plbib
from plbib import PlbibError

BIBTEX_BITS = st.sampled_from([
    "@article{", "@inproceedings{", "@string{", "@misc(", "@comment{", "@preamble{", "k1,",
    "title", "author", "year", "month", "crossref", "booktitle", " = ", "=", "{", "}", '"',
    "#", ",", "\n", " and ", "others", "jul", "2022", "\\", '\\"', "\\'", "{\\\"u}", "$", "~",
    "--", "Yu, G", "van der Berg", "x", "@", "%", "10.1/x", "doi", "eprint", "arXiv",
])
YAML_BITS = st.sampled_from([
    "papers:", "sections:", "venues:", "\n", "  ", "- ", "key: ", "type: ", "title: ",
    "authors: ", "year: ", "conference-paper", "[", "]", "{", "}", "&a ", "*a", "<<: ", "'",
    '"', "2022", "x", ":", "#", "\t", "!!python/object ", "!!set ", "---\n", "null", "~",
])


def _attempt(read: Callable[[str], object], text: str) -> None:
    """A PlbibError is the expected way to fail; any other exception fails the test."""
    with contextlib.suppress(PlbibError):
        read(text)


@settings(max_examples=300)
@given(st.lists(BIBTEX_BITS, max_size=40).map("".join))
def test_bibtex_reader_never_crashes(text: str) -> None:
    _attempt(lambda t: plbib.loads(t, "bibtex", file="fuzz.bib"), text)
    _attempt(lambda t: plbib.loads(t, "bibtex", file="fuzz.bib", lenient=True), text)


@settings(max_examples=300)
@given(st.lists(YAML_BITS, max_size=40).map("".join))
def test_yaml_reader_never_crashes(text: str) -> None:
    _attempt(lambda t: plbib.loads(t, "yaml", file="fuzz.yaml"), text)


@given(st.text(max_size=200))
def test_any_text_in_either_format(text: str) -> None:
    _attempt(lambda t: plbib.loads(t, "bibtex", lenient=True), text)
    _attempt(lambda t: plbib.loads(t, "yaml"), text)
