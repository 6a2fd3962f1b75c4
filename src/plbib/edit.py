"""Adding a paper to the canonical YAML, keeping the file's comments and layout.

``plbib add`` reads a BibTeX, CSL-JSON or RIS snippet, gives the paper the key the key rule
gives, files it under a section with the first author's affiliation, refuses a duplicate
(same key, DOI or near-identical title) naming the record it duplicates, and inserts the
new entry as text after the last paper of its section: every other byte of the file stays
as it was. The result is validated as a whole before it is written (atomically).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from . import formats, lookup, yamlsource
from .duplicates import Identity, duplicates
from .errors import DuplicateError, InvalidValueError, PlbibError
from .fileio import updating, write_atomic
from .formats import yaml as canonical_yaml
from .keys import TakenKeys, make_key
from .model import PaperList, Record
from .resources import bundled_path, load_venues
from .venues import VenueRegistry


def sniff_format(text: str) -> str:
    """The snippet's format from its content: CSL-JSON starts with ``[`` or ``{``, RIS has a
    ``TY  -`` line, BibTeX an ``@type{`` line (after any ``%`` comments)."""
    start = text.lstrip("\ufeff \t\r\n")
    if start[:1] in ("[", "{"):
        return "csljson"
    if re.search(r"(?m)^TY {1,2}- ", text):
        return "ris"
    if re.search(r"(?m)^\s*@\w+\s*[{(]", text):
        return "bibtex"
    raise InvalidValueError("cannot tell the snippet's format",
                            hint="give --from bibtex, csljson or ris")


def _scalar(value: object) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return text.removesuffix("\n...\n").rstrip("\n")


def entry_yaml(record: Record, indent: str = "  ") -> str:
    """The record as one ``- key: …`` item in the file's layout (fields indented two more
    than the dash, list items two more again)."""
    data = canonical_yaml.record_to_data(record)
    inner = indent + "  "
    lines = []
    for index, (name, value) in enumerate(data.items()):
        head = f"{indent}- " if index == 0 else inner
        if isinstance(value, list):
            lines.append(f"{head}{name}:")
            lines.extend(f"{inner}  - {_scalar(item)}" for item in value)
        else:
            lines.append(f"{head}{name}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def record_starts(text: str) -> list[int]:
    """The line (1-based) where each paper's item starts."""
    lines: dict[int, int] = {}
    data = yamlsource.parse(text, None, lines)
    return [lines[id(item)] for item in data["papers"]]


def _insertion_line(papers: PaperList, starts: Sequence[int], text: str,
                    section: str | None) -> tuple[int, str]:
    """(line to insert before, the items' indentation): after the section's last paper,
    else before the first paper of a later section, else at the end."""
    lines = text.splitlines(keepends=True)
    order = list(papers.sections)
    indices = [i for i, r in enumerate(papers) if r.section == section]
    indent = "  "
    if starts:
        first_line = lines[starts[0] - 1]
        indent = first_line[:len(first_line) - len(first_line.lstrip())]
    if indices:
        after = indices[-1] + 1
        if after < len(starts):
            return before_comments(lines, starts[after]), indent
        return len(lines) + 1, indent
    if section in order:
        later = set(order[order.index(section) + 1:])
        for index, record in enumerate(papers):
            if record.section in later:
                return before_comments(lines, starts[index]), indent
    return len(lines) + 1, indent


def before_comments(lines: Sequence[str], line: int) -> int:
    """Step back over the blank lines and comments that introduce the item at ``line``
    (a section's ``# ---- Training Engine`` banner belongs to what follows)."""
    while line > 1 and (lines[line - 2].strip() == "" or lines[line - 2].lstrip().startswith(
            "#")):
        line -= 1
    return line


def add(snippet: str, *, section: str | None, affiliation: str | None = None,
        path: str | os.PathLike[str] | None = None, fmt: str | None = None,
        lenient: bool = False) -> tuple[list[Record], Path, tuple[PlbibError, ...]]:
    """Add the snippet's papers to the list at ``path`` (default: data/papers.yaml in the
    current directory, else the bundled list): the records added, the file written, and
    the warnings reading the snippet gave (an unrecognised venue, fields not kept, …)."""
    def read(venues: VenueRegistry) -> PaperList:
        return formats.get(fmt or sniff_format(snippet)).read(
            snippet, file="<snippet>", lenient=lenient, venues=venues)

    return _locked_add(path, read, section, affiliation)


def add_by_identifier(identifiers: Sequence[str], *, section: str | None,
                      affiliation: str | None = None,
                      path: str | os.PathLike[str] | None = None,
                      client: lookup.Client | None = None
                      ) -> tuple[list[Record], Path, tuple[PlbibError, ...]]:
    """Add papers by identifier (:mod:`plbib.lookup`: DOI, arXiv id, ACL Anthology id,
    DBLP key): each is looked up, read by the reader of the format its service answers in,
    and added as :func:`add` adds a snippet's papers. All are looked up before the list is
    touched: a failure changes nothing."""
    fetched = lookup.snippets(list(identifiers), client)

    def read(venues: VenueRegistry) -> PaperList:
        papers = [formats.get(s.format).read(s.text, file=str(s.identifier), venues=venues,
                                             **dict(s.options)) for s in fetched]
        return PaperList(records=tuple(r for p in papers for r in p), venues=venues,
                         warnings=tuple(w for p in papers for w in p.warnings))

    return _locked_add(path, read, section, affiliation)


def _locked_add(path: str | os.PathLike[str] | None,
                read: Callable[[VenueRegistry], PaperList], section: str | None,
                affiliation: str | None) -> tuple[list[Record], Path, tuple[PlbibError, ...]]:
    target = Path(path) if path is not None else default_path()
    with updating(target):  # read, insert and write as one: concurrent adds keep each paper
        return _add(target, read, section, affiliation)


def _add(target: Path, read_incoming: Callable[[VenueRegistry], PaperList],
         section: str | None, affiliation: str | None
         ) -> tuple[list[Record], Path, tuple[PlbibError, ...]]:
    text = yamlsource.read_text(target)
    papers = canonical_yaml.read(text, file=str(target), base_dir=target.parent,
                                 venues=load_venues())
    if section is not None and papers.sections and section not in papers.sections:
        raise InvalidValueError(f"unknown section {section!r}", field="section",
                                hint="one of: " + ", ".join(papers.sections))
    assert papers.venues is not None  # a loaded list carries its registry
    incoming = read_incoming(papers.venues)
    if not incoming:
        raise InvalidValueError("the snippet holds no paper", file="<snippet>")
    taken = TakenKeys(papers.keys())
    added: list[Record] = []
    for record in incoming:
        key = make_key(record.authors, record.year, record.title, taken)
        taken.add(key)
        new = record.replace(key=key, section=section or record.section,
                             affiliation=affiliation or record.affiliation)
        _refuse_duplicate(new, [*papers, *added])
        added.append(new)
    for record in added:
        text = _inserted(text, papers, record)
        papers = canonical_yaml.read(text, file=str(target), base_dir=target.parent,
                                     venues=load_venues())
    write_atomic(target, text)
    return added, target, incoming.warnings


def _inserted(text: str, papers: PaperList, record: Record) -> str:
    starts = record_starts(text)
    line, indent = _insertion_line(papers, starts, text, record.section)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    # items are separated by a blank line: one before the new entry; the blank lines and
    # comments that introduce the next item stay where they are
    lines.insert(line - 1, "\n" + entry_yaml(record, indent))
    return "".join(lines)


def _refuse_duplicate(record: Record, existing: Sequence[Record]) -> None:
    """The duplicate rule (:mod:`plbib.duplicates`); adding refuses a near-identical title
    too, where ``check`` only warns."""
    papers = [*existing, record]
    found = [d for d in duplicates([_identity(r) for r in papers]) if d.index == len(existing)]
    if found:
        first, other = found[0], papers[found[0].other]
        problem = {"key": "same key", "doi": f"same doi {record.doi}",
                   "arxiv": f"same arxiv {record.arxiv}"}.get(first.field) or (
            "same title" if first.exact else "near-identical title")
        raise DuplicateError(
            f"this paper is already in the list as {other.key!r} ({problem})",
            key=other.key, field=first.field,
            hint="edit the existing record instead of adding it again")


def _identity(record: Record) -> Identity:
    return Identity(record.key, record.key, record.doi, record.arxiv,
                    (record.title.text, *record.aliases))


def default_path() -> Path:
    local = Path("data") / "papers.yaml"
    return local if local.is_file() else bundled_path("papers.yaml")


__all__ = ["add", "add_by_identifier", "before_comments", "default_path", "entry_yaml",
           "record_starts", "sniff_format"]
