#!/usr/bin/env python3
"""The benchmark: cuebook against pandoc on the same Markdown, measured in the same run.

    python bench/run.py                        # the seed, 10, 100 and 1,000 questions
    python bench/run.py --quick                # the seed, 10 and 100
    python bench/run.py --books seed,code500   # the seed and the code-heavy bank
    python bench/run.py --preview 0            # without the preview's latency (Chromium)
    python bench/run.py --start 9              # the seed's start: 9 pairs (bench/start.py)

``code500``: 500 English questions with no part labels, bold lead-ins, tables and code in half
of them, in one chapter (the shape of a README interview bank; ``--shape`` does not apply).

Needs pandoc: Debian's (apt-get install pandoc) or PyPI's pypandoc-binary (pandoc 3); with
PyPI's typst installed too, pandoc → Typst is timed as an out-of-class row (a different engine,
the one many pick for speed). Prints a table and writes docs/performance.md: whole builds
against pandoc, an edit of one question, then each format alone (time and the peak memory of
its process). Each figure is the median of --repeat runs (default 3; 1 for 1,000 questions).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
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

from bench import start  # noqa: E402
from bench.synth import SHAPES, write_book  # noqa: E402
from cuebook.formats.registry import available  # noqa: E402

#: The formats compared with pandoc: handout, e-book and cards, with the Anki deck and TSV they
#: come with. The site is left out (pandoc makes nothing like it); a new format is added here
#: on purpose, not by accident.
FORMATS = ("pdf", "epub", "cards", "anki", "tsv")
#: What an author waits for after an edit (the handout and e-book are not in it: a page break
#: can move every page after the edit; the cards cite the handout the author already has).
EDITED = "cards,anki,tsv,site"


#: What every timed command runs with: the book's fixed date, and this Python's programs first
#: on the PATH (pandoc's ``--pdf-engine=weasyprint`` runs the ``weasyprint`` installed beside
#: it, as an activated virtual environment would).
ENVIRONMENT = {**os.environ, "SOURCE_DATE_EPOCH": "1704067200",
               "PATH": os.pathsep.join((str(Path(sys.executable).parent),
                                        os.environ.get("PATH", "")))}


@dataclass
class Timing:
    seconds: float
    peak_mb: float


def timed(command: list[str], cwd: Path) -> Timing:
    """Wall time and the peak RSS of the largest process in the command's tree."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=ENVIRONMENT)
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


def pandoc_command() -> str | None:
    """Debian's pandoc, else the one PyPI's pypandoc-binary carries."""
    found = shutil.which("pandoc")
    if found is None:
        try:
            import pypandoc  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return None
        found = pypandoc.get_pandoc_path()
    return found


def _pandoc_source(book: Path, work: Path) -> tuple[Path, list[str]]:
    source = work / "book.md"
    title = next(ln for ln in (book / "book.yaml").read_text("utf-8").splitlines()
                 if ln.startswith("title:")).split(":", 1)[1].strip()
    language = next((ln.split(":", 1)[1].strip() for ln in
                     (book / "book.yaml").read_text("utf-8").splitlines()
                     if ln.startswith("language:")), "zh-CN")
    files = sorted(book.glob("*.md"))
    source.write_text("\n\n".join(f.read_text("utf-8") for f in files), encoding="utf-8")
    return source, ["--metadata", f"title={title}", "--metadata", f"lang={language}"]


def pandoc(book: Path, work: Path, repeat: int) -> tuple[Timing, Timing]:
    """pandoc → EPUB, and pandoc → PDF through WeasyPrint, on the book's Markdown."""
    source, meta = _pandoc_source(book, work)
    tool = pandoc_command() or "pandoc"
    epub = median([timed([tool, str(source), "-o", str(work / "p.epub"), *meta], work)
                   for _ in range(repeat)])
    pdf = median([timed([tool, str(source), "-o", str(work / "p.pdf"),
                         "--pdf-engine=weasyprint", *meta], work) for _ in range(repeat)])
    return epub, pdf


def typst(book: Path, work: Path, repeat: int) -> Timing | None:
    """pandoc 3 → Typst markup → PDF with the Typst compiler (PyPI's typst), whole processes;
    None when either is missing (pandoc 2 cannot write Typst)."""
    tool = pandoc_command()
    try:
        import typst as _  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return None
    if tool is None:
        return None
    source, meta = _pandoc_source(book, work)
    version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    if not version.startswith("pandoc 3"):
        return None
    runs = []
    for _ in range(repeat):
        first = timed([tool, str(source), "-s", "-t", "typst", "-o", str(work / "p.typ"),
                       *meta], work)
        second = timed([sys.executable, "-c", "import typst; typst.compile('p.typ', "
                        "output='p-typst.pdf')"], work)
        runs.append(Timing(first.seconds + second.seconds, max(first.peak_mb, second.peak_mb)))
    return median(runs)


def edited(book: Path, work: Path, formats: str, repeat: int) -> tuple[Timing, Timing, Timing]:
    """(cold, after an edit of one sentence in one answer with no handout in the output
    folder, the same with the handout there) for ``formats``: what an author waits for
    between saves."""
    copy = work / "edit" / book.name  # the same folder name: the same book slug
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(book, copy)
    out = work / f"edit-out-{book.name}"
    cold = cuebook_cold(copy, out, formats, repeat)
    build = [sys.executable, str(ROOT / "build.py"), str(copy), "--out", str(out), "-q",
             "--formats", formats]
    page = sorted(copy.glob("*.md"))[len(list(copy.glob("*.md"))) // 2]
    alone = []
    for n in range(repeat):
        edit_answer(page, f"Edited {n}.")
        alone.append(timed(build, ROOT))
    # The author has the handout too (built after an edit, not timed): the cards cite it.
    timed([*build[:-1], "pdf"], ROOT)
    runs = []
    for n in range(repeat):
        edit_answer(page, f"Edited again {n}.")
        runs.append(timed(build, ROOT))
    return cold, median(alone), median(runs)


def edit_answer(page: Path, sentence: str) -> None:
    """One sentence more at the end of the first paragraph of the answer of the middle
    question of ``page`` (its labelled answer, else the paragraph under its heading)."""
    lines = page.read_text("utf-8").split("\n")
    heads = [i for i, line in enumerate(lines) if re.match(r"#{2,4} \d+\. ", line)]
    start = heads[len(heads) // 2]
    end = next((i for i in heads if i > start), len(lines))
    body = [i for i in range(start + 1, end) if lines[i].strip()]
    at = next((i for i in body if lines[i].startswith("**答案：**")), body[0])
    lines[at] += f" {sentence}"
    page.write_text("\n".join(lines), encoding="utf-8")


def stages(book: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Where the time and the memory go: the book parsed and checked in this process, then
    each format built in a process of its own forked from it, one after another, as a build
    does (the EPUB reusing the handout's layout): (seconds, peak MB) by stage."""
    import logging

    from cuebook.diagnostics import Diagnostics
    from cuebook.formats.registry import WriterContext
    from cuebook.products import Products, Store
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
        # The store lets the EPUB and the cards read the page map the handout's writer left.
        ctx = WriterContext(out_dir=Path(tmp), project_dir=ROOT, source_date_epoch=1704067200,
                            products=Products(store=Store(Path(tmp) / "store")),
                            log=logging.getLogger("bench"))
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
    parser.add_argument("--shape", choices=SHAPES, default="labelled",
                        help="the synthetic banks' shape (bench/synth.py)")
    parser.add_argument("--preview", type=int, default=500, metavar="N",
                        help="questions of the bank the preview's latency is measured on "
                             "(bench/preview.py; 0: not measured)")
    parser.add_argument("--books", default="",
                        help="comma-separated: seed, 10, 100, 1000, code500 (default: seed, "
                             "10, 100, 1000; --quick: seed, 10, 100)")
    parser.add_argument("--start", type=int, default=5, metavar="PAIRS",
                        help="pairs run for the seed's handout against pandoc's and for a "
                             "build with nothing changed (bench/start.py; 0: not measured)")
    args = parser.parse_args()
    if pandoc_command() is None:
        raise SystemExit("pandoc is not installed: apt-get install pandoc, or pip install "
                         "pypandoc-binary")
    start.bytecode()
    formats = ",".join(FORMATS)
    chosen = args.books.split(",") if args.books else \
        ["seed", "10", "100"] + ([] if args.quick else ["1000"])
    rows = []
    extras: list[tuple[str, tuple[Timing, Timing, Timing], Timing, Timing | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        books = [_book(name, work, args.shape) for name in chosen]
        for label, book in books:
            repeat = 1 if label.startswith(("1000", "500")) else args.repeat
            out = work / f"out-{book.name}"
            cold = cuebook_cold(book, out, formats, repeat)
            warm = cuebook_warm(book, out, formats, repeat)
            pdf_epub = cuebook_cold(book, work / f"pe-{book.name}", "pdf,epub", repeat)
            p_epub, p_pdf = pandoc(book, work, repeat)
            rows.append((label, cold, warm, pdf_epub, p_epub, p_pdf, stages(book)))
            print(_row(rows[-1]), flush=True)
            extras.append((label, edited(book, work, EDITED, repeat),
                           cuebook_cold(book, work / f"pdf-{book.name}", "pdf", repeat),
                           typst(book, work, repeat)))
            print(_extra(extras[-1], p_pdf), flush=True)
        begun = [("seed (ai-pm)", start.measure(ROOT / "content" / "ai-pm", work, args.start))
                 ] if args.start else []
        for label, found in begun:
            print(start.line(label, found), flush=True)
    report = _report(rows, formats, args) + _extra_report(rows, extras) + \
        (start.report(begun, args.start) if begun else "") + _preview(args.preview)
    (ROOT / "docs" / "performance.md").write_text(report, encoding="utf-8")
    print("\nwrote docs/performance.md")
    return 0


def _preview(questions: int) -> str:
    """Save → the open page shows it, on ``cuebook serve`` in Chromium (bench/preview.py);
    left out without Playwright and Chromium."""
    from bench import preview
    from tests import browser

    if not questions or browser.missing() is not None:
        return ""
    with tempfile.TemporaryDirectory() as tmp:
        book = write_book(Path(tmp) / f"bank{questions}", questions)
        found = preview.measure(ROOT, book, Path(tmp) / "out", edits=3)
    return preview.report(questions, found)


def _book(name: str, work: Path, shape: str) -> tuple[str, Path]:
    if name == "seed":
        return "seed (ai-pm)", ROOT / "content" / "ai-pm"
    if name == "code500":
        return "500 questions with code, one chapter", write_book(
            work / "code-500", 500, shape="lead-ins", per_chapter=500)
    if not name.isdigit():
        raise SystemExit(f"unknown book {name!r}: seed, code500 or a number of questions")
    return f"{name} questions", write_book(work / f"synth-{name}", int(name),
                                           shape=shape)  # type: ignore[arg-type]


def _row(row: tuple) -> str:  # type: ignore[type-arg]
    label, cold, warm, pdf_epub, p_epub, p_pdf, _ = row
    pandoc_both = p_epub.seconds + p_pdf.seconds
    return (f"{label:>15}: cuebook all {cold.seconds:6.2f} s (peak {cold.peak_mb:5.0f} MB), "
            f"unchanged {warm.seconds:5.2f} s, pdf+epub {pdf_epub.seconds:6.2f} s | pandoc "
            f"pdf+epub {pandoc_both:6.2f} s | all / pandoc {cold.seconds / pandoc_both:4.2f}×")


def _extra(extra: tuple[str, tuple[Timing, Timing, Timing], Timing, Timing | None],
           p_pdf: Timing) -> str:
    label, (cold, alone, edit), pdf, typst_pdf = extra
    shown = f", Typst {typst_pdf.seconds:5.2f} s" if typst_pdf else ""
    return (f"{label:>15}: edit one answer {edit.seconds:5.2f} s of {cold.seconds:5.2f} s "
            f"({edit.seconds / cold.seconds:.0%}; no handout in the folder "
            f"{alone.seconds / cold.seconds:.0%}) | handout {pdf.seconds:5.2f} s vs pandoc "
            f"{p_pdf.seconds:5.2f} s ({pdf.seconds / p_pdf.seconds:.2f}×){shown}")


def _extra_report(rows: list, extras: list) -> str:  # type: ignore[type-arg]
    cores = len(os.sched_getaffinity(0))
    lines = ["", "## An edit, the handout alone, and Typst", "",
             f"Cold: `--formats {EDITED}` in an empty output folder. Edit: one sentence added "
             f"to one answer, then `--formats {EDITED}` again, first with no handout in the "
             "output folder (the cards cite the pages the handout had when last laid out), "
             "then with the handout built too (not timed; the cards cite its pages). Workers: "
             f"{min(cores, 8)} ({cores} cores). Typst: pandoc 3 → Typst markup → the Typst "
             "compiler, whole processes — another engine with other typography, shown out of "
             "class.", "",
             "| book | cold | edit, handout in the folder | edit ÷ cold | edit, no handout | "
             "edit ÷ cold | cuebook handout | pandoc PDF (WeasyPrint) | handout ÷ pandoc | "
             "pandoc → Typst PDF |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row, (label, (cold, alone, edit), pdf, typst_pdf) in zip(rows, extras, strict=True):
        p_pdf = row[5]
        lines.append(f"| {label} | {cold.seconds:.2f} s | {edit.seconds:.2f} s | "
                     f"{edit.seconds / cold.seconds:.0%} | {alone.seconds:.2f} s | "
                     f"{alone.seconds / cold.seconds:.0%} | {pdf.seconds:.2f} s | "
                     f"{p_pdf.seconds:.2f} s | {pdf.seconds / p_pdf.seconds:.2f}× | "
                     + (f"{typst_pdf.seconds:.2f} s |" if typst_pdf else "— |"))
    return "\n".join(lines) + "\n"


def _pandoc_version() -> str:
    out = subprocess.run([pandoc_command() or "pandoc", "--version"], capture_output=True,
                         text=True).stdout
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
        f"- Synthetic banks: `--shape {args.shape}` (bench/synth.py)",
        f"- Workers: one per core ({len(os.sched_getaffinity(0))} here), as `build.py` "
        "runs by default; each format is a job of its own, and the handout's layout and the "
        "cards' fit each run in one of them.",
        "- Load average when the run ended (1, 5 and 15 minutes): "
        + ", ".join(f"{load:.1f}" for load in os.getloadavg())
        + f" on {os.cpu_count()} cores; other work on the machine stretches every second, "
        "and the ratios of commands run close together stay the most comparable.",
        f"- Median of {args.repeat} runs (1 run for 500 and 1,000 questions); wall-clock "
        "seconds; "
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
