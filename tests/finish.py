"""The text finish measured where the reader sees it: on PDF pages (pdfplumber) and in pages
laid out by Chromium. Shared by the tests and runnable to print the figures:

    python -m tests.finish out/ai-pm-cards.pdf out/ai-pm/index.html out/ai-pm.epub
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuebook.render.cjk import CLOSING, OPENING, is_cjk, is_latin
from tests.pdftools import Char, Page, measured_pages

if TYPE_CHECKING:
    from playwright.sync_api import Page as BrowserPage

#: A CJK–Latin join narrower than this (in em of the text) is unspaced; a pair of full-width
#: punctuation marks wider than this is uncompressed.
TIGHT = 0.2
WIDE = 0.6


def _mono(char: Char) -> bool:
    return "Mono" in char.font


def neighbours(pages: list[Page]) -> list[tuple[Char, Char]]:
    """Neighbouring characters on a line, in running text (not code)."""
    return [(a, b) for page in pages for line in page.lines()
            for a, b in zip(line, line[1:], strict=False)
            if not _mono(a) and not _mono(b) and 0 <= b.x0 - a.x0 < 2 * a.size]


def is_join(a: str, b: str) -> bool:
    return (is_cjk(a) and is_latin(b)) or (is_latin(a) and is_cjk(b))


def is_pair(a: str, b: str) -> bool:
    """Two full-width marks of which the first is set at half width, so the second starts
    half an em after it (two opening marks compress the second, which this does not see)."""
    marks = OPENING + CLOSING
    return a in marks and b in marks and not (a in OPENING and b in OPENING)


@dataclass(frozen=True)
class Finish:
    joins: int
    unspaced: list[str]
    pairs: int
    uncompressed: list[str]

    def __str__(self) -> str:
        return (f"{len(self.unspaced)} of {self.joins} CJK–Latin joins unspaced, "
                f"{len(self.uncompressed)} of {self.pairs} punctuation pairs uncompressed")


def pdf_finish(pdf: Path) -> Finish:
    pairs = neighbours(measured_pages(pdf))
    joins = [(a, b) for a, b in pairs if is_join(a.text, b.text)]
    marks = [(a, b) for a, b in pairs if is_pair(a.text, b.text)]
    return Finish(len(joins), [a.text + b.text for a, b in joins if b.x0 - a.x1 < TIGHT * a.size],
                  len(marks),
                  [a.text + b.text for a, b in marks if b.x0 - a.x0 > WIDE * a.size])


#: Every pair of neighbouring characters of running text (code left out) on one line, across
#: elements: the gap between their boxes and the first one's font size.
BROWSER_PAIRS = """
() => {
  const skip = (n) => n.parentElement.closest('pre, code, kbd, samp, script, style, title,'
                                              + ' [hidden], head');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const chars = [];
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (skip(node)) { chars.push(null); continue; }
    const text = node.data;
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length) { continue; }
      const r = rects[0];
      const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
      chars.push({c: text[i], left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                  size});
    }
  }
  const out = [];
  for (let i = 1; i < chars.length; i++) {
    const a = chars[i - 1], b = chars[i];
    if (!a || !b || Math.abs(a.bottom - b.bottom) > a.size / 2 || b.left < a.left) continue;
    out.push([a.c, b.c, (b.left - a.right) / a.size, (b.left - a.left) / a.size]);
  }
  return out;
}
"""


def browser_finish(page: BrowserPage) -> Finish:
    """The finish of the page open in ``page``, as Chromium laid it out."""
    pairs: list[tuple[str, str, float, float]] = page.evaluate(BROWSER_PAIRS)
    joins = [p for p in pairs if is_join(p[0], p[1])]
    marks = [p for p in pairs if is_pair(p[0], p[1])]
    return Finish(len(joins), [a + b for a, b, gap, _ in joins if gap < TIGHT], len(marks),
                  [a + b for a, b, _, advance in marks if advance > WIDE])


def epub_documents(epub: Path, into: Path) -> list[Path]:
    """The EPUB unpacked into ``into``: its content documents, in spine order of names."""
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(into)
    return sorted(p for p in into.rglob("*.xhtml") if p.name not in ("nav.xhtml", "cover.xhtml"))


def _main(paths: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    from tests import browser

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        chromium: Any = None
        for name in paths:
            path = Path(name)
            if path.suffix == ".pdf":
                print(f"{name}: {pdf_finish(path)}")
                continue
            chromium = chromium or browser.launch(playwright)
            files = epub_documents(path, Path(scratch) / path.stem) if path.suffix == ".epub" \
                else [path]
            tab = chromium.new_page(viewport=browser.PHONE)
            total = Finish(0, [], 0, [])
            for file in files:
                tab.goto(file.resolve().as_uri())
                found = browser_finish(tab)
                total = Finish(total.joins + found.joins, total.unspaced + found.unspaced,
                               total.pairs + found.pairs, total.uncompressed + found.uncompressed)
            print(f"{name}: {total}")
            tab.close()


if __name__ == "__main__":
    _main(sys.argv[1:])
