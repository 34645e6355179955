"""The build engine: reproducible bytes, atomic outputs under SIGKILL, the cache, isolation,
progress from the workers."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cuebook import engine
from cuebook.cli import main
from cuebook.engine import Job, JobResult, Progress, progress_of, run_jobs
from cuebook.formats.registry import WriterContext
from cuebook.products import Products, Store
from tests.conftest import CONTENT, LIBRARY, ROOT, Run, RunningBuild, clean_book, write_book

CliRun = Callable[..., Run]
GOOD = "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 答\n"


def _library(tmp: Path, *slugs: str) -> Path:
    """A content folder holding copies of the named books of content/."""
    folder = tmp / "content"
    for slug in slugs:
        shutil.copytree(CONTENT / slug, folder / slug)
    return folder


def _small(tmp: Path) -> Path:
    """A content folder holding one small book, "small" (one question, one page of handout):
    for the tests of what the cache and the engine do, not of what a page holds."""
    write_book(tmp / "content" / "small", {"q.md": GOOD})
    return tmp / "content"


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def _build(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def test_two_builds_in_different_folders_times_and_zones_are_byte_identical(
        tmp_path: Path) -> None:
    first = _library(tmp_path / "a", "ai-pm")
    second = _library(tmp_path / "elsewhere" / "b", "ai-pm")
    for folder in (first, second):  # a book with a picture: the PDFs name it the same
        shutil.copytree(LIBRARY / "interview", folder / "interview")
    one = _build(str(first), "--out", str(tmp_path / "out1"),
                 env={"TZ": "Asia/Shanghai", "SOURCE_DATE_EPOCH": "1700000000"})
    assert one.returncode == 0, one.stderr
    time.sleep(1.1)  # a different second on the clock
    two = _build(str(second), "--out", str(tmp_path / "out2"), "-j", "1",
                 env={"TZ": "America/Los_Angeles", "SOURCE_DATE_EPOCH": "1700000000"})
    assert two.returncode == 0, two.stderr
    a, b = _outputs(tmp_path / "out1"), _outputs(tmp_path / "out2")
    assert a.keys() == b.keys() and {"ai-pm.pdf", "interview.pdf"} <= a.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_without_source_date_epoch_the_clock_does_not_reach_the_bytes(
        cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No SOURCE_DATE_EPOCH: the book's date (here 2024-01-01, outside git) is every date in
    the outputs, the fonts fontTools subsets too (the colour emoji face on the cards), at
    whatever time the build runs."""
    from fontTools.misc import timeTools

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    book = tmp_path / "bank"
    book.mkdir()
    (book / "book.yaml").write_text("title: Emoji\nauthor: A\nlanguage: en\n", encoding="utf-8")
    (book / "q.md").write_text("## 1. Does it work? ✅\n\nYes ✅, not ❌.\n", encoding="utf-8")
    built = []
    for clock in (1.8e9, 1.9e9):
        monkeypatch.setattr(timeTools.time, "time", lambda clock=clock: clock)
        out = tmp_path / f"out-{clock:.0f}"
        assert cli(str(book), "--out", str(out), "--formats", "pdf,cards", "-q").code == 0
        built.append(_outputs(out))
    assert "bank-cards.pdf" in built[0]
    assert [name for name in built[0] if built[0][name] != built[1][name]] == []
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_an_edit_in_a_dot_folder_of_the_book_is_rebuilt(cli: CliRun, make_book: Callable[
        ..., Path], tmp_path: Path) -> None:
    """A book whose image lives in ``.img/``: the cache once ignored dot folders, so every
    format said "cached" and kept the old image until ``--force``."""
    from PIL import Image

    book = make_book({"book.yaml": "title: Dots\nauthor: A\nlanguage: en\n",
                      "q.md": "## Q\n\n### Question\n\nq\n\n### Answer\n\n![a dot](.img/a.png)\n"},
                     name="dots")
    (book / ".img").mkdir()
    Image.new("RGB", (8, 8), "red").save(book / ".img" / "a.png")
    out = tmp_path / "out"
    args = (str(book), "--out", str(out), "--formats", "tsv,anki", "-j", "1")
    assert cli(*args).code == 0
    assert cli(*args).out.count(": cached") == 2
    Image.new("RGB", (8, 8), "blue").save(book / ".img" / "a.png")
    assert "dots anki: built" in cli(*args).out


def test_a_killed_build_leaves_no_worker_and_no_lock(make_book: Callable[..., Path],
                                                    tmp_path: Path) -> None:
    """``kill -9`` of a build: its workers end with it (they held the output folder's lock,
    and the next build waited as long as they ran)."""
    questions = "".join(f"## {n}. Q {n}\n\n### Question\n\nWhy {n}?\n\n### Answer\n\n"
                        + "Because of reasons. " * 40 + "\n\n" for n in range(1, 121))
    book = make_book({"book.yaml": "title: Killed\nauthor: A\nlanguage: en\n",
                      "q.md": questions}, name="killed")
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), str(book), "--out",
                              str(out), "--formats", "pdf,cards", "-j", "2", "-q"], cwd=ROOT)
    children: list[int] = []
    deadline = time.monotonic() + 120
    while not (children and (out / ".cuebook.lock").exists()) and \
            time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.05)
        children = _children(build.pid)
    time.sleep(0.5)  # every worker started
    children = _children(build.pid)
    assert children, "the build made no worker"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 20
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [c for c in children if _alive(c)]
    with (out / ".cuebook.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if a worker still holds it


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
            if fields.get("PPid", "").strip() == str(pid):
                found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state


def test_the_cache_skips_unchanged_books_and_rebuilds_an_edited_one(
        cli: CliRun, tmp_path: Path) -> None:
    content = _library(tmp_path, "ai-pm")
    _small(tmp_path)  # beside it, in the same content folder
    out = tmp_path / "out"
    args = (str(content), "--out", str(out), "--formats", "pdf", "-j", "1")
    assert cli(*args).code == 0
    built = _outputs(out)
    again = cli(*args)
    assert again.code == 0
    assert again.out.count(": cached") == 2 and ": built" not in again.out
    article = content / "ai-pm" / "article.md"
    article.write_text(article.read_text("utf-8").replace("大模型是指", "大模型指的是"), "utf-8")
    edited = cli(*args)
    assert "ai-pm pdf: built" in edited.out and "small pdf: cached" in edited.out
    assert _outputs(out)["small.pdf"] == built["small.pdf"]
    assert _outputs(out)["ai-pm.pdf"] != built["ai-pm.pdf"]


@pytest.mark.parametrize("damage", [b"{not json", b'{"schema": 999, "formats": {}}',
                                    b'{"schema": 1, "cuebook": "0", "formats": []}'])
def test_a_corrupt_or_foreign_cache_is_ignored(cli: CliRun, tmp_path: Path,
                                               damage: bytes) -> None:
    content = _small(tmp_path)
    out = tmp_path / "out"
    args = (str(content), "--out", str(out), "--formats", "pdf")
    assert cli(*args).code == 0
    (out / ".cache" / "small.json").write_bytes(damage)
    result = cli(*args)
    assert result.code == 0 and "small pdf: built" in result.out


def test_an_output_changed_behind_the_cache_is_rebuilt(cli: CliRun, tmp_path: Path) -> None:
    content = _small(tmp_path)
    out = tmp_path / "out"
    args = (str(content), "--out", str(out), "--formats", "pdf")
    assert cli(*args).code == 0
    (out / "small.pdf").write_bytes(b"truncated")
    assert "small pdf: built" in cli(*args).out
    assert (out / "small.pdf").read_bytes().startswith(b"%PDF")


def test_force_rebuilds_everything(cli: CliRun, tmp_path: Path) -> None:
    content = _small(tmp_path)
    args = (str(content), "--out", str(tmp_path / "out"), "--formats", "pdf")
    assert cli(*args).code == 0
    assert "small pdf: built" in cli(*args, "--force").out


def test_a_failing_book_does_not_stop_the_others(cli: CliRun, tmp_path: Path) -> None:
    content = _small(tmp_path)
    (content / "broken").mkdir()
    (content / "broken" / "book.yaml").write_text("title: b\nauthor: a\nlanguage: zh\n")
    (content / "broken" / "01.md").write_text(GOOD + "\n无字形 𓀀\n", "utf-8")  # no font has it
    result = cli(str(content), "--out", str(tmp_path / "out"), "--formats", "pdf", "-j", "2")
    assert result.code == 1
    assert "[font.missing-glyph]" in result.err
    # Refused by the check, before any job: the other book is built all the same.
    assert "broken: 1 error, 0 warnings; not built" in result.out
    assert "small pdf: built" in result.out
    assert (tmp_path / "out" / "small.pdf").exists()
    assert not (tmp_path / "out" / "broken.pdf").exists()


def test_a_full_disk_is_a_clear_error_and_the_old_output_survives(
        cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _library(tmp_path, "ai-pm")
    out = tmp_path / "out"
    args = (str(content), "--out", str(out), "--formats", "pdf", "-j", "1", "--force")
    assert cli(*args).code == 0
    before = (out / "ai-pm.pdf").read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("cuebook.output.os.fsync", full)
    result = cli(*args)
    assert result.code == 1
    assert "No space left on device" in result.err
    assert (out / "ai-pm.pdf").read_bytes() == before
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def _killed_mid_write(content: Path, out: Path) -> None:
    """Run a build in a child that stalls after writing its temporary file; SIGKILL it.

    (Linux: the stall finds the file behind the descriptor in /proc.)"""
    pid = os.fork()
    if pid == 0:  # the child: a build whose fsync never returns
        try:
            import cuebook.output

            real_fsync = os.fsync

            def stall(fd: int) -> None:  # only the handout's own temporary file
                if ".ai-pm.pdf." in os.readlink(f"/proc/self/fd/{fd}"):
                    time.sleep(300)
                real_fsync(fd)

            cuebook.output.os.fsync = stall  # type: ignore[attr-defined]
            main([str(content), "--out", str(out), "--formats", "pdf", "-j", "1", "--force",
                  "-q"])
        except BaseException:
            import traceback

            (out.parent / "child-error.txt").write_text(traceback.format_exc())
        finally:
            os._exit(0)
    deadline = time.monotonic() + 120
    while not list(out.glob(".ai-pm.pdf.*.tmp")):
        error = out.parent / "child-error.txt"
        assert not error.exists(), error.read_text()
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_sigkill_mid_write_leaves_the_previous_output_and_the_next_build_works(
        cli: CliRun, tmp_path: Path) -> None:
    content = _library(tmp_path, "ai-pm")
    out = tmp_path / "out"
    assert cli(str(content), "--out", str(out), "--formats", "pdf").code == 0
    before = (out / "ai-pm.pdf").read_bytes()
    _killed_mid_write(content, out)
    assert (out / "ai-pm.pdf").read_bytes() == before  # the old file, whole
    assert list(out.glob(".ai-pm.pdf.*.tmp"))  # it was killed while writing
    again = cli(str(content), "--out", str(out), "--formats", "pdf", "--force")
    assert again.code == 0
    assert list(out.glob(".*.tmp")) == []
    assert (out / "ai-pm.pdf").read_bytes().startswith(b"%PDF")


def test_a_second_build_into_the_same_folder_waits_for_the_first(tmp_path: Path) -> None:
    content = _library(tmp_path, "ai-pm")
    out = tmp_path / "out"
    out.mkdir()
    lines: queue.Queue[str] = queue.Queue()
    with open(out / ".cuebook.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a build in progress
        with subprocess.Popen([sys.executable, str(ROOT / "build.py"), str(content), "--out",
                               str(out), "--formats", "pdf"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True) as child:
            # Released only once the child says it waits (however long its start takes).
            reader = threading.Thread(
                target=lambda: [lines.put(x) for x in child.stdout or ()], daemon=True)
            reader.start()
            said = ""
            while "waiting for another build" not in said:
                said = lines.get(timeout=300)
            assert child.poll() is None and not (out / "ai-pm.pdf").exists()
            fcntl.flock(lock, fcntl.LOCK_UN)
            assert child.wait(timeout=300) == 0
            reader.join(timeout=60)
    assert (out / "ai-pm.pdf").exists()


def test_the_build_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cuebook.clock import DEFAULT_EPOCH, source_date_epoch

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    book = _library(tmp_path, "ai-pm") / "ai-pm"
    for path in book.rglob("*"):
        os.utime(path, (1700000000, 1700000000))
    assert source_date_epoch(book) == DEFAULT_EPOCH  # outside git: a fixed date
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "book", "--date=@1750000000"], cwd=tmp_path,
                   check=True, env={**os.environ, "GIT_COMMITTER_DATE": "@1750000000"})
    assert source_date_epoch(book) == 1750000000  # the last commit
    article = book / "article.md"
    article.write_text(article.read_text("utf-8") + "\n", "utf-8")
    os.utime(article, (1760000000, 1760000000))
    assert source_date_epoch(book) == 1760000000  # an uncommitted edit moves it forward
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert source_date_epoch(book) == 1234567890


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(cli: CliRun,
                                                               tmp_path: Path) -> None:
    content = _library(tmp_path, "ai-pm")
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    result = cli(str(content), "--out", str(blocker), "--formats", "tsv")
    assert result.code == 1
    assert f"cuebook: error: cannot write to {blocker}: File exists" in result.err
    assert "Traceback" not in result.err
    assert blocker.read_text() == "a file where the output folder should be"


def test_watch_rebuilds_a_saved_book_and_keeps_watching_after_an_error(tmp_path: Path) -> None:
    content = _library(tmp_path, "ai-pm")
    out = tmp_path / "out"
    with RunningBuild(str(content), "--out", str(out), "--formats", "tsv", "--watch") as build:
        build.until("watching")
        article = content / "ai-pm" / "article.md"
        original = article.read_text("utf-8")
        article.write_text(original.replace("**举例：** 例如，OpenAI", "**举按：** 例如，OpenAI"),
                           "utf-8")
        build.until("[question.unknown-label]")  # the error is printed, watching goes on
        article.write_text(original.replace("大模型是指", "大模型指的是"), "utf-8")
        build.until("ai-pm tsv: built")
        assert "大模型指的是" in (out / "ai-pm.tsv").read_text("utf-8")


def _jobs(tmp_path: Path, *formats: str) -> list[Job]:
    book = clean_book(_library(tmp_path, "ai-pm") / "ai-pm")
    ctx = WriterContext(out_dir=tmp_path / "out", project_dir=ROOT, source_date_epoch=0)
    ctx.out_dir.mkdir()
    return [Job(book, fmt, ctx, "") for fmt in formats]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_jobs_weasyprint_page_progress_reaches_the_main_process(
        tmp_path: Path, workers: int) -> None:
    heard: list[tuple[str, Progress]] = []
    results = list(run_jobs(_jobs(tmp_path, "pdf", "tsv"), workers,
                            on_progress=lambda job, p: heard.append((job.fmt, p))))
    assert [r.status for r in results] == ["built", "built"]
    pdf = next(r for r in results if r.fmt == "pdf")
    pages = [p.page for fmt, p in heard if p.stage == "layout" and p.page is not None]
    assert {fmt for fmt, _ in heard} == {"pdf"}  # the TSV has no layout to report
    count = pdf.pages
    assert count is not None and count > 1
    # every page of the handout, in order (WeasyPrint may lay some out again to settle the
    # contents' page numbers), then the PDF being written
    assert pages[:count] == list(range(1, count + 1))
    assert [str(p) for _, p in heard][-1] == "writing PDF"
    assert "layout p. 2" in {str(p) for _, p in heard}
    assert (pdf.peak_mb is not None) == (workers > 1)


def test_the_epub_starts_once_the_handouts_page_map_is_provided(tmp_path: Path) -> None:
    events: list[tuple[str, str]] = []
    results = {}
    for result in run_jobs(_jobs(tmp_path, "pdf", "epub"), 2,
                           on_start=lambda job: events.append(("start", job.fmt))):
        assert result.status == "built", result.error
        events.append(("done", result.fmt))
        results[result.fmt] = result
    # Not after the PDF is written: as soon as its layout (the page map) is handed over.
    assert events.index(("start", "epub")) < events.index(("done", "pdf"))
    assert results["epub"].products == [("pagemap", "this run")]
    assert results["pdf"].products == []


def test_a_worker_killed_mid_job_fails_that_job_alone(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    real = engine.run_job

    def dies_on_tsv(job: Job) -> JobResult:
        if job.fmt == "tsv":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(job)

    monkeypatch.setattr(engine, "run_job", dies_on_tsv)  # the forked workers inherit it
    results = {r.fmt: r for r in run_jobs(_jobs(tmp_path, "tsv", "anki", "pdf"), 2)}
    assert results["tsv"].status == "failed"
    assert results["tsv"].error == "the worker building it was killed (SIGKILL)"
    assert results["anki"].status == results["pdf"].status == "built"
    assert (tmp_path / "out" / "ai-pm.pdf").read_bytes().startswith(b"%PDF")


def test_progress_is_read_from_weasyprint_messages() -> None:
    assert progress_of("Step 5 - Creating layout - Page 12") == Progress("layout", 12)
    assert progress_of("Step 5 - Creating layout - Repagination #1") == Progress("layout")
    assert progress_of("Step 6 - Creating PDF") == Progress("writing PDF")
    assert progress_of("Step 2 - Fetching and parsing CSS - a.css") == Progress("styling")
    assert progress_of("something else") is None


def test_the_cache_reads_the_library_versions_importlib_metadata_reads() -> None:
    from importlib import metadata

    from cuebook import keys

    assert {keys.normal_name(n) for n in keys.DEPENDENCIES} <= set(keys.installed_versions())
    assert keys.versions() == ",".join(f"{n}={metadata.version(n)}" for n in keys.DEPENDENCIES)


#: What starts a Python process of cuebook's own (programs it runs, fc-match and git, are
#: not one).
MAKES_PROCESSES = ("os.fork", "multiprocessing", "concurrent.futures", "os.spawn",
                   "ProcessPoolExecutor")


def test_only_the_engine_makes_processes() -> None:
    """One process model: a writer works in its job's process; only the engine starts others."""
    found = [f"{path.relative_to(ROOT)}: {what}"
             for path in sorted((ROOT / "cuebook").rglob("*.py"))
             if path != ROOT / "cuebook" / "engine.py"
             for what in MAKES_PROCESSES if what in path.read_text("utf-8")]
    assert found == []


def _summary_bank(tmp_path: Path, store: Path | None = None) -> list[Job]:
    """pdf and cards jobs for a book whose long answer gets a summary back, which cites the
    page of the handout where the answer is in full; ``store``: the products' store."""
    from tests.conftest import write_book

    long = "\n\n".join(f"第{i}点：" + "数据过期与并发写入，" * 8 for i in range(16))
    book = clean_book(write_book(tmp_path / "bank", {"q.md": (
        "### 第一章\n\n## 1. 短题 {#q-1}\n\n**题目：** 问。\n\n**答案：** 答。\n\n"
        f"## 2. 长题 {{#q-2}}\n\n**题目：** 问。\n\n**答案：** {long}\n")}))
    ctx = WriterContext(out_dir=tmp_path / "out", project_dir=ROOT, source_date_epoch=0,
                        products=Products(store=None if store is None else Store(store)))
    ctx.out_dir.mkdir()
    return [Job(book, fmt, ctx, "") for fmt in ("pdf", "cards")]


def test_the_cards_start_beside_the_handout_and_wait_for_its_page_map(
        tmp_path: Path) -> None:
    """Two workers: the cards job starts with the handout's, fits its faces, and takes the
    pages its summary back cites from the handout's layout instead of laying it out again;
    the cards are those the page map the handout job kept gives, the cards built alone (the
    page map handed over in one process: test_cited_handout)."""
    store = tmp_path / "store"
    events: list[tuple[str, str]] = []
    results = {r.fmt: r for r in run_jobs(_summary_bank(tmp_path / "two", store), 2,
                                          on_start=lambda job: events.append(("start", job.fmt)))}
    events += [("done", fmt) for fmt in results]
    assert [r.status for r in results.values()] == ["built", "built"]
    assert events[:2] == [("start", "pdf"), ("start", "cards")]
    assert results["cards"].products == [("pagemap", "this run")]
    alone = list(run_jobs(_summary_bank(tmp_path / "one", store)[1:], 1))
    assert [(r.status, r.products) for r in alone] == [("built", [("pagemap", "store")])]
    cards = "bank-cards.pdf"
    assert (tmp_path / "two" / "out" / cards).read_bytes() == \
        (tmp_path / "one" / "out" / cards).read_bytes()


def test_cards_waiting_for_a_handout_that_fails_lay_it_out_themselves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = engine.run_job

    def handout_fails(job: Job) -> JobResult:
        if job.fmt == "pdf":
            time.sleep(1)  # the cards are waiting by then
            return JobResult(job.book.slug, job.fmt, "failed", error="no handout")
        return real(job)

    monkeypatch.setattr(engine, "run_job", handout_fails)
    results = {r.fmt: r for r in run_jobs(_summary_bank(tmp_path), 2)}
    assert results["pdf"].status == "failed" and results["cards"].status == "built"
    assert results["cards"].products == [("pagemap", "computed")]


def test_an_output_the_book_no_longer_asks_for_is_removed(
        cli: CliRun, make_book: Callable[..., Path], tmp_path: Path) -> None:
    """A second paper taken off ``pdf.papers``: its handout from the last build goes (the
    library page would offer it as current); a file the format does not declare stays."""
    yaml = "title: Papers\nauthor: A\nlanguage: en\n"
    book = make_book({"book.yaml": yaml + "pdf:\n  papers: [letter]\n",
                      "q.md": "## Q\n\n### Question\n\nq\n\n### Answer\n\na\n"}, name="papers")
    out = tmp_path / "out"
    args = (str(book), "--out", str(out), "--formats", "pdf", "-q", "-j", "1")
    assert cli(*args).code == 0
    assert {"papers.pdf", "papers-letter.pdf"} <= set(_outputs(out))
    (out / "papers-notes.pdf").write_bytes(b"%PDF- the reader's own")
    (book / "book.yaml").write_text(yaml, encoding="utf-8")
    assert cli(*args).code == 0
    assert set(_outputs(out)) == {"papers.pdf", "papers-notes.pdf"}


def test_a_build_with_nothing_changed_says_what_the_check_said_without_reading_the_markdown(
        cli: CliRun, make_book: Callable[..., Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything as the last build left it: the check's warnings and summary come from the
    cache, the Markdown is not read; an edit, or ``--strict``, checks the book again."""
    import cuebook.source.parse

    book = make_book({"book.yaml": "title: Kept\nauthor: A\nlanguage: en\nanki:\n  idd: x\n",
                      "q.md": "## Q\n\n### Question\n\nq\n\n### Answer\n\na\n"}, name="kept")
    out = tmp_path / "out"
    args = (str(book), "--out", str(out), "--formats", "tsv", "-j", "1")
    first = cli(*args)
    warning = "unknown key 'anki.idd' (did you mean 'anki.id'?) [config.unknown-key]"
    assert first.code == 0 and warning in first.err and "kept tsv: built" in first.out

    read = cuebook.source.parse.load_book
    monkeypatch.setattr(cuebook.source.parse, "load_book", _refused)
    again = cli(*args)
    assert again.code == 0 and "kept tsv: cached" in again.out
    assert again.err == first.err  # the same diagnostics, located the same
    summary = first.out.splitlines()[0]
    assert summary.startswith("kept: ") and summary.endswith(", checked, 1 warning")
    assert again.out.splitlines()[0] == summary
    with pytest.raises(AssertionError, match="read the Markdown"):
        cli(*args, "--strict")  # another check: a warning now fails the build

    monkeypatch.setattr(cuebook.source.parse, "load_book", read)
    strict = cli(*args, "--strict")
    assert strict.code == 1 and "not built" in strict.out
    (book / "q.md").write_text("## Q\n\n### Question\n\nq\n\n### Answer\n\nb\n", "utf-8")
    assert "kept tsv: built" in cli(*args).out


def _refused(*args: object) -> None:
    raise AssertionError("read the Markdown of a book that had not changed")
