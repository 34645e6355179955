"""Running the writers: one job per (book, format), in worker processes, each isolated.

The parsed book is sent to the workers as it is (the model is plain frozen data), so every
format is made from the one model. A job that fails, even by crashing its worker, fails alone:
the others finish and the run reports each.
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import re
import subprocess
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .diagnostics import CuebookError, Diagnostic
from .model import Book
from .writers import WriterContext, after, available


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


# The config keeps read-only mappings; let them travel to worker processes as dicts do.
copyreg.pickle(MappingProxyType, lambda m: (_mapping_proxy, (dict(m),)))


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
        result.outputs = available()[job.fmt].write(job.book, job.ctx)
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


def run_jobs(jobs: Sequence[Job], workers: int,
             on_start: Callable[[Job], None] = lambda job: None) -> Iterator[JobResult]:
    """Yield each job's result as it finishes; with one worker, in this process.

    A job whose writer runs ``after`` another format of the same book waits for that job, so
    it can reuse what it left (the handout's page map); the rest run as workers free up.
    """
    ordered = _in_dependency_order(jobs)
    if workers <= 1 or len(jobs) <= 1:
        for job in ordered:
            on_start(job)
            yield run_job(job)
        return
    # fork: workers start in milliseconds and inherit the loaded libraries and fonts.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        waiting = list(ordered)
        running: dict[Future[JobResult], Job] = {}
        while waiting or running:
            ready = [j for j in waiting if not _blocked(j, waiting, running.values())]
            if not ready and not running:
                ready = waiting[:1]  # writers that wait on each other: break the cycle
            for job in ready:
                waiting.remove(job)
                on_start(job)
                running[pool.submit(run_job, job)] = job
            done = next(as_completed(running))
            yield _result(done, running.pop(done))


def _in_dependency_order(jobs: Sequence[Job]) -> list[Job]:
    return sorted(jobs, key=lambda j: len(after(j.fmt)))


def _blocked(job: Job, waiting: Sequence[Job], running: Iterable[Job]) -> bool:
    """True while a format this job runs after is still to be built for the same book."""
    needs = after(job.fmt)
    return any(o.book.slug == job.book.slug and o.fmt in needs
               for o in (*waiting, *running) if o is not job)


def _result(future: Future[JobResult], job: Job) -> JobResult:
    try:
        return future.result()
    except BrokenProcessPool:
        return JobResult(job.book.slug, job.fmt, "failed",
                         error="the worker building it was killed")
    except Exception:  # the job could not even be sent: a cuebook bug
        return JobResult(job.book.slug, job.fmt, "failed",
                         error="internal error (a bug in cuebook; please report it):\n"
                         + traceback.format_exc())


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1, 8))


