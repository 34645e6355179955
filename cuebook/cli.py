"""The command line: ``cuebook`` and ``python build.py`` are this module's :func:`main`.

Commands: ``build`` (the default), ``check``, ``serve``, ``new``, ``import``. The flags of every
format are made from the formats' own option declarations (cuebook.formats.options), so a flag
and its ``book.yaml`` key are one thing. Arguments become a :class:`~cuebook.pipeline.Request`,
and the pipeline does the rest.

Exit codes: 0 built (or checked) cleanly, 1 content errors or a failed output, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from cuebook import __version__
from cuebook.book.config import CONFIG_NAME
from cuebook.book.options import SECTIONS as BOOK_SECTIONS
from cuebook.diagnostics import CuebookError
from cuebook.formats.options import Section, flag_dest
from cuebook.formats.registry import FORMATS, sections
from cuebook.pipeline import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Request, UsageError, run

COMMANDS = ("build", "check", "serve", "new", "import", "help")
#: What ``cuebook help TOPIC`` explains.
HELP_TOPICS = ("config",)
_EPILOG = """commands:
  cuebook [build] [PATH ...]   build the books (the default command)
  cuebook check [PATH ...]     check them; write nothing (the same as --check)
  cuebook serve [PATH ...]     build, show the site on localhost, rebuild on save
  cuebook new DIR              start a new book that shows every feature
  cuebook import SOURCE DEST   make a book from an Anki deck, a CSV/Quizlet export,
                               a Markdown question bank or a notes site

Without PATH: the book in the current folder when it has a book.yaml, else every book
in content/. Exit codes: 0 built, 1 content errors, 2 usage error."""


def _epilog() -> str:
    """The commands, then every format (``--formats`` takes their names) with what it is."""
    width = max(len(name) for name in FORMATS)
    listed = "\n".join(f"  {name:<{width}}  {fmt.description}" for name, fmt in FORMATS.items())
    return f"{_EPILOG}\n\nformats (--formats; default: all):\n{listed}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cuebook", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build a PDF handout, an EPUB, printable cue cards, an Anki deck and a "
                    "study site from a folder of Markdown questions.", epilog=_epilog())
    parser.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                        help="book folders, or folders of books (default: the book here, "
                             "else content/)")
    parser.add_argument("-o", "--out", type=Path, default=Path("output"), metavar="DIR",
                        help="where outputs go (default: output/)")
    parser.add_argument("--book", action="append", default=[], metavar="SLUG",
                        help="build only this book (repeatable)")
    parser.add_argument("--formats", metavar="LIST",
                        help=f"comma-separated formats: {', '.join(FORMATS)} (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="only check the books (content, options, fonts); write nothing")
    parser.add_argument("--strict", action="store_true", help="warnings fail the build too")
    _add_book_flags(parser)
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
    for section in sections():
        _add_flags(parser, section)
    parser.add_argument("--version", action="version", version=f"cuebook {__version__}")
    return parser


def _add_book_flags(parser: argparse.ArgumentParser) -> None:
    """The book's own keys that have a flag (``--paper``): a choice argparse checks."""
    for section in BOOK_SECTIONS:
        for option in section.options:
            if option.flag is None:
                continue
            parser.add_argument(option.flag, dest=option.key, choices=option.choices or None,
                                type=str.lower, help=f"{option.help} (default: the book's "
                                f"{section.dotted(option.key)}, or {option.default})")


def _add_flags(parser: argparse.ArgumentParser, section: Section) -> None:
    flagged = [o for o in section.options if o.flag]
    if not flagged:
        return
    group = parser.add_argument_group(section.title or f"{section.name} ('{section.name}:' in "
                                      f"{CONFIG_NAME} gives the defaults)")
    for option in flagged:
        assert option.flag is not None
        dest = flag_dest(section, option)
        if option.switch:
            group.add_argument(option.flag, dest=dest, action="store_true", default=None,
                               help=option.help)
        else:
            # Values stay text here: the option's own reader checks them, with the book.yaml
            # ones, and names the flag in what it reports.
            shown = "{" + ",".join(option.choices) + "}" if option.choices else None
            group.add_argument(option.flag, dest=dest, help=option.help,
                               metavar=option.metavar or shown or "VALUE")


def parse_args(argv: Sequence[str]) -> tuple[Request, argparse.Namespace]:
    args = _parser().parse_args(argv)
    flags: dict[str, Any] = {}
    for section in sections():
        for option in section.options:
            value = getattr(args, flag_dest(section, option), None) if option.flag else None
            if value is not None:
                flags[flag_dest(section, option)] = value
    request = Request(paths=tuple(args.paths) or _default_paths(), out_dir=args.out,
                      books=tuple(args.book), formats=_formats(args.formats),
                      check_only=args.check, strict=args.strict,
                      verbosity=-1 if args.quiet else 1 if args.verbose else 0,
                      paper=args.paper, flags=flags, force=args.force,
                      **({"jobs": args.jobs} if args.jobs else {}))
    return request, args


def _default_paths() -> tuple[Path, ...]:
    """The book in the current folder (a book.yaml here), else the books in content/."""
    return (Path("."),) if Path(CONFIG_NAME).is_file() else (Path("content"),)


def _formats(text: str | None) -> tuple[str, ...]:
    if text is None:
        return tuple(FORMATS)
    chosen = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    unknown = [n for n in chosen if n not in FORMATS]
    if unknown or not chosen:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from "
                         f"{', '.join(FORMATS)}")
    return chosen


def _command(argv: list[str]) -> tuple[str, list[str]]:
    """The command and its arguments; no command word means ``build``."""
    if argv and argv[0] in COMMANDS:
        return argv[0], argv[1:]
    return "build", argv


def main(argv: Sequence[str] | None = None) -> int:
    command, rest = _command(list(sys.argv[1:] if argv is None else argv))
    try:
        if command == "new":
            from cuebook.scaffold import main as new
            return new(rest)
        if command == "import":
            return _import(rest)
        if command == "help":
            return _help(rest)
        request, args = parse_args(rest)
        if command == "check":
            request = replace(request, check_only=True)
        if command == "serve" or args.serve:
            from cuebook.serve import serve
            return serve(request, args.port)
        if args.watch:
            from cuebook.serve import watch
            return watch(request)
        return run(request)
    except UsageError as exc:
        print(f"cuebook: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CuebookError as exc:  # the installation itself is broken
        print(exc, file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("cuebook: interrupted; outputs already written are complete, others untouched",
              file=sys.stderr)
        return 130


def _help(argv: list[str]) -> int:
    """``cuebook help config``: the book.yaml reference; ``cuebook help``: the options."""
    if not argv:
        parse_args(["--help"])  # prints the options and exits
    if argv[0] not in HELP_TOPICS:
        raise UsageError(f"no help on '{argv[0]}'; topics: {', '.join(HELP_TOPICS)} (and "
                         "`cuebook --help` for the options)")
    from cuebook.book.reference import config_reference

    print(config_reference(), end="")
    return EXIT_OK


def _import(argv: list[str]) -> int:
    from cuebook.importers.command import main as import_main  # only an import pays for it

    return import_main(argv)


__all__ = ["EXIT_CONTENT", "EXIT_OK", "EXIT_USAGE", "main", "parse_args"]
