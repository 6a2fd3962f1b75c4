"""A .bbl's LaTeX rendered as text, HTML and Markdown (plbib.bst.render, .writers): the pieces on
small .bbl sources, and hostile records through real styles checked by the consumers
(Python's HTML parser, pandoc's CommonMark reader)."""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings

import plbib
from conftest import need
from plbib import PlbibError
from plbib.bst import references
from plbib.bst.render import MAX_EXPANSIONS, Run, definitions, entries, strip_comments
from plbib.bst.writers import to_html, to_markdown, to_text
from strategies import bibliographic_lists


def _one(source: str) -> tuple[str, ...]:
    """The text, HTML and Markdown of a one-entry .bbl."""
    (entry,), problems = entries(source)
    assert not problems, problems
    return to_text(entry), to_html(entry), to_markdown(entry)


def test_labels_are_numbers_the_styles_own_or_natbibs_number() -> None:
    found, problems = entries("\\begin{thebibliography}{9}\n\\bibitem{a} A.\n\n"
                              "\\bibitem[Yu et~al\\mbox{.}(2022)]%\n {b} B.\n\n"
                              "\\bibitem[APB{\\etalchar{+}}23]{c} C.\n"
                              "\\end{thebibliography}\n")
    assert [(e.key, to_text(e)) for e in found] == [("a", "[1] A."), ("b", "[2] B."),
                                                   ("c", "[APB+23] C.")]
    assert [p.key for p in problems] == ["c"]  # \etalchar, which this .bbl never defined
    # alpha defines \etalchar in its preamble: expanded as defined, a superscript
    found, _ = entries("\\newcommand{\\etalchar}[1]{$^{#1}$}\n\\begin{thebibliography}{A}\n"
                       "\\bibitem[APB{\\etalchar{+}}23]{c} C.\n")
    assert found[0].label == (Run("APB"), Run("+", superscript=True), Run("23"))
    assert to_markdown(found[0]) == "\\[APB<sup>+</sup>23\\] C."


def test_typography_fonts_and_accents() -> None:
    text, markup, markdown = _one(
        "\\bibitem{k}\nE.~Frantar and G.-I. Yu, ``{OPTQ}: it's {\\em fast}'' --- {\\em a "
        "{\\em b} c}, \\emph{d}, \\textbf{e}, pages 1--2. {\\L}ukasz Nguy{\\~{\\^e}}n "
        "{\\\"u} \\c{c} {\\ss} \\newblock \\hskip 1em plus 0.5em minus 0.4em\\relax "
        "\\BIBentryALTinterwordspacing x\\,y \\& 50\\% \\_ \\mbox{.}\n")
    assert text == ("[1] E.\u00a0Frantar and G.-I. Yu, “OPTQ: it’s fast” — a b c, d, e, "
                    "pages 1–2. Łukasz Nguyễn ü ç ß x\u2009y & 50% _ .")
    # \em switches italic on, and off again inside italic
    assert "<i>fast</i>" in markup and "<i>a </i>b<i> c</i>" in markup
    assert "<i>d</i>" in markup and "<b>e</b>" in markup
    assert "*a* b *c*" in markdown and "\\_" in markdown


def test_links_and_the_bbls_own_macros() -> None:
    source = ("\\providecommand{\\doi}[1]{https://doi.org/#1}\n"
              "\\ifx \\showDOI \\undefined \\def \\showDOI #1{#1}\\fi\n"
              "\\ifx \\showISBNx \\undefined \\def \\showISBNx #1{\\unskip} \\fi\n"
              "\\ifx \\showURL \\undefined \\def \\showURL {\\relax} \\fi\n"
              "\\providecommand\\showeprint[2][]{arXiv:#2}\n"
              "\\providecommand{\\url}[1]{\\texttt{#1}}\n"
              "\\bibitem{k} T. \\showISBNx{978} \\showeprint[arxiv]{2305.15805}\n"
              "\\urldef\\tempurl%\n\\url{https://x.org/a_b%20c~d}\n\\showURL{%\n\\tempurl}\n"
              "\\doi{10.1/x} \\href{https://y.org}{\\emph{here}}\n")
    macros = definitions(source.split("\\bibitem")[0])
    own = {"doi", "showDOI", "showISBNx", "showURL", "showeprint"}
    assert own <= set(macros) and "url" not in macros  # url's \url is the document's
    assert set(macros) - own == {"harvardand", "harvardleft", "harvardright", "harvardurl",
                                 "harvardyearleft", "harvardyearright", "betweenauthors"}
    text, markup, markdown = _one(source)
    assert text == ("[1] T. arXiv:2305.15805 https://x.org/a_b%20c~d https://doi.org/10.1/x "
                    "here")
    assert '<a href="https://x.org/a_b%20c~d">https://x.org/a_b%20c~d</a>' in markup
    assert '<a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>' in markup
    assert '<a href="https://y.org"><i>here</i></a>' in markup
    assert "[https://x.org/a\\_b%20c\\~d](https://x.org/a_b%20c~d)" in markdown
    assert "[*here*](https://y.org)" in markdown


def test_comments_end_at_the_line_but_not_in_a_url() -> None:
    assert strip_comments("a% note\n   b \\% c \\url{x%y} %\nd") == "ab \\% c \\url{x%y} d"


def test_math() -> None:
    text, markup, _ = _one("\\bibitem{k} $O(n^2)$ in $n \\log n$, $\\alpha_i$, $10^{-3}$, "
                           "$\\infty$-former")
    assert text == "[1] O(n2) in n log n, αi, 10−3, ∞-former"
    assert "O(n<sup>2</sup>)" in markup and "α<sub>i</sub>" in markup
    assert "10<sup>−3</sup>" in markup


def test_an_unknown_command_is_a_warning_naming_the_record() -> None:
    (entry,), problems = entries("\\bibitem{k} A \\frobnicate{B} C")
    assert to_text(entry) == "[1] A B C"
    assert [(p.key, p.severity.value) for p in problems] == [("k", "warning")]
    assert "\\frobnicate" in problems[0].message


def test_a_macro_that_expands_without_end_is_an_error() -> None:
    with pytest.raises(PlbibError, match=f"more than {MAX_EXPANSIONS:,} expansions"):
        entries("\\def\\loop{\\loop}\n\\bibitem{k} \\loop")


def test_a_link_a_reader_must_not_follow_stays_text() -> None:
    _, markup, markdown = _one("\\bibitem{k} \\url{javascript:alert(1)} "
                               "\\href{javascript:x}{<script>}")
    assert "<a" not in markup and "<script>" not in markup and "&lt;script&gt;" in markup
    assert "](" not in markdown and "\\<script\\>" in markdown


# --------------------------------------------------------------------------- hostile records


class _Tags(html.parser.HTMLParser):
    """The tags and the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


_ALLOWED = {"div": {"class"}, "i": set(), "b": set(), "sup": set(), "sub": set(),
            "a": {"href"}}


def _same(a: str, b: str) -> bool:
    return "".join(unicodedata.normalize("NFKC", a).split()) == \
        "".join(unicodedata.normalize("NFKC", b).split())


def _need_style(style: str) -> None:
    need(shutil.which("kpsewhich") is not None, "TeX's kpsewhich is not installed")
    need(bool(subprocess.run(["kpsewhich", f"{style}.bst"], capture_output=True, text=True,
                             check=False).stdout.strip()), f"TeX has no {style}.bst")


@pytest.mark.parametrize("style", ["IEEEtran", "ACM-Reference-Format", "splncs04"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=bibliographic_lists(max_size=4))
def test_no_text_escapes_its_place_in_html(style: str, records: list[plbib.Record]) -> None:
    """Whatever the records hold (``<script>``, ``}``, ``\\input{…}``, ``](``): the HTML
    has only plbib's own tags, links only to http(s), and reads as the text output."""
    _need_style(style)
    venues = plbib.load_venues()
    text, _ = references(records, style, venues=venues)
    markup, _ = references(records, style, venues=venues, output="html")
    assert len(text) == len(markup) == len(records)
    for plain, entry in zip(text, markup, strict=True):
        parsed = _Tags()
        parsed.feed(entry.text)
        parsed.close()
        for tag, attrs in parsed.tags:
            assert tag in _ALLOWED and {name for name, _ in attrs} <= _ALLOWED[tag], tag
            for name, value in attrs:
                assert name != "href" or re.match(r"https?://", value or ""), value
        assert _same("".join(parsed.text), plain.text)


@pytest.mark.parametrize("style", ["IEEEtran", "ACM-Reference-Format", "splncs04"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=bibliographic_lists(max_size=4))
def test_markdown_reads_back_as_the_text_in_pandoc(style: str,
                                                   records: list[plbib.Record]) -> None:
    """pandoc's CommonMark reader finds in plbib's Markdown the text output and nothing
    else: no text became a link, emphasis, code or HTML of its own."""
    _need_style(style)
    need(shutil.which("pandoc") is not None, "pandoc is not installed")
    venues = plbib.load_venues()
    text, _ = references(records, style, venues=venues)
    markdown, _ = references(records, style, venues=venues, output="markdown")
    if not records:
        return
    source = "\n\n".join(e.text for e in markdown)
    read = subprocess.run(["pandoc", "-f", "commonmark", "-t", "plain", "--wrap=none"],
                          input=source, capture_output=True, text=True, check=True).stdout
    paragraphs = [p for p in read.split("\n\n") if p.strip()]
    assert len(paragraphs) == len(text)
    for ours, theirs in zip(text, paragraphs, strict=True):
        assert _same(ours.text, theirs), (ours.text, theirs)


@pytest.mark.parametrize("opening", ["{", "\\emph{", "\\'{", "$^{"])
def test_deep_nesting_is_an_error_not_a_stack_overflow(opening: str) -> None:
    with pytest.raises(PlbibError, match="nests groups more than"):
        entries("\\bibitem{k} " + opening * 5000 + "x" + "}" * 5000)
    (entry,), _ = entries("\\bibitem{k} " + "\\~" * 5000 + "x")  # stacked, not nested
    assert to_text(entry).startswith("[1] x\u0303")


def test_what_other_styles_write() -> None:
    """Forms found running every style TeX Live ships (scripts/bst_conformance.py)."""
    found, problems = entries(
        "\\makeatletter\n\\providecommand{\\dkbibdash}{\\hbox{-}\\penalty\\@m}\n"
        "\\providecommand{\\dkbiburl}[1]{\\unskip\\@gobble}\n"
        "\\bibitem[Anagnostidis et~al., 2023]{a} 6\\penalty0 (4):\\penalty0 1--25, "
        "M{\\^^b a}rz, 65202\\dkbibdash 65223 \\dkbiburl{x}{https://x}. "
        "doi:\\discretionary{}{}{}10.1/x \\bgroup\\em y\\egroup{} \\path{a_b} z\\newline w\n"
        "\\harvarditem[Yu et~al.]{Yu, Jeong}{2022}{b} B.\n")
    assert not problems, problems
    assert [(e.key, to_text(e)) for e in found] == [
        ("a", "[1] 6 (4): 1–25, März, 65202-65223. doi:10.1/x y a_b z w"),
        ("b", "[2] B.")]
    assert Run("y", italic=True) in found[0].body


def test_a_url_between_delimiters_and_author_year_macros_in_labels() -> None:
    found, problems = entries(
        "\\bibitem[\\protect\\citeauthoryear{Yu}{2022}]{a} URL \\path|http://x.org/a~b%20|"
        " \\url+https://y.org/c%d+ end\n\\bibitem[\\protect\\citename{Yu et al.,\n}2022]{b} B.\n"
        "\\bibitem[Ozturk and Chen, ]{c} C.\n")
    assert not problems, problems
    assert [to_text(e) for e in found] == [
        "[1] URL http://x.org/a~b%20 https://y.org/c%d end", "[2] B.",
        "[Ozturk and Chen] C."]  # apalike without a year: natbib prints the names
    assert Run("https://y.org/c%d", link="https://y.org/c%d") in found[0].body


def test_an_unknown_command_is_reported_once_per_record() -> None:
    _, problems = entries("\\bibitem{k} \\foo{a} \\foo{b} \\bar\n\\bibitem{j} \\foo{c}")
    assert [(p.key, p.message.split(",")[0]) for p in problems] == [
        ("k", "the BibTeX style wrote \\foo"), ("k", "the BibTeX style wrote \\bar"),
        ("j", "the BibTeX style wrote \\foo")]


def test_expandafter_expands_the_token_after_next_first() -> None:
    found, problems = entries("\\providecommand{\\Capitalize}[1]{\\uppercase{#1}}\n"
                              "\\providecommand{\\capitalize}[1]{\\expandafter\\Capitalize#1}\n"
                              "\\providecommand{\\bblin}{in}\n"
                              "\\bibitem{k} A. \\capitalize{\\bblin} B.\n")
    assert not problems, problems
    assert to_text(found[0]) == "[1] A. In B."


def test_a_definition_inside_an_entry_and_mciteplus_s_end() -> None:
    found, problems = entries("\\begin{mcitethebibliography}{1}\n\\bibitem{k} "
                              "\\def\\x#1{<#1>}\\x{a} b.\n\\EndOfBibitem\n"
                              "\\end{mcitethebibliography}\n")
    assert [to_text(e) for e in found] == ["[1] <a> b."]
    assert [p.message.split(",")[0] for p in problems] == [
        "the BibTeX style wrote \\EndOfBibitem"]


def test_natbibs_macros_for_the_harvard_styles() -> None:
    found, problems = entries("\\harvarditem{Kim \\harvardand\\ Jeong}{1999}{k}\n"
                              "Kim, J.\\ \\harvardand\\ Jeong \\harvardyearleft 1999"
                              "\\harvardyearright. \\harvardurl{https://x.org}\n")
    assert not problems, problems
    assert to_text(found[0]) == "[1] Kim, J. and Jeong [1999]. URL: https://x.org"
    assert Run("URL:", bold=True) in found[0].body
