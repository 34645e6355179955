"""A chapter that runs on (starts on the stranded last page of the chapter before) is laid out
from that page on, inside the one layout (cuebook.render.weasyprint_patches), and the handout is
byte for byte the one that laying the marked HTML out again in full makes."""

from __future__ import annotations

import logging
import logging.handlers
import random
import re
from pathlib import Path

import pytest

from cuebook.formats.registry import WriterContext, available
from cuebook.render import weasyprint_patches
from tests.conftest import CONTENT, ROOT, clean_book

WORDS = ["layout", "page", "chapter", "question", "answer", "footnote", "margin", "column",
         "engine", "reader", "print", "card"]


def run_on_book(folder: Path, seed: int = 4, chapters: int = 14) -> Path:
    """Short chapters of one to four questions, paragraphs of 20 to 90 words, a fifth of them
    with a footnote: seed 4 makes four chapters run on, one of them only once another has;
    seed 3 with 8 chapters (half the pages), two."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.yaml").write_text("title: Run-on chapters\nauthor: test\nlanguage: en\n"
                                      "version: \"1\"\ndate: 2026-01-01\n", encoding="utf-8")
    n = 0
    for c in range(1, chapters + 1):
        lines = [f"# Chapter {c}", ""]
        for _ in range(rng.randint(1, 4)):
            n += 1
            lines += [f"## {n}. What does the {rng.choice(WORDS)} do?", ""]
            for p in range(rng.randint(1, 6)):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 90)))
                if rng.random() < 0.2:
                    lines += [f"{text.capitalize()}.[^f{n}-{p}]", "",
                              f"[^f{n}-{p}]: A note on {rng.choice(WORDS)}.", ""]
                else:
                    lines += [f"{text.capitalize()}.", ""]
        (folder / f"{c:02d}.md").write_text("\n".join(lines), encoding="utf-8")
    return folder


def _build(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *,
           fast: bool) -> tuple[bytes, int, str]:
    """(the handout's bytes, how many times its HTML was laid out, the writer's log): the
    writer's debug log says how many layouts it made."""
    # A logger of the test's own: the CLI's tests leave cuebook's loggers not propagating.
    log = logging.getLogger(f"test_relayout.{out.name}")
    log.setLevel(logging.DEBUG)
    kept = logging.handlers.MemoryHandler(capacity=1_000_000, flushLevel=logging.CRITICAL + 1)
    log.addHandler(kept)
    with monkeypatch.context() as patch:
        if not fast:
            # As with a WeasyPrint the patch does not know: the fallback.
            patch.setattr(weasyprint_patches, "KNOWN_VERSIONS", ())
        context = WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                                strict=True, paper=None, log=log)
        try:
            [path] = available()["pdf"].write(clean_book(folder), context)
        finally:
            log.removeHandler(kept)
    said = "\n".join(r.getMessage() for r in kept.buffer)
    counts = [int(n) for n in re.findall(r"^  pdf \S+: (\d+) layouts ", said, re.M)]
    assert len(counts) == 1, said
    # A layout that could not be revised was made once before the ones made again in full.
    return path.read_bytes(), counts[0] + ("laid out again in full" in said), said


def _both(folder: Path, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[bytes, int, str], ...]:
    return tuple(_build(folder, tmp_path / ("fast" if fast else "full"), monkeypatch,
                        fast=fast) for fast in (True, False))


def test_weasyprint_here_is_one_whose_layout_can_be_revised() -> None:
    assert weasyprint_patches.supported()


@pytest.mark.parametrize("book", ["ai-pm", "run-on"])
def test_a_chapter_runs_on_in_one_layout_with_the_same_bytes(
        book: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CONTENT / book if book == "ai-pm" else run_on_book(tmp_path / "book")
    (fast, fast_layouts, fast_log), (full, full_layouts, _) = _both(folder, tmp_path,
                                                                     monkeypatch)
    assert fast == full
    assert fast_layouts == 1
    # The book has chapters that run on: in full, the HTML is laid out once more per round.
    assert full_layouts == (2 if book == "ai-pm" else 3)
    runs_on = 1 if book == "ai-pm" else 4
    assert f"({runs_on} chapters run on" in fast_log


def test_a_books_own_run_on_style_is_followed(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = run_on_book(tmp_path / "book", seed=3, chapters=8)
    (folder / "styles").mkdir()
    (folder / "styles" / "handout.css").write_text(
        ".chapter.run-in { margin-top: 30mm; padding-top: 2mm; border-top: 1pt solid #999; }",
        encoding="utf-8")
    (fast, fast_layouts, fast_log), (full, _, _) = _both(folder, tmp_path, monkeypatch)
    assert fast == full
    assert fast_layouts == 1
    assert "(2 chapters run on" in fast_log


def test_a_run_on_style_that_children_inherit_is_laid_out_in_full(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Restyling the chapter's own box would not reach its paragraphs' colour: the marked
    HTML is laid out again instead."""
    folder = run_on_book(tmp_path / "book", seed=3, chapters=8)
    (folder / "styles").mkdir()
    (folder / "styles" / "handout.css").write_text(".chapter.run-in { color: #700; }",
                                                   encoding="utf-8")
    (fast, fast_layouts, fast_log), (full, _, _) = _both(folder, tmp_path, monkeypatch)
    assert fast == full
    assert fast_layouts > 1
    assert "laid out again in full" in fast_log
