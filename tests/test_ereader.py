"""The e-books on a 6-inch reader's pages: Chromium lays each document out in CSS columns of
600 × 800 CSS px, as reading systems built on a browser engine page them (tests/finish.py), at
a 16 and a 20 px reading size. No part label is alone at a page foot, no code line wraps into
three pieces, and no line around inline code is letter-spaced."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.finish import EREADER, epub_documents, ereader_reading

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: The widest gap between two ideographs a justified line may open, in em: a Latin word that
#: does not fit ("capacity" after "桶最多容纳") spreads its hole over the line before, as in
#: any justified CJK text; a line before unbreakable inline code opened 1.01 em.
WIDEST = 0.4


@pytest.mark.parametrize("slug", ["algorithms", "ai-pm"])
@pytest.mark.parametrize("size", [16, 20])
def test_an_ebook_reads_well_on_a_six_inch_page(demo_books: Path, chromium: Browser,
                                                 slug: str, size: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        files = epub_documents(demo_books / f"{slug}.epub", Path(scratch))
        page = chromium.new_page(viewport=EREADER)  # type: ignore[arg-type]
        reading = ereader_reading(page, files, size)
        page.close()
    assert reading.pages >= 10
    assert reading.alone == []
    assert reading.split == []
    assert reading.widest[0] <= WIDEST, reading.widest
