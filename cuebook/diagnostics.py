"""Located diagnostics: every message names a file, a line and a code.

The shape is the one compilers and ruff print, ``path:line:col: severity: message [code]``,
so editors can jump to it. Diagnostics are collected, all reported, and the build fails once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a source file; ``path`` is the path as shown to the user."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    location: SourceLocation
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message} [{self.code}]"


@dataclass
class Diagnostics:
    """A collector: parsing and checking add to it, the CLI reports it once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: SourceLocation, message: str, code: str) -> None:
        self.items.append(Diagnostic(location, Severity.ERROR, message, code))

    def warning(self, location: SourceLocation, message: str, code: str) -> None:
        self.items.append(Diagnostic(location, Severity.WARNING, message, code))

    def report(self, location: SourceLocation, message: str, code: str) -> None:
        """A diagnostic at the severity the policy (:mod:`cuebook.codes`) gives ``code``."""
        from cuebook.codes import severity_of  # codes imports Severity from here

        self.items.append(Diagnostic(location, severity_of(code), message, code))

    def extend(self, other: Diagnostics | Iterable[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.location, d.code, d.message))


class CuebookError(Exception):
    """A problem with the user's input or environment, reported without a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics
