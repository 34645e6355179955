"""The start: the seed's handout alone against pandoc's WeasyPrint PDF of the same Markdown,
and a build with nothing changed against a cold one; a section of docs/performance.md.

Each comparison is of whole processes run in turn, cuebook then its yardstick, after one
warm-up of each that is not counted: the figures are the medians, and the ratio is the median
of the pairs' own ratios (on a machine whose speed drifts with other work, a pair is measured
under the same load). Called by bench/run.py; alone::

    python bench/start.py              # the seed, 5 pairs each
    python bench/start.py --runs 9
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Paired:
    first: float  # median seconds of the first command
    second: float  # of the second
    ratio: float  # median of first ÷ second, pair by pair


@dataclass(frozen=True)
class Start:
    handout: Paired  # the handout alone, cold, and pandoc's PDF through WeasyPrint
    unchanged: Paired  # the handout alone with nothing changed, and cold


def paired(first: Callable[[], float], second: Callable[[], float], runs: int) -> Paired:
    first(), second()  # warm-up: files in the page cache, the first build's output folder
    pairs = [(first(), second()) for _ in range(runs)]
    return Paired(statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs),
                  statistics.median(a / b for a, b in pairs))


def bytecode() -> None:
    """cuebook's modules compiled, as an installed package has them (pip compiles on install;
    with PYTHONDONTWRITEBYTECODE set, a checkout would compile every module on every run while
    the libraries it is compared with load theirs)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "cuebook")],
                   check=True, stdout=subprocess.DEVNULL)


def measure(book: Path, work: Path, runs: int) -> Start:
    from bench.run import _pandoc_source, pandoc_command, timed

    source, meta = _pandoc_source(book, work)
    tool = pandoc_command() or "pandoc"
    out = work / f"start-{book.name}"
    build = [sys.executable, str(ROOT / "build.py"), str(book), "--out", str(out),
             "--formats", "pdf", "-q"]

    def cold() -> float:
        shutil.rmtree(out, ignore_errors=True)
        return timed(build, ROOT).seconds

    def pandoc() -> float:
        return timed([tool, str(source), "-o", str(work / "start-pandoc.pdf"),
                      "--pdf-engine=weasyprint", *meta], work).seconds

    def unchanged() -> float:  # after cold(): the output folder as that build left it
        return timed(build, ROOT).seconds

    return Start(paired(cold, pandoc, runs), paired(unchanged, cold, runs))


def line(label: str, start: Start) -> str:
    handout, unchanged = start.handout, start.unchanged
    return (f"{label:>15}: handout {handout.first:5.2f} s vs pandoc {handout.second:5.2f} s "
            f"({handout.ratio:.2f}×) | nothing changed {unchanged.first:5.2f} s of "
            f"{unchanged.second:5.2f} s ({unchanged.ratio:.1%})")


def report(rows: list[tuple[str, Start]], runs: int) -> str:
    lines = ["", "## The start: the handout alone, and a build with nothing changed", "",
             "`build.py BOOK --formats pdf` into an empty output folder (cold), and pandoc's "
             "PDF of the same Markdown through WeasyPrint (`pandoc book.md -o book.pdf "
             "--pdf-engine=weasyprint`, the book's files joined as bench/run.py joins them); "
             "then the same build again with nothing changed, and cold. Whole processes, "
             "run in turn (cuebook, then the other), one warm-up each not counted; median of "
             f"{runs} pairs, and each ratio the median of the pairs' own ratios. cuebook's "
             "modules are compiled beforehand, as an installed package's are.", "",
             "| book | cuebook handout, cold | pandoc PDF (WeasyPrint) | handout ÷ pandoc | "
             "nothing changed | cold (its pairs) | nothing changed ÷ cold |",
             "|---|---|---|---|---|---|---|"]
    for label, start in rows:
        handout, unchanged = start.handout, start.unchanged
        lines.append(f"| {label} | {handout.first:.2f} s | {handout.second:.2f} s | "
                     f"{handout.ratio:.2f}× | {unchanged.first:.2f} s | "
                     f"{unchanged.second:.2f} s | {unchanged.ratio:.1%} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        found = measure(ROOT / "content" / "ai-pm", Path(tmp), args.runs)
    print(line("seed (ai-pm)", found))
    print(report([("seed (ai-pm)", found)], args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
