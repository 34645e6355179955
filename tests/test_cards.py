"""Cue cards laid out and read back from the PDF: every card's question on its front, its
answer behind it, for both books, every size, both flip edges and partial sheets.

Positions are read with pdfplumber (each character's box in points). The expected back box
is computed here from the front box alone: long-edge flip mirrors x, short-edge mirrors x and
y (the page turned 180°). Laying out is the slow part, so each deck is fitted once per module
and imposed as often as a test needs.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pdfplumber
import pytest

from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError
from cuebook.formats.cards import fit as cards_fit
from cuebook.formats.cards.calibration import GAP
from cuebook.formats.cards.fit import PAD_SIDE, FittedDeck, PrintedCard
from cuebook.formats.cards.geometry import Box, Duplex, Grid, fold_placements, fold_sheet, grid_for
from cuebook.formats.cards.impose import duplex_sheets, fold_sheets, write_sheets
from cuebook.formats.cards.options import CardOptions
from cuebook.formats.cards.writer import (
    build_deck,
    calibration_pdf,
    duplex_pdf,
    fold_pdf,
    read_options,
    sheet_pdfs,
)
from cuebook.formats.registry import WriterContext, available
from cuebook.products import Products, Store
from cuebook.render.fonts import stack_for_book
from tests.conftest import LIBRARY, ROOT, ZH_YAML, Run, clean_book, write_book
from tests.pdftools import page_texts, pdffonts

SIZES = ["a6", "a7", "4x6in", "3x5in", "business", "90x60"]
DUPLEX: tuple[Duplex, ...] = ("long", "short")
#: Outside the "cuebook" logger, which the CLI stops from propagating to pytest's capture.
LOGGER = "test.cards"
PT_PER_MM = 72 / 25.4
#: Text keeps this far inside its card (mm): padding, less the half-line of the footer.
INSET = 3.0


def _context(out: Path, options: dict[str, str] | None = None,
             strict: bool = False, products: Products | None = None) -> WriterContext:
    return WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                         strict=strict, flags=options or {},
                         log=logging.getLogger(LOGGER), products=products or Products())


def _book(folder: Path) -> Book:
    return clean_book(folder)


@dataclass
class Deck:
    book: Book
    options: CardOptions
    deck: FittedDeck

    @property
    def grid(self) -> Grid:
        size = self.options.size
        return grid_for(size.width, size.height, size.paper_size)


DeckFor = Callable[[str, str], Deck]


def _many_questions(count: int) -> str:
    return "".join(f"## {n}. 第{n}题标题 {{#q-{n}}}\n\n**题目：** 问题{n}的内容。\n\n"
                   f"**答案：** 答案{n}开头，后面还有几句话。\n\n" for n in range(1, count + 1))


@pytest.fixture(scope="module")
def deck_for(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeckFor]:
    """("interview" | "drills" | "many", size) -> its fitted deck, fitted once."""
    out = tmp_path_factory.mktemp("cards")
    books = {slug: _book(LIBRARY / slug) for slug in ("interview", "drills")}
    books["many"] = _book(write_book(out / "many", {"q.md": _many_questions(11)}))
    cache: dict[tuple[str, str], Deck] = {}
    # One store for every size, as in an output folder: the handout's page map (what summary
    # backs cite) is laid out once per book, not once per card size.
    products = Products(store=Store(out / ".cache" / "store"))

    def get(slug: str, size: str) -> Deck:
        if (slug, size) not in cache:
            book = books[slug]
            ctx = _context(out, {"cards.size": size}, products=products)
            options = read_options(book, ctx)
            cache[slug, size] = Deck(book, options,
                                     build_deck(book, ctx, options, stack_for_book(book)))
        return cache[slug, size]

    yield get


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text_in(page: pdfplumber.page.Page, box: Box) -> str:
    """The characters whose centres are in ``box`` (mm), in the order they were drawn."""
    return _squash("".join(
        c["text"] for c in page.chars
        if box.x <= (c["x0"] + c["x1"]) / 2 / PT_PER_MM <= box.right
        and box.y <= (c["top"] + c["bottom"]) / 2 / PT_PER_MM <= box.bottom))


def _stray_chars(page: pdfplumber.page.Page, boxes: list[Box]) -> list[str]:
    """Characters not well inside one of ``boxes``: clipped, overflowing or misplaced."""
    inner = [Box(b.x + INSET, b.y + INSET, b.width - 2 * INSET, b.height - 2 * INSET)
             for b in boxes]
    return [c["text"] for c in page.chars
            if not any(b.contains((c["x0"] + c["x1"]) / 2 / PT_PER_MM,
                                  (c["top"] + c["bottom"]) / 2 / PT_PER_MM) for b in inner)]


def _mirrored(front: Box, paper: tuple[float, float], duplex: str) -> Box:
    if duplex == "long":
        return replace(front, x=paper[0] - front.x - front.width)
    return replace(front, x=front.x, y=paper[1] - front.y - front.height)


def _answer_start(card: PrintedCard, options: CardOptions) -> str:
    first = next(p for k in options.back if (p := card.card.question.part(k)) is not None)
    return _squash(first.content.text)[:8]


def _check_duplex(deck: Deck, cards: list[PrintedCard], duplex: Duplex) -> list[str]:
    """Every problem with where the cards' faces landed; empty when all is right."""
    grid, size = deck.grid, deck.options.size
    sheets = duplex_sheets(cards, grid, duplex, (0.0, 0.0))
    pdf, warnings = write_sheets(deck.deck, sheets)
    problems = [f"WeasyPrint: {w}" for w in warnings]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = document.pages
        expected_sheets = -(-len(cards) // grid.capacity)
        if len(pages) != 2 * expected_sheets:
            return [f"{len(pages)} pages for {expected_sheets} sheets"]
        for start in range(0, len(cards), grid.capacity):
            batch = cards[start:start + grid.capacity]
            front_page, back_page = pages[2 * (start // grid.capacity)], \
                pages[2 * (start // grid.capacity) + 1]
            fronts = [grid.place(slot).box(size.width, size.height) for slot in range(len(batch))]
            backs = [_mirrored(box, grid.paper, duplex) for box in fronts]
            for card, front, back in zip(batch, fronts, backs, strict=True):
                problems += _check_card(card, deck.options, _text_in(front_page, front),
                                        _text_in(back_page, back))
            problems += [f"stray {c!r}" for c in _stray_chars(front_page, fronts)]
            problems += [f"stray {c!r}" for c in _stray_chars(back_page, backs)]
            problems += _padding_problems(front_page, fronts, grid.turned)
            problems += _padding_problems(back_page, backs, grid.turned)
    return problems


def _padding_problems(page: pdfplumber.page.Page, boxes: list[Box], turned: bool) -> list[str]:
    """Text starts exactly the side padding from the card's left edge (wherever a turn has put
    that edge) and keeps at least as far from the right: a face drawn a little off is caught
    here, not only one drawn on the wrong card."""
    problems = []
    for box in boxes:
        # A space at a line's end hangs past the text box (CSS Text 3): invisible, not counted.
        chars = [c for c in page.chars if not c["text"].isspace() and
                 box.contains((c["x0"] + c["x1"]) / 2 / PT_PER_MM,
                              (c["top"] + c["bottom"]) / 2 / PT_PER_MM)]
        if turned:
            start, end, lo, hi = box.y, box.bottom, "top", "bottom"
        else:
            start, end, lo, hi = box.x, box.right, "x0", "x1"
        gaps = (min(c[lo] for c in chars) / PT_PER_MM - start,
                end - max(c[hi] for c in chars) / PT_PER_MM)
        if min(gaps) < PAD_SIDE - 0.05 or abs(min(gaps) - PAD_SIDE) > 0.05:
            problems.append(f"padding {gaps[0]:.2f}/{gaps[1]:.2f} mm, not {PAD_SIDE} mm")
    return problems


def _has_cardno(card: PrintedCard, text: str) -> bool:
    """The footer's "3/12" (with its continued mark on later cards). Text is read without
    spaces, so digits drawn just before the footer (a continuation front's "2/3" mark, taken
    out first, or a footnote mark) run into it: the number read is the longest run of digits
    before "/12" that a card of the deck can have."""
    if card.index > 1:
        text = text.replace(f"{card.index}/{card.count}", "", 1)
    total = card.card.total
    for match in re.finditer(rf"(\d+)/{total}(（续）)?·", text):
        digits = match.group(1)
        number = next((int(digits[i:]) for i in range(len(digits))
                       if 0 < int(digits[i:]) <= total), None)
        if number == card.card.position:
            return True
    return False


def _check_card(card: PrintedCard, options: CardOptions, front: str, back: str) -> list[str]:
    question = card.card.question
    found = []
    if not (_has_cardno(card, front) and _has_cardno(card, back)):
        found.append(f"card {card.card.position}.{card.index}: its number is not on both faces")
    if card.index == 1:
        title = _squash(question.title.text)[:8]
        if title not in front:
            found.append(f"card {card.card.position}: title {title!r} not in front box {front!r}")
        answer = _answer_start(card, options)
        if answer not in back:
            found.append(f"card {card.card.position}: answer {answer!r} not in back box {back!r}")
    return found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("slug", ["interview", "drills"])
def test_every_answer_lands_behind_its_question(deck_for: DeckFor, slug: str, size: str) -> None:
    deck = deck_for(slug, size)
    assert deck.deck.warnings == []
    assert len({c.card.question.id for c in deck.deck.cards}) == len(deck.book.questions)
    for duplex in DUPLEX:
        assert _check_duplex(deck, deck.deck.cards, duplex) == [], duplex


@pytest.mark.parametrize("size", SIZES)
def test_partial_and_overflowing_sheets_still_align(deck_for: DeckFor, size: str) -> None:
    deck = deck_for("many", size)
    grid = deck.grid
    assert len(deck.deck.cards) == 11 and deck.deck.split == []
    assert grid.capacity + 1 <= 11
    for count in sorted({1, grid.capacity - 1, grid.capacity, grid.capacity + 1} - {0}):
        for duplex in DUPLEX:
            assert _check_duplex(deck, deck.deck.cards[:count], duplex) == [], (count, duplex)


def test_a_moved_back_moves_every_back_by_the_offset(deck_for: DeckFor) -> None:
    deck = deck_for("many", "business")
    grid, size = deck.grid, deck.options.size
    sheets = duplex_sheets(deck.deck.cards[:3], grid, "long", (2.0, -1.5))
    pdf, _ = write_sheets(deck.deck, sheets)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        moved_boxes = []
        for slot, card in enumerate(deck.deck.cards[:3]):
            box = _mirrored(grid.place(slot).box(size.width, size.height), grid.paper, "long")
            moved = replace(box, x=box.x + 2.0, y=box.y - 1.5)
            assert _answer_start(card, deck.options) in _text_in(document.pages[1], moved)
            moved_boxes.append(moved)
        assert _stray_chars(document.pages[1], moved_boxes) == []


@pytest.mark.parametrize(("slug", "size"), [("interview", "a6"), ("interview", "a7"),
                                            ("many", "business"), ("drills", "3x5in")])
def test_fold_sheets_hold_both_halves_of_a_card_on_one_page(
        deck_for: DeckFor, slug: str, size: str) -> None:
    deck = deck_for(slug, size)
    card_size = deck.options.size
    sheet = fold_sheet(card_size.width, card_size.height, card_size.paper_size)
    cards = deck.deck.cards
    pdf, warnings = write_sheets(deck.deck, fold_sheets(cards, sheet))
    assert warnings == []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == -(-len(cards) // sheet.grid.capacity)
        for index, card in enumerate(cards):
            page = document.pages[index // sheet.grid.capacity]
            slot = fold_placements(sheet, sheet.grid.capacity)[index % sheet.grid.capacity]
            front = _text_in(page, slot.front.box(card_size.width, card_size.height))
            back = _text_in(page, slot.back.box(card_size.width, card_size.height))
            assert _check_card(card, deck.options, front, back) == []


def test_a_3000_character_answer_is_all_printed_on_continuation_cards(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pool = "大模型的训练需要大量数据与算力并且评估方法决定了产品能否上线用户体验始终是核心"
    sentences = [f"第{n:02d}句：" + "".join(pool[(n * 7 + i) % len(pool)] for i in range(40)) + "。"
                 for n in range(1, 70)]
    answer = "".join(sentences)
    assert len(answer) >= 3000
    folder = write_book(tmp_path / "long", {"book.yaml": ZH_YAML + "cards: {long: continue}\n",
                                            "q.md": "## 1. 一道很长的题 {#long-answer}\n\n"
                                                    "**题目：** 请完整回答。\n\n"
                                                    f"**答案：** {answer}\n"})
    book = _book(folder)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        paths = available()["cards"].write(book, _context(tmp_path / "out"))
    reports = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(reports) == 1
    assert "question 1 (long-answer) does not fit one a6" in reports[0]
    assert "[cards.split]" in reports[0] and "q.md:1:1" in reports[0]
    pages = page_texts(paths[0])
    backs = _squash("".join(pages[1::2]))
    assert _is_subsequence(_squash(answer), backs)
    assert all(s in backs or _split_across_cards(s, backs) for s in sentences)
    continuations = int(re.search(r"runs on to (\d+) continuation", reports[0])[1])  # type: ignore[index]
    assert continuations >= 2
    assert len(pages) == 2 * -(-(continuations + 1) // 2)  # A6: two cards to a sheet
    # The marker on each continued back, and the number, marked, in both footers.
    assert "".join(pages[1::2]).count("1（续）") == 2 * continuations
    assert "".join(pages).count("1/1（续）") == 2 * continuations
    with pytest.raises(CuebookError) as caught:
        available()["cards"].write(book, _context(tmp_path / "strict", strict=True))
    assert [d.code for d in caught.value.diagnostics] == ["cards.split"]


def _is_subsequence(needle: str, haystack: str) -> bool:
    chars = iter(haystack)
    return all(c in chars for c in needle)


def _split_across_cards(sentence: str, text: str) -> bool:
    """A sentence broken where one card ends: both its halves are there."""
    return any(sentence[:i] in text and sentence[i:] in text for i in range(1, len(sentence)))


def test_the_fold_sheets_are_the_same_written_before_or_after_the_duplex(
        deck_for: DeckFor, tmp_path: Path) -> None:
    """Both sheet PDFs are painted from the one set of laid-out faces: writing one leaves
    nothing that changes the other's bytes, so the writer's order is free."""
    deck = deck_for("drills", "a6")
    ctx = _context(tmp_path)
    fold_first = fold_pdf(deck.book, ctx, deck.options, deck.deck)
    duplex_second = duplex_pdf(deck.book, ctx, deck.options, deck.deck)
    assert sheet_pdfs(deck.book, ctx, deck.options, deck.deck) == (duplex_second, fold_first)


def test_the_writer_writes_all_three_files_with_embedded_fonts(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    book = _book(LIBRARY / "interview")
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        paths = available()["cards"].write(
            book, _context(tmp_path, {"cards.calibrate": "true", "cards.size": "a6"}, strict=True))
    assert [p.name for p in paths] == ["interview-cards.pdf", "interview-cards-fold.pdf",
                                       "interview-cards-calibration.pdf"]
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    families = {f.replace(" ", "-") for f in stack_for_book(book).families}
    for path in paths:
        fonts = pdffonts(path)
        assert fonts and all(f.embedded and f.unicode for f in fonts), path
        names = {re.sub(r"^[A-Z]{6}\+", "", f.name).removesuffix("-Bold") for f in fonts}
        assert names <= families, path


def test_the_chinese_book_fits_its_default_size_without_shrinking(deck_for: DeckFor) -> None:
    deck = deck_for("interview", "a6")
    assert deck.options.size.name == read_options(deck.book, _context(ROOT)).size.name
    assert deck.deck.shrunk == [] and deck.deck.split == []


def test_a_long_face_is_reported_shrunk(deck_for: DeckFor,
                                        caplog: pytest.LogCaptureFixture) -> None:
    from cuebook.formats.cards.writer import report_fit

    deck = deck_for("interview", "a7")
    with caplog.at_level(logging.INFO, logger=LOGGER):
        report_fit(deck.book, _context(ROOT), deck.options, deck.deck)
    info = [r.getMessage() for r in caplog.records
            if r.levelno == logging.INFO and "set smaller" in r.getMessage()]
    assert len(info) == 1 and "set smaller to fit a7" in info[0]
    assert all(f"{f.cardno.split(' · ')[0]} {f.side}" in info[0] for f in deck.deck.shrunk)


def test_a_deck_fitted_in_parts_is_the_deck_fitted_at_once(
        deck_for: DeckFor, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = deck_for("interview", "a7")  # some faces shrink to fit an A7 card
    assert whole.deck.shrunk
    monkeypatch.setattr(cards_fit, "QUESTIONS_PER_PART", 2)
    ctx = _context(ROOT, {"cards.size": "a7"})
    parts = build_deck(whole.book, ctx, whole.options, stack_for_book(whole.book))
    assert len(parts.documents) > len(whole.deck.documents)  # it was fitted in parts
    assert {k: (f.size, len(f.pages)) for k, f in parts.fits.items()} == \
        {k: (f.size, len(f.pages)) for k, f in whole.deck.fits.items()}
    assert [(c.card.position, c.card.total, c.index, c.count) for c in parts.cards] == \
        [(c.card.position, c.card.total, c.index, c.count) for c in whole.deck.cards]
    for duplex in DUPLEX:
        assert _check_duplex(Deck(whole.book, whole.options, parts), parts.cards, duplex) == []


def test_only_the_printed_faces_stay_laid_out(deck_for: DeckFor) -> None:
    """The tries at sizes not chosen are let go: memory follows the cards, not the tries."""
    deck = deck_for("interview", "a7").deck
    kept = [page for document in deck.documents for page in document.pages]
    assert sorted(map(id, kept)) == sorted(id(p) for c in deck.cards for p in (c.front, c.back))


@pytest.mark.parametrize("duplex", ["long", "short"])
def test_the_calibration_sheet_draws_its_lines_where_the_geometry_says(
        deck_for: DeckFor, duplex: str) -> None:
    """The back's lines, read back from the PDF, sit behind the front's zero ticks plus the
    offset (a body margin once shifted the front page only)."""
    deck = deck_for("interview", "a6")
    options = replace(deck.options, duplex=duplex, back_offset=(1.0, -2.0))  # type: ignore[arg-type]
    pdf = calibration_pdf(deck.book, _context(ROOT), options, stack_for_book(deck.book))
    width, height = options.size.paper_size
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 2
        zero_ticks = [r for r in document.pages[0].rects
                      if abs(r["x0"] / PT_PER_MM + 0.07 - width / 2) < 0.05
                      and r["height"] > 2.5 * PT_PER_MM]
        assert zero_ticks, "the centre X scale has a long tick at zero"
        pointers = [((r["x0"] + r["x1"]) / 2 / PT_PER_MM, (r["top"] + r["bottom"]) / 2 / PT_PER_MM)
                    for r in document.pages[1].rects if r["height"] > 20 * PT_PER_MM]
    # Each front cross's X-scale zero, seen from the back, plus the offset.
    zeros = [(width / 2, height / 2 + GAP), (35.0, 55.0 + GAP), (width - 35.0, height - 35.0 + GAP)]
    if duplex == "long":
        expected = [(width - x + 1.0, y - 2.0) for x, y in zeros]
    else:
        expected = [(x + 1.0, height - y - 2.0) for x, y in zeros]
    assert len(pointers) == len(expected)
    for found, wanted in zip(sorted(pointers), sorted(expected), strict=True):
        assert found == pytest.approx(wanted, abs=0.05)


def test_a_bad_flag_fails_the_build_with_a_message(
        cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli(str(LIBRARY / "interview"), "--formats", "cards", "--cards-size", "a9",
              "--out", str(tmp_path), "-q")
    assert run.code == 1
    assert "--cards-size: error: unknown card size 'a9'" in run.err


def test_code_tables_long_words_pictures_and_notes_stay_on_their_card(tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "wide"
    (folder / "images").mkdir(parents=True)
    Image.new("RGB", (60, 900), "navy").save(folder / "images" / "tall.png")
    table = "| " + " | ".join(f"列{i}" for i in range(9)) + " |\n|" + "---|" * 9 + "\n| " + \
        " | ".join("很长的单元格内容" * 2 for _ in range(9)) + " |\n"
    body = ("**题目：** 看这些内容。[^n]\n\n[^n]: 一条脚注。\n\n**答案：** "
            + "x" * 120 + "\n\n```python\nprint('" + "y" * 150 + "')\n```\n\n" + table
            + "\n![很高的图](images/tall.png)\n")
    book = _book(write_book(folder, {"q.md": f"## 1. 宽内容 {{#wide}}\n\n{body}"}))
    # All of it printed, on continuation cards: a summary would leave the wide parts out.
    ctx = _context(tmp_path, {"cards.size": "business", "cards.long": "continue"})
    options = read_options(book, ctx)
    deck = build_deck(book, ctx, options, stack_for_book(book))
    assert deck.warnings == []
    problems = _check_duplex(Deck(book, options, deck), deck.cards, "long")
    assert problems == []
    with pdfplumber.open(io.BytesIO(write_sheets(deck, duplex_sheets(
            deck.cards, Deck(book, options, deck).grid, "long", (0.0, 0.0)))[0])) as document:
        text = "".join(_squash(page.extract_text()) for page in document.pages)
        assert "一条脚注" in text and "y" * 40 in text.replace("\n", "")
        images = [i for page in document.pages[1::2] for i in page.images]
    assert len(images) == 1
    grid = Deck(book, options, deck).grid
    backs = [_mirrored(grid.place(s).box(85.0, 55.0), grid.paper, "long")
             for s in range(grid.capacity)]
    picture = images[0]
    assert any(b.contains(picture["x0"] / PT_PER_MM, picture["top"] / PT_PER_MM) and
               b.contains(picture["x1"] / PT_PER_MM, picture["bottom"] / PT_PER_MM)
               for b in backs)


def test_a_long_question_continues_on_fronts_behind_which_the_backs_stay_aligned(
        tmp_path: Path) -> None:
    question = "请逐条说明。" + "".join(f"第{n}点要考虑的事情很多，需要仔细地一一列举出来。"
                                     for n in range(1, 40))
    folder = write_book(tmp_path / "q", {"q.md": f"## 1. 长题目 {{#long-q}}\n\n**题目：** "
                                                 f"{question}\n\n**答案：** 短答案。\n\n"
                                                 "## 2. 下一题 {#next}\n\n**题目：** 问。\n\n"
                                                 "**答案：** 答。\n"})
    book = _book(folder)
    ctx = _context(tmp_path, {"cards.size": "business"})
    options = read_options(book, ctx)
    deck = build_deck(book, ctx, options, stack_for_book(book))
    [split] = deck.split
    assert split.card.question.id == "long-q" and split.count >= 2
    assert [(c.card.position, c.index) for c in deck.cards] == \
        [(1, i) for i in range(1, split.count + 1)] + [(2, 1)]
    for duplex in DUPLEX:
        assert _check_duplex(Deck(book, options, deck), deck.cards, duplex) == []
