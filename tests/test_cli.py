from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import plbib
import plbib.resources
from conftest import ROOT
from plbib.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def test_list_shows_the_bundled_papers() -> None:
    code, out = run("list")
    assert code == 0
    assert "yu2022orca" in out and "OSDI'22" in out and "UbiComp'22" in out
    count = len(plbib.load())
    assert out.rstrip().endswith(f"{count} of {count} papers")


@pytest.mark.parametrize(("args", "keys"), [
    (["--section", "input"], ["zhang2022ifconvtransformer"]),
    (["--venue", "hpca"], ["zhou2023mpress", "kim2023optimstore"]),
    (["--venue", "USENIX ATC"], ["li2023accelerating", "zhai2023smartmoe", "zhou2022pets"]),
    (["--year", "2021-2022", "--venue", "OSDI"], ["yu2022orca"]),
    (["--year", "-2018"], ["gu2018nonautoregressive"]),
    (["--match", "MIXTURE"], ["hwang2023tutel"]),
    (["--match", "flex: adaptive"], ["hwang2023tutel"]),  # an alias
    (["--match", "byung-gon"], ["yu2022orca"]),  # an author
    (["--key", "yu2022orca", "--key", "zhou2022pets"], ["yu2022orca", "zhou2022pets"]),
])
def test_list_filters(args: list[str], keys: list[str]) -> None:
    code, out = run("list", "--tsv", *args)
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()[1:]] == keys


@pytest.mark.parametrize(("args", "message"), [
    (["list", "--section", "Modle"], "did you mean 'Model'?"),
    (["list", "--venue", "OSID"], "did you mean 'OSDI'?"),
    (["list", "--year", "twenty"], "cannot read the year filter"),
    (["list", "--key", "nope"], "no record with key 'nope'"),
    (["export", "bibtexx"], "unknown format 'bibtexx'"),
    (["list", "missing.yaml"], "no such file"),
    (["convert", "data/papers.yaml", "out.unknown"], "cannot tell the format"),
])
def test_bad_input_exits_2_with_a_message(args: list[str], message: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(*args)
    assert code == 2
    assert message in capsys.readouterr().err


def test_check_reports_every_problem_and_exits_2(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("papers:\n- key: a\n  type: conference-paper\n  title: T\n"
                   "  authors: ['X, Y']\n  year: 20222\n  venue: OSID\n  titel: x\n")
    code, _ = run("check", str(bad))
    err = capsys.readouterr().err
    assert code == 2
    assert f"{bad}:6: error: a: year:" in err
    assert f"{bad}:7: error: a: venue: unknown venue 'OSID'" in err
    assert f"{bad}:8: error: a: titel: unknown field 'titel' (did you mean 'title'?)" in err
    assert "3 error(s), 0 warning(s)" in err


def test_check_ok_and_strict(tmp_path: Path) -> None:
    assert run("check") == (0, "the bundled list: ok (0 warning(s))\n")
    text = Path(plbib.resources.bundled_path("papers.yaml")).read_text()
    dup = tmp_path / "dup.yaml"
    copy = text.split("papers:\n")[1].replace("key: ", "key: x").replace(
        "doi: 10.", "doi: 10.9999/x10.").replace('arxiv: "1', 'arxiv: "0').replace(
        'arxiv: "2', 'arxiv: "0')  # other keys and identifiers, the same titles
    dup.write_text(text.replace("venues: venues.yaml\n", "") + copy)
    assert run("check", str(dup))[0] == 0  # near-duplicate titles are warnings
    assert run("check", "--strict", str(dup))[0] == 2


def test_export_yaml_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "copy.yaml"
    assert run("export", "yaml", "-o", str(out)) == (0, "")
    assert list(plbib.load(out)) == list(plbib.load())
    code, text = run("export", "yaml", "--section", "Input")
    assert code == 0 and "zhang2022ifconvtransformer" in text and "yu2022orca" not in text


def test_import_and_convert(tmp_path: Path) -> None:
    src = tmp_path / "in.yaml"
    run("export", "yaml", "-o", str(src))
    code, text = run("import", str(src), "--venue", "MLSys")
    assert code == 0 and text.count("- key:") == 3
    dest = tmp_path / "out.yml"
    assert run("convert", str(src), str(dest), "--year", "2022")[0] == 0
    converted = plbib.load(dest).keys()
    assert converted == [r.key for r in plbib.load() if r.year == 2022]
    assert "yu2022orca" in converted


def test_write_failure_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("export", "yaml", "-o", str(tmp_path / "no" / "such" / "dir.yaml"))
    assert code == 1
    assert "No such file or directory" in capsys.readouterr().err


def test_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"papers:\n- key: \xff\n")
    proc = subprocess.run([sys.executable, "-m", "plbib", "check", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "not valid UTF-8" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "plbib", "list", "--help"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "--section" in proc.stdout


def test_bibtex_through_the_command_line(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "papers.bib"
    assert run("export", "bibtex", "-o", str(bib)) == (0, "")
    assert r"ETH Z{\"u}rich" in bib.read_text()  # accents as commands, for 8-bit bibtex
    count = len(plbib.load())
    code, text = run("import", str(bib))
    assert code == 0 and text.count("- key:") == count
    assert f"read {count} record(s), skipped 0, doubtful 0" in capsys.readouterr().err
    code, text = run("export", "biblatex", "--unicode", "--key", "yu2022orca")
    assert code == 0 and re.search(r"date +=  *\{2022-07\}", text)
    out = tmp_path / "back.yaml"
    assert run("convert", str(bib), str(out))[0] == 0
    assert list(plbib.load(out)) == list(plbib.load())


def test_broken_bibtex_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text("@article{a, author = {X, Y}, title = {T}, journal = {J}, year = 2020}\n"
                   "@article{b, title = {unbalanced,\n  year = 2020\n}\n"
                   "@article{c, author = {X, Z}, title = {U}, journal = {J}, year = 2021}\n")
    code, _ = run("import", str(bib))
    err = capsys.readouterr().err
    assert code == 2 and f"{bib}:2: error: b: this entry cannot be read" in err
    assert "nothing was written" in err
    code, text = run("import", "--lenient", str(bib))
    err = capsys.readouterr().err
    assert code == 0 and text.count("- key:") == 2
    assert f"{bib}:2: error: b:" in err and "read 2 record(s)" in err


def test_check_reads_other_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a, author = {X, Y}, title = {T}, journal = {J}, year = 20202}\n"
                   "@article{b, author = {X, Z}, title = {U}, journal = {J}, year = 2021,\n"
                   "  doi = {nope}}\n")
    code, _ = run("check", str(bib))
    err = capsys.readouterr().err
    # values plbib cannot interpret are kept as written: warnings, not refusals
    assert code == 0
    assert f"{bib}:1: warning: a: year:" in err and f"{bib}:3: warning: b: doi:" in err
    # a key an earlier entry has: read under one of its own (bibtex reads the first)
    bib.write_text("@article{a, author = {X, Y}, title = {T}}\n@article{a, title = {U}}\n")
    code, _ = run("check", str(bib))
    assert code == 0 and f"{bib}:2: warning: ab: key: the key 'a' is used by an earlier " \
        "entry; this one is read as 'ab'" in capsys.readouterr().err
    bib.write_text("@article{a, author = {X, Y}, title = {T}}\n@article{b, title = {U\n")
    code, _ = run("check", str(bib))
    assert code == 2 and f"{bib}:2: error: b: this entry cannot be read" in \
        capsys.readouterr().err


def test_filter_errors_name_the_parameter_in_python_and_the_flag_on_the_command_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(plbib.PlbibError) as error:
        plbib.select(plbib.load(), years=["twenty"])
    assert error.value.field == "years" and "--" not in str(error.value)
    with pytest.raises(plbib.PlbibError) as error:
        plbib.select(plbib.load(), venues=["OSID"])
    assert error.value.field == "venues"
    code, _ = run("list", "--year", "twenty")
    assert code == 2 and "--year: cannot read the year filter" in capsys.readouterr().err
    code, _ = run("list", "--venue", "OSID")
    assert code == 2 and "--venue: there is no venue 'OSID'" in capsys.readouterr().err


LIST = str(ROOT / "data" / "papers.yaml")


@pytest.mark.parametrize("argv", [
    ["export", "biblatex", "--unicode", LIST],
    ["export", "--unicode", "biblatex", LIST],
    ["list", LIST, "--venue", "OSDI", "--tsv"],
    ["list", "--tsv", LIST, "--year", "2022"],
    ["convert", LIST, "--to", "ris", "-"],
    ["check", LIST, "--strict"],
])
def test_options_may_come_anywhere_among_positionals(argv: list[str]) -> None:
    code, out = run(*argv)
    assert code == 0 and out


def test_an_extra_positional_is_still_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run("list", LIST, "extra")
    assert exit_.value.code == 2
    assert "unrecognized arguments: extra" in capsys.readouterr().err


def test_import_reads_what_it_can_and_strict_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Markdown list is imported as far as it can be read, each unread paper-like line
    reported with its line on stderr (exit 0); with --strict nothing is written (exit 2)."""
    source = tmp_path / "list.md"
    source.write_text(
        "## Model\n"
        "- [OSDI'22] [Orca: A Distributed Serving System](https://x.org/orca), SNU\n"
        "- [OSDI'22 and words that are no tag] [Title Two](https://x.org/two), X\n",
        encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert run("import", str(source), "-o", str(out))[0] == 0
    err = capsys.readouterr().err
    assert f"{source}:3: error: this line looks like a paper but was not read" in err
    written = out.read_text()  # incomplete records (no authors): the text, not plbib.load
    assert written.count("- key: ") == 1 and "A Distributed Serving System" in written
    out.unlink()
    assert run("import", str(source), "--strict", "-o", str(out))[0] == 2
    assert "nothing was written (--strict)" in capsys.readouterr().err
    assert not out.exists()
