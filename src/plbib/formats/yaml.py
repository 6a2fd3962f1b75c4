"""The canonical YAML: reading with validation, and writing.

The format is documented in docs/format.md. In short::

    sections: [Model, Input, …]        # the list's headings, in order
    venues: venues.yaml                # optional: a venue registry beside this file
    papers:
      - key: yu2022orca
        type: conference-paper
        section: Inference engine
        title: "{Orca}: A Distributed Serving System for Transformer-Based Generative Models"
        authors: ["Yu, Gyeong-In", "Jeong, Joo Seong", …]   # a last "others" = "and others"
        venue: OSDI
        year: 2022
        …

Reading collects *every* problem before it raises, and puts the line on each.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from .. import yamlsource
from ..model import (
    END_WORDS,
    SEASONS,
    STANDARD_REQUIRED,
    YAML_FIELDS,
    Date,
    Name,
    Pages,
    PaperList,
    Record,
    Title,
    Verbatim,
)
from ..validation import records_from_data
from ..values import NAME_FIELDS, NAME_LISTS, Invalid, parse_name
from ..venues import VenueRegistry

# --------------------------------------------------------------------------- reading


def read(text: str, *, file: str | None = None, base_dir: Path | None = None,
         lenient: bool = False, complete: bool = True, venues: VenueRegistry) -> PaperList:
    """The list in canonical YAML; its venues from the registry the file names
    (``venues: path``, relative to ``base_dir``), else from ``venues``. With ``lenient``
    the good records are kept and every problem is in ``warnings``. With ``complete`` false
    (a list still to be completed, as ``plbib import`` makes one from Markdown), a field
    the entry type needs is a warning."""
    with yamlsource.gc_paused():
        lines: dict[int, int] = {}
        data = yamlsource.parse(text, file, lines)
        papers = data.get("papers") if isinstance(data, dict) else None
        record_lines = [lines.get(id(p)) for p in papers] if isinstance(papers, list) else []
        lines.clear()
        locate = yamlsource.RecordLocator(text, record_lines).lines
        return records_from_data(data, file=file, text=text, base_dir=base_dir, venues=venues,
                                 locate=locate, lenient=lenient,
                                 complete=complete)


# --------------------------------------------------------------------------- writing


def format_name(name: Name) -> str | dict[str, str]:
    """The short string form when it reads back to the same name, else the mapping form."""
    if not name.literal and "," not in name.given + name.family + name.particle + name.suffix:
        family = f"{name.particle} {name.family}" if name.particle else name.family
        middle = f"{name.suffix}, " if name.suffix else ""
        text = f"{family}, {middle}{name.given}"
        try:
            if parse_name(text) == name:
                return text
        except Invalid:
            pass
    return {k: getattr(name, k) for k in NAME_FIELDS if getattr(name, k)}


def _names_data(names: Sequence[Name], more: bool) -> list[object]:
    out: list[object] = [format_name(n) for n in names]
    if more:
        out.append("others")
    return out


def record_to_data(record: Record) -> dict[str, Any]:
    """The record as the mapping the canonical YAML writes (absent fields left out)."""
    data: dict[str, Any] = {"key": record.key, "type": record.type.value}
    for name in YAML_FIELDS[2:]:
        value = getattr(record, name)
        if name == "authors":
            if value or record.more_authors:
                data[name] = _names_data(value, record.more_authors)
        elif name in NAME_LISTS:  # editors, translators
            if value:
                data[name] = _names_data(value, False)
        elif isinstance(value, Title):
            if value:  # an imported entry may have no title
                data[name] = value.markup
        elif isinstance(value, Date):
            data[name] = next((word for word, end in END_WORDS.items() if end == value),
                              "open") if value.is_open else str(value)
        elif isinstance(value, Pages):
            data[name] = str(value)
        elif name == "season":
            if value:
                data[name] = SEASONS[value - 1]
        elif value is False:  # a flag (circa, uncertain) not set: left out
            pass
        elif name in ("aliases", "keywords"):
            if value:
                data[name] = list(value)
        elif name == "extra":
            if value:
                data[name] = extra_data(value)
        elif value is not None:
            data[name] = value
    return data


def extra_data(extra: Sequence[Verbatim]) -> dict[str, dict[str, Any]]:
    """Fields kept verbatim as the YAML writes them: by format, then by name, in order
    (a BibTeX name kept twice: a list); a CSL-JSON value as the YAML value it is."""
    out: dict[str, dict[str, Any]] = {}
    for kept in extra:
        fields = out.setdefault(kept.format, {})
        if kept.format == "csljson":
            fields[kept.name] = json.loads(kept.value)
            continue
        before = fields.get(kept.name)
        if before is None:
            fields[kept.name] = kept.value
        else:
            fields[kept.name] = [*before, kept.value] if isinstance(before, list) \
                else [before, kept.value]
    return out


_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """The canonical dumper: multi-line text (the intro) as a literal ``|`` block."""


def _text_block(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_block)

HEADER = "# plbib paper list (canonical YAML; format: docs/format.md)\n"


def write(records: Sequence[Record], *, sections: Sequence[str] | None = None,
          intro: str | None = None) -> str:
    """Canonical YAML for the records; the same records always give the same bytes."""
    if sections is None:
        sections = getattr(records, "sections", None) or []
    if intro is None:
        intro = getattr(records, "intro", None)
    preamble = getattr(records, "preamble", ())
    data: dict[str, Any] = {}
    if intro:
        data["intro"] = intro
    if sections:
        data["sections"] = list(sections)
    required = getattr(records, "required", None)
    if required is not None:
        data["required"] = "standard" if required == STANDARD_REQUIRED else {
            kind.value: [" | ".join(need) for need in needs] for kind, needs in required.items()}
    if preamble:
        data["preamble"] = list(preamble)
    comments = getattr(records, "comments", ())
    if comments:
        data["comments"] = list(comments)
    data["papers"] = [record_to_data(r) for r in records]
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100, indent=2)
    return HEADER + body


__all__ = ["HEADER", "extra_data", "format_name", "read", "record_to_data", "write"]
