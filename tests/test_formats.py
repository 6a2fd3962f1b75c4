"""The format registry: each format's options are its own (an unknown one is an error), and
a format module reads no file it was not given."""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path
from typing import Any

import pytest

import plbib
from plbib import formats
from plbib.cli import main
from plbib.errors import FormatError


def test_an_unknown_writer_option_is_an_error_naming_the_ones_there_are() -> None:
    papers = plbib.load()
    with pytest.raises(FormatError, match="no option 'no_such_option'") as error:
        plbib.dumps(papers, "bibtex", no_such_option=1)
    assert error.value.hint is not None and "ascii_only" in error.value.hint


@pytest.mark.parametrize(("fmt", "option"), [
    ("csljson", "ascii_only"),  # BibTeX's: not silently ignored by another writer
    ("yaml", "bullets"),  # Markdown's
    ("markdown", "biblatex"),
])
def test_a_writer_option_of_another_format_is_an_error(fmt: str, option: str) -> None:
    with pytest.raises(FormatError, match=f"the {fmt} writer has no option '{option}'"):
        plbib.dumps(plbib.load(), fmt, **{option: True})


def test_an_unknown_reader_option_is_an_error() -> None:
    text = plbib.dumps(plbib.load(), "ris")
    with pytest.raises(FormatError, match="the ris reader has no option 'drop_dblp'"):
        plbib.loads(text, "ris", drop_dblp=True)
    assert len(plbib.loads(text, "ris", lenient=True)) == len(plbib.load())


def test_every_format_declares_its_options() -> None:
    """The options are the module functions' typed keyword parameters."""
    assert formats.get("bibtex").write_options() == {"biblatex", "ascii_only", "venues"}
    assert formats.get("bibtex").read_options() == {
        "file", "lenient", "drop_dblp", "drop_fields", "venues"}
    assert formats.get("yaml").write_options() == {"sections", "intro"}
    for fmt in formats.FORMATS.values():
        assert "file" in fmt.read_options(), fmt.name


def test_a_flag_for_another_format_is_a_usage_error(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "papers.json"
    source.write_text(plbib.dumps(plbib.load(), "csljson"), encoding="utf-8")
    code = main(["convert", str(source), str(tmp_path / "out.ris"), "--drop-dblp"],
                stdout=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    assert "--drop-dblp does not apply to csljson input" in err and "bibtex" in err
    assert not (tmp_path / "out.ris").exists()
    code = main(["export", "csljson", "--unicode"], stdout=io.StringIO())
    assert code == 2
    assert "--unicode does not apply to csljson output" in capsys.readouterr().err


def test_a_writer_given_no_registry_says_so() -> None:
    """A plain list of records carries no venue registry; the format module does not go
    and read the bundled one behind the caller's back."""
    records = list(plbib.load())
    for fmt in formats.FORMATS.values():
        if "venues" in fmt.write_options():
            with pytest.raises(FormatError, match="no venue registry"):
                fmt.write(records)
    # the public API passes the bundled registry
    assert plbib.dumps(records, "bibtex") == plbib.dumps(plbib.load(), "bibtex")


def test_format_modules_read_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given the registry, every format writes and reads back with every file open
    refused."""
    papers = plbib.load()
    venues = papers.venues
    texts = {}
    for fmt in formats.FORMATS.values():
        options: dict[str, Any] = {"venues": venues} if "venues" in fmt.write_options() \
            else {}
        texts[fmt.name] = fmt.write(papers, **options)

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a file was opened: {args[:1]}")

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", refused)
        patch.setattr(io, "open", refused)
        patch.setattr(Path, "open", refused)
        patch.setattr(os, "stat", refused)
        for fmt in formats.FORMATS.values():
            options = {"venues": venues} if "venues" in fmt.write_options() else {}
            assert fmt.write(papers, **options) == texts[fmt.name], fmt.name
            back = fmt.read(texts[fmt.name], venues=venues)
            assert len(back) == len(papers), fmt.name


def test_diagnostics_are_values_reported_as_errors() -> None:
    """Readers and the validation make frozen diagnostics; a location learnt later is a
    new value; the API reports each as the PlbibError it names."""
    import dataclasses

    from plbib.errors import Diagnostic, InvalidValueError, Severity

    found = Diagnostic(InvalidValueError, "'x' is not a DOI", key="k", field="doi",
                       hint="write the bare DOI")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.line = 3  # type: ignore[misc]
    placed = found.at(file="list.bib", line=7)
    assert found.line is None and (placed.file, placed.line) == ("list.bib", 7)
    assert placed.at(file="other", line=9) == placed  # a known location stays
    error = placed.error()
    assert isinstance(error, InvalidValueError) and error.severity is Severity.ERROR
    assert str(error) == str(placed) == \
        "list.bib:7: error: k: doi: 'x' is not a DOI (write the bare DOI)"
