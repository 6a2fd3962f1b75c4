"""Papers by DOI and arXiv id, against a local server on 127.0.0.1 that answers as the real
services do (responses written here after their documented formats): no test reaches the
internet."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

import plbib
from conftest import ROOT
from plbib import lookup
from plbib.cli import main
from plbib.lookup import Client, LookupFailed, identify

#: a DOI's CSL-JSON as Crossref's content negotiation gives it: array-valued container title
#: and ISBN, an event object, names with extra keys, keys that are no CSL variables
CROSSREF = {
    "indexed": {"date-parts": [[2025, 1, 2]]}, "reference-count": 60, "publisher": "ACM",
    "content-domain": {"domain": [], "crossmark-restriction": False},
    "DOI": "10.1145/3600006.3613165", "type": "paper-conference",
    "created": {"date-parts": [[2023, 10, 23]]}, "page": "611-626", "source": "Crossref",
    "title": "Efficient Memory Management for Large Language Model Serving with "
             "PagedAttention",
    "author": [{"given": "Woosuk", "family": "Kwon", "sequence": "first",
                "affiliation": [{"name": "UC Berkeley"}]},
               {"given": "Zhuohan", "family": "Li", "sequence": "additional",
                "affiliation": []}],
    "event": {"name": "SOSP '23: 29th Symposium on Operating Systems Principles",
              "location": "Koblenz Germany", "acronym": "SOSP '23"},
    "container-title": ["Proceedings of the 29th Symposium on Operating Systems Principles"],
    "link": [{"URL": "https://dl.acm.org/doi/pdf/10.1145/3600006.3613165"}],
    "ISBN": ["9798400702297"], "issued": {"date-parts": [[2023, 10, 23]]},
    "URL": "https://doi.org/10.1145/3600006.3613165", "subject": [], "score": 1,
    "reference": [{"key": "e_1_3_2_1_1_1", "unstructured": "…"}],
}

ARXIV_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list=2305.14314" rel="self"/>
  <title type="html">ArXiv Query: id_list=2305.14314</title>
  <entry>
    <id>http://arxiv.org/abs/2305.14314v1</id>
    <published>2023-05-23T17:50:33Z</published>
    <title>QLoRA: Efficient Finetuning of Quantized
  LLMs</title>
    <summary>We present QLoRA, an efficient finetuning approach.</summary>
    <author><name>Tim Dettmers</name></author>
    <author><name>Artidoro Pagnoni</name></author>
    <author><name>Jan van der Berg</name></author>
    <link href="http://arxiv.org/abs/2305.14314v1" rel="alternate" type="text/html"/>
  </entry>
</feed>
"""

#: the ACL Anthology's per-paper .bib and DBLP's .bib per key, in their layouts
ACL_BIB = """@inproceedings{lee-etal-2023-sparse,
    title = "Sparse Routing for Efficient Multilingual Translation",
    author = "Lee, Ana  and
      Park, Min-Jun",
    booktitle = "Proceedings of the 61st Annual Meeting of the Association for \
Computational Linguistics (Volume 1: Long Papers)",
    month = jul,
    year = "2023",
    address = "Toronto, Canada",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/2023.acl-long.999",
    pages = "100--110",
}
"""
DBLP_BIB = """@inproceedings{DBLP:conf/osdi/Example23,
  author       = {Gyeong{-}In Example and
                  Byung{-}Gon Sample},
  title        = {Pipelined Serving of Very Large Mixtures of Experts},
  booktitle    = {17th {USENIX} Symposium on Operating Systems Design and Implementation,
                  {OSDI} 2023},
  pages        = {1--16},
  publisher    = {{USENIX} Association},
  year         = {2023},
  timestamp    = {Tue, 01 Aug 2023 10:00:00 +0200},
  biburl       = {https://dblp.org/rec/conf/osdi/Example23.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
"""

#: OpenReview's notes API (version 2: each content field wrapped in {"value": …})
OPENREVIEW = {"notes": [{
    "id": "AbCdEf123X", "forum": "AbCdEf123X", "cdate": 1695300000000,
    "pdate": 1705400000000,
    "content": {"title": {"value": "Token Merging for Long-Context Serving"},
                "authors": {"value": ["Ana Lee", "Jan van der Berg"]},
                "venue": {"value": "ICLR 2024 poster"},
                "venueid": {"value": "ICLR.cc/2024/Conference"},
                "pdf": {"value": "/pdf/0123456789abcdef.pdf"}}}]}

ARXIV_ERROR = ARXIV_FEED.replace("QLoRA: Efficient Finetuning of Quantized\n  LLMs", "Error")
ARXIV_EMPTY = ARXIV_FEED[:ARXIV_FEED.index("  <entry>")] + "</feed>\n"


class _Service(BaseHTTPRequestHandler):
    """Answers from ``routes``: path (with query) -> a list of (status, headers, body,
    delay), the last repeated once the others are used up."""

    routes: ClassVar[dict[str, list[tuple[int, dict[str, str], str, float]]]] = {}
    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def do_GET(self) -> None:  # http.server's name for it
        self.seen.append((self.path, dict(self.headers)))
        answers = self.routes.get(self.path) or [(404, {}, "not found", 0.0)]
        status, headers, body, delay = answers.pop(0) if len(answers) > 1 else answers[0]
        time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Service]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Service)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("PLBIB_DOI_URL", f"{base}/doi/")
    monkeypatch.setenv("PLBIB_ARXIV_URL", f"{base}/arxiv/query")
    monkeypatch.setenv("PLBIB_ACL_URL", f"{base}/acl/")
    monkeypatch.setenv("PLBIB_DBLP_URL", f"{base}/dblp/")
    monkeypatch.setenv("PLBIB_OPENREVIEW_URL", f"{base}/openreview/")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PLBIB_MAILTO", "maintainer@example.org")
    monkeypatch.setattr(lookup, "ARXIV_INTERVAL", 0.0)
    _Service.routes = {
        "/doi/10.1145/3600006.3613165": [(200, {"Content-Type": lookup.CSL_JSON},
                                          json.dumps(CROSSREF), 0.0)],
        "/arxiv/query?id_list=2305.14314": [(200, {}, ARXIV_FEED, 0.0)],
        "/acl/2023.acl-long.999.bib": [(200, {}, ACL_BIB, 0.0)],
        "/dblp/rec/conf/osdi/Example23.bib": [(200, {}, DBLP_BIB, 0.0)],
        "/openreview/notes?id=AbCdEf123X": [(200, {}, json.dumps(OPENREVIEW), 0.0)],
        "/arxiv/query?id_list=2402.12345": [(200, {}, ARXIV_FEED.replace(
            "2305.14314", "2402.12345").replace(
            "QLoRA: Efficient Finetuning of Quantized\n  LLMs",
            "Elastic Token Budgets for Speculative Decoding"), 0.0)],
    }
    _Service.seen = []
    yield _Service
    server.shutdown()
    server.server_close()


def test_identifiers_in_every_form() -> None:
    for text in ("10.1145/3600006.3613165", "doi:10.1145/3600006.3613165",
                 "https://doi.org/10.1145/3600006.3613165",
                 "https://dl.acm.org/doi/10.1145/3600006.3613165",
                 "https://dl.acm.org/doi/pdf/10.1145/3600006.3613165"):
        assert identify(text) == lookup.Identifier("doi", "10.1145/3600006.3613165"), text
    for text in ("2305.14314", "arXiv:2305.14314v2", "https://arxiv.org/abs/2305.14314v2",
                 "https://arxiv.org/pdf/2305.14314v2.pdf"):
        assert identify(text).service == "arxiv", text
        assert identify(text).value.startswith("2305.14314"), text
    for text in ("2023.acl-long.236", "https://aclanthology.org/2023.acl-long.236/",
                 "P19-1001", "https://aclanthology.org/P19-1001.pdf"):
        assert identify(text).service == "acl", text
    for text in ("conf/osdi/YuJKKC22", "https://dblp.org/rec/conf/osdi/YuJKKC22.html",
                 "https://dblp.org/rec/conf/osdi/YuJKKC22.bib"):
        assert identify(text) == lookup.Identifier("dblp", "conf/osdi/YuJKKC22"), text
    with pytest.raises(LookupFailed, match="is not a DOI, an arXiv id"):
        identify("an interesting paper")


def test_a_doi_becomes_a_complete_record(service: type[_Service]) -> None:
    item = lookup.csl_items(["https://doi.org/10.1145/3600006.3613165"])[0]
    assert item["container-title"] == ("Proceedings of the 29th Symposium on Operating "
                                       "Systems Principles")
    assert item["event-title"].startswith("SOSP '23") and item["ISBN"] == "9798400702297"
    assert item["author"][0] == {"given": "Woosuk", "family": "Kwon"}
    assert "reference" not in item and "event" not in item
    record = plbib.loads(json.dumps([item]), "csljson")[0]
    assert (record.venue, record.year, record.pages and str(record.pages)) == (
        "SOSP", 2023, "611-626")
    _, headers = service.seen[0]
    assert headers["Accept"] == lookup.CSL_JSON
    assert headers["User-Agent"] == f"plbib/{plbib.__version__} (mailto:maintainer@example.org)"


def test_an_arxiv_id_becomes_a_preprint(service: type[_Service]) -> None:
    record = plbib.loads(json.dumps(lookup.csl_items(["arXiv:2305.14314"])), "csljson")[0]
    assert record.title.text == "QLoRA: Efficient Finetuning of Quantized LLMs"
    assert record.arxiv == "2305.14314" and record.venue == "arXiv" and record.year == 2023
    assert [(n.given, n.particle, n.family) for n in record.authors] == [
        ("Tim", "", "Dettmers"), ("Artidoro", "", "Pagnoni"), ("Jan", "van der", "Berg")]


@pytest.mark.parametrize(("route", "answers", "message"), [
    ("/doi/10.5555/missing", [(404, {}, "Resource not found.", 0.0)], "does not know it"),
    ("/doi/10.5555/down", [(500, {}, "oops", 0.0)], "answered 500"),
    ("/doi/10.5555/html", [(200, {"Content-Type": "text/html"}, "<html>x</html>", 0.0)],
     "not CSL-JSON"),
    ("/arxiv/query?id_list=2301.00001", [(200, {}, ARXIV_ERROR, 0.0)], "no such paper"),
    ("/arxiv/query?id_list=2301.00002", [(200, {}, ARXIV_EMPTY, 0.0)], "no such paper"),
    ("/arxiv/query?id_list=2301.00003", [(200, {}, "Rate exceeded.", 0.0)],
     "not its Atom feed"),
])
def test_failures_name_the_identifier_and_the_service(
        service: type[_Service], route: str,
        answers: list[tuple[int, dict[str, str], str, float]], message: str) -> None:
    service.routes[route] = answers
    identifier = route.rsplit("=", 1)[-1] if "arxiv" in route else route[len("/doi/"):]
    with pytest.raises(LookupFailed, match=message) as error:
        lookup.csl_items([identifier], Client(retries=1))
    assert identifier in str(error.value)


def test_429_is_retried_after_the_time_asked(service: type[_Service]) -> None:
    route = "/doi/10.5555/busy"
    service.routes[route] = [(429, {"Retry-After": "1"}, "slow down", 0.0),
                             (200, {}, json.dumps({**CROSSREF, "DOI": "10.5555/busy"}), 0.0)]
    started = time.monotonic()
    item = lookup.csl_items(["10.5555/busy"])[0]
    assert item["DOI"] == "10.5555/busy"
    assert [path for path, _ in service.seen] == [route, route]
    assert time.monotonic() - started >= 0.9  # Retry-After honoured


def test_a_timeout_is_an_error(service: type[_Service]) -> None:
    service.routes["/doi/10.5555/slow"] = [(200, {}, "{}", 2.0)]
    with pytest.raises(LookupFailed, match=r"did not answer in 0\.3 s"):
        lookup.csl_items(["10.5555/slow"], Client(timeout=0.3, retries=0))


def test_a_second_run_needs_no_network(service: type[_Service]) -> None:
    first = lookup.csl_items(["10.1145/3600006.3613165", "2305.14314"])
    asked = len(service.seen)
    assert lookup.csl_items(["10.1145/3600006.3613165", "2305.14314"],
                            Client(offline=True)) == first
    assert len(service.seen) == asked  # all from the cache
    with pytest.raises(LookupFailed, match="not in the cache, and offline"):
        lookup.csl_items(["2305.99999"], Client(offline=True))


def test_plbib_add_by_identifier(service: type[_Service], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("papers.yaml", "venues.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    path = data / "papers.yaml"
    assert main(["add", "https://doi.org/10.1145/3600006.3613165", "arXiv:2402.12345",
                 "--section", "Inference engine", "--file", str(path)]) == 0
    out = capsys.readouterr().out
    assert "added kwon2023efficient" in out and "added dettmers2023elastic" in out
    papers = plbib.load(path)
    assert papers.by_key("kwon2023efficient").venue == "SOSP"
    assert papers.by_key("dettmers2023elastic").arxiv == "2402.12345"
    # a paper the list has (QLoRA is in the bundled list): refused, naming the record
    assert main(["add", "2305.14314", "--section", "Model", "--file", str(path)]) == 2
    assert "already in the list as 'dettmers2023qlora'" in capsys.readouterr().err
    before = path.read_text()
    service.routes["/doi/10.5555/gone"] = [(404, {}, "", 0.0)]
    assert main(["add", "10.5555/gone", "2305.14314", "--section", "Model",
                 "--file", str(path)]) == 2
    assert "DOI 10.5555/gone" in capsys.readouterr().err
    assert path.read_text() == before  # nothing added when one identifier fails


def test_acl_anthology_and_dblp_by_their_bibtex(service: type[_Service]) -> None:
    """Their .bib goes through the BibTeX reader (DBLP's housekeeping fields dropped)."""
    snippets = lookup.snippets(["https://aclanthology.org/2023.acl-long.999/",
                                "https://dblp.org/rec/conf/osdi/Example23.html"])
    assert [s.format for s in snippets] == ["bibtex", "bibtex"]
    acl = plbib.loads(snippets[0].text, "bibtex")[0]
    assert (acl.venue, acl.year, acl.authors[1].given) == ("ACL", 2023, "Min-Jun")
    dblp = plbib.loads(snippets[1].text, "bibtex", drop_dblp=True)[0]
    assert (dblp.venue, dblp.year) == ("OSDI", 2023)
    service.routes["/dblp/rec/conf/osdi/Missing.bib"] = [
        (200, {}, "<!DOCTYPE html><html>not found</html>", 0.0)]
    with pytest.raises(LookupFailed, match="DBLP conf/osdi/Missing: the answer is not BibTeX"):
        lookup.snippets(["conf/osdi/Missing"])


def test_add_by_identifier_mixes_services(service: type[_Service], tmp_path: Path) -> None:
    from plbib.edit import add_by_identifier

    data = tmp_path / "data"
    data.mkdir()
    for name in ("papers.yaml", "venues.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    added, path, warnings = add_by_identifier(
        ["conf/osdi/Example23", "2023.acl-long.999"], section="Model",
        path=data / "papers.yaml")
    assert [r.key for r in added] == ["example2023pipelined", "lee2023sparse"]
    papers = plbib.load(path)
    assert papers.by_key("example2023pipelined").venue == "OSDI"
    assert papers.by_key("lee2023sparse").venue == "ACL"
    assert all(w.severity.value == "warning" for w in warnings)


# --------------------------------------------------------------------- plbib enrich

INCOMPLETE = """# a list imported from Markdown: titles and links, no authors
sections: [Model]
papers:
  - key: 2023efficient
    type: conference-paper
    section: Model
    title: Efficient Memory Management for Large Language Model Serving with PagedAttention
    link: https://dl.acm.org/doi/10.1145/3600006.3613165
    affiliation: UC Berkeley

  # found by its exact title in DBLP
  - key: 2023pipelined
    type: conference-paper
    section: Model
    title: Pipelined Serving of Very Large Mixtures of Experts

  - key: 2023nowhere
    type: conference-paper
    section: Model
    title: A Title No Service Knows
"""


def _dblp_search(*titles: tuple[str, str]) -> str:
    hits = [{"info": {"title": title + ".", "key": key}} for key, title in titles]
    return json.dumps({"result": {"hits": {"@total": str(len(hits)), "hit": hits}}})


@pytest.fixture
def incomplete(service: type[_Service], tmp_path: Path) -> Path:
    path = tmp_path / "list.yaml"
    path.write_text(INCOMPLETE, encoding="utf-8")
    query = "/dblp/search/publ/api?q={}&format=json&h=30"
    from urllib.parse import quote

    service.routes[query.format(quote("Pipelined Serving of Very Large Mixtures of Experts"))] = [
        (200, {}, _dblp_search(
            ("conf/osdi/Example23", "Pipelined Serving of Very Large Mixtures of Experts"),
            ("journals/corr/abs-2301-00001",
             "Pipelined Serving of Very Large Mixtures of Experts"),
            ("conf/x/Other23", "Pipelined Serving of Very Large Mixtures")), 0.0)]
    service.routes[query.format(quote("A Title No Service Knows"))] = [
        (200, {}, _dblp_search(), 0.0)]
    return path


def test_enrich_completes_records_keeping_the_file(incomplete: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """By the DOI in a link, and by exact title in DBLP (its CoRR copy no second paper);
    a title nobody knows is reported, the list's own fields and comments stay."""
    assert main(["enrich", str(incomplete), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert "2023efficient: authors: (none) -> Woosuk Kwon; Zhuohan Li" in out
    assert "2023pipelined: venue: (none) -> OSDI" in out
    assert "completed 2, not found 1, ambiguous 0" in err and "dry run" in err
    assert incomplete.read_text() == INCOMPLETE
    assert main(["enrich", str(incomplete)]) == 0
    capsys.readouterr()
    papers = plbib.loads(incomplete.read_text(), "yaml", complete=False)
    kwon = papers.by_key("2023efficient")
    assert (kwon.venue, kwon.doi, str(kwon.pages), kwon.affiliation) == (
        "SOSP", "10.1145/3600006.3613165", "611-626", "UC Berkeley")
    assert papers.by_key("2023pipelined").authors[0].family == "Example"
    text = incomplete.read_text()
    assert text.startswith("# a list imported from Markdown") and \
        "  # found by its exact title in DBLP\n  - key: 2023pipelined" in text
    # nothing left to complete but the unknown paper; a second run asks no service
    asked = len(_Service.seen)
    assert main(["enrich", str(incomplete), "--key", "2023efficient"]) == 0
    assert len(_Service.seen) == asked and capsys.readouterr().out == ""


def test_enrich_never_overwrites_unless_asked(incomplete: Path) -> None:
    from plbib.enrich import enrich

    text = incomplete.read_text().replace(
        "    affiliation: UC Berkeley\n", "    affiliation: UC Berkeley\n    year: 2022\n")
    incomplete.write_text(text)
    outcome = enrich(incomplete, keys=["2023efficient"], client=Client())
    papers = plbib.loads(incomplete.read_text(), "yaml", complete=False)
    assert papers.by_key("2023efficient").year == 2022
    assert not any(c.field == "year" for c in outcome.changes)
    outcome = enrich(incomplete, keys=["2023efficient"], overwrite=True, client=Client())
    assert [(c.field, c.old, c.new) for c in outcome.changes] == [("year", 2022, 2023)]


def test_enrich_reports_an_ambiguous_title(incomplete: Path, service: type[_Service]) -> None:
    from urllib.parse import quote

    from plbib.enrich import enrich

    route = "/dblp/search/publ/api?q={}&format=json&h=30".format(
        quote("A Title No Service Knows"))
    service.routes[route] = [(200, {}, _dblp_search(
        ("conf/a/One23", "A Title No Service Knows"),
        ("conf/b/Two23", "A title no service knows")), 0.0)]
    outcome = enrich(incomplete, keys=["2023nowhere"], client=Client())
    assert outcome.ambiguous == ["2023nowhere"] and not outcome.changes


def test_an_openreview_forum_becomes_a_conference_paper(service: type[_Service]) -> None:
    snippet = lookup.snippets(["https://openreview.net/forum?id=AbCdEf123X"])[0]
    record = plbib.loads(snippet.text, "csljson")[0]
    assert (record.title.text, record.venue, record.year) == (
        "Token Merging for Long-Context Serving", "ICLR", 2024)
    assert [(n.given, n.particle, n.family) for n in record.authors] == [
        ("Ana", "", "Lee"), ("Jan", "van der", "Berg")]
    assert record.url == "https://openreview.net/forum?id=AbCdEf123X"
    service.routes["/openreview/notes?id=NoSuchNote"] = [(200, {}, '{"notes": []}', 0.0)]
    with pytest.raises(LookupFailed, match="OpenReview NoSuchNote: OpenReview has no such"):
        lookup.snippets(["https://openreview.net/forum?id=NoSuchNote"])


def test_arxiv_is_asked_at_most_once_per_interval(service: type[_Service],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """arXiv's terms: one request every three seconds (0.4 s here, to keep the test short)."""
    monkeypatch.setattr(lookup, "ARXIV_INTERVAL", 0.4)
    service.routes["/arxiv/query?id_list=2402.12345"] = [(200, {}, ARXIV_FEED, 0.0)]
    client = Client()
    started = time.monotonic()
    lookup.snippets(["2305.14314", "2402.12345"], client)
    assert time.monotonic() - started >= 0.4
    arxiv = [path for path, _ in service.seen if path.startswith("/arxiv/")]
    assert len(arxiv) == 2
