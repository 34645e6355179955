"""The cards cite the handout in the output folder: a build without the handout reads its pages
from the store, where the handout job recorded them, instead of laying the handout out again;
after an edit they are the pages of the handout the reader has (said so), until the handout is
built again. ``-v`` says where each job had the page map from (cuebook.products)."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from cuebook.formats.pdf.writer import handout_pages
from cuebook.formats.registry import WriterContext
from tests.conftest import ROOT, Run, clean_book, write_book

CliRun = Callable[..., Run]
CITED = re.compile(r"完整答案见讲义第(\d+)页")


def _question(n: int, answer: str) -> str:
    return f"## {n}. 第{n}题：缓存为什么会失效？ {{#q-{n}}}\n\n**题目：** 问题{n}。\n\n" \
           f"**答案：** {answer}\n\n"


def _long(n: int) -> str:
    """An answer too long for a card: its back is a summary citing the handout page."""
    return "\n\n".join(f"第{i}点：" + f"问题{n}的数据过期与并发写入，" * 8 for i in range(10))


def _bank(folder: Path, first: str, extra: str = "") -> Path:
    return write_book(folder, {"q.md": "### 第一章\n\n" + _question(1, first) + "".join(
        _question(n, _long(n)) for n in (2, 3, 4)) + extra})


def _pages(book: Path, tmp: Path) -> dict[str, int]:
    """The handout's pages for the book as it is, laid out here (nothing kept is read)."""
    ctx = WriterContext(out_dir=tmp, project_dir=ROOT, source_date_epoch=1704067200,
                        log=logging.getLogger("test.cited"))
    pages = handout_pages(clean_book(book), ctx)
    return {q: pages[q] for q in ("q-1", "q-2", "q-3", "q-4")}


def _origin(run: Run) -> str | None:
    """Where the cards job had the handout's page map from, as ``-v`` says (None: not asked)."""
    match = re.search(r"bank cards: \S+ .*\n(?:    \S+: .*\n)*?    pagemap: (.+)", run.out)
    return match.group(1) if match else None


def _cited(cards: Path) -> list[int]:
    """The pages the cards' summary backs cite, in the order printed."""
    with pdfplumber.open(cards) as pdf:
        text = "".join(re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages)
    return [int(n) for n in CITED.findall(text)]


def test_cards_cite_the_handout_in_the_output_folder(
        cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")
    book, out = _bank(tmp_path / "bank", "答案很短。"), tmp_path / "out"
    before = _pages(book, tmp_path / "x")
    build = (str(book), "--out", str(out), "-j", "1", "-v")
    first = cli(*build, "--formats", "pdf,cards")
    assert first.code == 0 and _origin(first) == "from this run"
    assert _cited(out / "bank-cards.pdf") == [before["q-2"], before["q-3"], before["q-4"]]

    # The backs moved for a printer: the handout is as recorded, its pages are read, not laid out.
    moved = cli(*build, "--formats", "cards", "--back-offset", "0.5,0")
    assert moved.code == 0 and _origin(moved) == "from the store"
    assert _cited(out / "bank-cards.pdf") == [before["q-2"], before["q-3"], before["q-4"]]

    # An edit that moves the pages after it, and a new question: cards alone cite the pages
    # of the handout in the folder, the new question none, and say so.
    _bank(book, "答案很长。" + "缓存命中率下降，" * 200, _question(5, _long(5)))
    after = _pages(book, tmp_path / "y")
    assert after != before
    edited = cli(*build, "--formats", "cards")
    assert edited.code == 0 and _origin(edited) == "from the store"
    assert "is not the book as it is now" in edited.out + edited.err
    assert "no page for 1 question not in it" in edited.out + edited.err
    # Question 1's answer is long now: its summary back cites where it was.
    assert _cited(out / "bank-cards.pdf") == [before[f"q-{n}"] for n in (1, 2, 3, 4)]
    with pdfplumber.open(out / "bank-cards.pdf") as pdf:
        text = "".join(re.sub(r"\s+", "", p.extract_text() or "") for p in pdf.pages)
    assert text.count("完整答案见讲义") == 5  # question 5's back: no page to cite

    # Nothing changed since: the cards are as they were.
    assert "bank cards: cached" in cli(*build, "--formats", "cards").out

    # The EPUB's page-list marks its own text: it is laid out for the book as it is now.
    epub = cli(*build, "--formats", "epub")
    assert epub.code == 0
    assert re.search(r"bank epub: built .*\n    pagemap: computed by this job", epub.out)

    # The handout built again: the cards are rebuilt and cite its new pages.
    again = cli(*build, "--formats", "pdf,cards")
    assert "bank pdf: built" in again.out and "bank cards: built" in again.out
    assert _origin(again) == "from this run"
    assert _cited(out / "bank-cards.pdf")[:4] == [after[f"q-{n}"] for n in (1, 2, 3, 4)]

    # A handout that is not the one recorded (here: gone): the cards cite the pages of the
    # book as it is now, kept in the store, or, without it, laid out.
    (out / "bank.pdf").unlink()
    kept = cli(*build, "--formats", "cards")
    assert kept.code == 0 and _origin(kept) == "from the store"
    assert "is not the book as it is now" not in kept.out + kept.err
    assert _cited(out / "bank-cards.pdf")[:4] == [after[f"q-{n}"] for n in (1, 2, 3, 4)]
    shutil.rmtree(out / ".cache")
    laid = cli(*build, "--formats", "cards")
    assert laid.code == 0 and _origin(laid) == "computed by this job"
    assert _cited(out / "bank-cards.pdf")[:4] == [after[f"q-{n}"] for n in (1, 2, 3, 4)]
