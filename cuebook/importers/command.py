"""``cuebook import SOURCE DEST [--from KIND] [--columns A,B] [--force]``.

The new book is then read and checked as a build would: exit code 0 when it checks clean, 1 when
the source was refused (nothing written) or the book has errors, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cuebook.diagnostics import Diagnostics
from cuebook.importers import anki, ankitext, bank, notes, table, vuepress
from cuebook.importers.bookdir import DestinationExists, write_book
from cuebook.importers.model import ImportedBook
from cuebook.importers.source import ImportRefused
from cuebook.source.check import check_book
from cuebook.source.parse import load_book

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
    refusal = _usage_problem(args.source, args.dest, kind)
    if refusal:
        print(f"cuebook import: error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    if (args.dest.exists() or args.dest.is_symlink()) and not args.force:
        print(f"cuebook import: error: {args.dest} already exists; pass --force to replace it",
              file=sys.stderr)
        return EXIT_CONTENT
    assert kind is not None
    diags = Diagnostics()
    try:
        book = read_source(kind, args.source, args.columns, diags)
        write_book(book, args.dest, force=args.force)
    except ImportRefused:
        _print(diags)
        print(f"cuebook import: {args.source} not imported; nothing written", file=sys.stderr)
        return EXIT_CONTENT
    except DestinationExists as exc:
        print(f"cuebook import: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    _print(diags)  # in the order met: the source's order
    return _check(args.dest, diags)


def _usage_problem(source: Path, dest: Path, kind: str | None) -> str:
    if kind is None:
        return f"cannot tell what {source} is; say --from ({', '.join(KINDS)})"
    if source.resolve().is_relative_to(dest.resolve()):
        # --force replaces DEST whole: it must never hold what is being imported.
        return f"{dest} holds {source}: choose another DEST"
    return ""


def _check(dest: Path, diags: Diagnostics) -> int:
    """Read the new book as a build would and say what it holds: 0 only when it checks clean
    (warnings of the import or the check are said, and do not fail)."""
    checked = Diagnostics()
    book = load_book(dest, checked)
    if book is not None:
        check_book(book, checked)
    _print(checked, sort=True)
    if book is None or checked.errors or diags.errors:
        print(f"cuebook import: {dest} written, but it does not check clean", file=sys.stderr)
        return EXIT_CONTENT
    questions = sum(len(c.questions) for c in book.chapters)
    print(f"{dest}: {questions} questions, {len(book.chapters)} chapter(s); checked")
    return EXIT_OK


def _print(diags: Diagnostics, *, sort: bool = False) -> None:
    for item in diags.sorted() if sort else diags.items:
        print(item, file=sys.stderr)


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
        if notes.site_index(source) is not None or vuepress.docs_root(source) is not None:
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
