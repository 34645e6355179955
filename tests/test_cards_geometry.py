"""Cue-card sheets on paper, without laying anything out: grids, duplex backs, fold pairs,
cut marks, the calibration scale, options and selection.

The physical facts are written here independently of cuebook.formats.cards.geometry: turning a
portrait sheet over its long edge keeps y and mirrors x; over its short edge keeps x and
mirrors y; a cut card is turned over its vertical axis to read the answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import pytest

from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError
from cuebook.formats.cards.calibration import calibration
from cuebook.formats.cards.geometry import (
    MIN_GUTTER,
    MIN_MARGIN,
    PAPERS,
    Box,
    Duplex,
    Grid,
    cut_marks,
    duplex_placements,
    fold_marks,
    fold_placements,
    fold_sheet,
    grid_for,
)
from cuebook.formats.cards.options import SECTION, SIZES, CardSize, larger_size, parse_size
from cuebook.formats.cards.options import read_card_options as card_options
from cuebook.formats.cards.select import SelectionError, select_questions
from cuebook.formats.options import resolve
from tests.conftest import load_and_check

MakeBook = Callable[..., Path]
SIZE_NAMES = [*SIZES, "90x60"]


def _grid(name: str) -> tuple[Grid, float, float]:
    size = parse_size(name, "a4")
    assert not isinstance(size, str)
    return grid_for(size.width, size.height, size.paper_size), size.width, size.height


def _behind(point: tuple[float, float], paper: tuple[float, float],
            duplex: Duplex) -> tuple[float, float]:
    """The back page's coordinates of the paper point behind a front point."""
    x, y = point
    return (paper[0] - x, y) if duplex == "long" else (x, paper[1] - y)


@pytest.mark.parametrize(("name", "capacity"), [
    ("a6", 2), ("a7", 4), ("4x6in", 2), ("3x5in", 4), ("business", 10), ("90x60", 9)])
def test_as_many_cards_as_fit_with_printable_margins(name: str, capacity: int) -> None:
    grid, width, height = _grid(name)
    assert grid.capacity == capacity
    paper_w, paper_h = grid.paper
    boxes = [grid.place(i).box(width, height) for i in range(grid.capacity)]
    for box in boxes:
        assert box.x >= MIN_MARGIN - 1e-9 and box.y >= MIN_MARGIN - 1e-9
        assert box.right <= paper_w - MIN_MARGIN + 1e-9
        assert box.bottom <= paper_h - MIN_MARGIN + 1e-9
        assert {round(box.width, 6), round(box.height, 6)} == {round(width, 6), round(height, 6)}
    for a, b in combinations(boxes, 2):
        apart = max(b.x - a.right, a.x - b.right, b.y - a.bottom, a.y - b.bottom)
        assert apart >= MIN_GUTTER - 1e-9


def test_named_sizes_are_on_their_papers() -> None:
    papers = {name: paper for name, (_, _, paper) in SIZES.items()}
    assert papers == {"a6": "a4", "a7": "a4", "4x6in": "letter", "3x5in": "letter",
                      "business": "a4"}
    assert SIZES["business"][:2] == (85.0, 55.0)


@pytest.mark.parametrize("name", SIZE_NAMES)
@pytest.mark.parametrize("duplex", ["long", "short"])
def test_every_point_of_a_back_lies_behind_its_front(name: str, duplex: Duplex) -> None:
    grid, width, height = _grid(name)
    for count in {1, grid.capacity - 1, grid.capacity} - {0}:
        for place in duplex_placements(grid, count, duplex):
            for u, v in ((0.0, 0.0), (width, 0.0), (3.0, height - 2.0), (width / 2, 7.0)):
                # The point (u, v) of the answer side is behind the point (width - u, v) of
                # the question side: a card is turned sideways to read its back.
                expected = _behind(place.front.apply(width - u, v), grid.paper, duplex)
                assert place.back.apply(u, v) == pytest.approx(expected)


@pytest.mark.parametrize("name", SIZE_NAMES)
def test_back_boxes_mirror_columns_on_long_edge_and_turn_the_page_on_short(name: str) -> None:
    grid, width, height = _grid(name)
    paper_w, paper_h = grid.paper
    long = duplex_placements(grid, grid.capacity, "long")
    short = duplex_placements(grid, grid.capacity, "short")
    for a, b in zip(long, short, strict=True):
        front = a.front.box(width, height)
        assert _close(a.back.box(width, height),
                      Box(paper_w - front.x - front.width, front.y, front.width, front.height))
        assert _close(b.back.box(width, height),
                      Box(front.x, paper_h - front.y - front.height, front.width, front.height))
        assert (b.back.rotation - a.back.rotation) % 360 == 180


def test_back_offset_moves_every_back_and_no_front() -> None:
    grid, width, height = _grid("a7")
    plain = duplex_placements(grid, 3, "long")
    moved = duplex_placements(grid, 3, "long", back_offset=(1.5, -2.0))
    for a, b in zip(plain, moved, strict=True):
        assert a.front == b.front
        box, shifted = a.back.box(width, height), b.back.box(width, height)
        assert (shifted.x - box.x, shifted.y - box.y) == pytest.approx((1.5, -2.0))


@pytest.mark.parametrize("name", SIZE_NAMES)
def test_cut_marks_extend_card_edges_and_never_touch_a_card(name: str) -> None:
    grid, width, height = _grid(name)
    count = grid.capacity - 1 or 1
    boxes = [grid.place(i).box(width, height) for i in range(count)]
    marks = cut_marks(grid, count)
    assert len(marks) == 8 * count  # two at each corner
    for mark in marks:
        for box in boxes:
            assert not _segment_meets_box(mark.x1, mark.y1, mark.x2, mark.y2, box)
        edges_x = {round(v, 6) for b in boxes for v in (b.x, b.right)}
        edges_y = {round(v, 6) for b in boxes for v in (b.y, b.bottom)}
        on_edge = (mark.x1 == mark.x2 and round(mark.x1, 6) in edges_x) or \
                  (mark.y1 == mark.y2 and round(mark.y1, 6) in edges_y)
        assert on_edge
        assert min(mark.x1, mark.x2) >= 0 and max(mark.x1, mark.x2) <= grid.paper[0]
        assert min(mark.y1, mark.y2) >= 0 and max(mark.y1, mark.y2) <= grid.paper[1]


@pytest.mark.parametrize("name", SIZE_NAMES)
def test_fold_pairs_put_the_back_behind_the_front_across_the_fold(name: str) -> None:
    size = parse_size(name, "a4")
    assert not isinstance(size, str)
    sheet = fold_sheet(size.width, size.height, size.paper_size)
    assert sheet.grid.capacity >= 1
    for place in fold_placements(sheet, sheet.grid.capacity):
        (fx1, fy1), (fx2, fy2) = (place.front.apply(*p) for p in sheet.fold)
        front = place.front.box(size.width, size.height)
        back = place.back.box(size.width, size.height)
        # The fold line is an edge of both halves.
        assert _on_edge(fx1, fy1, fx2, fy2, front) and _on_edge(fx1, fy1, fx2, fy2, back)
        for u, v in ((0.0, 0.0), (size.width, 3.0), (4.0, size.height)):
            # Folding reflects the sheet across the fold line.
            x, y = place.front.apply(size.width - u, v)
            expected = (2 * fx1 - x, y) if fx1 == fx2 else (x, 2 * fy1 - y)
            assert place.back.apply(u, v) == pytest.approx(expected)
        assert back.width == pytest.approx(front.width)
    assert len(fold_marks(sheet, 1)) == 2


def _close(a: Box, b: Box) -> bool:
    return all(abs(p - q) < 1e-6 for p, q in zip((a.x, a.y, a.width, a.height),
                                                 (b.x, b.y, b.width, b.height), strict=True))


def _on_edge(x1: float, y1: float, x2: float, y2: float, box: Box) -> bool:
    if abs(x1 - x2) < 1e-6:
        return any(abs(x1 - e) < 1e-6 for e in (box.x, box.right)) and \
            abs(min(y1, y2) - box.y) < 1e-6 and abs(max(y1, y2) - box.bottom) < 1e-6
    return any(abs(y1 - e) < 1e-6 for e in (box.y, box.bottom)) and \
        abs(min(x1, x2) - box.x) < 1e-6 and abs(max(x1, x2) - box.right) < 1e-6


def _segment_meets_box(x1: float, y1: float, x2: float, y2: float, box: Box) -> bool:
    """Whether an axis-parallel segment has a point inside the box or on its edges."""
    lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
    return lo_x <= box.right and hi_x >= box.x and lo_y <= box.bottom and hi_y >= box.y


# The calibration sheet ------------------------------------------------------------------------

@pytest.mark.parametrize("duplex", ["long", "short"])
@pytest.mark.parametrize("error", [(4.0, -3.0), (-6.0, 7.0), (-1.0, 2.0)])
def test_the_number_read_on_the_calibration_scale_corrects_the_printer(
        duplex: Duplex, error: tuple[float, float]) -> None:
    """A printer puts every back ``error`` mm off (in back-page coordinates). Reading the
    scale and adding the number to the offset must bring the backs home."""
    paper = PAPERS["a4"]
    offset = (1.0, -2.0)
    reading = _read_scale(paper, duplex, offset, error)
    corrected = (offset[0] + reading[0], offset[1] + reading[1])
    assert _read_scale(paper, duplex, corrected, error) == (0.0, 0.0)
    assert (corrected[0] + error[0], corrected[1] + error[1]) == pytest.approx((0.0, 0.0))


def _read_scale(paper: tuple[float, float], duplex: Duplex, offset: tuple[float, float],
                error: tuple[float, float]) -> tuple[float, float]:
    """What a person reads at the centre cross: the labels the back's lines pass through."""
    sheet = calibration(paper, duplex, offset, "en")
    # The back's lines as printed (shifted by the printer), seen through from the front.
    vertical, horizontal = sheet.back[0], sheet.back[1]
    seen_x = _behind((vertical.x + vertical.width / 2 + error[0], 0.0), paper, duplex)[0]
    seen_y = _behind((0.0, horizontal.y + horizontal.height / 2 + error[1]), paper, duplex)[1]
    centre_x, centre_y = paper[0] / 2, paper[1] / 2
    x_labels = [lbl for lbl in sheet.labels if lbl.y > centre_y + 1 and lbl.x < centre_x + 12]
    y_labels = [lbl for lbl in sheet.labels if lbl.x > centre_x + 1 and lbl.y < centre_y + 12]
    x = min(x_labels, key=lambda lbl: abs(lbl.x - seen_x))
    y = min(y_labels, key=lambda lbl: abs(lbl.y - seen_y))
    assert abs(x.x - seen_x) < 1e-6 and abs(y.y - seen_y) < 1e-6, "test errors land on labels"
    return _number(x.text), _number(y.text)


def _number(label: str) -> float:
    return float(label.replace("\u2212", "-"))


# Options ---------------------------------------------------------------------------------------

BOOK = {
    "q.md": "# 第一章\n\n"
            "## 1. 甲 {#alpha tags=\"数组, 哈希表\" difficulty=hard}\n\n"
            "**题目：** 问甲\n\n**答案：** 答甲\n\n"
            "## 2. 乙 {#beta tags=\"数组\" difficulty=easy}\n\n"
            "**题目：** 问乙\n\n**答案：** 答乙\n\n"
            "# 第二章\n\n"
            "## 3. 丙 {#gamma tags=\"图\" difficulty=medium}\n\n"
            "**题目：** 问丙\n\n**答案：** 答丙\n\n"
            "## 4. 丁 {#delta}\n\n**题目：** 问丁\n\n**答案：** 答丁\n",
}
ZH = "title: 测试书\nauthor: 测试\nlanguage: zh-CN\n"


def _book(make_book: MakeBook, yaml: str = "") -> Book:
    checked = load_and_check(make_book({**BOOK, "book.yaml": ZH + yaml}))
    assert checked.book is not None, checked.lines
    return checked.book


def test_defaults_are_the_seed_friendly_ones(make_book: MakeBook) -> None:
    options = card_options(_book(make_book).config, {}, "a4")
    assert (options.size.name, options.duplex, options.back_offset) == ("a6", "long", (0, 0))
    assert (options.front, options.back, options.sort) == (("question",), ("answer", "example"),
                                                           "number")
    assert options.deck == "测试书"


def test_book_yaml_values_and_flags_that_override_them(make_book: MakeBook) -> None:
    book = _book(make_book, "cards:\n  size: business\n  duplex: short\n"
                            "  back_offset: [1.5, -0.5]\n  front: [question, answer]\n"
                            "  back: [example]\n  deck: 短名\n")
    options = card_options(book.config, {}, "a4")
    assert (options.size.width, options.size.height, options.duplex) == (85.0, 55.0, "short")
    assert options.back_offset == (1.5, -0.5)
    assert (options.front, options.back, options.deck) == (("question", "answer"), ("example",),
                                                           "短名")
    flagged = card_options(book.config, {"cards.size": "90x60", "cards.back_offset": "0,2"},
                           "letter")
    assert (flagged.size.width, flagged.size.height, flagged.size.paper) == (90.0, 60.0, "letter")
    assert flagged.back_offset == (0.0, 2.0)


def test_a_bad_book_yaml_value_is_reported_at_its_line(
        make_book: MakeBook, in_dir: Callable[[Path], None], tmp_path: Path) -> None:
    in_dir(tmp_path)
    book = _book(make_book, "cards:\n  duplex: long\n  size: a9\n  back_offset: 40,0\n"
                            "  long: shrink\n")
    with pytest.raises(CuebookError) as caught:
        card_options(book.config, {}, "a4")
    assert [str(d) for d in caught.value.diagnostics] == [
        "book/book.yaml:6:3: error: cards.size: unknown card size 'a9'; use a6, a7, 4x6in, "
        "3x5in, business, or WIDTHxHEIGHT in mm such as 90x60 [config.invalid-value]",
        "book/book.yaml:7:3: error: cards.back_offset: '40,0' is more than 15 mm; measure the "
        "offset again with the calibration sheet [config.invalid-value]",
        "book/book.yaml:8:3: error: cards.long: 'shrink' is not one of summary, continue, "
        "larger [config.invalid-value]",
    ]


def test_long_answers_default_to_summary_backs_and_larger_goes_one_size_up(
        make_book: MakeBook) -> None:
    book = _book(make_book, "cards:\n  long: continue\n")
    assert card_options(_book(make_book).config, {}, "a4").long == "summary"
    assert card_options(book.config, {}, "a4").long == "continue"
    assert card_options(book.config, {"cards.long": "larger"}, "a4").long == "larger"
    named = {name: parse_size(name, "a4") for name in SIZES}
    ups = {name: up.name if isinstance(size, CardSize) and (up := larger_size(size)) else None
           for name, size in named.items()}
    assert ups == {"business": "a7", "a7": "a6", "a6": None, "3x5in": "4x6in", "4x6in": None}


@pytest.mark.parametrize(("flags", "message"), [
    ({"cards.size": "20x20"}, "--cards-size: error: card size '20x20' is too small: cards need "
                              "at least 50×35 mm for their padding, footer and text"),
    ({"cards.size": "300x200"}, "--cards-size: error: a 300×200 mm card does not fit on A4 "
                                "with 5 mm printable margins"),
    ({"cards.size": "150x200"}, "--cards-size: error: a 150×200 mm card fits on A4, but not "
                                "folded: the fold sheet puts front and back side by side"),
    ({"cards.duplex": "sideways"}, "--duplex: error: 'sideways' is not one of long, short"),
    ({"cards.back_offset": "1;2;3"}, "--back-offset: error: '1;2;3' is not two numbers X,Y in "
                                     "mm (such as 1.5,-0.5)"),
    ({"cards.sort": "colour"}, "--sort: error: 'colour' is not one of number, difficulty, "
                               "chapter"),
    ({"cards.long": "cut"}, "--cards-long: error: 'cut' is not one of summary, continue, "
                            "larger"),
])
def test_a_bad_flag_names_the_flag(make_book: MakeBook, flags: dict[str, str],
                                   message: str) -> None:
    with pytest.raises(CuebookError) as caught:
        card_options(_book(make_book).config, flags, "a4")
    assert [str(d) for d in caught.value.diagnostics] == [message + " [cards.invalid-option]"]


def test_parts_on_faces_must_exist_and_not_repeat(make_book: MakeBook) -> None:
    book = _book(make_book, "cards:\n  front: [question, answr]\n  back: [answer, question]\n")
    with pytest.raises(CuebookError) as caught:
        card_options(book.config, {}, "a4")
    messages = [d.message for d in caught.value.diagnostics]
    assert messages == [
        "cards.front: unknown part 'answr'; the book's parts are question, answer, example",
        "cards.back: part 'question' is on the front too; a part goes on one face"]


def test_unknown_cards_keys_are_warned_about(make_book: MakeBook) -> None:
    book = _book(make_book, "cards:\n  sise: a7\n")
    [warning] = resolve(SECTION, book.config, {}, "a4").problems
    assert (warning.code, warning.message) == (
        "config.unknown-key", "unknown key 'cards.sise' (did you mean 'cards.size'?)")


# Selection -------------------------------------------------------------------------------------

def _ids(book: Book, flags: dict[str, str]) -> list[str]:
    return [q.id for q in select_questions(book, card_options(book.config, flags, "a4"))]


def test_ids_numbers_and_ranges_select_questions(make_book: MakeBook) -> None:
    book = _book(make_book)
    assert _ids(book, {"cards.ids": "delta,1-2"}) == ["alpha", "beta", "delta"]
    assert _ids(book, {"cards.ids": "3"}) == ["gamma"]
    with pytest.raises(SelectionError, match="no question has the id or number 9, omega"):
        _ids(book, {"cards.ids": "9,omega"})


def test_ids_of_any_size_are_a_range_or_a_located_refusal(make_book: MakeBook) -> None:
    """``1-999999999`` once built a set of a billion numbers; 5,000 digits raised ValueError
    (Python's digit limit) in the check; "²" is a digit to isdigit, not to int. A number has
    at most nine digits."""
    book = _book(make_book)
    start = time.process_time()
    assert _ids(book, {"cards.ids": "2-999999999"}) == ["beta", "gamma", "delta"]
    assert time.process_time() - start < 5
    for item in ("1-9999999999", "1-" + "9" * 5000, "9" * 5000, "²"):
        with pytest.raises(SelectionError, match="no question has the id or number"):
            _ids(book, {"cards.ids": item})


def test_tags_select_and_an_unknown_tag_is_an_error(make_book: MakeBook) -> None:
    book = _book(make_book)
    assert _ids(book, {"cards.tags": "图，哈希表"}) == ["alpha", "gamma"]
    assert _ids(book, {"cards.tags": "数组", "cards.ids": "2-4"}) == ["beta"]
    with pytest.raises(SelectionError, match="no question is tagged 树"):
        _ids(book, {"cards.tags": "树"})


def test_sort_orders_and_a_reproducible_shuffle(make_book: MakeBook) -> None:
    book = _book(make_book)
    assert _ids(book, {"cards.sort": "difficulty"}) == ["beta", "gamma", "alpha", "delta"]
    assert _ids(book, {"cards.sort": "chapter"}) == ["alpha", "beta", "gamma", "delta"]
    first = _ids(book, {"cards.shuffle": "7"})
    assert first == _ids(book, {"cards.shuffle": "7"})
    assert sorted(first) == sorted(_ids(book, {}))
    orders = {tuple(_ids(book, {"cards.shuffle": str(seed)})) for seed in range(6)}
    assert len(orders) > 1
