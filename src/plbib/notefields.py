"""``key: value`` lines in a free-text note: how fields with no place of their own travel.

Zotero keeps a CSL-JSON ``note`` (and RIS ``N1`` notes) as they are, and its Extra field has
long carried data this way (``Citation Key: …``, ``arXiv: …``). plbib writes the fields
that CSL-JSON and RIS have no variable for as such lines and reads them back, so its own
exports round-trip. Names that are CSL variables are avoided on purpose: citeproc-js turns a
``section: …`` line into the CSL ``section`` variable, which some styles print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from .model import NOTE_LINES, REPEATED

#: canonical field -> its note line's name, as written (declared on the Record's fields)
WRITTEN_NAMES: Mapping[str, str] = NOTE_LINES
_READ_NAMES: Mapping[str, str] = {
    **{name.casefold(): field for field, name in WRITTEN_NAMES.items()},
    # what others write: Better BibTeX's tex.* lines, plain names
    "citation-key": "key", "tex.affiliation": "affiliation", "affiliation": "affiliation",
}
_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z .\-]*?)\s*:\s*(.*?)\s*$")


def _field_of(line: str) -> tuple[str, str] | None:
    match = _LINE.match(line)
    if match is None:
        return None
    field = _READ_NAMES.get(match.group(1).casefold())
    return (field, match.group(2)) if field is not None else None


def write(fields: Iterable[tuple[str, str]], free_text: str | None = None) -> list[str]:
    """Note lines: the free text first (as ``plbib-note: …`` when it would otherwise read
    as a field line), then one ``Name: value`` line per field."""
    lines = []
    if free_text:
        lines.append(free_text if _field_of(free_text) is None and "\n" not in free_text
                     else f"{WRITTEN_NAMES['note']}: {' '.join(free_text.split())}")
    lines.extend(f"{WRITTEN_NAMES[field]}: {value}" for field, value in fields)
    return lines


def read(lines: Sequence[str]) -> tuple[dict[str, object], list[str]]:
    """(fields, other lines) from note lines; a repeated field collects a list."""
    fields: dict[str, object] = {}
    rest: list[str] = []
    for line in lines:
        found = _field_of(line)
        if found is None:
            if line.strip():
                rest.append(line.strip())
            continue
        field, value = found
        if field in REPEATED:
            existing = fields.setdefault(field, [])
            assert isinstance(existing, list)
            existing.append(value)
        elif field == "more_authors":
            fields[field] = value.strip().lower() in ("true", "yes", "1")
        else:
            fields.setdefault(field, value)
    return fields, rest


__all__ = ["REPEATED", "WRITTEN_NAMES", "read", "write"]
