"""Page ranges in every CSL page-range-format, as citeproc-js prints them (plbib.cite.pages);
with node installed, each case also goes through citeproc-js with a one-line style."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import need
from plbib import Pages
from plbib.cite import Formatter
from plbib.cite.pages import last_page
from test_cite import _node_ready, _record, citeproc_js

FORMATS = ["expanded", "minimal", "minimal-two", "chicago", "chicago-15", "chicago-16"]
RANGES = [("1", "16"), ("42", "45"), ("321", "328"), ("321", "28"), ("2787", "2816"),
          ("101", "108"), ("1496", "1504"), ("100", "104"), ("71", "72"), ("12345", "12350"),
          ("9", "5"), ("e12", "e15"), ("S321", "S328"), ("e1496", "e1504"), ("e9", "e5")]

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
       default-locale="en-US" page-range-format="{fmt}">
  <info><title>page ranges</title><id>plbib-pages</id>
    <updated>2026-12-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="page"/></layout></bibliography>
</style>
"""


@pytest.mark.parametrize(("first", "last", "fmt", "expected"), [
    ("1", "16", "minimal", "16"), ("42", "45", "minimal", "5"), ("321", "328", "minimal", "8"),
    ("2787", "2816", "minimal", "816"), ("42", "45", "minimal-two", "45"),
    ("321", "328", "minimal-two", "28"), ("321", "328", "chicago", "28"),
    ("101", "108", "chicago", "8"), ("1496", "1504", "chicago", "1504"),
    ("321", "28", "expanded", "328"), ("12345", "12350", "chicago", "50"),
    ("1496", "1504", "chicago-16", "504"), ("9", "5", "minimal", "5"),
])
def test_last_page(first: str, last: str, fmt: str, expected: str) -> None:
    assert last_page(first, last, fmt) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_formats_match_citeproc_js(tmp_path: Path, fmt: str) -> None:
    style = tmp_path / f"{fmt}.csl"
    style.write_text(STYLE.format(fmt=fmt), encoding="utf-8")
    records = [_record(key=f"r{i}", pages=Pages(first, last))
               for i, (first, last) in enumerate(RANGES)]
    ours = [(e.key, e.text) for e in Formatter(style).bibliography(records)]
    assert len(ours) == len(RANGES)
    need(_node_ready(), "node and the npm packages (npm install) are not installed")
    theirs = [(key, " ".join(text.split())) for key, text in citeproc_js(records, str(style))]
    assert sorted(ours) == sorted(theirs)
