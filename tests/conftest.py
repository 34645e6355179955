"""Shared helpers: throwaway books written from a dict, the CLI run in-process, and the
builds every test reads instead of building again (one strict build per fixture book, made
once per test session, also when pytest-xdist runs the tests in several processes)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cuebook.book.model import Book
from cuebook.cli import main
from cuebook.diagnostics import Diagnostics
from cuebook.source.check import check_book
from cuebook.source.parse import load_book

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The test books in the shapes of the demo books in content/: ``interview`` (one file,
#: 题目/答案/举例, a formula, a picture, a little code, a prose chapter after the questions)
#: and ``drills`` (three chapters of code-heavy questions at heading level 3, a footnote).
LIBRARY = FIXTURES / "library"
#: The time every shared build is stamped with (SOURCE_DATE_EPOCH).
EPOCH = 1704067200

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

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        import queue
        import subprocess
        import sys
        import threading

        self.process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env={**os.environ, **(env or {})})
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


# Builds shared by the whole session -----------------------------------------------------------

def shared_dir(factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder every pytest-xdist worker of this session sees (the workers' common temporary
    root), else this session's own temporary root."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    return root / name


def built_once(folder: Path, make: Callable[[Path], None]) -> Path:
    """``folder`` made by ``make`` once for the session: the first worker to get here makes
    it while holding a lock, the others wait and read what it made. A failed build fails
    every test that needs it, in each worker (it is tried again there)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    done = folder.with_name(folder.name + ".done")
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if folder.exists():
                import shutil

                shutil.rmtree(folder)
            make(folder)
            done.touch()
    return folder


def cuebook_build(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m cuebook`` with these arguments, from this checkout, stamped with EPOCH."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                       os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "cuebook", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


def strict_build(*args: str) -> Callable[[Path], None]:
    def make(out: Path) -> None:
        done = cuebook_build(*args, "--out", str(out), "--strict", "-q")
        assert done.returncode == 0, done.stdout + done.stderr

    return make


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both fixture books of tests/fixtures/library, every format, built strict once: their
    outputs, the library page and the handouts' records (what the cards and the EPUB cite)."""
    return built_once(shared_dir(tmp_path_factory, "library"), strict_build(str(LIBRARY)))


@pytest.fixture(scope="session")
def demo_books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo books of content/ (what users see first), every format, built strict once."""
    return built_once(shared_dir(tmp_path_factory, "content"), strict_build(str(CONTENT)))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, for a module's browser tests (skipped where
    Playwright or Chromium is missing); a module may define its own."""
    from tests import browser

    if (reason := browser.missing()) is not None:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = browser.launch(playwright)
        yield launched
        launched.close()
