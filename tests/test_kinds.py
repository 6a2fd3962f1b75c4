"""Kinds: a patent, a web page, a dataset are each a misc to the list's rules, and each
format has a type of its own for them (plbib.kinds; docs/formats.md, *Kinds*)."""

from __future__ import annotations

import json

import pytest

import plbib
from plbib import EntryType
from plbib.kinds import CSL_101_TYPES, FROM_BIBLATEX, FROM_RIS, KINDS


def test_every_kind_is_a_csl_type_of_one_entry_type_with_types_that_read_back() -> None:
    """Each kind's biblatex type reads back as a kind of the same entry type (or as none:
    an @article, a @misc), and so does its RIS type; every kind the readers give exists."""
    for name, kind in KINDS.items():
        back = FROM_BIBLATEX.get(kind.biblatex)
        assert back is None or KINDS[back].entry_type is kind.entry_type, name
        back = FROM_RIS.get(kind.ris)
        assert back is None or KINDS[back].entry_type is kind.entry_type, name
    assert set(FROM_BIBLATEX.values()) <= set(KINDS)
    assert set(FROM_RIS.values()) <= set(KINDS)


@pytest.mark.parametrize(("bibtex_type", "kind", "csl", "ris"), [
    ("patent", "patent", "patent", "PAT"),
    ("online", "webpage", "webpage", "ELEC"),
    ("dataset", "dataset", "dataset", "DATA"),
    ("software", "software", "manuscript", "COMP"),  # CSL 1.0.1 has no software
    ("standard", "standard", "report", "STAND"),
    ("inreference", "entry", "entry", "CHAP"),
    ("periodical", "periodical", "manuscript", "JFULL"),
])
@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_a_biblatex_type_of_a_kind_reaches_every_format(bibtex_type: str, kind: str, csl: str,
                                                        ris: str) -> None:
    papers = plbib.loads(f"@{bibtex_type}{{k, title = {{T}}, date = {{2020}}}}\n", "bibtex")
    (record,) = papers
    assert record.kind == kind
    assert record.type is KINDS[kind].entry_type
    (item,) = json.loads(plbib.dumps(papers, "csljson"))
    assert item["type"] == csl
    assert ("plbib-kind: " + kind in item["note"]) is (kind not in CSL_101_TYPES)
    assert f"TY  - {ris}" in plbib.dumps(papers, "ris")
    # the file's own type comes back in BibTeX and BibLaTeX alike
    for biblatex in (False, True):
        assert plbib.dumps(papers, "bibtex", biblatex=biblatex).count(f"@{bibtex_type}{{k,") == 1
    # and every format reads its kind back
    for fmt in ("csljson", "ris", "bibtex", "biblatex", "yaml"):
        (again,) = plbib.loads(plbib.dumps(papers, fmt), fmt.replace("biblatex", "bibtex"))
        assert again.kind == kind, fmt


def test_a_csl_type_of_a_kind_is_read_and_zoteros_import_gets_a_101_type() -> None:
    items = [{"id": "s1", "type": "software", "title": "S", "version": "2.1"},
             {"id": "w1", "type": "webpage", "title": "W"},
             {"id": "m1", "type": "article-magazine", "title": "M", "container-title": "Wired"}]
    papers = plbib.loads(json.dumps(items), "csljson")
    assert [(r.type, r.kind) for r in papers] == [(EntryType.MISC, "software"),
                                                  (EntryType.MISC, "webpage"),
                                                  (EntryType.JOURNAL_ARTICLE, "article-magazine")]
    # the file's own types come back as they were
    assert [i["type"] for i in json.loads(plbib.dumps(papers, "csljson"))] == \
        ["software", "webpage", "article-magazine"]
    # a kind from elsewhere is written with a type Zotero's import takes
    (fresh,) = plbib.loads("papers:\n- key: s1\n  type: misc\n  kind: software\n  title: S\n",
                           "yaml")
    (item,) = json.loads(plbib.dumps([fresh], "csljson"))
    assert item["type"] in CSL_101_TYPES and "plbib-kind: software" in item["note"]
    (back,) = plbib.loads(json.dumps([item]), "csljson")
    assert back.kind == "software"


def test_a_kind_of_another_entry_type_is_an_error_with_the_fix() -> None:
    with pytest.raises(plbib.ValidationFailed) as failed:
        plbib.loads("papers:\n- key: p1\n  type: book\n  kind: patent\n  title: P\n", "yaml")
    message = str(failed.value)
    assert "kind: a patent is a misc, not a book" in message
    assert "change 'type' to misc, or remove 'kind'" in message
    with pytest.raises(plbib.ValidationFailed, match=r"unknown kind 'patnet'.*'patent'"):
        plbib.loads("papers:\n- key: p1\n  type: misc\n  kind: patnet\n  title: P\n", "yaml")


@pytest.mark.filterwarnings("ignore::plbib.PlbibWarning")  # kept fields: warned by design
def test_the_biblatex_export_names_a_kind_it_cannot_say() -> None:
    papers = plbib.loads("papers:\n- key: m1\n  type: journal-article\n  kind: article-magazine"
                         "\n  title: M\n", "yaml")
    (warning,) = plbib.formats.get("biblatex").unwritten(papers)
    assert "the kind (article-magazine: @article)" in str(warning)
    assert "@article{m1," in plbib.dumps(papers, "biblatex")
    # BibTeX keeps it in plbib's own field
    bibtex = plbib.dumps(papers, "bibtex")
    assert "kind  = {article-magazine}" in bibtex
    assert plbib.loads(bibtex, "bibtex").records[0].kind == "article-magazine"
