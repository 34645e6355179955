"""Reading a book again in the same process (``cuebook serve`` after each save): the chapters
of the files that did not change are the ones rendered before, with the same diagnostics; the
changed file's chapter is rendered again."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import load_and_check, write_book

ONE = """\
# 第一章

## 1. 第一题 {difficulty=impossible}

**题目：** 什么是栈？

**答案：** 后进先出，公式 $\\frac{1}{$ 写错了。
"""
TWO = """\
# 第二章

## 2. 第二题

**题目：** 什么是队列？

**答案：** 先进先出。
"""


def test_a_book_read_again_keeps_the_chapters_of_unchanged_files(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book", {"01.md": ONE, "02.md": TWO})
    first = load_and_check(book)
    again = load_and_check(book)
    assert first.book is not None and again.book is not None
    assert again.lines == first.lines != []  # the kept chapter's diagnostics, reported again
    assert [c.entries[0] for c in again.book.chapters] == \
        [c.entries[0] for c in first.book.chapters]
    assert again.book.chapters[1].entries[0] is first.book.chapters[1].entries[0]
    (book / "02.md").write_text(TWO.replace("先进先出", "先进者先出"), "utf-8")
    edited = load_and_check(book)
    assert edited.book is not None and edited.lines == first.lines
    assert edited.book.chapters[0].entries[0] is first.book.chapters[0].entries[0]
    answer = edited.book.chapters[1].entries[0].parts[1].content.text  # type: ignore[union-attr]
    assert "先进者先出" in answer
