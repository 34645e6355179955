"""Pages a typographer signs (tests/finish.py reads them with pdfplumber): no page of a
chapter that goes on over the page is left a quarter blank by a keep-together rule, none is
under a quarter full, and a code comment is never the last line of its page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import cuebook_build
from tests.finish import pdf_fill


def test_the_algorithms_handout_fills_its_pages(demo_books: Path) -> None:
    """Kept whole with the start of its answer, a question left p6 and p17 a third blank, and
    the book's last page held four lines (10 %); a comment line ended p21."""
    fill = pdf_fill(demo_books / "algorithms.pdf")
    assert fill.pages >= 20
    assert (fill.nearly_empty, fill.quarter_blank, fill.comments_at_foot) == ([], [], [])


def _code(lines: int) -> str:
    """Code where two comment lines come before each statement: a break after a comment is
    where one falls two times in three."""
    body = []
    for n in range(lines // 3):
        body += [f"# step {n}: what the next line does", f"# and why, in a second line {n}",
                 f"total = total + {n}"]
    return "\n".join(["```python", "total = 0", *body, "```"])


def test_a_comment_stays_with_the_code_after_it(make_book: Callable[..., Path],
                                                tmp_path: Path) -> None:
    text = "\n\n".join(["# 代码", "## 1. 长代码 {#long}", "**题目：** 写一段很长的代码。",
                        "**答案：** 如下。", _code(240)])
    book = make_book({"01.md": text})
    done = cuebook_build(str(book), "--out", str(tmp_path / "out"), "--formats", "pdf", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    [pdf] = (tmp_path / "out").glob("*.pdf")
    fill = pdf_fill(pdf)
    assert fill.pages >= 4  # the code takes several pages: breaks to judge
    assert fill.comments_at_foot == []
    assert fill.nearly_empty == []
