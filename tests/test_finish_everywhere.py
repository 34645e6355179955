"""One text finish in every output, measured where the reader sees it: the demo books' cards
(pdfplumber) and their EPUB and site pages laid out by Chromium (tests/finish.py). A CJK–Latin
join narrower than a fifth of an em is unspaced; a pair of full-width marks whose advance is
over 0.6 em is uncompressed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import browser
from tests.conftest import CONTENT, clean_book
from tests.finish import browser_finish, epub_documents, pdf_finish
from tests.pdftools import measured_pages

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.mark.parametrize(("slug", "joins", "pairs"), [("ai-pm", 20, 0), ("algorithms", 0, 20)])
def test_the_cards_have_the_handouts_gaps_and_compressed_punctuation(
        demo_books: Path, slug: str, joins: int, pairs: int) -> None:
    found = pdf_finish(demo_books / f"{slug}-cards.pdf")
    assert found.joins >= joins and found.pairs >= pairs  # the measure sees them
    assert (found.unspaced, found.uncompressed) == ([], [])


def test_no_tag_chip_is_split(demo_books: Path) -> None:
    """The handout's chips are set at 8 pt: every tag is found whole on one line of them, its
    characters one em apart (a chip drawn as two boxes, "哈|希表", put 1.56 em between two)."""
    book = clean_book(CONTENT / "algorithms")
    tags = {t for q in book.questions for t in q.tags}
    found, split = 0, []
    for page in measured_pages(demo_books / "algorithms.pdf"):
        for line in page.lines():
            chips = [c for c in line if c.size < 8.5]
            text = "".join(c.text for c in chips)
            for tag in tags:
                at = text.find(tag)
                while at >= 0:
                    found += 1
                    run = chips[at:at + len(tag)]
                    pairs = zip(run, run[1:], strict=False)
                    if any(b.x0 - a.x0 > 1.2 * a.size for a, b in pairs):
                        split.append((page.number, tag))
                    at = text.find(tag, at + 1)
    assert found >= len(tags) >= 10  # every tag is shown, each on one line
    assert split == []


@pytest.mark.parametrize("slug", ["ai-pm", "algorithms"])
@pytest.mark.parametrize("viewport", [browser.PHONE, {"width": 600, "height": 800}])
def test_epub_and_site_space_every_join_in_chromium(
        demo_books: Path, chromium: Browser, slug: str, viewport: dict[str, int]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        files = [demo_books / slug / "index.html",
                 *epub_documents(demo_books / f"{slug}.epub", Path(scratch))]
        page = chromium.new_page(viewport=viewport)  # type: ignore[arg-type]
        joins, unspaced = 0, []
        for file in files:
            page.goto(file.as_uri())
            found = browser_finish(page)
            joins += found.joins
            unspaced += [f"{file.name}: {pair}" for pair in found.unspaced]
        page.close()
    assert joins >= 10
    assert unspaced == []


#: The line (its top, rounded) each character of the first element matching a selector is on.
CHAR_LINES = """
(selector) => {
  const element = document.querySelector(selector);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect) out.push([node.data[i], Math.round(rect.top)]);
    }
  }
  return out;
}
"""


def test_a_cjk_heading_breaks_between_phrases_at_390_px(demo_books: Path,
                                                        chromium: Browser) -> None:
    page = chromium.new_page(viewport=browser.PHONE)  # type: ignore[arg-type]
    page.goto((demo_books / "ai-pm" / "index.html").as_uri())
    chars = page.evaluate(CHAR_LINES, "h1")
    page.close()
    text = "".join(c for c, _ in chars)
    start = text.index("大模型时代的技能")
    tops = [top for _, top in chars]
    assert len(set(tops)) >= 2  # the title takes two lines at this width: a break to judge
    assert len(set(tops[start:start + 8])) == 1, text


def test_the_site_sets_chinese_in_a_cjk_face_first(demo_books: Path, chromium: Browser) -> None:
    page = chromium.new_page(viewport=browser.PHONE)  # type: ignore[arg-type]
    page.goto((demo_books / "ai-pm" / "index.html").as_uri())
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    page.close()
    assert family.split(",")[0].strip('" ') == "Noto Sans CJK SC"


@pytest.mark.parametrize("width", [390, 600, 1280])
def test_code_on_a_study_card_wraps_at_every_width(demo_books: Path, chromium: Browser,
                                                    width: int) -> None:
    """Every answer's code blocks, put on the study card as the script does, fit its width."""
    page = chromium.new_page(viewport={"width": width, "height": 800})
    page.goto((demo_books / "algorithms" / "study.html").as_uri())
    clipped = page.evaluate("""() => {
      const card = document.getElementById('study-card-answer');
      const out = [];
      document.querySelectorAll('.study-item .study-answer').forEach((answer) => {
        card.replaceChildren(...[...answer.childNodes].map((n) => n.cloneNode(true)));
        card.closest('.study-card').hidden = false;
        card.querySelectorAll('pre').forEach((pre) => {
          if (pre.scrollWidth > pre.clientWidth + 1) out.push(pre.textContent.slice(0, 40));
        });
        out.push(card.querySelectorAll('pre').length ? 'pre' : '');
      });
      return out;
    }""")
    page.close()
    assert "pre" in clipped  # some answer has code
    assert [c for c in clipped if c not in ("pre", "")] == []


def test_a_decks_fronts_take_at_most_two_sizes(demo_books: Path) -> None:
    """The question titles on the algorithms deck's fronts (bold, 14 pt or more; fronts are the
    odd sheets of the duplex PDF): one size for most, one for those too long for it."""
    pages = measured_pages(demo_books / "algorithms-cards.pdf")
    sizes = {round(c.size, 1) for page in pages[::2] for c in page.chars
             if "Bold" in c.font and c.size >= 14}
    assert 1 <= len(sizes) <= 2, sorted(sizes)
