"""The handout finished like a book, measured on its pages with pdfplumber: no stranded
pages, code split with three lines on each side and a "continued" cue, CJK punctuation
compressed, CJK and Latin spaced, no runts, and the PDF's catalog and metadata."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from cuebook.book.model import Book
from cuebook.formats.registry import WriterContext, available
from cuebook.render.cjk import CLOSING, OPENING, is_cjk, is_latin
from cuebook.render.paginate import STRANDED
from tests.conftest import LIBRARY, ROOT, clean_book, load_and_check, write_book
from tests.pdftools import MM, Char, Page, measured_pages, page_texts

BOOKS = ["interview", "drills"]


@pytest.fixture(scope="module")
def built(library: Path) -> dict[str, tuple[Book, Path, list[Page]]]:
    """Both fixture books' handouts, from the session's strict build, measured."""
    return {slug: (clean_book(LIBRARY / slug), library / f"{slug}.pdf",
                   measured_pages(library / f"{slug}.pdf")) for slug in BOOKS}


def _mono(char: Char) -> bool:
    return "Mono" in char.font


def _cue(char: Char) -> bool:
    return char.text == "续" and char.size < 7


@pytest.mark.parametrize("slug", BOOKS)
def test_no_page_but_the_last_is_stranded(built: dict[str, tuple[Book, Path, list[Page]]],
                                          slug: str) -> None:
    _, _, pages = built[slug]
    fills = {p.number: round(p.fill(), 2) for p in pages[:-1]}
    assert {n: f for n, f in fills.items() if f < STRANDED} == {}


@pytest.mark.parametrize("slug", BOOKS)
def test_a_question_heading_and_prompt_share_a_page_with_the_first_lines_of_the_answer(
        built: dict[str, tuple[Book, Path, list[Page]]], slug: str) -> None:
    book, pdf, _ = built[slug]
    pages = ["".join(text.split()) for text in page_texts(pdf)]
    answer = next(p.label for p in book.config.parts if p.key == "answer")
    apart = []
    for question in book.questions:
        title = "".join(question.title.text.split())
        where = next(n for n, text in enumerate(pages) if n > 1 and title in text)
        after = pages[where].split(title, 1)[1]
        # The answer's label and at least its first line (ten characters) follow on the page.
        if answer not in after or len(after.split(answer, 1)[1]) < 10:
            apart.append((question.number, where + 1))
    assert apart == []


def _code_parts(page: Page) -> list[tuple[tuple[float, float, float, float], list[list[Char]]]]:
    """Each code block's part on the page: its box and its lines (the cue left out)."""
    parts = {}
    for rect in page.rects:
        if rect[2] - rect[0] < 0.6 * (page.width - 43 * MM):  # 25 + 18 mm of margins
            continue
        inside = [c for c in page.chars if rect[0] <= c.x0 and c.x1 <= rect[2] + 1
                  and rect[1] <= c.top and c.bottom <= rect[3] + 1]
        if inside and all(_mono(c) or _cue(c) or not c.text.strip() for c in inside):
            key = (round(rect[1]), round(rect[3]))
            parts[key] = (rect, Page(page.number, page.height, page.width,
                                     tuple(c for c in inside if _mono(c)), ()).lines())
    return [parts[k] for k in sorted(parts)]


@pytest.mark.parametrize("slug", BOOKS)
def test_a_split_code_block_keeps_three_lines_each_side_and_says_it_continues(
        built: dict[str, tuple[Book, Path, list[Page]]], slug: str) -> None:
    _, _, pages = built[slug]
    splits = 0
    for before, after in zip(pages, pages[1:], strict=False):
        cues = [c for c in after.chars if _cue(c)]
        parts, body_bottom = _code_parts(before), before.body[1]
        # The block that goes on is the page's last thing: no text below it but the folio.
        last = parts[-1] if parts and not any(
            parts[-1][0][3] < c.top < body_bottom for c in before.chars) else None
        if not cues:
            opening = _code_parts(after)[:1]
            goes_on = last is not None and opening and opening[0][0][1] <= after.body[0] + 3
            assert not goes_on, f"a code block runs from page {before.number} with no cue"
            continue
        splits += 1
        first = _code_parts(after)[0]
        assert last, f"page {after.number} says 'continued' but no block ends page {before.number}"
        assert len(last[1]) >= 3, f"page {before.number} ends with {len(last[1])} lines"
        assert len(first[1]) >= 3, f"page {after.number} starts with {len(first[1])} lines"
        # No blank line at the top of the continued part: its first line right under the cue.
        assert first[1][0][0].top - first[0][1] < 14, f"blank lines on top of page {after.number}"
        assert cues[0].top < first[1][0][0].top
    if slug == "drills":
        assert splits >= 2  # the code-heavy book has blocks across pages


def _pairs(pages: list[Page]) -> list[tuple[Char, Char]]:
    """Neighbouring characters on a line, in running text (not code)."""
    return [(a, b) for page in pages for line in page.lines()
            for a, b in zip(line, line[1:], strict=False)
            if not _mono(a) and not _mono(b) and 0 <= b.x0 - a.x0 < 2 * a.size]


def test_consecutive_full_width_punctuation_is_compressed(
        built: dict[str, tuple[Book, Path, list[Page]]]) -> None:
    _, _, pages = built["drills"]
    marks = OPENING + CLOSING
    pairs = [(a, b) for a, b in _pairs(pages)
             if a.text in marks and b.text in marks and not (a.text in OPENING
                                                              and b.text in OPENING)]
    wide = [(a.text + b.text, round((b.x0 - a.x0) / a.size, 2)) for a, b in pairs
            if b.x0 - a.x0 > 0.6 * a.size]
    assert len(pairs) >= 3
    assert wide == []


@pytest.mark.parametrize("slug", BOOKS)
def test_cjk_and_latin_are_a_quarter_em_apart(
        built: dict[str, tuple[Book, Path, list[Page]]], slug: str) -> None:
    _, _, pages = built[slug]
    meets = [(a, b) for a, b in _pairs(pages)
             if (is_cjk(a.text) and is_latin(b.text)) or (is_latin(a.text) and is_cjk(b.text))]
    tight = [(a.text + b.text, round((b.x0 - a.x1) / a.size, 2)) for a, b in meets
             if b.x0 - a.x1 < 0.2 * a.size]
    assert len(meets) >= {"interview": 20, "drills": 1}[slug]  # drills mostly has spaces
    assert tight == []


@pytest.mark.parametrize("slug", BOOKS)
def test_no_paragraph_ends_with_a_lone_character(
        built: dict[str, tuple[Book, Path, list[Page]]], slug: str) -> None:
    _, _, pages = built[slug]
    runts = []
    for page in pages[2:]:
        lines = [line for line in page.lines() if not all(_mono(c) for c in line)]
        for above, line in zip(lines, lines[1:], strict=False):
            letters = [c for c in line if c.text.strip() and c.text not in CLOSING]
            # The same paragraph: the next line at the text's line pitch, under a long line.
            same = 0 < line[0].top - above[0].top < 2 * line[0].size and len(above) >= 12
            if len(letters) == 1 and is_cjk(letters[0].text) and same:
                runts.append((page.number, "".join(c.text for c in line)))
    assert runts == []


def test_the_pdf_opens_with_its_outline_and_carries_keywords_and_link_text(
        built: dict[str, tuple[Book, Path, list[Page]]]) -> None:
    book, pdf, _ = built["interview"]
    reader = PdfReader(str(pdf))
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert reader.metadata is not None
    assert reader.metadata["/Keywords"] == ", ".join(book.config.keywords)
    contents = [str(a.get_object()["/Contents"]) for page in reader.pages
                for a in page.get("/Annots") or [] if "/Contents" in a.get_object()]
    questions = {q.title.text for q in book.questions}
    assert any(any(t in c for t in questions) for c in contents)
    assert not any(c.startswith(("q-", "ch-")) or c.lstrip("#") in {q.id for q in book.questions}
                   for c in contents)


def test_tags_are_the_keywords_when_the_book_names_none(
        built: dict[str, tuple[Book, Path, list[Page]]]) -> None:
    book, pdf, _ = built["drills"]
    meta = PdfReader(str(pdf)).metadata
    assert meta is not None
    tags = list(dict.fromkeys(t for q in book.questions for t in q.tags))
    assert meta["/Keywords"] == ", ".join(tags)


def test_the_cover_kicker_does_not_letter_space_its_number(tmp_path: Path) -> None:
    """A count of two digits (twelve questions) on the cover is set without letter spacing."""
    questions = "".join(f"## {n}. 第{n}题 {{#q-{n}}}\n\n**题目：** 问{n}。\n\n"
                        f"**答案：** 答{n}。\n\n" for n in range(1, 13))
    book = clean_book(write_book(tmp_path / "twelve", {"q.md": questions}))
    context = WriterContext(out_dir=tmp_path, project_dir=ROOT, source_date_epoch=1704067200,
                            strict=True, log=logging.getLogger("cuebook.test"))
    [pdf] = available()["pdf"].write(book, context)
    pages = measured_pages(pdf)
    digits = [c for c in pages[0].chars if c.text.isdigit() and c.top < pages[0].height / 3]
    count = str(len(book.questions))
    assert "".join(c.text for c in digits[:len(count)]) == count
    advances = [b.x0 - a.x1 for a, b in zip(digits, digits[1:len(count)], strict=False)]
    assert all(gap < 0.05 * digits[0].size for gap in advances)


def test_keywords_that_are_not_a_list_of_words_are_a_located_error(make_book: Any) -> None:
    folder = make_book({"book.yaml": "title: T\nauthor: A\nlanguage: en\nkeywords: 3\n",
                        "a.md": "# A\n\n## Q\n\n### Question\n\nq\n\n### Answer\n\na\n"})
    checked = load_and_check(folder)
    assert checked.lines == [f"{folder / 'book.yaml'}:4:1: error: keywords: must be a list of "
                             "words or phrases [config.invalid-value]"]
