#!/usr/bin/env python3
"""Screenshot the static site for the README, from a fresh build of the content books.

    python docs/make_site_images.py               # build content/ into a temporary folder
    python docs/make_site_images.py --site output # use a site that is already built

Writes docs/images/site-{library,book,study}-{desktop,phone}.png: the library page, the ai-pm
book page and an ai-pm study card with its answer shown, at 1280×800 and at 390×844 (a phone).
Uses the same headless Chromium as the browser tests (tests/browser.py).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402 (needs ROOT on the path)

if TYPE_CHECKING:
    from playwright.sync_api import Page

IMAGES = ROOT / "docs" / "images"
BOOK = "ai-pm"
SIZES = {"desktop": browser.DESKTOP, "phone": browser.PHONE}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an output folder already built (default: build)")
    options = parser.parse_args(argv)
    if (reason := browser.missing()) is not None:
        print(f"make_site_images: {reason}", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    if options.site is not None:
        shoot(options.site.resolve())
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "build.py"), str(ROOT / "content"), "--out", tmp,
                        "-q"], cwd=ROOT, check=True)
        shoot(Path(tmp))
    return 0


def shoot(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    with browser.serve(site) as base, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        for size, viewport in SIZES.items():
            phone = size == "phone"
            context = chromium.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                           reduced_motion="reduce", service_workers="block")
            page = context.new_page()
            page.goto(base + "index.html")
            save(page, f"site-library-{size}")
            page.goto(f"{base}{BOOK}/index.html")
            save(page, f"site-book-{size}")
            page.goto(f"{base}{BOOK}/study.html")
            page.wait_for_selector("#study-app", state="visible")
            page.keyboard.press("Space")  # show the answer
            page.evaluate("window.scrollTo(0, 0)")
            save(page, f"site-study-{size}")
            context.close()
        chromium.close()


def save(page: Page, name: str) -> None:
    path = IMAGES / f"{name}.png"
    page.screenshot(path=str(path))
    print(path.relative_to(ROOT))


if __name__ == "__main__":
    sys.exit(main())
