#!/usr/bin/env python3
"""Screenshot the static site for the README, from a fresh build of the content books.

    python docs/make_site_images.py               # build content/ into a temporary folder
    python docs/make_site_images.py --site output # use a site that is already built
    python docs/make_site_images.py --only interview  # just the mock-interview pictures

Writes docs/images/site-{library,book,study}-{desktop,phone}.png: the library page, the ai-pm
book page and an ai-pm study card with its answer shown, at 1280×800 and at 390×844 (a phone);
and docs/images/site-interview-{setup,question,points,report}.png: the algorithms book's mock
interview at 390×844, from its setup to its report.
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
    from playwright.sync_api import Browser, Page

IMAGES = ROOT / "docs" / "images"
BOOK = "ai-pm"
INTERVIEW_BOOK = "algorithms"  # tags and chapters: a report with weakest areas
SIZES = {"desktop": browser.DESKTOP, "phone": browser.PHONE}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an output folder already built (default: build)")
    parser.add_argument("--only", choices=("pages", "interview"),
                        help="only the pages' pictures, or only the mock interview's")
    options = parser.parse_args(argv)
    if (reason := browser.missing()) is not None:
        print(f"make_site_images: {reason}", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    if options.site is not None:
        shoot(options.site.resolve(), options.only)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "build.py"), str(ROOT / "content"), "--out", tmp,
                        "-q"], cwd=ROOT, check=True)
        shoot(Path(tmp), options.only)
    return 0


def shoot(site: Path, only: str | None = None) -> None:
    from playwright.sync_api import sync_playwright

    with browser.serve(site) as base, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        if only != "pages":
            shoot_interview(chromium, base)
        for size, viewport in SIZES.items() if only != "interview" else ():
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


def shoot_interview(chromium: Browser, base: str) -> None:
    """The algorithms book's mock interview on a phone: the setup, a question with its clock,
    the key points with two ticked, and the report after four questions."""
    context = chromium.new_context(viewport=browser.PHONE, is_mobile=True, has_touch=True,
                                   reduced_motion="reduce", service_workers="block")
    page = context.new_page()
    page.goto(f"{base}{INTERVIEW_BOOK}/interview.html")
    page.wait_for_selector("#iv-setup", state="visible")
    page.fill("#iv-count", "4")
    save(page, "site-interview-setup")
    page.click("#iv-start")
    page.wait_for_timeout(2300)  # the clock has run for a while
    page.evaluate("window.scrollTo(0, 0)")
    save(page, "site-interview-question")
    page.keyboard.press("Enter")
    page.keyboard.press("1")
    page.keyboard.press("3")
    page.evaluate("document.getElementById('iv-points-title').scrollIntoView()")
    save(page, "site-interview-points")
    page.keyboard.press("f")
    for ticks, rating in (("12", "s"), ("", "w"), ("1", "f")):
        page.keyboard.press("Enter")
        for key in ticks:
            page.keyboard.press(key)
        page.keyboard.press(rating)
    page.wait_for_selector("#iv-report", state="visible")
    page.evaluate("document.getElementById('iv-report-title').scrollIntoView()")
    save(page, "site-interview-report")
    context.close()


def save(page: Page, name: str) -> None:
    path = IMAGES / f"{name}.png"
    page.screenshot(path=str(path))
    print(path.relative_to(ROOT))


if __name__ == "__main__":
    sys.exit(main())
