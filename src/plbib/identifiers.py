"""Identifiers and dates: what a valid DOI, arXiv id and ISBN is, their links, and the
forms other tools write them in, read the same way by every reader.

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
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
ARXIV_PATTERN = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


class IdentifierError(ValueError):
    """Not a valid identifier; ``hint`` says how to write one."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def parse_doi(text: str) -> str:
    """A bare DOI (``10.1145/3575693.3575712``), as the canonical data keeps it."""
    if not DOI_PATTERN.match(text):
        hint = "write the bare DOI, e.g. 10.1145/3575693.3575712"
        if "doi.org/" in text:
            hint = "drop the https://doi.org/ prefix: " + text.split("doi.org/", 1)[1]
        raise IdentifierError(f"{text!r} is not a DOI", hint)
    return text


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def parse_arxiv(text: str) -> str:
    """An arXiv id (``2210.17323``, ``hep-th/9901001``, a version allowed), without the
    ``arXiv:`` prefix."""
    text = text.removeprefix("arXiv:").removeprefix("arxiv:")
    if not ARXIV_PATTERN.match(text):
        raise IdentifierError(f"{text!r} is not an arXiv identifier",
                              "write e.g. 2210.17323 (or hep-th/9901001 for old ones)")
    return text


def arxiv_url(arxiv: str) -> str:
    return f"https://arxiv.org/abs/{arxiv}"


def parse_isbn(text: str) -> str:
    """An ISBN-13 or ISBN-10 with a right check digit, as written (hyphens kept)."""
    digits = text.replace("-", "").replace(" ", "").upper()
    valid = False
    if len(digits) == 13 and digits.isdigit():
        valid = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    elif len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        valid = total % 11 == 0
    if not valid:
        raise IdentifierError(f"{text!r} is not a valid ISBN (wrong length or check digit)",
                              "copy the ISBN-13 (or ISBN-10) from the book's copyright page")
    return text
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


__all__ = ["ARXIV_PATTERN", "DOI_PATTERN", "DOI_RESOLVERS", "MONTH_ABBREVIATIONS",
           "IdentifierError", "arxiv_from_doi", "arxiv_url", "bare_doi", "doi_url",
           "is_doi_link", "month_in", "parse_arxiv", "parse_doi", "parse_isbn"]
