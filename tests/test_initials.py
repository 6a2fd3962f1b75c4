"""Given names initialised as citeproc-js does it (plbib.cite.initials); the expected values
are citeproc-js's, and with node installed every case is also run through citeproc-js."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, need
from plbib.cite.initials import initialize

# (given, initialize-with, initialize-with-hyphen, initialize) -> what citeproc-js prints
CASES = [
    (("Joo Seong", ". ", True, True), "J. S."),
    (("Joo Seong", "", True, True), "JS"),            # initialize-with="": no spaces
    (("Joo Seong", ".", True, True), "J.S."),
    (("Gyeong-In", ". ", True, True), "G.-I."),
    (("Gyeong-In", ". ", False, True), "G. I."),      # initialize-with-hyphen="false"
    (("Cheng-Yang", "", False, True), "CY"),
    (("Yang-gon", ". ", True, True), "Y."),           # a lowercase part joins its word
    (("J.-P.", ". ", True, True), "J.-P."),
    (("J.P.", ". ", True, True), "J. P."),
    (("J", ". ", True, True), "J."),
    (("Jean de", ". ", True, True), "J. de"),
    (("Th. Wilhelm", ". ", True, True), "Th. W."),    # an abbreviation is kept whole
    (("JEan", ". ", True, True), "Je."),
    (("Seo-yeon C.", ". ", True, False), "Seo-yeon C."),  # initialize="false"
    (("Tor M.", "", True, False), "Tor M"),
    (("Natalie D.", ". ", True, False), "Natalie D."),
    (("Ömer", ". ", True, True), "Ö."),
    (("Łukasz", ". ", True, True), "Ł."),
    (("李 小龙", ". ", True, True), "李 小龙"),          # not Latin-like: as it is
]


@pytest.mark.parametrize(("args", "expected"), CASES)
def test_initials(args: tuple[str, str, bool, bool], expected: str) -> None:
    given, terminator, hyphen, init = args
    assert initialize(given, terminator, hyphen=hyphen, initialize=init) == expected


def test_every_combination_matches_citeproc_js() -> None:
    need(shutil.which("node") is not None and (ROOT / "node_modules" / "citeproc").is_dir(),
         "node and the npm packages (npm install) are not installed")
    givens = sorted({case[0][0] for case in CASES} | {
        "Hyung-Jin", "Maria-Florina", "Marc'Aurelio", "El Moatez Billah", "DK", "M.F.",
        "Shixiang (Shane)", "van der", "e. e.", "JOHN", "Jean - Pierre", "Яков", "Ana María"})
    cases = [[g, t, h, i] for g in givens for t in ("", ".", ". ", " ", ".\ufeff")
             for h in (True, False) for i in (True, False)]
    result = subprocess.run(["node", str(ROOT / "tests" / "js" / "initials.js")],
                            input=json.dumps(cases), capture_output=True, text=True,
                            timeout=120, check=True, cwd=ROOT)
    expected = json.loads(result.stdout)
    ours = [initialize(g, t, hyphen=h, initialize=i) for g, t, h, i in cases]
    assert [c for c, a, b in zip(cases, ours, expected, strict=True) if a != b] == []
