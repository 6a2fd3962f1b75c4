"""Reading YAML that people wrote: safely, fast, and with line numbers for every complaint.

* libyaml's C loader when PyYAML has it (the pure-Python loader is ~10x slower);
* only plain data (SafeLoader), no anchors/aliases (an "alias bomb" is refused at the first
  reused node), no duplicate mapping keys (YAML would silently keep the last one);
* line numbers are found lazily: the happy path never builds a node tree, and a file with
  problems is composed once to point at them.
"""

from __future__ import annotations

import array
import contextlib
import gc
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import InputFileError, SyntaxProblem

try:  # libyaml bindings are optional in PyYAML
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

#: Files above this size are refused before parsing (override with ``max_bytes``).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml parsing with a lean scalar resolver; objects are built by :func:`_build`."""

    # The stock resolver concatenates two lists and scans them for every scalar; here the
    # same (first character -> resolvers) table is prebuilt once, and a scalar whose first
    # character starts no implicit type (most text: titles, names) is text at once.
    _by_first: ClassVar[dict[str, tuple[tuple[str, Any], ...]]] = {
        first: tuple(resolvers)
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
        if first is not None
    }

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR_TAG
        return str(super().resolve(kind, value, implicit))


def _refuse(problem: str, mark: Any) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, mark)


def _build(loader: _StrictLoader, lines: dict[int, int] | None = None) -> Any:
    """Plain Python data straight from libyaml's event stream.

    PyYAML's own loading first builds a node tree of the whole document (each node with two
    position marks) — 1.9 GiB for a 46 MB list — and then constructs objects through
    generators and per-node bookkeeping. plbib's files are plain trees, so objects are built
    as the events arrive, and only the data stays in memory. Anchors, aliases, merge keys and
    duplicate keys are refused; anything but text, lists and mappings (numbers, booleans,
    null, dates, unknown tags) goes through SafeLoader's own constructors, unchanged.
    """
    get_event = loader.get_event
    resolve = loader.resolve

    def scalar(event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR_TAG:
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                               event.style)
        return loader.construct_object(node, True)

    def build(event: Any) -> Any:
        kind = event.__class__
        if kind is yaml.ScalarEvent:
            if event.anchor is not None:
                raise _refuse(_NO_ALIASES, event.start_mark)
            return scalar(event)
        if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
            raise _refuse(_NO_ALIASES, event.start_mark)
        if kind is yaml.SequenceStartEvent:
            _check_tag(event, _SEQ_TAG)
            items = []
            while (item := get_event()).__class__ is not yaml.SequenceEndEvent:
                items.append(build(item))
            return items
        if kind is yaml.MappingStartEvent:
            _check_tag(event, _MAP_TAG)
            data: dict[Any, Any] = {}
            if lines is not None:
                lines[id(data)] = event.start_mark.line + 1
            while (key_event := get_event()).__class__ is not yaml.MappingEndEvent:
                key = build(key_event)
                if key == "<<" and key_event.__class__ is yaml.ScalarEvent and \
                        key_event.implicit[0]:
                    raise _refuse("merge keys ('<<') are not allowed; write the fields out",
                                  key_event.start_mark)
                try:
                    duplicate = key in data
                except TypeError:
                    raise _refuse("a mapping key must be text or a number",
                                  key_event.start_mark) from None
                if duplicate:
                    raise _refuse(f"the key {key!r} appears twice in one mapping; keep one",
                                  key_event.start_mark)
                data[key] = build(get_event())
            return data
        raise _refuse(f"unexpected YAML event {kind.__name__}", event.start_mark)

    get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    get_event()  # document start
    data = build(get_event())
    get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        raise _refuse("the file holds more than one YAML document ('---'); keep one",
                      loader.peek_event().start_mark)
    return data


_NO_ALIASES = "anchors and aliases ('&name', '*name') are not allowed; write the value out"


def _check_tag(event: Any, default: str) -> None:
    """Collections keep their default tags; an explicit one (!!set, !!omap, !foo) is not
    plain data."""
    if event.tag not in (None, "!", default):
        raise _refuse(f"the tag {event.tag!r} is not allowed; write plain lists and mappings",
                      event.start_mark)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic trees.

    Loading creates hundreds of thousands of small objects; each allocation burst makes the
    collector rescan the growing heap, which more than doubles the parse time of a 10k-record
    file. Nothing built here is cyclic, so nothing is left for it to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_text(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
              encoding: str | None = None) -> str:
    """The file's text (see :func:`decode` for its encoding); every failure is an
    :class:`InputFileError`."""
    name = os.fspath(path)
    try:
        size = os.stat(name).st_size
        if size > max_bytes:
            raise InputFileError(
                f"the file is {size:,} bytes, over the limit of {max_bytes:,}", file=name,
                hint="split the list into several files, or raise the limit (max_bytes)",
            )
        data = Path(name).read_bytes()
    except FileNotFoundError:
        raise InputFileError("no such file", file=name, hint="check the path") from None
    except IsADirectoryError:
        raise InputFileError("this is a directory, not a file", file=name) from None
    except PermissionError:
        raise InputFileError("permission denied", file=name) from None
    return decode(data, name, encoding)


#: the encoding a file declares on one of its first lines, as JabRef writes it
#: (``% Encoding: Cp1252``, Java's names; JabRef 5 writes ``% Encoding: UTF-8``)
_DECLARED = re.compile(rb"^%[ \t]*Encoding:[ \t]*([A-Za-z0-9_.:-]+)[ \t]*\r?$", re.M)


def declared_encoding(data: bytes) -> str | None:
    """The encoding a file's first bytes say: a UTF-16 byte order mark, or UTF-16 without
    one (a NUL byte before or after each of the first characters: no text holds NUL), else
    the encoding its first lines declare (JabRef's ``% Encoding:``), or None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"  # Python's UTF-16 reads the mark and drops it
    head = data[:64]
    if len(head) >= 4 and len(head) % 2 == 0 and b"\0" in head:
        if not any(head[0::2]) and all(head[1::2]):
            return "UTF-16-BE"
        if not any(head[1::2]) and all(head[0::2]):
            return "UTF-16-LE"
    match = _DECLARED.search(data, 0, 2048)
    return match.group(1).decode("ascii") if match else None


def decode(data: bytes, file: str | None, encoding: str | None = None) -> str:
    """The text of a file's bytes: in ``encoding`` where given, else in the encoding the
    file declares (JabRef's ``% Encoding: Cp1252``), else strict UTF-8 (a leading BOM is
    dropped); a byte the encoding has no character for is an error with its line."""
    given = encoding is not None
    name = encoding or declared_encoding(data) or "UTF-8"
    codec = _codec(name)
    if codec is None:
        raise InputFileError(
            f"unknown encoding {name!r}" + ("" if given else " (the file declares it)"),
            file=file, field="--encoding" if given else None,
            hint="name one Python knows: utf-8, cp1252, latin-1, mac-roman, …" if given else
                 "name the file's encoding with --encoding (utf-8, cp1252, latin-1, …)")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            f"byte 0x{data[exc.start]:02x} is not valid {name}", file=file, line=line,
            hint="save the file as UTF-8, or name its encoding with --encoding "
                 "(cp1252, latin-1, …)" if codec == "utf-8" else
                 "name the file's encoding with --encoding",
        ) from None
    return text.removeprefix("\ufeff")


def _codec(name: str) -> str | None:
    """Python's name of an encoding named as Python or Java names it (JabRef writes Java's:
    ``Cp1252``, ``ISO8859_1``, ``x-MacRoman``), or None."""
    import codecs

    for candidate in (name, name.removeprefix("x-").removeprefix("X-")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def parse(text: str, file: str | None, lines: dict[int, int] | None = None) -> Any:
    """Parse YAML text to plain Python data; syntax problems become :class:`SyntaxProblem`.

    With ``lines``, the line of every mapping is recorded there under ``id(mapping)`` (valid
    while the data lives).
    """
    if not text.strip():
        raise InputFileError("the file is empty", file=file, hint="a list starts with 'papers:'")
    loader = _StrictLoader(text)
    try:
        return _build(loader, lines)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, file, text) from None
    except yaml.YAMLError as exc:  # unmarked reader errors (control characters)
        raise SyntaxProblem(f"not valid YAML: {exc}", file=file) from None
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str | None, text: str) -> SyntaxProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or "not valid YAML"
    hint: str | None = "check the indentation and quoting around this line"
    # libyaml words a tab in indentation several ways; look at the line itself
    source_lines = text.split("\n", mark.line + 1) if mark is not None else []
    # libyaml may point one line past the end ("[" at end of file)
    source_line = source_lines[mark.line] if mark is not None and mark.line < len(
        source_lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "tab" in problem or "\t" in indent:
        problem = "a tab character is used for indentation"
        hint = "YAML indents with spaces only; replace the tab with spaces"
    elif exc.context and "alias" not in problem and "twice" not in problem:
        problem = f"{problem} ({exc.context})"
    if "twice" in problem or "alias" in problem:
        hint = None  # the message itself says what to do
    return SyntaxProblem(problem, file=file, line=line, hint=hint)


class RecordLocator:
    """Lines of the canonical list's values, from the start line of each paper.

    A paper's field is found by scanning only that paper's lines for ``field:``; top-level
    keys by scanning for them at the left margin. Anything else falls back to
    :class:`Locator`. Newline offsets are indexed only when a problem needs a line.
    """

    def __init__(self, text: str, record_lines: Sequence[int | None]) -> None:
        self._text = text
        self._records = record_lines
        self._newlines: array.array[int] | None = None

    def _line_text(self, line: int) -> str:
        if self._newlines is None:
            self._newlines = array.array("q", (m.start() for m in re.finditer("\n", self._text)))
        starts = self._newlines
        start = starts[line - 2] + 1 if line >= 2 else 0
        end = starts[line - 1] if line - 1 < len(starts) else len(self._text)
        return self._text[start:end]

    def _field_line(self, record: int, field: str) -> int | None:
        first = self._records[record]
        if first is None:
            return None
        following = next((n for n in self._records[record + 1:] if n is not None), None)
        last = (following - 1) if following else first + 200
        pattern = re.compile(rf"^\s*(?:-\s+)?['\"]?{re.escape(field)}['\"]?\s*:")
        total = self._text.count("\n") + 1 if self._newlines is None else len(self._newlines) + 1
        for line in range(first, min(last, total) + 1):
            if pattern.match(self._line_text(line)):
                return line
        return first

    def lines(self, paths: Sequence[Sequence[str | int]]) -> list[int | None]:
        out: list[int | None] = []
        fallback: list[int] = []
        for number, path in enumerate(paths):
            if len(path) >= 2 and path[0] == "papers" and isinstance(path[1], int) \
                    and path[1] < len(self._records):
                if len(path) == 2:
                    out.append(self._records[path[1]])
                else:
                    out.append(self._field_line(path[1], str(path[2])))
            elif len(path) == 1 and isinstance(path[0], str):
                match = re.search(rf"^{re.escape(path[0])}\s*:", self._text, re.M)
                out.append(self._text.count("\n", 0, match.start()) + 1 if match else None)
            else:
                out.append(None)
            if out[-1] is None:
                fallback.append(number)
        if fallback:
            for number, line in zip(fallback, Locator(self._text).lines(
                    [paths[n] for n in fallback]), strict=True):
                out[number] = line
        return out


class Locator:
    """Finds the lines of values by their paths (``("papers", 3, "doi")``) in YAML text.

    One streaming pass over the parser's events, remembering lines only for the paths asked
    for (and their prefixes, so a missing field points at its record): no node tree is
    built, so locating problems in a large file costs no more memory than reading it.
    """

    def __init__(self, text: str) -> None:
        self._text = text

    def lines(self, paths: Sequence[Sequence[str | int]]) -> list[int | None]:
        wanted = {tuple(p[:i]) for p in paths for i in range(1, len(p) + 1)}
        found: dict[tuple[str | int, ...], int] = {}
        with contextlib.suppress(yaml.YAMLError):  # lines found before an error still count
            self._walk(wanted, found)
        out = []
        for path in paths:
            key = tuple(path)
            while key and key not in found:
                key = key[:-1]
            out.append(found.get(key))
        return out

    def _walk(self, wanted: set[tuple[str | int, ...]],
              found: dict[tuple[str | int, ...], int]) -> None:
        loader: Any = _BaseLoader(self._text)
        try:
            # each frame: [path, is_mapping, next index or pending key, expecting a key]
            stack: list[list[Any]] = []
            while loader.check_event():
                event = loader.get_event()
                kind = event.__class__
                if kind in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
                    stack.pop()
                    self._advance(stack)
                    continue
                if kind not in (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent,
                                yaml.MappingStartEvent):
                    continue
                if stack and stack[-1][1] and stack[-1][3]:  # a mapping key
                    frame = stack[-1]
                    frame[2] = event.value if kind is yaml.ScalarEvent else None
                    frame[3] = False
                    path = (*frame[0], frame[2])
                    if frame[2] is not None and path in wanted:
                        found[path] = event.start_mark.line + 1
                    if kind in (yaml.SequenceStartEvent, yaml.MappingStartEvent):
                        stack.append([path, kind is yaml.MappingStartEvent, 0, True])
                    continue
                path = self._value_path(stack)
                if stack and not stack[-1][1] and path in wanted:
                    found[path] = event.start_mark.line + 1
                if kind in (yaml.SequenceStartEvent, yaml.MappingStartEvent):
                    stack.append([path, kind is yaml.MappingStartEvent, 0, True])
                else:
                    self._advance(stack)
        finally:
            loader.dispose()

    @staticmethod
    def _value_path(stack: list[list[Any]]) -> tuple[str | int, ...]:
        if not stack:
            return ()
        frame = stack[-1]
        return (*frame[0], frame[2])

    @staticmethod
    def _advance(stack: list[list[Any]]) -> None:
        """After a complete value: the next sequence index, or a mapping's next key."""
        if not stack:
            return
        frame = stack[-1]
        if frame[1]:
            frame[3] = True
        else:
            frame[2] += 1
