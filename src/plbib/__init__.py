"""plbib: a curated research-paper list kept as canonical bibliographic records.

    >>> import plbib
    >>> papers = plbib.load()              # the bundled list
    >>> papers.by_key("yu2022orca").title.text
    'Orca: A Distributed Serving System for Transformer-Based Generative Models'

Every format converts to and from the records in :mod:`plbib.model`.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import formats
from .canonical import check as check_yaml
from .canonical import load
from .errors import FormatError, PlbibError, PlbibWarning, Severity, ValidationFailed
from .fileio import write_atomic
from .model import Date, EntryType, Name, Pages, PaperList, Record, Span, Title, Verbatim
from .query import select
from .resources import load_venues
from .venues import Venue, VenueKind, VenueRegistry

__version__ = "0.1.0"


def loads(text: str, format: str = "yaml", *, file: str | None = None,
          **options: object) -> PaperList:
    """Records from text in a format (``yaml``, ``bibtex``, …). Reader options such as
    ``lenient=True`` or ``drop_dblp=True`` are passed to the format (one it does not have
    is a :class:`~plbib.errors.FormatError`); venues are recognised from ``venues=``,
    default the bundled registry."""
    fmt = formats.get(format)
    return fmt.read(text, file=file, **_reader_options(fmt, options))


def read(path: str | os.PathLike[str] | None = None, format: str | None = None,
         *, encoding: str | None = None, **options: object) -> PaperList:
    """Records from a file, its format from ``format`` or the file's extension; with no
    path, the bundled list. The file is read in ``encoding`` where given, else in the one
    it declares (JabRef's ``% Encoding: Cp1252``), else as UTF-8."""
    if path is None:
        return load()
    fmt = formats.from_path(path, format)
    _utf8_yaml(fmt, encoding)
    if fmt.name == "yaml" and not options:
        return load(path)
    from . import yamlsource

    if fmt.name == "yaml":
        options = {"base_dir": Path(path).parent, **options}
    return fmt.read(yamlsource.read_text(path, encoding=encoding), file=os.fspath(path),
                    **_reader_options(fmt, options))


def _utf8_yaml(fmt: formats.Format, encoding: str | None) -> None:
    if fmt.name == "yaml" and encoding is not None:
        raise FormatError("a canonical YAML list is always UTF-8", field="--encoding",
                          hint="leave out the encoding; convert the file to UTF-8 if it is "
                               "in another")


def check(path: str | os.PathLike[str] | None = None, format: str | None = None,
          *, encoding: str | None = None) -> list[PlbibError]:
    """Every problem in a list (errors and warnings), an empty list if none.

    Canonical YAML gets every check of :func:`plbib.canonical.check`; another format is read
    leniently, so that each bad entry is reported and reading goes on past it.
    """
    known = {ext for fmt in formats.FORMATS.values() for ext in fmt.extensions}
    if path is None or (format is None and Path(path).suffix.lower() not in known) or \
            formats.from_path(path, format).name == "yaml":
        if path is not None:
            _utf8_yaml(formats.get("yaml"), encoding)
        return check_yaml(path)  # canonical YAML unless the name or --from says otherwise
    try:
        return list(read(path, format, encoding=encoding, lenient=True).warnings)
    except ValidationFailed as failed:
        return list(failed.problems)
    except PlbibError as error:
        return [error]


def dumps(records: Sequence[Record], format: str = "yaml", **options: object) -> str:
    """The records as text in a format; deterministic. Writer options (``ascii_only=False``
    for BibTeX, ``sections=…`` for YAML) are passed to the format (one it does not have is
    a :class:`~plbib.errors.FormatError`); venues are named from ``venues=``, else the
    registry a PaperList carries, else the bundled one. What the format has no place for
    (a field kept as another format wrote it, a BibTeX file's ``@preamble``: see
    docs/formats.md) is a :class:`~plbib.errors.PlbibWarning`, once per record."""
    fmt = formats.get(format)
    _warn_unwritten(fmt, records)
    return fmt.write(records, **_writer_options(fmt, records, options))


def _warn_unwritten(fmt: formats.Format, records: Sequence[Record]) -> None:
    for problem in fmt.unwritten(records):
        # stacklevel 3: the warning names the caller of dumps/dump
        warnings.warn(PlbibWarning(problem), stacklevel=3)


def format_bibliography(records: Sequence[Record], style: str | os.PathLike[str] = "ieee",
                        output: str = "text", locale: str | None = None) -> list[str]:
    """The records' bibliography entries in a CSL style (a name such as ``ieee``, ``apa``,
    ``plbib-list``, or a .csl path), in the style's order, as citeproc-js prints them;
    ``output`` is ``text``, ``html`` or ``markdown``. See :mod:`plbib.cite`."""
    from .cite import format_bibliography as formatted

    return formatted(records, style, output, locale)


def format_bst(records: Sequence[Record], style: str | os.PathLike[str],
               output: str = "text") -> list[str]:
    """The records' references as a BibTeX style prints them (a name TeX's ``kpsewhich``
    finds, such as ``IEEEtran``, or a .bst path), in the style's order; ``output`` is
    ``text``, ``html`` or ``markdown``. The style's warnings come with
    :func:`plbib.bst.references`."""
    from .bst import references

    venues = getattr(records, "venues", None) or load_venues()
    entries, _ = references(records, style, venues=venues, output=output)
    return [entry.text for entry in entries]


def dump(records: Sequence[Record], path: str | os.PathLike[str],
         format: str | None = None, **options: object) -> None:
    """Write the records to a file atomically, the format from ``format`` or the extension
    (warnings as :func:`dumps`)."""
    fmt = formats.from_path(Path(path), format)
    _warn_unwritten(fmt, records)
    write_atomic(path, fmt.write(records, **_writer_options(fmt, records, options)))


def _reader_options(fmt: formats.Format, options: dict[str, object]) -> dict[str, object]:
    """``options``, with the bundled venue registry where the reader needs one and none
    was given (here, at the API, not inside the format module)."""
    if "venues" in fmt.read_options() and options.get("venues") is None:
        return {**options, "venues": load_venues()}
    return options


def _writer_options(fmt: formats.Format, records: Sequence[Record],
                    options: dict[str, object]) -> dict[str, object]:
    """``options``, with a venue registry where the writer needs one and none was given:
    the PaperList's, else the bundled one."""
    if "venues" in fmt.write_options() and options.get("venues") is None:
        return {**options, "venues": getattr(records, "venues", None) or load_venues()}
    return options


__all__ = [
    "Date", "EntryType", "Name", "Pages", "PaperList", "PlbibError", "PlbibWarning", "Record",
    "Severity", "Span",
    "Title", "ValidationFailed", "Venue", "VenueKind", "VenueRegistry", "Verbatim", "check",
    "dump",
    "dumps", "format_bibliography", "format_bst", "load", "load_venues", "loads", "read", "select",
]
