"""Books in the shapes people already write, built as a user would (``build.py``, every format).

- ``label-free-bank``: 32 English questions, "one heading per question, answer below", answers
  with bold lead-ins (``**Pros:**``, ``**Iterable:**``, ``**Usage Example:**``) and one
  ``**Example:**``; code, a table, emoji and several scripts.
- ``zh-notes``: Chinese study notes, ``#`` chapters then ``###`` questions (a skipped level),
  ``##`` sections in one file, ``####`` sub-headings, numbers restarting in each file.

Their diagnostics are asserted by tests/test_check.py from each ``expected.txt``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import html as lxml_html

from bench.synth import write_book as synth_book
from cuebook.book.model import Book, Question
from tests.conftest import FIXTURES, ROOT, clean_book, load_and_check
from tests.test_content import _source_blocks, _squash
from tests.validators import ACE, CHROMIUM, run_ace, run_epubcheck

CASES = ("label-free-bank", "zh-notes")
#: What each build writes into --out, "{slug}" replaced.
OUTPUTS = ("{slug}.pdf", "{slug}.epub", "{slug}-quiz.epub", "{slug}-cards.pdf",
           "{slug}-cards-fold.pdf", "{slug}.apkg", "{slug}.tsv", "{slug}/index.html",
           "{slug}/study.html")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both books built in one run of build.py (every format), from the fixtures folder."""
    folder = tmp_path_factory.mktemp("shapes")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), *CASES, "--out",
                             str(folder), "-q"], cwd=FIXTURES, capture_output=True, text=True,
                            timeout=900)
    expected = [f"{case}/{line}" for case in CASES
                for line in (FIXTURES / case / "expected.txt").read_text("utf-8").splitlines()]
    assert (result.returncode, result.stderr.splitlines()) == (0, expected), result.stdout
    return folder


def _book(case: str) -> Book:
    checked = load_and_check(FIXTURES / case)
    assert checked.book is not None and checked.diags.errors == []
    return checked.book


@pytest.mark.parametrize("case", CASES)
def test_every_format_is_written(case: str, out: Path) -> None:
    missing = [name.format(slug=case) for name in OUTPUTS
               if not (out / name.format(slug=case)).is_file()
               or (out / name.format(slug=case)).stat().st_size == 0]
    assert missing == []


def test_the_label_free_bank_reads_heading_as_question_and_text_as_answer() -> None:
    book = _book("label-free-bank")
    assert len(book.questions) == 32
    assert not any(q.labelled for q in book.questions)
    assert all(q.part("answer") is not None for q in book.questions)
    with_example = [q.number for q in book.questions if q.part("example") is not None]
    assert with_example == [7]
    closure = book.questions[6]
    answer, example = closure.parts
    assert answer.content.text.startswith("A function that keeps")
    assert "Explanation:" in answer.content.text and "nonlocal n" in example.content.text
    iterator = book.questions[3].part("answer")
    assert iterator is not None and iterator.content.text.startswith("Iterable:")


def test_notes_keep_chapters_sections_and_questions_apart() -> None:
    book = _book("zh-notes")
    assert [c.title.text for c in book.chapters] == [
        "第一章 Transformer 基础", "第二章 训练与微调", "第三章 推理与部署"]
    assert [[q.number for q in c.questions] for c in book.chapters] == [
        [1, 2, 3], [1, 2, 3, 4], [1, 2, 3]]
    assert [s.title.text for s in book.sections if s.title] == ["2.1 预训练", "2.2 微调"]
    first = book.questions[0].part("answer")
    # `####` inside a question is its sub-heading: h4 under the part label's h3.
    assert first is not None and "<h4>计算步骤</h4>" in first.content.html
    tip = book.chapters[2].entries[0]
    # A `####` right under a `#` chapter comes out as h2: no hole in the outline.
    assert not isinstance(tip, Question) and "<h2>本章小贴士</h2>" in tip.content.html


def _blocks(case: str) -> list[str]:
    """Source paragraphs, headings and list items; a part's label is shown as a heading."""
    return [re.sub(r"^(Example|举例)[:：]\s*", "", b)
            for p in sorted((FIXTURES / case).glob("*.md"))
            for b in _source_blocks(p.read_text("utf-8"))]


def _pdf_text(pdf: Path) -> str:
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    # A word hyphenated at a line end carries U+2010 there (the source's own hyphens are
    # U+002D): the word as written has none.
    return _squash(raw.replace("\u2010\n", ""))


@pytest.mark.parametrize("case", CASES)
def test_every_question_title_is_in_the_handout(case: str, out: Path) -> None:
    text = _pdf_text(out / f"{case}.pdf")
    titles = [q.title.text for q in _book(case).questions]
    assert [t for t in titles if _squash(t) not in text] == []


def test_every_block_of_the_notes_is_in_the_handout(out: Path) -> None:
    text = _pdf_text(out / "zh-notes.pdf")
    assert [b for b in _blocks("zh-notes") if _squash(b) not in text] == []


def test_every_block_of_the_english_bank_is_in_the_handout(out: Path) -> None:
    text = _pdf_text(out / "label-free-bank.pdf")
    assert [b for b in _blocks("label-free-bank") if _squash(b) not in text] == []


@pytest.mark.parametrize("name", ["label-free-bank.pdf", "label-free-bank-cards.pdf"])
def test_emoji_take_the_emoji_face_and_nothing_else(out: Path, name: str) -> None:
    """With Noto Color Emoji in a family list Pango set the digits and spaces of a line that
    holds an emoji in it: "2 0 2 4", em-wide word gaps, inline code over its neighbours."""
    with pdfplumber.open(out / name) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    emoji_face = [c["text"] for c in chars if "Emoji" in c["fontname"]]
    assert emoji_face and all(ord(c) > 0x2000 for c in emoji_face), set(emoji_face)


@pytest.mark.parametrize("case", CASES)
def test_every_block_is_in_the_epub(case: str, out: Path) -> None:
    with zipfile.ZipFile(out / f"{case}.epub") as epub:
        text = _squash("".join(lxml_html.fromstring(epub.read(n)).text_content()
                               for n in epub.namelist() if n.endswith(".xhtml")))
    assert [b for b in _blocks(case) if _squash(b) not in text] == []


def test_epubcheck_reports_nothing(out: Path) -> None:
    editions = [out / f"{c}{s}.epub" for c in CASES for s in ("", "-quiz")]
    assert run_epubcheck(editions) == {p.name: [] for p in editions}


@pytest.mark.skipif(ACE is None or CHROMIUM is None, reason="Ace by DAISY is not installed")
def test_ace_reports_no_violation(out: Path) -> None:
    editions = [out / f"{c}.epub" for c in CASES]
    assert run_ace(editions) == {p.name: [] for p in editions}


def test_the_benchmark_writes_label_free_banks_with_lead_ins(tmp_path: Path) -> None:
    book = clean_book(synth_book(tmp_path / "bank", 40, shape="lead-ins"))
    assert len(book.questions) == 40 and not any(q.labelled for q in book.questions)
    assert [q.number for q in book.questions if q.part("example")] == [4, 8, 12, 16, 20, 24, 28,
                                                                        32, 36, 40]
    answers = " ".join(q.parts[0].content.text for q in book.questions)
    assert {"Pros:", "Iterable:", "Usage Example:"} <= set(re.findall(r"[A-Z][\w ]*:", answers))


def test_one_question_is_counted_in_the_singular(tmp_path: Path) -> None:
    from tests.conftest import write_book

    folder = write_book(tmp_path / "one", {"book.yaml": "title: One\nauthor: Me\nlanguage: en\n",
                                          "q.md": "## Why?\n\nBecause.\n"})
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), str(folder), "--out",
                             str(tmp_path / "out"), "--formats", "pdf,site"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "one: 1 question, 1 chapter, checked" in result.stdout
    cover = _squash(subprocess.run(["pdftotext", "-l", "1", str(tmp_path / "out" / "one.pdf"),
                                    "-"], capture_output=True, text=True, check=True).stdout)
    page = _squash((tmp_path / "out" / "one" / "index.html").read_text("utf-8"))
    assert "1question" in cover and "1questions" not in cover
    assert "1question" in page and "1questions" not in page
