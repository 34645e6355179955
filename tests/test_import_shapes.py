"""``cuebook import`` on the shapes public question banks are written in: multiple-choice
READMEs and their translations (numbered paragraphs in a right-to-left wrapper, one-line
triple-backtick code, answers folded in ``<details>``), each a fixture under
``tests/fixtures/import-shapes``, read back through the book a build would read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, clean_book
from tests.conservation import share_kept, unaccounted
from tests.importing import run_import

SHAPES = ROOT / "tests" / "fixtures" / "import-shapes"


def _config(book: Path) -> dict[str, object]:
    loaded = yaml.safe_load((book / "book.yaml").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


# Language --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "language"), [
    ("mc-ar", "ar"), ("mc-th", "th"), ("mc-ja", "ja"), ("mc-en", "en")])
def test_the_language_is_told_by_the_scripts_of_the_text(
        fixture: str, language: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Japanese has kana among its Han characters: it is not Chinese."""
    code, _ = run_import(capsys, SHAPES / fixture, tmp_path / "book")
    assert code == 0
    assert _config(tmp_path / "book")["language"] == language


@pytest.mark.parametrize(("question", "answer", "language"), [
    ("מה ההבדל בין let ל-const?", "משתנה שהוגדר עם const אי אפשר להציב בו ערך חדש.", "he"),
    ("클로저란 무엇인가요?", "함수가 만들어질 때의 변수들을 기억하는 함수입니다.", "ko"),
    ("Что такое замыкание?", "Функция, которая помнит переменные места, где её создали.", "ru"),
    ("什么是闭包？", "闭包是能够读取其他函数内部变量的函数。", "zh-CN"),
    ("What is a closure?", "A function that keeps the variables of the place it was made.", "en"),
], ids=["he", "ko", "ru", "zh", "en"])
def test_a_bank_in_hebrew_korean_russian_chinese_or_english_says_so(
        question: str, answer: str, language: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = _import_readme(
        tmp_path, capsys,
        f"# JS\n\n## 1. {question}\n\n{answer} `const f = () => x;`\n\n"
        f"## 2. {question} (2)\n\n{answer}\n")
    assert code == 0
    assert _config(tmp_path / "book")["language"] == language


# Title and author ------------------------------------------------------------------------------

def test_the_title_is_the_first_h1_even_written_in_html(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``<h1 align="center">`` inside a centred ``<div>``, not the folder's name; no author
    the source does not name."""
    code, _ = run_import(capsys, SHAPES / "mc-en", tmp_path / "book")
    assert code == 0
    config = _config(tmp_path / "book")
    assert config["title"] == "Tricky TypeScript Quiz"
    assert "author" not in config


def test_the_author_is_the_owner_of_the_repository_cloned(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clone = tmp_path / "ts-quiz"
    shutil.copytree(SHAPES / "mc-en", clone)
    (clone / ".git").mkdir()
    (clone / ".git" / "config").write_text(
        '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://github.com/someone/x\n'
        '[remote "origin"]\n\turl = git@github.com:ada-l/ts-quiz.git\n'
        '\tfetch = +refs/heads/*:refs/remotes/origin/*\n', "utf-8")
    code, _ = run_import(capsys, clone, tmp_path / "book")
    assert code == 0
    assert _config(tmp_path / "book")["author"] == "ada-l"


# One-line triple-backtick code -----------------------------------------------------------------

def _questions(book: Path) -> list[tuple[str, dict[str, str]]]:
    """(title, {part key: text}) of every question of an imported book, in order."""
    loaded = clean_book(book)
    return [(q.title.text, {p.key: p.content.text.strip() for p in q.parts})
            for c in loaded.chapters for q in c.questions]


def test_triple_backticks_opened_and_closed_on_one_line_are_inline_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """```` ```const getUser = …``` ```` opens no fence: the questions after it are kept."""
    code, _ = run_import(capsys, SHAPES / "mc-th", tmp_path / "book")
    assert code == 0
    questions = _questions(tmp_path / "book")
    assert len(questions) == 4
    title, parts = questions[1]
    assert title == "ฟังก์ชันนี้คืนค่าอะไร?"
    assert 'const getUser = () => ({ name: "Som" })' in " ".join(parts.values())
    assert questions[3][0].startswith("ตัวแปร let ในลูป")


def test_an_image_after_a_one_line_code_span_is_still_carried(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Images are carried into media/ outside code only: the span ends on its line."""
    shutil.copy(ROOT / "tests" / "fixtures" / "import-bank" / "diagram.png", tmp_path)
    code, diags, _ = _import_readme(
        tmp_path, capsys,
        "# Q\n\n## 1. What is x?\n\n```let x = 1``` binds x.\n\n"
        "![how x is bound](diagram.png)\n\n## 2. What is y?\n\nAnother.\n")
    assert (code, diags) == (0, [])
    assert (tmp_path / "book" / "media" / "diagram.png").is_file()


# Multiple-choice READMEs -----------------------------------------------------------------------

def _import_readme(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   text: str) -> tuple[int, list[str], Path]:
    """``text`` as ``tmp_path/README.md``, imported into ``tmp_path/book``: the exit code,
    the diagnostics and the README's path."""
    readme = tmp_path / "README.md"
    readme.write_text(text, "utf-8")
    code, diags = run_import(capsys, readme, tmp_path / "book")
    return code, diags, readme


def _mc(book: Path) -> list[tuple[str, str, str]]:
    """(title, question part, answer part) of each question."""
    return [(title, parts.get("question", ""), parts.get("answer", ""))
            for title, parts in _questions(book)]


def test_a_multiple_choice_readme_keeps_code_and_options_in_front_and_names_the_answer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``#### Answer: B`` folded in ``<details>`` is no chapter: it names the right option,
    with its text, before the explanation."""
    code, diags = run_import(capsys, SHAPES / "mc-en", tmp_path / "book")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "book")
    assert [c.title.text for c in book.chapters] == ["Tricky TypeScript Quiz"]
    questions = _mc(tmp_path / "book")
    assert [q[0] for q in questions] == [
        "What does this print?", "What is the type of x?", "Which of these is true?"]
    _, front, back = questions[0]
    assert "console.log(count++);" in front
    assert all(option in front for option in ("A: 0", "B: 1", "C: 2", "D: NaN"))
    assert back.startswith("B: 1\nThe postfix operator returns the value before adding one")
    assert questions[1][2].startswith('B: readonly [1, "two"]\nas const keeps')
    assert questions[2][2].startswith('C: [] + [] is ""\nBoth arrays')
    assert "Answer: " not in " ".join(q[2] for q in questions)
    read = [q.choices for q in book.questions]
    assert [(c.key, len(c.options)) if c else None for c in read] == [("B", 4), ("B", 4), ("C", 4)]


@pytest.mark.parametrize(("fixture", "answers"), [
    ("mc-ar", ["A: 4", 'C: "object"', "D: 0"]),
    ("mc-th", ['B: "11"', 'B: { name: "Som" }', 'C: "number"', "B: ไม่ใช่ แต่ละรอบได้ตัวแปรใหม่"]),
    ("mc-ja", ["A: true", 'B: "string"']),
], ids=["ar", "th", "ja"])
def test_translations_name_the_right_option_whatever_the_word_for_answer(
        fixture: str, answers: list[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, diags = run_import(capsys, SHAPES / fixture, tmp_path / "book")
    assert (code, diags) == (0, [])
    questions = _mc(tmp_path / "book")
    assert [back.split("\n")[0] for _, _, back in questions] == answers
    assert all("- A:" not in back and "A: " in front for _, front, back in questions)
    # Each is a multiple-choice question of the model: its options and its right letter.
    keys = [q.choices.key if q.choices else None for q in clean_book(tmp_path / "book").questions]
    assert keys == [answer.split(":")[0] for answer in answers]


def test_questions_written_as_numbered_paragraphs_in_a_right_to_left_wrapper_are_all_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``1. ماهو الناتج ؟`` paragraphs inside ``<div dir='rtl'>``: each a question, with its
    code and options in front."""
    code, diags = run_import(capsys, SHAPES / "mc-ar", tmp_path / "book")
    assert (code, diags) == (0, [])
    assert _config(tmp_path / "book")["title"] == "أسئلة جافاسكربت المتقدمة"
    questions = _mc(tmp_path / "book")
    assert [q[0] for q in questions] == [
        "ماهو الناتج ؟", "ماهو الناتج ؟", "أي من هذه القيم تعتبر خاطئة (falsy) ؟"]
    assert 'const name = "Sara";' in questions[0][1]
    assert "المصفوفات في جافاسكربت كائنات" in questions[1][2]


def test_a_numbered_list_in_an_answer_is_no_question(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, diags, _ = _import_readme(
        tmp_path, capsys,
        "# Steps\n\n## 1. How is a request served?\n\n1. The socket accepts it.\n\n"
        "2. A worker parses it.\n\n3. The handler answers.\n\n"
        "## 2. What is a worker?\n\nA process that serves requests.\n")
    assert (code, diags) == (0, [])
    assert [q[0] for q in _mc(tmp_path / "book")] == [
        "How is a request served?", "What is a worker?"]


# Conservation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture", [
    "import-shapes/mc-en", "import-shapes/mc-ar", "import-shapes/mc-th", "import-shapes/mc-ja",
    "import-bank"])
def test_every_text_line_of_a_bank_is_in_the_book_or_said_left_out(
        fixture: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = ROOT / "tests" / "fixtures" / fixture
    code, diags = run_import(capsys, source, tmp_path / "book")
    assert code == 0
    assert unaccounted(source / "README.md", tmp_path / "book", diags) == []
    assert all("[import.dropped]" in d for d in diags)


def test_the_conservation_check_sees_a_line_that_is_nowhere(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.yaml").write_text("title: T\nfiles: [a.md]\n", "utf-8")
    (book / "a.md").write_text("# T\n\n## 1. What is kept?\n\n**Answer:** B: `1`\n", "utf-8")
    source = tmp_path / "README.md"
    source.write_text("<div>\n\n###### 7. What is *kept*?\n\n#### Answer: B\n\n---\n\n"
                      "Lost words.\n\nLeft out on purpose.\n", "utf-8")
    said = [f"{source}:11:1: warning: left out: a table of contents (line 11) [import.dropped]"]
    assert unaccounted(source, book, said) == [(9, "Lost words.")]
    assert share_kept(source, book, said) == (3, 4)


def test_a_heading_among_a_chapters_text_stays_as_bold_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, diags, readme = _import_readme(
        tmp_path, capsys,
        "# Guide\n\n## Basics\nSome words.\n#### Tips\nRead the docs.\n\n"
        "### 1. What is a thing?\n\nA thing.\n\n### 2. What is another?\n\n"
        "Another.\n")
    assert (code, diags) == (0, [])
    chapter = (tmp_path / "book" / "01-basics.md").read_text("utf-8")
    assert "Some words.\n\n**Tips**\nRead the docs." in chapter
    assert unaccounted(readme, tmp_path / "book", diags) == []


def test_numbered_paragraphs_after_a_numbered_table_of_contents_are_the_questions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, diags, readme = _import_readme(
        tmp_path, capsys,
        "# Quiz\n\n1. [First](#1-what-is-x)\n2. [Second](#2-what-is-y)\n"
        "3. [Third](#3-what-is-z)\n\n---\n1. What is x?\n\n- A: one\n- B: two\n\n"
        "<details><summary>Answer</summary>\n\n#### Answer: A\n\nIt is one.\n</details>\n\n"
        "---\n2. What is y?\n\nIt is `y`.\n\n---\n3. What is z?\n\nIt is `z`.\n")
    assert code == 0
    assert [q[0] for q in _mc(tmp_path / "book")] == ["What is x?", "What is y?", "What is z?"]
    assert _mc(tmp_path / "book")[0][2] == "A: one\nIt is one."
    assert unaccounted(readme, tmp_path / "book", diags) == []


def test_a_readme_of_numbered_paragraphs_without_any_heading_is_imported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, diags, _ = _import_readme(
        tmp_path, capsys,
        "".join(f"{n}. Что выведет код {n}?\n\n```js\nconsole.log({n})\n```\n\n"
                f"<details><summary>Ответ</summary>\n\nЧисло {n}.\n</details>\n\n"
                for n in range(1, 4)))
    assert (code, diags) == (0, [])
    questions = _mc(tmp_path / "book")
    assert [(q[0], q[2]) for q in questions] == [
        (f"Что выведет код {n}?", f"Число {n}.") for n in range(1, 4)]
    assert _config(tmp_path / "book")["language"] == "ru"
