"""RIS → plbib → RIS over other people's RIS files: is every record read without
``--lenient``, and does every tag of every record come back with the same values?

    python scripts/ris_roundtrip.py PATH [PATH ...]

A PATH is a ``.ris`` file, a folder (its ``.ris`` files, recursively), or a Zotero
translator (``.js``: the RIS inputs of its import test cases, as Zotero's RIS.js holds
exporters' records). Sources measured in docs/formats.md: Zotero's translators (RIS.js),
rispy's and JabRef's test files, each fetched for measurement and never copied into the
project.

The judge is rispy (not plbib's reader): both texts are split by its parser, every tag a
list of its values, after a line without a tag is joined to the value before it and the
one-space ``XX - value`` is read as ``XX  - value`` (as Zotero's RIS import reads both); a
tag comes back when its values are the same, in order, once white space is collapsed.
Reports files read whole (and why the others are refused), records, tags, and every tag
that does not come back.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rispy import TAG_KEY_MAPPING, RisParser  # type: ignore[import-untyped]

_TEST_CASES = re.compile(r"/\*\* BEGIN TEST CASES \*\*/\s*var testCases\s*=\s*(.*?);?\s*"
                         r"/\*\* END TEST CASES \*\*/", re.S)
_RIS_START = re.compile(r"\s*TY {1,2}- ")
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$")


class _Judge(RisParser):  # type: ignore[misc]
    """rispy's parser with every tag under its own name, each a list of its values."""

    def __init__(self) -> None:
        tags = list(TAG_KEY_MAPPING)
        super().__init__(mapping={tag: tag for tag in tags}, list_tags=tags)

    def parse(self, text: str) -> list[dict[str, list[str]]]:
        lines: list[str] = []
        for line in text.removeprefix("\ufeff").splitlines():
            tagged = _TAG_LINE.match(line.rstrip())
            if tagged:
                lines.append(f"{tagged.group(1)}  - {tagged.group(2) or ''}")
            elif line.strip() and lines and lines[-1].strip():
                lines[-1] += " " + line.strip()  # a continuation: the value goes on
            else:
                lines.append(line)
        out = []
        for record in super().parse("\n".join(lines)):
            tags: dict[str, list[str]] = {}
            for tag, values in {**record.pop("unknown_tag", {}), **record}.items():
                values = values if isinstance(values, list) else [values]
                kept = [" ".join(str(v).split()) for v in values if str(v).strip()]
                if kept:
                    tags[tag] = kept
            out.append(tags)
        return out


@dataclass
class Result:
    sources: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    records: int = 0
    same: int = 0
    tags: int = 0
    differences: list[str] = field(default_factory=list)
    #: tag -> how many records it differs in
    differing: Counter[str] = field(default_factory=Counter)


def sources(paths: list[Path]) -> Iterator[tuple[str, str]]:
    """(name, RIS text) of every input the paths hold."""
    for path in paths:
        if path.is_dir():
            yield from sources(sorted(path.rglob("*.ris")))
        elif path.suffix == ".js":
            found = _TEST_CASES.search(path.read_text(encoding="utf-8"))
            cases = json.loads(found.group(1)) if found else []
            for number, case in enumerate(cases, 1):
                text = case.get("input")
                if case.get("type") == "import" and isinstance(text, str) and \
                        _RIS_START.match(text):
                    yield f"{path}#{number}", text
        else:
            yield str(path), path.read_bytes().decode("utf-8-sig", errors="replace")


def measure(paths: list[Path]) -> Result:
    import plbib

    judge = _Judge()
    result = Result()
    for name, text in sources(paths):
        result.sources += 1
        try:
            papers = plbib.loads(text, "ris", file=name)
        except plbib.PlbibError as error:
            errors = [str(p) for p in getattr(error, "problems", [error])
                      if p.severity is plbib.Severity.ERROR]
            result.refused.append((name, (errors or [str(error)])[0][:200]))
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", plbib.PlbibWarning)
            written = plbib.dumps(papers, "ris")
        before, after = judge.parse(text), judge.parse(written)
        if len(before) != len(after):
            result.differences.append(f"{name}: {len(before)} records, {len(after)} written")
        # (fewer records written: reported above, the ones there compared)
        for number, (original, back) in enumerate(zip(before, after, strict=False), 1):
            result.records += 1
            result.tags += len(original)
            differing = [tag for tag, values in original.items() if back.get(tag) != values]
            result.same += not differing
            result.differing.update(differing)
            result.differences += [f"{name}: record {number}: {tag}: {original[tag]!r} -> "
                                   f"{back.get(tag, '(absent)')!r}" for tag in differing]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", type=Path, nargs="+")
    args = parser.parse_args()
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        sys.exit(f"not found: {', '.join(missing)}")
    result = measure(args.paths)
    read = result.sources - len(result.refused)
    print(f"sources read without --lenient: {read} of {result.sources}")
    print(f"records whose every tag comes back with the same values: {result.same} of "
          f"{result.records} ({result.tags} tags)")
    for name, reason in result.refused:
        print(f"refused: {name}: {reason}")
    for tag, count in result.differing.most_common():
        print(f"differs: {tag} in {count} record(s)")
    for line in result.differences:
        print(line)


if __name__ == "__main__":
    main()
