"""The command line: ``python build.py`` and ``cuebook`` are this module's :func:`main`.

Exit codes: 0 built (or checked) cleanly, 1 content errors or a failed output, 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .check import check_book
from .config import CONFIG_NAME, PAPER_SIZES
from .diagnostics import CuebookError, Diagnostics
from .model import Book
from .parse import load_book
from .writers import PLANNED_FORMATS, WriterContext, available

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
                        help=f"comma-separated formats: {', '.join(PLANNED_FORMATS)} "
                             "(default: all that are available)")
    parser.add_argument("--check", action="store_true",
                        help="only check the books for completeness; write nothing")
    parser.add_argument("--strict", action="store_true", help="warnings fail the build too")
    parser.add_argument("--paper", choices=PAPER_SIZES, type=str.lower,
                        help="paper for the handout (default: the book's output.paper, or a4)")
    loud = parser.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    loud.add_argument("-v", "--verbose", action="store_true", help="print times per stage")
    cards = parser.add_argument_group("cue cards (book.yaml 'cards:' gives the defaults)")
    cards.add_argument("--cards-size", metavar="SIZE",
                       help="a6, a7, 4x6in, 3x5in, business, or WIDTHxHEIGHT in mm (90x60)")
    cards.add_argument("--duplex", choices=("long", "short"), type=str.lower,
                       help="the edge the printer flips on (default: long)")
    cards.add_argument("--back-offset", metavar="X,Y",
                       help="shift back pages by X,Y mm to correct a printer's misalignment")
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
                   args.paper, _writer_options(args))


def _formats(text: str | None) -> tuple[str, ...]:
    if text is None:
        return tuple(available())
    names = tuple(n.strip().lower() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in PLANNED_FORMATS]
    if unknown or not names:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from "
                         f"{', '.join(PLANNED_FORMATS)}")
    return names


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
    """cuebook's logger: warnings always (on stderr), stage times with -v."""
    logger = logging.getLogger("cuebook")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.DEBUG if verbosity > 0 else logging.WARNING)
    return logger


def source_date_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return DEFAULT_EPOCH
    try:
        return int(value)
    except ValueError as exc:
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got "
                         f"{value!r}") from exc


class Reporter:
    """Prints progress to stdout and problems to stderr, as loud as asked."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            print(message, flush=True)

    def detail(self, message: str) -> None:
        if self.verbosity > 0:
            print(message, flush=True)

    def problems(self, diags: Diagnostics) -> None:
        for item in diags.sorted():
            print(item, file=sys.stderr, flush=True)


def check(book_dir: Path, report: Reporter) -> tuple[Book | None, Diagnostics]:
    diags = Diagnostics()
    started = time.perf_counter()
    book = load_book(book_dir, diags)
    if book is not None:
        check_book(book, diags)
    report.detail(f"  {book_dir.name}: parse and check {time.perf_counter() - started:.3f} s")
    report.problems(diags)
    return book, diags


def run(options: Options) -> int:
    report = Reporter(options.verbosity)
    books = find_books(options.paths, options.books)
    writers = available()
    ctx = WriterContext(out_dir=options.out_dir.resolve(), project_dir=PROJECT_DIR,
                        source_date_epoch=source_date_epoch(), strict=options.strict,
                        paper=options.paper, options=options.writer_options,
                        log=_logger(options.verbosity))
    failed = False
    for book_dir in books:
        book, diags = check(book_dir, report)
        if book is None or diags.failed(strict=options.strict):
            failed = True
            report.info(f"{book_dir.name}: {len(diags.errors)} error(s), "
                        f"{len(diags.warnings)} warning(s); not built")
            continue
        summary = f"{book.slug}: {len(book.questions)} questions, " \
                  f"{len(book.chapters)} chapter(s), checked"
        if options.check_only:
            report.info(summary)
            continue
        report.info(summary)
        failed |= _write(book, options.formats, writers, ctx, report)
    return EXIT_CONTENT if failed else EXIT_OK


def _write(book: Book, formats: Sequence[str], writers: dict, ctx: WriterContext,  # type: ignore[type-arg]
           report: Reporter) -> bool:
    failed = False
    if not formats:
        report.info(f"  no output formats are available yet ({', '.join(PLANNED_FORMATS)} "
                    "are planned)")
    for name in formats:
        writer = writers.get(name)
        if writer is None:
            report.info(f"  {name}: not available in this version of cuebook")
            continue
        started = time.perf_counter()
        try:
            paths = writer.write(book, ctx)
        except CuebookError as exc:
            for item in exc.diagnostics:
                print(item, file=sys.stderr)
            report.info(f"  {name}: failed")
            failed = True
            continue
        for path in paths:
            report.info(f"  {name}: {os.path.relpath(path)} "
                        f"({time.perf_counter() - started:.2f} s)")
    return failed


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(parse_args(argv))
    except UsageError as exc:
        print(f"cuebook: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cuebook: interrupted; outputs already written are complete, others untouched",
              file=sys.stderr)
        return 130
