"""LaTeX ⇄ Unicode for BibTeX field values.

Decoding follows BibTeX's own reading of braces, because that is what decides case:

* a brace group at the top level of a title protects its case — ``{GPTQ}`` — and becomes a
  protected :class:`~plbib.model.Span`;
* a top-level group that *starts with an accent command* — ``{\\"u}``, ``{\\c c}`` — is a
  BibTeX "special character", not protection (BibTeX recases its letter);
* ``$…$`` is math, kept as TeX source in a math span;
* accents, ``\\ss``-style letters, escaped specials, dashes, quotes and ``~`` become Unicode;
  formatting commands (``\\emph``, ``\\textbf``, …) keep their text; an unknown command is
  kept as written, so nothing is lost.

Encoding is the inverse: specials escaped, non-ASCII letters as braced accents (``{\\"u}``,
what pdflatex and IEEEtran's initials need) unless raw UTF-8 is asked for (biber), and
protected spans braced. ``decode(encode(x)) == x`` for every text (tested with hypothesis).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .model import Span, Title

# --------------------------------------------------------------------------- tables

#: accent command -> combining character
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}
_COMBINING_TO_ACCENT = {mark: command for command, mark in ACCENTS.items() if command != "t"}

#: math-mode commands for symbols that LaTeX's UTF-8 input does not set up in text (pdflatex
#: stops at a raw "∞"): written as \ensuremath{\infty}, read back as the character
MATH_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "infty": "∞", "times": "×", "pm": "±", "div": "÷", "leq": "≤", "geq": "≥", "neq": "≠",
    "approx": "≈", "equiv": "≡", "sim": "∼", "propto": "∝", "ll": "≪", "gg": "≫",
    "rightarrow": "→", "leftarrow": "←", "leftrightarrow": "↔", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "Leftrightarrow": "⇔", "in": "∈", "notin": "∉", "subset": "⊂",
    "subseteq": "⊆", "cup": "∪", "cap": "∩", "sum": "∑", "prod": "∏", "int": "∫",
    "surd": "√", "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃",
    "emptyset": "∅", "oplus": "⊕", "otimes": "⊗", "circ": "∘", "prime": "′", "ell": "ℓ",
}

#: commands that stand for a character (no argument)
SYMBOLS = {
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ",
    "textendash": "–", "textemdash": "—", "textbackslash": "\\", "textasciitilde": "~",
    "textasciicircum": "^", "textless": "<", "textgreater": ">", "textbar": "|",
    "textbraceleft": "{", "textbraceright": "}", "textunderscore": "_", "textquotedbl": '"',
    "ldots": "…", "dots": "…", "textellipsis": "…", "textquoteleft": "‘",
    "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "S": "§", "P": "¶", "copyright": "©", "textregistered": "®", "texttrademark": "™",
    "pounds": "£", "euro": "€", "textdegree": "°", "guillemotleft": "«",
    "guillemotright": "»", "LaTeX": "LaTeX", "TeX": "TeX", "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX", "slash": "/", "relax": "", "hyphen": "-", **MATH_SYMBOLS,
}
#: commands whose argument is kept as plain text
TEXT_COMMANDS = frozenset({
    "emph", "textit", "textbf", "textsc", "texttt", "textrm", "textsf", "textup", "textsl",
    "textmd", "textnormal", "mbox", "hbox", "text", "url", "href", "textsuperscript",
    "textsubscript", "uppercase", "MakeUppercase", "lowercase", "MakeLowercase", "NoCaseChange",
    "noopsort", "bibinfo", "ensuremath",
    # biblatex's own (its manual, 4.10.4): emphasis and acronyms keep their text
    "mkbibemph", "mkbibitalic", "mkbibbold", "mkbibacro", "textln", "mkbibsuperscript",
})
#: commands whose argument is a quotation (biblatex's \mkbibquote, csquotes' \enquote):
#: in English quotation marks, as citation-js and pandoc give them
QUOTE_COMMANDS = frozenset({"mkbibquote", "enquote"})
#: escaped single characters
ESCAPES = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ",
           "\\": "\n", ",": "\u2009", "-": "", "/": "", "@": "", ";": " ", ":": " ", "!": ""}

#: characters written as commands: Latin letters braced, as BibTeX's "special characters"
#: ({\ss}); symbols that need no package as \name{}. Anything else stays UTF-8.
_LETTERS_TO_SYMBOL = {
    "ß": "ss", "ø": "o", "Ø": "O", "å": "aa", "Å": "AA", "æ": "ae", "Æ": "AE", "œ": "oe",
    "Œ": "OE", "ł": "l", "Ł": "L", "ı": "i",
}
_SYMBOL_OUT = {"…": r"\ldots{}", "§": r"\S{}", "¶": r"\P{}", "©": r"\copyright{}",
               "£": r"\pounds{}",
               **{char: rf"\ensuremath{{\{name}}}" for name, char in MATH_SYMBOLS.items()}}

_NEEDS_DECODING = re.compile(r"[\\{}$~`'\-]")
#: what needs the tokenizer besides the dash and quote ligatures
_NEEDS_COMMANDS = re.compile(r"[\\{}$~]")
_PLAIN_GROUP = re.compile(r"\{([^{}]*)\}")
_TOKEN = re.compile(
    r"\\([A-Za-z]+)\s*"      # 1: a command word (swallowing the space that ends it)
    r"|\\(.)"                # 2: a command symbol
    r"|(\{)|(\})"            # 3, 4: braces
    r"|(\$)"                 # 5: math
    r"|(---|--|``|''|~)"     # 6: ligatures and ties
    r"|([^\\{}$~`'\-]+|.)",  # 7: plain text
    re.S,
)
#: the same, with ``@`` a letter (after ``\makeatletter``: ``\@gobble``, ``\dkbib@x``)
_TOKEN_AT_LETTER = re.compile(_TOKEN.pattern.replace("[A-Za-z]+", "[A-Za-z@]+", 1), re.S)


class LatexError(ValueError):
    """Unbalanced braces or unclosed math; ``position`` is the offending index."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


class NestingTooDeep(LatexError):
    """Braces nested deeper than any bibliography does: hostile or broken input, refused
    (a value plbib merely cannot decode is kept as written instead)."""


# --------------------------------------------------------------------------- decoding


#: the kinds of token :func:`tokenize` yields (plain ints: decoding compares them often)
WORD, SYMBOL, OPEN, CLOSE, MATH, LIGATURE, TEXT = range(1, 8)
Token = tuple[int, str, int]  # (kind, text, position in the source)


def tokenize(source: str, at_letter: bool = False) -> list[Token]:
    """LaTeX source as tokens: a command word (its name, the space after it swallowed), a
    command symbol, a brace, ``$``, a ligature or tie, or a run of plain text. With
    ``at_letter``, ``@`` is a letter of command words, as after ``\\makeatletter``."""
    tokens = []
    for match in (_TOKEN_AT_LETTER if at_letter else _TOKEN).finditer(source):
        kind = match.lastindex or TEXT
        text = match.group(kind) if kind in (WORD, SYMBOL) else match.group()
        tokens.append((kind, text, match.start()))
    return tokens


#: braces deeper than this are an error, not a recursion that exhausts the stack
MAX_GROUP_DEPTH = 64


class _Decoder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0

    def next(self) -> Token | None:
        if self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            return token
        return None

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _argument(self) -> str:
        """One argument of an accent or text command: a group, a command, or one char."""
        while (token := self.peek()) is not None and token[0] == TEXT and token[1].isspace():
            self.pos += 1
        token = self.next()
        if token is None:
            return ""
        kind, text, at = token
        if kind == OPEN:
            return self._group_text(at)
        if kind in (WORD, SYMBOL):  # another command: \'\"u, \'\i
            return self.one(token)
        if kind == TEXT and len(text) > 1:  # the first character is the argument
            self.pos -= 1
            self.tokens[self.pos] = (TEXT, text[1:], at + 1)
            return text[0]
        return text

    def _group_text(self, opened_at: int) -> str:
        self.depth += 1
        if self.depth > MAX_GROUP_DEPTH:  # hostile input: no real value nests this deep
            raise NestingTooDeep(f"braces nested more than {MAX_GROUP_DEPTH} deep", opened_at)
        parts: list[str] = []
        while True:
            token = self.next()
            if token is None:
                raise LatexError("'{' is never closed", opened_at)
            if token[0] == CLOSE:
                self.depth -= 1
                return "".join(parts)
            parts.append(self.one(token))

    def one(self, token: Token) -> str:
        """The Unicode for one token (and the tokens it consumes as arguments)."""
        kind, text, at = token
        if kind == WORD:
            if text in ACCENTS:
                return accented(self._argument(), ACCENTS[text])
            if text in SYMBOLS:
                return SYMBOLS[text]
            if text in TEXT_COMMANDS:
                if text == "href":
                    self._argument()
                return self._argument()
            if text in QUOTE_COMMANDS:
                return "“" + self._argument() + "”"
            # unknown: kept as written, with its braced argument
            if (following := self.peek()) is not None and following[0] == OPEN:
                self.pos += 1
                return "\\" + text + "{" + self._group_text(following[2]) + "}"
            return "\\" + text
        if kind == SYMBOL:
            if text in ACCENTS:
                return accented(self._argument(), ACCENTS[text])
            return ESCAPES.get(text, text)
        if kind == OPEN:
            return self._group_text(at)
        if kind == CLOSE:
            raise LatexError("'}' without a matching '{'", at)
        if kind == MATH:
            return "$" + self._math(at) + "$"
        if kind == LIGATURE:
            return {"---": "—", "--": "–", "``": "“", "''": "”", "~": "\u00a0"}[text]
        return text

    def _math(self, opened_at: int) -> str:
        end = self.source.find("$", opened_at + 1)
        while end != -1 and self.source[end - 1] == "\\":
            end = self.source.find("$", end + 1)
        if end == -1:
            raise LatexError("math '$' is never closed", opened_at)
        while (token := self.peek()) is not None and token[2] <= end:
            self.pos += 1
        return self.source[opened_at + 1:end]

    def text(self) -> str:
        parts = []
        while (token := self.next()) is not None:
            parts.append(self.one(token))
        return "".join(parts)

    def spans(self) -> list[Span]:
        """Top-level decoding with BibTeX's notion of case protection."""
        out: list[Span] = []
        while (token := self.next()) is not None:
            kind, _, at = token
            if kind == OPEN:
                first = self.peek()
                special = first is not None and (
                    (first[0] in (SYMBOL, WORD) and first[1] in ACCENTS)
                    or (first[0] == WORD and first[1] in _LATIN_SYMBOLS))
                out.append(Span(self._group_text(at), protected=not special))
            elif kind == MATH:
                out.append(Span(self._math(at), True, math=True))
            else:
                out.append(Span(self.one(token)))
        return out


#: single-letter symbol commands that BibTeX treats as special characters ({\ss}, {\o})
_LATIN_SYMBOLS = frozenset({"ss", "o", "O", "aa", "AA", "ae", "AE", "oe", "OE", "l", "L", "i",
                            "j"})


def accented(base: str, mark: str) -> str:
    """``base`` with the combining ``mark`` on its first letter, composed (NFC)."""
    if not base:
        return mark.strip() or ""
    if base == "ı":
        base = "i"
    elif base == "ȷ":
        base = "j"
    return unicodedata.normalize("NFC", base[0] + mark) + base[1:]


_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


def _needs_tokens(text: str) -> bool:
    """What needs the tokenizer besides plain brace groups (substring tests, as in
    :func:`_foldable`)."""
    return "\\" in text or "$" in text or "~" in text or "`" in text or "--" in text \
        or "''" in text


def _collapse(text: str) -> str:
    """BibTeX's whitespace folding: runs of ordinary white space (not ~'s no-break space)
    become one space, and the ends are trimmed."""
    if text and _foldable(text):
        text = _WHITESPACE.sub(" ", text)
    return text.strip(" ")


#: Google Scholar writes a protecting brace as math: ``$\{$Transformer-Based$\}$``.
_SCHOLAR_BRACES = re.compile(r"\$\\\{\$(.*?)\$\\\}\$")


def decode_spans(source: str) -> tuple[Span, ...]:
    """A field value as title spans (braces protect, math is math). Raises LatexError."""
    if _NEEDS_DECODING.search(source) is None:
        return (Span(_collapse(source)),)
    if "$\\{$" in source:
        source = _SCHOLAR_BRACES.sub(r"{\1}", source)
    if not _needs_tokens(source):
        # only plain {…} groups: split on them instead of tokenising every character
        parts = _PLAIN_GROUP.split(source)  # text, group, text, group, …, text
        groups = len(parts) // 2
        if source.count("{") == groups and source.count("}") == groups:  # no other braces
            if not _foldable(source) and all(parts[1:-1]) and not _spaced_ends(parts):
                # nothing to fold, merge or trim (the usual title): the spans as they stand
                return tuple(Span(text, i % 2 == 1) for i, text in enumerate(parts) if text)
            spans = [Span(text, protected=bool(i % 2)) for i, text in enumerate(parts)]
            return _collapse_spans(spans)
    spans = _Decoder(source).spans()
    return _collapse_spans(spans)


def _spaced_ends(parts: list[str]) -> bool:
    """Does the value (parts of a split at plain groups) start or end with a space to trim?
    (An empty first or last part is the outside of a group at that end.)"""
    return (parts[0] or parts[1])[:1] == " " or (parts[-1] or parts[-2])[-1:] == " "


def _collapse_spans(spans: list[Span]) -> tuple[Span, ...]:
    """BibTeX folds whitespace runs to one space; strip the ends of the whole value."""
    folded = [s if s.math or not _foldable(s.text)
              else Span(_WHITESPACE.sub(" ", s.text), s.protected) for s in spans]
    out = list(Title(tuple(folded)).spans)  # a Title merges and drops spans as it is built
    if out and not out[0].math and out[0].text[:1] == " ":
        out[0] = Span(out[0].text.lstrip(" "), out[0].protected)
    if out and not out[-1].math and out[-1].text[-1:] == " ":
        out[-1] = Span(out[-1].text.rstrip(" "), out[-1].protected)
    return tuple(s for s in out if s.text)


def _foldable(text: str) -> bool:
    """White space BibTeX would fold: anything but single spaces. (Substring tests: several
    times faster than a regex alternation, and this runs for every title.)"""
    return "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text \
        or "\v" in text


def decode_title(source: str) -> Title:
    """A field value as a title. Raises LatexError."""
    return Title(decode_spans(source))


#: :func:`decode_title` remembered, for values a list repeats (proceedings and journal
#: titles; Titles are immutable, so one is shared). A paper's own title is nearly always
#: unique: caching it would only fill the cache.
decode_repeated_title = lru_cache(maxsize=16384)(decode_title)


@lru_cache(maxsize=131072)
def decode(source: str) -> str:
    """A field value as plain Unicode text (braces dropped, math kept with its dollars)."""
    if _NEEDS_DECODING.search(source) is None:
        return _collapse(source)
    if _NEEDS_COMMANDS.search(source) is None:
        # only dashes and quotes (page ranges, O'Brien): the ligatures, left to right, as the
        # tokenizer reads them (--- before --), without tokenising
        return _collapse(source.replace("---", "—").replace("--", "–").replace("``", "“")
                         .replace("''", "”"))
    return _collapse(_Decoder(source).text())


# --------------------------------------------------------------------------- encoding

_SPECIAL_OUT = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
#: the ASCII characters the encoder writes as commands (``<`` is ``\textless{}``)
SPECIAL_CHARACTERS = frozenset(_SPECIAL_OUT)
_LIGATURE_OUT = {"–": "--", "—": "---", "“": "``", "”": "''", "\u00a0": "~"}
_NEEDS_ENCODING = re.compile(r"[\\{}&%$#_~^<>|\-`'\u0080-\U0010ffff]")


def _encode_char(char: str, ascii_only: bool) -> str:
    if char in _SPECIAL_OUT:
        return _SPECIAL_OUT[char]
    if ord(char) < 128:
        return char
    if char in _LIGATURE_OUT:
        return _LIGATURE_OUT[char]
    if not ascii_only:
        return char
    if char in _LETTERS_TO_SYMBOL:
        return "{\\" + _LETTERS_TO_SYMBOL[char] + "}"
    if char in _SYMBOL_OUT:
        return _SYMBOL_OUT[char]
    if unicodedata.normalize("NFC", char) != char:
        return char  # Å (angstrom sign) would come back as Å (letter): keep it as it is
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if ord(base) < 128 and base.isalpha() and marks and all(
            m in _COMBINING_TO_ACCENT for m in marks):
        # an accented i as {\'i}, not {\'\i}: biber turns \i plus an accent into "i" and a
        # combining accent, which pdflatex cannot typeset (U+0301 not set up); bibtex,
        # LaTeX and every reader take {\'i} as í
        # stacked accents nest in braces, {\\~{\\^e}} (ễ): LaTeX stops at {\\~\\^e}
        out = base
        for mark in marks:
            command = _COMBINING_TO_ACCENT[mark]
            out = f"\\{command}{out}" if len(out) == 1 and not command.isalpha() \
                else f"\\{command}{{{out}}}"
        return "{" + out + "}"
    return char  # no ASCII form (CJK, most symbols): raw UTF-8 beats losing it


@lru_cache(maxsize=131072)
def encode(text: str, ascii_only: bool = True) -> str:
    """Text as a BibTeX value body: specials escaped; accents braced when ``ascii_only``.

    Neighbours that TeX would read as a ligature (``--``, two backticks, two apostrophes)
    are kept apart with ``{}`` so that they read back as written.
    """
    if _NEEDS_ENCODING.search(text) is None:
        return text
    out: list[str] = []
    for char in text:
        piece = _encode_char(char, ascii_only)
        if out and out[-1] and piece and out[-1][-1] + piece[0] in _LIGATURE_PAIRS:
            out.append("{}")
        out.append(piece)
    return "".join(out)


#: neighbouring characters TeX would join into a ligature (–, “, ”)
_LIGATURE_PAIRS = frozenset({"--", "``", "''"})


def encode_title(title: Title, ascii_only: bool = True) -> str:
    """Title spans as BibTeX: protected spans braced, math between dollars."""
    out = []
    for span in title.spans:
        if span.math:
            out.append("$" + span.text + "$")
        elif span.protected:
            out.append("{" + encode(span.text, ascii_only) + "}")
        else:
            out.append(encode(span.text, ascii_only))
    return "".join(out)
