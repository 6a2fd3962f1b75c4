"""Any input ends in records or a PlbibError: never another exception (no tracebacks)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import plbib
from plbib import PlbibError

BIBTEX_BITS = st.sampled_from([
    "@article{", "@inproceedings{", "@string{", "@misc(", "@comment{", "@preamble{", "k1,",
    "title", "author", "year", "month", "crossref", "booktitle", " = ", "=", "{", "}", '"',
    "#", ",", "\n", " and ", "others", "jul", "2022", "\\", '\\"', "\\'", "{\\\"u}", "$", "~",
    "--", "Yu, G", "van der Berg", "x", "@", "%", "10.1/x", "doi", "eprint", "arXiv",
    "date", "origdate", "-0049", "1850", "-21", "~", "?", "/", "/..", "0000", "eprinttype",
    "pubmed", "Chen", "chen",
])
YAML_BITS = st.sampled_from([
    "papers:", "sections:", "venues:", "\n", "  ", "- ", "key: ", "type: ", "title: ",
    "authors: ", "year: ", "conference-paper", "[", "]", "{", "}", "&a ", "*a", "<<: ", "'",
    '"', "2022", "x", ":", "#", "\t", "!!python/object ", "!!set ", "---\n", "null", "~",
    "season: ", "circa: ", "uncertain: ", "date_end: ", "open", "unknown", "summer", "-50",
    "true", "1850~", "0",
])


BBL_BITS = st.sampled_from([
    "\\bibitem", "[", "]", "{", "}", "k", "\\newblock ", "\\em ", "\\emph", "\\url",
    "\\href", "\\doi", "\\urldef", "\\tempurl", "\\def", "\\providecommand",
    "\\newcommand", "\\x", "#1", "#2", "[2][]", "\\hskip 1em plus", "\\unskip",
    "\\penalty", "$", "^", "_", "\\'", "\\~", "\\^", "\\c", "e", "\\ss", "%",
    "\n", " ", "~", "--", "``", "''", "\\", "(2022)", "\\end{thebibliography}",
    "\\bibinfo", "\\showeprint", "\\MakeUppercase", "\\log", "javascript:",
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


@settings(max_examples=500)
@given(st.lists(BBL_BITS, max_size=60).map("".join))
def test_bbl_rendering_never_crashes(text: str) -> None:
    """Any .bbl (a style may write anything): rendered entries, or a PlbibError."""
    from plbib.bst.writers import formatted
    from plbib.formatted import OutputFormat

    for output in OutputFormat:
        _attempt(lambda t, o=output: formatted(t, o), text)


@settings(max_examples=300)
@given(st.lists(YAML_BITS, max_size=40).map("".join))
def test_yaml_reader_never_crashes(text: str) -> None:
    _attempt(lambda t: plbib.loads(t, "yaml", file="fuzz.yaml"), text)


@given(st.text(max_size=200))
def test_any_text_in_either_format(text: str) -> None:
    _attempt(lambda t: plbib.loads(t, "bibtex", lenient=True), text)
    _attempt(lambda t: plbib.loads(t, "yaml"), text)


# ------------------------------------------------------------------ hostile files, every reader

_EXTENSIONS = {"yaml": ".yaml", "bibtex": ".bib", "biblatex": ".bib", "csljson": ".json",
               "cslyaml": ".yaml", "ris": ".ris", "markdown": ".md"}
#: a valid paper in each format, to be damaged; TITLE marks the title's place
_SAMPLES = {
    "bibtex": "@misc{a, title = {TITLE}, author = {Yu, G}, year = {2020}}\n",
    "biblatex": "@misc{a, title = {TITLE}, author = {Yu, G}, date = {2020}}\n",
    "csljson": '[{"id": "a", "type": "article", "title": "TITLE", "URL": "https://x.org"}]\n',
    "cslyaml": "references:\n  - id: a\n    type: article\n    title: TITLE\n",
    "ris": "TY  - JOUR\nAU  - Yu, G\nTI  - TITLE\nPY  - 2020\nER  - \n",
    "markdown": "## Model\n- [OSDI'22] [TITLE](https://x.org/orca), SNU\n",
    "yaml": "papers:\n  - key: a\n    type: misc\n    title: TITLE\n",
}


@st.composite
def _hostile(draw: st.DrawFn) -> tuple[str, bytes]:
    """A format and bytes in it that are hostile: nesting thousands deep, a huge value, NUL
    bytes, a BOM, mixed line ends, or random bytes spliced into a valid file."""
    fmt = draw(st.sampled_from(sorted(_EXTENSIONS)))
    sample = _SAMPLES[fmt]
    depth = draw(st.integers(500, 20_000))
    kind = draw(st.sampled_from(["deep", "huge", "nul", "bom", "line ends", "bytes"]))
    plain = sample.replace("TITLE", "Title")
    if kind == "deep":
        opener, closer = draw(st.sampled_from([("{", "}"), ("[", "]"), ("- ", ""),
                                               ("[[", "]]")]))
        text = sample.replace("TITLE", opener * depth + "T" + closer * depth)
    elif kind == "huge":
        text = sample.replace("TITLE", "T" + draw(st.sampled_from(["a", "é", "{x}", " and "]))
                              * draw(st.integers(20_000, 400_000)))
    elif kind == "nul":
        at = draw(st.integers(0, len(plain)))
        text = plain[:at] + "\x00" + plain[at:]
    elif kind == "bom":
        text = "\ufeff" + plain
    elif kind == "line ends":
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n", "\r"]))
                       for line in plain.splitlines())
    else:
        data = plain.encode()
        at = draw(st.integers(0, len(data)))
        return fmt, data[:at] + draw(st.binary(min_size=1, max_size=200)) + data[at:]
    return fmt, text.encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(_hostile())
def test_hostile_files_give_a_plbib_error_with_a_short_message(
        tmp_path_factory: pytest.TempPathFactory, case: tuple[str, bytes]) -> None:
    """Every reader, fed from a file: records or a PlbibError, never another exception; an
    error's lines quote at most ~100 characters of a value."""
    fmt, data = case
    path = tmp_path_factory.mktemp("hostile") / f"input{_EXTENSIONS[fmt]}"
    path.write_bytes(data)
    try:
        plbib.read(path, fmt)
    except PlbibError as error:
        assert all(len(line) < 700 for line in str(error).splitlines()), str(error)[:2000]


def test_hostile_input_exits_2_on_the_command_line(tmp_path: Path) -> None:
    from plbib.cli import main

    for name, text in [("deep.bib", "@misc{a, title = " + "{" * 5000 + "}" * 5000 + "}\n"),
                       ("deep.json", "[" * 100_000 + "]" * 100_000),
                       ("nul.ris", "TY  - JOUR\nTI  - a\x00b\nER  - \n")]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert main(["check", str(path)], stdout=io.StringIO()) == 2, name
