"""What citeproc-py is given: the records' CSL variables, as the CSL-JSON writer makes them
but not escaped for JSON text (:func:`plbib.formats.csljson.items` with ``escaped=False``),
normalised as citeproc-js normalises its input: ``event-title`` becomes ``event``
(citeproc-js 2.4 does this; CSL 1.0.1 styles and citeproc-py know only ``event``),
straight apostrophes become typographic ones ("SenSys ’21"), the note's ``key: value``
lines are read as citeproc-js reads them (:func:`read_note_fields`), and particles are
found in names as citeproc-js finds them (:func:`parse_particles`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from ..model import MAPPED, Record
from ..venues import VenueRegistry

_TEXT_VARIABLES = ("title", "note", "container-title", "container-title-short", "event",
                   "event-title", "event-place", "publisher", "publisher-place", "volume",
                   "issue", "number", "page", "citation-label", "title-short",
                   "collection-title", "edition")

_CITEPROC_PY_VARIABLES = frozenset({
    "id", "type", "title", "author", "editor", "container-title", "container-title-short",
    "event", "event-place", "publisher", "volume", "issue", "number", "page", "page-first",
    "issued",
    "ISBN", "DOI", "URL", "citation-label", "note",
    # the fields every format has a place for (model.MAPPED)
    *(meta["csl"] for meta in MAPPED.values())})

_PAGE_SEPARATOR = re.compile("[-\u2013,&]")

#: citeproc-js's CSL.NOTE_FIELD_REGEXP: a lower-case (or all-capitals) key, a colon, a value
_NOTE_FIELD = re.compile(r"^([\-_a-z]+|[A-Z]+):\s*([^}]+)$")
_NAME_VARIABLES = frozenset({"author", "editor", "translator", "container-author",
                             "collection-editor", "composer", "director", "illustrator",
                             "interviewer", "original-author", "recipient", "reviewed-author"})
_DATE_VARIABLES = frozenset({"issued", "accessed", "event-date", "original-date",
                             "submitted", "available-date"})


def read_note_fields(item: dict[str, Any]) -> None:
    """The note as citeproc-js reads it (``CSL.parseNoteFieldHacks``): from its first line
    on, ``key: value`` lines set variables the item lacks and leave the note; a first line
    of another form is skipped, any later one ends the reading. plbib's note starts with
    "Citation Key: …", which is not such a line (the key has a space and capitals), so
    its "arXiv: …" line ends the reading and the whole note stays, as citeproc-js
    prints it."""
    lines = str(item["note"]).split("\n")
    names: dict[str, list[dict[str, str]]] = {}
    for index, line in enumerate(lines):
        found = _NOTE_FIELD.match(line)
        if not line.strip():
            continue
        if not found:
            if index == 0:
                continue
            break
        key, value = found.group(1), found.group(2).strip()
        if key == "type":
            item["type"] = value
        elif key.removeprefix("alt-") in _DATE_VARIABLES:
            if key in item:
                continue
            item[key] = {"raw": value}
        elif key in item:
            continue
        elif key.removeprefix("alt-") in _NAME_VARIABLES:
            parts = re.split(r"\s*\|\|\s*", value)
            if len(parts) <= 2:
                names.setdefault(key, []).append(
                    {"literal": parts[0]} if len(parts) == 1 else
                    {"family": parts[0], "given": parts[1]})
        else:
            item[key] = value
        lines[index] = ""
    item.update(names)
    item["note"] = "\n".join(lines).strip()


#: citeproc-js's CSL.PARTICLE_FAMILY_REGEXP / PARTICLE_GIVEN_REGEXP (the latter read on the
#: reversed given name, so it finds trailing words)
_FAMILY_PARTICLE = re.compile(r"^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$", re.DOTALL)
_GIVEN_PARTICLE = re.compile(r"^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$", re.DOTALL)
_FIRST_LETTER = re.compile(r"^[-'\u02bb\u2019\s]*(.)", re.DOTALL)


def _leading_particles(text: str, pattern: re.Pattern[str], reversed_text: bool = False
                       ) -> tuple[str, str]:
    """(particles, rest): leading words of ``text`` that start with a lower-case letter
    (of a reversed text: whose last letter, read forwards, is their first)."""
    particles = ""
    while (found := pattern.match(text)) is not None:
        word = found[1][::-1] if reversed_text else found[1]
        first = _FIRST_LETTER.match(word)
        if first is None or first[1].upper() == first[1]:
            break
        particles, text = particles + found[1], found[2]
    return particles, text


def parse_particles(person: dict[str, str]) -> None:
    """A person's particles as citeproc-js finds them where the data names none
    (``CSL.parseParticles``): leading lower-case words of the family name (up to a space,
    hyphen or apostrophe) are its non-dropping particle, trailing lower-case words of the
    given name its dropping particle. So "d’Alché-Buc" is read as the particle
    "d’Alché-" and the family name "Buc", and printed "Buc, F. d’Alché-" in inverted
    order — what Zotero users see for this CSL-JSON, so plbib prints the same."""
    if not person.get("family") or not person.get("given") or \
            person.get("non-dropping-particle") or person.get("dropping-particle"):
        return
    particles, family = _leading_particles(person["family"], _FAMILY_PARTICLE)
    if particles:
        trimmed = particles.strip()
        if particles.endswith(" ") and trimmed.endswith(("'", "’")):
            trimmed += " "
        person["family"], person["non-dropping-particle"] = family, trimmed
    reversed_particles, given = _leading_particles(person["given"][::-1], _GIVEN_PARTICLE,
                                                   reversed_text=True)
    if reversed_particles:
        person["given"] = given[::-1]
        person["dropping-particle"] = reversed_particles[::-1].strip()


def citeproc_items(records: Sequence[Record], venues: VenueRegistry | None = None,
                   escape_names: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """The records' CSL-JSON, normalised as citeproc-js normalises its input; names escaped
    for the output format (citeproc-py escapes no value; other variables are escaped as
    they are rendered, by ``_FixedText``)."""
    from ..formats import csljson

    out = []
    for item in csljson.items(records, venues, escaped=False):
        item = dict(item)
        if "event-title" in item:
            item["event"] = item.pop("event-title")
        for name in _TEXT_VARIABLES:
            value = item.get(name)
            if isinstance(value, str):
                item[name] = value.replace("'", "’")
        for role in ("author", "editor", "translator"):
            for person in item.get(role, ()):
                parse_particles(person)
                for part, value in list(person.items()):
                    person[part] = escape_names(value.replace("'", "’"))
        if isinstance(item.get("note"), str):
            read_note_fields(item)
        if isinstance(item.get("page"), str) and "page-first" not in item:
            # citeproc-js derives page-first from page (its first number), for
            # <text variable="page-first"/> and <if variable="page-first">
            item["page-first"] = _PAGE_SEPARATOR.split(item["page"], maxsplit=1)[0].strip()
        out.append({k: v for k, v in item.items() if k in _CITEPROC_PY_VARIABLES})
    return out
