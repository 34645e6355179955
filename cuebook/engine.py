"""Running the writers: one job per (book, format), each in a worker process of its own.

The parsed book reaches the workers by ``fork``, as it is, so every format is made from the
one model. A job that fails, even by crashing its worker, fails alone: the others finish and
the run reports each (in a shared pool, one killed worker broke the pool and failed every job
still running). A worker builds one job and exits, so what a job leaves in memory goes back to
the system with it, and its peak is its own to report. While it works, a worker passes on
WeasyPrint's progress (the page it is laying out) for the live view.

What one format makes for another (the handout's page map: :mod:`cuebook.products`) goes
through here: the providing job sends it up its pipe, and the engine sends it down the pipe
of each job of the same book that asks for it, at once or when it comes. A job that asks
waits on its pipe; it hears ``None`` when no job of the run provides it, or the one that
does ended without it.

This is the one place cuebook makes processes: a writer does all its work in its job's
process (the cue cards' fold sheets are painted after the duplex sheets, from the same
laid-out faces), so each output has one way of being made.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import resource
import signal
import subprocess
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError, Diagnostic
from cuebook.formats.registry import FORMATS, WriterContext, needs, provider
from cuebook.products import LocalRun, Origin, owned_by

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
    #: Each product it used and where it came from: this run, the store, or computed.
    products: list[tuple[str, Origin]] = field(default_factory=list)

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
    result.products = list(job.ctx.products.used)
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
class Provided:
    """Up a worker's pipe: a product its job made, for the jobs of the book that need it."""

    product: str
    value: Any


@dataclass(frozen=True)
class Asked:
    """Up a worker's pipe: its job needs a product of its book from this run."""

    product: str


@dataclass(frozen=True)
class Answer:
    """Down a worker's pipe: the product it asked for, or None (not from this run)."""

    value: Any


@dataclass
class _PipeRun:
    """A worker's side of its run (:class:`cuebook.products.Run`): its pipe to the engine."""

    connection: Connection
    pid: int = field(default_factory=os.getpid)

    def ask(self, slug: str, product: str) -> Any | None:
        if not owned_by(self.pid):  # a process the writer forked: not its pipe to read
            return None
        self.connection.send(Asked(product))
        answer = self.connection.recv()
        return answer.value if isinstance(answer, Answer) else None

    def tell(self, slug: str, product: str, value: Any) -> None:
        if owned_by(self.pid):
            self.connection.send(Provided(product, value))


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

    A job that needs a product at its start (the EPUB, the handout's page map) starts once
    the job of its book that provides it has it; the rest start as workers free up.
    ``on_progress`` hears WeasyPrint's progress of each job as it happens.
    """
    ordered = _in_dependency_order(jobs)
    if workers <= 1 or len(jobs) <= 1:
        run = LocalRun()  # one after the other: what a job provides is there for the next
        for job in ordered:
            job = replace(job, ctx=replace(job.ctx,
                                           products=job.ctx.products.for_job(run)))
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
    given: dict[tuple[str, str], Any] = {}  # (slug, product) -> value, from this run
    asking: dict[tuple[str, str], list[_Worker]] = {}
    try:
        while waiting or running:
            for job in _ready(waiting, [w.job for w in running.values()], given, len(running),
                              workers):
                waiting.remove(job)
                on_start(job)
                worker = _Worker.start(job, progress=on_progress is not None)
                running[worker.connection] = worker
            for connection in wait(list(running)):
                worker = running[connection]  # type: ignore[index]
                message = worker.receive()
                slug = worker.job.book.slug
                if isinstance(message, Provided):
                    given[(slug, message.product)] = message.value
                    for other in asking.pop((slug, message.product), []):
                        other.answer(message.value)
                    continue
                if isinstance(message, Asked):
                    wanted = (slug, message.product)
                    if wanted in given:
                        worker.answer(given[wanted])
                    elif _provided_by(slug, message.product,
                                      (*waiting, *(w.job for w in running.values()))):
                        asking.setdefault(wanted, []).append(worker)
                    else:
                        worker.answer(None)
                    continue
                if isinstance(message, Progress):
                    if on_progress is not None:
                        on_progress(worker.job, message)
                    continue
                del running[worker.connection]
                for product in FORMATS[worker.job.fmt].provides:
                    # It ended without it: those waiting for it have it some other way.
                    for other in asking.pop((slug, product), []):
                        other.answer(None)
                for wanting in asking.values():
                    if worker in wanting:
                        wanting.remove(worker)
                yield worker.finish(message)
    finally:  # interrupted: stop the workers; their outputs are written atomically or not
        for worker in running.values():
            worker.stop()


def _provided_by(slug: str, product: str, jobs: Iterable[Job]) -> bool:
    """Whether one of ``jobs`` provides ``product`` for the book ``slug``."""
    return any(j.book.slug == slug and product in FORMATS[j.fmt].provides for j in jobs)


def _ready(waiting: Sequence[Job], running: Sequence[Job], given: Iterable[tuple[str, str]],
           started: int, workers: int) -> list[Job]:
    """The jobs to start now: as many as there are free workers, none still waiting for a
    product it needs at its start from a job of the run (one waiting, or running without
    having provided it yet)."""
    ready = [j for j in waiting if not _blocked(j, waiting, running, set(given))]
    if not ready and not started:
        ready = list(waiting[:1])  # writers that wait on each other: break the cycle
    return ready[:max(0, workers - started)]


@dataclass
class _Worker:
    """One job in a forked process of its own; it sends progress, products and questions
    about products, then its result."""

    job: Job
    process: Any  # multiprocessing.context.ForkProcess
    connection: Connection

    @classmethod
    def start(cls, job: Job, progress: bool) -> _Worker:
        import multiprocessing

        # fork: a worker starts in milliseconds with the model, libraries and fonts loaded.
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(target=_work, args=(job, theirs, progress, os.getpid()),
                                  daemon=True,
                                  name=f"cuebook {job.book.slug} {job.fmt}")
        process.start()
        theirs.close()  # only the worker holds its end: that end closing is how a crash shows
        return cls(job, process, ours)

    def receive(self) -> Provided | Asked | Progress | JobResult | None:
        try:
            message = self.connection.recv()
        except (EOFError, OSError):
            return None
        return message if isinstance(message, Provided | Asked | Progress | JobResult) \
            else None

    def answer(self, value: Any) -> None:
        """Send the product it asked for (None: it makes do without this run's)."""
        with suppress(OSError):  # it ended meanwhile: its end, read, says so
            self.connection.send(Answer(value))

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


def _work(job: Job, connection: Connection, progress: bool, parent: int) -> None:
    """A worker's whole life: build the job, send progress, products and the result, exit."""
    # Ctrl-C reaches the whole process group: the main process stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    job = replace(job, ctx=replace(job.ctx,
                                   products=job.ctx.products.for_job(_PipeRun(connection))))
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


def _die_with(parent: int) -> None:
    """End this worker when the build that forked it ends, however it ends: ``kill -9`` of
    the build left its workers running, holding the output folder's lock, and the next build
    waited for them. Linux's parent-death signal does it; elsewhere a killed build's workers
    finish their job and exit."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # the build ended before the signal was asked for
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _in_dependency_order(jobs: Sequence[Job]) -> list[Job]:
    """Jobs with nothing to wait for first: a job comes after those that provide what it
    needs (one worker builds them in this order; more start them in it)."""
    return sorted(jobs, key=lambda j: len(needs(j.fmt)))


def _blocked(job: Job, waiting: Sequence[Job], running: Iterable[Job],
             given: set[tuple[str, str]]) -> bool:
    """True while a product the job needs at its start is still to come from a job of the
    run: its provider for the same book waiting, or running and not having provided it."""
    slug = job.book.slug
    return any(o.book.slug == slug and o.fmt == provider(need)
               for need in needs(job.fmt) if need.at_start and (slug, need.product) not in given
               for o in (*waiting, *running) if o is not job)


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1, 8))


