"""How many of a Markdown paper list's papers `plbib import` finds, run on demand.

    python scripts/markdown_recall.py LIST.md [LIST.md …]

A paper here is a line with a link to where papers live (arXiv, OpenReview, the ACL
Anthology, a DOI, the ACM DL, USENIX, proceedings sites, IEEE Xplore); it is found when a
record read from the list has that link (a paper listed twice, which plbib reports,
counts once). A found paper is read as its line gives it when
the record's title is in the line, and so are its venue (its short name or an alias) and
its year (four digits, or the two of a tag) where the record has them. That checks the
reading against the line, not against the publisher: a line's own mistakes stay unseen.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import plbib
import plbib.errors

PAPER_LINK = re.compile(
    r"https?://(?:www\.)?(?:arxiv\.org/(?:abs|pdf)/[^\s)]+|openreview\.net/(?:forum|pdf)"
    r"\?id=[^\s)&]+|aclanthology\.org/[^\s)]+|doi\.org/[^\s)]+|dl\.acm\.org/doi/[^\s)]+|"
    r"usenix\.org/[^\s)]+|proceedings\.[a-z.]+/[^\s)]+|ieeexplore\.ieee\.org/"
    r"(?:abstract/)?document/\d+)")


def recall(path: Path) -> tuple[int, int, int]:
    """(paper lines, papers found with their link, of those read as the line gives them)
    in the list at ``path``."""
    text = path.read_text(encoding="utf-8")
    papers = plbib.loads(text, "markdown", lenient=True)
    registry = plbib.load_venues()
    lines = text.splitlines()
    by_link = {record.link: record for record in papers if record.link}
    # a paper listed again (reported, not merged) counts once, at its first line
    repeated = {w.line for w in papers.warnings if isinstance(w, plbib.errors.DuplicateError)
                and w.severity.value == "error"}
    wanted = [(line, match.group(0)) for number, line in enumerate(lines, 1)
              if number not in repeated and (match := PAPER_LINK.search(line))]
    found = as_given = 0
    for line, url in wanted:
        record = next((r for link, r in by_link.items() if url in link or link in url), None)
        if record is None:
            continue
        found += 1
        as_given += _as_given(record, line, registry)
    return len(wanted), found, as_given


def _as_given(record: plbib.Record, line: str, registry: plbib.VenueRegistry) -> bool:
    # the line's text as read: links as their labels ("[Orca](…): A Distributed …")
    flat = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.replace("\\", "")).split())
    flat = flat.replace(" :", ":")  # "[DynaPipe](…) : Optimizing …" reads "DynaPipe: …"
    if " ".join(record.title.text.split()) not in flat:
        return False
    venue = registry.get(record.venue) if record.venue else None
    if venue is not None and not any(name.lower() in flat.lower() for name in (
            venue.short, *venue.aliases, "arxiv", "axriv", "arixv", "corr", "preprint")
            if name):
        return False
    year = record.year
    return year is None or str(year) in flat or re.search(rf"['’ ]{year % 100:02d}\b", flat) \
        is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lists", nargs="+", type=Path)
    for path in parser.parse_args().lists:
        wanted, found, as_given = recall(path)
        share = f"{found / wanted:.1%}" if wanted else "-"
        given = f"{as_given / wanted:.1%}" if wanted else "-"
        print(f"{path.name}: {found} of {wanted} paper lines read with their link ({share}); "
              f"{as_given} with title, venue and year as the line gives them ({given})")


if __name__ == "__main__":
    main()
