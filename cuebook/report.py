"""What a run prints: problems on stderr, progress and a summary table on stdout.

On a terminal the jobs show live (rich); otherwise, or with ``-q``, plain lines that read well
in a CI log. Diagnostics always go to stderr in ``path:line:col`` form.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

from cuebook.diagnostics import Diagnostic
from cuebook.engine import Job, JobResult, Progress

if TYPE_CHECKING:  # rich is imported when something is shown with it: not with -q
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table


#: Where a product a job used came from (cuebook.products), as -v says it.
_ORIGINS = {"this run": "from this run", "store": "from the store",
            "computed": "computed by this job"}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class Reporter:
    """Prints as loud as asked: -1 problems only, 0 normal, 1 with stage times."""

    def __init__(self, verbosity: int, live: bool | None = None) -> None:
        self.verbosity = verbosity
        self.live_enabled = (verbosity == 0 and self.out.is_terminal) if live is None else live
        self._live: Live | None = None
        self._rows: dict[tuple[str, str], str] = {}

    @cached_property
    def out(self) -> Console:
        from rich.console import Console

        return Console(file=sys.stdout, highlight=False, soft_wrap=True)

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
            from rich.live import Live

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

    @property
    def on_progress(self) -> Callable[[Job, Progress], None] | None:
        """What hears the jobs' page progress: only a live view shows it (plain output stays
        one line a step), so without one the workers need not send it."""
        return self.progress if self._live is not None else None

    def progress(self, job: Job, progress: Progress) -> None:
        self._rows[(job.book.slug, job.fmt)] = str(progress)
        self._refresh()

    def finished(self, result: JobResult) -> None:
        self._rows[(result.slug, result.fmt)] = result.status
        self.problems(result.diagnostics)
        if result.error:
            print(f"{result.slug} {result.fmt}: {result.error}", file=sys.stderr, flush=True)
        if self._live is None and self.verbosity >= 0:
            outputs = ", ".join(str(p.name) for p in result.outputs) or "-"
            peak = (f", peak {result.peak_mb:.0f} MB" if self.verbosity > 0
                    and result.peak_mb is not None else "")
            self._print(f"  {result.slug} {result.fmt}: {result.status} {outputs} "
                        f"({result.seconds:.2f} s{peak})")
            for product, origin in result.products if self.verbosity > 0 else ():
                self._print(f"    {product}: {_ORIGINS[origin]}")
        self._refresh()

    def _refresh(self) -> None:
        if self._live is not None:
            self._live.update(self._table())

    def _table(self) -> Table:
        from rich.table import Table

        table = Table(box=None, show_header=False, pad_edge=False)
        for (slug, fmt), status in self._rows.items():
            table.add_row(slug, fmt, status)
        return table

    def summary(self, results: list[JobResult]) -> None:
        if self.verbosity < 0 or not results:
            return
        from rich.table import Table

        table = Table(title=None, show_lines=False, pad_edge=False)
        for column in ("book", "format", "pages", "size", "time", "status"):
            table.add_column(column, justify="right" if column in ("pages", "size", "time")
                             else "left")
        for r in results:
            pages = r.pages
            table.add_row(r.slug, r.fmt, "-" if pages is None else str(pages),
                          _size(r.size) if r.outputs else "-", f"{r.seconds:.2f} s", r.status)
        self.out.print(table)
