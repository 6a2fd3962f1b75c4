"""The bundled list against ../shared/reference (publisher/DBLP metadata, each field sourced).

final-list-order.yaml gives the list's final version in its own order (85 papers, 8
sections) and names, for each entry, the reference record that describes it: seed-papers.yaml
for the first version's 14 papers, upstream-papers.yaml for the other 71.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

import plbib
from plbib.formats.markdown import link_of

SECTIONS = ["Model", "Input", "Training algorithm", "Inference engine", "Training Engine",
            "Compiler", "Hardware", "Search Engine"]

#: The reference quotes publishers as each source prints them; the list uses one spelling.
PUBLISHER_FORMS = {
    "Association for Computing Machinery (ACM)": "ACM",
    "Association for Computing Machinery (ACM), New York, NY, USA": "ACM",
}
#: One spelling of the same place per proceedings volume (NeurIPS 2020 and 2021).
PLACE_FORMS = {"virtual (online)": "virtual"}
#: Where the list's link points at another paper, the record links the right one instead.
LINK_REPLACED = {
    # OpenReview j8IiQUM33s is "Task-Customized Masked Autoencoder via Mixture of
    # Cluster-Conditional Experts"; the paper's own forum is w1hwFUb_81.
    "upstream-papers.yaml id 77": "https://openreview.net/forum?id=w1hwFUb_81",
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

Pair = tuple[str, dict[str, Any], plbib.Record]


@pytest.fixture(scope="module")
def pairs(reference_dir: Path) -> list[Pair]:
    """(reference id, reference record, bundled record), in the final list's order."""
    order = yaml.safe_load((reference_dir / "final-list-order.yaml").read_text("utf-8"))
    by_file = {
        name: {p["id"]: p for p in yaml.safe_load((reference_dir / name).read_text("utf-8"))}
        for name in ("seed-papers.yaml", "upstream-papers.yaml")
    }
    assert [len(v) for v in by_file.values()] == [14, 71]
    papers = plbib.load()
    assert len(papers) == len(order) == 85
    result = []
    for entry, record in zip(order, papers, strict=True):
        name, _, number = entry["record"].partition(" id ")
        ref = by_file[name][int(number)]
        assert (ref["section"], ref["tag"]) == (entry["section"], entry["tag"])
        result.append((entry["record"], ref, record))
    return result


def test_the_list_has_the_final_version_s_order_and_sections(pairs: list[Pair]) -> None:
    papers = plbib.load()
    assert list(papers.sections) == SECTIONS
    assert [r.section for _, _, r in pairs] == [ref["section"] for _, ref, _ in pairs]
    # every reference record is used once
    assert len({ident for ident, _, _ in pairs}) == 85
    assert len({r.key for _, _, r in pairs}) == 85


def test_titles_authors_venues_years_dois(pairs: list[Pair]) -> None:
    registry = plbib.load_venues()
    for ident, ref, record in pairs:
        assert record.title.text == ref["title"], ident
        assert [(n.given, n.family) for n in record.authors] == [
            (a["given"], a["family"]) for a in ref["authors"]], ident
        assert len(record.authors) == ref["author_count"] and not record.more_authors
        assert record.year == ref["year"], ident
        assert record.doi == ref["doi"], ident
        venue = registry.get(record.venue or "")
        assert venue is not None and venue.list_tag(record.year) == ref["tag"], ident
        assert record.venue in ref["venue_short"], ident
        assert record.container_title is not None
        assert record.container_title.text == ref["venue_full"], ident


def test_findings_and_journal_papers_are_what_the_publisher_says(pairs: list[Pair]) -> None:
    by_id = {ident: record for ident, _, record in pairs}
    for ident in ("upstream-papers.yaml id 38", "upstream-papers.yaml id 111"):
        assert by_id[ident].venue == "Findings of ACL"  # tagged ACL'21 by the list
    odsearch = by_id["upstream-papers.yaml id 148"]
    assert odsearch.type is plbib.EntryType.JOURNAL_ARTICLE and odsearch.venue == "IMWUT"
    assert (odsearch.volume, odsearch.issue) == ("6", "4")
    for _, ref, record in pairs:
        journal = ref.get("entry_type") == "journal article" or "IMWUT" in ref["venue_short"]
        assert (record.type is plbib.EntryType.JOURNAL_ARTICLE) == journal


def _volume_of(ref: dict[str, Any]) -> str | None:
    return str(ref["volume"]) if ref["volume"] is not None else None


def test_other_verified_fields(pairs: list[Pair]) -> None:
    for ident, ref, record in pairs:
        assert (str(record.pages) if record.pages else None) == (
            ref["pages"].split(" ")[0] if ref["pages"] else None), ident
        volume = _volume_of(ref)
        if volume and volume.endswith("(proceedings volume)"):
            # a proceedings volume is part of the proceedings' title, not a journal volume
            assert record.volume is None and record.container_title is not None
            assert f"Volume {volume.split()[0]}" in record.container_title.text
        else:
            assert record.volume == volume, ident
        assert record.issue == (str(ref["issue/number"]) if ref["issue/number"] else None)
        assert record.number is None  # no article number was verified for any paper
        assert record.publisher == PUBLISHER_FORMS.get(ref["publisher"], ref["publisher"])
        assert record.arxiv == ref.get("arxiv"), ident
        assert record.isbn == ref.get("isbn"), ident
        place = ref["place"]
        assert record.event_place == PLACE_FORMS.get(place, place), ident


def test_months(pairs: list[Pair]) -> None:
    """A conference paper's month is when the conference began; a journal article's is its
    issue's. Neither is filled in when the reference did not confirm it."""
    for ident, ref, record in pairs:
        if record.type is plbib.EntryType.JOURNAL_ARTICLE:
            issue = re.search(r"issue is (\w+) \d{4}", ref.get("publication_date") or "")
            assert record.month == (MONTHS.index(issue.group(1)) + 1 if issue else None), ident
            continue
        dates = ref.get("dates")
        if not dates or "dates" in ref["unverified"]:
            assert record.month is None, ident
        else:
            assert record.month == MONTHS.index(dates.split()[0]) + 1, ident


def test_links_and_landing_pages(pairs: list[Pair]) -> None:
    for ident, ref, record in pairs:
        assert link_of(record) == LINK_REPLACED.get(ident, ref["url_in_list"]), ident
        canonical = ref["canonical_url"]
        if canonical.startswith("https://doi.org/"):
            assert record.url is None and canonical.endswith(record.doi or "-"), ident
        else:
            assert record.url == canonical, ident


def _initial_and_family(text: str) -> tuple[str, str]:
    """'N. D. E. Jerger' and 'Natalie D. Enright Jerger' are one editor: the reference
    quotes the same volume's editors from different sources, some with initials only."""
    words = text.split()
    return words[0][0], words[-1]


def test_editors(pairs: list[Pair]) -> None:
    by_volume: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for ident, ref, record in pairs:
        editors = [f"{n.given} {n.family}" for n in record.editors]
        expected = [e.replace("  ", " ") for e in ref.get("editors", [])]
        assert [_initial_and_family(e) for e in editors] == [
            _initial_and_family(e) for e in expected], ident
        # the fullest spelling the reference gives for a volume is used for all its papers
        assert sum(map(len, editors)) >= sum(map(len, expected)), ident
        if record.container_title is not None and editors:
            volume = re.sub(r", Volume \d", "", record.container_title.text)
            by_volume[volume].add(tuple(editors))
    assert all(len(spellings) == 1 for spellings in by_volume.values()), by_volume


def test_titles_the_list_used_are_kept_as_aliases(pairs: list[Pair]) -> None:
    for ident, ref, record in pairs:
        if ref["title_in_list"] != ref["title"]:
            assert ref["title_in_list"] in record.aliases, ident
        for alias in record.aliases:
            # an alias is the list's wording or a title variant the reference names
            assert alias == ref["title_in_list"] or any(
                variant.startswith(alias) for variant in ref.get("title_variants", [])
            ), (ident, alias)


def test_affiliations_follow_the_reference_or_the_list(pairs: list[Pair]) -> None:
    for ident, ref, record in pairs:
        verified = ref["first_author_affiliation"]
        if verified is None or "first_author_affiliation" in ref["unverified"]:
            # never guessed: the list's own wording stays
            assert record.affiliation == ref["first_author_affiliation_in_list"], ident
        else:
            assert record.affiliation is not None and record.affiliation in verified, ident
    by_key = {r.key: r for _, _, r in pairs}
    assert by_key["zhou2023mpress"].affiliation == "USTC"  # the list's typo UCST, fixed
    # the list named the team, not the first author's institution
    assert by_key["jaszczur2021sparse"].affiliation == "University of Warsaw"
    assert by_key["anil2022exploring"].affiliation == "University of Toronto"


def test_unverified_fields_stay_empty(pairs: list[Pair]) -> None:
    fields = {"article_number": "number", "place": "event_place", "pages": "pages",
              "doi": "doi", "volume": "volume", "arxiv": "arxiv"}
    checked = 0
    for ident, ref, record in pairs:
        for name in ref["unverified"]:
            if name in fields:
                assert getattr(record, fields[name]) is None, (ident, name)
                checked += 1
    assert checked >= 40  # the rule is exercised, not vacuous
