"""BibTeX's name grammar, both ways: ``and``-separated lists of ``Family, Given`` or
``Given Family`` names (von parts, Jr parts, braced organisations), and names written back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ... import latex
from ...folding import ascii_fold
from ...model import Name, split_particle


def _name_part(text: str, ascii_only: bool) -> str:
    encoded = latex.encode(text, ascii_only)
    # a comma or a lone "and" inside a part would split the name list: brace the part
    if "," in text or re.search(r"(?i)(^|\s)and(\s|$)", text):
        return "{" + encoded + "}"
    return encoded


def _needs_braces(family: str) -> bool:
    """Would BibTeX misread this family name in ``Family, Given`` form?  A lowercase first
    letter makes the leading words the "von" part (not a single word: the last word is
    always the family name, ``deBry, R.``; a hyphen parts words too, ``d'Alché-Buc`` is
    two); a comma or a lone "and" splits the name."""
    words = family.split()
    first = next((c for c in family if c.isalpha()), "") \
        if len(re.split(r"[\s~-]+", family.strip())) > 1 else ""
    # a leading word that does not start with a letter ("© 0", "©A 0") has no clear case:
    # BibTeX may take it for "von"
    caseless_lead = len(words) > 1 and not words[0][:1].isalpha()
    return first.islower() or caseless_lead or "," in family or bool(
        re.search(r"(?i)(^|\s)and(\s|$)", family))


@lru_cache(maxsize=65536)  # a list names the same people again and again
def format_name(name: Name, ascii_only: bool = True) -> str:
    """A name in BibTeX's ``von Last, Jr, First`` syntax; organisations braced."""
    if name.literal:
        literal = latex.encode(name.literal, ascii_only)
        # a group that opens with a command is, to bibtex, one special character: a
        # literal that starts with one ({\textless{}…}) is braced once more
        return "{{" + literal + "}}" if literal.startswith("\\") else "{" + literal + "}"
    family = latex.encode(name.family, ascii_only)
    if _needs_braces(name.family):
        family = "{" + family + "}"
    if name.particle:
        family = _name_part(name.particle, ascii_only) + " " + family
    if name.suffix:
        return f"{family}, {_name_part(name.suffix, ascii_only)}, " \
            f"{_name_part(name.given, ascii_only)}".rstrip()
    if name.given:
        return f"{family}, {_name_part(name.given, ascii_only)}"
    if _needs_braces(name.family) or len(name.family.split()) > 1:
        # "Della Rocca," and "{de}," stay a family name (without the comma, a first name
        # and an organisation); bibtex reads them so, with a complaint about the comma
        return family + ","
    return family  # one word: "Chen" and "{\"A}" are a family name as they stand


def format_names(names: Sequence[Name], more: bool, ascii_only: bool) -> str:
    out = [format_name(n, ascii_only) for n in names]
    if more:
        out.append("others")
    return " and ".join(out)




_ORGANISATION_WORDS = frozenset({
    "inc", "ltd", "corp", "corporation", "company", "team", "group", "lab", "labs",
    "laboratory", "university", "institute", "institution", "association", "foundation",
    "committee", "consortium", "collaboration", "project", "organization", "organisation",
    "society", "council", "workshop", "initiative", "deepmind", "openai", "research",
    "center", "centre", "agency", "ministry", "department",
})


def parse_names(raw: str) -> tuple[tuple[Name, ...], bool, tuple[str, ...]]:
    """(names, "and others", warnings) from a BibTeX name list."""
    names: list[Name] = []
    warnings: list[str] = []
    more = False
    for part in split_names(raw):
        if len(part) == 6 and part.lower() == "others":
            more = True
            continue
        name, warning = _parse_name(part)
        if name is None:  # a name list's option (biblatex: ``nosortothers=true``)
            continue
        names.append(name)
        if warning:
            warnings.append(warning)
    return tuple(names), more, tuple(warnings)


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_BRACE_GROUP = re.compile(r"\{[^{}]*\}")
_SPACE_OR_TIE = re.compile(r"[\s~]+")
_COMMA = re.compile(r",")


def _split_top_level(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split at separators outside braces (BibTeX counts braces, ignoring backslashes)."""
    parts = separator.split(text)
    if "{" not in text and "}" not in text:
        return parts
    # When every part is balanced, the depth at every separator is 0: the common case,
    # checked with C-speed counts instead of walking the braces (a loop: this runs for
    # every name list and name, and all() over a generator is slower).
    for part in parts:
        if part.count("{") != part.count("}"):
            break
    else:
        return parts
    parts, start, checked, depth = [], 0, 0, 0
    for match in separator.finditer(text):
        depth += text.count("{", checked, match.start()) - text.count("}", checked,
                                                                      match.start())
        checked = match.start()
        if depth == 0:
            parts.append(text[start:match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def split_names(raw: str) -> list[str]:
    """A name list's names as written, split at ``and`` outside braces."""
    # the separator takes the white space around "and" with it: the parts need no strip
    return [part for part in _split_top_level(raw.strip(), _AND) if part]


def _words(text: str) -> list[str]:
    """Split at top-level whitespace (and at top-level '~'), keeping brace groups whole."""
    return [w for w in _split_top_level(text, _SPACE_OR_TIE) if w]


def _is_lower(word: str) -> bool:
    """BibTeX's von test: the first letter at brace level 0 (or of a special char) is
    lowercase."""
    depth = 0
    i = 0
    while i < len(word):
        char = word[i]
        if char == "{":
            depth += 1
            if depth == 1 and word[i + 1:i + 2] == "\\":  # special character: look inside
                decoded = latex.decode(word[i:])
                return decoded[:1].islower()
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isalpha():
            return char.islower()
        i += 1
    return False


def _split_commas(text: str) -> list[str]:
    return [part.strip() for part in _split_top_level(text, _COMMA)]


#: a part of biblatex's extended name format (biber's, with its default ``--xnamesep``):
#: ``family=Dijk``, ``given={Jean Pierre}``, ``"family={Robert and Sons, Inc.}"``
_EXTENDED_PART = re.compile(r'"?\s*([A-Za-z][\w-]*)\s*=\s*(.*?)\s*"?', re.S)
#: the name parts of biblatex's data model, as plbib's name has them (``-i`` initials and
#: the per-name options, ``useprefix``, ``juniorcomma`` …, have no place: the reader keeps
#: such a list as written for BibTeX)
_EXTENDED_NAME_PARTS = {"family": "family", "given": "given", "prefix": "particle",
                        "suffix": "suffix"}
#: what else a part may name: initials, and biblatex's per-name and per-namelist options
_EXTENDED_OTHERS = frozenset({
    "family-i", "given-i", "prefix-i", "suffix-i", "useprefix", "juniorcomma",
    "sortingnamekeytemplate", "uniquename", "uniquelist", "uniquepart", "nohashothers",
    "nosortothers", "maxnames", "minnames", "maxbibnames", "minbibnames", "maxcitenames",
    "mincitenames", "maxsortnames", "minsortnames", "maxitems", "minitems"})


def _extended(text: str) -> dict[str, str] | None:
    """A name in biblatex's extended format, ``family=Dijk, given=Marten, prefix=van,
    useprefix=true``, as its parts (keys lower case, values as written, one level of
    braces taken off); None where the text is not one (every part ``key=value``, each key
    a name part or an option biblatex knows)."""
    parts: dict[str, str] = {}
    for piece in _split_commas(text):
        match = _EXTENDED_PART.fullmatch(piece)
        if match is None or (match.group(1).lower() not in _EXTENDED_NAME_PARTS
                             and match.group(1).lower() not in _EXTENDED_OTHERS):
            return None
        value = match.group(2)
        if value.startswith("{") and _group_end(value) == len(value) - 1:
            value = value[1:-1]
        parts[match.group(1).lower()] = value
    return parts


@lru_cache(maxsize=131072)
def _parse_name(raw: str) -> tuple[Name | None, str | None]:
    """A name, from BibTeX's forms or biblatex's extended one; None for a name list's
    option in the extended form (biblatex: ``nosortothers=true and …``)."""
    text = raw.strip()
    if "=" in text:
        extended = _extended(text)
        if extended is not None:
            found = {_EXTENDED_NAME_PARTS[k]: latex.decode(v) for k, v in extended.items()
                     if k in _EXTENDED_NAME_PARTS}
            if not found:
                return None, None
            if not found.get("family"):  # ``given=Hans`` alone: the name as it stands
                return Name(literal=" ".join(found[k] for k in ("given", "particle",
                                                                   "suffix") if k in found)), None
            return Name(**found), None
    if text.startswith("{") and not text.startswith("{\\") and \
            _group_end(text) == len(text) - 1:  # {\"A} is a letter (a special character)
        return Name(literal=latex.decode(text[1:-1])), None
    parts = _split_commas(text)
    if len(parts) == 1:
        words = _words(parts[0])
        lowered = [ascii_fold(w) for w in words]
        if len(words) > 1 and any(w in _ORGANISATION_WORDS for w in lowered):
            return Name(literal=latex.decode(parts[0])), (
                f"{latex.decode(parts[0])!r} looks like an organisation; it is read as one, "
                "but brace it ({…}) so that BibTeX does too")
        # First von Last: von starts at the first lowercase word that is not the last word
        von_start = next((i for i, w in enumerate(words[:-1]) if _is_lower(w)), None)
        if von_start is None:
            given, particle, family = words[:-1], [], words[-1:]
        else:
            von_end = max(i for i, w in enumerate(words[:-1]) if _is_lower(w))
            given, particle, family = words[:von_start], words[von_start:von_end + 1], \
                words[von_end + 1:]
        suffix = ""
    else:
        particle, family = split_particle(_words(parts[0]), _is_lower)
        given = _words(parts[-1])
        suffix = latex.decode(parts[1]) if len(parts) >= 3 else ""
    family_text = latex.decode(" ".join(family))
    if not family_text:
        return Name(literal=latex.decode(text)), None
    # bibtex: "Too many commas in name" (``Miller, D., Firby, J.``: two names, one "and"
    # short); read as its first, last and the part after the first comma
    warning = f"{text!r} has too many commas for one name (is an 'and' missing?)" \
        if len(parts) > 3 else None
    if len(family) == 1 and not particle and "-" in family[0] and _is_lower(family[0]) \
            and "-" in _BRACE_GROUP.sub("", family[0]):  # DBLP's ``{-}`` parts nothing
        # bibtex parts words at hyphens too: ``author-1`` is to it a von part and a family
        # name; read (and written, braced) as one family name, so kept as written
        warning = f"bibtex reads {family_text!r} as a 'von' part and a family name (it " \
            "parts words at hyphens); brace it if it is one family name"
    return Name(family=family_text, given=latex.decode(" ".join(given)),
                particle=latex.decode(" ".join(particle)), suffix=suffix), warning


def _group_end(text: str) -> int:
    depth = 0
    for i, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1
