"""The reading page's questions rendered once and kept (cuebook/formats/site/questions.py): a
page made of kept questions is, to the byte, the page rendered whole; an edit renders again
only the question it changed; the footnotes a question shares with an earlier one are still
written once, after the first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cuebook.book.model import Book
from cuebook.formats.base import WriterContext
from cuebook.formats.site import questions
from cuebook.formats.site.questions import QuestionSlots
from cuebook.formats.site.writer import render_page
from cuebook.render.images import image_names
from tests.conftest import FIXTURES, LIBRARY, ROOT, clean_book, load_and_check, write_book
from tests.test_epub import mini_book

#: Two questions of one chapter refer to the same footnote; CJK text, an English question.
SHARED_NOTE = """\
# 第一章

## 1. 什么是 GPU 显存？

**题目：** 解释显存[^mem]。

**答案：** 显存是 GPU 上的内存，用于存放 KV cache 和权重。

## 2. Why batch requests?

**题目：** Why batch?

**答案：** Batching fills the GPU[^mem]; a batch of 8 costs little more than one.

## 3. 第三题

**题目：** 第三题。

**答案：** 没有脚注的答案，包含 `threshold + 1` 这样的代码。

[^mem]: 显存（VRAM）的大小决定了批量。
"""


def _page(book: Book, out: Path) -> bytes:
    ctx = WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=0)
    return render_page(book, ctx, "site/book.html.j2", "index.html", image_names(book))


def _whole(book: Book, out: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The page rendered whole: every question by its template, the CJK finish over the
    whole page at once (the way taken when the slots cannot be used)."""
    with monkeypatch.context() as patch:
        patch.setattr(QuestionSlots, "page", lambda self, html: None)
        return _page(book, out)


def _books(tmp_path: Path) -> list[Path]:
    return [LIBRARY / "interview", LIBRARY / "drills", FIXTURES / "zh-notes",
            FIXTURES / "choice-zh", FIXTURES / "rtl-ar", FIXTURES / "mixed-scripts",
            mini_book(tmp_path / "mini"), write_book(tmp_path / "shared", {"01.md": SHARED_NOTE})]


def test_a_page_of_kept_questions_is_the_page_rendered_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in _books(tmp_path):
        book = load_and_check(folder).book
        assert book is not None
        first = _page(book, tmp_path)  # the questions rendered and kept
        again = _page(book, tmp_path)  # every one of them taken from what was kept
        assert first == again == _whole(book, tmp_path, monkeypatch), folder.name


def test_the_shared_footnote_is_written_once_after_its_first_reference(
        tmp_path: Path) -> None:
    book = clean_book(write_book(tmp_path / "shared", {"01.md": SHARED_NOTE}))
    for page in (_page(book, tmp_path), _page(book, tmp_path)):
        assert page.count(b'role="doc-footnote"') == 1
        assert page.index(b'role="doc-footnote"') < page.rindex(b"Why batch requests")


def test_an_edit_renders_again_only_the_question_it_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "drills"
    shutil.copytree(LIBRARY / "drills", folder)
    _page(clean_book(folder), tmp_path)
    rendered: list[str] = []
    render = QuestionSlots._render
    monkeypatch.setattr(QuestionSlots, "_render", lambda self, entry, level: (
        rendered.append(entry.id), render(self, entry, level))[1])
    source = folder / "02-stacks.md"
    source.write_text(source.read_text("utf-8").replace(
        "永远就是当前的最小值", "永远就是当前最小的值", 1), "utf-8")
    book = clean_book(folder)
    edited = _page(book, tmp_path)
    assert rendered == ["min-stack"]
    assert "就是当前最小".encode() in edited
    monkeypatch.setattr(QuestionSlots, "_render", render)
    questions._KEPT.clear()
    assert edited == _whole(book, tmp_path, monkeypatch)
