#!/usr/bin/env python3
"""Pictures of formulas in each output, for the README, from the formulas test book.

    python docs/make_formula_images.py

Builds tests/fixtures/formulas (handout, cards, e-book, site) into a temporary folder and writes
docs/images/formulas-{pdf,cards,epub,site}.png: the handout's question page and a card back
(poppler's pdftoppm, cropped to the formulas), the e-book's chapter in Chromium at 600 px (an
e-reader-sized window) and the site's book page at 390 px (a phone).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402 (needs ROOT on the path)

IMAGES = ROOT / "docs" / "images"
BOOK = ROOT / "tests" / "fixtures" / "formulas"
DPI = 80


def main() -> int:
    if (reason := browser.missing()) is not None:
        print(f"make_formula_images: {reason}", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        subprocess.run([sys.executable, str(ROOT / "build.py"), str(BOOK), "--out", tmp, "-q",
                        "--formats", "pdf,cards,epub,site"], cwd=ROOT, check=True)
        # The question page of the handout, from the chapter heading to the long formula.
        crop(out / "formulas.pdf", 3, (70, 125, 600, 675), "formulas-pdf")
        crop(out / "formulas-cards.pdf", 2, (80, 110, 500, 620), "formulas-cards")
        with zipfile.ZipFile(out / "formulas.epub") as epub:
            epub.extractall(out / "epub")
        shoot(out, "epub/EPUB/chapter-1.xhtml", {"width": 600, "height": 900}, "formulas-epub")
        shoot(out, "formulas/index.html", browser.PHONE, "formulas-site", scroll="#q1")
    return 0


def crop(pdf: Path, page: int, box: tuple[int, int, int, int], name: str) -> None:
    x, y, w, h = box
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                    "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h), "-singlefile",
                    str(pdf), str(IMAGES / name)], check=True)
    print(f"docs/images/{name}.png")


def shoot(folder: Path, page_path: str, viewport: dict[str, int], name: str,
          scroll: str = "") -> None:
    from playwright.sync_api import sync_playwright

    with browser.serve(folder) as base, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        page = chromium.new_page(viewport=viewport)  # type: ignore[arg-type]
        page.goto(base + page_path)
        if scroll:  # start the picture at the first element ``scroll`` selects
            page.evaluate("s => document.querySelector(s).scrollIntoView()", scroll)
        page.screenshot(path=str(IMAGES / f"{name}.png"))
        chromium.close()
    print(f"docs/images/{name}.png")


if __name__ == "__main__":
    sys.exit(main())
