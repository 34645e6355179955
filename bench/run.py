#!/usr/bin/env python3
"""The benchmark: cuebook against pandoc on the same Markdown, measured in the same run.

    python bench/run.py            # 10, 100 and 1,000 questions plus the seed book
    python bench/run.py --quick    # 10 and 100 only

Needs Debian's pandoc (apt-get install pandoc). Prints a table and writes docs/performance.md:
whole builds against pandoc, then each format alone (time and the peak memory of its process).
Each figure is the median of --repeat runs (default 3; 1 for 1,000 questions).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import write_book  # noqa: E402
from cuebook.formats.registry import available  # noqa: E402

#: The formats compared with pandoc: handout, e-book and cards, with the Anki deck and TSV they
#: come with. The site is left out (pandoc makes nothing like it); a new format is added here
#: on purpose, not by accident.
FORMATS = ("pdf", "epub", "cards", "anki", "tsv")


@dataclass
class Timing:
    seconds: float
    peak_mb: float


def timed(command: list[str], cwd: Path) -> Timing:
    """Wall time and the peak RSS of the largest process in the command's tree."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env={**os.environ,
                                                          "SOURCE_DATE_EPOCH": "1704067200"})
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{child.stderr.read().decode()[-2000:]}")
    return Timing(elapsed, usage.ru_maxrss / 1024)


def median(runs: list[Timing]) -> Timing:
    return Timing(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))


def cuebook_cold(book: Path, out: Path, formats: str, repeat: int) -> Timing:
    runs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        runs.append(timed([sys.executable, str(ROOT / "build.py"), str(book), "--out", str(out),
                           "--formats", formats, "-q"], ROOT))
    return median(runs)


def cuebook_warm(book: Path, out: Path, formats: str, repeat: int) -> Timing:
    return median([timed([sys.executable, str(ROOT / "build.py"), str(book), "--out",
                          str(out), "--formats", formats, "-q"], ROOT) for _ in range(repeat)])


def pandoc(book: Path, work: Path, repeat: int) -> tuple[Timing, Timing]:
    """pandoc → EPUB, and pandoc → PDF through WeasyPrint, on the book's Markdown."""
    source = work / "book.md"
    title = next(ln for ln in (book / "book.yaml").read_text("utf-8").splitlines()
                 if ln.startswith("title:")).split(":", 1)[1].strip()
    files = sorted(book.glob("*.md"))
    source.write_text("\n\n".join(f.read_text("utf-8") for f in files), encoding="utf-8")
    meta = ["--metadata", f"title={title}", "--metadata", "lang=zh-CN"]
    epub = median([timed(["pandoc", str(source), "-o", str(work / "p.epub"), *meta], work)
                   for _ in range(repeat)])
    pdf = median([timed(["pandoc", str(source), "-o", str(work / "p.pdf"),
                         "--pdf-engine=weasyprint", *meta], work) for _ in range(repeat)])
    return epub, pdf


def stages(book: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Where the time and the memory go: the book parsed and checked in this process, then
    each format built in a process of its own forked from it, one after another, as a build
    does (the EPUB reusing the handout's layout): (seconds, peak MB) by stage."""
    import logging

    from cuebook.diagnostics import Diagnostics
    from cuebook.formats.registry import WriterContext
    from cuebook.source.check import check_book
    from cuebook.source.parse import load_book

    times: dict[str, float] = {}
    peaks: dict[str, float] = {}
    started = time.perf_counter()
    diags = Diagnostics()
    model = load_book(book, diags)
    assert model is not None
    check_book(model, diags)
    times["parse+check"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        ctx = WriterContext(out_dir=Path(tmp), project_dir=ROOT, source_date_epoch=1704067200,
                            artifacts=Path(tmp) / "artifacts", log=logging.getLogger("bench"))
        writers = available()
        for name in FORMATS:
            started = time.perf_counter()
            pid = os.fork()
            if pid == 0:  # the worker: build, then leave without running the parent's exits
                code = 1
                try:
                    writers[name].write(model, ctx)
                    code = 0
                finally:
                    os._exit(code)
            _, status, usage = os.wait4(pid, 0)
            if status != 0:
                raise SystemExit(f"failed: the {name} writer on {book}")
            times[name] = time.perf_counter() - started
            peaks[name] = usage.ru_maxrss / 1024
    return times, peaks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--quick", action="store_true", help="10 and 100 questions only")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed: apt-get install pandoc")
    formats = ",".join(FORMATS)
    sizes = [10, 100] if args.quick else [10, 100, 1000]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        books = [("seed (ai-pm)", ROOT / "content" / "ai-pm")] + [
            (f"{n} questions", write_book(work / f"synth-{n}", n)) for n in sizes]
        for label, book in books:
            repeat = 1 if label.startswith("1000") else args.repeat
            out = work / f"out-{book.name}"
            cold = cuebook_cold(book, out, formats, repeat)
            warm = cuebook_warm(book, out, formats, repeat)
            pdf_epub = cuebook_cold(book, work / f"pe-{book.name}", "pdf,epub", repeat)
            p_epub, p_pdf = pandoc(book, work, repeat)
            rows.append((label, cold, warm, pdf_epub, p_epub, p_pdf, stages(book)))
            print(_row(rows[-1]), flush=True)
    report = _report(rows, formats, args)
    (ROOT / "docs" / "performance.md").write_text(report, encoding="utf-8")
    print("\nwrote docs/performance.md")
    return 0


def _row(row: tuple) -> str:  # type: ignore[type-arg]
    label, cold, warm, pdf_epub, p_epub, p_pdf, _ = row
    pandoc_both = p_epub.seconds + p_pdf.seconds
    return (f"{label:>15}: cuebook all {cold.seconds:6.2f} s (peak {cold.peak_mb:5.0f} MB), "
            f"unchanged {warm.seconds:5.2f} s, pdf+epub {pdf_epub.seconds:6.2f} s | pandoc "
            f"pdf+epub {pandoc_both:6.2f} s | all / pandoc {cold.seconds / pandoc_both:4.2f}×")


def _pandoc_version() -> str:
    out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0]


def _report(rows: list, formats: str, args: argparse.Namespace) -> str:  # type: ignore[type-arg]
    lines = [
        "# Performance", "",
        "Measured by `python bench/run.py` (this page is written by it). Every figure of a row "
        "comes from the same run on the same machine; compare ratios, not seconds, across "
        "machines.", "",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}",
        f"- cuebook formats: {formats}; pandoc: {_pandoc_version()}",
        f"- Median of {args.repeat} runs (1 run for 1,000 questions); wall-clock seconds; "
        "peak = largest resident set of any one process.", "",
        "| book | cuebook, all formats, cold | peak MB | nothing changed | cuebook PDF + EPUB | "
        "pandoc EPUB | pandoc PDF (WeasyPrint) | all formats ÷ pandoc PDF + EPUB | "
        "unchanged ÷ cold |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, cold, warm, pdf_epub, p_epub, p_pdf, _ in rows:
        both = p_epub.seconds + p_pdf.seconds
        lines.append(f"| {label} | {cold.seconds:.2f} s | {cold.peak_mb:.0f} | "
                     f"{warm.seconds:.2f} s | {pdf_epub.seconds:.2f} s | {p_epub.seconds:.2f} s | "
                     f"{p_pdf.seconds:.2f} s | {cold.seconds / both:.2f}× | "
                     f"{warm.seconds / cold.seconds:.1%} |")
    times, peaks = rows[0][6]
    lines += ["", "## Where cuebook's time goes (formats one after another, each in a process "
              "of its own, as a build's workers)", "",
              "| book | " + " | ".join(times) + " |", "|---|" + "---|" * len(times)]
    for label, *_, (times, _) in rows:
        lines.append(f"| {label} | " + " | ".join(f"{v:.2f} s" for v in times.values()) + " |")
    lines += ["", "## Peak memory of each format's process (MB)", "",
              "The peak of a whole build (above) is the largest of these or of the main process: "
              "each job runs in a worker of its own.", "",
              "| book | " + " | ".join(peaks) + " |", "|---|" + "---|" * len(peaks)]
    for label, *_, (_, peaks) in rows:
        lines.append(f"| {label} | " + " | ".join(f"{v:.0f}" for v in peaks.values()) + " |")
    sized = {r[0]: r[1].seconds for r in rows}
    if "100 questions" in sized and "1000 questions" in sized:
        lines += ["", f"Growth from 100 to 1,000 questions: "
                      f"{sized['1000 questions'] / sized['100 questions']:.1f}× the time for 10× "
                      "the questions."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
