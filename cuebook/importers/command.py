"""``cuebook import SOURCE DEST [--from KIND] [--columns A,B] [--force]``.

Exit codes as the build's: 0 imported (the new book checks clean), 1 refused or imported with
errors, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cuebook.diagnostics import Diagnostics
from cuebook.importers import anki, ankitext, bank, notes, table
from cuebook.importers.bookdir import DestinationExists, write_book
from cuebook.importers.model import ImportedBook
from cuebook.importers.source import ImportRefused

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
KINDS = ("anki", "anki-text", "csv", "bank", "notes")
_NOTES_INDEXES = ("_sidebar.md", "SUMMARY.md", "mkdocs.yml", "mkdocs.yaml")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cuebook import",
        description="Write a cuebook book folder from a bank kept elsewhere: an Anki deck "
                    "(.apkg, .colpkg) or text export, a CSV/TSV or Quizlet export, a Markdown "
                    "question-bank README, or a notes site (_sidebar.md, SUMMARY.md, mkdocs.yml).",
        epilog="Exit codes: 0 imported, 1 refused or imported with errors, 2 usage error.")
    p.add_argument("source", type=Path, metavar="SOURCE", help="the file or folder to import")
    p.add_argument("dest", type=Path, metavar="DEST", help="the book folder to write")
    p.add_argument("--from", dest="kind", choices=KINDS,
                   help="what SOURCE is (default: chosen by its name and contents)")
    p.add_argument("--columns", metavar="A,B",
                   help="table columns (1-based numbers or header names): question, answer, "
                        "then further parts")
    p.add_argument("--force", action="store_true", help="replace DEST if it exists")
    return p


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    kind = args.kind or detect(args.source)
    if kind is None:
        print(f"cuebook import: error: cannot tell what {args.source} is; say --from "
              f"({', '.join(KINDS)})", file=sys.stderr)
        return EXIT_USAGE
    if args.source.resolve().is_relative_to(args.dest.resolve()):
        # --force replaces DEST whole: it must never hold what is being imported.
        print(f"cuebook import: error: {args.dest} holds {args.source}: choose another DEST",
              file=sys.stderr)
        return EXIT_USAGE
    if (args.dest.exists() or args.dest.is_symlink()) and not args.force:
        print(f"cuebook import: error: {args.dest} already exists; pass --force to replace it",
              file=sys.stderr)
        return EXIT_CONTENT
    diags = Diagnostics()
    try:
        book = read_source(kind, args.source, args.columns, diags)
        written = write_book(book, args.dest, force=args.force)
    except ImportRefused:
        book, written = None, []
    except DestinationExists as exc:
        print(f"cuebook import: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    for item in diags.items:  # in the order met: the source's order
        print(item, file=sys.stderr)
    if book is None:
        print(f"cuebook import: {args.source} not imported", file=sys.stderr)
        return EXIT_CONTENT
    questions = sum(len(c.questions) for c in book.chapters)
    held = f"{questions} questions, " if questions else ""
    print(f"{args.dest}: {held}{len(book.chapters)} chapter(s), {len(book.media)} media "
          f"file(s) in {len(written)} Markdown file(s); next: cuebook check {args.dest}")
    return EXIT_CONTENT if diags.errors else EXIT_OK


def read_source(kind: str, source: Path, columns: str | None,
                diags: Diagnostics) -> ImportedBook:
    readers: dict[str, Callable[[], ImportedBook]] = {
        "anki": lambda: anki.read_package(source, diags),
        "anki-text": lambda: ankitext.read_export(source, diags),
        "csv": lambda: table.read_table(source, columns, diags),
        "bank": lambda: bank.read_bank(source, diags),
        "notes": lambda: notes.read_site(source, diags),
    }
    return readers[kind]()


def detect(source: Path) -> str | None:
    """The kind of SOURCE from its name, and for text files its first line."""
    if source.is_dir():
        if notes.site_index(source) is not None:
            return "notes"
        return "bank" if (source / "README.md").is_file() else None
    suffix = source.suffix.lower()
    if suffix in (".apkg", ".colpkg"):
        return "anki"
    if suffix in (".md", ".markdown"):
        return "notes" if source.name in _NOTES_INDEXES else "bank"
    if suffix in (".yml", ".yaml") and source.name.startswith("mkdocs"):
        return "notes"
    if suffix in (".csv", ".tsv", ".txt"):
        return "anki-text" if ankitext.looks_like_export(source) else "csv"
    return None
