"""Helpers for the import tests: run ``cuebook import``, build a book with every writer."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cuebook.book.model import Book
from cuebook.formats.registry import WriterContext, available
from cuebook.importers import command
from tests.conftest import ROOT


def run_import(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, list[str]]:
    """Exit code and the diagnostics printed (stderr lines)."""
    code = command.main([str(a) for a in args])
    return code, [line for line in capsys.readouterr().err.splitlines() if line]


def build_every_format(book: Book, out: Path) -> list[Path]:
    # A logger outside "cuebook", whose propagation the CLI's handlers may have stopped:
    # caplog sees every warning a writer logs.
    ctx = WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                        log=logging.getLogger("import-test"))
    outputs = []
    for writer in available().values():
        outputs += writer.write(book, ctx)
    return outputs
