"""Putting laid-out card faces on sheets: the duplex front and back pages, and fold sheets.

Every face printed is drawn once, as a card-sized page of one PDF (:mod:`.drawings`: the faces
laid out now, written by WeasyPrint, and those the last build drew, copied from its PDF). A
sheet places each face's page as a form XObject (PDF's reusable drawing) under its own
transformation, and draws its cut marks; the duplex and the fold PDFs share those faces. The
text stays text, in WeasyPrint's fonts and subsets.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from cuebook.formats.cards.drawings import Drawn, FaceDrawings, copy_metadata
from cuebook.formats.cards.fit import FittedDeck, PrintedCard
from cuebook.formats.cards.geometry import (
    Affine,
    Duplex,
    FoldSheet,
    Grid,
    Line,
    Placement,
    cut_marks,
    duplex_placements,
    fold_marks,
    fold_placements,
)
from cuebook.render.weasy import collect_warnings

#: PDF points per millimetre.
PT_PER_MM = 72 / 25.4
MARK_WIDTH = 0.25  # mm: thin enough to vanish into the cut, visible on any printer


@dataclass(frozen=True)
class PlacedPage:
    page: Any  # a card-sized face page: a laid-out weasyprint Page or a kept one
    transform: Affine  # card mm -> sheet mm


@dataclass
class SheetPage:
    """A sheet: placed card faces and the lines drawn over them."""

    width_mm: float
    height_mm: float
    faces: list[PlacedPage]
    marks: list[Line]


def duplex_sheets(cards: Sequence[PrintedCard], grid: Grid, duplex: Duplex,
                  back_offset: tuple[float, float]) -> list[SheetPage]:
    """Front page, back page, front page…: each back lands behind its front when printed
    on both sides, flipped on the ``duplex`` edge."""
    width, height = grid.paper
    pages: list[SheetPage] = []
    for start in range(0, len(cards), grid.capacity):
        batch = cards[start:start + grid.capacity]
        placements = duplex_placements(grid, len(batch), duplex, back_offset)
        fronts = [PlacedPage(c.front, p.front) for c, p in zip(batch, placements, strict=True)]
        backs = [PlacedPage(c.back, p.back) for c, p in zip(batch, placements, strict=True)]
        pages.append(SheetPage(width, height, fronts, cut_marks(grid, len(batch))))
        pages.append(SheetPage(width, height, backs, []))
    return pages


def fold_sheets(cards: Sequence[PrintedCard], sheet: FoldSheet) -> list[SheetPage]:
    """Single-sided: each card's front and back side by side across a dashed fold line."""
    grid = sheet.grid
    width, height = grid.paper
    pages: list[SheetPage] = []
    for start in range(0, len(cards), grid.capacity):
        batch = cards[start:start + grid.capacity]
        placements: list[Placement] = fold_placements(sheet, len(batch))
        faces = [PlacedPage(page, transform) for c, p in zip(batch, placements, strict=True)
                 for page, transform in ((c.front, p.front), (c.back, p.back))]
        marks = cut_marks(grid, len(batch)) + fold_marks(sheet, len(batch))
        pages.append(SheetPage(width, height, faces, marks))
    return pages


@dataclass
class FacePage:
    """A laid-out face as WeasyPrint's PDF writer sees it: its drawing, without the links,
    anchors, bookmarks and form fields of its document (a footnote's link would point to a
    page of another layout; a cut card has nothing to click)."""

    page: Any
    links: list[Any] = field(default_factory=list)
    anchors: dict[str, Any] = field(default_factory=dict)
    bookmarks: list[Any] = field(default_factory=list)
    forms: dict[Any, list[Any]] = field(default_factory=lambda: {None: []})

    @property
    def width(self) -> float:
        return float(self.page.width)

    @property
    def height(self) -> float:
        return float(self.page.height)

    @property
    def bleed(self) -> dict[str, float]:
        return dict(self.page.bleed)

    def paint(self, stream: Any, scale: float = 1) -> None:
        self.page.paint(stream, scale)


def write_sheets(deck: FittedDeck, sheets: Sequence[SheetPage]) -> tuple[bytes, list[str]]:
    """The PDF of ``sheets`` and the warnings WeasyPrint logged while writing the faces."""
    with collect_warnings() as warnings:
        drawn = drawn_faces(deck)
    return assemble(drawn, sheets), list(warnings)


def printed_pages(deck: FittedDeck) -> list[Any]:
    """Every face page the deck prints, in deck order: front, back, front…, the cards a size
    up (``larger``) last."""
    decks = [deck] + ([deck.larger[1]] if deck.larger is not None else [])
    return [page for d in decks for c in d.cards for page in (c.front, c.back)]


def drawn_faces(deck: FittedDeck) -> Drawn:
    """The deck's printed faces, one page each, drawn once per build (:mod:`.drawings`)."""
    if deck.drawings is None:
        deck.drawings = FaceDrawings(None, {})
    decks = [deck] + ([deck.larger[1]] if deck.larger is not None else [])
    documents = [d for each in decks for d in each.documents]

    def write(pages: Sequence[Any]) -> bytes:
        # Pages of several layouts, written as one document: fonts are WeasyPrint's, shared.
        return bytes(documents[0].copy([FacePage(p) for p in pages]).write_pdf())

    return deck.drawings.drawn(printed_pages(deck), write)


def assemble(drawn: Drawn, sheets: Sequence[SheetPage]) -> bytes:
    """The sheets' PDF: each face a form XObject of its drawing, placed; reproducible."""
    out = pikepdf.new()
    copy_metadata(drawn.pdf, out)
    forms: dict[int, pikepdf.Object] = {}
    for sheet in sheets:
        names = pikepdf.Dictionary()
        ops = []
        for face in sheet.faces:
            number = drawn.numbers[id(face.page)]
            if number not in forms:
                forms[number] = out.copy_foreign(drawn.pdf.pages[number].as_form_xobject())
            box = [float(v) for v in drawn.pdf.pages[number].mediabox]
            # The face's points (origin bottom left) -> card mm (top left, y down) -> sheet
            # mm -> the sheet's points.
            to_card = Affine(1 / PT_PER_MM, 0, 0, -1 / PT_PER_MM, -box[0] / PT_PER_MM,
                             box[3] / PT_PER_MM)
            m = _to_points(sheet) @ face.transform @ to_card
            names[f"/C{number}"] = forms[number]
            ops.append(f"q {_numbers(m.a, m.b, m.c, m.d, m.e, m.f)} cm /C{number} Do Q")
        ops += _lines(sheet)
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=pikepdf.Array([0, 0, *_decimals(sheet.width_mm * PT_PER_MM,
                                                     sheet.height_mm * PT_PER_MM)]),
            Resources=pikepdf.Dictionary(XObject=names),
            Contents=out.make_stream("\n".join(ops).encode()))
        out.pages.append(pikepdf.Page(page))
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, compress_streams=True)
    return buffer.getvalue()


def _to_points(sheet: SheetPage) -> Affine:
    """Sheet mm (top left, y down) -> PDF points (bottom left, y up)."""
    return Affine(PT_PER_MM, 0, 0, -PT_PER_MM, 0, sheet.height_mm * PT_PER_MM)


def _lines(sheet: SheetPage) -> list[str]:
    if not sheet.marks:
        return []
    m = _to_points(sheet)
    ops = ["q", "0 0 0 RG", f"{_numbers(MARK_WIDTH * PT_PER_MM)} w"]
    for dashed in (False, True):
        group = [line for line in sheet.marks if line.dashed == dashed]
        if not group:
            continue
        ops.append(f"[{_numbers(1.5 * PT_PER_MM, 1.0 * PT_PER_MM)}] 0 d" if dashed
                   else "[] 0 d")
        for line in group:
            ops.append(f"{_numbers(*m.apply(line.x1, line.y1))} m "
                       f"{_numbers(*m.apply(line.x2, line.y2))} l")
        ops.append("S")
    return [*ops, "Q"]


def _decimals(*values: float) -> list[float]:
    return [round(v, 6) + 0.0 for v in values]


def _numbers(*values: float) -> str:
    """PDF numbers, six decimals at most, no "-0"."""
    return " ".join((f"{round(v, 6) + 0.0:.6f}".rstrip("0").rstrip(".") or "0")
                    for v in values)
