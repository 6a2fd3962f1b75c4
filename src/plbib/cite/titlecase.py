"""CSL ``text-case="title"`` as citeproc-js applies it (its ``CSL.Output.Formatters.title``).

citeproc-py capitalises every word but the CSL specification's 26 stop words. citeproc-js,
the processor Zotero and Mendeley use, differs, and a formatted reference should read as
theirs does:

* its stop-word list is longer (``out``, ``than``, ``per``, ``without``, … — 99 single
  words), and a one-letter word is never capitalised unless it starts the title or follows
  ``:``, ``?`` or ``!`` ("k-Nearest");
* the text is cut at punctuation and quotes (``- – — / . , ; ? ! : [ ] ( )``, curly and
  straight quotes) and each piece's words are capitalised on their own, so both parts of
  "Pre-trained" become "Pre-Trained";
* a word with any capital letter is left as it is; a lone Greek letter is never
  capitalised;
* the last word is capitalised even if it is a stop word ("… Models to Look Up");
* the word after an opening quote that is never closed keeps its case;
* no-case spans (``{GPTQ}``) are left alone and end the "first word" state.

:func:`title_case` works on runs of text, each either case-changeable or no-case, so that
citeproc-py's mixed strings keep their no-case segments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: citeproc-js's ``CSL.SKIP_WORDS`` (citeproc 2.4); as there, it is joined into one regular
#: expression, so "vs." and "v." match any two-letter word starting with "v" and the
#: phrases never match a single word.
SKIP_WORDS = (
    "about", "above", "across", "afore", "after", "against", "al", "along", "alongside",
    "amid", "amidst", "among", "amongst", "anenst", "apropos", "apud", "around", "as",
    "aside", "astride", "at", "athwart", "atop", "barring", "before", "behind", "below",
    "beneath", "beside", "besides", "between", "beyond", "but", "by", "circa", "despite",
    "down", "during", "et", "except", "for", "forenenst", "from", "given", "in", "inside",
    "into", "lest", "like", "modulo", "near", "next", "notwithstanding", "of", "off", "on",
    "onto", "out", "over", "per", "plus", "pro", "qua", "sans", "since", "than", "through",
    " thru", "throughout", "thruout", "till", "to", "toward", "towards", "under",
    "underneath", "until", "unto", "up", "upon", "versus", "vs.", "v.", "vs", "v", "via",
    "vis-à-vis", "with", "within", "without", "according to", "ahead of", "apart from",
    "as for", "as of", "as per", "as regards", "aside from", "back to", "because of",
    "close to", "due to", "except for", "far from", "inside of", "instead of", "near to",
    "next to", "on to", "out from", "out of", "outside of", "prior to", "pursuant to",
    "rather than", "regardless of", "such as", "that of", "up to", "where as", "or", "yet",
    "so", "for", "and", "nor", "a", "an", "the", "de", "d'", "von", "van", "c", "ca",
)
_SKIP = re.compile(r"(?:(?:[?!:]*\s+|-|^)(?:" + "|".join(SKIP_WORDS) + r")(?=[!?:]*\s+|-|$))")

#: what cuts the text into separately capitalised pieces (citeproc-js's tag pattern, less
#: the HTML tags that plbib's runs stand for)
_CUT = re.compile(r"(‘|’|“|”| \"| '|\"|'|[-–—/.,;?!:]|\[|\]|\(|\))")
_SPACES = re.compile(r"([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")
_LONE_GREEK = re.compile(r"^[\u0370-\u03ff]$")
#: opening quote -> (the opener it nests inside, its closer)
_QUOTES = {" \"": (" '", "\""), " '": (" \"", "'"), "‘": ("‘", "’"), "“": ("“", "”")}
_NOCASE_OPEN, _NOCASE_CLOSE = "\x00nocase", "\x00/nocase"


@dataclass(frozen=True)
class Run:
    """A run of title text; a ``nocase`` run is never recased."""

    text: str
    nocase: bool = False


def _capitalise(word: str) -> str:
    stripped = word.lstrip()
    if not stripped:
        return word
    lead = word[:len(word) - len(stripped)]
    if _LONE_GREEK.match(stripped):
        return word
    return lead + stripped[0].upper() + stripped[1:]


class _Engine:
    """One title: citeproc-js's state machine over alternating strings and cut marks."""

    def __init__(self, strings: list[str], tags: list[str]) -> None:
        self.strings, self.tags = strings, tags
        self.original = list(strings)
        self.first = True
        self.after_punctuation = False
        self.last_word: tuple[int, int] | None = None
        self.quotes: list[tuple[str, str, int | None]] = []

    def words(self, index: int, following: object) -> None:
        text = self.strings[index]
        if not text.strip():
            return
        pieces = _SPACES.split(text)  # words at even positions, spaces between
        words = pieces[::2]
        for number, word in enumerate(words):
            if not word:
                continue
            lower = word.lower()
            capitalise = (
                (len(word) > 1 and not _SKIP.search(lower))
                or (number == len(words) - 1 and following == "-")
                or self.first or self.after_punctuation)
            if capitalise and word == lower:
                words[number] = _capitalise(word)
            self.after_punctuation = self.first = False
            self.last_word = (index, number)
        pieces[::2] = words
        self.strings[index] = "".join(pieces)

    def _restore(self, position: int) -> None:
        """The string after a quote that did not pair keeps its first character."""
        after = position + 1
        self.strings[after] = self.original[after][:1] + self.strings[after][1:]
        self.last_word = None

    def _quote(self, tag: str, position: int) -> None:
        match = re.match(r"(^(?:‘|’|“|”|\"|')|(?: \"| ')$)", tag)
        if match is None:
            return
        mark = match.group(1)
        if mark in _QUOTES:  # an opener
            if not self.quotes or mark == self.quotes[-1][0]:
                self.quotes.append((*_QUOTES[mark], position))
                return
            previous = self.quotes.pop()[2]
            # citeproc-js records the new opener without its position
            self.quotes.append((*_QUOTES[mark], None))
            if previous is not None:
                self._restore(previous)
        elif self.quotes and mark == self.quotes[-1][1]:
            self.quotes.pop()
        else:
            self._restore(position)

    def run(self) -> None:
        # citeproc-js passes the following cut mark to the first string only (later calls
        # shift their arguments), so only there does "last word before a hyphen" count
        self.words(0, self.tags[0] if self.tags else None)
        nocase = 0
        for index, tag in enumerate(self.tags):
            text = self.strings[index + 1]
            if tag == _NOCASE_OPEN:
                nocase += 1
            elif tag == _NOCASE_CLOSE and nocase:
                nocase -= 1
            if tag[-1:] in ("!", "?", ":"):
                self.after_punctuation = True
            if nocase == 0:
                self.words(index + 1, None)
            elif text.strip():
                self.last_word = None
            self._quote(tag, index)
            if text.strip():
                self.first = self.after_punctuation = False
        for _, _, position in self.quotes:
            if position is not None:
                self._restore(position)
        if self.last_word is not None:
            index, number = self.last_word
            pieces = _SPACES.split(self.strings[index])
            word = pieces[number * 2]
            if len(word) > 1 and _SKIP.search(word.lower()):
                pieces[number * 2] = _capitalise(word)
                self.strings[index] = "".join(pieces)


def title_case(runs: Sequence[Run]) -> list[Run]:
    """The runs title-cased as citeproc-js does it; no-case runs unchanged."""
    strings, tags, kinds = [""], [], []  # kinds: whether each string is no-case
    kinds.append(False)
    for run in runs:
        if run.nocase:
            tags.append(_NOCASE_OPEN)
            strings.append(run.text)
            kinds.append(True)
            tags.append(_NOCASE_CLOSE)
            strings.append("")
            kinds.append(False)
            continue
        parts = _CUT.split(run.text)
        strings[-1] += parts[0]
        for tag, text in zip(parts[1::2], parts[2::2], strict=True):
            tags.append(tag)
            strings.append(text)
            kinds.append(False)
    engine = _Engine(strings, tags)
    engine.run()
    out: list[Run] = []
    for index, text in enumerate(engine.strings):
        if index:
            tag = tags[index - 1]
            if tag not in (_NOCASE_OPEN, _NOCASE_CLOSE):
                _append(out, Run(tag))
        _append(out, Run(text, kinds[index]))
    return out


def _append(out: list[Run], run: Run) -> None:
    if not run.text:
        return
    if out and out[-1].nocase == run.nocase and not run.nocase:
        out[-1] = Run(out[-1].text + run.text)
    else:
        out.append(run)
