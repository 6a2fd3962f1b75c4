"""A rendered ``.bbl``'s entries (:mod:`.render`) written out: text as the typeset page
reads, HTML, or Markdown — every text escaped, links only where a reader may follow them."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import groupby

from ..errors import PlbibError
from ..formatted import Formatted, OutputFormat
from .render import Entry, Run, entries


def formatted(bbl: str, output: OutputFormat
              ) -> tuple[list[Formatted], tuple[PlbibError, ...]]:
    """Every entry of the ``.bbl`` in ``output``, and the warnings of its rendering."""
    rendered, problems = entries(bbl)
    write = _WRITERS[output]
    return [Formatted(entry.key, write(entry)) for entry in rendered], problems


def to_text(entry: Entry) -> str:
    """``[1] A. Author, …``: the label and the text as pdftotext reads the PDF."""
    return f"[{_plain_text(entry.label)}] {_plain_text(entry.body)}"


def _plain_text(runs: Iterable[Run]) -> str:
    return "".join(run.text for run in runs)


def to_html(entry: Entry) -> str:
    """citeproc-js's markup for an entry with its label in the margin (so one stylesheet
    serves CSL and BibTeX styles): every text escaped, links as ``<a>``."""
    return (f'<div class="csl-entry"><div class="csl-left-margin">[{_html(entry.label)}]'
            f'</div><div class="csl-right-inline">{_html(entry.body)}</div></div>')


def _html(runs: Sequence[Run]) -> str:
    out = []
    for link, group in _by_link(runs):
        inner = "".join(_html_run(run) for run in group)
        out.append(f'<a href="{html.escape(link)}">{inner}</a>' if link else inner)
    return "".join(out)


def _html_run(run: Run) -> str:
    text = html.escape(run.text, quote=False)
    for on, tag in ((run.superscript, "sup"), (run.subscript, "sub"), (run.italic, "i"),
                    (run.bold, "b")):
        if on:
            text = f"<{tag}>{text}</{tag}>"
    return text


def to_markdown(entry: Entry) -> str:
    """The entry in Markdown: every text escaped (nothing becomes a link, emphasis, code or
    HTML of its own), italic and bold as ``*``/``**``, links as ``[text](url)``."""
    return f"\\[{_markdown(entry.label)}\\] {_markdown(entry.body)}"


def _markdown(runs: Sequence[Run]) -> str:
    from ..cite.markdown_formatter import preformat
    from ..formats.markdown import link_destination

    out = []
    for link, group in _by_link(runs):
        inner = _emphasised(group, preformat)
        out.append(f"[{inner}]({link_destination(link)})" if link else inner)
    return "".join(out)


def _emphasised(runs: Sequence[Run], escape: Callable[[str], str]) -> str:
    """Runs in Markdown: each stretch of one emphasis as ``*…*``/``**…**`` where
    CommonMark's flanking rules let the marks open and close there, else as ``<i>``/``<b>``
    (GitHub and pandoc read both); its spaces outside the marks."""
    pieces = [((italic, bold), "".join(_scripted(r, escape) for r in same))
              for (italic, bold), same in groupby(runs, key=lambda r: (r.italic, r.bold))]
    out = ""
    for index, ((italic, bold), text) in enumerate(pieces):
        if not (italic or bold) or not text.strip():
            out += text
            continue
        body = text.strip(" ")
        before, after = text[:len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        next_char = after[:1] or (None if following is None else
                                  "*" if any(following[0]) else following[1][:1])
        previous = (out + before)[-1:] or None
        marks = "*" * (italic + 2 * bold)
        if _can_open(previous, body[0]) and _can_close(body[-1], next_char):
            out += f"{before}{marks}{body}{marks}{after}"
        else:
            tags = [tag for on, tag in ((bold, "b"), (italic, "i")) if on]
            opened = "".join(f"<{t}>" for t in tags)
            closed = "".join(f"</{t}>" for t in reversed(tags))
            out += f"{before}{opened}{body}{closed}{after}"
    return out


def _scripted(run: Run, escape: Callable[[str], str]) -> str:
    text = escape(run.text)
    if run.superscript:
        return f"<sup>{text}</sup>"
    if run.subscript:
        return f"<sub>{text}</sub>"
    return text


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _can_open(previous: str | None, first: str) -> bool:
    """May ``*`` open emphasis between ``previous`` and ``first`` (left-flanking)?"""
    if first.isspace() or previous == "*":
        return False
    return not _punctuation(first) or previous is None or previous.isspace() or \
        _punctuation(previous)


def _can_close(last: str, following: str | None) -> bool:
    """May ``*`` close emphasis between ``last`` and ``following`` (right-flanking)?"""
    if last.isspace() or following == "*":
        return False
    return not _punctuation(last) or following is None or following.isspace() or \
        _punctuation(following)


def _by_link(runs: Sequence[Run]) -> list[tuple[str | None, list[Run]]]:
    groups: list[tuple[str | None, list[Run]]] = []
    for run in runs:
        if groups and groups[-1][0] == run.link:
            groups[-1][1].append(run)
        else:
            groups.append((run.link, [run]))
    return groups


_WRITERS: Mapping[OutputFormat, Callable[[Entry], str]] = {
    OutputFormat.TEXT: to_text, OutputFormat.HTML: to_html, OutputFormat.MARKDOWN: to_markdown,
}


__all__ = ["formatted", "to_html", "to_markdown", "to_text"]
