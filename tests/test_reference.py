"""The bundled list against ../shared/reference/seed-papers.yaml (publisher/DBLP metadata)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import plbib


@pytest.fixture
def pairs(reference_file: Path) -> list[tuple[dict[str, Any], plbib.Record]]:
    reference = yaml.safe_load(reference_file.read_text(encoding="utf-8"))
    papers = plbib.load()
    assert len(papers) == len(reference) == 14
    return list(zip(sorted(reference, key=lambda p: p["id"]), papers, strict=True))


def test_titles_authors_venues_years_dois(pairs: list[tuple[dict[str, Any], plbib.Record]]
                                          ) -> None:
    registry = plbib.load_venues()
    for ref, record in pairs:
        assert record.title.text == ref["title"]
        assert [(n.given, n.family) for n in record.authors] == [
            (a["given"], a["family"]) for a in ref["authors"]]
        assert len(record.authors) == ref["author_count"] and not record.more_authors
        assert record.year == ref["year"]
        assert record.doi == ref["doi"]
        assert record.section == ref["section"]
        venue = registry.get(record.venue or "")
        assert venue is not None and venue.list_tag(record.year) == ref["tag"]
        assert record.venue in ref["venue_short"]
        assert record.container_title is not None
        assert record.container_title.text == ref["venue_full"]


def test_other_verified_fields(pairs: list[tuple[dict[str, Any], plbib.Record]]) -> None:
    for ref, record in pairs:
        assert (str(record.pages) if record.pages else None) == (
            ref["pages"].split(" ")[0] if ref["pages"] else None)
        assert record.volume == (str(ref["volume"]) if ref["volume"] else None)
        assert record.issue == (str(ref["issue/number"]) if ref["issue/number"] else None)
        assert record.number is None  # no article number was verified for any paper
        assert record.publisher == ref["publisher"]
        assert record.arxiv == ref.get("arxiv")
        assert record.isbn == ref.get("isbn")
        assert record.event_place == ref["place"]
        assert record.link == ref["url_in_list"]
        canonical = ref["canonical_url"]
        if canonical.startswith("https://doi.org/"):
            assert record.url is None and canonical.endswith(record.doi or "-")
        else:
            assert record.url == canonical
        assert [(n.given + " " + n.family).strip() for n in record.editors] == [
            e.replace("  ", " ") for e in ref.get("editors", [])]


def test_titles_the_list_used_are_kept_as_aliases(
        pairs: list[tuple[dict[str, Any], plbib.Record]]) -> None:
    for ref, record in pairs:
        if ref["title_in_list"] != ref["title"]:
            assert ref["title_in_list"] in record.aliases


def test_affiliations_follow_the_reference_or_the_list(
        pairs: list[tuple[dict[str, Any], plbib.Record]]) -> None:
    for ref, record in pairs:
        verified = ref["first_author_affiliation"]
        if verified is None or "first_author_affiliation" in ref["unverified"]:
            # never guessed: the list's own wording stays
            assert record.affiliation == ref["first_author_affiliation_in_list"]
        else:
            assert record.affiliation is not None and record.affiliation in verified
    mpress = next(r for _, r in pairs if r.key == "zhou2023mpress")
    assert mpress.affiliation == "USTC"  # the list's typo UCST, fixed


def test_unverified_fields_stay_empty(pairs: list[tuple[dict[str, Any], plbib.Record]]
                                      ) -> None:
    fields = {"article_number": "number", "place": "event_place", "pages": "pages",
              "doi": "doi", "volume": "volume"}
    for ref, record in pairs:
        for name in ref["unverified"]:
            if name in fields:
                assert getattr(record, fields[name]) is None, (record.key, name)
