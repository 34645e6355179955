"""``cuebook serve`` in a real browser (headless Chromium, tests/browser.py): the open page shows
an edit while the handout is still being built (the edited question swapped in, the page not
reloaded), and the preview's badge says "handout updating…", then "handout ready" with a link
to the fresh file.

The handout is held at its start (``CUEBOOK_TEST_HOLD``) until the test lets it go, so "while
the handout is still building" is a fact of the test, not a race.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import browser
from tests.test_preview import EDITED, _edit, held_preview

if (_reason := browser.missing()) is not None:
    pytest.skip(_reason, allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402 (only once we know it is there)

BADGE = "#cuebook-preview-status"
MAIN = "() => document.querySelector('main').outerHTML"
#: Layout shifts of the page's own content (Chromium's Layout Instability API), summed: the
#: badge's own text may grow it, nothing else may move.
SHIFTS = """() => new Promise(done => {
  let sum = 0;
  const badge = document.getElementById("cuebook-preview-status");
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.sources.some(s => !s.node || !badge.contains(s.node))) { sum += entry.value; }
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(sum), 500);  // no entry at all: the callback is never called
})"""


@pytest.fixture
def chromium() -> Iterator[browser.Browser]:
    with sync_playwright() as playwright:
        launched = browser.launch(playwright)
        yield launched
        launched.close()


def test_the_page_shows_an_edit_while_the_handout_is_still_building(
        tmp_path: Path, chromium: browser.Browser) -> None:
    with held_preview(tmp_path) as (book, out, hold, build, get):
        url = build.seen[0].split(" at ")[1].split()[0]
        handout = (out / "mini.pdf").read_bytes()
        context = chromium.new_context(viewport=browser.DESKTOP)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "mini/index.html")
        # The first run built the handout: nothing is being rebuilt.
        page.wait_for_function(f"() => document.querySelector('{BADGE}').textContent"
                               " === 'handout ready'", timeout=30_000, polling=200)
        (hold / "pdf").touch()
        page.evaluate("window.cuebookNotReloaded = true")
        _edit(book, *EDITED)
        # The page shows the edit; the handout has not been written yet.
        page.wait_for_function("t => document.body.innerText.includes(t)", arg=EDITED[1],
                               timeout=120_000, polling=200)
        # Swapped in, not reloaded: the edited question alone is new, and the page is what
        # loading it afresh gives.
        assert page.evaluate("window.cuebookNotReloaded === true")
        fresh = context.new_page()
        fresh.goto(url + "mini/index.html")
        assert page.evaluate(MAIN) == fresh.evaluate(MAIN)
        fresh.close()
        assert (out / "mini.pdf").read_bytes() == handout
        page.wait_for_function(f"() => document.querySelector('{BADGE}').textContent"
                               ".includes('handout updating')", timeout=30_000, polling=200)
        badge = page.locator(BADGE)
        assert badge.get_attribute("role") == "status"
        assert badge.get_attribute("aria-live") == "polite"
        assert page.evaluate(SHIFTS) == 0  # the badge moved nothing on the page
        box = badge.bounding_box()
        assert box is not None and box["height"] < 60
        assert b"compares who it is" not in _text(out / "mini.pdf")
        (hold / "pdf").unlink()
        page.wait_for_function(f"() => document.querySelector('{BADGE}').textContent"
                               ".includes('handout ready')", timeout=300_000, polling=200)
        link = badge.locator("a")
        assert link.inner_text() == "handout ready"
        href = link.get_attribute("href") or ""
        assert urlsplit(href).path == "/mini.pdf"
        fresh = get(href.lstrip("/"))
        assert fresh == (out / "mini.pdf").read_bytes() != handout
        assert b"compares who it is" in _text(out / "mini.pdf")
        assert page.evaluate(SHIFTS) == 0
        # The published page never carries the preview's script or its badge.
        assert b"cuebook-preview" not in (out / "mini" / "index.html").read_bytes()
        context.close()
        assert errors == []


def _text(pdf: Path) -> bytes:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                          check=True).stdout.replace(b"\n", b" ")
