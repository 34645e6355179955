"""Justified CJK paragraphs on the cards, measured on the faces as drawn (pdfplumber,
tests/finish.py): the algorithms deck (the demo book with the most code in its text) at the
two small sizes where a justified line once ran past the card's side padding (a7, turned on
its sheet, and 90×60 mm). Each face is one page of the deck's drawn faces, the card's own
size, unturned: its lines read left to right.

The cause of that overrun (cuebook.render.weasyprint_patches._unhinted): a text box's growth
was measured at a justification spacing of 1 pt, which Pango "hints" (the half before a
character rounded to whole points, so all of it goes before), and a box starting with an
ideograph was drawn half a spacing wider than it was measured.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cuebook.formats.cards.fit import PAD_SIDE
from cuebook.formats.cards.impose import drawn_faces
from cuebook.formats.cards.writer import build_deck, read_options
from cuebook.formats.registry import WriterContext
from cuebook.products import Products, Store
from cuebook.render.fonts import stack_for_book
from tests.conftest import CONTENT, ROOT, clean_book
from tests.finish import code_gaps, pdf_setting
from tests.pdftools import measured_pages

PT_PER_MM = 72 / 25.4
#: Before the fix, algorithms at a7 ran 0.31 mm into the padding (0.62 mm at a6, the default
#: size, which tests/test_justified.py measures on the demo books' cards).
#: (ai-pm's deck at a6 is measured by tests/test_justified.py, on the demo books' build.)
DECKS = [("algorithms", "a7"), ("algorithms", "90x60")]


@pytest.fixture(scope="module")
def faces(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(book, size) -> a PDF of the deck's drawn faces, one page per face; each deck laid out
    once for the module."""
    out = tmp_path_factory.mktemp("cards-justified")
    # One store, as in an output folder: each book's handout page map (what summary backs
    # cite) is laid out once, not once per size.
    products = Products(store=Store(out / ".cache" / "store"))
    found = {}
    for slug in sorted({slug for slug, _ in DECKS}):
        book = clean_book(CONTENT / slug)
        for size in [s for b, s in DECKS if b == slug]:
            ctx = WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                                strict=False, flags={"cards.size": size},
                                log=logging.getLogger("test.cards"), products=products)
            deck = build_deck(book, ctx, read_options(book, ctx), stack_for_book(book))
            path = out / f"{slug}-{size}.pdf"
            drawn_faces(deck).pdf.save(path)
            found[slug, size] = path
    return found


@pytest.mark.parametrize(("slug", "size"), DECKS)
def test_justified_card_lines_stay_inside_the_side_padding(
        faces: dict[tuple[str, str], Path], slug: str, size: str) -> None:
    """No glyph of a face starts before its 5 mm side padding or ends past it (a space at a
    line's end hangs, and is not drawn)."""
    over = []
    for page in measured_pages(faces[slug, size]):
        for char in page.chars:
            if char.text.isspace():
                continue
            left = char.x0 / PT_PER_MM - PAD_SIDE
            right = (page.width - char.x1) / PT_PER_MM - PAD_SIDE
            if min(left, right) < -0.05:
                over.append((page.number, char.text, round(min(left, right), 2)))
    assert over == []


@pytest.mark.parametrize(("slug", "size"), DECKS)
def test_cjk_paragraphs_on_the_cards_end_at_their_measure(
        faces: dict[tuple[str, str], Path], slug: str, size: str) -> None:
    """At most 2 % of mid-paragraph CJK lines end more than half an em short, apart from those
    left ragged by design (spreading them would space their characters more than a quarter em
    apart: counted apart, and few); none is visibly letter-spaced."""
    setting = pdf_setting(faces[slug, size])
    assert setting.cjk_lines >= 10, setting  # the measure sees the paragraphs
    holes = [s for s in setting.short_cjk if s not in setting.ragged]
    assert len(holes) <= 0.02 * setting.cjk_lines, holes
    assert len(setting.ragged) <= 0.06 * setting.cjk_lines, setting.ragged
    assert setting.widest_gap <= 0.25, setting.widest_at


@pytest.mark.parametrize(("slug", "size"), DECKS)
def test_inline_code_on_the_cards_keeps_its_own_spacing(
        faces: dict[tuple[str, str], Path], slug: str, size: str) -> None:
    """Justification spaces the text around inline code, never the code: each of its
    characters one advance of the font after the one before."""
    assert code_gaps(measured_pages(faces[slug, size])) == []
