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


# Reading rules (cuebook/source/labels.py; docs/content-format.md "How a question is read")

def _answer_text(folder: Path, index: int = 0) -> str:
    book = clean_book(folder)
    answer = book.questions[index].part("answer")
    assert answer is not None
    return answer.content.text


def test_bold_lead_ins_in_a_label_free_bank_are_answer_text(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN_YAML, "bank.md":
                        "# Python\n\n## What is an iterator?\n\nAn object with `__next__`.\n\n"
                        "**Iterable:** anything `iter()` accepts.\n\n**Pros:** lazy.\n\n"
                        "**Explanation:** one value at a time.\n\n**Usage Example:**\n\n"
                        "```python\nit = iter([1])\n```\n\n**Solution:** call `next`.\n"})
    text = _answer_text(folder)
    for lead in ("Iterable:", "Pros:", "Explanation:", "Usage Example:", "Solution:", "it ="):
        assert lead in text
    assert text.startswith("An object with")


def test_a_label_free_question_keeps_its_answer_when_a_later_paragraph_is_an_example(
        make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN_YAML, "bank.md":
                        "## What is a closure?\n\nA function that keeps its scope.\n\n"
                        "**Pros:** state without a class.\n\n**Example:**\n\n"
                        "```python\ndef f():\n    x = 1\n    return lambda: x\n```\n"})
    book = clean_book(folder)
    q = book.questions[0]
    assert (q.labelled, [p.key for p in q.parts]) == (False, ["answer", "example"])
    assert q.prompt.text == "What is a closure?"
    answer, example = q.parts
    assert "keeps its scope" in answer.content.text and "Pros:" in answer.content.text
    assert "lambda: x" in example.content.text and "keeps" not in example.content.text
    assert answer.location.line == 3 and example.location.line == 7


def test_a_question_that_opens_with_an_answer_label_is_labelled(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN_YAML, "bank.md":
                        "## 1. Ping\n\n**Answer:** Pong.\n\n**Pros:** fast.\n"})
    checked = load_and_check(folder)
    # Labelled, so its required parts are checked: the Question label is missing.
    assert checked.codes == ["question.missing-part"] and checked.book is not None
    q = checked.book.questions[0]
    assert q.labelled and [p.key for p in q.parts] == ["answer"]
    assert "Pros: fast." in q.parts[0].content.text


def test_near_misses_only_for_really_close_names_of_missing_parts(make_book: MakeBook) -> None:
    body = ("**题目：** 问\n\n**答案：** 答\n\n**解释：** 不是“解答”的笔误。\n\n"
            "**举列：** 例\n")
    folder = make_book({"01.md": f"#### 1. 甲\n\n{body}"})
    assert load_and_check(folder).lines == [
        f"{folder}/01.md:9:1: warning: '举列' is read as text, not as the label '举例' it looks "
        "like; write **举例：** to start that part [question.near-label]"]
    english = make_book({"book.yaml": EN_YAML, "q.md": "## 1. A\n\n**Question:** Q?\n\n"
                         "**Answr:** yes.\n\n**Pros:** short.\n\n**Prompts:** none.\n"},
                        name="en")
    assert load_and_check(english).lines == [
        f"{english}/q.md:5:1: error: unknown part label 'Answr' (did you mean 'Answer'?) "
        "[question.unknown-label]"]


def test_a_label_without_its_colon_is_named_as_such(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN_YAML, "q.md": "## 1. A\n\n**Question:** Why?\n\n"
                        "**Answer**\n\nBecause.\n"})
    checked = load_and_check(folder)
    assert checked.lines == [
        f"{folder}/q.md:5:1: error: found **Answer** without a colon; write **Answer:** to "
        "start the Answer part [question.label-colon]"]
    assert checked.book is not None
    answer = checked.book.questions[0].part("answer")
    assert answer is not None and answer.content.text == "Because."


def test_an_undefined_footnote_is_a_located_error(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问[^1]\n\n**答案：** 答，见\n注释"
                                 "[^nope]，`[^code]` 和 \\[^text] 不算。\n\n[^1]: 有。\n"})
    assert load_and_check(folder).lines == [
        f"{folder}/01.md:6:3: error: footnote [^nope] is not defined (write a line "
        "'[^nope]: …') [footnote.undefined]"]


def test_numbers_that_restart_in_each_file_suggest_per_chapter_numbering(
        make_book: MakeBook) -> None:
    body = "**题目：** 问\n\n**答案：** 答\n\n"
    folder = make_book({"01.md": f"# 一\n\n## 1. 甲\n\n{body}## 2. 乙\n\n{body}",
                        "02.md": f"# 二\n\n## 1. 丙\n\n{body}## 3. 丁\n\n{body}"})
    assert load_and_check(folder).lines == [
        f"{folder}/02.md:3:1: warning: question numbers start again at 1 in each of 2 chapters "
        "(here after 2); to number each chapter on its own, set 'questions: {numbering: "
        "per-chapter}' in book.yaml [question.numbering-restarts]",
        f"{folder}/02.md:9:1: warning: question 3 follows 1; number 2 is missing "
        "[question.number-gap]"]


def test_the_label_free_example_in_the_format_docs_reads_as_the_docs_say(
        make_book: MakeBook) -> None:
    import re

    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "content-format.md").read_text("utf-8")
    section = doc[doc.index("**2. Label-free.**"):doc.index("**3. Near misses.**")]
    markdown = re.search(r"````markdown\n(.*?)````", section, re.S)
    assert markdown
    q = clean_book(make_book({"book.yaml": EN_YAML, "q.md": markdown.group(1)})).questions[0]
    answer, example = q.parts
    assert q.prompt.text == "What is a closure?"
    assert answer.content.text.startswith("A function") and \
        answer.content.text.endswith("not a copy.")
    assert "Pros:" in answer.content.text and "Explanation:" in answer.content.text
    assert example.key == "example" and "nonlocal n" in example.content.text


def test_a_word_near_an_optional_label_stays_text_with_a_warning(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 答\n\n"
                                 "**例如：** 缓存命中率从 60% 提到 90%。\n"})
    checked = load_and_check(folder)
    assert checked.codes == ["question.near-label"] and not checked.diags.failed()
    assert checked.book is not None
    q = checked.book.questions[0]
    answer = q.part("answer")
    assert q.part("example") is None and answer is not None
    assert "<strong>例如：</strong> 缓存命中率" in answer.content.html


def test_really_close_means_one_edit_or_two_from_eight_letters() -> None:
    from cuebook.source.labels import edit_distance, really_close

    assert edit_distance("anwser", "answer") == 1  # a swap is one edit
    assert [really_close(w, n) for w, n in [
        ("答按", "答案"), ("answr", "answer"), ("qusetion", "question"), ("questn", "question"),
        ("pros", "prompt"), ("iterable", "example"), ("b", "a"), ("q", "q"),
        ("explanation", "example"), ("usage example", "example")]] == [
        True, True, True, True, False, False, False, False, False, False]


def test_a_label_free_bank_still_reports_its_real_defects(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN_YAML, "bank.md":
                        "## What is a deque?\n\n**Pros:** O(1) at both ends; see [heaps](#heap)."
                        "\n\n## Where are the docs?\n\n[Python docs](www.python.org)\n\n"
                        "## Show a loop\n\n**Usage Example:**\n\n```python\nfor i in range(3):\n"
                        "    print(i)\n"})
    assert load_and_check(folder).lines == [
        f"{folder}/bank.md:3:42: error: link to '#heap': no heading or question has that anchor "
        "[link.broken-anchor]",
        f"{folder}/bank.md:7:15: error: link to 'www.python.org': no such file; for a web address "
        "write https://www.python.org [link.missing-file]",
        f"{folder}/bank.md:13:1: error: code block opened with ``` is never closed "
        "[markdown.unclosed-fence]"]


def test_a_slip_in_the_opening_label_is_found_where_the_book_uses_labels(
        make_book: MakeBook) -> None:
    good = "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 答\n\n"
    slip = "#### 2. 乙\n\n**题木：** 问\n\n**答案：** 答\n"
    labelled = make_book({"01.md": good + slip}, name="labelled")
    assert load_and_check(labelled).lines == [
        f"{labelled}/01.md:9:1: error: unknown part label '题木' (did you mean '题目'?) "
        "[question.unknown-label]"]
    # Alone, the same question reads label-free: its text, slip and all, is the answer.
    alone = make_book({"01.md": slip.replace("#### 2.", "#### 1.")}, name="alone")
    q = clean_book(alone).questions[0]
    assert not q.labelled and [p.key for p in q.parts] == ["answer"]


def test_a_bold_optional_part_name_without_a_colon_is_prose(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN_YAML, "q.md": "## 1. A\n\n**Question:** Why?\n\n"
                        "**Answer:** Because.\n\n**Example** of the same idea in code:\n\n"
                        "```python\nx = 1\n```\n"})
    q = clean_book(folder).questions[0]
    assert [p.key for p in q.parts] == ["question", "answer"]
    assert "Example of the same idea" in q.parts[1].content.text
