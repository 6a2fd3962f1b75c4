"""Completing records from the services that hold their metadata (``plbib enrich``).

A record missing authors, pages, DOI, venue or year is looked up by what identifies it —
its DOI, its arXiv id, or a link to the ACL Anthology, a DOI, arXiv or DBLP — else by its
exact title in DBLP's search (one paper with that title; a CoRR copy of a paper published
elsewhere does not count as a second). What the service knows fills the record's empty
fields; a field that has a value is changed only with ``overwrite``. The list is rewritten
record by record (every other line, comments included, stays), atomically, under the
list's update lock.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from . import formats, lookup, yamlsource
from .edit import before_comments, entry_yaml, record_starts
from .errors import InvalidValueError, PlbibError
from .fileio import updating, write_atomic
from .folding import title_words
from .formats import yaml as canonical_yaml
from .model import PaperList, Record
from .resources import load_venues

#: a record missing any of these is looked up
WANTED = ("authors", "pages", "doi", "venue", "year")
#: the fields a lookup may fill (what a list holds of its own — key, section, title,
#: affiliation, link, code, aliases, note — it never touches)
FILLED = ("authors", "more_authors", "editors", "year", "month", "venue", "container_title",
          "volume", "issue", "number", "pages", "publisher", "event_place", "isbn", "doi",
          "arxiv", "url")


@dataclass(frozen=True)
class Change:
    """One field of one record: what it was and what the service says."""

    key: str
    field: str
    old: object
    new: object

    def __str__(self) -> str:
        return f"{self.key}: {self.field}: {_show(self.old)} -> {_show(self.new)}"


@dataclass
class Outcome:
    """What enriching did: the changes, and which records were completed, not found, or
    found ambiguously (several papers with the title)."""

    changes: list[Change] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    failed: list[PlbibError] = field(default_factory=list)

    def summary(self) -> str:
        return (f"completed {len(self.completed)}, not found {len(self.not_found)}, "
                f"ambiguous {len(self.ambiguous)}, failed {len(self.failed)}")


def enrich(path: str | os.PathLike[str], *, keys: Sequence[str] = (), dry_run: bool = False,
           overwrite: bool = False, client: lookup.Client | None = None,
           progress: Callable[[int, int, str], None] | None = None) -> Outcome:
    """Complete the records of the canonical list at ``path`` (only ``keys``, if given)."""
    target = Path(path)
    client = client or lookup.Client()
    outcome = Outcome()
    with updating(target):
        text = yamlsource.read_text(target)
        # a list still to be completed (no authors yet) is what this is for
        papers = canonical_yaml.read(text, file=str(target), base_dir=target.parent,
                                     complete=False, venues=load_venues())
        unknown = sorted(set(keys) - set(papers.keys()))
        if unknown:
            raise InvalidValueError(f"there is no record with key {unknown[0]!r}",
                                    field="keys", file=str(target))
        chosen = [(index, record) for index, record in enumerate(papers)
                  if (not keys or record.key in keys)
                  and (overwrite or any(not getattr(record, f) for f in WANTED))]
        updated: dict[int, Record] = {}
        for done, (index, record) in enumerate(chosen):
            if progress is not None:
                progress(done, len(chosen), record.key)
            found = _found(record, papers, client, outcome)
            if found is None:
                continue
            new, changes = merged(record, found, overwrite)
            if changes:
                updated[index] = new
                outcome.changes.extend(changes)
                outcome.completed.append(record.key)
        if updated and not dry_run:
            text = _rewritten(text, updated)
            canonical_yaml.read(text, file=str(target), base_dir=target.parent,
                                complete=False, venues=load_venues())  # still valid
            write_atomic(target, text)
    return outcome


def merged(record: Record, found: Record, overwrite: bool) -> tuple[Record, list[Change]]:
    """The record with the found values in its empty fields (in every field the service
    knows, with ``overwrite``), and the changes."""
    changes = []
    values: dict[str, object] = {}
    for name in FILLED:
        old, new = getattr(record, name), getattr(found, name)
        if not new or new == old or (old and not overwrite):
            continue
        values[name] = new
        changes.append(Change(record.key, name, old, new))
    return record.replace(**values), changes


def _found(record: Record, papers: PaperList, client: lookup.Client,
           outcome: Outcome) -> Record | None:
    """The service's record for this one, or None (noted in ``outcome``)."""
    try:
        identifier = _identifier(record) or _dblp_key(record, client, outcome)
        if identifier is None:
            return None
        snippet = lookup.snippets([identifier], client)[0]
        read = formats.get(snippet.format).read(snippet.text, file=str(snippet.identifier),
                                                lenient=True, venues=papers.venues,
                                                **dict(snippet.options))
    except PlbibError as error:
        outcome.failed.append(error)
        return None
    if not read:
        outcome.not_found.append(record.key)
        return None
    return read[0]


def _identifier(record: Record) -> str | None:
    """What identifies the record to a service: its DOI, arXiv id, or a link that names
    one (the ACL Anthology, doi.org, arXiv, DBLP)."""
    if record.doi:
        return record.doi
    if record.arxiv:
        return record.arxiv
    for link in (record.link, record.url):
        if link:
            try:
                return str(lookup.identify(link).value)
            except lookup.LookupFailed:
                continue
    return None


def _dblp_key(record: Record, client: lookup.Client, outcome: Outcome) -> str | None:
    """The DBLP key of the one paper DBLP's search finds with exactly this title."""
    base = os.environ.get("PLBIB_DBLP_URL") or lookup.DBLP_URL
    what = lookup.Identifier("dblp", f"search {record.title.text!r}")
    body = client.get(f"{base}search/publ/api?q={quote(record.title.text)}&format=json&h=30",
                      "application/json", what, "DBLP search")
    try:
        hits = json.loads(body)["result"]["hits"].get("hit", [])
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
        raise lookup.LookupFailed(f"{what}: DBLP's search answered with something that is not "
                                  "its JSON", field="identifier") from None
    wanted = title_words(record.title.text)
    keys = [hit["info"]["key"] for hit in hits if isinstance(hit, dict)
            and title_words(str(hit.get("info", {}).get("title", ""))) == wanted
            and "key" in hit.get("info", {})]
    published = [key for key in keys if not key.startswith("journals/corr/")]
    keys = published or keys
    if not keys:
        outcome.not_found.append(record.key)
        return None
    if len(set(keys)) > 1:
        outcome.ambiguous.append(record.key)
        return None
    return str(keys[0])


def _rewritten(text: str, updated: dict[int, Record]) -> str:
    """The list's text with each updated record's item written anew in place."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    starts = record_starts(text)
    for index in sorted(updated, reverse=True):  # from the end: earlier lines stay put
        start = starts[index]
        end = before_comments(lines, starts[index + 1]) if index + 1 < len(starts) \
            else len(lines) + 1
        while end - 1 > start and lines[end - 2].strip() == "":
            end -= 1  # the blank lines before the next item stay
        first = lines[start - 1]
        indent = first[:len(first) - len(first.lstrip())]
        lines[start - 1:end - 1] = [entry_yaml(updated[index], indent)]
    return "".join(lines)


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "; ".join(map(str, value)) or "(none)"
    return "(none)" if value in (None, "", False) else str(value)


__all__ = ["FILLED", "WANTED", "Change", "Outcome", "enrich", "merged"]
