"""How many of a Markdown paper list's papers `plbib import` finds, run on demand.

    python scripts/markdown_recall.py LIST.md [LIST.md …]

A paper here is a line with a link to where papers live (arXiv, OpenReview, the ACL
Anthology, a DOI, the ACM DL, USENIX, proceedings sites, IEEE Xplore); it is found when a
record read from the list has that link. This measures finding papers and their links,
not whether each title, venue and year is right (that needs a list checked by hand).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import plbib

PAPER_LINK = re.compile(
    r"https?://(?:www\.)?(?:arxiv\.org/(?:abs|pdf)/[^\s)]+|openreview\.net/(?:forum|pdf)"
    r"\?id=[^\s)&]+|aclanthology\.org/[^\s)]+|doi\.org/[^\s)]+|dl\.acm\.org/doi/[^\s)]+|"
    r"usenix\.org/[^\s)]+|proceedings\.[a-z.]+/[^\s)]+|ieeexplore\.ieee\.org/"
    r"(?:abstract/)?document/\d+)")


def recall(path: Path) -> tuple[int, int]:
    """(paper lines, papers found with their link) in the list at ``path``."""
    text = path.read_text(encoding="utf-8")
    links = {record.link for record in plbib.loads(text, "markdown", lenient=True)
             if record.link}
    wanted = [match.group(0) for line in text.splitlines()
              if (match := PAPER_LINK.search(line))]
    found = sum(1 for url in wanted if any(url in link or link in url for link in links))
    return len(wanted), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lists", nargs="+", type=Path)
    for path in parser.parse_args().lists:
        wanted, found = recall(path)
        share = f"{found / wanted:.1%}" if wanted else "-"
        print(f"{path.name}: {found} of {wanted} paper lines read with their link ({share})")


if __name__ == "__main__":
    main()
