"""Papers by identifier: a DOI or an arXiv id made a CSL-JSON item, from the services that
hold their metadata, for the existing CSL-JSON reader (``plbib add ID``).

- **DOI**: DOI content negotiation (``Accept: application/vnd.citationstyles.csl+json``),
  answered by Crossref, DataCite and the other registration agencies in CSL-JSON with
  their own deviations from the schema (an ``event`` object, array-valued titles and
  ISBNs, dozens of extra keys), which :func:`csl_item` takes out.
- **ACL Anthology** and **DBLP**: their ``.bib`` per paper, for the BibTeX reader.
- **OpenReview**: the notes API (JSON) for a forum id.
- **arXiv**: the arXiv API's Atom feed (``…/api/query?id_list=ID``). It answers a bad id
  with HTTP 200 and an entry titled "Error", and throttling with a plain-text body; both
  are errors here.

Base URLs come from the environment (``PLBIB_DOI_URL``, ``PLBIB_ARXIV_URL``,
``PLBIB_ACL_URL``, ``PLBIB_DBLP_URL``, ``PLBIB_OPENREVIEW_URL``), defaulting to the real
services. Requests go through ``requests`` with a timeout, retries with
backoff on 429 and 5xx that honour ``Retry-After``, at most one request per 3 s to arXiv,
and a User-Agent naming plbib (and ``PLBIB_MAILTO`` when set). Answers are cached on disk
under ``$XDG_CACHE_HOME/plbib`` (``~/.cache/plbib``), so a second run needs no network;
``offline`` uses the cache only. Every failure is a :class:`LookupFailed` naming the
identifier and the service.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PlbibError
from .identifiers import DOI_PATTERN, parse_arxiv

DOI_URL = "https://doi.org/"
ARXIV_URL = "https://export.arxiv.org/api/query"
ACL_URL = "https://aclanthology.org/"
DBLP_URL = "https://dblp.org/"
OPENREVIEW_URL = "https://api2.openreview.net/"
CSL_JSON = "application/vnd.citationstyles.csl+json"
#: arXiv asks for no more than one request every three seconds
ARXIV_INTERVAL = 3.0
_ATOM = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_DOI_IN_URL = re.compile(r"(?i)(?:doi\.org/|/doi/(?:abs/|full/|pdf/)?)(10\.\d{4,9}/[^\s?#]+)")
_ARXIV_IN_URL = re.compile(r"(?i)arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?/?$")
#: an ACL Anthology id (2023.acl-long.236, P19-1001), bare or in an aclanthology.org URL
_ACL = re.compile(r"(?i)^(?:https?://(?:www\.)?aclanthology\.org/)?"
                  r"(\d{4}\.[a-z0-9-]+\.\d+|[A-Z]\d{2}-\d{4})(?:\.pdf|\.bib)?/?$")
#: an OpenReview forum id (PoSSw9u7XP), bare or in a forum or pdf URL
_OPENREVIEW = re.compile(r"^(?:https?://(?:www\.)?openreview\.net/(?:forum|pdf)\?id=)?"
                         r"([A-Za-z0-9_-]{8,16})$")
#: a DBLP record key (conf/osdi/YuJKKC22), bare or in a dblp.org/rec URL
_DBLP = re.compile(r"^(?:https?://dblp\.(?:org|uni-trier\.de)/rec/(?:bib[x12]?/)?)?"
                   r"((?:conf|journals|books|series|phd|reference|tr|ms)/[^/\s]+/[^/\s.]+)"
                   r"(?:\.html|\.bib)?$")


class LookupFailed(PlbibError):
    """An identifier that could not be looked up: unknown, not found, or a service that
    did not answer as it promises."""


@dataclass(frozen=True)
class Identifier:
    """What an identifier names: ``service`` (``doi``, ``arxiv``, ``acl``, ``dblp``) and the
    bare ``value``."""

    service: str
    value: str

    def __str__(self) -> str:
        names = {"doi": "DOI", "arxiv": "arXiv", "acl": "ACL Anthology", "dblp": "DBLP",
                 "openreview": "OpenReview"}
        return f"{names[self.service]} {self.value}"


def identify(text: str) -> Identifier:
    """A DOI (bare, ``doi:``, a doi.org URL, or a publisher URL holding one such as
    ``dl.acm.org/doi/10.1145/…``) or an arXiv id (``2305.14314``, ``arXiv:2305.14314v2``,
    an ``arxiv.org/abs`` or ``/pdf`` URL)."""
    candidate = text.strip()
    found = _DOI_IN_URL.search(candidate)
    doi = found.group(1) if found else candidate.removeprefix("doi:").strip()
    if DOI_PATTERN.match(doi):
        return Identifier("doi", doi.rstrip(".").removesuffix(".pdf"))
    arxiv = _ARXIV_IN_URL.search(candidate)
    try:
        return Identifier("arxiv", parse_arxiv(arxiv.group(1) if arxiv else candidate))
    except ValueError:
        pass
    acl = _ACL.match(candidate)
    if acl:
        return Identifier("acl", acl.group(1))
    dblp = _DBLP.match(candidate)
    if dblp:
        return Identifier("dblp", dblp.group(1))
    openreview = _OPENREVIEW.match(candidate)
    if openreview:
        return Identifier("openreview", openreview.group(1))
    raise LookupFailed(f"{candidate!r} is not a DOI, an arXiv id, an ACL Anthology id, a "
                       "DBLP key or an OpenReview id", field="identifier",
                       hint="give a DOI (10.1145/…, a doi.org or publisher URL), an arXiv id "
                            "(2305.14314), an ACL Anthology id (2023.acl-long.236), a DBLP "
                            "key (conf/osdi/YuJKKC22) or an OpenReview forum URL, or their "
                            "URLs")


@dataclass
class Client:
    """The HTTP side: retries, timeouts, the arXiv interval and the on-disk cache."""

    timeout: float = 20.0
    retries: int = 3
    offline: bool = False
    cache_dir: Path | None = None
    _last_arxiv: float = 0.0
    _session: Any = None

    def __post_init__(self) -> None:
        if self.cache_dir is None:
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            self.cache_dir = Path(base) / "plbib" / "lookups"

    def get(self, url: str, accept: str, what: Identifier, service: str) -> str:
        """The body of ``url``, from the cache or the service."""
        assert self.cache_dir is not None
        key = hashlib.sha256(f"{accept}\n{url}".encode()).hexdigest()
        cached = self.cache_dir / f"{key}.txt"
        if cached.is_file():
            return cached.read_text(encoding="utf-8")
        if self.offline:
            raise LookupFailed(f"{what}: not in the cache, and offline", field="identifier",
                               hint="run once without --offline")
        body = self._fetch(url, accept, what, service)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        from .fileio import write_atomic

        write_atomic(cached, body)
        return body

    def _fetch(self, url: str, accept: str, what: Identifier, service: str) -> str:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        if service == "arXiv":  # arXiv's terms: one request every three seconds
            wait = self._last_arxiv + ARXIV_INTERVAL - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_arxiv = time.monotonic()
        if self._session is None:  # one per client: its connections serve every lookup
            self._session = requests.Session()
            retry = Retry(total=self.retries, backoff_factor=0.5, status_forcelist=(
                429, 500, 502, 503, 504), allowed_methods=("GET",),
                respect_retry_after_header=True, raise_on_status=False)
            self._session.mount("http://", HTTPAdapter(max_retries=retry))
            self._session.mount("https://", HTTPAdapter(max_retries=retry))
        session = self._session
        try:
            response = session.get(url, headers={"Accept": accept,
                                                 "User-Agent": user_agent()},
                                   timeout=self.timeout)
        except requests.RequestException as exc:
            # a timeout on the last retry comes wrapped: ConnectionError(MaxRetryError(reason=
            # ReadTimeoutError))
            reason = getattr(exc.args[0], "reason", None) if exc.args else None
            if isinstance(exc, requests.Timeout) or "Timeout" in type(reason).__name__:
                raise LookupFailed(f"{what}: {service} did not answer in {self.timeout:g} s",
                                   field="identifier", hint="try again later") from None
            raise LookupFailed(f"{what}: cannot reach {service}: {type(exc).__name__}",
                               field="identifier",
                               hint="check the network (or the PLBIB_*_URL setting)") from None
        if response.status_code == 404:
            raise LookupFailed(f"{what}: {service} does not know it (404)",
                               field="identifier", hint="check the identifier")
        if response.status_code != 200:
            raise LookupFailed(f"{what}: {service} answered {response.status_code}",
                               field="identifier", hint="try again later")
        return str(response.text)


def user_agent() -> str:
    from . import __version__

    mailto = os.environ.get("PLBIB_MAILTO")
    return f"plbib/{__version__}" + (f" (mailto:{mailto})" if mailto else "")


@dataclass(frozen=True)
class Snippet:
    """What a service gave for an identifier: text in a format plbib reads, with the
    reader options it needs."""

    identifier: Identifier
    format: str
    text: str
    options: tuple[tuple[str, object], ...] = ()


def snippets(identifiers: list[str], client: Client | None = None) -> list[Snippet]:
    """Each identifier looked up, in order: CSL-JSON for DOIs and arXiv ids, BibTeX for the
    ACL Anthology (its per-paper ``.bib``) and DBLP (its ``.bib`` per key)."""
    client = client or Client()
    out = []
    for text in identifiers:
        what = identify(text)
        if what.service in ("doi", "arxiv", "openreview"):
            item = _doi_item(what, client) if what.service == "doi" else \
                _arxiv_item(what, client) if what.service == "arxiv" else \
                _openreview_item(what, client)
            out.append(Snippet(what, "csljson", json.dumps([item], ensure_ascii=False)))
        elif what.service == "acl":
            base = os.environ.get("PLBIB_ACL_URL") or ACL_URL
            out.append(Snippet(what, "bibtex", _bibtex(client.get(
                f"{base}{what.value}.bib", "text/x-bibtex", what, "the ACL Anthology"), what)))
        else:
            base = os.environ.get("PLBIB_DBLP_URL") or DBLP_URL
            out.append(Snippet(what, "bibtex", _bibtex(client.get(
                f"{base}rec/{what.value}.bib", "text/x-bibtex", what, "DBLP"), what),
                (("drop_dblp", True),)))
    return out


def _bibtex(body: str, what: Identifier) -> str:
    """A service's ``.bib`` answer, or an error where it sent something else (a web page)."""
    if "@" not in body or body.lstrip().lower().startswith(("<!doctype", "<html")):
        raise LookupFailed(f"{what}: the answer is not BibTeX", field="identifier",
                           hint="check the identifier")
    return body


def csl_items(identifiers: list[str], client: Client | None = None) -> list[dict[str, Any]]:
    """A CSL-JSON item for each DOI or arXiv id, in order."""
    client = client or Client()
    items = []
    for text in identifiers:
        what = identify(text)
        if what.service not in ("doi", "arxiv"):
            raise LookupFailed(f"{what}: not a DOI or an arXiv id", field="identifier")
        items.append(_doi_item(what, client) if what.service == "doi"
                     else _arxiv_item(what, client))
    return items


def _doi_item(what: Identifier, client: Client) -> dict[str, Any]:
    base = os.environ.get("PLBIB_DOI_URL") or DOI_URL
    body = client.get(base + what.value, CSL_JSON, what, "DOI content negotiation")
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        raise LookupFailed(f"{what}: the DOI service answered with something that is not "
                           "CSL-JSON", field="identifier",
                           hint="the registration agency may not offer CSL-JSON for it"
                           ) from None
    if not isinstance(data, dict):
        raise LookupFailed(f"{what}: the DOI service's answer is not a CSL-JSON item",
                           field="identifier")
    return csl_item(data, what.value)


#: the CSL variables plbib reads from a DOI's CSL-JSON (the rest are the agency's extras)
_KEPT = ("type", "title", "author", "editor", "container-title", "container-title-short",
         "event-title", "event-place", "publisher", "volume", "issue", "number", "page",
         "ISBN", "DOI", "URL", "issued")


def csl_item(data: dict[str, Any], doi: str) -> dict[str, Any]:
    """A registration agency's CSL-JSON as the schema has it: the ``event`` object as
    ``event-title`` and ``event-place``, the first of array-valued texts, names without
    their extra keys, no key that is not a CSL variable plbib reads."""
    event = data.get("event")
    if isinstance(event, dict):
        data.setdefault("event-title", event.get("name"))
        data.setdefault("event-place", event.get("location"))
    item: dict[str, Any] = {"id": doi}
    for name in _KEPT:
        value = data.get(name)
        if isinstance(value, list) and name not in ("author", "editor"):
            value = value[0] if value else None
        if name in ("author", "editor") and isinstance(value, list):
            value = [{k: v for k, v in person.items()
                      if k in ("family", "given", "literal", "suffix", "non-dropping-particle",
                               "dropping-particle")}
                     for person in value if isinstance(person, dict)]
        if name == "issued" and isinstance(value, dict):
            value = {"date-parts": value.get("date-parts")}
        if value not in (None, "", [], {}):
            item[name] = value
    item.setdefault("DOI", doi)
    return item


def _arxiv_item(what: Identifier, client: Client) -> dict[str, Any]:
    base = os.environ.get("PLBIB_ARXIV_URL") or ARXIV_URL
    body = client.get(f"{base}?id_list={what.value}", "application/atom+xml", what, "arXiv")
    try:
        feed = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise LookupFailed(f"{what}: arXiv answered with something that is not its Atom "
                           f"feed ({' '.join(body.split())[:60]!r})", field="identifier",
                           hint="arXiv may be throttling: try again in a minute") from None
    entry = feed.find("atom:entry", _ATOM)
    title = _text(entry, "atom:title") if entry is not None else ""
    if entry is None or not title or title == "Error":
        raise LookupFailed(f"{what}: arXiv has no such paper", field="identifier",
                           hint="check the identifier")
    bare = re.sub(r"v[0-9]+$", "", what.value)  # the paper, not one of its versions
    item: dict[str, Any] = {
        "id": f"arXiv:{bare}", "type": "article", "title": title,
        "author": [_csl_name(name) for author in entry.findall("atom:author", _ATOM)
                   if (name := _text(author, "atom:name"))],
        "URL": f"https://arxiv.org/abs/{bare}",
        # as Zotero and citation-js write an arXiv preprint (the CSL-JSON reader's form)
        "publisher": "arXiv", "number": f"arXiv:{bare}",
    }
    published = _text(entry, "atom:published")
    if re.match(r"\d{4}-\d{2}", published):
        item["issued"] = {"date-parts": [[int(published[:4]), int(published[5:7])]]}
    doi = _text(entry, "arxiv:doi")
    if doi:
        item["DOI"] = doi
    return item


def _openreview_item(what: Identifier, client: Client) -> dict[str, Any]:
    """An OpenReview forum's note (its notes API, JSON; API 2 wraps each content field in
    ``{"value": …}``, API 1 does not) as a CSL-JSON item: the venue's text without the
    presentation kind ("ICLR 2024 poster" is ICLR 2024)."""
    base = os.environ.get("PLBIB_OPENREVIEW_URL") or OPENREVIEW_URL
    body = client.get(f"{base}notes?id={what.value}", "application/json", what, "OpenReview")
    try:
        notes = json.loads(body)["notes"]
        note = notes[0]
        content = note["content"]
    except (json.JSONDecodeError, KeyError, IndexError, TypeError):
        raise LookupFailed(f"{what}: OpenReview has no such paper, or answered with something "
                           "that is not its notes JSON", field="identifier",
                           hint="give the forum id of the paper's page") from None

    def value(name: str) -> Any:
        field = content.get(name)
        return field.get("value") if isinstance(field, dict) else field

    title = " ".join(str(value("title") or "").split())
    if not title:
        raise LookupFailed(f"{what}: the OpenReview note has no title", field="identifier")
    venue = " ".join(str(value("venue") or "").split())
    published = not venue.lower().startswith(("submitted to", "under review")) and venue
    item: dict[str, Any] = {
        "id": f"openreview:{what.value}", "title": title,
        "type": "paper-conference" if published else "article",
        "author": [_csl_name(str(name)) for name in value("authors") or []],
        "URL": f"https://openreview.net/forum?id={what.value}",
    }
    if published:
        item["event-title"] = re.sub(r"(?i)\s+(poster|oral|spotlight|notable.*)$", "", venue)
    year = re.search(r"\b(?:19|20)\d{2}\b", venue)
    stamp = note.get("pdate") or note.get("cdate")
    if year:
        item["issued"] = {"date-parts": [[int(year.group(0))]]}
    elif isinstance(stamp, int):
        item["issued"] = {"date-parts": [[time.gmtime(stamp / 1000).tm_year]]}
    return item


def _csl_name(name: str) -> dict[str, str]:
    """An arXiv author ("Joo Seong Jeong", "Jan van der Berg") in CSL-JSON parts, split by
    BibTeX's "First von Last" rule (plbib's BibTeX name grammar)."""
    from .formats.bibtex.names import parse_names

    names, _, _ = parse_names(name.replace(",", " "))
    if len(names) != 1 or names[0].literal:
        return {"literal": name}
    person = names[0]
    parts = {"family": person.family, "given": person.given,
             "non-dropping-particle": person.particle, "suffix": person.suffix}
    return {key: value for key, value in parts.items() if value}


def _text(element: ElementTree.Element, path: str) -> str:
    """An element's text, its hard line wraps undone."""
    found = element.find(path, _ATOM)
    return " ".join((found.text or "").split()) if found is not None else ""


__all__ = ["ACL_URL", "ARXIV_URL", "DBLP_URL", "DOI_URL", "OPENREVIEW_URL", "Client",
           "Identifier", "LookupFailed", "Snippet", "csl_item", "csl_items", "identify",
           "snippets", "user_agent"]
