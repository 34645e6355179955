"""The text finish measured where the reader sees it: on PDF pages (pdfplumber) and in pages
laid out by Chromium. Shared by the tests and runnable to print the figures:

    python -m tests.finish out/ai-pm-cards.pdf out/ai-pm/index.html out/ai-pm.epub

For a PDF it also prints how its paragraphs are set (:func:`pdf_setting`): the mid-paragraph
lines that end more than half an em short of their measure, and the widest gap between two
CJK characters on such a line (a letter-spaced line); for a handout, how its pages are filled
(:func:`pdf_fill`).
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuebook.render.cjk import CLOSING, OPENING, is_cjk, is_latin
from cuebook.render.weasyprint_patches import MOST_SPACING, spreads
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


#: List item markers: a line starting with one starts an item.
BULLETS = "•·◦▪‣-–"
#: A short line is ragged by design if spreading it would have spaced its characters more
#: than this share of the justification's limit apart (the count of openings is read from the
#: page's text, so it is a little rough).
RAGGED = 0.9
#: A mid-paragraph line ending further than this (in em of its text) from its measure is short.
SHORT = 0.5
#: How much further (in em) a line of a paragraph may be below the one before it than the
#: size's shortest pitch: a line with Latin letters beside CJK ones is taller; a paragraph's
#: margin (0.45 em on a card, 0.6 em in the handout) is more.
TALLER = 0.2


@dataclass(frozen=True)
class Line:
    page: int
    chars: list[Char]  # running text and inline code, left to right
    size: float  # the running text's size
    box: tuple[float, float] | None  # the tinted box it sits in (x0, x1), if any

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def baseline(self) -> float:
        return max(c.bottom for c in self.chars if not _mono(c))

    @property
    def cjk(self) -> bool:
        return any(is_cjk(t) for c in self.chars for t in c.text)


@dataclass(frozen=True)
class Setting:
    """How a PDF's paragraphs are set: its mid-paragraph lines, those that end short of the
    measure (page, text, em short), those short lines that justification would have spaced
    more than a quarter em apart (set ragged by design), and the widest spacing of the
    ideographs of one of them."""

    lines: int
    cjk_lines: int
    short: list[tuple[int, str, float]]
    widest_gap: float  # em
    widest_at: str
    runts: list[tuple[int, str]]  # (page, text) of last lines of one ideograph
    ragged: list[tuple[int, str, float]]  # the short lines left ragged by design

    @property
    def short_cjk(self) -> list[tuple[int, str, float]]:
        return [s for s in self.short if any(is_cjk(c) for c in s[1])]

    def __str__(self) -> str:
        worst = max((s[2] for s in self.short), default=0.0)
        return (f"{len(self.short)} of {self.lines} mid-paragraph lines more than {SHORT} em "
                f"short, {len(self.ragged)} of them by design ({len(self.short_cjk)} of "
                f"{self.cjk_lines} CJK lines; worst "
                f"{worst:.1f} em); ideographs spaced at most {self.widest_gap:.2f} em apart "
                f"({self.widest_at}); last lines of one character: {len(self.runts)} "
                f"{self.runts[:3]}")


def _tinted(page: Page, chars: list[Char]) -> tuple[float, float] | None:
    """The narrowest wide, light-tinted box (a part's background) the line sits in."""
    top, bottom = min(c.top for c in chars), max(c.bottom for c in chars)
    x0, x1 = chars[0].x0, chars[-1].x1
    boxes = [(r[0], r[2]) for r in page.tints
             if r[2] - r[0] > 0.4 * page.width and r[0] <= x0 and x1 <= r[2] + 1
             and r[1] <= top and bottom <= r[3]]
    return min(boxes, key=lambda b: b[1] - b[0], default=None)


def text_lines(pages: list[Page]) -> list[Line]:
    """The lines of running text (code blocks' lines and bold titles left out), page by page."""
    found = []
    for page in pages:
        for chars in page.lines():
            text = [c for c in chars if not _mono(c) and c.text.strip()]
            if len(text) < 2 or sum("Bold" in c.font for c in text) > len(text) / 2:
                continue  # a heading or a title is set ragged
            sizes = sorted(c.size for c in text)
            found.append(Line(page.number, chars, sizes[len(sizes) // 2],
                              _tinted(page, chars)))
    return found


def _pitch(lines: list[Line], size: float) -> float:
    """The distance between two lines of a paragraph set at ``size``, in em: the shortest
    that comes back from a line to the next (the next not starting a list item). A line
    holding Latin letters beside CJK ones is a little taller (up to TALLER)."""
    ratios = [round((b.baseline - a.baseline) / a.size, 2)
              for a, b in zip(lines, lines[1:], strict=False)
              if a.page == b.page and round(a.size, 1) == size and abs(a.size - b.size) < 0.05
              and b.baseline > a.baseline and b.chars[0].text not in BULLETS]
    return min((r for r in set(ratios) if ratios.count(r) > 1), default=0.0)


def _ideograph(char: Char) -> bool:
    return len(char.text) == 1 and is_cjk(char.text)


def _gap(line: Line) -> tuple[float, str]:
    """How far apart the line spaces its ideographs, in em: the median gap between two
    neighbouring ones (a letter-spaced line widens every gap; one wide gap is something set
    between two characters, a footnote call), with the line's start."""
    gaps = sorted((b.x0 - a.x1) / a.size for a, b in zip(line.chars, line.chars[1:], strict=False)
                  if _ideograph(a) and _ideograph(b) and not _mono(a) and not _mono(b))
    if len(gaps) < 3:
        return 0.0, ""
    return gaps[len(gaps) // 2], f"p{line.page} {''.join(c.text for c in line.chars[:8])}"


def pdf_setting(pdf: Path) -> Setting:
    """Mid-paragraph lines (followed by a line of the same paragraph: the same size, one line
    pitch below, not indented less), each measured against the longest such line of the
    document whose paragraph's lines start where its own do, in the same tinted box (the pages
    of a handout, and the cards of a sheet, share their measures)."""
    lines = text_lines(measured_pages(pdf))
    # Each size of text has its own line pitch (a card's front is set tighter than its back).
    pitch = {size: _pitch(lines, size) for size in {round(line.size, 1) for line in lines}}
    mid = [a for a, b in zip(lines, lines[1:], strict=False)
           if a.page == b.page and abs(a.size - b.size) < 0.05 and b.x0 >= a.x0 - 1
           and b.chars[0].text not in BULLETS
           and _within((b.baseline - a.baseline) / a.size, pitch[round(a.size, 1)])]
    follow = {id(a): b for a, b in zip(lines, lines[1:], strict=False)}

    def key(line: Line) -> tuple[int, tuple[int, int] | None]:
        box = None if line.box is None else (round(line.box[0]), round(line.box[1]))
        return round(follow[id(line)].x0), box

    measure: dict[tuple[int, tuple[int, int] | None], float] = {}
    for line in mid:
        for one in (line, follow[id(line)]):
            k = key(line)
            measure[k] = max(measure.get(k, 0.0), one.x1)
    short = [(line.page, "".join(c.text for c in line.chars), (measure[key(line)] - line.x1)
              / line.size) for line in mid if measure[key(line)] - line.x1 > SHORT * line.size]
    ragged = [s for s in short if s[2] / max(1, _openings(s[1])) > RAGGED * MOST_SPACING]
    gap, at = max((_gap(line) for line in mid), default=(0.0, ""))
    return Setting(len(mid), sum(line.cjk for line in mid), short, gap, at,
                   _runts(mid, follow), ragged)


def _within(ratio: float, pitch: float) -> bool:
    return pitch - 0.03 < ratio < pitch + TALLER


#: How far (in em) two neighbouring characters of inline code may stand further apart than
#: the first one's advance: the PDF's glyph positions round to a thousandth of an em.
CODE_SLACK = 0.001


def code_gaps(pages: list[Page]) -> list[tuple[int, str, float, str]]:
    """On each line holding CJK running text, each pair of neighbouring inline code
    characters (monospaced) that stand further apart than the first one's own advance (the
    font's, as the PDF gives its width): (page, the pair, the gap in em, the line)."""
    wide = []
    for page in pages:
        for line in page.lines():
            if not any(is_cjk(c.text) for c in line if not _mono(c)):
                continue
            for a, b in zip(line, line[1:], strict=False):
                gap = (b.x0 - a.x1) / a.size
                if _mono(a) and _mono(b) and 0 <= b.x0 - a.x0 < 2 * a.size \
                        and gap > CODE_SLACK:
                    wide.append((page.number, a.text + b.text, round(gap, 4),
                                 "".join(c.text for c in line)))
    return wide


def _openings(text: str) -> int:
    """Where justification may space a line of text out: after each CJK character but the
    last, and at each space (cuebook.render.weasyprint_patches)."""
    return max(0, sum(map(spreads, text)) - 1) + text.count(" ")


def _runts(mid: list[Line], follow: dict[int, Line]) -> list[tuple[int, str]]:
    """Paragraphs' last lines that hold a single ideograph (and its punctuation)."""
    ends = [follow[id(line)] for line in mid if follow[id(line)] not in mid]
    return [(end.page, "".join(c.text for c in end.chars)) for end in ends
            if end.cjk and sum(_ideograph(c) for c in end.chars) <= 1
            and all(_ideograph(c) or c.text in CLOSING for c in end.chars)]


#: A page filled less than this is nearly empty; one of a chapter that goes on over the page,
#: filled less than QUARTER_BLANK, left a quarter of itself blank at its foot.
NEARLY_EMPTY = 0.25
QUARTER_BLANK = 0.75
#: The handout's chapter titles are set at 18 pt (styles/handout.css).
CHAPTER_SIZE = 18


@dataclass(frozen=True)
class Fill:
    """How a handout's pages are filled: (page, fill) of its pages under a quarter full that
    are not a chapter's last, of those of a chapter going on over the page that leave more
    than a quarter blank, and the pages whose last code line is a comment alone."""

    pages: int
    nearly_empty: list[tuple[int, float]]
    quarter_blank: list[tuple[int, float]]
    comments_at_foot: list[int]

    def __str__(self) -> str:
        def listed(pages: list[tuple[int, float]]) -> str:
            return ", ".join(f"p{n} {fill:.0%}" for n, fill in pages) or "none"
        return (f"{self.pages} pages; under a quarter full (not a chapter's last): "
                f"{listed(self.nearly_empty)}; a quarter or more blank mid-chapter: "
                f"{listed(self.quarter_blank)}; a comment line last on its page: "
                f"{', '.join(f'p{n}' for n in self.comments_at_foot) or 'none'}")


def _opens_chapter(page: Page) -> bool:
    return any(c.size >= CHAPTER_SIZE - 0.5 for c in page.chars
               if page.body[0] - 2 <= c.top <= page.body[0] + 80)


def _last_code_line(page: Page) -> str | None:
    """The text of the page's last line, if it is a line of code (all monospaced)."""
    lines = [line for line in page.lines() if page.body[0] - 2 <= line[0].top
             and line[-1].bottom <= page.body[1] + 2]
    if not lines or not all(_mono(c) for c in lines[-1]):
        return None
    return "".join(c.text for c in lines[-1])


def pdf_fill(pdf: Path) -> Fill:
    """:class:`Fill`, read on the pages: a page followed by one that opens a chapter (an
    18 pt title at its top) is its chapter's last, as is the last page."""
    pages = measured_pages(pdf)
    last = [not _opens_chapter(after) for after in pages[1:]] + [False]
    fills = [(page.number, page.fill()) for page in pages]
    nearly = [(n, f) for (n, f), going_on in zip(fills, last, strict=True)
              if going_on and f < NEARLY_EMPTY]
    blank = [(n, f) for (n, f), going_on in zip(fills, last, strict=True)
             if going_on and f < QUARTER_BLANK]
    comments = [page.number for page, going_on in zip(pages, last, strict=True)
                if going_on and (_last_code_line(page) or "").lstrip().startswith(("#", "//"))]
    return Fill(len(pages), nearly, blank, comments)


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


#: A 6-inch e-reader's page, as reading systems built on a browser engine make pages (Readium,
#: Calibre's viewer): the document laid out in CSS columns one screen wide and one screen
#: high, with the reader's margins. 600 × 800 CSS px.
EREADER = {"width": 600, "height": 800}
PAGED = """
(size) => {
  const style = document.createElement('style');
  style.textContent = `html { height: 800px; width: 600px; box-sizing: border-box;
    padding: 40px 30px; column-width: 540px; column-gap: 60px; column-fill: auto;
    margin: 0; overflow: visible; font-size: ${size}px; } body { margin: 0; }`;
  document.head.appendChild(style);
}
"""
#: On the paged document: each part label whose part's text starts on a later page (a label
#: alone at a page foot); each code line laid out as three or more lines; each line of running
#: text and the widest gap between two of its ideographs (in em).
EREADER_FINDINGS = """
() => {
  const page = (rect) => Math.floor((rect.left - 30 + 1) / 600);
  const alone = [];
  document.querySelectorAll('.part-label').forEach((label) => {
    const body = label.nextElementSibling;
    if (!body) return;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node && !node.data.trim()) node = walker.nextNode();
    if (!node) return;
    const range = document.createRange();
    range.setStart(node, 0); range.setEnd(node, 1);
    const first = range.getClientRects()[0];
    const own = label.getClientRects()[0];
    if (first && own && page(first) > page(own)) alone.push(label.textContent + ' p' + page(own));
  });
  const split = [];
  document.querySelectorAll('.code-line').forEach((line) => {
    const height = parseFloat(getComputedStyle(line).lineHeight);
    const rows = Math.round(line.getBoundingClientRect().height / height);
    if (rows >= 3) split.push(line.textContent.trim().slice(0, 60));
  });
  const skip = (n) => n.parentElement.closest('pre, code, kbd, samp, script, style, title,'
                                              + ' h1, h2, h3, h4, h5, h6, table, [hidden], head');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (skip(node)) { chars.push(null); continue; }
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (!r) continue;
      chars.push({c: node.data[i], left: r.left, right: r.right, bottom: r.bottom,
                  size: parseFloat(getComputedStyle(node.parentElement).fontSize)});
    }
  }
  const ideograph = (c) => /[\u3400-\u9fff]/.test(c);
  let widest = [0, ''];
  for (let i = 1; i < chars.length; i++) {
    const a = chars[i - 1], b = chars[i];
    if (!a || !b || Math.abs(a.bottom - b.bottom) > 1 || !ideograph(a.c) || !ideograph(b.c)
        || b.left < a.right - 1 || b.left - a.right > 2 * a.size) continue;
    // Chromium puts justification space inside a character's box: an ideograph's advance
    // beyond its em is the space added after it.
    const gap = (b.left - a.left) / a.size - 1;
    if (gap > widest[0]) widest = [gap, a.c + b.c];
  }
  return {alone, split, widest};
}
"""


@dataclass(frozen=True)
class Reading:
    """An e-book on a 6-inch reader's pages: labels alone at a page foot, code lines in three
    or more pieces, the widest gap between two ideographs of a line (em) and where."""

    pages: int
    alone: list[str]
    split: list[str]
    widest: tuple[float, str]

    def __str__(self) -> str:
        return (f"{self.pages} pages; part labels alone at a page foot: "
                f"{len(self.alone)} {self.alone[:4]}; code lines in 3+ pieces: "
                f"{len(self.split)} {self.split[:2]}; widest gap between ideographs "
                f"{self.widest[0]:.2f} em ({self.widest[1]})")


def ereader_reading(page: BrowserPage, files: list[Path], size: int = 16) -> Reading:
    """:class:`Reading` of the documents ``files``, each paged in ``page`` (a tab of
    :data:`EREADER`'s size) with the reader's text at ``size`` CSS px."""
    total = Reading(0, [], [], (0.0, ""))
    for file in files:
        page.goto(file.resolve().as_uri())
        page.evaluate(PAGED, size)
        found = page.evaluate(EREADER_FINDINGS)
        pages = page.evaluate("Math.ceil((document.documentElement.scrollWidth - 30) / 600)")
        widest = (found["widest"][0], f"{file.name} {found['widest'][1]}")
        total = Reading(total.pages + pages, total.alone + [f"{file.name}: {a}"
                                                             for a in found["alone"]],
                        total.split + found["split"], max(total.widest, widest))
    return total


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
                print(f"{name}: {pdf_setting(path)}")
                widened = code_gaps(measured_pages(path))
                print(f"{name}: {len(widened)} gaps in inline code wider than the font sets "
                      f"them, on CJK lines {widened[:3]}")
                if "cards" not in path.name:
                    print(f"{name}: {pdf_fill(path)}")
                continue
            chromium = chromium or browser.launch(playwright)
            files = epub_documents(path, Path(scratch) / path.stem) if path.suffix == ".epub" \
                else [path]
            if path.suffix == ".epub":
                reader = chromium.new_page(viewport=EREADER)
                for size in (16, 20):
                    print(f"{name} at {size} px: {ereader_reading(reader, files, size)}")
                reader.close()
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
