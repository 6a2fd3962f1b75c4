"""The canonical YAML: reading with validation, and writing.

The format is documented in docs/format.md. In short::

    sections: [Model, Input, …]        # the list's headings, in order
    venues: venues.yaml                # optional: a venue registry beside this file
    papers:
      - key: yu2022orca
        type: conference-paper
        section: Inference engine
        title: "{Orca}: A Distributed Serving System for Transformer-Based Generative Models"
        authors: ["Yu, Gyeong-In", "Jeong, Joo Seong", …]   # a last "others" = "and others"
        venue: OSDI
        year: 2022
        …

Reading collects *every* problem before it raises, and puts the line on each.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import yamlsource
from .errors import (
    DuplicateError,
    InvalidValueError,
    MissingFieldError,
    PlbibError,
    Severity,
    UnknownFieldError,
    UnknownReferenceError,
    ValidationFailed,
    errors_only,
)
from .folding import title_words
from .keys import KEY_PATTERN, STOPWORDS, base_key
from .model import (
    REQUIRED,
    YAML_FIELDS,
    EntryType,
    Name,
    Pages,
    PaperList,
    Record,
    Title,
    TitleMarkupError,
)
from .venues import VenueRegistry

# --------------------------------------------------------------------------- bundled data


def bundled_path(name: str) -> Path:
    """A bundled data file: inside the installed wheel, else in the repository's data/."""
    packaged = resources.files("plbib") / "_data" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / name


@lru_cache(maxsize=8)
def _registry_from(path: str, mtime: float) -> VenueRegistry:
    text = yamlsource.read_text(path)
    return VenueRegistry.from_data(yamlsource.parse(text, path), file=path)


def load_venues(path: str | os.PathLike[str] | None = None) -> VenueRegistry:
    """The venue registry at ``path``, or the bundled one."""
    name = os.fspath(path) if path is not None else str(bundled_path("venues.yaml"))
    try:
        mtime = os.stat(name).st_mtime
    except OSError:
        mtime = 0.0
    return _registry_from(name, mtime)


# --------------------------------------------------------------------------- field values


class _Invalid(ValueError):
    """A field value is wrong; carries the hint for the fix."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def _short(value: object) -> str:
    """A bounded description of a bad value (never walks a huge nested structure)."""
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(value: object) -> str | None:
    if value.__class__ is str:  # the common case first: this runs for most fields
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Invalid(f"expected text, found {_short(value)}")
    text = str(value).strip()
    return text or None


def _number_text(value: object) -> str | None:
    """Volume, issue and article numbers: text, but YAML may read ``5`` as an int."""
    if isinstance(value, float):
        raise _Invalid(f"expected a number or text, found {_short(value)}",
                       "quote it if it really has a decimal point")
    return _text(value)


def _require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{what} must be text, found {_short(value)}")
    return value


def _key(value: object) -> str:
    key = _require_str(value, "the key").strip()
    if not KEY_PATTERN.match(key):
        raise _Invalid(f"{key!r} is not a usable citation key",
                       "use letters, digits and _ : . - / + only, starting with a letter or digit")
    return key


def _type(value: object) -> EntryType:
    if isinstance(value, EntryType):
        return value
    try:
        return EntryType(_require_str(value, "the type"))
    except ValueError:
        close = difflib.get_close_matches(str(value), [t.value for t in EntryType], n=1)
        hint = f"did you mean {close[0]!r}?" if close else (
            "use one of: " + ", ".join(t.value for t in EntryType))
        raise _Invalid(f"unknown entry type {value!r}", hint) from None


def _title(value: object) -> Title | None:
    if isinstance(value, Title):
        return value or None
    text = _text(value)
    if text is None:
        return None
    try:
        return Title.parse(text)
    except TitleMarkupError as exc:
        raise _Invalid(f"{exc} (at character {exc.position + 1})",
                       "braces mark case-protected spans like {GPTQ} and $...$ math; "
                       "escape a literal brace or dollar as \\{, \\} or \\$") from None


_NAME_FIELDS = ("family", "given", "particle", "suffix", "literal")


@lru_cache(maxsize=65536)
def parse_name(text: str) -> Name:
    """``"Family, Given"`` or ``"Family, Suffix, Given"``; leading lowercase words of the
    family part are the particle (BibTeX's rule): ``"van der Berg, Jan"``."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) not in (2, 3) or not parts[0]:
        raise _Invalid(
            f"cannot read the name {text!r}",
            "write 'Family, Given' (or 'Family, Jr., Given'); for an organisation or a "
            "name that does not fit, use a mapping such as {literal: Google DeepMind}",
        )
    words = parts[0].split()
    split = 0
    while split < len(words) - 1 and words[split][:1].islower():
        split += 1
    particle, family = " ".join(words[:split]), " ".join(words[split:])
    given = parts[-1]
    suffix = parts[1] if len(parts) == 3 else ""
    return Name(family=family, given=given, particle=particle, suffix=suffix)


def _name(value: object) -> Name:
    if isinstance(value, Name):
        return value
    if isinstance(value, str):
        return parse_name(value)
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in _NAME_FIELDS]
        if unknown:
            raise _Invalid(f"unknown name part {unknown[0]!r}",
                           f"a name mapping has: {', '.join(_NAME_FIELDS)}")
        parts = {k: _require_str(v, f"name part {k!r}").strip()
                 for k, v in value.items() if v is not None}
        try:
            return Name(**parts)
        except ValueError as exc:
            raise _Invalid(f"{exc}: {_short(dict(value))}") from None
    raise _Invalid(f"a name is text or a mapping, found {_short(value)}")


def _names(value: object) -> tuple[tuple[Name, ...], bool]:
    if not isinstance(value, list):
        raise _Invalid(f"expected a list of names, found {_short(value)}",
                       "write one name per line: '- Family, Given'")
    more = bool(value) and isinstance(value[-1], str) and value[-1] == "others"
    names = value[:-1] if more else value
    if all(name.__class__ is Name for name in names):  # from another format's reader
        return tuple(names), more
    if any(isinstance(n, str) and n == "others" for n in names):
        raise _Invalid("'others' may only end a name list")
    return tuple(_name(item) for item in names), more


#: years valid whatever today's date (valid years run to next year, and this was written
#: in 2026): only a later year needs the clock
_YEARS_ALWAYS_VALID = range(1800, 2027)


def _year(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"the year must be a number, found {_short(value)}", "e.g. year: 2022")
    if value in _YEARS_ALWAYS_VALID:  # no need to ask the clock (a cost in bulk imports)
        return value
    latest = datetime.date.today().year + 1
    if not 1800 <= value <= latest:
        raise _Invalid(f"year {value} is out of range", f"use a year from 1800 to {latest}")
    return value


_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}


def _month(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in _MONTHS:
        return _MONTHS[value.strip().lower()]
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise _Invalid(f"month {_short(value)} is out of range", "write a number from 1 to 12")
    return value


def _pages(value: object) -> Pages | None:
    if isinstance(value, Pages):
        return value
    text = _number_text(value)
    if text is None:
        return None
    try:
        return Pages.parse(text)
    except ValueError as exc:
        raise _Invalid(str(exc), "write a range as 521-538, or one page or article id") from None


DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


def _doi(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    if not DOI_PATTERN.match(text):
        hint = "write the bare DOI, e.g. 10.1145/3575693.3575712"
        if "doi.org/" in text:
            hint = "drop the https://doi.org/ prefix: " + text.split("doi.org/", 1)[1]
        raise _Invalid(f"{text!r} is not a DOI", hint)
    return text


def _url(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", text):
        raise _Invalid(f"{text!r} is not an http(s) URL", "write a full URL: https://…")
    return text


ARXIV_PATTERN = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def _arxiv(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    text = text.removeprefix("arXiv:").removeprefix("arxiv:")
    if not ARXIV_PATTERN.match(text):
        raise _Invalid(f"{text!r} is not an arXiv identifier",
                       "write e.g. 2210.17323 (or hep-th/9901001 for old ones)")
    return text


def _isbn(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    digits = text.replace("-", "").replace(" ", "").upper()
    valid = False
    if len(digits) == 13 and digits.isdigit():
        valid = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    elif len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        valid = total % 11 == 0
    if not valid:
        raise _Invalid(f"{text!r} is not a valid ISBN (wrong length or check digit)",
                       "copy the ISBN-13 (or ISBN-10) from the book's copyright page")
    return text


def _aliases(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Invalid(f"expected a list of titles, found {_short(value)}")
    return tuple(t for t in (_text(item) for item in value) if t)


#: How each YAML field but the name lists (:func:`_names`) becomes a model value.
_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "key": _key, "type": _type, "section": _text, "title": _title, "aliases": _aliases,
    "venue": _text, "year": _year, "month": _month,
    "container_title": _title, "volume": _number_text, "issue": _number_text,
    "number": _number_text, "pages": _pages, "publisher": _text, "event_place": _text,
    "isbn": _isbn, "doi": _doi, "url": _url, "link": _url, "arxiv": _arxiv,
    "affiliation": _text, "code": _url, "note": _text,
}
_NAME_LISTS = ("authors", "editors")
# every field the Record declares for YAML is read, and nothing else
assert set(_CONVERTERS) | set(_NAME_LISTS) == set(YAML_FIELDS)

#: the same, each requirement as a tuple of options (checked once per record)
_REQUIRED_OPTIONS: dict[EntryType, tuple[tuple[str, ...], ...]] = {
    kind: tuple(need if isinstance(need, tuple) else (need,) for need in needs)
    for kind, needs in REQUIRED.items()
}


# --------------------------------------------------------------------------- reading


DataPath = tuple[str | int, ...]
#: Finds the lines of values from their paths in the canonical data (("papers", 3, "doi")).
Locate = Callable[[Sequence[DataPath]], list[int | None]]


class _Problems:
    """Collects problems with their data paths; lines are filled in once, at the end."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.items: list[tuple[PlbibError, DataPath]] = []

    def add(self, error: PlbibError, path: DataPath) -> None:
        error.file = self.file
        self.items.append((error, path))

    def located(self, locate: Locate) -> list[PlbibError]:
        missing = [(error, path) for error, path in self.items if error.line is None]
        for (error, _), line in zip(missing, locate([p for _, p in missing]), strict=True):
            error.line = line
        return sorted((error for error, _ in self.items), key=lambda e: e.line or 0)


class _FailedFields:
    """Key under which a reader lists fields it has reported as unreadable (not a str, so
    no YAML file can contain it)."""

    def __repr__(self) -> str:
        return "FAILED_FIELDS"


FAILED_FIELDS: Any = _FailedFields()


@dataclass(slots=True)
class _Checked:
    """One paper after conversion: its record, or (when it has errors) the fields that could
    be converted, so that the list-wide checks still see them."""

    index: int
    label: str
    record: Record | None
    values: dict[str, Any] | None
    bad: bool = False

    def get(self, name: str) -> Any:
        if self.record is not None:
            return getattr(self.record, name)
        return self.values.get(name) if self.values is not None else None


def _convert(item: object, index: int, problems: _Problems, complete: bool = True
             ) -> _Checked | None:
    """The paper's fields converted to model values; a bad field is reported and left out.

    Returns None when the item is not a mapping at all.
    """
    path: tuple[str | int, ...] = ("papers", index)
    if not isinstance(item, dict):
        problems.add(InvalidValueError(
            f"paper #{index + 1} is {_short(item)}, not a mapping of fields",
            hint="start each paper with '- key: …' and indent its fields"), path)
        return None
    raw_key = item.get("key")
    label = raw_key if isinstance(raw_key, str) else f"paper #{index + 1}"
    values: dict[str, Any] = {}
    failed: set[str] = set(item.get(FAILED_FIELDS, ()))
    for name, raw in item.items():
        converter = _CONVERTERS.get(name)
        if converter is None and name not in _NAME_LISTS:
            if name is FAILED_FIELDS:
                continue
            close = difflib.get_close_matches(str(name), YAML_FIELDS, n=1, cutoff=0.6)
            problems.add(UnknownFieldError(
                f"unknown field {str(name)!r}", key=label, field=str(name),
                hint=f"did you mean {close[0]!r}?" if close else
                "see docs/format.md for the fields"), (*path, str(name)))
            # a misspelt required field is reported once, here, not again as missing
            failed.update([str(name), *close])
            continue
        try:
            if name == "authors":
                values["authors"], values["more_authors"] = _names(raw)
            elif name == "editors":
                values["editors"], _ = _names(raw)
            elif converter is not None:
                value = converter(raw)
                if value is not None:  # absent, as if not written: no None for Record
                    values[name] = value
        except _Invalid as exc:
            problems.add(InvalidValueError(str(exc), key=label, field=name, hint=exc.hint),
                         (*path, name))
            failed.add(name)
    if _check_required(values, failed, label, path, problems, complete) and not failed:
        record = Record(**values)
        return _Checked(index, label, record, None)
    return _Checked(index, label, None, values)


def _check_required(values: dict[str, Any], failed: set[str], label: str,
                    path: tuple[str | int, ...], problems: _Problems,
                    complete: bool = True) -> bool:
    """Report required fields that are absent (a present but invalid one is reported once,
    as invalid, not again as missing)."""
    ok = True
    for name in ("key", "type", "title"):
        if values.get(name) is not None:
            continue
        ok = False
        if name in failed:
            continue
        hint = None
        if name == "key" and isinstance(values.get("title"), Title):
            suggestion = base_key(values.get("authors", ()), values.get("year"),
                                  values["title"])
            hint = f"add 'key: {suggestion}' (the key rule's suggestion)"
        problems.add(MissingFieldError(f"the required field '{name}' is missing",
                                       key=label, field=name, hint=hint), path)
    entry_type = values.get("type")
    if entry_type.__class__ is EntryType:
        for options in _REQUIRED_OPTIONS[entry_type]:
            for option in options:
                if values.get(option) or option in failed:
                    break
            else:
                problems.add(MissingFieldError(
                    f"a {entry_type.value} needs {' or '.join(repr(o) for o in options)}",
                    key=label, field=options[0],
                    hint="add it, or change 'type' if this is another kind of publication",
                    severity=Severity.ERROR if complete else Severity.WARNING), path)
                ok = ok and not complete
    return ok


def _sections(data: Mapping[str, Any], problems: _Problems) -> tuple[str, ...]:
    raw = data.get("sections")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        problems.add(InvalidValueError("sections must be a list of headings",
                                       field="sections",
                                       hint="e.g. sections: [Model, Input]"), ("sections",))
        return ()
    duplicated = sorted({s for s in raw if raw.count(s) > 1})
    if duplicated:
        problems.add(DuplicateError(f"section {duplicated[0]!r} is declared twice",
                                    field="sections"), ("sections",))
    return tuple(s.strip() for s in raw)


_TOP_LEVEL = ("intro", "sections", "venues", "papers")


def records_from_data(data: object, *, file: str | None = None, text: str = "",
                      base_dir: Path | None = None, venues: VenueRegistry | None = None,
                      locate: Locate | None = None, lenient: bool = False,
                      earlier: Sequence[PlbibError] = (), complete: bool = True) -> PaperList:
    """Validate data in the canonical shape and build the records.

    Every reader ends here, so every format gets the same checks. ``locate`` maps data paths
    to lines (default: lines in the YAML ``text``); ``earlier`` are problems the reader found
    itself. The ``papers`` list is consumed: each raw mapping is freed once converted.
    Raises :class:`ValidationFailed` listing every problem, unless ``lenient``: then the
    good records are kept and every problem is in ``warnings``. With ``complete`` false
    (a Markdown list, which holds no authors), a field an entry type needs is a warning.
    """
    problems = _Problems(file)
    for error in earlier:
        problems.add(error, ())
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
        raise ValidationFailed([InvalidValueError(
            "a plbib list is a mapping with a 'papers' list", file=file, line=1,
            hint="start the file with 'papers:' followed by '- key: …' items (docs/format.md)",
        )], file=file)
    for name in data:
        if name not in _TOP_LEVEL:
            close = difflib.get_close_matches(str(name), _TOP_LEVEL, n=1)
            problems.add(UnknownFieldError(
                f"unknown top-level field {str(name)!r}", field=str(name),
                hint=f"did you mean {close[0]!r}?" if close else
                f"the top level has: {', '.join(_TOP_LEVEL)}"), (str(name),))
    sections = _sections(data, problems)
    intro = data.get("intro")
    if intro is not None and not isinstance(intro, str):
        problems.add(InvalidValueError("intro must be text (Markdown)", field="intro",
                                       hint="write it as a block: 'intro: |' and indented "
                                            "lines"), ("intro",))
        intro = None
    registry = _registry_for(data, base_dir, file, venues)
    papers = data["papers"]
    entries: list[_Checked] = []
    for index, item in enumerate(papers):
        checked = _convert(item, index, problems, complete)
        papers[index] = None  # the raw mapping is no longer needed: free it as we go
        if checked is not None:
            entries.append(checked)
    _check_references(entries, sections, registry, problems)
    _check_duplicates(entries, problems)
    found = problems.located(locate or yamlsource.Locator(text).lines) \
        if problems.items else []
    if errors_only(found) and not lenient:
        raise ValidationFailed(found, file=file)
    return PaperList(
        records=tuple(e.record for e in entries if e.record is not None and not e.bad),
        sections=sections, source=file, venues=registry, warnings=tuple(found),
        intro=intro)


def _registry_for(data: Mapping[str, Any], base_dir: Path | None, file: str | None,
                  given: VenueRegistry | None) -> VenueRegistry:
    """The registry a YAML list names (``venues: path``, relative to ``base_dir``), else
    the one given, else the bundled one."""
    declared = data.get("venues")
    if declared is None:
        return given if given is not None else load_venues()
    if not isinstance(declared, str):
        raise ValidationFailed([InvalidValueError(
            "venues must be the path of a venue registry", file=file, field="venues")], file)
    path = (base_dir or Path.cwd()) / declared
    return load_venues(path)


def _check_references(entries: Sequence[_Checked], sections: tuple[str, ...],
                      registry: VenueRegistry, problems: _Problems) -> None:
    declared = set(sections)
    for entry in entries:
        label, venue, section = entry.label, entry.get("venue"), entry.get("section")
        path: DataPath = ("papers", entry.index)
        if venue is not None and venue not in registry:
            entry.bad = True
            close = registry.suggest(venue)
            problems.add(UnknownReferenceError(
                f"unknown venue {venue!r}", key=label, field="venue",
                hint=(f"did you mean {close[0]!r}? " if close else "")
                + "venues are declared in venues.yaml"), (*path, "venue"))
        if sections and section is None and (entry.values is None or
                                             "section" not in entry.values):
            entry.bad = True
            problems.add(MissingFieldError(
                "this list has sections; the record needs one", key=label,
                field="section", hint=f"one of: {', '.join(sections)}"), path)
        elif section is not None and sections and section not in declared:
            entry.bad = True
            close = difflib.get_close_matches(section, sections, n=1)
            problems.add(UnknownReferenceError(
                f"unknown section {section!r}", key=label, field="section",
                hint=f"did you mean {close[0]!r}?" if close else
                "declare it under 'sections' at the top of the file"), (*path, "section"))


def _check_duplicates(entries: Sequence[_Checked], problems: _Problems) -> None:
    """Report duplicate keys and DOIs (errors; the repeating record is marked bad) and
    near-duplicate titles (warnings)."""
    first_key: dict[str, str] = {}
    first_doi: dict[str, str] = {}
    titled: list[tuple[int, str, str]] = []
    for entry in entries:
        index = entry.index
        key, doi, title = entry.get("key"), entry.get("doi"), entry.get("title")
        if key is not None:
            folded = key.casefold()
            if folded in first_key:
                other = first_key[folded]
                problems.add(DuplicateError(
                    "the key is already used by another record"
                    + ("" if other == key else f" ({other})"), key=key, field="key",
                    hint="keys must be unique" + ("" if other == key else
                         "; BibTeX treats keys that differ only in case as the same")),
                    ("papers", index, "key"))
                entry.bad = True
            else:
                first_key[folded] = key
        if doi is not None:
            if doi.casefold() in first_doi:
                problems.add(DuplicateError(
                    f"DOI {doi} is also the DOI of {first_doi[doi.casefold()]}",
                    key=entry.label, field="doi",
                    hint="the same paper is listed twice; merge the two records"),
                    ("papers", index, "doi"))
                entry.bad = True
            else:
                first_doi[doi.casefold()] = entry.label
        if isinstance(title, Title):
            titled.append((index, entry.label, title.text))
    for index, label, other, exact in near_duplicate_titles(titled):
        problems.add(DuplicateError(
            f"the title {'is the same as' if exact else 'is almost the same as'} that of "
            f"{other}", key=label, field="title",
            hint="if both records are the same paper, merge them", severity=Severity.WARNING),
            ("papers", index, "title"))


def near_duplicate_titles(
    titles: Sequence[tuple[int, str, str]],
) -> list[tuple[int, str, str, bool]]:
    """(index, label, other label, exact) for each title that reads the same or almost the
    same as an earlier one; ``titles`` holds (index, label, title text).

    Titles are normalised (case, accents, punctuation, spacing). "Almost the same" means one
    word differs: a misspelt word (``Sytem``/``System``), or one word more or less where that
    word is a stopword or the title is long (six words or more). Titles that differ in one
    *different* word (``Serving``/``Training``) are different papers.

    Each title is indexed under itself and under every one-word deletion of itself (titles
    of three words or more), so only real candidates are compared and the check stays
    linear in the number of records. A key is the sum of the words' hashes, a deletion's
    the sum less that word's: one addition per word instead of a new string per deletion.
    Titles with the same words in another order share keys too; comparing the words
    rejects them.
    """
    # key -> the first title's order, or a list of orders once a second title shares it
    # (most keys are never shared: no list for them, one dict operation per key)
    index: dict[int, int | list[int]] = {}
    seen: list[tuple[str, list[str]]] = []
    found: list[tuple[int, str, str, bool]] = []
    for order, (position, label, text) in enumerate(titles):
        words = title_words(text)
        seen.append((label, words))
        hashes = list(map(hash, words))
        whole = sum(hashes)
        keys = {whole - h for h in hashes} if len(words) >= 3 else set()
        keys.add(whole)
        earlier: set[int] = set()
        for key in keys:
            first = index.setdefault(key, order)
            if first is order:
                continue
            if isinstance(first, int):
                earlier.add(first)
                index[key] = [first, order]
            else:
                earlier.update(first)
                first.append(order)
        for other in sorted(earlier):  # the earliest matching title is named
            other_label, other_words = seen[other]
            kind = _title_difference(words, other_words)
            if kind is not None:
                found.append((position, label, other_label, kind == "same"))
                break
    return found


def title_difference(a: str, b: str) -> str | None:
    """``"same"``, ``"near"`` (one word apart, as :func:`near_duplicate_titles` judges) or
    None for two titles."""
    return _title_difference(title_words(a), title_words(b))


def _title_difference(a: list[str], b: list[str]) -> str | None:
    """``"same"``, ``"near"`` or None (different papers) for two normalised titles."""
    if a == b:
        return "same"
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        if len(diff) == 1:
            x, y = diff[0]
            similar = difflib.SequenceMatcher(None, x, y).ratio() >= 0.75
            return "near" if similar and min(len(x), len(y)) >= 4 else None
        return None
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) - len(short) != 1:
        return None
    extra = next((w for i, w in enumerate(long) if i >= len(short) or short[i] != w), long[-1])
    if long[:long.index(extra)] + long[long.index(extra) + 1:] != short:
        return None
    return "near" if extra in STOPWORDS or len(short) >= 6 else None


def loads(text: str, *, file: str | None = None, base_dir: Path | None = None,
          venues: VenueRegistry | None = None, lenient: bool = False) -> PaperList:
    """Read canonical YAML text (venues: see :func:`_registry_for`)."""
    with yamlsource.gc_paused():
        lines: dict[int, int] = {}
        data = yamlsource.parse(text, file, lines)
        papers = data.get("papers") if isinstance(data, dict) else None
        record_lines = [lines.get(id(p)) for p in papers] if isinstance(papers, list) else []
        lines.clear()
        locate = yamlsource.RecordLocator(text, record_lines).lines
        return records_from_data(data, file=file, text=text, base_dir=base_dir, venues=venues,
                                 locate=locate, lenient=lenient)


def load(path: str | os.PathLike[str] | None = None, *,
         max_bytes: int = yamlsource.DEFAULT_MAX_BYTES,
         venues: VenueRegistry | None = None) -> PaperList:
    """Read a canonical YAML file; with no path, the bundled list."""
    file = Path(path) if path is not None else bundled_path("papers.yaml")
    text = yamlsource.read_text(file, max_bytes=max_bytes)
    return loads(text, file=os.fspath(path) if path is not None else str(file),
                 base_dir=file.parent, venues=venues)


def check(path: str | os.PathLike[str] | None = None, *,
          max_bytes: int = yamlsource.DEFAULT_MAX_BYTES) -> list[PlbibError]:
    """Every problem in a canonical file (errors and warnings); an empty list if none."""
    try:
        papers = load(path, max_bytes=max_bytes)
    except ValidationFailed as failed:
        return list(failed.problems)
    except PlbibError as error:
        return [error]
    return [w for w in papers.warnings if isinstance(w, PlbibError)]


# --------------------------------------------------------------------------- writing


def format_name(name: Name) -> str | dict[str, str]:
    """The short string form when it reads back to the same name, else the mapping form."""
    if not name.literal and "," not in name.given + name.family + name.particle + name.suffix:
        family = f"{name.particle} {name.family}" if name.particle else name.family
        middle = f"{name.suffix}, " if name.suffix else ""
        text = f"{family}, {middle}{name.given}"
        try:
            if parse_name(text) == name:
                return text
        except _Invalid:
            pass
    return {k: getattr(name, k) for k in _NAME_FIELDS if getattr(name, k)}


def _names_data(names: Sequence[Name], more: bool) -> list[object]:
    out: list[object] = [format_name(n) for n in names]
    if more:
        out.append("others")
    return out


def record_to_data(record: Record) -> dict[str, Any]:
    """The record as the mapping the canonical YAML writes (absent fields left out)."""
    data: dict[str, Any] = {"key": record.key, "type": record.type.value}
    for name in YAML_FIELDS[2:]:
        value = getattr(record, name)
        if name == "authors":
            if value or record.more_authors:
                data[name] = _names_data(value, record.more_authors)
        elif name == "editors":
            if value:
                data[name] = _names_data(value, False)
        elif isinstance(value, Title):
            data[name] = value.markup
        elif isinstance(value, Pages):
            data[name] = str(value)
        elif name == "aliases":
            if value:
                data[name] = list(value)
        elif value is not None:
            data[name] = value
    return data


_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """The canonical dumper: multi-line text (the intro) as a literal ``|`` block."""


def _text_block(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_block)

HEADER = "# plbib paper list (canonical YAML; format: docs/format.md)\n"


def dumps(records: Sequence[Record], *, sections: Sequence[str] | None = None,
          intro: str | None = None) -> str:
    """Canonical YAML for the records; the same records always give the same bytes."""
    if sections is None:
        sections = getattr(records, "sections", None) or []
    if intro is None:
        intro = getattr(records, "intro", None)
    data: dict[str, Any] = {}
    if intro:
        data["intro"] = intro
    if sections:
        data["sections"] = list(sections)
    data["papers"] = [record_to_data(r) for r in records]
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100, indent=2)
    return HEADER + body
