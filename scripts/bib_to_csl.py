"""BibLaTeX → CSL-JSON, measured against the established converters: each .bib file is
converted by plbib, by citation-js (its BibTeX plugin, through node) and by pandoc (where
installed), and every CSL variable either converter gives an entry is looked for in
plbib's item.

    python scripts/bib_to_csl.py PATH [PATH ...] [--list]    # .bib files
    python scripts/bib_to_csl.py $(kpsewhich biblatex-examples.bib)

A variable is *mapped* when plbib gives it with the value of one of the two (where they
disagree, as on ``maintitle``, either is a mapping an established converter makes); values
are compared as a reader sees them: markup (``<span class="nocase">``, ``<i>``), case and
``'`` against ``’`` (both print ``’``) left aside, white space collapsed, a literal list
(publishers, places) as its items whichever way it is joined (``A and B``, ``A; B``,
``["A", "B"]``), names by their parts, dates by their date parts, season (pandoc writes
it as a month, 21–24) and circa. *different*: plbib gives the variable with another value;
*missing*: plbib does not give it. Variables plbib gives
that neither converter does are counted apart (``extra``). ``id`` and ``citation-key`` are
the entry's key in all three.
An entry citation-js cannot read (it refuses ``\\enquote*``) is reported, and judged by
pandoc alone.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bibtexparser.entrypoint import parse_string

import plbib
from plbib.yamlsource import decode

ROOT = Path(__file__).resolve().parents[1]
#: variables that are the entry's key in every converter
_KEYS = frozenset({"id", "citation-key"})
#: a variable under another name in plbib's items: the CSL specification's part-number is
#: the CSL-JSON schema's part
_SPELT = {"part-number": "part"}
#: literal lists: biblatex's lists of publishers, places, languages
_LISTS = frozenset({"publisher", "publisher-place", "original-publisher",
                    "original-publisher-place", "event-place", "language"})


def plbib_items(text: str, file: str) -> dict[str, dict[str, Any]]:
    papers = plbib.loads(text, "bibtex", file=file)
    with warnings.catch_warnings():  # the fields CSL has no place for: what is measured
        warnings.simplefilter("ignore", plbib.PlbibWarning)
        written = plbib.dumps(papers, "csljson")
    return {item["id"]: item for item in json.loads(written)}


def citation_js_items(text: str) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str]]]:
    library = parse_string(text)
    job = {"preamble": "\n".join(block.raw for block in library.strings),
           "entries": [[entry.key, entry.raw] for entry in library.entries]}
    done = subprocess.run(["node", str(ROOT / "tests" / "js" / "bibtex.js")],
                          input=json.dumps(job), capture_output=True, text=True, check=True,
                          cwd=ROOT)
    out = json.loads(done.stdout)
    return {item["id"]: item for item in out["items"]}, [tuple(e) for e in out["errors"]]


def pandoc_items(path: Path) -> dict[str, dict[str, Any]]:
    done = subprocess.run(["pandoc", "-f", "biblatex", "-t", "csljson", str(path)],
                          capture_output=True, text=True, check=True)
    return {item["id"]: item for item in json.loads(done.stdout)}


_TAG = re.compile(r"<[^>]+>")


def _text(value: object) -> str:
    # an apostrophe as typed or as printed (citeproc-js prints ' as ’, TeX likewise)
    return " ".join(html.unescape(_TAG.sub("", str(value))).split()).casefold().replace(
        "\u2019", "'")


def normalised(variable: str, value: Any) -> object:
    """A variable's value as a reader sees it (module docstring)."""
    if isinstance(value, list) and value and isinstance(value[0], dict):  # names
        return tuple((_text(name.get("family", name.get("literal", ""))),
                      _text(name.get("given", ""))) for name in value)
    if isinstance(value, dict):  # a date: its parts, season and circa
        if "date-parts" in value:
            # an open end: CSL's [0] (pandoc), or null (citation-js)
            parts = [[int(part or 0) for part in (date or [0])] for date in value["date-parts"]]
            season = value.get("season")
            if parts and len(parts[0]) == 2 and parts[0][1] > 12:
                # a season in the parts: pandoc's 21–24, citeproc-js's 13–16
                season = parts[0][1] - 12 if parts[0][1] <= 16 else parts[0][1] - 20
                parts[0] = parts[0][:1]
            return (tuple(tuple(date) for date in parts), int(season) if season else None,
                    bool(value.get("circa")))
        return _text(value.get("literal", value.get("raw", "")))
    if variable in _LISTS:
        items: Iterable[object] = value if isinstance(value, list) else re.split(
            r"\s*;\s*|\s+and\s+", str(value))
        return tuple(_text(item) for item in items)
    if isinstance(value, list):
        return tuple(_text(item) for item in value)
    return _text(value)


def compare(ours: dict[str, dict[str, Any]], *theirs: dict[str, dict[str, Any]]
            ) -> tuple[Counter[tuple[str, str]], list[str]]:
    """Counts of (variable, verdict) and a line for each variable not mapped."""
    counts: Counter[tuple[str, str]] = Counter()
    lines = []
    for key in sorted(set().union(*theirs)):
        item = ours.get(key, {})
        given = [converter.get(key, {}) for converter in theirs]
        for variable in sorted(set().union(*given) - _KEYS):
            values = [converter[variable] for converter in given if variable in converter]
            if variable not in item and _SPELT.get(variable) in item:
                item = {**item, variable: item[_SPELT[variable]]}
            if variable not in item:
                verdict = "missing"
            elif any(normalised(variable, item[variable]) == normalised(variable, value)
                     for value in values):
                verdict = "mapped"
            else:
                verdict = "different"
            counts[variable, verdict] += 1
            if verdict != "mapped":
                lines.append(f"{key}: {variable}: {verdict}: plbib "
                             f"{json.dumps(item.get(variable), ensure_ascii=False)[:100]}; "
                             + "; ".join(json.dumps(value, ensure_ascii=False)[:100]
                                         for value in values))
        for variable in sorted(set(item) - set().union(*given) - _KEYS - set(_SPELT)
                               - set(_SPELT.values())):
            counts[variable, "extra"] += 1
    return counts, lines


def measure(path: Path) -> tuple[Counter[tuple[str, str]], list[str], list[tuple[str, str]]]:
    text = decode(path.read_bytes(), str(path))
    ours = plbib_items(text, str(path))
    cjs, refused = citation_js_items(text)
    converters = [cjs]
    if shutil.which("pandoc"):
        converters.append(pandoc_items(path))
    counts, lines = compare(ours, *converters)
    return counts, lines, refused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--list", action="store_true", help="list every variable not mapped")
    args = parser.parse_args(argv)
    total: Counter[tuple[str, str]] = Counter()
    for path in args.paths:
        counts, lines, refused = measure(path)
        total += counts
        for key, message in refused:
            print(f"{path}: {key}: citation-js cannot read it: {message}")
        if args.list:
            print("\n".join(f"{path}: {line}" for line in lines))
    by_variable: dict[str, Counter[str]] = defaultdict(Counter)
    for (variable, verdict), count in total.items():
        by_variable[variable][verdict] += count
    print("| variable | mapped | different | missing | plbib only |\n|---|---|---|---|---|")
    for variable, verdicts in sorted(by_variable.items()):
        print(f"| {variable} | {verdicts['mapped']} | {verdicts['different']} | "
              f"{verdicts['missing']} | {verdicts['extra']} |")
    verdicts = Counter[str]()
    for (_, verdict), count in total.items():
        verdicts[verdict] += count
    given = verdicts["mapped"] + verdicts["different"] + verdicts["missing"]
    print(f"\n{verdicts['mapped']} of {given} variables the converters give mapped the same; "
          f"{verdicts['different']} different, {verdicts['missing']} missing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
