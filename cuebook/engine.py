"""Running the writers: one job per (book, format), each in a worker process of its own.

The parsed book reaches the workers by ``fork``, as it is, so every format is made from the
one model. A job that fails, even by crashing its worker, fails alone: the others finish and
the run reports each (in a shared pool, one killed worker broke the pool and failed every job
still running). A worker builds one job and exits, so what a job leaves in memory goes back to
the system with it, and its peak is its own to report. While it works, a worker passes on
WeasyPrint's progress (the page it is laying out) for the live view.

This is the one place cuebook makes processes: a writer does all its work in its job's
process (the cue cards' fold sheets are painted after the duplex sheets, from the same
laid-out faces), so each output has one way of being made.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import signal
import subprocess
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError, Diagnostic
from cuebook.formats.base import finished_marker
from cuebook.formats.registry import FORMATS, WriterContext, after, uses

if TYPE_CHECKING:  # multiprocessing is imported when a run has jobs for workers
    from multiprocessing.connection import Connection


@dataclass(frozen=True)
class Job:
    book: Book
    fmt: str
    ctx: WriterContext
    key: str  # the cache key of its outputs


@dataclass
class JobResult:
    slug: str
    fmt: str
    status: str  # "built" | "cached" | "failed"
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str = ""
    #: The peak resident memory of the worker process that built it, in MB; None when it was
    #: built in the main process (whose peak includes everything before it).
    peak_mb: float | None = None

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.outputs if p.exists())

    @property
    def pages(self) -> int | None:
        """Pages of the PDF outputs, as poppler's pdfinfo counts them (None without it)."""
        pdfs = [p for p in self.outputs if p.suffix == ".pdf" and p.exists()]
        counts = [_pdf_pages(p) for p in pdfs]
        return sum(c for c in counts if c is not None) if pdfs and None not in counts else None


def _pdf_pages(path: Path) -> int | None:
    try:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(match.group(1)) if match else None


def run_job(job: Job) -> JobResult:
    """Run one writer; every failure becomes a result, never an exception."""
    started = time.perf_counter()
    result = JobResult(job.book.slug, job.fmt, "failed")
    try:
        with _source_date(job.ctx.source_date_epoch):
            result.outputs = FORMATS[job.fmt].load().write(job.book, job.ctx)
        result.status = "built"
    except CuebookError as exc:
        result.diagnostics = list(exc.diagnostics)
    except OSError as exc:  # an unwritable folder, a full disk: the user's to fix
        where = exc.filename or job.ctx.out_dir
        result.error = f"cannot write {where}: {exc.strerror or exc}"
    except Exception:  # a bug in cuebook: say so, with what a bug report needs
        result.error = "internal error (a bug in cuebook; please report it):\n" + \
            traceback.format_exc()
    result.seconds = time.perf_counter() - started
    return result


@contextmanager
def _source_date(epoch: int) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to the book's date while a writer runs: the libraries that
    stamp a time of their own read it (fontTools dates each font it subsets, the colour emoji
    face in the cue cards' PDF among them, and took the clock's time without it)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


@dataclass(frozen=True)
class Ready:
    """A job's artifacts are in place: the formats that run after it may start."""


@dataclass(frozen=True)
class Progress:
    """What a job's WeasyPrint is doing: a stage, and in layout the page it has reached."""

    stage: str  # "styling", "layout", "writing PDF"
    page: int | None = None

    def __str__(self) -> str:
        return self.stage if self.page is None else f"{self.stage} p. {self.page}"


#: WeasyPrint's progress messages ("Step 5 - Creating layout - Page 12"), by step number.
_STEP = re.compile(r"Step (\d+) - .*?(?: - Page (\d+))?$")
_STAGES = {1: "styling", 2: "styling", 3: "styling", 4: "styling", 5: "layout",
           6: "writing PDF", 7: "writing PDF"}


def progress_of(message: str) -> Progress | None:
    match = _STEP.match(message)
    if match is None or int(match.group(1)) not in _STAGES:
        return None
    page = match.group(2)
    return Progress(_STAGES[int(match.group(1))], int(page) if page else None)


class _ProgressHandler(logging.Handler):
    def __init__(self, send: Callable[[Progress], None]) -> None:
        super().__init__(logging.INFO)
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        progress = progress_of(record.getMessage())
        if progress is not None:
            self.send(progress)


@contextmanager
def progress_to(send: Callable[[Progress], None]) -> Iterator[None]:
    """Inside the block, pass WeasyPrint's progress messages to ``send`` (and nowhere else)."""
    logger = logging.getLogger("weasyprint.progress")
    handler = _ProgressHandler(send)
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.level, logger.propagate = saved


OnStart = Callable[[Job], None]
OnProgress = Callable[[Job, Progress], None]


def run_jobs(jobs: Sequence[Job], workers: int, on_start: OnStart = lambda job: None,
             on_progress: OnProgress | None = None) -> Iterator[JobResult]:
    """Yield each job's result as it finishes; with one worker, in this process.

    A job whose writer runs ``after`` another format of the same book waits for that job, so
    it can reuse what it left (the handout's page map); the rest start as workers free up.
    ``on_progress`` hears WeasyPrint's progress of each job as it happens.
    """
    ordered = _in_dependency_order(jobs)
    if workers <= 1 or len(jobs) <= 1:
        for job in ordered:
            on_start(job)
            with nullcontext() if on_progress is None else progress_to(partial(on_progress, job)):
                result = run_job(job)
            yield result
        return
    yield from _in_workers(ordered, workers, on_start, on_progress)


def _in_workers(waiting: list[Job], workers: int, on_start: OnStart,
                on_progress: OnProgress | None) -> Iterator[JobResult]:
    from multiprocessing.connection import wait

    running: dict[Connection, _Worker] = {}
    try:
        while waiting or running:
            busy = [w.job for w in running.values() if not w.artifacts_ready]
            for job in _ready(waiting, busy, len(running), workers):
                waiting.remove(job)
                alongside = frozenset(o.fmt for o in (*waiting, *(w.job for w in
                                                                   running.values()))
                                      if o.book.slug == job.book.slug)
                job = replace(job, ctx=replace(job.ctx, alongside=alongside))
                on_start(job)
                worker = _Worker.start(job, progress=on_progress is not None)
                running[worker.connection] = worker
            for connection in wait(list(running)):
                worker = running[connection]  # type: ignore[index]
                message = worker.receive()
                if isinstance(message, Ready):
                    worker.artifacts_ready = True
                    continue
                if isinstance(message, Progress):
                    if on_progress is not None:
                        on_progress(worker.job, message)
                    continue
                del running[worker.connection]
                if not _mark_finished(worker.job):
                    # Jobs that may be waiting for its artifacts would wait for ever.
                    for other in running.values():
                        if other.job.book.slug == worker.job.book.slug and \
                                worker.job.fmt in other.job.ctx.alongside:
                            other.process.kill()
                yield worker.finish(message)
    finally:  # interrupted: stop the workers; their outputs are written atomically or not
        for worker in running.values():
            worker.stop()


def _ready(waiting: Sequence[Job], busy: Sequence[Job], running: int,
           workers: int) -> list[Job]:
    """The jobs to start now: as many as there are free workers, none still blocked by a
    ``busy`` job (one whose artifacts are not ready yet)."""
    ready = [j for j in waiting if not _blocked(j, waiting, busy)]
    if not ready and not running:
        ready = list(waiting[:1])  # writers that wait on each other: break the cycle
    return ready[:max(0, workers - running)]


@dataclass
class _Worker:
    """One job in a forked process of its own; it sends progress, then its result."""

    job: Job
    process: Any  # multiprocessing.context.ForkProcess
    connection: Connection
    artifacts_ready: bool = False

    @classmethod
    def start(cls, job: Job, progress: bool) -> _Worker:
        import multiprocessing

        # fork: a worker starts in milliseconds with the model, libraries and fonts loaded.
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_work, args=(job, sender, progress), daemon=True,
                                  name=f"cuebook {job.book.slug} {job.fmt}")
        process.start()
        sender.close()  # only the worker writes: its end closing is how a crash shows
        return cls(job, process, receiver)

    def receive(self) -> Ready | Progress | JobResult | None:
        try:
            message = self.connection.recv()
        except (EOFError, OSError):
            return None
        return message if isinstance(message, Ready | Progress | JobResult) else None

    def finish(self, message: JobResult | None) -> JobResult:
        self.connection.close()
        self.process.join()
        if message is not None:
            return message
        code = self.process.exitcode
        how = (f"was killed ({signal.Signals(-code).name})" if code is not None and code < 0
               else f"stopped without a result (exit code {code})")
        return JobResult(self.job.book.slug, self.job.fmt, "failed",
                         error=f"the worker building it {how}")

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


def _work(job: Job, connection: Connection, progress: bool) -> None:
    """A worker's whole life: build the job, send progress and the result, exit."""
    # Ctrl-C reaches the whole process group: the main process stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    job = replace(job, ctx=replace(job.ctx, ready=lambda: connection.send(Ready())))
    with progress_to(connection.send) if progress else nullcontext():
        result = run_job(job)
    # The programs a job runs (fc-match) count as its peak too.
    result.peak_mb = max(resource.getrusage(who).ru_maxrss for who in
                         (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    try:
        connection.send(result)
    except Exception:  # a result that cannot be sent is a cuebook bug: say so
        connection.send(JobResult(job.book.slug, job.fmt, "failed",
                                  error="internal error (a bug in cuebook; please report it):\n"
                                  + traceback.format_exc()))
    connection.close()


def _in_dependency_order(jobs: Sequence[Job]) -> list[Job]:
    """Jobs with nothing to wait for first: a job comes after those it runs ``after`` or
    ``uses`` (one worker builds them in this order; more start them in it)."""
    return sorted(jobs, key=lambda j: len(after(j.fmt)) + len(uses(j.fmt)))


def _mark_finished(job: Job) -> bool:
    """Say that ``job`` has ended, for the jobs beside it waiting for its artifacts; False
    when that cannot be said (a full disk)."""
    marker = finished_marker(job.ctx, job.book.slug, job.fmt)
    if marker is None:
        return True
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        return False
    return True


def _blocked(job: Job, waiting: Sequence[Job], running: Iterable[Job]) -> bool:
    """True while a format this job runs after is still to be built for the same book."""
    needs = after(job.fmt)
    return any(o.book.slug == job.book.slug and o.fmt in needs
               for o in (*waiting, *running) if o is not job)


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1, 8))


