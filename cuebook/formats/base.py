"""What every format receives and gives back: the writer protocol and its context."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError, Diagnostic, Severity
from cuebook.formats.options import Section, resolve


@dataclass(frozen=True)
class WriterContext:
    """Everything a writer may use besides the book: no globals, passed explicitly."""

    out_dir: Path
    project_dir: Path  # where templates/ and styles/ live
    source_date_epoch: int
    strict: bool = False
    paper: str | None = None  # overrides book.yaml's output.paper
    #: The format's checked options (cuebook.formats.options), by key: "size" -> CardSize;
    #: None when the writer is used on its own: it then reads book.yaml and ``flags`` itself.
    options: Mapping[str, Any] | None = None
    #: Format flags as given on the command line: {"cards.size": "a7"}.
    flags: Mapping[str, Any] = field(default_factory=dict)
    #: A folder where one writer may leave what another can reuse in the same build (the
    #: handout's page map for the EPUB page-list); None: nothing is shared.
    artifacts: Path | None = None
    #: The formats of this book being built beside this job in the run, not finished when
    #: it started: a writer that reads one's artifacts waits for them (:func:`await_artifact`).
    alongside: frozenset[str] = frozenset()
    #: A folder where a writer keeps what it learned for later builds of the book (the cards'
    #: fit of each face), so an edit redoes only what it touched; None: nothing is kept.
    memory: Path | None = None
    log: logging.Logger = logging.getLogger("cuebook")
    #: Called by a writer once what formats that run after it reuse is in ``artifacts`` (the
    #: handout's page map): they may start before it has finished.
    ready: Callable[[], None] = field(default=lambda: None, compare=False)

    def values(self, section: Section, book: Book) -> Mapping[str, Any]:
        """The format's options: as the pipeline checked them, else read here (every error
        raised at once)."""
        if self.options is not None:
            return self.options
        resolved = resolve(section, book.config, self.flags, self.paper or book.config.paper,
                           book)
        self.report(resolved.problems)
        return resolved.values

    def report(self, problems: Sequence[Diagnostic]) -> None:
        """The one policy for what a writer finds while writing: an error fails the job, a
        warning is logged, or fails the job too with ``--strict``; all of them together."""
        if any(p.severity is Severity.ERROR for p in problems) or (problems and self.strict):
            raise CuebookError(list(problems))
        for problem in problems:
            self.log.warning("%s", problem)


def finished_marker(ctx: WriterContext, slug: str, fmt: str) -> Path | None:
    """The file the build leaves in ``ctx.artifacts`` when the job (slug, fmt) has ended,
    built or failed: a job waiting for its artifacts stops waiting then."""
    return None if ctx.artifacts is None else ctx.artifacts / f"{slug}.{fmt}.finished"


def await_artifact(ctx: WriterContext, path: Path, slug: str, fmt: str,
                   poll: float = 0.1) -> bool:
    """Whether ``path`` (an artifact of the job (slug, fmt)) is there, waiting for it while
    that job runs beside this one; False when it ended without leaving it."""
    marker = finished_marker(ctx, slug, fmt)
    while fmt in ctx.alongside and marker is not None and not path.is_file() \
            and not marker.exists():
        time.sleep(poll)
    return path.is_file()


class Writer(Protocol):
    """A format's writer: the one parsed book in, the files it wrote out."""

    def write(self, book: Book, ctx: WriterContext) -> list[Path]: ...
