"""``serve`` and ``--watch`` put the preview first: the engine starts the site's jobs before the
others and tells each format as it ends, a save during a build stops the stale jobs and builds
again, and editors' temporary files are not changes.

The handout is held at its start where a test needs it still building
(``CUEBOOK_TEST_HOLD``): nothing here races a clock.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from cuebook.engine import HOLD_ENV, Job, JobResult, RunEvents, Stop, run_jobs
from cuebook.formats.registry import WriterContext
from tests.conftest import ROOT, RunningBuild, clean_book
from tests.test_epub import mini_book

EDITED = ("compares identity", "compares who it is")


def until(what: Callable[[], Any], seconds: float = 120, every: float = 0.2) -> Any:
    """``what()`` once it is true (polled), or a failure after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        found = what()
        if found:
            return found
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(every)


# ---- the watcher's filter --------------------------------------------------------------------

TEMPORARY = ["sedIU4RbN", "4913", ".01-basics.md.swp", ".01-basics.md.swx", "01-basics.md.swp",
             "#01-basics.md#", ".#01-basics.md", "01-basics.md~", ".goutputstream-Q2X1ZZ",
             "01-basics.md___jb_tmp___", "01-basics.md___jb_old___", "01-basics.md.kate-swp",
             ".01-basics.md.Xa1b2.tmp", "README", "notes"]
SOURCES = ["01-basics.md", "book.yaml", "cover.png", "images/names.jpg", "site.css",
           "book.html.j2", "study.js"]


def test_editor_temporary_and_swap_files_are_not_changes(tmp_path: Path) -> None:
    from cuebook.serve import _watched

    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    out = tmp_path / "out"
    assert [n for n in TEMPORARY if _watched(book / n, out)] == []
    assert [n for n in SOURCES if not _watched(book / n, out)] == []
    assert _watched(book / "images", out)  # a new folder has no suffix but may hold a book
    assert not _watched(out / "book" / "index.html", out)


def test_a_saved_file_stales_its_book_and_a_template_every_book(tmp_path: Path) -> None:
    from cuebook.pipeline import Request
    from cuebook.serve import _books_of

    one, two = mini_book(tmp_path / "one"), mini_book(tmp_path / "two")
    request = Request(paths=(tmp_path,))
    assert _books_of([one / "01-basics.md"], request) == {one.resolve()}
    assert _books_of([one / "01-basics.md", two / "book.yaml"], request) == \
        {one.resolve(), two.resolve()}
    assert _books_of([ROOT / "templates" / "site" / "book.html.j2"], request) is None


# ---- the engine: order, events, stop -----------------------------------------------------------

def _jobs(tmp_path: Path, *formats: str) -> list[Job]:
    book = clean_book(mini_book(tmp_path / "mini"))
    ctx = WriterContext(out_dir=tmp_path / "out", project_dir=ROOT, source_date_epoch=0)
    ctx.out_dir.mkdir()
    return [Job(book, fmt, ctx, "") for fmt in formats]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_formats_asked_first_start_first(tmp_path: Path, workers: int) -> None:
    started: list[str] = []
    results = list(run_jobs(_jobs(tmp_path, "tsv", "anki", "site"), workers,
                            on_start=lambda job: started.append(job.fmt), first=("site",)))
    assert started[0] == "site"
    assert sorted(r.fmt for r in results if r.status == "built") == ["anki", "site", "tsv"]
    started.clear()
    list(run_jobs(_jobs(tmp_path / "again", "tsv", "anki", "site"), workers,
                  on_start=lambda job: started.append(job.fmt)))
    assert started == ["tsv", "anki", "site"]  # as asked, without ``first``


@pytest.mark.parametrize("resident", [(), ("site",)])
def test_the_site_tells_its_reading_page_first_from_a_worker_or_from_this_process(
        tmp_path: Path, resident: tuple[str, ...]) -> None:
    heard: list[str] = []
    results = list(run_jobs(_jobs(tmp_path, "tsv", "site"), 2, first=("site",),
                            resident=resident,
                            on_written=lambda job, path: heard.append(f"{job.fmt} {path.name}"),
                            on_start=lambda job: heard.append(f"{job.fmt} started")))
    assert heard[:3] == ["site started", "site index.html", "site study.html"]
    built = {r.fmt: r for r in results}
    assert built["site"].status == built["tsv"].status == "built"
    # A resident format's job is built here (no worker's peak to report); the others not.
    assert (built["site"].peak_mb is None) == bool(resident)
    assert built["tsv"].peak_mb is not None


def test_a_stopped_job_ends_its_worker_and_writes_nothing(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    hold = tmp_path / "hold"
    hold.mkdir()
    (hold / "pdf").touch()
    monkeypatch.setenv(HOLD_ENV, str(hold))
    jobs = _jobs(tmp_path, "pdf", "tsv")
    stop = Stop()
    seen: list[JobResult] = []
    for result in run_jobs(jobs, 2, stop=stop, first=("tsv",)):
        seen.append(result)
        if result.fmt == "tsv":  # the handout is held: still running
            stop.books([jobs[0].book.root])
    stop.close()
    assert [(r.fmt, r.status) for r in seen] == [("tsv", "built"), ("pdf", "stopped")]
    assert multiprocessing.active_children() == []
    out = jobs[0].ctx.out_dir
    assert sorted(p.name for p in out.rglob("*")) == ["mini-quizlet.txt", "mini.tsv"]


def _write_until_stopped(path: Path, told: Any) -> None:
    """A worker writing a file, stopped while the bytes are on their way to disk."""
    import signal

    from cuebook import engine, output

    signal.signal(signal.SIGTERM, engine._exit_on_term)

    def fsync(fd: int) -> None:
        told.send("writing")
        time.sleep(120)

    output.os.fsync = fsync  # type: ignore[assignment]  # only in this process
    output.write_atomic(path, b"new " * 100_000)


def test_a_worker_stopped_while_writing_leaves_the_previous_file(tmp_path: Path) -> None:
    """What stopping a stale job relies on: a worker ended by SIGTERM in the middle of an
    atomic write removes its temporary file; the previous output stays as it was."""
    path = tmp_path / "book.pdf"
    path.write_bytes(b"previous")
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    worker = context.Process(target=_write_until_stopped, args=(path, theirs))
    worker.start()
    assert ours.poll(60) and ours.recv() == "writing"
    assert len(list(tmp_path.iterdir())) == 2  # the temporary file is there, half written
    worker.terminate()
    worker.join(60)
    assert worker.exitcode == 128 + 15
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]
    assert path.read_bytes() == b"previous"


class Heard(RunEvents):
    def __init__(self) -> None:
        self.said: list[str] = []

    def finished(self, result: JobResult) -> None:
        self.said.append(f"{result.fmt} {result.status}")

    def format_finished(self, fmt: str) -> None:
        self.said.append(f"{fmt} done")

    def run_finished(self, code: int) -> None:
        self.said.append(f"run {code}")


def test_a_run_tells_each_format_as_it_ends_and_the_site_with_its_library_page(
        tmp_path: Path) -> None:
    from cuebook.pipeline import Request, run

    book = mini_book(tmp_path / "mini")
    out = tmp_path / "out"
    heard = Heard()

    class Library(Heard):
        def format_finished(self, fmt: str) -> None:
            super().format_finished(fmt)
            if fmt == "site":  # the library page is written with the site, not at the end
                self.said.append(f"library {(out / 'index.html').is_file()}")

    heard = Library()
    request = Request(paths=(book,), out_dir=out, formats=("tsv", "site"), verbosity=-1,
                      jobs=1, first=("site",))
    assert run(request, heard) == 0
    assert heard.said == ["site built", "site done", "library True", "tsv built", "tsv done",
                          "run 0"]
    heard.said.clear()
    assert run(request, heard) == 0
    assert heard.said == ["tsv cached", "site cached", "tsv done", "site done",
                          "library True", "run 0"]


# ---- serve: the whole loop ---------------------------------------------------------------------

def _served(build: RunningBuild) -> Callable[[str], bytes]:
    found = re.search(r"at (http://127\.0\.0\.1:\d+/)", build.until("serving"))
    assert found is not None
    url = found.group(1)

    def get(path: str) -> bytes:
        with urllib.request.urlopen(url + path, timeout=30) as response:  # noqa: S310
            return bytes(response.read())
    return get


def _edit(book: Path, old: str, new: str) -> None:
    page = book / "01-basics.md"
    text = page.read_text("utf-8")
    assert old in text
    page.write_text(text.replace(old, new), "utf-8")


Served = tuple[Path, Path, Path, RunningBuild, Callable[[str], bytes]]


@contextmanager
def held_preview(tmp_path: Path) -> Iterator[Served]:
    """``cuebook --serve`` of a small book with its handout, watching, with the handout's
    jobs held at their start while ``hold/pdf`` exists: (book, out, hold, build, get)."""
    book = mini_book(tmp_path / "books" / "mini")
    out, hold = tmp_path / "out", tmp_path / "hold"
    hold.mkdir()
    with RunningBuild(str(book.parent), "--out", str(out), "--formats", "pdf", "--serve",
                      "--port", "0", env={HOLD_ENV: str(hold)}) as build:
        get = _served(build)
        build.until("watching", 300)
        yield book, out, hold, build, get


def test_a_save_during_a_build_restarts_the_stale_jobs(tmp_path: Path) -> None:
    with held_preview(tmp_path) as (book, out, hold, build, get):

        def state() -> dict[str, Any]:
            return dict(json.loads(get(".cuebook-preview/state")))

        assert state()["run"] == 1
        (hold / "pdf").touch()
        _edit(book, *EDITED)
        build.until("mini site: built", 120)  # the site first, the handout held
        assert EDITED[1].encode() in (out / "mini" / "index.html").read_bytes()
        # The handout starts once the site has ended, and is held there.
        until(lambda: state()["books"]["mini"]["pdf"] == {
            "state": "building", "run": 2, "files": [], "name": "handout"})
        # Temporary files of an editor are no change: no run starts for them.
        (book / "sedIU4RbN").write_text("x")
        (book / ".01-basics.md.swp").write_text("x")
        (book / "sedIU4RbN").unlink()
        _edit(book, "compares values", "compares contents")
        build.until("mini pdf: stopped", 120)
        build.until("mini site: built", 120)
        assert state()["run"] == 3
        (hold / "pdf").unlink()
        build.until("mini pdf: built", 300)
        final = until(lambda: (s := state())["running"] is False and s, 120)
        assert final["run"] == 3 and final["books"]["mini"]["pdf"]["state"] == "built"
        assert final["books"]["mini"]["pdf"]["files"] == ["mini.pdf"]
        assert not [ln for ln in build.seen if "changed:" in ln and "sed" in ln]
        assert not [ln for ln in build.seen if "changed:" in ln and ".swp" in ln]
    assert not list(out.rglob("*.tmp"))


def test_editor_temporary_files_start_no_build(tmp_path: Path) -> None:
    book = mini_book(tmp_path / "books" / "mini")
    out = tmp_path / "out"
    with RunningBuild(str(book.parent), "--out", str(out), "--formats", "tsv",
                      "--watch") as build:
        build.until("watching", 300)
        for name in TEMPORARY:
            (book / name).write_text("x")
        for name in TEMPORARY:
            (book / name).unlink()
        _edit(book, *EDITED)  # a real save after them: the first change the log reports
        line = build.until("changed:")
        assert line.strip() == "changed: 01-basics.md", build.seen
        build.until("mini tsv: built")
        assert os.path.getsize(out / "mini.tsv") > 0


def test_a_page_asking_for_the_next_state_hears_of_a_rebuilt_site_at_once(
        tmp_path: Path) -> None:
    """The preview's state endpoint answers a page's ``since`` as soon as the state moves:
    no poll interval between the site's files and the reload."""
    import threading

    from cuebook.serve import PreviewState

    state = PreviewState(tmp_path)
    now = json.loads(state.to_json())
    assert json.loads(state.to_json(since=now["version"], wait=0.1)) == now  # nothing new
    heard: list[dict[str, Any]] = []
    asking = threading.Thread(target=lambda: heard.append(
        json.loads(state.to_json(since=now["version"], wait=120))))
    asking.start()
    until(lambda: asking.is_alive())
    state.rebuilt()
    asking.join(60)
    assert heard and heard[0]["build"] == now["build"] + 1
