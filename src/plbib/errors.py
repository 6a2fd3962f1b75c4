"""Errors a user can cause.

Every problem that comes from input (a file, a command-line argument, a snippet) is a
:class:`PlbibError`. It says *where* (file, line, record key, field), *what* is wrong and
*how to fix it*, so that the command line can print it without a traceback. Programming
errors stay ordinary Python exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


def bounded(text: str, limit: int) -> str:
    """``text``, or its start and end around a note of what was left out when it is longer
    than ``limit`` characters."""
    if len(text) <= limit:
        return text
    head, tail = limit * 5 // 12, limit // 3
    return f"{text[:head]} … ({len(text) - head - tail:,} characters) … {text[-tail:]}"


@dataclass
class PlbibError(Exception):
    """A problem with the user's input, with its location and a hint for the fix."""

    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    field: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        # a message quotes at most about 100 characters of a value (a 10 MB author name
        # printed 30 MB of error text): long texts keep their start and end
        self.message = bounded(self.message, 240)
        self.hint = bounded(self.hint, 240) if self.hint is not None else None
        self.key = bounded(self.key, 100) if self.key is not None else None
        self.field = bounded(self.field, 60) if self.field is not None else None
        super().__init__(self.message)

    @property
    def location(self) -> str:
        """``file:line`` (or what is known of it), for the start of a message."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
        return ":".join(parts) if self.file or self.line is not None else "plbib"

    def __str__(self) -> str:
        where = self.location
        subject = ""
        if self.key is not None and self.field is not None:
            subject = f"{self.key}: {self.field}: "
        elif self.key is not None:
            subject = f"{self.key}: "
        elif self.field is not None:
            subject = f"{self.field}: "
        text = f"{where}: {self.severity.value}: {subject}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def __hash__(self) -> int:  # dataclass(eq=True) would make it unhashable otherwise
        return id(self)


class PlbibWarning(UserWarning):
    """A problem that does not stop the operation, issued as a Python warning by the API
    (:func:`plbib.dumps` and :func:`plbib.dump`: a format with no place for what a record
    holds, once per record). ``problem`` is the :class:`PlbibError` it reports; the text
    is the one the command line prints."""

    def __init__(self, problem: PlbibError) -> None:
        super().__init__(str(problem))
        self.problem = problem


class InputFileError(PlbibError):
    """The input cannot be read at all: missing, unreadable, empty, too large, not UTF-8."""


class SyntaxProblem(PlbibError):
    """The text is not well-formed in its format (YAML, BibTeX, JSON, …)."""


class UnknownFieldError(PlbibError):
    """A field name plbib does not know (often a misspelling)."""


class MissingFieldError(PlbibError):
    """A field that this entry type requires is absent."""


class InvalidValueError(PlbibError):
    """A field's value has the wrong type or form (year, DOI, URL, pages, name, …)."""


class DuplicateError(PlbibError):
    """Two records share a key, a DOI, or (as a warning) a near-identical title."""


class UnknownReferenceError(PlbibError):
    """A record names a venue or section that is not declared."""


class FormatError(PlbibError):
    """An unknown format name, or a format that cannot do what was asked."""


class ValidationFailed(PlbibError):
    """Several problems at once: raised after *all* problems in an input were collected."""

    problems: Sequence[PlbibError]

    def __init__(self, problems: Iterable[PlbibError], file: str | None = None) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        first = errors[0] if errors else (self.problems[0] if self.problems else None)
        summary = f"{len(errors)} error(s) in the input"
        if first is not None:
            summary += f"; first: {first}"
        super().__init__(summary, file=file)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem a reader or the validation found, as a value: what kind of
    :class:`PlbibError` it is, what and where (file, line, record key, field), and the fix.
    Immutable: a location learnt later makes a new value (:meth:`at`), never a patched
    exception. :meth:`error` is the exception the public API reports it as."""

    kind: type[PlbibError]
    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    field: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def at(self, *, file: str | None = None, line: int | None = None) -> Diagnostic:
        """The same problem in ``file`` (unless it names one) at ``line`` (unless it has
        one)."""
        file = self.file if self.file is not None else file
        line = self.line if self.line is not None else line
        if file == self.file and line == self.line:
            return self  # most problems: known already (a read locates each once)
        return Diagnostic(self.kind, self.message, file, line, self.key, self.field,
                          self.hint, self.severity)

    def error(self) -> PlbibError:
        return self.kind(self.message, file=self.file, line=self.line, key=self.key,
                         field=self.field, hint=self.hint, severity=self.severity)

    def __str__(self) -> str:
        return str(self.error())


def errors_only(problems: Iterable[PlbibError]) -> list[PlbibError]:
    return [p for p in problems if p.severity is Severity.ERROR]
