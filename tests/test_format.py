"""The book format: labels, metadata, numbering, inference and existing question banks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import clean_book, load_and_check

MakeBook = Callable[..., Path]
EN_YAML = "title: Test\nauthor: Me\nlanguage: en\n"


def test_english_labels_with_the_colon_outside_the_bold(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN_YAML, "q.md": "## 1. Ping\n\n**Question**: What?\n\n"
                        "**Answer**: This.\n\n**Example**: That.\n"})
    book = clean_book(folder)
    q = book.questions[0]
    assert [(p.key, p.content.text) for p in q.parts] == [
        ("question", "What?"), ("answer", "This."), ("example", "That.")]


def test_labels_can_be_renamed_in_book_yaml(make_book: MakeBook) -> None:
    yaml = EN_YAML + "parts:\n  question: {label: Q}\n  answer: {label: Model answer}\n" \
                     "  pitfalls: {label: Pitfalls, required: true}\n"
    folder = make_book({"book.yaml": yaml, "q.md": "## 1. Ping\n\n**Q:** What?\n\n"
                        "**Model answer:** This.\n\n**Pitfalls:** None.\n\n## 2. Pong\n\n"
                        "**Q:** Why?\n\n**Model answer:** Because.\n"})
    checked = load_and_check(folder)
    assert checked.lines == [f"{folder}/q.md:9:1: error: question 2 has no Pitfalls part "
                             "[question.missing-part]"]


def test_metadata_in_heading_attributes(make_book: MakeBook) -> None:
    folder = make_book({"01.md": '### 3. 合并区间 {#merge tags="数组, 排序" difficulty=medium}\n\n'
                                 "**题目：** 问\n\n**答案：** 答\n", "book.yaml":
                        "title: 书\nauthor: 我\nlanguage: zh\nquestions:\n  numbering: none\n"})
    checked = load_and_check(folder)
    assert checked.book is not None and checked.lines == []
    q = checked.book.questions[0]
    assert (q.id, q.tags, q.difficulty, q.title.text) == (
        "merge", ("数组", "排序"), "medium", "3. 合并区间")  # numbering: none keeps it


def test_an_unlabelled_bank_reads_title_as_question_and_body_as_answer(
        make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN_YAML, "bank.md":
                        "# Python interview\n\n## What is a generator?\n\nA function that "
                        "`yield`s.\n\n- lazy\n- resumable\n\n## What is GIL?\n\nA lock.\n"})
    book = clean_book(folder)
    first, second = book.questions
    assert (first.number, first.id, first.labelled) == (1, "q1", False)
    assert first.prompt.text == "What is a generator?"
    answer = first.part("answer")
    assert answer is not None and "<li>lazy</li>" in answer.content.html
    assert second.number == 2


def test_heading_level_is_inferred_from_where_labels_sit(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "# 书\n\n## 第一部分\n\n### 1. 甲\n\n**题目：** 问\n\n"
                                 "**答案：** 答\n\n#### 细节\n\n更多。\n\n## 第二部分\n\n"
                                 "### 2. 乙\n\n**题目：** 问\n\n**答案：** 答\n"})
    book = clean_book(folder)
    assert [q.title.text for q in book.questions] == ["甲", "乙"]
    answer = book.questions[0].part("answer")
    # Chapter h1, question h2, part label h3: a sub-heading inside a part is h4.
    assert answer is not None and "<h4>细节</h4>" in answer.content.html
    assert [s.title.text for s in book.sections if s.title] == ["第一部分", "第二部分"]


def test_each_file_is_a_chapter_when_there_are_no_chapter_headings(make_book: MakeBook) -> None:
    folder = make_book({"01-basics.md": "---\ntitle: 基础\n---\n## 1. 甲\n\n**题目：** 问\n\n"
                                        "**答案：** 答\n",
                        "02-advanced-topics.md": "## 2. 乙\n\n**题目：** 问\n\n**答案：** 答\n"})
    book = clean_book(folder)
    assert [c.title.text for c in book.chapters] == ["基础", "advanced topics"]


def test_per_chapter_numbering(make_book: MakeBook) -> None:
    yaml = "title: 书\nauthor: 我\nlanguage: zh\nquestions:\n  numbering: per-chapter\n"
    body = "**题目：** 问\n\n**答案：** 答\n"
    folder = make_book({"book.yaml": yaml, "01.md": f"# 一\n\n## 1. 甲\n\n{body}\n## 2. 乙\n\n"
                        f"{body}\n# 二\n\n## 1. 丙\n\n{body}"})
    book = clean_book(folder)
    assert [q.id for q in book.questions] == ["q1-1", "q1-2", "q2-1"]


def test_cjk_emphasis_next_to_fullwidth_punctuation_and_soft_breaks(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 这是**加粗，**后面\n的文字。\n\n"
                                 "**答案：** 答\n"})
    checked = load_and_check(folder)
    assert checked.book is not None
    prompt = checked.book.questions[0].prompt
    assert "<strong>加粗，</strong>后面的文字" in prompt.html  # no space from the line break
    assert prompt.text == "这是加粗，后面的文字。"


def test_code_is_highlighted_and_footnotes_are_kept(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问[^n]\n\n**答案：**\n\n"
                                 "```python\ndef f(x):\n    return x < 1\n```\n\n[^n]: 注释。\n"})
    book = clean_book(folder)
    q = book.questions[0]
    answer = q.part("answer")
    assert answer is not None
    assert '<pre class="highlight" data-lang="python"><code><span class="k">def</span>' in \
        answer.content.html
    assert "return x < 1" in answer.content.text
    [note] = q.footnotes
    assert note.number == 1 and "注释。" in note.html
    assert f'href="#{note.anchor}"' in q.prompt.html


def test_raw_html_is_shown_as_text(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** <script>alert(1)</script>\n\n"
                                 "**答案：** 答\n"})
    checked = load_and_check(folder)
    assert checked.book is not None
    assert "&lt;script&gt;" in checked.book.questions[0].prompt.html
    assert "<script>" not in checked.book.questions[0].prompt.html


def test_template_syntax_in_content_is_literal(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** {{ 7*7 }}\n\n**答案：** 答\n"})
    checked = load_and_check(folder)
    assert checked.book is not None
    assert checked.book.questions[0].prompt.text == "{{ 7*7 }}"


def test_the_complete_example_in_the_format_docs_checks_clean(make_book: MakeBook) -> None:
    import re

    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "content-format.md").read_text("utf-8")
    example = doc[doc.index("## A complete example"):]
    yaml = re.search(r"```yaml\n(.*?)```", example, re.S)
    markdown = re.search(r"````markdown\n(.*?)````", example, re.S)
    assert yaml and markdown
    folder = make_book({"book.yaml": yaml.group(1), "01-basics.md": markdown.group(1)})
    book = clean_book(folder)
    assert [q.id for q in book.questions] == ["is-vs-eq", "generators"]
    assert [c.title.text for c in book.chapters] == ["Basics", "Wrap-up"]
