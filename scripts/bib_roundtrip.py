"""Nothing lost, measured over other people's .bib files: each file read (without
``--lenient``), written back as BibTeX (and BibLaTeX), and every field of every entry of the
re-export compared with the original's.

    python scripts/bib_roundtrip.py PATH [PATH ...]     # .bib files or directories
    python scripts/bib_roundtrip.py $(kpsewhich -var-value TEXMFDIST)/bibtex/bib

The judge is bibtexparser (not plbib's reader): both files are split by it, ``@string``
macros resolved and the enclosing braces or quotes removed (its default middleware); a
field comes back with the same value when the two texts are equal once white space is
collapsed; or, for a name list, the same names in the same parts as bibtexparser splits
them, each word decoded as a title is (``Felix Jacoby`` is ``Jacoby, Felix``,
``Stanis{\\l}aw`` ``Stanisław``; ``{Sex}tus`` is not ``Sextus``); or, spelt differently,
when they decode to the same text with the same case protection (``{\\"a}`` and ``\\"{a}``
are one letter; ``{Orca}`` is not ``Orca``). A field may come back under
its other dialect's name (BibTeX's ``address`` is BibLaTeX's ``location``, ``journal``
``journaltitle``, ``year`` and ``month`` ``date``…), as each reader reads both; and a
biblatex localisation key in ``type`` comes back in BibTeX as what biblatex prints for it
(``patreqfr``: ``French patent request``; ``mathesis``: ``@mastersthesis``).
Reports, per file and in total: files read whole (and why the others are not), entries,
fields, and every field that does not come back, with its file, key and both values.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import (
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateFieldKeyBlock

import plbib
from plbib import latex
from plbib.formats.bibtex.writer import GENRE_KEYS, biblatex_left_out
from plbib.yamlsource import decode


def _files(paths: list[str]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(path.rglob("*.bib"))
        else:
            yield path


def _entries(text: str) -> dict[str, dict[str, str]]:
    """Entry key -> field name (lower case) -> value, as bibtexparser reads
    them with its default middleware (macros resolved, enclosing braces removed); a value
    joined with ``#``, which that middleware leaves as written, is joined here, the file's
    own macros expanded and the others (a style's months) kept as names."""
    library = parse_string(text)
    macros = {string.key.lower(): str(string.value) for string in library.strings}
    # an entry giving a field twice, which bibtexparser refuses, as bibtex reads it: the
    # first value of each field
    repaired = [block.ignore_error_block for block in library.failed_blocks
                if isinstance(block, DuplicateFieldKeyBlock)]  # raw: no middleware ran
    out: dict[str, dict[str, str]] = {}
    for entry in [*library.entries, *repaired]:
        fields = {"@type": entry.entry_type.lower()}
        for field in entry.fields:
            value = str(field.value)
            if entry in repaired:
                value = macros.get(value.lower(), value)
                if value[:1] + value[-1:] in ("{}", '""'):
                    value = value[1:-1]
            fields.setdefault(field.key.lower(), _joined(value, macros))
        out[entry.key] = fields  # keys that differ only in case are two entries
    return out


#: plbib's warning for an entry read under a key of its own
_RENAMED = re.compile(r"the key '([^']*)' differs from an earlier entry's only in case; "
                      r"this one is read as '([^']*)'")

#: a piece of a ``#`` concatenation: a braced or quoted text, or a number or macro name (no
#: backslash: ``\#`` in a text whose braces the middleware removed is a character)
_PIECE = re.compile(r'\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|"[^"]*"|[^#\s\\]+)\s*(?:#|$)')


def _joined(value: str, macros: dict[str, str]) -> str:
    if "#" not in value or not re.fullmatch(r'(?:\s*(?:\{.*?\}|"[^"]*"|[^#\s\\]+)\s*#)+.*',
                                            value, re.S):
        return value
    pieces = []
    for match in _PIECE.finditer(value):
        piece = match.group(1)
        if piece[:1] in "{\"":
            pieces.append(("text", piece[1:-1]))
        elif piece.isdigit():
            pieces.append(("text", piece))
        elif piece.lower() in macros:
            pieces.append(("text", macros[piece.lower()]))
        else:
            pieces.append(("macro", piece.lower()))
    out: list[str] = []
    for kind, piece in pieces:  # texts run together; a macro stands apart
        if kind == "text" and out and not out[-1].startswith("#macro "):
            out[-1] += piece
        else:
            out.append(piece if kind == "text" else f"#macro {piece}")
    return " # ".join(out)


_NAME_LISTS = frozenset({"author", "editor", "translator", "bookauthor", "editora", "editorb",
                         "editorc", "annotator", "commentator", "introduction", "foreword",
                         "afterword", "holder"})


def _names(text: str) -> list[NameParts]:
    return [parse_single_name_into_parts(name)
            for name in split_multiple_persons_names(" ".join(text.split()))]


def _decoded(parts: NameParts) -> list[list[object]]:
    """A name's parts, each word decoded as a title is (``Stanis{\\l}aw`` is ``Stanisław``;
    ``{Sex}tus`` keeps its protected span, so it is not ``Sextus``)."""
    return [[latex.decode_title(word) for word in words]
            for words in (parts.first, parts.von, parts.last, parts.jr)]


def _same(name: str, original: str, written: str) -> bool:
    if " ".join(original.split()) == " ".join(written.split()):
        return True
    if name in ("archiveprefix", "eprinttype"):  # biblatex reads arXiv and arxiv alike
        return original.strip().lower() == written.strip().lower()
    if name in _NAME_LISTS:
        try:
            before, after = _names(original), _names(written)
            return before == after or (len(before) == len(after) and all(
                _decoded(one) == _decoded(other)
                for one, other in zip(before, after, strict=True)))
        except Exception:
            return False
    try:
        return latex.decode_title(original) == latex.decode_title(written)
    except (latex.LatexError, ValueError):
        return False


def measure(path: Path, dialect: str) -> tuple[str, Counter[str], list[str]]:
    """(outcome, counts, differences) for one file."""
    counts: Counter[str] = Counter()
    raw = path.read_bytes()
    try:
        text = decode(raw, str(path))  # as plbib reads a file (its declared encoding)
        papers = plbib.loads(text, "bibtex", file=str(path))
    except plbib.ValidationFailed as failed:
        first = next(str(p) for p in failed.problems if p.severity is plbib.Severity.ERROR)
        return f"refused: {first[:200]}", counts, []
    except plbib.PlbibError as error:
        return f"refused: {str(error)[:200]}", counts, []
    original = _entries(text)
    with warnings.catch_warnings():  # what biblatex has no place for is counted below
        warnings.simplefilter("ignore", plbib.PlbibWarning)
        again = _entries(plbib.dumps(papers, dialect, ascii_only=text.isascii()))
    counts["entries"] = len(original)
    counts["records"] = len(papers)
    # what the BibLaTeX export leaves out by design (biblatex's data model has no place
    # for it in the entry's type; plbib's own fields): counted apart, as documented
    left_out = {record.key: set(biblatex_left_out(record, papers.venues)) | {
        "affiliation", "code", "link", "aliases", "section"} for record in papers} \
        if dialect == "biblatex" else {}
    differences = []
    made = [key for key in again if key not in original]  # keys plbib gave entries
    # an entry whose key differs from an earlier one's only in case is read under a key of
    # its own (plbib's warning names both)
    renamed = {match.group(1): match.group(2) for match in (_RENAMED.search(str(warning))
                                                         for warning in papers.warnings)
               if match is not None}
    for key, fields in original.items():
        # an entry without a key (``@article{,``) has the key rule's in the re-export
        written_key = renamed.get(key, key) if key or not made else made[0]
        written = again.get(written_key)
        if written is None:
            differences.append(f"{path}: {key}: the entry is not written")
            counts["entries lost"] += 1
            continue
        for name, value in fields.items():
            counts["fields"] += 1
            back = written.get(name)
            if back is None and name == "date" and "year" in written:  # BibTeX's date
                year = written["year"]  # a year as ISO 8601's four digits (``0004``)
                back = (f"{int(year):04d}" if year.isdigit() else year) + (
                    f"-{_MONTHS[written['month']]:02d}" if written.get("month") in _MONTHS
                    else "")
            if back is None and name in ("year", "month") and "date" in written:
                parts = written["date"].split("/")[0].split("-")  # BibLaTeX's date
                if name == "year":
                    back = parts[0]
                elif len(parts) > 1 and value.lower() in _MONTHS:
                    back = value if int(parts[1]) == _MONTHS[value.lower()] else parts[1]
                elif len(parts) > 1:
                    back = str(int(parts[1]))
            if back is None:  # under the other dialect's name for it
                back = next((written[other] for other in _SPELLINGS.get(name, ())
                             if other in written and (other not in fields or _same(
                                 name, value, written[other]))), None)
            if back is not None and _same(name, value, back):
                continue
            if name == "location" and "venue" in written and "address" in fields and \
                    _same(name, value, written["venue"]):
                continue  # ACM's location (the event's place) as biblatex's venue
            if name == "@type" and (value, back) in _TYPE_ALIASES:
                continue
            if name == "type" and back is None and \
                    _KEY_TYPES.get(value.lower()) == written["@type"]:
                continue  # biblatex's @thesis with type = phdthesis as BibTeX's @phdthesis
            if name == "type" and back is not None and GENRE_KEYS.get(value.lower()) == back:
                continue  # a biblatex key (patreqfr) as the words biblatex prints for it
            if back is None and not left_out.get(written_key, set()).isdisjoint(
                    (name, *_SPELLINGS.get(name, ()))):
                counts["fields left out (biblatex's data model)"] += 1
                continue
            counts["fields differing"] += 1
            differences.append(f"{path}: {key}: {name}: {value[:80]!r} -> "
                               f"{(back or '(absent)')[:80]!r}")
    return "read whole", counts, differences


_MONTHS = {"#macro " + name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    start=1)} | {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    start=1)}
#: a biblatex type key -> BibTeX's entry type that says it (biber's aliases: @phdthesis is
#: @thesis with type = phdthesis, @mastersthesis with mathesis, @techreport techreport)
_KEY_TYPES = {"phdthesis": "phdthesis", "mathesis": "mastersthesis",
              "techreport": "techreport"}
#: entry types biber reads as one (its bibtex driver's aliases: biblatex.def)
_TYPE_ALIASES = {("thesis", "phdthesis"), ("thesis", "mastersthesis"),
                 ("report", "techreport"), ("phdthesis", "thesis"),
                 ("mastersthesis", "thesis"), ("techreport", "report"),
                 ("conference", "inproceedings"), ("electronic", "online"), ("www", "online")}
#: a field's names in BibTeX and in BibLaTeX (plbib's reader reads both; a date against
#: the year is compared as its year)
_PAIRS = [("journal", "journaltitle"), ("address", "location"), ("school", "institution"),
          ("annote", "annotation"), ("articleno", "eid"),
          # biblatex's aliases of arXiv's BibTeX fields
          ("archiveprefix", "eprinttype"), ("primaryclass", "eprintclass")]
_SPELLINGS = {first: (second,) for pair in _PAIRS for first, second in (pair, pair[::-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--to", choices=["bibtex", "biblatex"], default="bibtex")
    parser.add_argument("--show", type=int, default=40, help="differences to list")
    args = parser.parse_args()
    total: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    refused = []
    differences: list[str] = []
    for path in _files(args.paths):
        outcome, counts, found = measure(path, args.to)
        total.update(counts)
        outcomes["read whole" if outcome == "read whole" else "refused"] += 1
        if outcome != "read whole":
            refused.append(f"{path}: {outcome}")
        differences += found
    files = sum(outcomes.values())
    print(f"files read whole without --lenient: {outcomes['read whole']} of {files}")
    print(f"entries: {total['entries']:,} (records: {total['records']:,}; not written: "
          f"{total['entries lost']})")
    left_out = total["fields left out (biblatex's data model)"]
    print(f"fields of those entries that come back with the same value ({args.to}): "
          f"{total['fields'] - total['fields differing'] - left_out:,} of "
          f"{total['fields']:,}" + (f"; left out by design (biblatex's data model has no "
                                    f"place for them; plbib's own): {left_out:,}"
                                    if left_out else ""))
    for line in refused:
        print("  " + line)
    for line in differences[:args.show]:
        print("  " + line)
    if len(differences) > args.show:
        print(f"  … and {len(differences) - args.show} more")
    sys.exit(0)


if __name__ == "__main__":
    main()
