"""Cue cards as a person studies with them, read back from the printed PDF with pdfplumber:
the question large on its front, the answer starting on its back, summary backs that say
where the full answer is, nothing below the floors, and what ``continue`` and ``larger``
print instead.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from cuebook.book.model import Book
from cuebook.formats.base import WriterContext
from cuebook.formats.cards.fit import (
    FLOOR_CJK,
    FLOOR_LATIN,
    QUESTION_FLOOR,
    FittedDeck,
    PrintedCard,
)
from cuebook.formats.cards.geometry import Box, grid_for
from cuebook.formats.cards.options import CardOptions
from cuebook.formats.cards.writer import build_deck, by_size, duplex_pdf, read_options, report_fit
from cuebook.formats.pdf.writer import handout_pages
from cuebook.render.fonts import stack_for_book
from tests.conftest import LIBRARY, ROOT, ZH_YAML, clean_book, write_book

PT_PER_MM = 72 / 25.4
LOGGER = "test.cards.study"
#: pdfplumber reads sizes back from the PDF's text matrices: allow for rounding.
SLACK = 0.01


def _context(out: Path, options: dict[str, str] | None = None) -> WriterContext:
    return WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                         flags=options or {}, log=logging.getLogger(LOGGER))


@dataclass
class Printed:
    book: Book
    ctx: WriterContext
    options: CardOptions
    deck: FittedDeck
    pdf: bytes


Print = Callable[[str, str], Printed]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Print]:
    """(book folder, long) -> its A6 deck and duplex PDF, made once."""
    out = tmp_path_factory.mktemp("study")
    made: dict[tuple[str, str], Printed] = {}

    def get(folder: str, long: str = "") -> Printed:
        if (folder, long) not in made:
            book = clean_book(Path(folder))
            ctx = _context(out, {"cards.long": long} if long else {})
            options = read_options(book, ctx)
            deck = build_deck(book, ctx, options, stack_for_book(book))
            made[folder, long] = Printed(book, ctx, options, deck,
                                         duplex_pdf(book, ctx, options, deck))
        return made[folder, long]

    yield get


BOOKS = [str(LIBRARY / "interview"), str(LIBRARY / "drills")]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _chars_in(page: pdfplumber.page.Page, box: Box) -> list[dict[str, Any]]:
    return [c for c in page.chars
            if box.x <= (c["x0"] + c["x1"]) / 2 / PT_PER_MM <= box.right
            and box.y <= (c["top"] + c["bottom"]) / 2 / PT_PER_MM <= box.bottom]


def _faces(printed: Printed) -> Iterator[tuple[PrintedCard, str, list[dict[str, Any]], Box]]:
    """(card, "front" | "back", the characters on that face, its box), for every card."""
    grids = [(grid_for(s.width, s.height, s.paper_size), s, cards)
             for s, cards in by_size(printed.options, printed.deck)]
    with pdfplumber.open(io.BytesIO(printed.pdf)) as document:
        sheet = 0
        for grid, size, cards in grids:
            for start in range(0, len(cards), grid.capacity):
                for slot, card in enumerate(cards[start:start + grid.capacity]):
                    box = grid.place(slot).box(size.width, size.height)
                    back = Box(grid.paper[0] - box.x - box.width, box.y, box.width, box.height)
                    yield card, "front", _chars_in(document.pages[sheet], box), box
                    yield card, "back", _chars_in(document.pages[sheet + 1], back), back
                sheet += 2


def _is_cjk(char: str) -> bool:
    """A wide character; a ligature ("fi", read back as two letters) is Latin."""
    return len(char) == 1 and unicodedata.east_asian_width(char) in ("W", "F")


@pytest.mark.parametrize("folder", BOOKS)
def test_every_front_sets_its_question_large_and_every_back_starts_its_answer(
        printed: Print, folder: str) -> None:
    deck = printed(folder)
    questions = len(deck.book.questions)
    assert len(deck.deck.cards) <= 1.5 * questions
    for card, side, chars, box in _faces(deck):
        question = card.card.question
        if side == "front":
            large = _squash("".join(str(c["text"]) for c in chars
                                    if float(c["size"]) >= QUESTION_FLOOR - SLACK))
            assert _squash(question.title.text) in large, (question.number, large)
            # The question with its notes, between the corner line and the footer.
            flow = [c for c in chars if float(c["top"]) / PT_PER_MM - box.y >= 6
                    and float(c["bottom"]) / PT_PER_MM - box.y <= box.height - 8]
            tops = [float(c["top"]) / PT_PER_MM - box.y for c in flow]
            bottoms = [float(c["bottom"]) / PT_PER_MM - box.y for c in flow]
            middle = (min(tops) + max(bottoms)) / 2 / box.height
            # Centred a little above the middle, where the eye lands.
            assert 0.35 <= middle <= 0.52, (question.number, middle)
            small = [c for c in chars if float(c["size"]) < QUESTION_FLOOR - SLACK
                     and float(c["top"]) / PT_PER_MM - box.y >= 6
                     and float(c["bottom"]) / PT_PER_MM <= box.bottom - 8]
            # Number, deck, tags: small, along the top and bottom edges; in between only a
            # footnote's mark and, below the question, its text.
            below = max(float(c["bottom"]) for c in chars
                        if float(c["size"]) >= QUESTION_FLOOR - SLACK) / PT_PER_MM
            assert all(c["text"].isdigit() or float(c["top"]) / PT_PER_MM >= below - 1
                       for c in small), question.number
            assert not small or question.footnotes, question.number
        elif card.index == 1:
            first = question.part(deck.options.back[0])
            text = _squash("".join(str(c["text"]) for c in chars))
            assert _squash(first.content.text)[:12] in text, (question.number, text[:40])


@pytest.mark.parametrize("folder", BOOKS)
@pytest.mark.parametrize("long", ["", "continue"])
def test_no_text_is_below_the_floors(printed: Print, folder: str, long: str) -> None:
    with pdfplumber.open(io.BytesIO(printed(folder, long).pdf)) as document:
        chars = [c for page in document.pages for c in page.chars if not c["text"].isspace()]
    assert chars
    too_small = {(c["text"], round(c["size"], 2)) for c in chars
                 if c["size"] < (FLOOR_CJK if _is_cjk(c["text"]) else FLOOR_LATIN) - SLACK}
    assert too_small == set()


def test_footers_speak_the_readers_words(printed: Print) -> None:
    deck = printed(str(LIBRARY / "drills"))
    for card, _, chars, box in _faces(deck):
        footer = _squash("".join(str(c["text"]) for c in chars
                                 if float(c["top"]) / PT_PER_MM - box.y > box.height - 8))
        question = card.card.question
        chapter = next(c for c in deck.book.chapters if question in c.questions)
        assert footer == _squash(f"{card.card.position}/6·编程面试练习·"
                                 f"{chapter.title.text}")
        assert question.id not in footer


def test_a_summary_back_leaves_long_code_to_the_handout_page_it_names(
        printed: Print, caplog: pytest.LogCaptureFixture) -> None:
    deck = printed(str(LIBRARY / "drills"))
    pages = handout_pages(deck.book, deck.ctx)
    backs = {card.card.question.id: _squash("".join(str(c["text"]) for c in chars))
             for card, side, chars, _ in _faces(deck) if side == "back"}
    assert pages["max-subarray"] == 3  # as the handout's own table of contents says
    for question in deck.book.questions:
        assert f"完整答案见讲义第{pages[question.id]}页" in backs[question.id]
    assert "assertmax_subarray" not in backs["max-subarray"]  # its 18 lines of code are not
    assert "复杂度：时间复杂度O(n)，空间复杂度O(1)。" in backs["max-subarray"]  # on the card
    with caplog.at_level(logging.INFO, logger=LOGGER):
        report_fit(deck.book, deck.ctx, deck.options, deck.deck)
    notes = [r.getMessage() for r in caplog.records if "summary back" in r.getMessage()]
    assert len(notes) == 6
    assert notes[0] == ("cards drills: question 1 (1/6): summary back; left out 1 code "
                        "block of 18 lines; the card says \"完整答案见讲义第 3 页\"")


def test_continue_repeats_the_question_on_every_continuation_front(printed: Print) -> None:
    deck = printed(str(LIBRARY / "drills"), "continue")
    assert deck.deck.summarised == [] and deck.deck.split
    seen = 0
    for card, side, chars, _ in _faces(deck):
        if side != "front" or card.index == 1:
            continue
        seen += 1
        question = card.card.question
        large = _squash("".join(str(c["text"]) for c in chars if float(c["size"]) >= 14))
        assert _squash(question.title.text) in large
        assert f"{card.index}/{card.count}" in _squash("".join(
            str(c["text"]) for c in chars))
    assert seen == sum(c.count - 1 for c in deck.deck.split)


def test_continue_never_cuts_code_that_fits_a_card_nor_ends_a_card_on_a_label(
        printed: Print) -> None:
    deck = printed(str(LIBRARY / "drills"), "continue")
    height = deck.options.size.height * 96 / 25.4  # CSS px, as WeasyPrint lays out
    pages = [c.back for c in deck.deck.cards]
    placed = [_boxes(page) for page in pages]
    for here, after in zip(placed, placed[1:], strict=False):
        for element, box in here.items():
            if box.element_tag == "pre" and element in after:
                whole = box.height + after[element].height
                assert whole > 0.7 * height, "code that fits one card was cut"
    for page in pages:
        last = _last_line(page)
        assert not last.endswith(("：", ":")) and last not in ("答案", "举例"), last


def _boxes(page: Any) -> dict[Any, Any]:
    """The first box of each paragraph, code block and heading on a laid-out page."""
    found: dict[Any, Any] = {}

    def walk(box: Any) -> None:
        if getattr(box, "element", None) is not None and box.element_tag in ("pre", "p", "h3"):
            found.setdefault(box.element, box)
        for child in getattr(box, "children", []):
            walk(child)

    walk(page._page_box)
    return found


def _last_line(page: Any) -> str:
    """The text of the last line box in the page's flow (margin boxes left out); "" when it
    is a line of code, which may well end in a colon."""
    lines: list[tuple[float, str]] = []

    def walk(box: Any, code: bool) -> None:
        code = code or getattr(box, "element_tag", None) == "pre"
        if type(box).__name__ == "LineBox":
            text = "".join(getattr(b, "text", "") for b in _leaves(box))
            if text.strip():
                lines.append((box.position_y, "" if code else text.strip()))
            return
        for child in getattr(box, "children", []):
            walk(child, code)

    walk(page._page_box.children[0], False)
    return max(lines)[1] if lines else ""


def _leaves(box: Any) -> Iterator[Any]:
    children = getattr(box, "children", None)
    if not children:
        yield box
        return
    for child in children:
        yield from _leaves(child)


def test_larger_moves_the_questions_that_overflow_to_the_next_size_up(
        printed: Print, tmp_path: Path) -> None:
    folder = tmp_path / "interview"
    shutil.copytree(LIBRARY / "interview", folder)
    with (folder / "book.yaml").open("a", encoding="utf-8") as yaml:
        yaml.write("cards:\n  size: a7\n  long: larger\n")
    deck = printed(str(folder), "")
    assert deck.deck.larger is not None
    size, moved = deck.deck.larger
    assert size.name == "a6" and moved.split == []
    numbers = [c.card.question.number for c in moved.cards]
    assert numbers and all(c.card.question.number not in numbers for c in deck.deck.cards)
    assert len(deck.deck.cards) + len(moved.cards) == len(deck.book.questions)
    for card, side, chars, _ in _faces(deck):
        text = _squash("".join(str(c["text"]) for c in chars))
        assert re.search(rf"(?<!\d){card.card.position}/6·", text), (side, text)


def test_the_authors_key_points_are_the_back(printed: Print, tmp_path: Path) -> None:
    yaml = ZH_YAML + ("parts:\n  question: {label: 题目}\n  answer: {label: 答案}\n"
                      "  keypoints: {label: 要点, required: false}\n"
                      "cards: {back: [keypoints]}\n")
    answer = "".join(f"第{n}段很长的解释，" * 30 + "\n\n" for n in range(8))
    folder = write_book(tmp_path / "kp", {"book.yaml": yaml, "q.md": (
        "## 1. 什么是缓存？ {#cache}\n\n**题目：** 说说缓存的作用。\n\n"
        f"**答案：** {answer}**要点：**\n\n- 以空间换时间\n- 命中率决定收益\n\n"
        "## 2. 什么是队列？ {#queue}\n\n**题目：** 说说队列。\n\n**答案：** 先进先出。\n")})
    deck = printed(str(folder), "")
    assert deck.deck.summarised == [] and len(deck.deck.cards) == 2
    backs = [_squash("".join(str(c["text"]) for c in chars))
             for _, side, chars, _ in _faces(deck) if side == "back"]
    assert "以空间换时间" in backs[0] and "很长的解释" not in backs[0]
    assert "先进先出" in backs[1]  # no key points: the answer
