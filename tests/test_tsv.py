"""The TSV export, read back as Anki's text importer reads it, and the Quizlet export as
Quizlet's import reads it."""

from __future__ import annotations

import csv
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cuebook.book.model import Book, Question
from cuebook.formats.registry import available
from cuebook.render.notes import note_guid
from tests.conftest import ROOT, load_and_check, write_book
from tests.test_anki import BOOK_FILES, build_apkg, context, make_tricky_book, open_apkg

HEADER = ["#separator:tab", "#html:true", "#notetype:Basic", "#deck column:4",
          "#tags column:3", "#guid column:5"]


def build_tsv(book: Book, out: Path) -> Path:
    tsv, quizlet = available()["tsv"].write(book, context(out))
    assert (tsv.name, quizlet.name) == (f"{book.slug}.tsv", f"{book.slug}-quizlet.txt")
    return tsv


def quizlet_file(tsv: Path) -> Path:
    return tsv.with_name(tsv.stem + "-quizlet.txt")


def read_quizlet(path: Path) -> list[tuple[str, str]]:
    """Cards as Quizlet's import reads pasted text with its defaults: a card per line, the
    term before the first tab, the definition after it, no quoting, the text as it is."""
    cards = []
    for line in path.read_text("utf-8").split("\n"):
        if line:
            term, tab, definition = line.partition("\t")
            assert tab and "\t" not in definition, f"not term<TAB>definition: {line!r}"
            cards.append((term, definition))
    return cards


#: What Quizlet would show as markup: tags of the renderer's HTML, and entities.
MARKUP = re.compile(r"</?(?:br|p|span|code|pre|ul|ol|li|strong|em|a|div|section|sup|img|h\d)\b"
                    r"|&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)


def read_tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header lines and records as a CSV reader sees them (Anki's is the Rust csv crate)."""
    lines = path.read_text("utf-8").splitlines()
    header = [ln for ln in lines if ln.startswith("#")]
    records = list(csv.reader([ln for ln in lines if not ln.startswith("#")], delimiter="\t"))
    return header, records


def decode(cell: str) -> str:
    """What Anki shows for an HTML cell, as text."""
    return html.unescape(cell.replace("<br>", "\n"))


def expected_front(question: Question) -> str:
    part = question.part("question")
    return question.title.text + (f"\n{part.content.text}" if part else "")


def expected_back(question: Question) -> str:
    answer = question.part("answer")
    assert answer is not None
    others = [f"{p.label}：{p.content.text}" for p in question.parts
              if p.key not in ("question", "answer")]
    return "\n\n".join([answer.content.text, *others])


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> tuple[Book, Path]:
    root = tmp_path_factory.mktemp("tsv")
    book = make_tricky_book(root / "tricky")
    return book, build_tsv(book, root / "out")


def test_header_lines_come_first(tricky: tuple[Book, Path]) -> None:
    _, path = tricky
    text = path.read_text("utf-8")
    assert text.splitlines()[:6] == HEADER
    assert not text.startswith("\ufeff") and text.endswith("\n") and "\r" not in text


def test_every_note_is_one_line_of_five_unquoted_columns(tricky: tuple[Book, Path]) -> None:
    book, path = tricky
    lines = path.read_text("utf-8").splitlines()[len(HEADER):]
    assert len(lines) == len(book.questions) == 3
    # Quizlet splits cards on new lines and term from definition on the tab, with no quoting.
    assert [ln.count("\t") for ln in lines] == [4, 4, 4]
    assert [ln.split("\t") for ln in lines] == read_tsv(path)[1]
    assert not any(ln.startswith("#") for ln in lines)


def test_records_parse_back_to_the_questions(tricky: tuple[Book, Path]) -> None:
    book, path = tricky
    _, records = read_tsv(path)
    for question, (front, back, _, _, _) in zip(book.questions, records, strict=True):
        notes = "".join(f"\n[{n.number}] 参见 PEP 255。" for n in question.prompt.footnotes)
        assert decode(front) == expected_front(question) + notes
        assert decode(back) == expected_back(question)
    fronts = [decode(r[0]) for r in records]
    backs = [decode(r[1]) for r in records]
    # The awkward characters really were there, and came back.
    assert "\t" in fronts[1] and "\n" in fronts[1]
    assert '"a\\tb"' in backs[0] and "\tyield" in backs[0] and "<b> & co" in backs[0]
    assert backs[1].startswith('"引号" 开头') and "a < b & c > d" in backs[1]
    assert backs[1].endswith("\n\n举例：浏览器缓存。")
    assert "易错点：生成器只能遍历一次。" in backs[0]
    assert "架构图" in backs[0]  # an image as its alt text
    assert fronts[2].startswith("#1 热门问题") and records[2][0].startswith("&#35;1")


def test_tags_decks_and_guids_match_the_anki_package(tricky: tuple[Book, Path],
                                                     tmp_path: Path) -> None:
    book, path = tricky
    _, records = read_tsv(path)
    assert [r[2] for r in records] == ["函数 dynamic_programming difficulty::easy", "缓存", ""]
    assert [r[3] for r in records] == ["测试书::1 基础", "测试书::1 基础", "测试书::2 进阶 : 高级"]
    guids = [r[4] for r in records]
    assert guids == [note_guid(book.slug, q.id) for q in book.questions]
    assert set(guids) == set(open_apkg(build_apkg(book, tmp_path)).notes)


def test_the_same_book_gives_the_same_file_and_a_fix_keeps_the_guid(tmp_path: Path) -> None:
    book = make_tricky_book(tmp_path / "book")
    first = build_tsv(book, tmp_path / "a").read_text("utf-8")
    assert build_tsv(book, tmp_path / "b").read_text("utf-8") == first
    edited = str(BOOK_FILES["02-more.md"]).replace("第三题的答案。", "改过的答案。")
    changed = make_tricky_book(tmp_path / "book", {"02-more.md": edited})
    _, records = read_tsv(build_tsv(changed, tmp_path / "c"))
    assert [r[4] for r in records] == [r[4] for r in read_tsv(tmp_path / "a" / "book.tsv")[1]]
    assert decode(records[2][1]) == "改过的答案。"


def test_a_deck_name_starting_with_a_quote_is_quoted_as_csv(tmp_path: Path) -> None:
    folder = write_book(tmp_path / "quoted", {
        "book.yaml": 'title: \'"Py" Q&A\'\nauthor: A\nlanguage: en\n',
        "01.md": "# Basics\n\n## 1. Why?\n\n**Question:** Why?\n\n**Answer:** Because.\n",
    })
    checked = load_and_check(folder)
    assert checked.book is not None and checked.lines == []
    path = build_tsv(checked.book, tmp_path / "out")
    line = path.read_text("utf-8").splitlines()[-1]
    assert line.split("\t")[3] == '"""Py"" Q&A::1 Basics"'
    [record] = read_tsv(path)[1]
    assert record[:4] == ["Why?\nWhy?".replace("\n", "<br>"), "Because.", "",
                          '"Py" Q&A::1 Basics']
    assert re.fullmatch(r"[^\s\"]+", record[4])


def test_no_cell_starts_a_spreadsheet_formula(tmp_path: Path) -> None:
    """A spreadsheet opening the TSV or the Quizlet text runs a cell that starts with ``=``,
    ``+``, ``-`` or ``@`` (``=HYPERLINK(…)``): each is written so it reads as text, and Anki
    and Quizlet still show the same characters."""
    folder = write_book(tmp_path / "formulas", {
        "book.yaml": "title: '=HYPERLINK(\"http://x\")'\nauthor: A\nlanguage: en\n",
        "01.md": "# -Basics\n\n## 1. =1+1\n\n**Question:** @SUM(A1)\n\n"
                 "**Answer:** +cmd|' /C calc'!A0\n",
    })
    checked = load_and_check(folder)
    assert checked.book is not None
    path = build_tsv(checked.book, tmp_path / "out")
    [record] = read_tsv(path)[1]
    for cell in record[:4]:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    assert decode(record[0]) == "=1+1\n@SUM(A1)"
    assert decode(record[1]) == "+cmd|' /C calc'!A0"
    assert record[3].strip() == '=HYPERLINK("http://x")::1 -Basics'
    [(term, definition)] = read_quizlet(quizlet_file(path))
    assert not term.startswith(("=", "+", "-", "@"))
    assert not definition.startswith(("=", "+", "-", "@"))
    assert term.strip().startswith("=1+1") and term.endswith("@SUM(A1)")
    assert definition.strip() == "+cmd|' /C calc'!A0"


# The Quizlet export ----------------------------------------------------------------------------


def test_quizlet_reads_one_plain_card_a_line(tricky: tuple[Book, Path]) -> None:
    book, path = tricky
    raw = quizlet_file(path).read_bytes().decode("utf-8")
    assert not raw.startswith("\ufeff") and raw.endswith("\n") and "\r" not in raw
    assert not raw.startswith("#")  # no header: Quizlet would make it a card
    cards = read_quizlet(quizlet_file(path))
    assert len(cards) == len(book.questions) == 3
    for term, definition in cards:
        assert MARKUP.search(term + definition) is None, (term, definition)
    (_, first), (term, second), (third, _) = cards
    # Tabs become spaces; line breaks, lists and parts are written with plain characters.
    assert term == "LRU 缓存 ↵ 如何实现 LRU？ Tab 在这里。"
    assert second == '"引号" 开头；用 OrderedDict，a < b & c > d。 ↵ 举例：浏览器缓存。'
    assert 'def gen(): ↵ yield "a\\tb" # a tab, quotes, <b> & co' in first
    assert "架构图" in first and "易错点：生成器只能遍历一次。" in first
    assert third.startswith("#1 热门问题")
    assert cards[0][0].endswith("[1] 参见 PEP 255。")  # the footnote of the prompt


@pytest.mark.parametrize("slug", ["interview", "drills"])
def test_quizlet_cards_hold_every_question_and_answer_of_the_fixture_books(
        tmp_path: Path, slug: str) -> None:
    from tests.conftest import LIBRARY

    checked = load_and_check(LIBRARY / slug)
    assert checked.book is not None
    book = checked.book
    cards = read_quizlet(quizlet_file(build_tsv(book, tmp_path)))
    assert len(cards) == len(book.questions)

    def bare(text: str) -> str:
        return re.sub(r"\s+|[•↵]|\[\d+\]", "", text)

    for question, (term, definition) in zip(book.questions, cards, strict=True):
        assert MARKUP.search(term + definition) is None, question.id
        assert bare(question.title.text) in bare(term)
        answer = question.part("answer")
        assert answer is not None
        # Formulas are the TeX in the model's text and Unicode text on a Quizlet card: the
        # answer's text around them is compared.
        pieces = re.split(r"\\\[.*?\\\]|\\\(.*?\\\)", answer.content.text, flags=re.S)
        assert all(bare(p) in bare(definition) for p in pieces), question.id
        # Each list item of the answer starts with a bullet (or its number).
        items = re.findall(r"<li>(.*?)</li>", answer.content.html, re.S)
        for item in items:
            start = re.sub(r"<[^>]+>", "", item).strip()[:6]
            assert re.search(r"(?:• |\d+\. )" + re.escape(start), definition), start
    assert any("• " in d for _, d in cards)


def test_the_text_exports_do_not_load_the_deck_writer() -> None:
    """The TSV and Quizlet files share the deck's ids, not its writer (nor genanki)."""
    code = ("import sys; import cuebook.formats.tsv.writer; "
            "print(sorted(m for m in sys.modules if m == 'genanki' or m.endswith('anki.writer')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
