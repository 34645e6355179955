"""The papers cuebook prints on, in one table: the handout, the card sheets and the download
page all read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    key: str  # as book.yaml and --paper say it
    label: str  # as a reader says it: "A4", "US Letter"
    width: float  # mm, portrait
    height: float
    css: str  # the CSS @page size keyword

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)


PAPERS: dict[str, Paper] = {
    "a4": Paper("a4", "A4", 210.0, 297.0, "A4"),
    "letter": Paper("letter", "US Letter", 215.9, 279.4, "letter"),
}
PAPER_SIZES = tuple(PAPERS)
