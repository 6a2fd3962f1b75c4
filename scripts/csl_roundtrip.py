"""CSL-JSON → plbib → CSL-JSON over the input items of the CSL processor test suite, and
over CSL-JSON and CSL-YAML files.

    python scripts/csl_roundtrip.py SUITE_DIR
    python scripts/csl_roundtrip.py PATH [PATH ...]   # .json, .yml/.yaml files or folders

SUITE_DIR is the suite's ``processor-tests/humans`` folder (citation-style-language/
test-suite, fetched for measurement; never copied into the project): each ``.txt``
fixture's ``INPUT`` items. A ``.json`` file is CSL-JSON, a ``.yml``/``.yaml`` file CSL-YAML
(Better BibTeX's CSL exports are measured so, docs/formats.md), each written back in its
own format. For each: are its items read without ``--lenient`` (through ``plbib.loads``,
the public API), and does every variable of every item come back with the same value
(every name part, date part and rich-text mark)? Prints the figures, the inputs refused
with the reason, and the variables that differ.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_INPUT = re.compile(r">>=+ INPUT =+>>\n(.*?)\n<<=+ INPUT =+<<", re.S)


@dataclass
class Result:
    fixtures: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    items: int = 0
    same: int = 0
    #: variable -> how many items it differs in
    differing: Counter[str] = field(default_factory=Counter)


def _inputs(paths: list[Path]) -> Iterator[tuple[str, str, str]]:
    """(name, format, text) of every input: a suite fixture's items, a CSL-JSON or CSL-YAML
    file."""
    for path in paths:
        if path.is_dir():
            # its own files (the suite's off-spec/ and experiments/ folders are not in it)
            yield from _inputs(sorted(p for p in path.glob("*")
                                      if p.suffix in (".txt", ".json", ".yml", ".yaml")))
        elif path.suffix == ".txt":
            found = _INPUT.search(path.read_text(encoding="utf-8"))
            if found is not None:
                yield path.stem, "csljson", found.group(1)
        else:
            yield (path.name, "csljson" if path.suffix == ".json" else "cslyaml",
                   path.read_text(encoding="utf-8"))


def _items(text: str, fmt: str) -> list[dict[str, Any]]:
    if fmt == "csljson":
        data = json.loads(text)
    else:
        import yaml

        data = yaml.safe_load(text)
        data = data.get("references", data) if isinstance(data, dict) else data
    return data if isinstance(data, list) else [data]


def measure(*paths: Path) -> Result:
    import warnings

    import plbib

    result = Result()
    for name, fmt, text in _inputs(list(paths)):
        result.fixtures += 1
        try:
            papers = plbib.loads(text, fmt)
        except plbib.PlbibError as error:
            errors = [str(p) for p in getattr(error, "problems", [error])
                      if p.severity is plbib.Severity.ERROR]
            result.refused.append((name, (errors or [str(error)])[0]))
            continue
        with warnings.catch_warnings():  # a BibTeX file's fields: what is measured
            warnings.simplefilter("ignore", plbib.PlbibWarning)
            written = _items(plbib.dumps(papers, fmt), fmt)
        for original, back in zip(_items(text, fmt), written, strict=True):
            result.items += 1
            differing = [name for name in original if back.get(name) != original[name]]
            result.same += not differing
            result.differing.update(differing)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", type=Path, nargs="+",
                        help="the suite's processor-tests/humans folder, or CSL files")
    args = parser.parse_args()
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        sys.exit(f"not found: {', '.join(missing)}")
    result = measure(*args.paths)
    read = result.fixtures - len(result.refused)
    print(f"inputs (fixtures, files) read without --lenient: {read} of {result.fixtures}")
    print(f"items whose every variable comes back with the same JSON value: {result.same} of "
          f"{result.items}")
    for name, reason in result.refused:
        print(f"refused: {name}: {reason}")
    for variable, count in result.differing.most_common():
        print(f"differs: {variable} in {count} item(s)")


if __name__ == "__main__":
    main()
