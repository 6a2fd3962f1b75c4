"""The one validation every reader ends in (:func:`validate`): record drafts
(:mod:`plbib.drafts`) made records, with every problem collected, located and reported at
once. The canonical YAML's top level is checked by :func:`records_from_data`, which then
validates its papers the same way.

Per paper: known fields, valid values, no value longer than any bibliographic field,
required fields for its type; across the list: venues and sections that exist, and no
duplicates (:mod:`plbib.duplicates`)."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlsource
from .drafts import RecordDraft
from .duplicates import Duplicate, Identity, duplicates
from .errors import (
    Diagnostic,
    DuplicateError,
    InvalidValueError,
    MissingFieldError,
    Severity,
    UnknownFieldError,
    UnknownReferenceError,
    ValidationFailed,
    errors_only,
)
from .keys import KEY_PATTERN, base_key
from .kinds import KINDS
from .model import (
    STANDARD_REQUIRED,
    YAML_FIELDS,
    Date,
    EntryType,
    Name,
    PaperList,
    Record,
    Title,
    Verbatim,
)
from .resources import load_venues
from .values import CONVERTERS, NAME_LISTS, Invalid, name_list, short
from .venues import VenueRegistry

#: the fields each entry type needs, each need a tuple of alternatives
Requirements = Mapping[EntryType, tuple[tuple[str, ...], ...]]


DataPath = tuple[str | int, ...]
#: Finds the lines of values from their paths in the canonical data (("papers", 3, "doi")).
Locate = Callable[[Sequence[DataPath]], list[int | None]]


class _Problems:
    """Collects diagnostics with their data paths; the lines of those without one are
    found once, at the end (finding a line costs a scan: only problems pay it)."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.items: list[tuple[Diagnostic, DataPath]] = []

    def add(self, problem: Diagnostic, path: DataPath) -> None:
        self.items.append((problem.at(file=self.file), path))

    def located(self, locate: Locate) -> list[Diagnostic]:
        missing = [path for problem, path in self.items if problem.line is None]
        lines = iter(locate(missing))
        located = [problem if problem.line is not None else problem.at(line=next(lines))
                   for problem, _ in self.items]
        return sorted(located, key=lambda p: p.line or 0)


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


def _convert(draft: RecordDraft, index: int, problems: _Problems, complete: bool = True,
             required: Requirements = STANDARD_REQUIRED) -> _Checked | None:
    """The draft's fields converted to model values; a bad field is reported and left out.

    Returns None for a draft that is no record at all (``unread``).
    """
    path: tuple[str | int, ...] = ("papers", index)
    if draft.unread is not None:
        problems.add(Diagnostic(InvalidValueError,
            f"paper #{index + 1} is {draft.unread}, not a mapping of fields",
            hint="start each paper with '- key: …' and indent its fields"), path)
        return None
    raw_key = draft.values.get("key")
    label = raw_key if isinstance(raw_key, str) else f"paper #{index + 1}"
    values: dict[str, Any] = {"more_authors": True} if draft.more_authors else {}
    failed = set(draft.unreadable)
    kept: list[Verbatim] = []  # values refused as model values, kept as written instead
    excused = set(draft.reported)  # fields reported already: not again as missing
    for name, value in draft.typed().items():  # model values: only their size checked
        if _size(value) > MAX_VALUE_CHARS:
            problems.add(_too_long(value, label, name), (*path, name))
            failed.add(name)
        elif value or name == "type":  # an empty title or name list: absent
            values[name] = value
    for name, raw in draft.values.items():
        # most values are text: measured here, without a call
        if (len(raw) if raw.__class__ is str else _size(raw)) > MAX_VALUE_CHARS:
            problems.add(_too_long(raw, label, str(name)), (*path, str(name)))
            failed.add(str(name))
            continue
        converter = CONVERTERS.get(name)
        if converter is None and name not in NAME_LISTS:
            close = difflib.get_close_matches(str(name), YAML_FIELDS, n=1, cutoff=0.6)
            problems.add(Diagnostic(UnknownFieldError,
                f"unknown field {str(name)!r}", key=label, field=str(name),
                hint=f"did you mean {close[0]!r}?" if close else
                "see docs/format.md for the fields"), (*path, str(name)))
            # a misspelt required field is reported once, here, not again as missing
            failed.update([str(name), *close])
            continue
        try:
            if name == "authors":
                values["authors"], more = name_list(raw)
                if more:
                    values["more_authors"] = True
            elif name in NAME_LISTS:  # editors, translators: no "others" in the model
                values[name], _ = name_list(raw)
            elif converter is not None:
                value = converter(raw)
                if value is not None:  # absent, as if not written: no None for Record
                    values[name] = value
        except Invalid as exc:
            verbatim = draft.verbatim(name) if draft.verbatim is not None else None
            if verbatim is None and name in draft.inherited:
                # the crossref parent's value: the parent keeps it as written, and the
                # BibTeX writer leaves it to inheritance
                problems.add(Diagnostic(InvalidValueError, f"{exc} (inherited from its "
                                        "crossref parent: left to the parent)", key=label,
                                        field=name, severity=Severity.WARNING,
                                        hint="BibTeX gets it by inheritance; other formats "
                                             "leave it out"), (*path, name))
                excused.add(name)
                continue
            if verbatim is not None:
                problems.add(Diagnostic(InvalidValueError, f"{exc}; kept as written",
                                        key=label, field=name, severity=Severity.WARNING,
                                        hint=f"its {verbatim.format} field {verbatim.name} "
                                             "is written back as it was; other formats "
                                             "leave it out"), (*path, name))
                kept.append(verbatim)
                excused.add(name)
                continue
            problems.add(Diagnostic(InvalidValueError, str(exc), key=label, field=name,
                                    hint=exc.hint), (*path, name))
            failed.add(name)
    if kept:
        values["extra"] = (*values.get("extra", ()), *kept)
    key = values.get("key")
    if key is not None and not KEY_PATTERN.match(key):
        problems.add(Diagnostic(InvalidValueError, f"the key {key!r} is not portable: some "
                                "tools refuse what it has besides ASCII letters, digits and "
                                "_ : . - / + (pdfLaTeX a letter with an accent, pandoc's "
                                "@key some punctuation)", key=label, field="key",
                                severity=Severity.WARNING,
                                hint="it is kept as it is; rename it if a tool refuses it"),
                     (*path, "key"))
    if values.get("year") is None and "year" in excused:
        # the date was kept as written (one plbib cannot type: 199u, a time of day): its
        # day, range and qualifiers are in the kept value
        for name in _BEYOND_YEAR:
            values.pop(name, None)
    beyond = [name for name in _BEYOND_YEAR if values.get(name)]
    if beyond:
        try:
            if values.get("year") is None:
                raise ValueError(f"{' and '.join(beyond)} "
                                 f"{'needs' if len(beyond) == 1 else 'need'} a year")
            Date(values["year"], values.get("month"), values.get("day"),
                 values.get("date_end"), season=values.get("season"))
        except ValueError as exc:
            field_name = beyond[0]
            problems.add(Diagnostic(InvalidValueError, f"the date is not one: {exc}",
                                    key=label, field=field_name,
                                    hint="a day needs a month and a year, a season a year "
                                         "and no month, a range a year; a range's end is "
                                         "one date"), (*path, field_name))
            failed.add(field_name)
    kind = values.get("kind")
    if kind is not None and isinstance(values.get("type"), EntryType) and \
            KINDS[kind].entry_type is not values["type"]:
        belongs = KINDS[kind].entry_type.value
        problems.add(Diagnostic(InvalidValueError,
                                f"a {kind} is a {belongs}, not a {values['type'].value}",
                                key=label, field="kind",
                                hint=f"change 'type' to {belongs}, or remove 'kind'"),
                     (*path, "kind"))
        failed.add("kind")
    if _check_required(values, failed | excused, label, path, problems, complete,
                       required) and not failed:
        record = Record(**values)
        return _Checked(index, label, record, None)
    return _Checked(index, label, None, values)


#: the date's fields besides its year and month (each needs the year)
_BEYOND_YEAR = ("day", "season", "date_end", "circa", "uncertain")


#: a value longer than this is an error (hostile or broken input), not data
MAX_VALUE_CHARS = 20_000


def _too_long(value: object, label: str, name: str) -> Diagnostic:
    return Diagnostic(InvalidValueError, f"the value is {_size(value):,} characters long",
                      key=label, field=name,
                      hint=f"no bibliographic field is longer than {MAX_VALUE_CHARS:,} "
                           "characters: check the file")


def _size(value: object) -> int:
    """How many characters a value holds (text, a title, names, a list of them); counted
    without building strings, and a list of names without a call per name (every value of
    every paper is measured)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, Title):
        return sum([len(span.text) for span in value.spans])
    if isinstance(value, (list, tuple)):
        total = 0
        for item in value:
            if isinstance(item, Name):
                total += len(item.family) + len(item.given) + len(item.particle) + \
                    len(item.suffix) + len(item.literal)
            else:
                total += _size(item)
        return total
    if isinstance(value, Name):
        return len(value.family) + len(value.given) + len(value.particle) + \
            len(value.suffix) + len(value.literal)
    return 0


def _check_required(values: dict[str, Any], failed: set[str], label: str,
                    path: tuple[str | int, ...], problems: _Problems,
                    complete: bool = True, required: Requirements = STANDARD_REQUIRED
                    ) -> bool:
    """Report required fields that are absent (a present but invalid one is reported once,
    as invalid, not again as missing)."""
    ok = True
    for name in ("key", "type", "title"):
        if values.get(name) is not None:
            continue
        if name == "title" and not complete:
            # an entry without a title (a whole journal issue, cited by crossref) is kept
            values["title"] = Title()
            if name not in failed:  # not reported already
                problems.add(Diagnostic(MissingFieldError, "the entry has no title",
                                        key=label, field=name, severity=Severity.WARNING,
                                        hint="kept without one"), path)
            continue
        ok = False
        if name in failed:
            continue
        hint = None
        if name == "key" and isinstance(values.get("title"), Title):
            suggestion = base_key(values.get("authors", ()), values.get("year"),
                                  values["title"])
            hint = f"add 'key: {suggestion}' (the key rule's suggestion)"
        problems.add(Diagnostic(MissingFieldError, f"the required field '{name}' is missing",
                                       key=label, field=name, hint=hint), path)
    entry_type = values.get("type")
    if entry_type.__class__ is EntryType:
        for options in required.get(entry_type, ()):
            for option in options:
                if values.get(option) or option in failed:
                    break
            else:
                problems.add(Diagnostic(MissingFieldError,
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
        problems.add(Diagnostic(InvalidValueError, "sections must be a list of headings",
                                       field="sections",
                                       hint="e.g. sections: [Model, Input]"), ("sections",))
        return ()
    duplicated = sorted({s for s in raw if raw.count(s) > 1})
    if duplicated:
        problems.add(Diagnostic(DuplicateError, f"section {duplicated[0]!r} is declared twice",
                                    field="sections"), ("sections",))
    return tuple(s.strip() for s in raw)


_TOP_LEVEL = ("intro", "sections", "required", "venues", "preamble", "comments", "papers")


def records_from_data(data: object, *, file: str | None = None, text: str = "",
                      base_dir: Path | None = None, venues: VenueRegistry | None = None,
                      locate: Locate | None = None, lenient: bool = False,
                      complete: bool = True) -> PaperList:
    """Canonical YAML data (its top level: intro, sections, venues, papers) validated and
    made records (:func:`validate`). ``locate`` maps data paths to lines (default: lines in
    the YAML ``text``). The ``papers`` list is consumed: each raw mapping is freed once
    converted."""
    problems = _Problems(file)
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
        raise ValidationFailed([InvalidValueError(
            "a plbib list is a mapping with a 'papers' list", file=file, line=1,
            hint="start the file with 'papers:' followed by '- key: …' items (docs/format.md)",
        )], file=file)
    for name in data:
        if name not in _TOP_LEVEL:
            close = difflib.get_close_matches(str(name), _TOP_LEVEL, n=1)
            problems.add(Diagnostic(UnknownFieldError,
                f"unknown top-level field {str(name)!r}", field=str(name),
                hint=f"did you mean {close[0]!r}?" if close else
                f"the top level has: {', '.join(_TOP_LEVEL)}"), (str(name),))
    sections = _sections(data, problems)
    intro = data.get("intro")
    if intro is not None and not isinstance(intro, str):
        problems.add(Diagnostic(InvalidValueError, "intro must be text (Markdown)",
                                field="intro", hint="write it as a block: 'intro: |' and "
                                                    "indented lines"), ("intro",))
        intro = None
    registry = _registry_for(data, base_dir, file, venues)
    # the required fields are the list's own policy: errors where it declares them, else
    # (a list imported from another format) the standard ones as warnings
    declared = _required(data, problems)
    preamble = _texts(data, "preamble", problems, "each the LaTeX of one @preamble")
    comments = _texts(data, "comments", problems,
                      "each a BibTeX @comment block or text between entries, as written")
    papers = _validated(_drafts_of(data["papers"]), problems, sections, registry, file=file,
                        locate=locate or yamlsource.Locator(text).lines, lenient=lenient,
                        complete=complete and declared is not None, intro=intro,
                        preamble=preamble, require_section=True, required=declared,
                        repeats_refused=declared is not None)
    return dataclasses.replace(papers, comments=comments) if comments else papers


def _required(data: Mapping[str, Any], problems: _Problems) -> Requirements | None:
    """The list's ``required``: ``standard`` (plbib's rules, model.REQUIRED), or a
    mapping of entry types to the fields each needs (``venue | container_title``: one of
    them); absent, None."""
    raw = data.get("required")
    if raw is None:
        return None
    if raw == "standard":
        return STANDARD_REQUIRED
    hint = ("write 'required: standard', or map entry types to lists of fields, e.g. "
            "required: {conference-paper: [authors, year, venue | container_title]}")
    if not isinstance(raw, Mapping):
        problems.add(Diagnostic(InvalidValueError, f"required is {short(raw)}",
                                field="required", hint=hint), ("required",))
        return None
    table: dict[EntryType, tuple[tuple[str, ...], ...]] = {}
    for name, needs in raw.items():
        try:
            kind = EntryType(name)
        except ValueError:
            problems.add(Diagnostic(InvalidValueError, f"unknown entry type {short(name)}",
                                    field="required", hint=hint),
                         ("required", str(name)))
            continue
        alternatives = [tuple(part.strip() for part in need.split("|"))
                        for need in needs if isinstance(need, str)] \
            if isinstance(needs, list) else []
        unknown = [f for need in alternatives for f in need if f not in YAML_FIELDS]
        if not isinstance(needs, list) or len(alternatives) != len(needs) or unknown:
            problems.add(Diagnostic(InvalidValueError, f"{name}: "
                                    + (f"unknown field {unknown[0]!r}" if unknown else
                                       "expected a list of fields"), field="required",
                                    hint=hint), ("required", str(name)))
            continue
        table[kind] = tuple(alternatives)
    return table


def _texts(data: Mapping[str, Any], name: str, problems: _Problems, hint: str
           ) -> tuple[str, ...]:
    """A top-level list of texts (``preamble``, ``comments``)."""
    raw = data.get(name)
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(text, str) for text in raw):
        problems.add(Diagnostic(InvalidValueError, f"{name} must be a list of texts",
                                field=name, hint=hint), (name,))
        return ()
    return tuple(raw)


def _drafts_of(papers: list[Any]) -> Iterator[RecordDraft]:
    """The YAML's papers as drafts, one at a time, each raw mapping let go of by the list
    as its draft is made (a 100k-record list is not held twice)."""
    for index, item in enumerate(papers):
        papers[index] = None
        yield RecordDraft(values=item) if isinstance(item, dict) else \
            RecordDraft(unread=short(item))


def validate(drafts: Sequence[RecordDraft], *, venues: VenueRegistry,
             sections: Sequence[str] = (), intro: str | None = None, file: str | None = None,
             lenient: bool = False, earlier: Sequence[Diagnostic] = (),
             complete: bool = True, preamble: Sequence[str] = (),
             repeats_refused: bool = True) -> PaperList:
    """The one validation every reader ends in: the drafts checked (known fields, valid
    values, required fields, venues and sections, duplicates) and made records.

    ``earlier`` are problems the reader found itself; a problem's line comes from its
    draft's origins.
    Raises :class:`ValidationFailed` listing every problem, unless ``lenient``: then the
    good records are kept and every problem is in ``warnings``. With ``complete`` false
    (an imported file: the required fields are the curated list's policy, which its
    canonical YAML applies), a field an entry type needs is a warning, and so is a missing
    title. ``sections`` are the headings the reader found; a record may have none. Without
    ``repeats_refused`` (a library file, which may list one work twice under two keys), a
    DOI or arXiv id two records share is a warning.
    The drafts are consumed: their values are freed once converted.
    """
    problems = _Problems(file)
    for problem in earlier:
        problems.add(problem, ())
    return _validated(drafts, problems, tuple(sections), venues, file=file,
                      locate=_draft_lines(drafts), lenient=lenient,
                      complete=complete, intro=intro, preamble=tuple(preamble),
                      repeats_refused=repeats_refused)


def _draft_lines(drafts: Sequence[RecordDraft]) -> Locate:
    """Lines from the drafts' origins: a field's, else the paper's."""
    def locate(paths: Sequence[DataPath]) -> list[int | None]:
        return [drafts[path[1]].line_of(str(path[2]) if len(path) > 2 else None)
                if len(path) >= 2 and path[0] == "papers" and isinstance(path[1], int)
                else None for path in paths]
    return locate


def _validated(drafts: Iterable[RecordDraft], problems: _Problems, sections: tuple[str, ...],
               registry: VenueRegistry, *, file: str | None, locate: Locate,
               lenient: bool, complete: bool = True, intro: str | None = None,
               preamble: tuple[str, ...] = (), require_section: bool = False,
               required: Requirements | None = None, repeats_refused: bool = True
               ) -> PaperList:
    entries: list[_Checked] = []
    for index, draft in enumerate(drafts):
        checked = _convert(draft, index, problems, complete, required or STANDARD_REQUIRED)
        draft.values = {}  # converted: free the raw values as we go (100k-record lists)
        if checked is not None:
            entries.append(checked)
    _check_references(entries, sections, registry, problems, require_section)
    _check_duplicates(entries, problems, repeats_refused)
    found = [problem.error() for problem in problems.located(locate)] \
        if problems.items else []
    if errors_only(found) and not lenient:
        raise ValidationFailed(found, file=file)
    return PaperList(
        records=tuple(e.record for e in entries if e.record is not None and not e.bad),
        sections=sections, source=file, venues=registry, warnings=tuple(found),
        intro=intro, preamble=preamble, required=required)


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
                      registry: VenueRegistry, problems: _Problems,
                      require_section: bool) -> None:
    """Venues in the registry; sections among those declared, and (``require_section``:
    a list that declares its headings, the canonical YAML) a section for every record."""
    declared = set(sections)
    for entry in entries:
        label, venue, section = entry.label, entry.get("venue"), entry.get("section")
        path: DataPath = ("papers", entry.index)
        if venue is not None and venue not in registry:
            entry.bad = True
            close = registry.suggest(venue)
            problems.add(Diagnostic(UnknownReferenceError,
                f"unknown venue {venue!r}", key=label, field="venue",
                hint=(f"did you mean {close[0]!r}? " if close else "")
                + "venues are declared in venues.yaml"), (*path, "venue"))
        if require_section and sections and section is None and (entry.values is None or
                                             "section" not in entry.values):
            entry.bad = True
            problems.add(Diagnostic(MissingFieldError,
                "this list has sections; the record needs one", key=label,
                field="section", hint=f"one of: {', '.join(sections)}"), path)
        elif section is not None and sections and section not in declared:
            entry.bad = True
            close = difflib.get_close_matches(section, sections, n=1)
            problems.add(Diagnostic(UnknownReferenceError,
                f"unknown section {section!r}", key=label, field="section",
                hint=f"did you mean {close[0]!r}?" if close else
                "declare it under 'sections' at the top of the file"), (*path, "section"))


def _check_duplicates(entries: Sequence[_Checked], problems: _Problems,
                      repeats_refused: bool = True) -> None:
    """Report what the duplicate rule (:mod:`plbib.duplicates`) finds: a repeated key is an
    error (the repeating record is marked bad), and so is a repeated DOI or arXiv id where
    ``repeats_refused`` (a list held to its rules, a Markdown list); in a library file,
    where a work may well be listed twice (biblatex-examples.bib has one as @article and
    @online), that is a warning. A title that reads the same or almost the same as another
    paper's title or alias is a warning."""
    found = duplicates([_identity(entry) for entry in entries])
    for duplicate in found:
        entry, other = entries[duplicate.index], entries[duplicate.other]
        refused = duplicate.field == "key" or (duplicate.certain and repeats_refused)
        problem = _duplicate_problem(duplicate, entry, other)
        if duplicate.certain and not refused:
            problem = dataclasses.replace(problem, severity=Severity.WARNING)
        problems.add(problem, ("papers", entry.index, duplicate.field))
        if refused:
            entry.bad = True


def _identity(entry: _Checked) -> Identity:
    def text(name: str) -> str | None:
        value = entry.get(name)
        return value if isinstance(value, str) else None

    title = entry.get("title")
    titles = (title.text,) if isinstance(title, Title) else ()
    aliases = entry.get("aliases")
    return Identity(entry.label, text("key"), text("doi"), text("arxiv"),
                    titles + (tuple(aliases) if isinstance(aliases, tuple) else ()))


def _duplicate_problem(duplicate: Duplicate, entry: _Checked, other: _Checked
                       ) -> Diagnostic:
    if duplicate.field == "key":
        key, first = entry.get("key"), other.get("key")
        return Diagnostic(DuplicateError,
            "the key is already used by another record" + ("" if first == key else
                                                           f" ({first})"),
            key=key, field="key", hint="keys must be unique" + (
                "" if first == key else
                "; BibTeX treats keys that differ only in case as the same"))
    if duplicate.field in ("doi", "arxiv"):
        what = "DOI" if duplicate.field == "doi" else "arXiv id"
        return Diagnostic(DuplicateError,
            f"{what} {entry.get(duplicate.field)} is also the {what} of {other.label}",
            key=entry.label, field=duplicate.field,
            hint="the same paper is listed twice; merge the two records")
    return Diagnostic(DuplicateError,
        f"the title {'is the same as' if duplicate.exact else 'is almost the same as'} "
        f"that of {other.label}", key=entry.label, field="title",
        hint="if both records are the same paper, merge them", severity=Severity.WARNING)
