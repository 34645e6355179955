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
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuebook.diagnostics import CuebookError, Diagnostic
from cuebook.formats.registry import FORMATS, WriterContext, needs, provider
from cuebook.products import LocalRun, Origin, owned_by

if TYPE_CHECKING:  # multiprocessing is imported when a run has jobs for workers
    from multiprocessing.connection import Connection

    from cuebook.book.model import Book


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
        _wait_while_held(job.fmt)
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


#: For tests: a folder in which a file named for a format holds that format's jobs at their
#: start until it is removed, so a test can watch what happens while the handout is still
#: being built without racing it.
HOLD_ENV = "CUEBOOK_TEST_HOLD"


def _wait_while_held(fmt: str) -> None:
    folder = os.environ.get(HOLD_ENV)
    while folder and (Path(folder) / fmt).exists():
        time.sleep(0.05)


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
class Written:
    """Up a worker's pipe: an output of its job is complete ahead of the job's end."""

    path: Path


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
OnWritten = Callable[[Job, Path], None]


class RunEvents:
    """What a run tells as it goes, for whoever shows it live (``serve``'s preview): each
    format of each book as it is queued, started and finished, and each format once every
    book's job of it has ended. Every method here does nothing; a listener overrides those
    it needs. They are called from the thread that runs the build."""

    def run_started(self) -> None:
        """A run begins (its books are about to be checked)."""

    def queued(self, job: Job) -> None:
        """The job will run in this run, once a worker is free and what it needs is there."""

    def started(self, job: Job) -> None:
        """The job's worker has started."""

    def written(self, job: Job, path: Path) -> None:
        """An output of the job is complete before the job ends (the site's reading page)."""

    def finished(self, result: JobResult) -> None:
        """Format ``result.fmt`` of book ``result.slug`` finished: built, cached (up to date,
        not run), failed, or stopped (a newer save made it stale, or the run was stopped)."""

    def format_finished(self, fmt: str) -> None:
        """Every book's job of ``fmt`` in this run has ended and the format's run-level step
        (the site's library page) has run: what it writes is all there."""

    def run_finished(self, code: int) -> None:
        """The run has ended, with this exit code."""


class Stop:
    """Stops jobs of a run from another thread: those of the books a newer save made stale,
    and, once asked, every job not started yet (the next run plans them again).

    The engine waits on :meth:`fileno` beside its workers' pipes, so a request reaches it at
    once, not at its next poll.
    """

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        self._guard = threading.Lock()
        self._roots: set[Path] = set()
        self._every = False
        self.requested = False

    def books(self, roots: Iterable[Path] | None) -> None:
        """Stop the jobs of the books in these folders (None: of every book), and start no
        new job of any book."""
        with self._guard:
            if roots is None:
                self._every = True
            else:
                self._roots.update(r.resolve() for r in roots)
            self.requested = True
        with suppress(OSError):
            os.write(self._write, b"x")

    def stale(self, job: Job) -> bool:
        with self._guard:
            return self._every or job.book.root.resolve() in self._roots

    def fileno(self) -> int:
        return self._read

    def clear(self) -> None:
        """Read the wake-ups sent so far (the engine calls it when it has acted on them)."""
        with suppress(BlockingIOError):
            while os.read(self._read, 512):
                pass

    def close(self) -> None:
        os.close(self._read)
        os.close(self._write)


def run_jobs(jobs: Sequence[Job], workers: int, on_start: OnStart = lambda job: None,
             on_progress: OnProgress | None = None, first: Sequence[str] = (),
             stop: Stop | None = None, on_written: OnWritten | None = None,
             resident: Sequence[str] = ()) -> Iterator[JobResult]:
    """Yield each job's result as it finishes; with one worker, in this process.

    The jobs of the formats in ``first`` run before the others start (the preview's site:
    what the author is looking at); then a job that needs a product at its start (the EPUB, the
    handout's page map) starts once the job of its book that provides it has it, the rest
    as workers free up. ``on_progress`` hears WeasyPrint's progress of each job as it
    happens. ``stop`` ends the jobs of stale books early, each with a "stopped" result: a
    worker is terminated (its outputs are written atomically, so the previous file stays),
    a job not started yet is not started. One worker checks ``stop`` between jobs only.
    ``on_written`` hears of an output a job has completed ahead of its end. The jobs of the
    formats in ``resident`` run in this process, never in a worker: what their writer keeps in
    memory lasts from one run to the next (``serve``: the site's rendered questions, its
    compiled templates), at the price of not being stopped once started.
    """
    ordered = _in_dependency_order(jobs, first)
    if workers <= 1 or len(jobs) <= 1:
        run = LocalRun()  # one after the other: what a job provides is there for the next
        for job in ordered:
            if stop is not None and stop.requested:
                yield _stopped(job)
                continue
            on_start(job)
            yield _here(job, run, on_progress, on_written)
        return
    yield from _in_workers(ordered, workers, on_start, on_progress, stop, first, on_written,
                           resident)


def _here(job: Job, run: LocalRun, on_progress: OnProgress | None,
          on_written: OnWritten | None) -> JobResult:
    """Run the job in this process."""
    job = replace(job, ctx=replace(job.ctx, products=job.ctx.products.for_job(run),
                                   on_written=partial(on_written or _nobody, job)))
    with nullcontext() if on_progress is None else progress_to(partial(on_progress, job)):
        return run_job(job)


def _nobody(job: Job, path: Path) -> None:
    pass


def _stopped(job: Job) -> JobResult:
    return JobResult(job.book.slug, job.fmt, "stopped")


def _in_workers(waiting: list[Job], workers: int, on_start: OnStart,
                on_progress: OnProgress | None, stop: Stop | None,
                first: Sequence[str] = (), on_written: OnWritten | None = None,
                resident: Sequence[str] = ()) -> Iterator[JobResult]:
    from multiprocessing.connection import wait

    running: dict[Connection, _Worker] = {}
    given: dict[tuple[str, str], Any] = {}  # (slug, product) -> value, from this run
    asking: dict[tuple[str, str], list[_Worker]] = {}
    try:
        while waiting or running:
            if stop is not None and stop.requested:
                stop.clear()
                yield from _stop_stale(stop, waiting, running, asking)
                if not (waiting or running):
                    break
            for job in _ready(waiting, [w.job for w in running.values()], given, len(running),
                              workers, first):
                waiting.remove(job)
                on_start(job)
                if job.fmt in resident:
                    yield _here(job, LocalRun(given), on_progress, on_written)
                    continue
                worker = _Worker.start(job, progress=on_progress is not None)
                running[worker.connection] = worker
            if not running:
                continue  # only resident jobs were ready: the next ones now
            woken = [] if stop is None else [stop.fileno()]  # a stop request wakes it
            for connection in wait([*running, *woken]):
                if isinstance(connection, int):
                    continue
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
                if isinstance(message, Written):
                    if on_written is not None:
                        on_written(worker.job, message.path)
                    continue
                if isinstance(message, Progress):
                    if on_progress is not None:
                        on_progress(worker.job, message)
                    continue
                del running[worker.connection]
                _forget(worker, asking)
                yield worker.finish(message)
    finally:  # interrupted: stop the workers; their outputs are written atomically or not
        for worker in running.values():
            worker.stop()


def _stop_stale(stop: Stop, waiting: list[Job], running: dict[Connection, _Worker],
                asking: dict[tuple[str, str], list[_Worker]]) -> Iterator[JobResult]:
    """Stop what ``stop`` asks for: the running jobs of stale books (their workers
    terminated), and every job not started yet. Running jobs of other books go on."""
    for job in list(waiting):
        waiting.remove(job)
        yield _stopped(job)
    for connection, worker in list(running.items()):
        if not stop.stale(worker.job):
            continue
        del running[connection]
        worker.terminate()
        _forget(worker, asking)
        yield _stopped(worker.job)


def _forget(worker: _Worker, asking: dict[tuple[str, str], list[_Worker]]) -> None:
    """A worker has ended: those waiting for a product it provides have it some other way
    (the store, or computing it), and its own questions are no longer waiting."""
    slug = worker.job.book.slug
    for product in FORMATS[worker.job.fmt].provides:
        for other in asking.pop((slug, product), []):
            other.answer(None)
    for wanting in asking.values():
        if worker in wanting:
            wanting.remove(worker)


def _provided_by(slug: str, product: str, jobs: Iterable[Job]) -> bool:
    """Whether one of ``jobs`` provides ``product`` for the book ``slug``."""
    return any(j.book.slug == slug and product in FORMATS[j.fmt].provides for j in jobs)


def _ready(waiting: Sequence[Job], running: Sequence[Job], given: Iterable[tuple[str, str]],
           started: int, workers: int, first: Sequence[str] = ()) -> list[Job]:
    """The jobs to start now: as many as there are free workers, none still waiting for a
    product it needs at its start from a job of the run (one waiting, or running without
    having provided it yet). While a job of a format asked for ``first`` has not ended, only
    those start: on a busy machine the site gets the cores to itself for its second or two,
    and the handout starts after it."""
    ahead = [j for j in (*waiting, *running) if j.fmt in first]
    if ahead and not any(needs(j.fmt) for j in ahead):  # (one that needs a product waits)
        waiting = [j for j in waiting if j.fmt in first]
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

    def receive(self) -> Provided | Asked | Written | Progress | JobResult | None:
        try:
            message = self.connection.recv()
        except (EOFError, OSError):
            return None
        return message if isinstance(message, Provided | Asked | Written | Progress | JobResult) \
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

    def terminate(self, grace: float = 10) -> None:
        """End it cleanly: SIGTERM makes the worker raise SystemExit, so a file being written
        is removed by :func:`cuebook.output.write_atomic` and the previous one stays; killed
        if it has not ended after ``grace`` seconds."""
        self.process.terminate()
        self.process.join(grace)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _work(job: Job, connection: Connection, progress: bool, parent: int) -> None:
    """A worker's whole life: build the job, send progress, products and the result, exit."""
    # Ctrl-C reaches the whole process group: the main process stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Stopped because a save made its job stale: unwind (the atomic writes remove their
    # temporary files) instead of dying in the middle of one.
    signal.signal(signal.SIGTERM, _exit_on_term)
    _die_with(parent)
    job = replace(job, ctx=replace(job.ctx,
                                   products=job.ctx.products.for_job(_PipeRun(connection)),
                                   on_written=partial(_tell_written, connection, os.getpid())))
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


def _tell_written(connection: Connection, pid: int, path: Path) -> None:
    if owned_by(pid):  # not from a process the writer forked
        connection.send(Written(path))


def _exit_on_term(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second one ends it at once
    sys.exit(128 + signum)


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


def _in_dependency_order(jobs: Sequence[Job], first: Sequence[str] = ()) -> list[Job]:
    """The formats asked for ``first``, then jobs with nothing to wait for: a job comes after
    those that provide what it needs (one worker builds them in this order; more start them
    in it)."""
    return sorted(jobs, key=lambda j: (j.fmt not in first, len(needs(j.fmt))))


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


