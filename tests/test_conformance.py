"""plbib's formatted references against citeproc-js's on a fixed sample of styles.

scripts/conformance.py compares every style (docs/styles.md); CI runs this sample of 100
evenly spread styles plus the five the tests single out, on the bundled list and the seeded
varied records, and fails when plbib falls below the floors. The floors are what plbib
reaches today, so that no change makes it worse; the target plbib works towards for the
bundled list is higher (99.5% of its entries).
"""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, need, script

#: identical entries measured on this sample when it was set (the full run of 2026-12-02
#: restricted to it: bundled 99.89%, varied 99.16%); a change that lowers them fails
FLOORS = {"bundled": 0.998, "varied": 0.99}
SAMPLE = 100


def _conformance():  # type: ignore[no-untyped-def]
    return script("conformance")


@pytest.fixture(scope="module")
def outcomes():  # type: ignore[no-untyped-def]
    need(shutil.which("node") is not None and (ROOT / "node_modules" / "citation-js").is_dir(),
         "node and the npm packages (npm install) are not installed")
    conformance = _conformance()
    paths = conformance.sample_styles(SAMPLE)
    assert len(paths) >= SAMPLE
    assert {p.stem for p in paths} >= {"ieee", "apa", "acm-sig-proceedings",
                                       "chicago-author-date", "nature"}
    return conformance, conformance.run(paths, jobs=2)


@pytest.mark.parametrize("records", ["bundled", "varied"])
def test_entries_identical_to_citeproc_js(outcomes, records: str) -> None:  # type: ignore[no-untyped-def]
    conformance, results = outcomes
    summary = conformance.summary(results, records)
    share = summary["identical_entries"] / summary["entries"]
    assert share >= FLOORS[records], summary
    # no style that citeproc-js runs makes plbib fail
    assert summary["errors"] == 0, summary
