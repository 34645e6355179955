"""One fixture mini-book per check rule: the exact diagnostics, with path, line and code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, clean_book, load_and_check

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.txt").exists())


@pytest.mark.parametrize("case", CASES)
def test_fixture_reports_exactly_the_expected_diagnostics(
        case: str, in_dir: Callable[[Path], None]) -> None:
    folder = FIXTURES / case
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, "every fixture must expect at least one diagnostic"
    in_dir(folder)
    assert load_and_check(Path(".")).lines == expected


def test_every_rule_code_has_a_fixture() -> None:
    codes = {line.rsplit("[", 1)[1].rstrip("]")
             for case in CASES
             for line in (FIXTURES / case / "expected.txt").read_text("utf-8").splitlines()}
    assert {
        "config.missing", "config.yaml", "config.missing-field", "config.invalid-value",
        "config.missing-file", "question.missing-part", "question.empty-part",
        "question.unknown-label", "question.number-gap", "question.duplicate-number",
        "question.number-order", "question.duplicate-id", "heading.skipped-level",
        "link.broken-anchor", "link.missing-file", "image.missing", "book.empty",
        "question.unlabelled-text", "question.unnumbered", "question.duplicate-part",
    } <= codes


def test_a_bold_lead_that_is_not_like_any_label_is_content(make_book: Callable[..., Path]) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 答\n\n"
                                 "**注意：** 这一段属于答案。\n\n**举例：** 例\n"})
    book = clean_book(folder)
    answer = book.questions[0].part("answer")
    assert answer is not None and "这一段属于答案" in answer.content.text


def test_links_to_github_style_heading_slugs_resolve(make_book: Callable[..., Path]) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 见[乙](#2-乙)\n\n"
                                 "**举例：** 例\n\n#### 2. 乙 {#second}\n\n**题目：** 问\n\n"
                                 "**答案：** 答\n\n**举例：** 例\n"})
    book = clean_book(folder)
    answer = book.questions[0].part("answer")
    assert answer is not None and 'href="#second"' in answer.content.html


def test_warnings_do_not_fail_unless_strict(make_book: Callable[..., Path]) -> None:
    folder = make_book({"01.md": "#### 1. 甲 {#a difficulty=trivial}\n\n**题目：** 问\n\n"
                                 "**答案：** 答\n"})
    checked = load_and_check(folder)
    assert checked.codes == ["question.difficulty"]
    assert not checked.diags.failed() and checked.diags.failed(strict=True)
