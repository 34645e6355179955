"""Multiple-choice questions in the model: options, the right letters and the explanation,
read from the ways authors write them (docs/content-format.md, "Multiple-choice questions")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURES, clean_book, load_and_check


def test_each_way_of_writing_options_and_answers_is_read() -> None:
    book = clean_book(FIXTURES / "choice-en")
    read = {q.number: q.choices for q in book.questions}
    assert all(read.values()), "every question of the fixture is multiple choice"
    keys = {n: c.key for n, c in read.items() if c}
    assert keys == {1: "A", 2: "A, C", 3: "B", 4: "B"}
    first = read[1]
    assert first is not None
    assert [o.letter for o in first.options] == ["A", "B", "C"]
    assert [o.content.text for o in first.options] == ["0", "1", "NaN"]
    assert "console.log" in first.stem.text and "NaN" not in first.stem.text
    assert first.explanation.text.startswith("The postfix operator")
    # The letters are taken off the explanation, dashes and colons with them.
    assert [c.explanation.text.split()[0] for c in read.values() if c] == \
        ["The", "both", "a", "const"]


def test_the_question_part_still_shows_the_options_as_written() -> None:
    book = clean_book(FIXTURES / "choice-en")
    first = book.questions[0]
    prompt = first.prompt.text
    assert "console.log" in prompt and "NaN" in prompt


def test_a_label_free_question_with_options_gets_a_question_part() -> None:
    book = clean_book(FIXTURES / "choice-en")
    third = book.questions[2]
    assert not third.labelled
    assert [p.key for p in third.parts] == ["question", "answer"]
    assert "undefined" in third.prompt.text
    answer = third.part("answer")
    assert answer is not None and "Answer: b" in answer.content.text


def test_a_plain_answer_leaves_a_lettered_list_alone(make_book: Callable[..., Path]) -> None:
    folder = make_book({
        "book.yaml": "title: T\nauthor: A\nlanguage: en\n",
        "01.md": "# C\n\n## 1. Pick\n\n**Question:** Which?\n\n- A: one\n- B: two\n\n"
                 "**Answer:** A binary tree.\n",
    })
    checked = load_and_check(folder)
    assert [line.rsplit("[", 1)[1] for line in checked.lines] == ["question.choice-unmarked]"]
    assert checked.book is not None and checked.book.questions[0].choices is None


def test_letters_out_of_order_are_no_options(make_book: Callable[..., Path]) -> None:
    folder = make_book({
        "book.yaml": "title: T\nauthor: A\nlanguage: en\n",
        "01.md": "# C\n\n## 1. Pick\n\n**Question:** Which?\n\n- B: one\n- A: two\n\n"
                 "**Answer:** A\n",
    })
    book = clean_book(folder)
    assert book.questions[0].choices is None


def test_chinese_answer_labels_and_full_width_marks(make_book: Callable[..., Path]) -> None:
    folder = make_book({
        "book.yaml": "title: 测验\nauthor: 作者\nlanguage: zh-CN\n",
        "01.md": "# 第一章\n\n## 1. 哪个是质数？\n\n**题目：** 选出质数。\n\n"
                 "- A．4\n- B．7\n- C．9\n\n"
                 "**答案：** 答案：B。7 只能被 1 和它自身整除。\n",
    })
    book = clean_book(folder)
    choices = book.questions[0].choices
    assert choices is not None and choices.key == "B"
    assert choices.explanation.text.startswith("7 只能")


def test_an_answer_that_repeats_the_option_text_does_not_repeat_it_as_explanation(
        make_book: Callable[..., Path]) -> None:
    folder = make_book({
        "book.yaml": "title: T\nauthor: A\nlanguage: en\n",
        "01.md": "# C\n\n## 1. Pick\n\n**Question:** Which?\n\n- A: `one`\n- B: `two`\n\n"
                 "**Answer:** B: `two`\n\nTwo is right.\n",
    })
    choices = clean_book(folder).questions[0].choices
    assert choices is not None and choices.key == "B"
    assert choices.explanation.text == "Two is right."


def test_a_chinese_dash_after_the_letter_ends_it(make_book: Callable[..., Path]) -> None:
    folder = make_book({
        "01.md": "# 第一章\n\n## 1. 选哪个？\n\n**题目：** 哪个对？\n\n- A．甲\n- B．乙\n\n"
                 "**答案：** **B** —— 因为乙对。\n\n## 2. 再选\n\n**题目：** 哪个对？\n\n"
                 "- A．甲\n- B．乙\n\n**答案：** A——甲对。\n",
    })
    read = [q.choices for q in clean_book(folder).questions]
    assert [c.key if c else None for c in read] == ["B", "A"]
    assert [c.explanation.text.strip() if c else None for c in read] == ["因为乙对。", "甲对。"]


def test_numbered_options_are_named_by_number(make_book: Callable[..., Path]) -> None:
    folder = make_book({
        "book.yaml": "title: T\nauthor: A\nlanguage: en\n",
        "01.md": "# C\n\n## 1. Pick\n\n**Question:** `[1, 2, 3][-1]`?\n\n- 1: 1\n- 2: 2\n- 3: 3\n\n"
                 "**Answer:** 3: 3\n\nA negative index counts from the end.\n\n"
                 "## 2. Pick\n\n**Question:** Which?\n\n- A: one\n- B: two\n\n"
                 "**Answer:** 2 of them are wrong.\n",
    })
    checked = load_and_check(folder)
    assert [line.rsplit("[", 1)[1] for line in checked.lines] == ["question.choice-unmarked]"]
    assert checked.book is not None
    first, second = checked.book.questions
    assert first.choices is not None and first.choices.numbered
    assert first.choices.key == "3"
    assert first.choices.explanation.text == "A negative index counts from the end."
    assert second.choices is None  # a number does not name a lettered option
