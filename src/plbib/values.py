"""Field values in the canonical data (YAML-shaped: strings, numbers, lists, mappings) made
model values: each converter checks one field's value and says how to fix a bad one."""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from .identifiers import IdentifierError, parse_arxiv, parse_doi, parse_isbn
from .keys import BIBTEX_KEY
from .kinds import KINDS
from .model import (
    END_WORDS,
    MAPPED,
    SEASONS,
    VERBATIM_FORMATS,
    YAML_FIELDS,
    Date,
    EntryType,
    Name,
    NameSyntaxError,
    Pages,
    Title,
    TitleMarkupError,
    Verbatim,
)


class Invalid(ValueError):
    """A field value is wrong; carries the hint for the fix."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def short(value: object) -> str:
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
        raise Invalid(f"expected text, found {short(value)}")
    text = str(value).strip()
    return text or None


def _number_text(value: object) -> str | None:
    """Volume, issue and article numbers: text, but YAML may read ``5`` as an int."""
    if isinstance(value, float):
        raise Invalid(f"expected a number or text, found {short(value)}",
                       "quote it if it really has a decimal point")
    return _text(value)


def _require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise Invalid(f"{what} must be text, found {short(value)}")
    return value


def _key(value: object) -> str:
    key = _require_str(value, "the key").strip()
    if not BIBTEX_KEY.match(key):  # a key that is no portable one: warned (validation)
        raise Invalid(f"{key!r} is not a usable citation key",
                       "a key has no white space, comma, brace, quote or '='; letters, "
                       "digits and _ : . - / + work everywhere")
    return key


def _type(value: object) -> EntryType:
    try:
        return EntryType(_require_str(value, "the type"))
    except ValueError:
        close = difflib.get_close_matches(str(value), [t.value for t in EntryType], n=1)
        hint = f"did you mean {close[0]!r}?" if close else (
            "use one of: " + ", ".join(t.value for t in EntryType))
        raise Invalid(f"unknown entry type {value!r}", hint) from None


def _kind(value: object) -> str:
    text = _require_str(value, "the kind")
    if text not in KINDS:
        close = difflib.get_close_matches(text, list(KINDS), n=1)
        raise Invalid(f"unknown kind {text!r}", f"did you mean {close[0]!r}?" if close else
                      "use a CSL item type: " + ", ".join(sorted(KINDS)))
    return text


def _title(value: object) -> Title | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return Title.parse(text)
    except TitleMarkupError as exc:
        raise Invalid(f"{exc} (at character {exc.position + 1})",
                       "braces mark case-protected spans like {GPTQ} and $...$ math; "
                       "escape a literal brace or dollar as \\{, \\} or \\$") from None


NAME_FIELDS = ("family", "given", "particle", "suffix", "literal")


@lru_cache(maxsize=65536)
def parse_name(text: str) -> Name:
    """:meth:`Name.parse`, its error with the hint for the fix."""
    try:
        return Name.parse(text)
    except NameSyntaxError as exc:
        raise Invalid(
            str(exc),
            "write 'Family, Given' (or 'Family, Jr., Given'); for an organisation or a "
            "name that does not fit, use a mapping such as {literal: Google DeepMind}",
        ) from None


def _name(value: object) -> Name:
    if isinstance(value, str):
        return parse_name(value)
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in NAME_FIELDS]
        if unknown:
            raise Invalid(f"unknown name part {unknown[0]!r}",
                           f"a name mapping has: {', '.join(NAME_FIELDS)}")
        parts = {k: _require_str(v, f"name part {k!r}").strip()
                 for k, v in value.items() if v is not None}
        try:
            return Name(**parts)
        except ValueError as exc:
            raise Invalid(f"{exc}: {short(dict(value))}") from None
    raise Invalid(f"a name is text or a mapping, found {short(value)}")


def name_list(value: object) -> tuple[tuple[Name, ...], bool]:
    if not isinstance(value, list):
        raise Invalid(f"expected a list of names, found {short(value)}",
                       "write one name per line: '- Family, Given'")
    more = bool(value) and isinstance(value[-1], str) and value[-1] == "others"
    names = value[:-1] if more else value
    if any(isinstance(n, str) and n == "others" for n in names):
        raise Invalid("'others' may only end a name list")
    return tuple(_name(item) for item in names), more


#: years valid whatever today's date (valid years run to next year, and this was written
#: in 2026): only a later year needs the clock
#: the years a date has: ISO 8601's four digits (Augustine's 1486 printing and a book
#: forthcoming in 2031 alike), before the common era too (negative: -50 is 50 BC; as CSL
#: counts them, there is no year 0)
_YEARS = range(-9999, 10000)


def _year(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"the year must be a number, found {short(value)}", "e.g. year: 2022")
    if value not in _YEARS or value == 0:
        raise Invalid(f"year {value} is out of range", "use a year from 1 to 9999, or -1 "
                      "to -9999 before the common era (-50 is 50 BC; there is no year 0)")
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
        raise Invalid(f"month {short(value)} is out of range", "write a number from 1 to 12")
    return value


def _day(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 31:
        raise Invalid(f"day {short(value)} is out of range", "write a number from 1 to 31")
    return value


def _flag(value: object) -> bool | None:
    """``true`` or ``false`` (absent: None, as if not written)."""
    if value is None or value is False:
        return None
    if value is not True:
        raise Invalid(f"expected true or false, found {short(value)}", "write true, or leave "
                      "the field out")
    return True


def _season(value: object) -> int | None:
    """A season by name (``spring`` … ``winter``) or number (1–4, CSL's)."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in SEASONS:
        return SEASONS.index(value.strip().lower()) + 1
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise Invalid(f"season {short(value)} is not one", "write spring, summer, autumn or "
                      "winter")
    return value


def _pages(value: object) -> Pages | None:
    text = _number_text(value)
    if text is None:
        return None
    try:
        return Pages.parse(text)
    except ValueError as exc:
        raise Invalid(str(exc), "write a range as 521-538, or one page or article id") from None


def _date(value: object) -> Date | None:
    """``2020-05-17``, ``2020-05``, ``2020``, ``1996/1998``, ``1850~``, ``2004-22`` (YAML
    may read a day as a date and a year as a number; a reader may give a :class:`Date`)."""
    if value is None or isinstance(value, Date):  # a reader's, made already
        return value
    if isinstance(value, datetime.date):
        return Date(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = _require_str(value, "a date")
    try:
        return Date.parse(text)
    except ValueError as exc:
        raise Invalid(str(exc), "write an ISO 8601 date: 2020, 2020-05 or 2020-05-17, a "
                                "range as 1996/1998") from None


def _date_end(value: object) -> Date | None:
    """A range's end: a date, ``open`` or ``unknown`` (:data:`END_WORDS`)."""
    if isinstance(value, str) and value.strip() in END_WORDS:
        return END_WORDS[value.strip()]
    return _date(value)


def _identifier(parse: Callable[[str], str]) -> Callable[[object], str | None]:
    """The converter of an identifier field: its text, checked by ``parse``."""
    def convert(value: object) -> str | None:
        text = _text(value)
        if text is None:
            return None
        try:
            return parse(text)
        except IdentifierError as exc:
            raise Invalid(str(exc), exc.hint) from None
    return convert


_doi = _identifier(parse_doi)
_arxiv = _identifier(parse_arxiv)
_isbn = _identifier(parse_isbn)


def _url(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", text):
        raise Invalid(f"{text!r} is not an http(s) URL", "write a full URL: https://…")
    return text


def _texts(value: object) -> tuple[str, ...]:
    """A list of texts (aliases, keywords)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise Invalid(f"expected a list of texts, found {short(value)}",
                      "write one per line: '- …'")
    return tuple(t for t in (_text(item) for item in value) if t)


def json_text(value: object) -> str:
    """A CSL-JSON value kept verbatim: compact JSON, Unicode as it is; TypeError for a
    value JSON has no form for."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _extra(value: object) -> tuple[Verbatim, ...]:
    """``extra: {bibtex: {series: …, edition: …}}``: fields kept as a format wrote them,
    in order; a name kept several times has a list of values."""
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise Invalid(f"expected a mapping of formats to fields, found {short(value)}",
                      "e.g. extra: {bibtex: {series: Lecture Notes in Computer Science}}")
    out: list[Verbatim] = []
    for fmt, fields in value.items():
        if fmt not in VERBATIM_FORMATS:
            raise Invalid(f"extra has no format {short(fmt)}",
                          f"the formats are: {', '.join(VERBATIM_FORMATS)}")
        if not isinstance(fields, Mapping):
            raise Invalid(f"extra {fmt} must map field names to values, found "
                          f"{short(fields)}", "e.g. series: Lecture Notes in Computer Science")
        for name, given in fields.items():
            if not isinstance(name, str) or not name.strip():
                raise Invalid(f"a field name in extra {fmt} must be text, found {short(name)}")
            if fmt == "csljson":  # a variable's JSON value, as YAML writes it
                try:
                    out.append(Verbatim(fmt, name, json_text(given)))
                except (TypeError, ValueError):  # a YAML date, say: no JSON value
                    raise Invalid(f"extra csljson {name}: {short(given)} is no JSON value",
                                  "write a JSON value: quote a date ('2024-01-05'), and no "
                                  "NaN or infinity") from None
                continue
            for item in given if isinstance(given, list) else [given]:
                if isinstance(item, bool) or not isinstance(item, (str, int)):
                    raise Invalid(f"extra {fmt} {name}: expected text, found {short(item)}",
                                  "quote the value")
                out.append(Verbatim(fmt, name, str(item)))
    return tuple(out)


#: How each YAML field but the name lists (:func:`name_list`) becomes a model value.
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "key": _key, "type": _type, "kind": _kind, "section": _text, "title": _title, "aliases": _texts,
    "venue": _text, "year": _year, "month": _month, "day": _day, "date_end": _date_end,
    "circa": _flag, "uncertain": _flag, "season": _season,
    "container_title": _title, "volume_title": _title, "volume": _number_text,
    "issue": _number_text,
    "number": _number_text, "series_number": _number_text, "pages": _pages,
    "publisher": _text, "event_place": _text,
    "isbn": _isbn, "doi": _doi, "url": _url, "link": _url, "arxiv": _arxiv,
    "affiliation": _text, "code": _url, "note": _text, "extra": _extra,
    "keywords": _texts,
    # the fields every format has a place for, by kind (model.MAPPED)
    **{name: {"text": _text, "number": _number_text, "date": _date}[meta["kind"]]
       for name, meta in MAPPED.items() if meta["kind"] != "names"},
}
NAME_LISTS = ("authors", "editors",
              *(name for name, meta in MAPPED.items() if meta["kind"] == "names"))
# every field the Record declares for YAML is read, and nothing else
assert set(CONVERTERS) | set(NAME_LISTS) == set(YAML_FIELDS)
