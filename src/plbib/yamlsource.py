"""Reading YAML that people wrote: safely, fast, and with line numbers for every complaint.

* libyaml's C loader when PyYAML has it (the pure-Python loader is ~10x slower);
* only plain data (SafeLoader), no anchors/aliases (an "alias bomb" is refused at the first
  reused node), no duplicate mapping keys (YAML would silently keep the last one);
* line numbers are found lazily: the happy path never builds a node tree, and a file with
  problems is composed once to point at them.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import InputFileError, SyntaxProblem

try:  # libyaml bindings are optional in PyYAML
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    HAVE_LIBYAML = True
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader
    HAVE_LIBYAML = False

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


def _build(loader: _StrictLoader, root: yaml.Node) -> Any:
    """Plain Python data from a node tree, refusing aliases and duplicate mapping keys.

    PyYAML's own construction supports recursive structures through generators and
    per-node bookkeeping; plbib's files are plain trees, so one recursive pass suffices
    and costs a fraction. Anything but text, lists and mappings (numbers, booleans, null,
    dates, unknown tags) goes through SafeLoader's own constructors, unchanged.
    """
    seen: set[int] = set()

    def build(node: yaml.Node) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR_TAG else loader.construct_object(node, True)
        if id(node) in seen:
            raise yaml.constructor.ConstructorError(
                None, None,
                "anchors and aliases ('&name', '*name') are not allowed; write the value out",
                node.start_mark)
        seen.add(id(node))
        if kind is yaml.SequenceNode and node.tag == _SEQ_TAG:
            return [build(item) for item in node.value]
        if kind is yaml.MappingNode and node.tag == _MAP_TAG:
            data: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = build(key_node)
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise yaml.constructor.ConstructorError(
                        None, None, "merge keys ('<<') are not allowed; write the fields out",
                        key_node.start_mark)
                try:
                    duplicate = key in data
                except TypeError:  # an unhashable key: let SafeLoader word the error
                    return loader.construct_object(node, True)
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} appears twice in one mapping; keep one",
                        key_node.start_mark)
                data[key] = build(value_node)
            return data
        return loader.construct_object(node, True)

    return build(root)


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


def read_text(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text, strictly UTF-8; every failure is an :class:`InputFileError`."""
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
    return decode(data, name)


def decode(data: bytes, file: str | None) -> str:
    """Strict UTF-8 (a leading BOM is dropped), with the line of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8", file=file, line=line,
            hint="save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def parse(text: str, file: str | None) -> Any:
    """Parse YAML text to plain Python data; syntax problems become :class:`SyntaxProblem`."""
    if not text.strip():
        raise InputFileError("the file is empty", file=file, hint="a list starts with 'papers:'")
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(loader, node)
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
    source_line = text.split("\n", mark.line + 1)[mark.line] if mark is not None else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "tab" in problem or "\t" in indent:
        problem = "a tab character is used for indentation"
        hint = "YAML indents with spaces only; replace the tab with spaces"
    elif exc.context and "alias" not in problem and "twice" not in problem:
        problem = f"{problem} ({exc.context})"
    if "twice" in problem or "alias" in problem:
        hint = None  # the message itself says what to do
    return SyntaxProblem(problem, file=file, line=line, hint=hint)


class Locator:
    """Finds the line of a value by its path (``("papers", 3, "doi")``) in YAML text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def line(self, path: Sequence[str | int]) -> int | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_BaseLoader)
            except yaml.YAMLError:
                self._root = None
        node = self._root
        found: int | None = None
        for step in path:
            if node is None:
                break
            node, at = _child(node, step)
            if at is not None:
                found = at
        return found


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, int | None]:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if key_node.value == step:
                return value_node, key_node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item = node.value[step]
        return item, item.start_mark.line + 1
    return None, None
