"""The generated cover: size, line breaking by CJK rules, and the same pixels every time."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cuebook.render.cover import (
    HEIGHT,
    MARGIN,
    WIDTH,
    CoverFonts,
    CoverText,
    Setting,
    fit_title,
    render_cover,
    wrap,
)
from cuebook.render.fonts import locate

SANS_BOLD = locate("Noto Sans CJK SC", bold=True)
SERIF = locate("Noto Serif CJK SC")
needs_fonts = pytest.mark.skipif(SANS_BOLD is None or SERIF is None,
                                 reason="Noto CJK is not installed (run scripts/setup.sh)")
TEXT = CoverText("10 道题", "AI 驱动的创业产品经理转型：大模型时代的技能", "典型问题与面试题库",
                 "cuebook", "版本 1.0 · 2026-11-29")


@needs_fonts
def test_the_cover_is_a_png_of_at_least_1600_by_2560_and_reproducible() -> None:
    assert SANS_BOLD is not None and SERIF is not None
    fonts = CoverFonts(SANS_BOLD, SERIF)
    first = render_cover(TEXT, fonts)
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    assert WIDTH >= 1600 and HEIGHT >= 2560
    assert render_cover(TEXT, fonts) == first
    # Text was drawn: the title area holds white pixels, the background does not.
    assert image.convert("RGB").getpixel((WIDTH // 2, HEIGHT // 2)) == (22, 50, 79)
    band = image.convert("L").crop((160, 520, WIDTH - 160, 700))
    assert band.getextrema()[1] == 255


@needs_fonts
def test_lines_never_start_with_closing_punctuation_nor_end_with_opening() -> None:
    assert SANS_BOLD is not None
    font = Setting([SANS_BOLD], 100)
    text = "大模型时代（LLM）的产品经理，需要理解模型、数据、评估与成本。" * 3
    lines = wrap(text, font, 1280)
    assert len(lines) > 3
    assert "".join(lines) == text
    assert not any(line[0] in "，。、）：" for line in lines)
    assert not any(line[-1] in "（「" for line in lines)
    assert all(font.getlength(line) <= 1280 + font.getlength("，") for line in lines)


@needs_fonts
def test_a_latin_word_is_not_broken() -> None:
    assert SANS_BOLD is not None
    font = Setting([SANS_BOLD], 100)
    lines = wrap("Consistent hashing for experiment bucketing", font, 900)
    assert " ".join(lines) == "Consistent hashing for experiment bucketing"
    assert len(lines) > 1


@needs_fonts
def test_a_title_breaks_between_phrases_not_inside_a_word() -> None:
    assert SANS_BOLD is not None
    fonts = CoverFonts(SANS_BOLD, SANS_BOLD)
    _, lines = fit_title(TEXT.title, [fonts.heading], WIDTH - 2 * MARGIN)
    # Before: "AI 驱动的创业产品" / "经理转型：", a break inside 产品经理 (product manager).
    assert lines == ["AI 驱动的", "创业产品经理转型：", "大模型时代的技能"]


@pytest.mark.parametrize("name", ["rtl-ar", "rtl-he", "rtl-fa", "rtl-ur"])
def test_a_right_to_left_cover_has_a_face_for_every_character_and_starts_at_the_right(
        name: str) -> None:
    """Arabic-script and Hebrew words are drawn in their script's face (not as the Latin
    face's empty boxes), letters joined, each line set from the right margin."""
    from cuebook.render.cover import _face_of, book_cover, cover_fonts, edition_line, kicker
    from cuebook.render.fonts import stack_for_book
    from tests.conftest import FIXTURES, clean_book

    book = clean_book(FIXTURES / name)
    stack = stack_for_book(book)
    heading, text = locate(stack.sans, bold=True), locate(stack.serif)
    assert heading is not None and text is not None
    fonts = cover_fonts(book, stack, heading, text)
    assert fonts.rtl
    for words, faces in ((book.config.title + kicker(book), (heading, *fonts.more_heading)),
                         (edition_line(book.config), (text, *fonts.more_text))):
        assert [c for c in words if not c.isspace() and _face_of(c, faces) is None] == []
    _, _, png = book_cover(book, None, stack)
    image = Image.open(io.BytesIO(png)).convert("L")
    # The kicker's line (y 300 to 400): its ink ends at the right margin, and starts well
    # inside the left one (a short line set from the right).
    left, _, right, _ = image.crop((0, 300, WIDTH, 400)).point(lambda v: 255 * (v > 150)) \
        .getbbox() or (0, 0, 0, 0)
    assert WIDTH - MARGIN - 24 <= right <= WIDTH - MARGIN + 2, right
    assert left > WIDTH // 2, left
