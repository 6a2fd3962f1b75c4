from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plbib import EntryType, Name, Pages, Record, Span, Title
from plbib.formats.yaml import format_name
from plbib.model import TitleMarkupError
from plbib.values import parse_name
from strategies import names, titles


class TestTitle:
    def test_protected_spans_from_markup(self) -> None:
        title = Title.parse("Token Merging: Your {ViT} But Faster")
        assert title.text == "Token Merging: Your ViT But Faster"
        assert title.protected_texts == ("ViT",)
        assert title.spans == (Span("Token Merging: Your "), Span("ViT", True),
                               Span(" But Faster"))

    def test_escapes_give_literal_braces_and_backslashes(self) -> None:
        title = Title.parse(r"A \{set\} of \\ and {GPU}s")
        assert title.text == r"A {set} of \ and GPUs"
        assert title.protected_texts == ("GPU",)
        assert Title.parse(title.markup) == title

    def test_math_spans(self) -> None:
        title = Title.parse(r"Sorting in $O(n \log n)$ for \$5")
        assert title.spans == (Span("Sorting in "), Span(r"O(n \log n)", True, math=True),
                               Span(" for $5"))
        assert Title.parse(title.markup) == title
        # two math spans stay two spans (their sources are not merged)
        assert len(Title.parse("$a$$b$").spans) == 2

    @pytest.mark.parametrize(("markup", "position"), [
        ("{unclosed", 0), ("closed}", 6), ("{a {b}}", 3), ("trailing \\", 9), ("bad \\x", 4),
        ("cost $5", 5), ("{a $x$}", 3),
    ])
    def test_bad_markup_says_where(self, markup: str, position: int) -> None:
        with pytest.raises(TitleMarkupError) as info:
            Title.parse(markup)
        assert info.value.position == position

    def test_spans_are_normalised(self) -> None:
        assert Title((Span("a"), Span(""), Span("b"), Span("C", True), Span("D", True))) == \
            Title((Span("ab"), Span("CD", True)))
        assert not Title.parse("")

    @given(titles)
    def test_markup_round_trips(self, title: Title) -> None:
        assert Title.parse(title.markup) == title


class TestName:
    def test_parts_and_display(self) -> None:
        name = Name(family="Neumann", given="John", particle="von", suffix="Jr.")
        assert name.display() == "John von Neumann, Jr."
        assert name.last == "von Neumann"

    def test_literal_excludes_parts(self) -> None:
        assert Name(literal="Google DeepMind").display() == "Google DeepMind"
        with pytest.raises(ValueError):
            Name(literal="X", family="Y")
        with pytest.raises(ValueError):
            Name(given="Only")

    @pytest.mark.parametrize(("text", "expected"), [
        ("Yu, Gyeong-In", Name(family="Yu", given="Gyeong-In")),
        ("van der Berg, Jan", Name(family="Berg", given="Jan", particle="van der")),
        ("von Neumann, Jr., John", Name(family="Neumann", given="John", particle="von",
                                         suffix="Jr.")),
        ("Enright Jerger, Natalie D.", Name(family="Enright Jerger", given="Natalie D.")),
        ("Öztürk, Ömer", Name(family="Öztürk", given="Ömer")),
    ])
    def test_string_form(self, text: str, expected: Name) -> None:
        assert parse_name(text) == expected
        assert format_name(expected) == text

    def test_mapping_form_when_the_string_would_not_read_back(self) -> None:
        assert format_name(Name(literal="Google DeepMind")) == {"literal": "Google DeepMind"}
        # a family name that starts lowercase would be read as a particle
        assert format_name(Name(family="de Souza", given="Ana")) == {
            "family": "de Souza", "given": "Ana"}

    @given(names)
    def test_written_form_reads_back(self, name: Name) -> None:
        written = format_name(name)
        if isinstance(written, str):
            assert parse_name(written) == name
        else:
            assert Name(**written) == name


class TestPages:
    @pytest.mark.parametrize(("text", "first", "last"), [
        ("521-538", "521", "538"), ("521--538", "521", "538"), ("521–538", "521", "538"),
        ("e1234", "e1234", ""), ("12", "12", ""), ("xi-xv", "xi", "xv"),
    ])
    def test_parse(self, text: str, first: str, last: str) -> None:
        assert Pages.parse(text) == Pages(first, last)

    @pytest.mark.parametrize("text", ["538-521", "1-2-3", "pages 5", "", "xiv+557", "73+-80",
                                      "+", "1,", "1, 9-2", ", 5"])
    def test_reject(self, text: str) -> None:
        with pytest.raises(ValueError):
            Pages.parse(text)

    def test_format(self) -> None:
        assert Pages("521", "538").format("--") == "521--538"
        assert str(Pages("7")) == "7"

    def test_ranges_and_following_pages(self) -> None:
        """An article in two parts and BibTeX's "and the following pages" are pages too
        (CSL's page and RIS's SP carry them as text; both converters map them)."""
        two = Pages.parse("431--456, 791--823")
        assert two == Pages("431", "456", (Pages("791", "823"),))
        assert two.format("--") == "431--456, 791--823"
        assert str(Pages.parse("3,7 - 9,e12")) == "3, 7-9, e12"
        assert Pages.parse(" 73+ ") == Pages("73+")

    @given(st.lists(st.tuples(st.integers(1, 999), st.integers(0, 50), st.booleans()),
                    min_size=1, max_size=4))
    def test_written_ranges_read_back(self, spans: list[tuple[int, int, bool]]) -> None:
        parts = [Pages(str(a), str(a + b)) if b else Pages(f"{a}+" if plus else str(a))
                 for a, b, plus in spans]
        pages = Pages(parts[0].first, parts[0].last, tuple(parts[1:]))
        for dash in ("-", "--", "–"):
            assert Pages.parse(pages.format(dash)) == pages


def _pages_by_splitting(text: str) -> Pages:
    """Pages.parse as it was before its one-match shortcut for numeric ranges."""
    parts = re.split(r"\s*(?:-{1,3}|–|—)\s*", text.strip())
    if len(parts) > 2 or not all(
            re.match(r"^[A-Za-z]{0,3}\d+[A-Za-z]?$|^[ivxlcdmIVXLCDM]+$|^\d+:\d+$", p)
            for p in parts):
        raise ValueError(text)
    first, last = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
    if last and first.isdigit() and last.isdigit() and int(last) < int(first):
        raise ValueError(text)
    return Pages(first, last)


@given(st.text(alphabet="0129-–— \t\na:", max_size=12))
def test_numeric_page_shortcut_reads_as_splitting_does(text: str) -> None:
    try:
        expected = _pages_by_splitting(text)
    except ValueError:
        with pytest.raises(ValueError):
            Pages.parse(text)
        return
    assert Pages.parse(text) == expected


def test_the_fields_are_declared_once_and_the_rest_derives_from_them() -> None:
    """YAML order, required fields and note lines come from the Record's declaration."""
    import dataclasses

    from plbib import notefields
    from plbib.model import NOTE_LINES, REQUIRED, YAML_FIELDS

    declared = [f.name for f in dataclasses.fields(Record)]
    assert list(YAML_FIELDS) == [n for n in declared if n != "more_authors"]
    needed = {n for needs in REQUIRED.values() for need in needs
              for n in (need if isinstance(need, tuple) else (need,))}
    assert needed <= set(YAML_FIELDS)
    record = Record("k", EntryType.MISC, title=Title.plain("T"), aliases=("A", "B"),
                    more_authors=True, arxiv="2305.14314", section="S", note="free")
    lines = notefields.write([(name, getattr(record, name)) for name in NOTE_LINES
                              if isinstance(getattr(record, name), str) and name != "note"]
                             + [("aliases", a) for a in record.aliases]
                             + [("more_authors", "true")], record.note)
    fields, rest = notefields.read(lines)
    assert fields == {"key": "k", "section": "S", "arxiv": "2305.14314",
                      "aliases": ["A", "B"], "more_authors": True}
    assert rest == ["free"]


def test_identifiers_parse_and_print_themselves() -> None:
    from plbib.identifiers import (
        IdentifierError,
        arxiv_url,
        doi_url,
        parse_arxiv,
        parse_doi,
        parse_isbn,
    )

    assert parse_doi("10.1145/3575693.3575712") == "10.1145/3575693.3575712"
    with pytest.raises(IdentifierError) as error:
        parse_doi("https://doi.org/10.1145/3575693.3575712")
    assert "drop the https://doi.org/ prefix" in error.value.hint
    assert parse_arxiv("arXiv:2305.14314v2") == "2305.14314v2"
    assert parse_arxiv("hep-th/9901001") == "hep-th/9901001"
    with pytest.raises(IdentifierError):
        parse_arxiv("2305.1")
    assert parse_isbn("978-3-16-148410-0") == "978-3-16-148410-0"
    assert parse_isbn("0-306-40615-2") == "0-306-40615-2"
    with pytest.raises(IdentifierError, match="check digit"):
        parse_isbn("978-3-16-148410-1")
    assert doi_url("10.1/x") == "https://doi.org/10.1/x"
    assert arxiv_url("2305.14314") == "https://arxiv.org/abs/2305.14314"
