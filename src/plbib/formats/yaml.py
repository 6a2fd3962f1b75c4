"""The canonical YAML as a format like the others (reading validates; see plbib.store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .. import store
from ..model import PaperList, Record


def read(text: str, *, file: str | None = None, base_dir: Path | None = None,
         **_: object) -> PaperList:
    return store.loads(text, file=file, base_dir=base_dir)


def write(records: Sequence[Record], *, sections: Sequence[str] | None = None,
          intro: str | None = None, **_: object) -> str:
    return store.dumps(records, sections=sections, intro=intro)
