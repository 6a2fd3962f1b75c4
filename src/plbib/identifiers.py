"""Identifiers and dates as other tools write them, read the same way by every reader.

DOIs come bare, behind a resolver (``https://doi.org/…``) or as ``doi:…``; arXiv papers
have DataCite DOIs (``10.48550/arXiv.2210.17323``); free-text dates name months
(``25 Feb.-1 March 2023``, ``March 2018``). Format modules (BibTeX, CSL-JSON, RIS) use these
helpers instead of each keeping its own copy.
"""

from __future__ import annotations

import re

DOI_RESOLVERS = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                 "http://dx.doi.org/", "doi:")
#: the three-letter month names, January first (BibTeX's month macros)
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                       "nov", "dec")

_ARXIV_DOI = re.compile(r"(?i)^10\.48550/arxiv\.(.+)$")
_MONTH_IN_TEXT = re.compile(r"(?i)\b(" + "|".join(MONTH_ABBREVIATIONS) + r")")


def bare_doi(text: str) -> str:
    """The DOI without a resolver or ``doi:`` prefix."""
    doi = text.strip()
    if doi[:1] != "1":  # not already bare
        lowered = doi.lower()
        for prefix in DOI_RESOLVERS:
            if lowered.startswith(prefix):
                return doi[len(prefix):]
    return doi


def is_doi_link(url: str, doi: str) -> bool:
    """Is ``url`` just the DOI's resolver link (it says nothing the DOI does not)?"""
    return "doi" in url and url.lower().endswith(doi.lower())


def arxiv_from_doi(doi: str) -> str | None:
    """The arXiv id an arXiv DOI stands for (``10.48550/arXiv.2210.17323``)."""
    match = _ARXIV_DOI.match(doi)
    return match.group(1) if match else None


def month_in(text: str) -> int | None:
    """The first month named in free text (``March 2018`` -> 3), None if there is none."""
    match = _MONTH_IN_TEXT.search(text)
    return MONTH_ABBREVIATIONS.index(match.group(1).lower()) + 1 if match else None


__all__ = ["DOI_RESOLVERS", "MONTH_ABBREVIATIONS", "arxiv_from_doi", "bare_doi",
           "is_doi_link", "month_in"]
