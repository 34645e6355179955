"""The command line: ``python build.py`` and ``cuebook`` are this module's :func:`main`.

Exit codes: 0 built (or checked) cleanly, 1 content errors or a failed output, 2 usage error.
"""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from cuebook import __version__
from cuebook.book.config import CONFIG_NAME, PAPER_SIZES
from cuebook.book.model import Book
from cuebook.cache import BookCache, environment_key, output_key
from cuebook.diagnostics import Diagnostics
from cuebook.engine import Job, JobResult, default_workers, run_jobs
from cuebook.formats.base import WriterContext
from cuebook.formats.registry import FORMATS, finish, names
from cuebook.render.fonts import EMOJI, locate_all, stack_for
from cuebook.report import Reporter
from cuebook.source.check import check_book
from cuebook.source.parse import load_book

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
#: Used when SOURCE_DATE_EPOCH is unset: 2024-01-01T00:00:00Z, so builds are reproducible.
DEFAULT_EPOCH = 1704067200
PROJECT_DIR = Path(__file__).resolve().parent.parent


class UsageError(Exception):
    pass


@dataclass(frozen=True)
class Options:
    paths: tuple[Path, ...]
    out_dir: Path
    books: tuple[str, ...]
    formats: tuple[str, ...]
    check_only: bool
    strict: bool
    verbosity: int  # -1 quiet, 0 normal, 1 verbose
    paper: str | None = None
    writer_options: Mapping[str, str] = field(default_factory=dict)
    force: bool = False
    jobs: int = 1
    watch: bool = False
    serve: bool = False
    port: int = 8000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cuebook",
        description="Build a PDF handout, an EPUB and printable cue cards from a folder of "
                    "Markdown questions.",
        epilog="Exit codes: 0 built, 1 content errors, 2 usage error.")
    parser.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                        help="content folders or book folders (default: content/)")
    parser.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                        help="where outputs go (default: output/)")
    parser.add_argument("--book", action="append", default=[], metavar="SLUG",
                        help="build only this book (repeatable)")
    parser.add_argument("--formats", metavar="LIST",
                        help=f"comma-separated formats: {', '.join(FORMATS)} "
                             "(default: all that are available)")
    parser.add_argument("--check", action="store_true",
                        help="only check the books for completeness; write nothing")
    parser.add_argument("--strict", action="store_true", help="warnings fail the build too")
    parser.add_argument("--paper", choices=PAPER_SIZES, type=str.lower,
                        help="paper for the handout (default: the book's output.paper, or a4)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild every output, even those the cache says are up to date")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="worker processes (default: one per core)")
    parser.add_argument("--watch", action="store_true",
                        help="after building, rebuild whenever a book file is saved")
    parser.add_argument("--serve", action="store_true",
                        help="build the site too, show it on localhost, rebuild and reload the "
                             "page whenever a file is saved")
    parser.add_argument("--port", type=int, default=8000, metavar="N",
                        help="the port --serve listens on (default: 8000; 0 picks a free one)")
    loud = parser.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    loud.add_argument("-v", "--verbose", action="store_true", help="print times per stage")
    cards = parser.add_argument_group("cue cards (book.yaml 'cards:' gives the defaults)")
    cards.add_argument("--cards-size", metavar="SIZE",
                       help="a6 (default), a7, 4x6in, 3x5in, business, or WIDTHxHEIGHT in mm "
                            "(90x60)")
    cards.add_argument("--duplex", choices=("long", "short"), type=str.lower,
                       help="the edge the printer flips on (default: long)")
    cards.add_argument("--back-offset", metavar="X,Y",
                       help="shift back pages X mm right and Y mm down; read X,Y off the "
                            "calibration sheet")
    cards.add_argument("--cards-calibrate", action="store_true",
                       help="also write a calibration sheet to measure the back-page offset")
    cards.add_argument("--tags", metavar="LIST", help="only questions with one of these tags")
    cards.add_argument("--ids", metavar="LIST",
                       help="only these questions: ids or numbers, ranges allowed (1-5,lru-cache)")
    cards.add_argument("--shuffle", metavar="SEED", help="shuffle the cards, reproducibly")
    cards.add_argument("--sort", choices=("number", "difficulty", "chapter"), type=str.lower,
                       help="card order (default: number)")
    parser.add_argument("--version", action="version", version=f"cuebook {__version__}")
    return parser


_WRITER_OPTIONS = {
    "cards_size": "cards.size", "duplex": "cards.duplex", "back_offset": "cards.back_offset",
    "cards_calibrate": "cards.calibrate", "tags": "cards.tags", "ids": "cards.ids",
    "shuffle": "cards.shuffle", "sort": "cards.sort",
}


def _writer_options(args: argparse.Namespace) -> dict[str, str]:
    """Format options as given on the command line; the writer that owns them validates."""
    found = {}
    for attr, key in _WRITER_OPTIONS.items():
        value = getattr(args, attr)
        if value not in (None, False):
            found[key] = "true" if value is True else str(value)
    return found


def parse_args(argv: Sequence[str] | None) -> Options:
    args = _parser().parse_args(argv)
    formats = _formats(args.formats)
    return Options(tuple(args.paths) or (Path("content"),), args.out, tuple(args.book), formats,
                   args.check, args.strict, -1 if args.quiet else 1 if args.verbose else 0,
                   args.paper, _writer_options(args), args.force,
                   args.jobs or default_workers(), args.watch, args.serve, args.port)


def _formats(text: str | None) -> tuple[str, ...]:
    if text is None:
        return names()
    chosen = tuple(n.strip().lower() for n in text.split(",") if n.strip())
    unknown = [n for n in chosen if n not in FORMATS]
    if unknown or not chosen:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from "
                         f"{', '.join(FORMATS)}")
    return chosen


def find_books(paths: Sequence[Path], slugs: Sequence[str]) -> list[Path]:
    """Book folders under the given paths: a folder with book.yaml, or one holding Markdown."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"{path}: no such folder")
        if _is_book(path):
            found.append(path)
        else:
            found.extend(sorted(p for p in path.iterdir() if p.is_dir() and _is_book(p)))
    if slugs:
        missing = [s for s in slugs if s not in {p.name for p in found}]
        if missing:
            raise UsageError(f"no book named {', '.join(missing)} in "
                             f"{', '.join(str(p) for p in paths)}")
        found = [p for p in found if p.name in slugs]
    if not found:
        raise UsageError(f"no books found in {', '.join(str(p) for p in paths)} (a book is a "
                         f"folder with {CONFIG_NAME} and Markdown files)")
    return found


def _is_book(path: Path) -> bool:
    return (path / CONFIG_NAME).exists() or any(path.glob("*.md"))


def _logger(verbosity: int) -> logging.Logger:
    """cuebook's logger, on stderr: warnings always, notes (shrunk cards) unless -q, stage
    times with -v."""
    logger = logging.getLogger("cuebook")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.DEBUG if verbosity > 0 else
                    logging.WARNING if verbosity < 0 else logging.INFO)
    return logger


def source_date_epoch(book_dir: Path) -> int:
    """The build's clock, from which every date and time in the outputs comes.

    SOURCE_DATE_EPOCH when set; else the book's last commit; with uncommitted edits, the newest
    file of the book if later (Anki only takes a re-imported note that is newer than its own
    copy, so the clock must move forward when the book changes); outside git, a fixed date
    (2024-01-01), so copies of a book build to the same bytes anywhere.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        try:
            return int(value)
        except ValueError as exc:
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got "
                             f"{value!r}") from exc
    committed = _git(book_dir, "log", "-1", "--format=%ct", "--", ".")
    if not committed:
        return DEFAULT_EPOCH
    if _git(book_dir, "status", "--porcelain", "--", ".") == "":
        return int(committed)
    files = [p for p in book_dir.rglob("*") if p.is_file() and
             not any(part.startswith(".") for part in p.relative_to(book_dir).parts)]
    return max([int(committed), *(int(p.stat().st_mtime) for p in files)])


def _git(cwd: Path, *args: str) -> str | None:
    """What a git command prints, or None outside a repository or without git."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def check(book_dir: Path, report: Reporter) -> tuple[Book | None, Diagnostics]:
    diags = Diagnostics()
    started = time.perf_counter()
    book = load_book(book_dir, diags)
    if book is not None:
        check_book(book, diags)
    report.detail(f"  {book_dir.name}: parse and check {time.perf_counter() - started:.3f} s")
    report.problems(diags.sorted())
    return book, diags


@contextmanager
def _locked(out_dir: Path, report: Reporter) -> Iterator[None]:
    """One build at a time per output folder: a second one waits instead of interleaving."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".cuebook.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report.info(f"waiting for another build into {out_dir} to finish…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        _remove_stale_temporaries(out_dir)
        yield


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a killed build, and the artifacts of the previous build (the
    lock says no build is running now)."""
    for path in out_dir.rglob(".*.tmp"):
        path.unlink(missing_ok=True)
    shutil.rmtree(out_dir / ".cache" / "build", ignore_errors=True)


def run(options: Options) -> int:
    report = Reporter(options.verbosity)
    book_dirs = find_books(options.paths, options.books)
    books, failed = _checked_books(book_dirs, options, report)
    formats = list(options.formats)
    if options.check_only or not books or not formats:
        return EXIT_CONTENT if failed else EXIT_OK
    out_dir = options.out_dir.resolve()
    try:
        with _locked(out_dir, report):
            results = build(books, formats, options, out_dir, report)
            pages = finish(formats, out_dir, PROJECT_DIR,
                           changed=any(r.status != "cached" for r in results))
    except OSError as exc:  # the folder cannot be made or locked: nothing was written
        print(f"cuebook: error: cannot write to {options.out_dir}: {exc.strerror or exc}",
              file=sys.stderr, flush=True)
        return EXIT_CONTENT
    report.summary(results)
    if pages:  # the run-level pages: the site's library, to open in a browser
        report.info(f"library page: {options.out_dir / pages[0].relative_to(out_dir)}")
    failed |= any(r.status == "failed" for r in results)
    return EXIT_CONTENT if failed else EXIT_OK


def _checked_books(book_dirs: Sequence[Path], options: Options,
                   report: Reporter) -> tuple[list[Book], bool]:
    books: list[Book] = []
    failed = False
    for book_dir in book_dirs:
        book, diags = check(book_dir, report)
        if book is None or diags.failed(strict=options.strict):
            failed = True
            report.info(f"{book_dir.name}: {len(diags.errors)} error(s), "
                        f"{len(diags.warnings)} warning(s); not built")
            continue
        report.info(f"{book.slug}: {len(book.questions)} questions, "
                    f"{len(book.chapters)} chapter(s), checked")
        books.append(book)
    return books, failed


def build(books: Sequence[Book], formats: Sequence[str], options: Options, out_dir: Path,
          report: Reporter) -> list[JobResult]:
    """Build what changed, in parallel; record what was built in the cache."""
    environment = environment_key(PROJECT_DIR, _font_files(books))
    caches = {b.slug: BookCache.load(out_dir, b.slug) for b in books}
    results: list[JobResult] = []
    jobs: list[Job] = []
    for book in books:
        ctx = _context(book, options, out_dir)
        for fmt in formats:
            key = output_key(environment, book.root, fmt, {
                **ctx.options, "paper": ctx.paper or "", "strict": str(ctx.strict),
                "epoch": str(ctx.source_date_epoch)})
            cached = None if options.force else caches[book.slug].fresh(fmt, key, out_dir)
            if cached is not None:
                results.append(JobResult(book.slug, fmt, "cached", cached))
                report.finished(results[-1])
            else:
                jobs.append(Job(book, fmt, ctx, key))
    with report:
        for result in run_jobs(jobs, options.jobs, report.started, report.on_progress):
            report.finished(result)
            results.append(result)
            _remember(caches[result.slug], result, jobs, out_dir)
    order = {(b.slug, f): i for i, (b, f) in enumerate((b, f) for b in books for f in formats)}
    return sorted(results, key=lambda r: order[(r.slug, r.fmt)])


def _context(book: Book, options: Options, out_dir: Path) -> WriterContext:
    return WriterContext(out_dir=out_dir, project_dir=PROJECT_DIR,
                         source_date_epoch=source_date_epoch(book.root), strict=options.strict,
                         paper=options.paper, options=options.writer_options,
                         log=_logger(options.verbosity), artifacts=out_dir / ".cache" / "build")


def _remember(cache: BookCache, result: JobResult, jobs: Sequence[Job], out_dir: Path) -> None:
    if result.status == "built":
        key = next(j.key for j in jobs if (j.book.slug, j.fmt) == (result.slug, result.fmt))
        cache.record(result.fmt, key, result.outputs, out_dir)
    else:
        cache.forget(result.fmt)
    try:
        cache.save()
    except OSError as exc:  # a full disk: the outputs matter, the cache can be rebuilt
        print(f"cuebook: warning: cannot save the build cache: {exc.strerror or exc}",
              file=sys.stderr, flush=True)


def _font_files(books: Sequence[Book]) -> list[Path]:
    """The font files a run may embed: a font upgrade must rebuild."""
    families = {f for b in books for f in (*stack_for(b.config.language).families, EMOJI)}
    # The regular face stands for its family: an upgrade of the font package changes both.
    return [found.path for found in locate_all(sorted(families)) if found is not None]


def watch(options: Options, on_built: Callable[[], None] = lambda: None) -> int:
    """Build, then rebuild whenever a file of a book, a template or a style is saved.

    The cache makes each rebuild redo only the books whose files changed; a content error is
    printed and watching goes on. Ctrl-C stops. ``on_built`` is called after every build.
    """
    from watchfiles import watch as changes

    run(options)
    on_built()
    roots = [*options.paths, PROJECT_DIR / "templates", PROJECT_DIR / "styles"]
    out_dir = options.out_dir.resolve()
    announced = False
    # watchfiles debounces (a burst of saves is one rebuild); the empty batch it yields after
    # its first timeout says the watcher is running, so "watching" is only printed then.
    for batch in changes(*[r for r in roots if r.exists()], debounce=400, rust_timeout=300,
                         yield_on_timeout=True,
                         watch_filter=lambda _, path: _watched(Path(path), out_dir)):
        if not announced:
            print(f"watching {', '.join(str(r) for r in roots)} (Ctrl-C to stop)", flush=True)
            announced = True
        if not batch:
            continue
        names = sorted({Path(p).name for _, p in batch})
        print(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}", flush=True)
        try:
            run(options)
        except UsageError as exc:
            print(f"cuebook: error: {exc}", file=sys.stderr, flush=True)
        on_built()
    return EXIT_OK


def serve(options: Options) -> int:
    """Build with the site, serve the output folder on localhost, rebuild and reload on save."""
    from cuebook.serve import Preview

    if "site" not in options.formats:
        options = replace(options, formats=(*options.formats, "site"))
    out_dir = options.out_dir.resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        preview = Preview(out_dir, options.port)
    except OSError as exc:
        raise UsageError(f"cannot serve {options.out_dir} on port {options.port}: "
                         f"{exc.strerror or exc} (choose another with --port)") from exc
    preview.start()
    print(f"serving {options.out_dir} at {preview.url} (Ctrl-C to stop)", flush=True)
    try:
        return watch(options, on_built=preview.rebuilt)
    finally:
        preview.stop()


def _watched(path: Path, out_dir: Path) -> bool:
    """Sources only: not our outputs, not editors' swap or temporary files."""
    name = path.name
    return not (path.is_relative_to(out_dir) or name.startswith((".", "#")) or
                name.endswith(("~", ".tmp", ".swp")) or "__pycache__" in path.parts)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        options = parse_args(argv)
        if options.serve:
            return serve(options)
        return watch(options) if options.watch else run(options)
    except UsageError as exc:
        print(f"cuebook: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cuebook: interrupted; outputs already written are complete, others untouched",
              file=sys.stderr)
        return 130
