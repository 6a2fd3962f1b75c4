"""A ``.bbl`` as its reader sees it once typeset: text, HTML or Markdown, no LaTeX left.

A ``.bbl`` is LaTeX that a BibTeX style wrote: a preamble of macro definitions, then one
``\\bibitem[label]{key}`` (or harvard's ``\\harvarditem``) per record. It is rendered as
pdflatex prints it in a document with T1 fonts that loads url and natbib with its
``numbers`` option (acmart's set-up, and the document scripts/bst_conformance.py and
tests/test_bst.py typeset to compare with):

* the label in brackets — a number, or the style's own label (alpha's ``[APB+23]``); an
  author–year label such as ACM's ``Yu et~al\\mbox{.}(2022)`` shows its number, as natbib
  prints it;
* TeX's typography: ``--`` and ``---`` dashes, quotes (``'`` is ’), ``~`` a no-break
  space, accents and special letters through :mod:`plbib.latex`'s tables (and TeX's
  ``^^`` character codes), spaces folded, ``\\unskip`` and penalties obeyed;
* fonts (``\\em``, ``\\emph``, ``\\textit``, ``\\textbf``, …) as italic and bold; ``\\url``,
  ``\\href`` and ``\\doi`` as links (a URL in braces or between delimiters; ``\\path|…|``
  as text);
* the macros the ``.bbl`` defines itself (``\\providecommand``, ``\\newcommand``, ``\\def``:
  ACM's ``\\showDOI``, ``\\showeprint``, alpha's ``\\etalchar``, splncs04's ``\\doi``)
  expanded as defined — but those a package the document loads defines first (url's
  ``\\url``, natbib's ``\\natexlab``, which prints nothing under ``numbers``) and
  IEEEtran's spacing and language macros, which are built in;
* a command nobody defined is dropped, its argument kept, and reported as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .. import latex
from ..errors import PlbibError, Severity
from ..identifiers import doi_url
from ..latex import CLOSE, LIGATURE, MATH, OPEN, SYMBOL, TEXT, WORD, Token
from .run import BstError


@dataclass(frozen=True)
class Run:
    """A stretch of text in one font, perhaps a link."""

    text: str
    italic: bool = False
    bold: bool = False
    superscript: bool = False
    subscript: bool = False
    link: str | None = None


@dataclass(frozen=True)
class Entry:
    """One ``\\bibitem``: its key, its label as printed and its text."""

    key: str
    label: tuple[Run, ...]
    body: tuple[Run, ...]


@dataclass(frozen=True)
class Macro:
    """A macro the ``.bbl`` defines: its parameter count, the default of an optional
    first parameter (LaTeX's ``[n][default]``), and its body."""

    parameters: int
    default: str | None
    body: str


# --------------------------------------------------------------------------- the .bbl


def entries(bbl: str) -> tuple[tuple[Entry, ...], tuple[PlbibError, ...]]:
    """The ``.bbl``'s entries rendered, in its order, and warnings for what could not be."""
    source = _CHARACTER_CODE.sub(_character, strip_comments(bbl))
    at_letter = "\\makeatletter" in source
    items = _ITEM.split(source)
    macros = definitions(items[0], at_letter)
    problems: list[PlbibError] = []
    out = []
    for number, (command, item) in enumerate(zip(items[1::2], items[2::2], strict=True),
                                             start=1):
        label_source, key, body_source = _bibitem(item) if command == "bibitem" else \
            _harvarditem(item)
        body_source = _END.split(body_source, 1)[0]
        renderer = _Renderer(macros, key, problems, at_letter)
        shown = natbib_label(label_source)
        if shown is None:
            label: tuple[Run, ...] = (Run(str(number)),)
        else:
            label = _Renderer(macros, key, problems, at_letter).render(shown)
        out.append(Entry(key, label, renderer.render(body_source)))
    # a command the renderer does not know is reported once per record, not per use
    once: dict[tuple[str | None, str], PlbibError] = {}
    for problem in problems:
        once.setdefault((problem.key, problem.message), problem)
    return tuple(out), tuple(once.values())


#: the bibliography's end (mciteplus's environment too)
_END = re.compile(r"\\end\{[A-Za-z]*thebibliography\}")
#: an entry's start: ``\\bibitem``, or the harvard package's ``\\harvarditem``, which
#: natbib reads too
_ITEM = re.compile(r"\\(bibitem|harvarditem)(?![A-Za-z])")
#: TeX's ``^^`` notation for a character: ``^^e9``, or ``^^b`` (b − 64: ``"``), which
#: styles write where a .bst string cannot hold the character (abbrvdin's ``\\^^b a``)
_CHARACTER_CODE = re.compile(r"\^\^(?:([0-9a-f]{2})|([\x00-\x7f]))")


def _character(match: re.Match[str]) -> str:
    if match.group(1):
        return chr(int(match.group(1), 16))
    code = ord(match.group(2))
    return chr(code + 64 if code < 64 else code - 64)


_AUTHOR_YEAR_MACRO = re.compile(r"\\(?:citeauthoryear|astroncite)(?![A-Za-z])")
_CITENAME = re.compile(r"(?:\\protect\s*)?\\citename\s*\{")


def natbib_label(label: str | None) -> str | None:
    """The label natbib prints under ``numbers`` (natbib.sty's ``\\NAT@bare`` and
    ``\\NAT@apalk``): None — the entry's number — for an author–year label,
    ``Author(Year)`` with anything after it, apalike's ``Author, Year``, chicago's
    ``\\citeauthoryear`` or astron's ``\\astroncite``; the part before ", " of an apalike
    label without a year (and of authordate's ``\\citename{Author, }Year``); any other
    label, alpha's ``APB+23``, as it is."""
    if label is None or ("(" in label and ")" in label[label.index("("):]) or \
            _AUTHOR_YEAR_MACRO.search(label):
        return None
    label = re.sub(r"\s+", " ", label)  # a line break in the .bbl is a space to TeX
    if (citename := _CITENAME.search(label)) is not None:  # \citename{Author, }Year
        end = _closing(label, citename.end() - 1, "{", "}")
        label = label[:citename.start()] + label[citename.end():end] + label[end + 1:]
    head, _, rest = (label + ", , ").partition(", ")  # as \NAT@apalk#1, #2, #3 reads it
    return None if rest.partition(", ")[0].strip() else head


def _bibitem(item: str) -> tuple[str | None, str, str]:
    """``[label]{key}`` and the text after them, from what follows ``\\bibitem``."""
    position = _skip_spaces(item, 0)
    label = None
    if item.startswith("[", position):
        end = _closing(item, position, "[", "]")
        label, position = item[position + 1:end], end + 1
    position = _skip_spaces(item, position)
    if not item.startswith("{", position):
        return label, "", item[position:]
    end = _closing(item, position, "{", "}")
    return label, item[position + 1:end].strip(), item[end + 1:]


def _harvarditem(item: str) -> tuple[str | None, str, str]:
    """``[short]{long}{year}{key}`` and the text after them, with the label natbib makes of
    them (``\\bibitem[short(year)long]``, or ``[long(year)]`` without a short form)."""
    position = _skip_spaces(item, 0)
    short = ""
    if item.startswith("[", position):
        end = _closing(item, position, "[", "]")
        short, position = item[position + 1:end], end + 1
    arguments = []
    for _ in range(3):
        position = _skip_spaces(item, position)
        if not item.startswith("{", position):
            return None, "", item[position:]
        end = _closing(item, position, "{", "}")
        arguments.append(item[position + 1:end])
        position = end + 1
    long, year, key = arguments
    label = f"{short}({year}){long}" if short else f"{long}({year})"
    return label, key.strip(), item[position:]


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _closing(text: str, start: int, opening: str, closing: str) -> int:
    """The index of the ``closing`` that ends the bracket at ``start`` (braces nest; a
    bracket inside braces does not count), or the end of the text."""
    depth = 0
    position = start + 1
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and closing == "}":
                return position
            depth -= 1
        elif char == closing and depth == 0:
            return position
        position += 1
    return len(text)


_VERBATIM = re.compile(r"\\(?:url|href|path|nolinkurl|urldef\s*\\[A-Za-z]+\s*\\url)\s*"
                       r"(?:\{|([^\sA-Za-z{]))")


def strip_comments(source: str) -> str:
    """The source without TeX comments: from an unescaped ``%`` to the end of the line and
    the next line's indentation (TeX skips both). A URL's ``%`` is not a comment (the url
    package reads its argument verbatim)."""
    out = []
    position = 0
    while position < len(source):
        char = source[position]
        verbatim = _VERBATIM.match(source, position) if char == "\\" else None
        if verbatim is not None:
            delimiter = verbatim.group(1)
            end = source.find(delimiter, verbatim.end()) + 1 if delimiter else \
                _closing(source, verbatim.end() - 1, "{", "}") + 1
            end = end or len(source)
            out.append(source[position:end])
            position = end
        elif char == "\\":
            out.append(source[position:position + 2])
            position += 2
        elif char == "%":
            newline = source.find("\n", position)
            position = len(source) if newline == -1 else \
                _skip_indentation(source, newline + 1)
        else:
            out.append(char)
            position += 1
    return "".join(out)


def _skip_indentation(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


# --------------------------------------------------------------------------- macros


_DEFINERS = frozenset({"providecommand", "newcommand", "renewcommand", "DeclareRobustCommand"})


def definitions(preamble: str, at_letter: bool = False) -> dict[str, Macro]:
    """The macros the ``.bbl``'s preamble defines with ``\\providecommand``,
    ``\\newcommand`` or ``\\def`` (also inside ``\\ifx … \\fi``, which tests whether the
    document defined them first: it did not), over natbib's. Built-in commands are not
    redefined."""
    stream = _Tokens(latex.tokenize(preamble, at_letter))
    macros: dict[str, Macro] = dict(_NATBIB_MACROS)
    while (token := stream.next()) is not None:
        if token[0] != WORD:
            continue
        if token[1] in _DEFINERS:
            definition = _command_definition(stream)
            provide = token[1] == "providecommand"
        elif token[1] == "def":
            definition = _def_definition(stream)
            provide = False
        else:
            continue
        if definition is None:
            continue
        name, macro = definition
        if name in _BUILTIN or (provide and name in macros):  # natbib's first
            continue
        macros[name] = macro
    return macros


#: what natbib defines for the harvard family of styles (natbib.sty; its ``numbers``
#: brackets), before the .bbl's own ``\\providecommand`` could
_NATBIB_MACROS = {
    "harvardleft": Macro(0, None, "["), "harvardright": Macro(0, None, "]"),
    "harvardyearleft": Macro(0, None, "["), "harvardyearright": Macro(0, None, "]"),
    "harvardand": Macro(0, None, "and"), "betweenauthors": Macro(0, None, "and"),
    "harvardurl": Macro(1, None, "\\textbf{URL:} \\textit{#1}"),
}


def _command_definition(stream: _Tokens) -> tuple[str, Macro] | None:
    """``{\\name}[n][default]{body}`` after ``\\newcommand`` and its kind."""
    stream.skip_text("*")
    name_tokens = stream.argument()
    name = next((t[1] for t in name_tokens if t[0] == WORD), None)
    parameters = stream.optional()
    default = stream.optional()
    body = stream.argument()
    if name is None:
        return None
    count = int(parameters) if parameters is not None and parameters.strip().isdigit() else 0
    return name, Macro(count, default, source_of(body))


def _def_definition(stream: _Tokens) -> tuple[str, Macro] | None:
    """``\\name#1#2{body}`` after ``\\def``."""
    name = stream.next()
    if name is None or name[0] != WORD:
        return None
    parameters = 0
    while (token := stream.peek()) is not None and token[0] != OPEN:
        stream.next()
        parameters += token[1].count("#") if token[0] == TEXT else 0
    return name[1], Macro(parameters, None, source_of(stream.argument()))


def source_of(tokens: Iterable[Token]) -> str:
    """LaTeX source that tokenizes to ``tokens`` again."""
    parts = []
    for kind, text, _ in tokens:
        if kind == WORD:
            parts.append(f"\\{text} ")
        elif kind == SYMBOL:
            parts.append("\\" + text)
        else:
            parts.append(text)
    return "".join(parts)


def _expanded(macro: Macro, arguments: Sequence[str]) -> str:
    return re.sub(r"#([1-9])", lambda m: arguments[int(m.group(1)) - 1]
                  if int(m.group(1)) <= len(arguments) else "", macro.body)


class _Tokens:
    """A token stream with look-ahead, arguments and room for a macro's expansion."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def next(self) -> Token | None:
        if self.position < len(self.tokens):
            self.position += 1
            return self.tokens[self.position - 1]
        return None

    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def insert(self, tokens: list[Token]) -> None:
        """``tokens`` to be read next (a macro's expansion)."""
        self.tokens[self.position:self.position] = tokens

    def skip_spaces(self) -> None:
        """Spaces before an argument, skipped (also at the start of a text: "\\\" a")."""
        while (token := self.peek()) is not None and token[0] == TEXT and \
                token[1][:1].isspace():
            if token[1].isspace():
                self.position += 1
            else:
                self.take_chars(len(token[1]) - len(token[1].lstrip()))
                return

    def skip_text(self, text: str) -> None:
        self.skip_spaces()
        if (token := self.peek()) is not None and token[0] == TEXT and \
                token[1].startswith(text):
            self.take_chars(len(text))

    def argument(self) -> list[Token]:
        """The next argument: a brace group's tokens, a command, or one character."""
        self.skip_spaces()
        token = self.next()
        if token is None:
            return []
        if token[0] == OPEN:
            return self._group()
        if token[0] == TEXT and len(token[1]) > 1:
            self.position -= 1
            return [self.take_chars(1)]
        return [token]

    def _group(self) -> list[Token]:
        """The tokens up to the ``}`` that closes a group just opened, which is consumed."""
        depth = 0
        out = []
        while (token := self.next()) is not None:
            if token[0] == OPEN:
                depth += 1
            elif token[0] == CLOSE:
                if depth == 0:
                    break
                depth -= 1
            out.append(token)
        return out

    def verbatim(self) -> str:
        """A URL's argument as written: in braces, or between two of a character
        (``\\path|…|``, ``\\url+…+``), as the url package reads it."""
        self.skip_spaces()
        token = self.peek()
        if token is None or token[0] != TEXT:
            return source_of(self.argument()).strip()
        delimiter = self.take_chars(1)[1]
        return source_of(self._until(delimiter, nested=False)).strip()

    def optional(self) -> str | None:
        """An optional argument ``[…]``'s source, if one comes next."""
        self.skip_spaces()
        token = self.peek()
        if token is None or token[0] != TEXT or not token[1].startswith("["):
            return None
        self.take_chars(1)
        return source_of(self._until("]", nested=True))

    def _until(self, closing: str, nested: bool) -> list[Token]:
        """The tokens up to the character ``closing`` in a text (outside brace groups if
        ``nested``), which is consumed; or to the end."""
        parts: list[Token] = []
        depth = 0
        while (token := self.peek()) is not None:
            if token[0] == TEXT and depth == 0 and closing in token[1]:
                inside = token[1].index(closing)
                if inside:
                    parts.append(self.take_chars(inside))
                self.take_chars(1)
                break
            if nested:
                depth += (token[0] == OPEN) - (token[0] == CLOSE)
            parts.append(token)
            self.position += 1
        return parts

    def take_chars(self, count: int) -> Token:
        """The first ``count`` characters of the next (text) token, the rest left."""
        kind, text, at = self.tokens[self.position]
        if count < len(text):
            self.tokens[self.position] = (kind, text[count:], at + count)
        else:
            self.position += 1
        return (kind, text[:count], at)


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class _Font:
    italic: bool = False
    bold: bool = False
    superscript: bool = False
    subscript: bool = False


_UPRIGHT = _Font()
_SWITCHES: Mapping[str, Callable[[_Font], _Font]] = {
    "em": lambda f: replace(f, italic=not f.italic),
    "it": lambda f: replace(f, italic=True), "itshape": lambda f: replace(f, italic=True),
    "sl": lambda f: replace(f, italic=True), "slshape": lambda f: replace(f, italic=True),
    "bf": lambda f: replace(f, bold=True), "bfseries": lambda f: replace(f, bold=True),
    "upshape": lambda f: replace(f, italic=False),
    "mdseries": lambda f: replace(f, bold=False),
    "rm": lambda f: _UPRIGHT, "normalfont": lambda f: _UPRIGHT,
}
_FONT_COMMANDS: Mapping[str, Callable[[_Font], _Font]] = {
    "emph": _SWITCHES["em"], "textit": _SWITCHES["it"], "textsl": _SWITCHES["it"],
    "textbf": _SWITCHES["bf"], "textup": _SWITCHES["upshape"],
    "textmd": _SWITCHES["mdseries"], "textnormal": _SWITCHES["rm"],
    "textsuperscript": lambda f: replace(f, superscript=True),
}
#: fonts plbib's outputs do not show (typewriter, small caps, sizes): no change
_IGNORED_SWITCHES = frozenset({
    "sc", "scshape", "tt", "ttfamily", "sf", "sffamily", "rmfamily", "tiny", "scriptsize",
    "footnotesize", "small", "normalsize", "large", "Large", "frenchspacing",
    "nonfrenchspacing", "raggedright",
})
#: commands that print their one argument as it is
_TRANSPARENT = frozenset({
    "@firstofone", "texttt", "textsc", "textsf", "textrm", "mbox", "hbox", "text", "NoCaseChange",
    "ensuremath", "protect",
})
#: commands whose argument prints nothing: natbib's ``\natexlab`` (the "a" of "2023a")
#: under ``numbers``, where a label is a number and needs no letter
_GOBBLE_ONE = frozenset({"natexlab", "@gobble", "hspace", "vspace", "vskip"})
#: commands with two arguments that print the second (ACM's tags, IEEEtran's language)
_SECOND_OF_TWO = frozenset({"bibinfo", "bibfield", "BIBforeignlanguage"})
#: commands that print nothing: spacing set-up, paragraph and break hints
_SILENT = frozenset({
    "@m", "@M", "relax", "BIBentryALTinterwordspacing", "BIBentrySTDinterwordspacing", "BIBdecl",
    "allowbreak", "nobreak", "null", "hfil", "hfill", "break", "sloppy",
    "nolinebreak", "strut", "leavevmode",
})
#: commands that are a space between blocks of an entry
_SPACES = frozenset({"newblock", "quad", "qquad", "enspace", "par", "newline", "linebreak"})
_CASES: Mapping[str, Callable[[str], str]] = {
    "MakeUppercase": str.upper, "uppercase": str.upper, "MakeLowercase": str.lower,
    "lowercase": str.lower,
}
_BUILTIN = frozenset({
    *_SWITCHES, *_FONT_COMMANDS, *_IGNORED_SWITCHES, *_TRANSPARENT, *_GOBBLE_ONE,
    *_SECOND_OF_TWO, *_SILENT, *_SPACES, *_CASES, "url", "href", "urldef", "hskip",
    "unskip", "penalty", "path", "nolinkurl", "discretionary", "bgroup", "egroup",
    "expandafter",
})  # not \doi: the .bbl's own definition of it is what it prints (linked)
_NUMBER = re.compile(r"[-+]?\s*\d+")
_LETTERS = re.compile(r"[A-Za-z]+")
_GLUE = re.compile(r"\s*[-+]?[\d.]+\s*[a-z]{2}(?:\s*plus\s*[-+]?[\d.]+\s*(?:fil+|[a-z]{2}))?"
                   r"(?:\s*minus\s*[-+]?[\d.]+\s*[a-z]{2})?")
#: what TeX's fonts print for the ASCII quotes
_TEXT_QUOTES = {"'": "’", "`": "‘"}
_LIGATURES = {"---": "—", "--": "–", "``": "“", "''": "”", "~": "\u00a0"}
#: link schemes a reader may follow; any other "link" (javascript:) stays text
_SAFE_SCHEMES = re.compile(r"(?i)^(?:https?|ftp|mailto):")
#: macros expanded within one entry, at most: a macro that expands to itself stops here
MAX_EXPANSIONS = 10_000


class _Renderer:
    """Renders one entry's LaTeX into runs."""

    def __init__(self, macros: Mapping[str, Macro], key: str,
                 problems: list[PlbibError], at_letter: bool = False) -> None:
        self.macros = dict(macros)  # and what the entry defines itself
        self.at_letter = at_letter
        self.links: dict[str, str] = {}  # \urldef'd names
        self.key = key
        self.problems = problems
        self.out: list[Run] = []
        self.sealed = 0  # runs before this index take no more text (see _restyled)
        self.expansions = 0
        self.depth = 0

    def render(self, source: str) -> tuple[Run, ...]:
        self._group(_Tokens(latex.tokenize(source, self.at_letter)), _UPRIGHT, top=True)
        self._unskip()
        runs = self.out
        while runs and not runs[0].text.strip():
            runs.pop(0)
        if runs:
            runs[0] = replace(runs[0], text=runs[0].text.lstrip(" "))
        return tuple(r for r in runs if r.text)

    # ----------------------------------------------------------------- output

    def _emit(self, text: str, font: _Font, link: str | None = None) -> None:
        if not text:
            return
        last = self.out[-1] if len(self.out) > self.sealed else None
        if last is not None and last.link == link and (
                last.italic, last.bold, last.superscript, last.subscript) == (
                font.italic, font.bold, font.superscript, font.subscript):
            self.out[-1] = replace(last, text=last.text + text)
        else:
            self.out.append(Run(text, font.italic, font.bold, font.superscript,
                                font.subscript, link))

    def _restyled(self, tokens: list[Token], font: _Font, change: Callable[[Run], Run]
                  ) -> None:
        """The tokens rendered, then every run they made changed (made a link, upper
        case): the text before them is sealed so none of theirs joins it."""
        start = self.sealed = len(self.out)
        self._group(_Tokens(tokens), font, top=True)
        self.out[start:] = [change(run) for run in self.out[start:]]

    def _space(self, font: _Font) -> None:
        """One space (TeX folds a run of spaces, and drops them at the start)."""
        if self.out and self.out[-1].text[-1:] not in (" ", "\u00a0"):
            self._emit(" ", font)

    def _unskip(self) -> None:
        """TeX's ``\\unskip``: the space just printed taken back."""
        while self.out:
            last = self.out[-1]
            kept = last.text.rstrip(" \u00a0")
            if kept:
                self.out[-1] = replace(last, text=kept)
                return
            self.out.pop()

    # ----------------------------------------------------------------- tokens

    def _group(self, stream: _Tokens, font: _Font, top: bool = False) -> None:
        """Tokens up to the ``}`` that ends this group (or the end): font switches hold
        until then."""
        self.depth += 1
        if self.depth > latex.MAX_GROUP_DEPTH:  # hostile input, not a stack overflow
            raise BstError(f"the .bbl nests groups more than {latex.MAX_GROUP_DEPTH} "
                           "deep", key=self.key or None, field="bst",
                           hint="check the records' values and the style")
        self._tokens(stream, font, top)
        self.depth -= 1

    def _tokens(self, stream: _Tokens, font: _Font, top: bool) -> None:
        while (token := stream.next()) is not None:
            kind, text, _ = token
            if kind == CLOSE:
                if not top:
                    return
            elif kind == OPEN:
                self._group(stream, font)
            elif kind == TEXT:
                self._text(text, font)
            elif kind == LIGATURE:
                self._emit(_LIGATURES[text], font)
            elif kind == MATH:
                self._math(stream, font)
            elif kind == SYMBOL:
                self._symbol(stream, text, font)
            elif text in _SWITCHES:
                font = _SWITCHES[text](font)
            elif text == "bgroup":  # plain TeX's { and }
                self._group(stream, font)
            elif text == "egroup":
                if not top:
                    return
            else:
                self._word(stream, text, font)

    def _text(self, text: str, font: _Font) -> None:
        for piece in re.split(r"(\s+)", text):
            if not piece:
                continue
            if piece.isspace():
                self._space(font)
            else:
                self._emit(_TEXT_QUOTES.get(piece, piece), font)

    def _symbol(self, stream: _Tokens, text: str, font: _Font) -> None:
        if text in latex.ACCENTS:
            self._emit(self._accent(stream, text), font)
        elif text == "\\" or text == " ":
            self._space(font)
        else:
            self._emit(latex.ESCAPES.get(text, text), font)

    def _accent(self, stream: _Tokens, command: str) -> str:
        """An accent on its argument; accents may stack, ``{\\~\\^e}`` being ễ."""
        marks = [latex.ACCENTS[command]]
        while True:
            stream.skip_spaces()
            following = stream.peek()
            if following is None or following[0] not in (WORD, SYMBOL) or \
                    following[1] not in latex.ACCENTS:
                break
            stream.next()
            marks.append(latex.ACCENTS[following[1]])
        base = self._plain(stream.argument())
        for mark in reversed(marks):
            base = latex.accented(base, mark)
        return base

    def _plain(self, tokens: list[Token]) -> str:
        """The text of an argument, fonts and links aside (an accent's letter)."""
        inner = _Renderer(self.macros, self.key, self.problems, self.at_letter)
        inner.macros = self.macros  # definitions inside an argument hold after it
        inner.expansions, inner.depth = self.expansions, self.depth
        inner._group(_Tokens(tokens), _UPRIGHT, top=True)
        self.expansions = inner.expansions
        return "".join(run.text for run in inner.out)

    def _word(self, stream: _Tokens, name: str, font: _Font) -> None:
        if name in _FONT_COMMANDS:
            self._group(_Tokens(stream.argument()), _FONT_COMMANDS[name](font), top=True)
        elif name in _TRANSPARENT:
            self._group(_Tokens(stream.argument()), font, top=True)
        elif name in _GOBBLE_ONE:
            stream.argument()
        elif name in _SECOND_OF_TWO:
            stream.argument()
            self._group(_Tokens(stream.argument()), font, top=True)
        elif name in _IGNORED_SWITCHES or name in _SILENT:
            pass
        elif name in _SPACES:
            self._space(font)
        elif name == "hskip":
            self._glue(stream)
            self._space(font)
        elif name == "unskip":
            self._unskip()
        elif name == "penalty":
            self._penalty(stream)
        elif name in _CASES:
            case = _CASES[name]
            self._restyled(stream.argument(), font, lambda r: replace(r, text=case(r.text)))
        elif name in ("url", "href", "doi"):
            self._link(stream, name, font)
        elif name in ("path", "nolinkurl"):  # a URL's or path's text, not a link
            self._emit(stream.verbatim(), font)
        elif name == "discretionary":  # {before a break}{after}{unbroken}: the unbroken
            stream.argument()
            stream.argument()
            self._group(_Tokens(stream.argument()), font, top=True)
        elif name == "urldef":
            self._urldef(stream)
        elif name == "expandafter":
            self._expand_after(stream)
        elif name in self.links:
            self._emit(self.links[name], font, _safe(self.links[name]))
        elif name in latex.ACCENTS:
            self._emit(self._accent(stream, name), font)
        elif name in latex.SYMBOLS:
            self._emit(latex.SYMBOLS[name], font)
        elif name in self.macros:
            self._expand(stream, self.macros[name])
        elif name in _DEFINERS or name == "def":  # a definition inside an entry
            definition = _def_definition(stream) if name == "def" else \
                _command_definition(stream)
            if definition is not None and definition[0] not in _BUILTIN:
                self.macros[definition[0]] = definition[1]
        else:
            self.problems.append(PlbibError(
                f"the BibTeX style wrote \\{name}, a command plbib does not know: its "
                "argument is printed as it is", key=self.key or None, field="bst",
                severity=Severity.WARNING))

    def _penalty(self, stream: _Tokens) -> None:
        """The number after ``\\penalty`` (``0``, ``-50``, LaTeX's ``\\@m``), consumed."""
        stream.skip_spaces()
        token = stream.peek()
        if token is not None and token[0] == SYMBOL and token[1] == "@":  # \@m, \@M
            stream.next()
            token = stream.peek()
            if token is not None and token[0] == TEXT and (name := _LETTERS.match(token[1])):
                stream.take_chars(name.end())
        elif token is not None and token[0] == TEXT and (number := _NUMBER.match(token[1])):
            stream.take_chars(number.end())

    def _glue(self, stream: _Tokens) -> None:
        """The glue after ``\\hskip`` (``1em plus 0.5em minus 0.4em``), consumed."""
        token = stream.peek()
        if token is not None and token[0] == TEXT and (match := _GLUE.match(token[1])):
            stream.take_chars(match.end())

    def _link(self, stream: _Tokens, name: str, font: _Font) -> None:
        target = stream.verbatim()
        if name == "href":
            link = _safe(target)
            self._restyled(stream.argument(), font, lambda r: replace(r, link=link))
        elif name == "doi":
            shown = _expanded(self.macros["doi"], [target]) if "doi" in self.macros \
                else target
            link = doi_url(target)
            self._restyled(latex.tokenize(shown, self.at_letter), font,
                           lambda r: replace(r, link=link))
        else:
            self._emit(target, font, _safe(target))

    def _urldef(self, stream: _Tokens) -> None:
        """``\\urldef\\name\\url{…}``: ``\\name`` prints the URL from now on."""
        name = stream.next()
        stream.skip_spaces()
        command = stream.next()
        if name is not None and name[0] == WORD and command is not None and \
                command[0] == WORD and command[1] == "url":
            self.links[name[1]] = stream.verbatim()

    def _expand_after(self, stream: _Tokens) -> None:
        """TeX's ``\\expandafter A B``: B expanded once (if it is a macro of the .bbl's),
        then A read before its expansion — InorgChem's ``\\capitalize{\\bblin}`` is "In"."""
        first = stream.next()
        second = stream.peek()
        if second is not None and second[0] == WORD and second[1] in self.macros:
            stream.next()
            self._expand(stream, self.macros[second[1]])
        if first is not None:
            stream.insert([first])

    def _expand(self, stream: _Tokens, macro: Macro) -> None:
        self.expansions += 1
        if self.expansions > MAX_EXPANSIONS:
            raise BstError(f"the BibTeX style's macros expand without end (more than "
                           f"{MAX_EXPANSIONS:,} expansions)", key=self.key or None,
                           field="bst", hint="check the .bst's macro definitions")
        arguments = []
        count = macro.parameters
        if macro.default is not None and count:
            optional = stream.optional()
            arguments.append(macro.default if optional is None else optional)
            count -= 1
        arguments.extend(source_of(stream.argument()) for _ in range(count))
        stream.insert(latex.tokenize(_expanded(macro, arguments), self.at_letter))

    def _math(self, stream: _Tokens, font: _Font) -> None:
        """``$…$``: symbols as Unicode, operators (``\\log``) by name, ``^`` and ``_`` as
        superscript and subscript (alpha's ``$^{+}$``, ``n^2``), ``-`` as a minus sign,
        spaces dropped (math mode has none of its own)."""
        tokens = []
        while (token := stream.next()) is not None and token[0] != MATH:
            tokens.append(token)
        math = _Tokens(tokens)
        while (token := math.next()) is not None:
            kind, text, _ = token
            if kind == TEXT and (script := re.search(r"[\^_]", text)):
                self._emit(_math_text(text[:script.start()]), font)
                if after := text[script.end():]:  # the argument follows in the text: "^2"
                    math.insert([(TEXT, after, token[2])])
                shifted = replace(font, superscript=True) if script.group() == "^" else \
                    replace(font, subscript=True)
                self._emit(_math_text(self._plain(math.argument())), shifted)
            elif kind == TEXT:
                self._emit(_math_text(text), font)
            elif kind == WORD and text in latex.MATH_SYMBOLS:
                self._emit(latex.MATH_SYMBOLS[text], font)
            elif kind == WORD and text in _MATH_OPERATORS:  # spaced as TeX spaces them
                self._space(font)
                self._emit(text + " ", font)
            elif kind not in (OPEN, CLOSE):
                self._emit(self._plain([token]), font)


def _math_text(text: str) -> str:
    return text.replace(" ", "").replace("-", "\u2212")


#: math operators, printed by name (``\\log n`` is "log n")
_MATH_OPERATORS = frozenset({
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "max", "min", "sup", "inf", "lim",
    "arg", "det", "dim", "gcd", "deg", "Pr", "ker", "hom", "sinh", "cosh", "tanh",
})


def _safe(url: str) -> str | None:
    """The URL as a link target, if a reader may follow it."""
    return url if _SAFE_SCHEMES.match(url) else None


__all__ = ["MAX_EXPANSIONS", "Entry", "Macro", "Run", "definitions", "entries",
           "natbib_label", "strip_comments"]
