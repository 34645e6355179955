"""Where cards sit on a sheet, and where their backs must sit so they land behind them.

All lengths are millimetres, with the origin at the top-left corner of the sheet and y
pointing down, as CSS and the printed page have it. A card is placed by an :class:`Affine`
that maps the card's own coordinates (``0..width`` × ``0..height``) onto the sheet; only
quarter turns are used, so every placed card is an axis-aligned box.

The back of a card is found by composition, not by a table of cases: flip the card over its
vertical axis (the way a cut card is turned to read its answer), place it like the front, then
map the sheet to its other side the way the printer turns the paper. Long-edge duplex turns a
portrait sheet over its long edge (columns mirror, rows stay); short-edge over its short edge,
which, composed with the card flip, is the long-edge back page rotated 180°. Either way a cut
card has its answer upright when turned sideways.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from cuebook.book.paper import PAPERS as PAPER_TABLE

Duplex = Literal["long", "short"]

#: Sheets, portrait, in mm.
#: Each paper's (width, height) in mm, portrait.
PAPERS: dict[str, tuple[float, float]] = {k: p.size for k, p in PAPER_TABLE.items()}

#: Home and office printers cannot print the outer 3–5 mm of a sheet.
MIN_MARGIN = 5.0
#: Between cards: room for cut marks and for a back page printed a few mm off.
MIN_GUTTER = 3.0
#: Wider gutters only waste card stock; the rest of the sheet goes to the margins.
MAX_GUTTER = 8.0
#: Cut marks start this far from a card, so a cut slightly inside the line leaves no ink.
MARK_OFFSET = 0.8
MARK_LENGTH = 4.0
_EPSILON = 1e-6


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, x: float, y: float, tolerance: float = 0.0) -> bool:
        return (self.x - tolerance <= x <= self.right + tolerance
                and self.y - tolerance <= y <= self.bottom + tolerance)


@dataclass(frozen=True)
class Affine:
    """``(u, v) -> (a·u + c·v + e, b·u + d·v + f)``: PDF's ``cm`` operator, in the same order."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def __matmul__(self, other: Affine) -> Affine:
        """``self @ other`` applies ``other`` first, then ``self``."""
        return Affine(self.a * other.a + self.c * other.b, self.b * other.a + self.d * other.b,
                      self.a * other.c + self.c * other.d, self.b * other.c + self.d * other.d,
                      self.a * other.e + self.c * other.f + self.e,
                      self.b * other.e + self.d * other.f + self.f)

    def apply(self, u: float, v: float) -> tuple[float, float]:
        return self.a * u + self.c * v + self.e, self.b * u + self.d * v + self.f

    def box(self, width: float, height: float) -> Box:
        """The sheet box the rectangle ``0..width × 0..height`` is mapped onto."""
        corners = [self.apply(u, v) for u in (0.0, width) for v in (0.0, height)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    @property
    def rotation(self) -> int:
        """Degrees clockwise on the sheet (y down): 0, 90, 180 or 270."""
        return round(math.degrees(math.atan2(self.b, self.a))) % 360


def translate(x: float, y: float) -> Affine:
    return Affine(e=x, f=y)


def scale(factor: float) -> Affine:
    return Affine(a=factor, d=factor)


def quarter_turn(width: float, height: float) -> Affine:
    """Turn a ``width × height`` rectangle 90° clockwise into ``0..height × 0..width``."""
    return Affine(a=0.0, b=1.0, c=-1.0, d=0.0, e=height, f=0.0)


def sheet_flip(paper: tuple[float, float], duplex: Duplex) -> Affine:
    """A point of the front side to the same point in the back page's coordinates."""
    width, height = paper
    if duplex == "long":
        return Affine(a=-1.0, e=width)
    return Affine(d=-1.0, f=height)


def card_flip(width: float) -> Affine:
    """A point of a card's back to the point of its front it lies behind (turned sideways)."""
    return Affine(a=-1.0, e=width)


@dataclass(frozen=True)
class Axis:
    """Cards laid along one side of the sheet: how many, the first one's offset and the step."""

    count: int
    start: float
    gutter: float

    def position(self, index: int, size: float) -> float:
        return self.start + index * (size + self.gutter)


def fit_axis(length: float, size: float) -> Axis:
    """As many ``size`` cards as fit in ``length`` with printable margins and gutters."""
    count = max(0, int((length - 2 * MIN_MARGIN + MIN_GUTTER + _EPSILON) // (size + MIN_GUTTER)))
    if count <= 1:
        gutter = 0.0
    else:
        spare = length - 2 * MIN_MARGIN - count * size
        gutter = min(MAX_GUTTER, spare / (count - 1))
    used = count * size + max(0, count - 1) * gutter
    start = (length - used) / 2
    return Axis(count, start, gutter)


@dataclass(frozen=True)
class Grid:
    """Slots of one size on a portrait sheet, cards turned a quarter when more fit that way."""

    paper: tuple[float, float]
    width: float  # of a slot's content (a card, or a folded pair), unturned
    height: float
    turned: bool
    columns: Axis
    rows: Axis

    @property
    def capacity(self) -> int:
        return self.columns.count * self.rows.count

    @property
    def slot_size(self) -> tuple[float, float]:
        return (self.height, self.width) if self.turned else (self.width, self.height)

    def place(self, index: int) -> Affine:
        """Slot ``index`` (row by row) as a map from the unturned content to the sheet."""
        row, column = divmod(index, self.columns.count)
        slot_w, slot_h = self.slot_size
        at = translate(self.columns.position(column, slot_w), self.rows.position(row, slot_h))
        return at @ quarter_turn(self.width, self.height) if self.turned else at


def grid_for(width: float, height: float, paper: tuple[float, float]) -> Grid:
    """The grid holding the most ``width × height`` slots; unturned when both hold as many."""
    paper_w, paper_h = paper
    upright = Grid(paper, width, height, False, fit_axis(paper_w, width),
                   fit_axis(paper_h, height))
    turned = Grid(paper, width, height, True, fit_axis(paper_w, height),
                  fit_axis(paper_h, width))
    return turned if turned.capacity > upright.capacity else upright


@dataclass(frozen=True)
class Placement:
    """One card on a duplex sheet: its front on the front page, its back on the back page."""

    slot: int
    front: Affine
    back: Affine


def duplex_placements(grid: Grid, count: int, duplex: Duplex,
                      back_offset: tuple[float, float] = (0.0, 0.0)) -> list[Placement]:
    """The first ``count`` slots of a sheet; backs mirrored for the flip, then offset."""
    card_w = grid.width
    shift = translate(*back_offset)
    flip = sheet_flip(grid.paper, duplex)
    found = []
    for slot in range(min(count, grid.capacity)):
        front = grid.place(slot)
        found.append(Placement(slot, front, shift @ flip @ front @ card_flip(card_w)))
    return found


FoldKind = Literal["side", "below"]


@dataclass(frozen=True)
class FoldSheet:
    """Single-sided sheets of folded pairs: front and back share an edge, the fold line."""

    grid: Grid  # slots hold a whole pair
    kind: FoldKind  # "side": back right of the front; "below": back under it
    card: tuple[float, float]

    @property
    def fold(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The fold line in pair coordinates."""
        width, height = self.card
        if self.kind == "side":
            return (width, 0.0), (width, height)
        return (0.0, height), (width, height)

    def back(self) -> Affine:
        """A point of the back face to the pair: the front's point, mirrored across the fold.

        Side by side, the mirror undoes the sideways card flip (the back is drawn upright);
        one below the other, it adds a top-over flip (the back is drawn turned 180°).
        """
        width, height = self.card
        if self.kind == "side":
            return Affine(a=-1.0, e=2 * width) @ card_flip(width)
        return Affine(d=-1.0, f=2 * height) @ card_flip(width)


def fold_sheet(width: float, height: float, paper: tuple[float, float]) -> FoldSheet:
    """Pairs side by side when as many fit that way, else one below the other."""
    side = FoldSheet(grid_for(2 * width, height, paper), "side", (width, height))
    below = FoldSheet(grid_for(width, 2 * height, paper), "below", (width, height))
    return below if below.grid.capacity > side.grid.capacity else side


def fold_placements(sheet: FoldSheet, count: int) -> list[Placement]:
    return [Placement(slot, sheet.grid.place(slot), sheet.grid.place(slot) @ sheet.back())
            for slot in range(min(count, sheet.grid.capacity))]


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool = False


def cut_marks(grid: Grid, slots: int) -> list[Line]:
    """Short lines extending each edge of each used slot outward, never inside a card."""
    lines: list[Line] = []
    for slot in range(min(slots, grid.capacity)):
        row, column = divmod(slot, grid.columns.count)
        box = grid.place(slot).box(grid.width, grid.height)
        left = _mark_room(grid.columns, column, first=True)
        right = _mark_room(grid.columns, column, first=False)
        up = _mark_room(grid.rows, row, first=True)
        down = _mark_room(grid.rows, row, first=False)
        for y in (box.y, box.bottom):
            lines += _ticks_h(y, box.x, box.right, left, right)
        for x in (box.x, box.right):
            lines += _ticks_v(x, box.y, box.bottom, up, down)
    return lines


def fold_marks(sheet: FoldSheet, slots: int) -> list[Line]:
    """Dashed lines continuing each pair's fold line into the gutters and margins."""
    grid = sheet.grid
    lines: list[Line] = []
    for slot in range(min(slots, grid.capacity)):
        row, column = divmod(slot, grid.columns.count)
        place = grid.place(slot)
        (x1, y1), (x2, y2) = (place.apply(*end) for end in sheet.fold)
        if abs(x1 - x2) < _EPSILON:
            ticks = _ticks_v(x1, min(y1, y2), max(y1, y2),
                             _mark_room(grid.rows, row, first=True),
                             _mark_room(grid.rows, row, first=False))
        else:
            ticks = _ticks_h(y1, min(x1, x2), max(x1, x2),
                             _mark_room(grid.columns, column, first=True),
                             _mark_room(grid.columns, column, first=False))
        lines += [Line(t.x1, t.y1, t.x2, t.y2, dashed=True) for t in ticks]
    return lines


def _mark_room(axis: Axis, index: int, first: bool) -> float:
    """How long a mark may be on one side of slot ``index``: across the gutter, short of the
    neighbour (both neighbours' marks lie on the same cut line, so they may meet), or into
    the margin, short of the paper's edge (the grid is centred: both margins are ``start``)."""
    inner = index > 0 if first else index < axis.count - 1
    if inner:
        return axis.gutter - 2 * MARK_OFFSET
    return min(MARK_LENGTH, axis.start - MARK_OFFSET - 1.0)


def _ticks_h(y: float, x1: float, x2: float, before: float, after: float) -> list[Line]:
    out = []
    if before > 0.3:
        length = min(MARK_LENGTH, before)
        out.append(Line(x1 - MARK_OFFSET - length, y, x1 - MARK_OFFSET, y))
    if after > 0.3:
        length = min(MARK_LENGTH, after)
        out.append(Line(x2 + MARK_OFFSET, y, x2 + MARK_OFFSET + length, y))
    return out


def _ticks_v(x: float, y1: float, y2: float, before: float, after: float) -> list[Line]:
    out = []
    if before > 0.3:
        length = min(MARK_LENGTH, before)
        out.append(Line(x, y1 - MARK_OFFSET - length, x, y1 - MARK_OFFSET))
    if after > 0.3:
        length = min(MARK_LENGTH, after)
        out.append(Line(x, y2 + MARK_OFFSET, x, y2 + MARK_OFFSET + length))
    return out
