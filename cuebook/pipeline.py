"""The build as a recipe: find the books, load and check everything the chosen formats will
need, plan against the cache, run the jobs, finish the run.

Callable without argparse (the tests and the benchmark use :func:`run` with a
:class:`Request`); the command line only turns arguments into a request.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuebook.book.config import CONFIG_NAME, BookConfig, load_config
from cuebook.cache import BookCache, environment_key, output_key
from cuebook.clock import ClockError, source_date_epoch
from cuebook.diagnostics import Diagnostic, Diagnostics, Severity, SourceLocation
from cuebook.engine import Job, JobResult, RunEvents, Stop, default_workers, run_jobs
from cuebook.formats.base import WriterContext
from cuebook.formats.options import resolve_all
from cuebook.formats.registry import FORMATS, finish, names, provider, sections
from cuebook.i18n import counted
from cuebook.keys import key
from cuebook.output import locked
from cuebook.products import Products, Store
from cuebook.render.fonts import (
    fallback_candidates,
    locate_all,
    stack_for,
    stack_for_book,
    uncovered,
)
from cuebook.render.theme import theme_dir
from cuebook.report import Reporter
from cuebook.safety.sources import survey_book

if TYPE_CHECKING:
    from cuebook.book.model import Book

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The request cannot be carried out as asked (no such folder, unknown format…)."""


@dataclass(frozen=True)
class Request:
    """What to build: everything the command line can say, as plain values."""

    paths: tuple[Path, ...] = (Path("content"),)
    out_dir: Path = Path("output")
    books: tuple[str, ...] = ()  # slugs; empty: every book found
    formats: tuple[str, ...] = field(default_factory=names)
    check_only: bool = False
    strict: bool = False
    verbosity: int = 0  # -1 quiet, 0 normal, 1 verbose
    paper: str | None = None
    #: Format flags as given, by section and key: {"cards.size": "a7"}.
    flags: Mapping[str, Any] = field(default_factory=dict)
    force: bool = False
    jobs: int = field(default_factory=default_workers)
    #: Formats whose jobs start before the others' (``serve``: the site the browser shows).
    first: tuple[str, ...] = ()
    #: Formats whose jobs run in this process, not in a worker: what the writer keeps in
    #: memory serves the next run (``serve``: the site's rendered questions).
    resident: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedBook:
    """A book that passed every check, with each format's checked options."""

    book: Book
    options: Mapping[str, Mapping[str, Any]]
    #: What its check reported (warnings: it passed), and said of it ("10 questions, 2
    #: chapters"): kept in the cache for a build that finds nothing changed.
    diagnostics: tuple[Diagnostic, ...] = ()
    summary: str = ""


def run(request: Request, events: RunEvents | None = None, stop: Stop | None = None) -> int:
    """Check, then build what changed; the exit code. ``events`` hears each format of each
    book as it finishes; ``stop`` can end the run's stale jobs early (``serve``, after a
    save during the build)."""
    events = events or RunEvents()
    events.run_started()
    code = EXIT_USAGE
    try:
        code = _run(request, events, stop)
    finally:
        events.run_finished(code)
    return code


def _run(request: Request, events: RunEvents, stop: Stop | None) -> int:
    report = Reporter(request.verbosity)
    unknown = [f for f in request.formats if f not in FORMATS]
    if unknown or not request.formats:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from "
                         f"{', '.join(FORMATS)}")
    book_dirs = find_books(request.paths, request.books)
    if not (request.check_only or request.force):
        remembered = up_to_date(book_dirs, request)
        if remembered is not None:
            return _answer(remembered, request, report, events)
    checked, failed = check_books(book_dirs, request, report)
    if request.check_only or not checked:
        return EXIT_CONTENT if failed else EXIT_OK
    out_dir = request.out_dir.resolve()
    try:
        with locked(out_dir, lambda: report.info(
                f"waiting for another build into {out_dir} to finish…")):
            results = build(checked, request, out_dir, report, events, stop)
            pages = finish(request.formats, out_dir, theme_dir(),
                           changed=any(r.status != "cached" for r in results))
    except OSError as exc:  # the folder cannot be made or locked: nothing was written
        print(f"cuebook: error: cannot write to {request.out_dir}: {exc.strerror or exc}",
              file=sys.stderr, flush=True)
        return EXIT_CONTENT
    report.summary(results)
    if pages:  # the run-level pages: the site's library, to open in a browser
        report.info(f"library page: {request.out_dir / pages[0].relative_to(out_dir)}")
    failed |= any(r.status == "failed" for r in results)
    return EXIT_CONTENT if failed else EXIT_OK


# Find ----------------------------------------------------------------------------------------

def find_books(paths: Sequence[Path], slugs: Sequence[str]) -> list[Path]:
    """Book folders under the given paths: a folder with book.yaml, or one holding Markdown."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"{path}: no such folder")
        if is_book(path):
            found.append(path)
        else:
            found.extend(sorted(p for p in path.iterdir() if p.is_dir() and is_book(p)))
    if slugs:
        missing = [s for s in slugs if s not in {p.resolve().name for p in found}]
        if missing:
            raise UsageError(f"no book named {', '.join(missing)} in "
                             f"{', '.join(str(p) for p in paths)}")
        found = [p for p in found if p.resolve().name in slugs]
    if not found:
        raise UsageError(f"no books found in {', '.join(str(p) for p in paths)} (a book is a "
                         f"folder with {CONFIG_NAME} and Markdown files)")
    return found


def is_book(path: Path) -> bool:
    return (path / CONFIG_NAME).exists() or any(path.glob("*.md"))


# Load and check ------------------------------------------------------------------------------

def check_books(book_dirs: Sequence[Path], request: Request,
                report: Reporter) -> tuple[list[CheckedBook], bool]:
    checked: list[CheckedBook] = []
    failed = False
    for book_dir in book_dirs:
        found, diags = check(book_dir, request, report)
        if found is None or diags.failed(strict=request.strict):
            failed = True
            report.info(f"{book_dir.resolve().name}: {counted(len(diags.errors), 'error')}, "
                        f"{counted(len(diags.warnings), 'warning')}; not built")
            continue
        book = found.book
        summary = (f"{counted(len(book.questions), 'question')}, "
                   f"{counted(len(book.chapters), 'chapter')}")
        _checked(report, book.slug, summary, diags.warnings)
        checked.append(replace(found, diagnostics=tuple(diags.sorted()), summary=summary))
    return checked, failed


def _checked(report: Reporter, slug: str, summary: str, warnings: Sequence[Diagnostic]) -> None:
    warned = f", {counted(len(warnings), 'warning')}" if warnings else ""
    report.info(f"{slug}: {summary}, checked{warned}")


def check(book_dir: Path, request: Request,
          report: Reporter) -> tuple[CheckedBook | None, Diagnostics]:
    """Everything a build of the chosen formats would find wrong, before any writer runs:
    content, every format's options, and characters no font can draw."""
    from cuebook.source.check import check_book  # the Markdown reader: not needed by a
    from cuebook.source.parse import load_book  # build that finds nothing changed

    diags = Diagnostics()
    started = time.perf_counter()
    book = load_book(book_dir, diags)
    found = None
    if book is not None:
        check_book(book, diags)
        options, problems = resolve_all(sections(), book.config, request.flags,
                                        request.paper or book.config.paper, book)
        diags.extend(problems)
        if any(FORMATS[f].embeds_fonts for f in request.formats):
            diags.extend(uncovered(book, stack_for_book(book)))
        found = CheckedBook(book, options)
    report.detail(f"  {book_dir.resolve().name}: check {time.perf_counter() - started:.3f} s")
    report.problems(diags.sorted())
    return found, diags




# Nothing changed -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Remembered:
    """A book whose files, options, fonts and cuebook are as at its last check that passed, and
    whose chosen outputs are as the last build wrote them."""

    slug: str
    summary: str
    diagnostics: tuple[Diagnostic, ...]
    results: tuple[JobResult, ...]


def up_to_date(book_dirs: Sequence[Path], request: Request) -> list[Remembered] | None:
    """Every book of the run, when each one's check and chosen outputs are as the cache
    recorded them; else None (the books are read and checked). Reads each book's
    ``book.yaml`` (for its fonts) and hashes its files, but not its Markdown: a build with
    nothing to rebuild neither imports nor runs the Markdown reader (a third of its time)."""
    configs: list[BookConfig] = []
    for root in book_dirs:
        # What it would report is in the record (the key covers book.yaml); refused, or
        # unusable: the check says why.
        ignored = Diagnostics()
        config = load_config(root.resolve(), ignored) if survey_book(root, ignored) else None
        if config is None:
            return None
        configs.append(config)
    out_dir = request.out_dir.resolve()
    environment = environment_key(theme_dir(), _font_files(configs))
    found = []
    for root, config in zip(book_dirs, configs, strict=True):
        cache = BookCache.load(out_dir, config.slug)
        remembered = _remembered(cache, root.resolve(), config.slug, environment, request,
                                 out_dir)
        if remembered is None:
            return None
        found.append(remembered)
    return found


def _remembered(cache: BookCache, root: Path, slug: str, environment: str, request: Request,
                out_dir: Path) -> Remembered | None:
    record = cache.check
    if record is None or record.get("key") != _check_key(environment, root, request):
        return None
    keys = _keys(environment, root, request, cache, out_dir)
    results = []
    for fmt in request.formats:
        cached = cache.fresh(fmt, keys[fmt], out_dir)
        if cached is None:
            return None
        results.append(JobResult(slug, fmt, "cached", cached))
    try:
        diagnostics = tuple(Diagnostic(SourceLocation(str(d["path"]), int(d["line"]),
                                                      int(d["col"])), Severity(d["severity"]),
                                       str(d["message"]), str(d["code"]))
                            for d in record.get("diagnostics", []))
    except (KeyError, TypeError, ValueError):  # written by hand, or damaged: not trusted
        return None
    return Remembered(slug, str(record.get("summary", "")), diagnostics, tuple(results))


def _check_key(environment: str, root: Path, request: Request) -> str:
    """What a book's check is made from: its files, the run's options, whether the fonts'
    coverage is checked, the working folder (the diagnostics' paths are relative to it), the
    fonts and cuebook's code and libraries (:func:`cuebook.keys.key`)."""
    return key("check", trees=(root,), options={
        "flags": json.dumps(dict(request.flags), sort_keys=True, default=str),
        "paper": request.paper or "", "strict": str(request.strict),
        "fonts": str(any(FORMATS[f].embeds_fonts for f in request.formats)),
        "cwd": str(Path.cwd()), "environment": environment})


def _record_check(cache: BookCache, checked: CheckedBook, environment: str,
                  request: Request) -> bool:
    """Keep the book's check in its cache; whether that changed the cache."""
    before = cache.check
    cache.check = {"key": _check_key(environment, checked.book.root, request),
                   "summary": checked.summary,
                   "diagnostics": [{"path": d.location.path, "line": d.location.line,
                                    "col": d.location.col, "severity": d.severity.value,
                                    "message": d.message, "code": d.code}
                                   for d in checked.diagnostics]}
    return cache.check != before


def _answer(books: Sequence[Remembered], request: Request, report: Reporter,
            events: RunEvents) -> int:
    """A run whose every book is :class:`Remembered`: what its check reported, each output
    cached, the run-level steps (which keep what they wrote)."""
    for book in books:
        report.detail(f"  {book.slug}: checked at the last build; nothing changed since")
        report.problems(book.diagnostics)
        _checked(report, book.slug, book.summary,
                 [d for d in book.diagnostics if d.severity is Severity.WARNING])
    out_dir = request.out_dir.resolve()
    results = [r for b in books for r in b.results]
    try:
        with locked(out_dir, lambda: report.info(
                f"waiting for another build into {out_dir} to finish…")):
            for result in results:
                report.finished(result)
                events.finished(result)
            for fmt in request.formats:
                finish((fmt,), out_dir, theme_dir(), changed=False)
                events.format_finished(fmt)
            pages = finish(request.formats, out_dir, theme_dir(), changed=False)
    except OSError as exc:
        print(f"cuebook: error: cannot write to {request.out_dir}: {exc.strerror or exc}",
              file=sys.stderr, flush=True)
        return EXIT_CONTENT
    report.summary(results)
    if pages:
        report.info(f"library page: {request.out_dir / pages[0].relative_to(out_dir)}")
    return EXIT_OK


# Plan and run --------------------------------------------------------------------------------

def build(books: Sequence[CheckedBook], request: Request, out_dir: Path,
          report: Reporter, events: RunEvents | None = None,
          stop: Stop | None = None) -> list[JobResult]:
    """Build what changed, in parallel; record what was built in the cache. Each format's
    run-level step runs as soon as its last job of the run ends (the site's library page
    with the site's pages, not after the handout), and again with every format's at the end."""
    events = events or RunEvents()
    environment = environment_key(theme_dir(), _font_files([c.book.config for c in books]))
    caches = {c.book.slug: BookCache.load(out_dir, c.book.slug) for c in books}
    results: list[JobResult] = []
    jobs: list[Job] = []
    for checked in books:
        cache = caches[checked.book.slug]
        if _record_check(cache, checked, environment, request):
            _save(cache)
        keys = _keys(environment, checked.book.root, request, cache, out_dir)
        for fmt in request.formats:
            cached = None if request.force else cache.fresh(fmt, keys[fmt], out_dir)
            if cached is not None:
                results.append(JobResult(checked.book.slug, fmt, "cached", cached))
                report.finished(results[-1])
                events.finished(results[-1])
            else:
                jobs.append(Job(checked.book, fmt, _context(checked, fmt, request, out_dir),
                                keys[fmt]))
                events.queued(jobs[-1])
    pending = Counter(j.fmt for j in jobs)

    def ended(fmt: str) -> None:
        finish((fmt,), out_dir, theme_dir(), changed=any(r.status != "cached" for r in results))
        events.format_finished(fmt)

    for fmt in request.formats:
        if not pending[fmt]:
            ended(fmt)

    def started(job: Job) -> None:
        report.started(job)
        events.started(job)

    with report:
        for result in run_jobs(jobs, request.jobs, started, report.on_progress,
                               first=request.first, stop=stop, on_written=events.written,
                               resident=request.resident):
            report.finished(result)
            results.append(result)
            if result.status != "stopped":  # not run to its end: the cache keeps what it had
                _remember(caches[result.slug], result, jobs, out_dir)
            events.finished(result)
            pending[result.fmt] -= 1
            if not pending[result.fmt]:
                ended(result.fmt)
    order = {(c.book.slug, f): i for i, (c, f) in
             enumerate((c, f) for c in books for f in request.formats)}
    return sorted(results, key=lambda r: order[(r.slug, r.fmt)])


def _keys(environment: str, root: Path, request: Request, cache: BookCache,
          out_dir: Path) -> dict[str, str]:
    """What each format's output for the book in this run is made from (cuebook.cache), in
    registry order: a provider's key comes before the keys of the formats that need it."""
    options = {**{k: str(v) for k, v in request.flags.items()}, "paper": request.paper or "",
               "strict": str(request.strict), "epoch": str(_epoch(root))}
    wanted = {*request.formats, *(provider(n) for f in request.formats for n in FORMATS[f].needs
                                  if n.as_built)}
    keys: dict[str, str] = {}
    for fmt, declared in FORMATS.items():
        if fmt not in wanted:
            continue
        mine = dict(options)
        for need in declared.needs:
            made_by = provider(need)
            if need.as_built and made_by not in request.formats and \
                    cache.fresh(made_by, keys[made_by], out_dir) is None:
                # It needs the product of the provider's output in the output folder, as an
                # earlier build left it for another state of the book (or not there at all):
                # part of what the output is made from.
                mine[f"uses.{made_by}"] = json.dumps(
                    cache.entries.get(made_by, {}).get("outputs"), sort_keys=True)
        keys[fmt] = output_key(environment, root, fmt, mine)
    return keys


def _epoch(root: Path) -> int:
    try:
        return source_date_epoch(root)
    except ClockError as exc:
        raise UsageError(str(exc)) from exc


def _context(checked: CheckedBook, fmt: str, request: Request, out_dir: Path) -> WriterContext:
    return WriterContext(out_dir=out_dir, project_dir=theme_dir(),
                         source_date_epoch=_epoch(checked.book.root),
                         strict=request.strict, paper=request.paper,
                         options=checked.options,
                         flags=request.flags,
                         log=logger(request.verbosity),
                         products=Products(store=Store(out_dir / ".cache" / "store")))


def _remember(cache: BookCache, result: JobResult, jobs: Sequence[Job], out_dir: Path) -> None:
    if result.status == "built":
        key = next(j.key for j in jobs if (j.book.slug, j.fmt) == (result.slug, result.fmt))
        _remove(cache.record(result.fmt, key, result.outputs, out_dir), result, out_dir)
    else:
        cache.forget(result.fmt)
    _save(cache)


def _save(cache: BookCache) -> None:
    try:
        cache.save()
    except OSError as exc:  # a full disk: the outputs matter, the cache can be rebuilt
        print(f"cuebook: warning: cannot save the build cache: {exc.strerror or exc}",
              file=sys.stderr, flush=True)


def _remove(stale: set[str], result: JobResult, out_dir: Path) -> None:
    """The files the format's last build wrote and this one did not (the self-test edition
    after ``epub: {quiz: false}``, a second paper no longer listed): left there, the library
    page would offer them as if they were current. Only files the format declares (its
    outputs in the registry) are ever removed."""
    for name in sorted(stale & FORMATS[result.fmt].file_names(result.slug)):
        try:
            (out_dir / name).unlink(missing_ok=True)
        except OSError as exc:  # read-only: the file stays, the build is still good
            print(f"cuebook: warning: cannot remove {name}, which this build no longer "
                  f"writes: {exc.strerror or exc}", file=sys.stderr, flush=True)


def _font_files(configs: Sequence[BookConfig]) -> list[Path]:
    """The font files a run may embed: a font upgrade must rebuild."""
    families = {f for c in configs
                for f in (*stack_for(c.language, c.fonts).families,
                          *fallback_candidates(c.language, c.fonts))}
    # The regular face stands for its family: an upgrade of the font package changes both.
    return [found.path for found in locate_all(sorted(families)) if found is not None]


def logger(verbosity: int) -> logging.Logger:
    """cuebook's logger, on stderr: warnings always, notes (shrunk cards) unless -q, stage
    times with -v."""
    log = logging.getLogger("cuebook")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.DEBUG if verbosity > 0 else
                 logging.WARNING if verbosity < 0 else logging.INFO)
    return log
