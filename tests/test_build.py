"""The published files (plbib build) and adding papers (plbib add)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import plbib
from conftest import ROOT
from plbib import build, edit
from plbib.cli import main


def test_published_files_in_the_repository_are_current() -> None:
    """What CI checks: data/papers.{bib,json,ris} and the README list match the YAML."""
    assert [str(o.path) for o in build.stale(ROOT)] == []


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    for name in ("papers.yaml", "venues.yaml", "papers.bib", "papers.json", "papers.ris"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    return tmp_path


def test_build_check_names_what_is_stale(repo: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    assert main(["build", "--check", "--root", str(repo)]) == 0
    yaml_path = repo / "data" / "papers.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("IST Austria", "ISTA"))
    assert main(["build", "--check", "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    for name in ("papers.bib", "papers.json", "papers.ris", "README.md"):
        assert name in err
    before = (repo / "README.md").read_text()
    assert main(["build", "--root", str(repo)]) == 0
    after = (repo / "README.md").read_text()
    assert "ISTA </br>" in after and "IST Austria </br>" not in after
    # everything outside the markers is kept byte for byte
    start, end = edit_markers(before), edit_markers(after)
    assert before[:start[0]] == after[:end[0]]
    assert before[start[1]:] == after[end[1]:]
    assert main(["build", "--check", "--root", str(repo)]) == 0
    assert plbib.loads((repo / "data" / "papers.json").read_text(), "csljson")[0] \
        .affiliation == "ISTA"


def edit_markers(text: str) -> tuple[int, int]:
    from plbib.formats.markdown import END_MARKER, START_MARKER

    return text.index(START_MARKER), text.index(END_MARKER)


def test_build_without_markers_or_list_is_a_clear_error(repo: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    (repo / "README.md").write_text("# no markers\n")
    assert main(["build", "--root", str(repo)]) == 2
    assert "README.md has no list markers" in capsys.readouterr().err
    assert main(["build", "--root", str(repo / "nowhere")]) == 2


SNIPPET = r"""
@inproceedings{DBLP:conf/osdi/KwonLZ0ZGYZS23,
  author    = {Woosuk Kwon and Zhuohan Li and Siyuan Zhuang},
  title     = {Efficient Memory Management for Large Language Model Serving with PagedAttention},
  booktitle = {Proceedings of the 29th Symposium on Operating Systems Principles, {SOSP} 2023},
  pages     = {611--626},
  publisher = {{ACM}},
  year      = {2023},
  doi       = {10.1145/3600006.3613165}
}
"""


def test_add_inserts_after_the_section_keeping_the_file(repo: Path) -> None:
    path = repo / "data" / "papers.yaml"
    before = path.read_text()
    added, written, warnings = edit.add(SNIPPET, section="Inference engine",
                                        affiliation="UC Berkeley", path=path)
    assert not [w for w in warnings if "venue" in w.message]  # SOSP was recognised
    assert written == path and [r.key for r in added] == ["kwon2023efficient"]
    after = path.read_text()
    # only the new entry's lines are new: every other line is where it was, comments too
    import difflib

    new_lines, old_lines = after.splitlines(), before.splitlines()
    changes = [op for op in difflib.SequenceMatcher(None, old_lines, new_lines,
                                                    autojunk=False).get_opcodes()
               if op[0] != "equal"]
    assert len(changes) == 1 and changes[0][0] == "insert"
    inserted = new_lines[changes[0][3]:changes[0][4]]
    assert "  - key: kwon2023efficient" in inserted[:2]
    papers = plbib.load(path)
    record = papers.by_key("kwon2023efficient")
    assert record.section == "Inference engine" and record.affiliation == "UC Berkeley"
    assert record.venue == "SOSP" and record.doi == "10.1145/3600006.3613165"
    keys = papers.keys()
    # after the section's last paper, before the next section's first
    last = [r.key for r in plbib.load() if r.section == "Inference engine"][-1]
    assert keys.index("kwon2023efficient") == keys.index(last) + 1
    assert papers[keys.index(last) + 2].section == "Training Engine"


def test_add_refuses_duplicates_naming_the_record(repo: Path) -> None:
    path = repo / "data" / "papers.yaml"
    orca = plbib.dumps([plbib.load().by_key("yu2022orca")], "bibtex")
    with pytest.raises(plbib.PlbibError, match="already in the list as 'yu2022orca'"):
        edit.add(orca, section="Inference engine", path=path)
    retitled = SNIPPET.replace("10.1145/3600006.3613165", "10.1145/0000000.0000000").replace(
        "Efficient Memory Management for Large Language Model Serving with PagedAttention",
        "Orca: A Distributed Serving System for Transformer-Based Generative Model")
    with pytest.raises(plbib.PlbibError, match=r"yu2022orca.*near-identical title"):
        edit.add(retitled, section="Inference engine", path=path)
    # the duplicate rule of check: the same arXiv id, or a title that is an alias
    arxived = next(r for r in plbib.load() if r.arxiv)
    same_arxiv = SNIPPET.replace("}\n}", f"}},\n  eprint = {{{arxived.arxiv}}},\n"
                                 "  archiveprefix = {arXiv}\n}")
    with pytest.raises(plbib.PlbibError, match=f"as '{arxived.key}' \\(same arxiv"):
        edit.add(same_arxiv, section="Inference engine", path=path)
    aliased = next(r for r in plbib.load() if r.aliases)
    as_alias = SNIPPET.replace("10.1145/3600006.3613165", "10.1145/0000000.0000001").replace(
        "Efficient Memory Management for Large Language Model Serving with PagedAttention",
        aliased.aliases[0])
    with pytest.raises(plbib.PlbibError, match=f"as '{aliased.key}' \\(same title"):
        edit.add(as_alias, section="Inference engine", path=path)
    assert path.read_text() == (ROOT / "data" / "papers.yaml").read_text()


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_add_from_csljson_and_ris_on_stdin_into_an_empty_section(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo / "data" / "papers.yaml"
    record = plbib.loads(SNIPPET, "bibtex")[0]
    monkeypatch.setattr("sys.stdin", _stdin(plbib.dumps([record], "ris").encode()))
    assert main(["add", "--section", "Compiler", "--affiliation", "UC Berkeley",
                 "--file", str(path)]) == 0
    assert "added kwon2023efficient" in capsys.readouterr().out
    papers = plbib.load(path)
    assert papers.by_key("kwon2023efficient").section == "Compiler"
    # Compiler comes after every paper of the sections before it, before Search Engine's
    keys = papers.keys()
    assert keys.index("kwon2023efficient") == len(keys) - 1 - sum(
        r.section in ("Hardware", "Search Engine") for r in papers)
    other = record.replace(title=plbib.Title.plain("A Different Paper Entirely"), doi=None)
    snippet = plbib.dumps([other], "csljson")
    added, _, _ = edit.add(snippet, section="Hardware", path=path)
    assert added[0].key == "kwon2023different"


def _stdin(data: bytes) -> io.TextIOWrapper:
    """A stand-in for sys.stdin holding these bytes (with the .buffer the CLI reads)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


def test_add_from_stdin_that_is_not_utf8_is_a_clear_error(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo / "data" / "papers.yaml"
    before = path.read_bytes()
    monkeypatch.setattr("sys.stdin", _stdin(SNIPPET.encode().replace(b"{", b"{\xff", 1)))
    assert main(["add", "--section", "Compiler", "--file", str(path)]) == 2
    assert "<stdin>:2: error: byte 0xff is not valid UTF-8" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_add_rejects_an_unknown_section_and_bad_snippets(repo: Path) -> None:
    path = repo / "data" / "papers.yaml"
    with pytest.raises(plbib.PlbibError, match="unknown section"):
        edit.add(SNIPPET, section="Networking", path=path)
    with pytest.raises(plbib.PlbibError, match="cannot tell the snippet's format"):
        edit.add("hello", section="Model", path=path)
    with pytest.raises(plbib.PlbibError):
        edit.add("@inproceedings{x, title = {unbalanced", section="Model", path=path)
    assert path.read_text() == (ROOT / "data" / "papers.yaml").read_text()


def test_readme_that_is_not_utf8_is_a_clear_error(repo: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "README.md").write_bytes(b"# list\n\xff\xfe broken\n")
    assert main(["build", "--root", str(repo)]) == 2
    err = capsys.readouterr().err
    assert "README.md" in err and "Traceback" not in err


def test_a_damaged_published_file_is_stale_and_rebuilt(repo: Path) -> None:
    """A papers.bib that is not UTF-8, or has other line ends, is not what the build writes:
    --check names it (no traceback, no "up to date") and build writes it anew."""
    bib, ris = repo / "data" / "papers.bib", repo / "data" / "papers.ris"
    good_bib, good_ris = bib.read_bytes(), ris.read_bytes()
    bib.write_bytes(b"\xff" + good_bib)
    ris.write_bytes(good_ris.replace(b"\n", b"\r\n"))
    assert {o.path.name for o in build.stale(repo)} == {"papers.bib", "papers.ris"}
    assert main(["build", "--check", "--root", str(repo)]) == 1
    assert main(["build", "--root", str(repo)]) == 0
    assert (bib.read_bytes(), ris.read_bytes()) == (good_bib, good_ris)


_TOPICS = ["Sparse Attention Kernels", "Quantized Embedding Tables", "Speculative Token Trees",
           "Elastic Pipeline Stages", "Persistent Cache Eviction", "Federated Adapter Tuning",
           "Asynchronous Gradient Compression", "Heterogeneous Memory Offloading"]


def test_concurrent_adds_keep_every_paper(repo: Path) -> None:
    """Eight ``plbib add`` processes on one list at once: each waits for the file's lock,
    re-reads the list under it, and the eight papers are all there afterwards (without the
    lock seven were lost)."""
    path = repo / "data" / "papers.yaml"
    snippets = []
    for n, topic in enumerate(_TOPICS):
        snippet = repo / f"s{n}.bib"
        snippet.write_text(
            f"@inproceedings{{s{n}, author = {{Ada Writer{n} and Bo Coauthor}}, "
            f"title = {{{topic} for Large Models}}, booktitle = {{Proceedings of OSDI}}, "
            f"year = {{2024}}, doi = {{10.9999/concurrent.{n}}}}}\n")
        snippets.append(snippet)
    processes = [subprocess.Popen(
        [sys.executable, "-m", "plbib", "add", str(snippet), "--section", "Inference engine",
         "--file", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for snippet in snippets]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read())  # type: ignore[union-attr]
               for p in processes]
    assert all(code == 0 for code, _, _ in results), results
    papers = plbib.load(path)
    titles = {r.title.text for r in papers}
    assert all(f"{topic} for Large Models" in titles for topic in _TOPICS)
    assert len(papers) == len(plbib.load()) + len(_TOPICS)


def test_a_held_lock_is_waited_for_then_a_clear_error(repo: Path) -> None:
    from plbib.errors import InputFileError
    from plbib.fileio import updating

    path = repo / "data" / "papers.yaml"
    before = path.read_text()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from plbib.fileio import updating\n"
         f"with updating({str(path)!r}):\n    print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InputFileError, match="another plbib has been updating") as error, \
                updating(path, timeout=0.5):
            pass
        assert error.value.file == str(path) and error.value.hint
    finally:
        holder.kill()
        holder.wait()
    with updating(path, timeout=5):  # released when its holder died
        pass
    assert path.read_text() == before
