"""Shared helpers: throwaway books written from a dict, and the CLI run in-process."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cuebook.book.model import Book
from cuebook.cli import main
from cuebook.diagnostics import Diagnostics
from cuebook.source.check import check_book
from cuebook.source.parse import load_book

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

ZH_YAML = """\
title: 测试书
author: 测试
language: zh-CN
"""


def write_book(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write a book from {relative path: text or bytes}; book.yaml defaults to ZH_YAML."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"book.yaml": ZH_YAML, **files}
    for name, body in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return folder


@pytest.fixture
def make_book(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str | bytes], name: str = "book") -> Path:
        return write_book(tmp_path / name, files)

    return make


@dataclass
class Checked:
    book: Book | None
    diags: Diagnostics

    @property
    def lines(self) -> list[str]:
        return [str(d) for d in self.diags.sorted()]

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.diags.sorted()]


def load_and_check(folder: Path) -> Checked:
    diags = Diagnostics()
    book = load_book(folder, diags)
    if book is not None:
        check_book(book, diags)
    return Checked(book, diags)


def clean_book(folder: Path) -> Book:
    """A book that must load and check without a single diagnostic."""
    checked = load_and_check(folder)
    assert checked.lines == []
    assert checked.book is not None
    return checked.book


@pytest.fixture
def in_dir() -> Iterator[Callable[[Path], None]]:
    """Change the working folder for one test (diagnostic paths are shown relative to it)."""
    old = Path.cwd()

    def go(path: Path) -> None:
        os.chdir(path)

    yield go
    os.chdir(old)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


class RunningBuild:
    """``build.py`` with these arguments as a process that keeps running (``--watch``,
    ``--serve``), its output read line by line; stopped when the ``with`` block ends."""

    def __init__(self, *args: str) -> None:
        import queue
        import subprocess
        import sys
        import threading

        self.process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self._lines.put(ln) for ln in
                                         self.process.stdout or []], daemon=True).start()
        self.seen: list[str] = []
        self._waited = 0

    def until(self, text: str, seconds: float = 60) -> str:
        """The next line with ``text`` after those already waited for (fails after
        ``seconds``)."""
        import queue
        import time

        deadline = time.monotonic() + seconds
        while True:
            found = [i for i, ln in enumerate(self.seen) if i >= self._waited and text in ln]
            if found:
                self._waited = found[0] + 1
                return self.seen[found[0]]
            assert time.monotonic() < deadline, f"no {text!r} in {self.seen[self._waited:]}"
            with contextlib.suppress(queue.Empty):
                self.seen.append(self._lines.get(timeout=1))

    def __enter__(self) -> RunningBuild:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()
