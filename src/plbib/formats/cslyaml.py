"""CSL-YAML: the CSL-JSON items as YAML under ``references:`` (pandoc's bibliography form).

The items are exactly the CSL-JSON writer's; reading parses YAML with plbib's strict loader
(no aliases, no duplicate keys) and goes on as the CSL-JSON reader does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from .. import yamlsource
from ..model import PaperList, Record
from ..venues import VenueRegistry
from . import csljson

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write(records: Sequence[Record], *, venues: VenueRegistry | None = None) -> str:
    """The records as CSL-YAML (``references:``); deterministic."""
    body = yaml.dump({"references": csljson.items(records, venues)}, Dumper=_Dumper,
                     sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100, indent=2)
    return "---\n" + body + "...\n"


def read(text: str, *, file: str | None = None, lenient: bool = False,
         venues: VenueRegistry) -> PaperList:
    def parse(source: str) -> Any:
        return yamlsource.parse(source, file)

    return csljson.read(text, file=file, lenient=lenient, venues=venues, _parse_text=parse)


__all__ = ["read", "write"]
