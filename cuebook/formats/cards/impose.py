"""Putting laid-out card faces on sheets: the duplex front and back pages, and fold sheets.

WeasyPrint writes a PDF by asking each page of a document to paint itself
(``Page.paint(stream, scale)``). A :class:`SheetPage` answers that by painting several
card-sized pages, each under its own transformation, and its cut marks. The sheet PDF is
then written by WeasyPrint itself from those pages: the same fonts, subsetting and metadata
as any other cuebook PDF, and the text stays text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

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
    scale,
)
from cuebook.render.weasy import collect_warnings

#: CSS pixels per millimetre: WeasyPrint lays out in CSS px (96 per inch).
PX_PER_MM = 96 / 25.4
MARK_WIDTH = 0.25  # mm: thin enough to vanish into the cut, visible on any printer


@dataclass(frozen=True)
class PlacedPage:
    page: Any  # a laid-out weasyprint Page, card-sized
    transform: Affine  # card mm -> sheet mm


@dataclass
class SheetPage:
    """A sheet: what WeasyPrint's PDF writer needs from a page, painting placed card faces."""

    width_mm: float
    height_mm: float
    faces: list[PlacedPage]
    marks: list[Line]
    bleed: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("top", "right", "bottom", "left"), 0.0))
    # Cards carry no links, anchors, bookmarks or form fields of their own on the sheet.
    links: list[Any] = field(default_factory=list)
    anchors: dict[str, Any] = field(default_factory=dict)
    bookmarks: list[Any] = field(default_factory=list)
    forms: dict[Any, list[Any]] = field(default_factory=lambda: {None: []})

    @property
    def width(self) -> float:
        return self.width_mm * PX_PER_MM

    @property
    def height(self) -> float:
        return self.height_mm * PX_PER_MM

    def paint(self, stream: Any, scale_: float = 1) -> None:
        """Paint into a stream whose units are ``scale_`` per CSS px, origin top-left."""
        to_stream = scale(scale_ * PX_PER_MM)
        for face in self.faces:
            m = to_stream @ face.transform @ scale(1 / PX_PER_MM)
            with stream.stacked():
                stream.transform(m.a, m.b, m.c, m.d, m.e, m.f)
                face.page.paint(stream, 1)
        if self.marks:
            with stream.stacked():
                _draw_lines(stream, self.marks, scale_ * PX_PER_MM)


def _draw_lines(stream: Any, lines: Sequence[Line], factor: float) -> None:
    stream.set_color_rgb(0, 0, 0, stroke=True)
    stream.set_line_width(MARK_WIDTH * factor)
    for dashed in (False, True):
        group = [line for line in lines if line.dashed == dashed]
        if not group:
            continue
        stream.set_dash([1.5 * factor, 1.0 * factor] if dashed else [], 0)
        for line in group:
            stream.move_to(line.x1 * factor, line.y1 * factor)
            stream.line_to(line.x2 * factor, line.y2 * factor)
        stream.stroke()


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


def write_sheets(deck: FittedDeck, sheets: list[SheetPage]) -> tuple[bytes, list[str]]:
    """The PDF of ``sheets`` and the warnings WeasyPrint logged while writing it."""
    with collect_warnings() as warnings:
        pdf = deck.documents[0].copy(sheets).write_pdf()
    return pdf, list(warnings)
