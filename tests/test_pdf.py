"""The PDF handout, read back with poppler, qpdf and pypdf."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from cuebook.book.model import Book
from cuebook.book.nav import question_label
from cuebook.diagnostics import CuebookError
from cuebook.formats.registry import WriterContext, available
from cuebook.render.fonts import stack_for_book, uncovered
from tests.conftest import LIBRARY, ROOT, clean_book
from tests.pdftools import outline, page_texts, pdffonts, pdftotext, qpdf_check
from tests.test_content import _source_blocks

MakeBook = Callable[..., Path]


def _book(folder: Path) -> Book:
    return clean_book(folder)


def _context(out: Path, paper: str | None = None) -> WriterContext:
    return WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                         strict=True, paper=paper, log=logging.getLogger("cuebook.test"))


@pytest.fixture(scope="module")
def built(library: Path) -> dict[str, tuple[Book, Path]]:
    """Both fixture books' handouts, from the session's build (strict: a WeasyPrint warning
    fails the build)."""
    return {slug: (_book(LIBRARY / slug), library / f"{slug}.pdf")
            for slug in ("interview", "drills")}


def _without_formulas(block: str) -> list[str]:
    """A block's text around its formulas (``$…$``, ``$$…$$``): the handout draws formulas,
    it does not set them as text."""
    return [piece for piece in re.split(r"\$\$.*?\$\$|\$[^$]+\$", block, flags=re.S)
            if piece.strip()]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("slug", ["interview", "drills"])
def test_every_heading_paragraph_and_list_item_is_in_the_pdf_text(
        built: dict[str, tuple[Book, Path]], slug: str) -> None:
    book, pdf = built[slug]
    text = _squash(pdftotext(pdf))
    blocks = [b for p in book.sources
              for b in _source_blocks(p.read_text("utf-8"), footnote_calls=True)]
    # Labels are typeset as headings of their own (题目 above the text, not "题目：" inline),
    # and question numbers sit in a badge: compare what a reader sees.
    labels = tuple(f"{p.label}：" for p in book.config.parts)
    expected = [re.sub(r"^\d+\.\s*", "", b.removeprefix(next(
        (lbl for lbl in labels if b.startswith(lbl)), ""))) for b in blocks]
    # pdftotext joins a word broken after a hyphen at a line end and drops the hyphen
    # ("new-" / "onboarding"), so hyphens are not compared.
    text = text.replace("-", "")
    missing = [piece for b in expected for piece in _without_formulas(b)
               if _squash(piece).replace("-", "") not in text]
    assert missing == []


@pytest.mark.parametrize("slug", ["interview", "drills"])
def test_outline_has_every_chapter_and_question_on_its_page(
        built: dict[str, tuple[Book, Path]], slug: str) -> None:
    book, pdf = built[slug]
    marks = outline(pdf)
    pages = page_texts(pdf)
    expected = [(1, "目录")] + [
        entry for chapter in book.chapters for entry in
        [(1, chapter.title.text)] + [(2, question_label(q)) for q in chapter.questions]]
    assert [(d, t) for d, t, _ in marks] == [
        (d, t.replace(". ", " ", 1) if d == 2 else t) for d, t in expected]
    for depth, title, page in marks:
        words = title.split(" ", 1)[-1] if depth == 2 else title
        assert _squash(words) in _squash(pages[page - 1]), (title, page)


def test_contents_page_numbers_are_the_real_pages(built: dict[str, tuple[Book, Path]]) -> None:
    for book, pdf in built.values():
        marks = {title.split(" ", 1)[-1]: page for depth, title, page in outline(pdf)
                 if depth == 2}
        contents = pdftotext(pdf, first=2, last=2, layout=True)
        for question in book.questions:
            line = next(ln for ln in contents.splitlines()
                        if _squash(question.title.text) in _squash(ln))
            number = int(re.findall(r"(\d+)\s*$", line)[0])
            assert number == marks[question.title.text], (question.title.text, line)


def test_a_question_heading_never_ends_a_page(built: dict[str, tuple[Book, Path]]) -> None:
    for book, pdf in built.values():
        pages = page_texts(pdf)
        for depth, title, page in outline(pdf):
            if depth != 2:
                continue
            question = next(q for q in book.questions if question_label(q).replace(
                ". ", " ", 1) == title)
            first = question.parts[0].content.text.split("\n")[0][:10]
            assert _squash(first) in _squash(pages[page - 1]), (title, page)


def test_fonts_are_embedded_subset_with_unicode_maps_and_only_the_stack(
        built: dict[str, tuple[Book, Path]]) -> None:
    for book, pdf in built.values():
        rows = pdffonts(pdf)
        assert rows and all(r.embedded and r.subset and r.unicode for r in rows)
        allowed = {f.replace(" ", "-") for f in stack_for_book(book).families}
        for row in rows:
            family = row.name.split("+", 1)[1].removesuffix("-Bold")
            assert family in allowed, row.name


def test_metadata_language_tagging_and_qpdf(built: dict[str, tuple[Book, Path]]) -> None:
    book, pdf = built["interview"]
    reader = PdfReader(str(pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == book.config.title
    assert meta.author == book.config.author
    assert meta.subject == book.config.description
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    page = reader.pages[0].mediabox
    assert (round(float(page.width)), round(float(page.height))) == (595, 842)  # A4
    result = qpdf_check(pdf)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout
    links = [a for p in reader.pages for a in (p.get("/Annots") or [])
             if a.get_object().get("/Subtype") == "/Link"]
    assert len(links) >= len(book.questions) + len(book.chapters)  # the clickable contents


def test_us_letter(tmp_path: Path) -> None:
    book = _book(LIBRARY / "interview")
    [pdf] = available()["pdf"].write(book, _context(tmp_path, paper="letter"))
    box = PdfReader(str(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_a_book_can_ask_for_the_handout_on_both_papers(make_book: MakeBook,
                                                      tmp_path: Path) -> None:
    yaml = ("title: Both\nauthor: A\nlanguage: en\noutput: {paper: letter}\n"
            "pdf: {papers: [a4, letter]}\n")
    book = clean_book(make_book({"book.yaml": yaml, "a.md": "# Q\n\nAn answer.\n"}))
    paths = available()["pdf"].write(book, _context(tmp_path))
    assert [p.name for p in paths] == ["book.pdf", "book-a4.pdf"]
    sizes = [PdfReader(str(p)).pages[0].mediabox for p in paths]
    assert [(round(float(b.width)), round(float(b.height))) for b in sizes] == \
        [(612, 792), (595, 842)]


def test_an_unknown_key_in_the_pdf_section_is_a_located_warning(
        make_book: MakeBook, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    yaml = "title: Typo\nauthor: A\nlanguage: en\npdf:\n  paprs: [letter]\n"
    book = clean_book(make_book({"book.yaml": yaml, "a.md": "# Q\n\nAn answer.\n"}))
    # A logger outside "cuebook", whose handlers the CLI tests set up: caplog sees its records.
    context = WriterContext(out_dir=tmp_path, project_dir=ROOT, source_date_epoch=1704067200,
                            log=logging.getLogger("test-pdf-section"))
    with caplog.at_level(logging.WARNING, logger="test-pdf-section"):
        assert [p.name for p in available()["pdf"].write(book, context)] == ["book.pdf"]
    assert [r.getMessage().split("book.yaml:")[1] for r in caplog.records] == [
        "5:3: warning: unknown key 'pdf.paprs' (did you mean 'pdf.papers'?) [config.unknown-key]"]
    with pytest.raises(CuebookError):  # --strict
        available()["pdf"].write(book, _context(tmp_path))


def test_an_unknown_paper_in_pdf_papers_is_a_located_error(make_book: MakeBook,
                                                           tmp_path: Path) -> None:
    yaml = "title: Bad\nauthor: A\nlanguage: en\npdf:\n  papers: [a5]\n"
    book = clean_book(make_book({"book.yaml": yaml, "a.md": "# Q\n\nAn answer.\n"}))
    with pytest.raises(CuebookError) as caught:
        available()["pdf"].write(book, _context(tmp_path))
    [problem] = caught.value.diagnostics
    assert str(problem).endswith("book.yaml:5:3: error: pdf.papers: must be a list of a4, "
                                 "letter; not a5 [config.invalid-value]")


def test_footnotes_sit_at_the_foot_of_their_page(built: dict[str, tuple[Book, Path]]) -> None:
    book, pdf = built["drills"]
    [note] = [n for q in book.questions for n in q.footnotes]
    note_text = _squash(re.sub(r"<[^>]+>", "", note.html))[:20]
    pages = page_texts(pdf)
    [page] = [p for p in pages if note_text in _squash(p)]
    assert _squash(page).rstrip().endswith(_squash(page.split("\n")[-2]))  # sanity
    lines = [ln for ln in page.splitlines() if ln.strip()]
    at = next(i for i, ln in enumerate(lines) if _squash(ln)[:8] in note_text[:8] or
              note_text[:8] in _squash(ln))
    assert at >= len(lines) - 6, "the note is printed near the bottom of the page"


def test_a_character_no_font_covers_fails_with_its_location(make_book: MakeBook,
                                                             tmp_path: Path) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 第一行\n"
                                 "第二行有一个字符 𓀀 无字形。\n"})
    # Found by the check every build runs before its writers (cuebook.pipeline.check).
    [diag] = uncovered(_book(folder), stack_for_book(_book(folder)))
    assert diag.code == "font.missing-glyph"
    assert str(diag.location) == f"{folder}/01.md:6:10"
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in diag.message


def test_soft_line_breaks_add_no_space_between_chinese(make_book: MakeBook,
                                                       tmp_path: Path) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 这一行在源文件里\n"
                                 "被折成两行。\n"})
    [pdf] = available()["pdf"].write(_book(folder), _context(tmp_path))
    assert "这一行在源文件里被折成两行。" in pdftotext(pdf)


def test_weasyprint_warnings_are_caught_and_fail_a_strict_build(make_book: MakeBook,
                                                                tmp_path: Path) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 答\n",
                        "styles/handout.css": "p { colour: red; }\n"})
    with pytest.raises(CuebookError) as exc:
        available()["pdf"].write(_book(folder), _context(tmp_path))
    assert [d.code for d in exc.value.diagnostics] == ["pdf.weasyprint"]
    assert "colour" in exc.value.diagnostics[0].message
