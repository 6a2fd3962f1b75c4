"""CSL-JSON → plbib → CSL-JSON over the input items of the CSL processor test suite.

    python scripts/csl_roundtrip.py SUITE_DIR

SUITE_DIR is the suite's ``processor-tests/humans`` folder (citation-style-language/
test-suite, fetched for measurement; never copied into the project). For each fixture's
``INPUT`` items: are they read without ``--lenient`` (through ``plbib.loads``, the public
API), and does every variable of every item come back from ``plbib.dumps(…, "csljson")``
with the same JSON value (every name part, date part and rich-text mark)? Prints the
figures, the fixtures refused with the reason, and the variables that differ.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_INPUT = re.compile(r">>=+ INPUT =+>>\n(.*?)\n<<=+ INPUT =+<<", re.S)


@dataclass
class Result:
    fixtures: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    items: int = 0
    same: int = 0
    #: variable -> how many items it differs in
    differing: Counter[str] = field(default_factory=Counter)


def measure(suite: Path) -> Result:
    import plbib

    result = Result()
    for path in sorted(suite.glob("*.txt")):
        found = _INPUT.search(path.read_text(encoding="utf-8"))
        if found is None:
            continue
        result.fixtures += 1
        text = found.group(1)
        try:
            papers = plbib.loads(text, "csljson")
        except plbib.PlbibError as error:
            errors = [str(p) for p in getattr(error, "problems", [error])
                      if p.severity is plbib.Severity.ERROR]
            result.refused.append((path.stem, (errors or [str(error)])[0]))
            continue
        written = json.loads(plbib.dumps(papers, "csljson"))
        for original, back in zip(json.loads(text), written, strict=True):
            result.items += 1
            differing = [name for name in original if back.get(name) != original[name]]
            result.same += not differing
            result.differing.update(differing)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("suite", type=Path, help="the suite's processor-tests/humans folder")
    args = parser.parse_args()
    if not args.suite.is_dir():
        sys.exit(f"{args.suite} is not a folder")
    result = measure(args.suite)
    read = result.fixtures - len(result.refused)
    print(f"fixtures read without --lenient: {read} of {result.fixtures}")
    print(f"items whose every variable comes back with the same JSON value: {result.same} of "
          f"{result.items}")
    for name, reason in result.refused:
        print(f"refused: {name}: {reason}")
    for variable, count in result.differing.most_common():
        print(f"differs: {variable} in {count} item(s)")


if __name__ == "__main__":
    main()
