"""The cards' fit memory: a rebuild lays each face out once, as the last build decided, an edit
refits only the question it touched, and what is printed is byte for byte what a fit from
scratch prints, even when the remembered decisions are wrong or unreadable."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest

from cuebook.book.model import Book
from cuebook.formats.cards.fit import FittedDeck
from cuebook.formats.cards.memory import Decision, FitMemory
from cuebook.formats.cards.writer import build_deck, duplex_pdf, fold_pdf, read_options
from cuebook.formats.registry import WriterContext
from cuebook.products import Products, Store
from cuebook.render.fonts import stack_for_book
from tests.conftest import ROOT, Run, clean_book, write_book

CODE = "```python\n" + "\n".join(f"total_{i} = sum(row[{i}] for row in table)  # column {i}"
                                 for i in range(14)) + "\n```\n"


def _question(n: int, answer: str) -> str:
    return f"## {n}. 第{n}题：缓存为什么会失效？ {{#q-{n}}}\n\n**题目：** 问题{n}。\n\n" \
           f"**答案：** {answer}\n\n"


def _bank(long: int = 16) -> dict[str, str]:
    """Short answers, one that is set smaller, one that needs a summary back (or, continued,
    a second card), and one with long code."""
    return {"q.md": "### 第一章\n\n" + "".join([
        _question(1, "答案很短。"),
        _question(2, "缓存命中率下降，" * 84),
        _question(3, "\n\n".join(f"第{i}点：" + "数据过期与并发写入，" * 8 for i in range(long))),
        _question(4, "逐步过程如下：\n\n" + CODE),
        _question(5, "答案也很短。"),
    ])}


def _context(out: Path, flags: dict[str, str] | None = None) -> WriterContext:
    """A context with a store: the handout the summary backs cite is laid out once per state
    of the bank, not once per deck."""
    return WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                         flags=flags or {}, log=logging.getLogger("test.cards.memory"),
                         products=Products(store=Store(out / "store")))


def _printed(book: Book, ctx: WriterContext, memory: FitMemory) -> tuple[bytes, FittedDeck]:
    options = read_options(book, ctx)
    deck = build_deck(book, ctx, options, stack_for_book(book), memory)
    return duplex_pdf(book, ctx, options, deck) + fold_pdf(book, ctx, options, deck), deck


@pytest.fixture(scope="module", params=["summary", "continue"])
def cold(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> tuple[Book, WriterContext, bytes, FitMemory]:
    """The bank fitted from scratch: (book, context, the sheets' bytes, what it decided)."""
    out = tmp_path_factory.mktemp("memory")
    book = clean_book(write_book(out / "bank", _bank()))
    ctx = _context(out, {"cards.long": request.param})
    memory = FitMemory(None, {}, {})
    pdf, deck = _printed(book, ctx, memory)
    assert deck.refitted == 10
    decided = list(memory.kept.values())
    # The bank has what the memory must hold: a centred front, a smaller back, and a summary
    # back (summary) or a back on two cards (continue).
    assert any(d.centred for d in decided) and any(d.size < 10 for d in decided)
    assert any(d.summary for d in decided) if request.param == "summary" else \
        any(d.cards == 2 for d in decided)
    return book, ctx, pdf, memory


def test_a_rebuild_lays_each_face_out_once_and_prints_the_same(
        cold: tuple[Book, WriterContext, bytes, FitMemory]) -> None:
    book, ctx, pdf, memory = cold
    again = FitMemory(None, dict(memory.kept), {})
    warm, deck = _printed(book, ctx, again)
    assert deck.refitted == 0
    assert len(deck.documents) == 1 + (1 if any(c.count > 1 for c in deck.cards) else 0)
    assert warm == pdf
    assert again.kept == memory.kept


def test_an_edit_refits_only_its_question(
        cold: tuple[Book, WriterContext, bytes, FitMemory], tmp_path: Path) -> None:
    book, ctx, _, memory = cold
    files = _bank()
    files["q.md"] = files["q.md"].replace("答案很短。", "答案很短，改了一句。")
    edited = clean_book(write_book(tmp_path / "bank", files))
    warm, deck = _printed(edited, ctx, FitMemory(None, dict(memory.kept), {}))
    assert deck.refitted == 2
    fresh, _ = _printed(edited, ctx, FitMemory(None, {}, {}))
    assert warm == fresh


def test_wrong_decisions_are_caught_by_the_layout_and_fitted_again(
        cold: tuple[Book, WriterContext, bytes, FitMemory]) -> None:
    """A memory that says every face took one card more than it did (as a change WeasyPrint
    made without a new version could): every face is fitted again, and nothing printed
    differs."""
    book, ctx, pdf, memory = cold
    wrong = {k: replace(d, cards=d.cards + 1) for k, d in memory.kept.items()}
    warm, deck = _printed(book, ctx, FitMemory(None, wrong, {}))
    assert deck.refitted == 10
    assert warm == pdf


def test_a_long_back_whose_layout_changed_is_fitted_again(
        cold: tuple[Book, WriterContext, bytes, FitMemory]) -> None:
    """A summary back whose pointer to the handout sets wider ("p. 18" -> "p. 118"), or a back
    on two cards remembered at a size it takes more at: fitted again, the same printed."""
    book, ctx, pdf, memory = cold
    long = {k for k, d in memory.kept.items() if d.summary or d.cards > 1}
    assert len(long) == 1
    moved = {k: replace(d, more=d.more.replace("0", "00")) if d.summary else
             replace(d, size=10.0) if k in long else d for k, d in memory.kept.items()}
    warm, deck = _printed(book, ctx, FitMemory(None, moved, {}))
    assert deck.refitted == 2
    assert warm == pdf


@pytest.mark.parametrize("text", ["", "{", "[]", '{"schema": 1, "cuebook": "0.0.1"}',
                                  '{"schema": 1, "cuebook": "%s", "faces": {"k": {}}}'])
def test_an_unreadable_or_foreign_memory_is_ignored(tmp_path: Path, text: str) -> None:
    from cuebook import __version__

    path = tmp_path / "m.json"
    path.write_text(text.replace("%s", __version__), encoding="utf-8")
    assert FitMemory.load(path).known == {}
    assert FitMemory.load(tmp_path / "absent.json").known == {}


def test_the_memory_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    memory = FitMemory(path, {}, {})
    decisions = {"a": Decision(24.0, 1, centred=True), "b": Decision(9.0, 1, summary=3,
                                                                      more="p. 00"),
                 "c": Decision(7.0, 3)}
    for key, decision in decisions.items():
        memory.keep(key, decision)
    memory.save()
    assert FitMemory.load(path).known == decisions
    assert json.loads(path.read_text("utf-8"))["faces"]["c"] == {"size": 7.0, "cards": 3}


def test_a_build_keeps_the_memory_and_a_rebuild_prints_the_same(
        tmp_path: Path, cli: object) -> None:
    from collections.abc import Callable

    run: Callable[..., Run] = cli  # type: ignore[assignment]
    bank = write_book(tmp_path / "bank", _bank(long=8))
    out = tmp_path / "out"
    assert run(str(bank), "--out", str(out), "--formats", "cards", "-q").code == 0
    first = (out / "bank-cards.pdf").read_bytes()
    kept = out / ".cache" / "store" / "bank" / "cards-fit.json"  # the products' store
    assert len(json.loads(kept.read_text("utf-8"))["faces"]) == 10
    assert run(str(bank), "--out", str(out), "--formats", "cards", "--force", "-q").code == 0
    assert (out / "bank-cards.pdf").read_bytes() == first
