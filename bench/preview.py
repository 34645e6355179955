#!/usr/bin/env python3
"""Preview latency: save → the open page shows the edit, in Chromium on ``cuebook serve``.

    python bench/preview.py                     # a 500-question bank, 3 edits
    python bench/preview.py --questions 100 --edits 5
    python bench/preview.py --cuebook /path/to/checkout   # another checkout (before/after)

``cuebook serve`` builds every format of a synthetic bank (bench/synth.py) into a fresh output
folder; the book's reading page is opened in headless Chromium (Playwright driving Debian's
``chromium``, as the site tests do). Then, ``--edits`` times: one answer of a chapter in the
middle gets a sentence no page has yet, and the clock runs from just before the file is saved
until the open page's text has it (the page updates itself), and on until the run has finished
every format. The figures are the medians; "page ÷ run" is the share of the whole rebuild an
author waits for before seeing the edit. The phases say where the time to the page goes: the
watcher noticing the save ("changed:"), the book read and checked again (", checked"), the
reading page written (its file's time), the open page updated.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import write_book  # noqa: E402


@dataclass
class Latency:
    page: float  # save → the open page shows the edit
    site: float  # save → the book's reading page is written
    run: float  # save → the run has finished every format
    noticed: float = float("nan")  # save → serve prints "changed:" (the watcher's part)
    checked: float = float("nan")  # save → the book is read and checked again


class Served:
    """``build.py --serve`` of one checkout, its output read line by line."""

    def __init__(self, checkout: Path, book: Path, out: Path, formats: str = "") -> None:
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1704067200", "PYTHONPATH": str(checkout)}
        self.process = subprocess.Popen(
            [sys.executable, str(checkout / "build.py"), str(book), "--out", str(out),
             "--serve", "--port", "0", *(["--formats", formats] if formats else [])],
            cwd=checkout, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []  # everything it printed, for --log
        self.heard: list[tuple[float, str]] = []  # each line, when it came
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout or []:
            self.heard.append((time.monotonic(), line))
            self.lines.put(line)
            self.seen.append(line)

    def when(self, text: str, after: float) -> float:
        """How long after ``after`` the first line with ``text`` came (nan: none yet)."""
        return next((at - after for at, line in list(self.heard) if at >= after and text in line),
                    float("nan"))

    def until(self, text: str, seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if text in line:
                return line
        raise SystemExit(f"no {text!r} from cuebook serve within {seconds:.0f} s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def measure(checkout: Path, book: Path, out: Path, edits: int,
            formats: str = "", log: Path | None = None) -> list[Latency]:
    from playwright.sync_api import sync_playwright

    from tests import browser

    served = Served(checkout, book, out, formats)
    try:
        url = re.search(r"at (http://\S+/)", served.until("serving", 120))
        assert url is not None
        served.until("watching", 900)  # the cold build of every format
        slug = book.name
        page_file = out / slug / "index.html"
        chapters = sorted(book.glob("*.md"))
        source = chapters[len(chapters) // 2]
        found = []
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright)
            page = chromium.new_page()
            page.goto(url.group(1) + f"{slug}/index.html")
            for n in range(edits):
                marker = f"Preview mark {n} {time.time_ns()}"
                written = page_file.stat().st_mtime_ns
                text = source.read_text("utf-8")
                saved = time.monotonic()
                source.write_text(_edited(text, marker), "utf-8")
                shown = _until_shown(page, marker, saved)
                site = _until_written(page_file, written, saved)
                served.until("library page:", 900)  # printed as each run ends
                found.append(Latency(shown - saved, site - saved, time.monotonic() - saved,
                                     served.when("changed:", saved),
                                     served.when(", checked", saved)))
                print(f"edit {n + 1}: page shows it after {found[-1].page:.2f} s (noticed "
                      f"{found[-1].noticed:.2f} s, checked {found[-1].checked:.2f} s, site "
                      f"written {found[-1].site:.2f} s), run done {found[-1].run:.2f} s",
                      flush=True)
            chromium.close()
        return found
    finally:
        served.stop()
        if log is not None:
            log.write_text("".join(served.seen), "utf-8")


def _edited(text: str, marker: str) -> str:
    """The chapter with ``marker`` at the start of its first answer (labelled or not)."""
    for label in ("**答案：** ", "**Answer:** "):
        if label in text:
            return text.replace(label, f"{label}{marker}. ", 1)
    at = text.index("\n\n", text.index("\n#")) + 2  # the first paragraph under a question
    return f"{text[:at]}{marker}. {text[at:]}"


def _until_shown(page: object, marker: str, saved: float, seconds: float = 900) -> float:
    """When the open page's text first has ``marker`` (polled every 50 ms; a reload in
    between is retried)."""
    deadline = saved + seconds
    while time.monotonic() < deadline:
        try:
            if page.evaluate("m => document.body !== null && "  # type: ignore[attr-defined]
                             "document.body.textContent.includes(m)", marker):
                return time.monotonic()
        except Exception:  # noqa: BLE001 (the page is reloading: ask again)
            pass
        time.sleep(0.05)
    raise SystemExit(f"the page did not show the edit within {seconds:.0f} s")


def _until_written(path: Path, before: int, saved: float) -> float:
    """When ``path`` was written after ``saved`` (its modification time, on this clock)."""
    now_wall, now_mono = time.time(), time.monotonic()
    changed = path.stat().st_mtime_ns
    if changed == before:
        return float("nan")
    return now_mono - (now_wall - changed / 1e9)


def summary(found: list[Latency]) -> tuple[float, float, float]:
    return (statistics.median(f.page for f in found), statistics.median(f.site for f in found),
            statistics.median(f.run for f in found))


def phases(found: list[Latency]) -> str:
    """Where the time to the page goes, medians: the watcher, reading and checking the book,
    rendering and writing the reading page, and the page's own update."""
    noticed = statistics.median(f.noticed for f in found)
    checked = statistics.median(f.checked for f in found)
    site = statistics.median(f.site for f in found)
    page = statistics.median(f.page for f in found)
    return (f"save → noticed {noticed:.2f} s, → checked {checked:.2f} s, → reading page "
            f"written {site:.2f} s, → page shows it {page:.2f} s")


def report(questions: int, found: list[Latency], note: str = "", formats: str = "") -> str:
    """The section of docs/performance.md."""
    page, site, run = summary(found)
    served = f"`--formats {formats}`" if formats else "every format"
    return "\n".join([
        "", "## Preview: save → the open page shows it", "",
        f"`cuebook serve` on a {questions}-question bank (bench/synth.py), {served}; the "
        "book's reading page open in headless Chromium. One sentence is added to one answer; "
        "the clock runs from just before the save until the page's text has it (the page "
        "swaps the changed question in, or reloads), and until the run has rebuilt every "
        "format. "
        f"Median of {len(found)} edits (`python bench/preview.py`).{note}", "",
        "| book | save → page shows it | save → site written | save → every format | "
        "page ÷ every format |", "|---|---|---|---|---|",
        f"| {questions} questions | {page:.2f} s | {site:.2f} s | {run:.2f} s | "
        f"{page / run:.1%} |"]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--formats", default="",
                        help="the formats served (default: every one; the site is added)")
    parser.add_argument("--log", type=Path, help="write what cuebook serve printed here")
    parser.add_argument("--cuebook", type=Path, default=ROOT,
                        help="the checkout whose build.py serves (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = write_book(Path(tmp) / f"bank{args.questions}", args.questions)
        found = measure(args.cuebook.resolve(), book, Path(tmp) / "out", args.edits,
                        args.formats, args.log)
    page, site, run = summary(found)
    print(f"{args.questions} questions, {args.cuebook}: save → page shows it {page:.2f} s "
          f"(median of {len(found)}), site written {site:.2f} s, every format {run:.2f} s; "
          f"page ÷ run {page / run:.1%}")
    print(f"phases (medians): {phases(found)}")
    print(report(args.questions, found, formats=args.formats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
