"""What a run prints: problems on stderr, progress and a summary table on stdout.

On a terminal the jobs show live (rich); otherwise, or with ``-q``, plain lines that read well
in a CI log. Diagnostics always go to stderr in ``path:line:col`` form.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.table import Table

from .diagnostics import Diagnostic
from .engine import Job, JobResult


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class Reporter:
    """Prints as loud as asked: -1 problems only, 0 normal, 1 with stage times."""

    def __init__(self, verbosity: int, live: bool | None = None) -> None:
        self.verbosity = verbosity
        self.out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
        self.live_enabled = (self.out.is_terminal and verbosity == 0) if live is None else live
        self._live: Live | None = None
        self._rows: dict[tuple[str, str], str] = {}

    # Plain messages -------------------------------------------------------------------------

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            self._print(message)

    def detail(self, message: str) -> None:
        if self.verbosity > 0:
            self._print(message)

    def problems(self, items: Iterable[Diagnostic]) -> None:
        for item in items:
            print(item, file=sys.stderr, flush=True)

    def _print(self, message: str) -> None:
        if self._live is not None:
            self._live.console.print(message, markup=False)
        else:
            print(message, flush=True)

    # Jobs -------------------------------------------------------------------------------------

    def __enter__(self) -> Reporter:
        if self.live_enabled and self.verbosity >= 0:
            self._live = Live(self._table(), console=self.out, refresh_per_second=8,
                              transient=True)
            self._live.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._live is not None:
            self._live.__exit__(kind, error, tb)
            self._live = None

    def started(self, job: Job) -> None:
        self._rows[(job.book.slug, job.fmt)] = "building…"
        self._refresh()

    def finished(self, result: JobResult) -> None:
        self._rows[(result.slug, result.fmt)] = result.status
        self.problems(result.diagnostics)
        if result.error:
            print(f"{result.slug} {result.fmt}: {result.error}", file=sys.stderr, flush=True)
        if self._live is None and self.verbosity >= 0:
            outputs = ", ".join(str(p.name) for p in result.outputs) or "-"
            self._print(f"  {result.slug} {result.fmt}: {result.status} {outputs} "
                        f"({result.seconds:.2f} s)")
        self._refresh()

    def _refresh(self) -> None:
        if self._live is not None:
            self._live.update(self._table())

    def _table(self) -> Table:
        table = Table(box=None, show_header=False, pad_edge=False)
        for (slug, fmt), status in self._rows.items():
            table.add_row(slug, fmt, status)
        return table

    def summary(self, results: list[JobResult]) -> None:
        if self.verbosity < 0 or not results:
            return
        table = Table(title=None, show_lines=False, pad_edge=False)
        for column in ("book", "format", "pages", "size", "time", "status"):
            table.add_column(column, justify="right" if column in ("pages", "size", "time")
                             else "left")
        for r in results:
            pages = r.pages
            table.add_row(r.slug, r.fmt, "-" if pages is None else str(pages),
                          _size(r.size) if r.outputs else "-", f"{r.seconds:.2f} s", r.status)
        self.out.print(table)
