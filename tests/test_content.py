"""The two books in content/: the seed kept whole, the algorithms book's code runs, and both
build in every format (strict) into EPUBs that EPUBCheck and Ace find nothing in.

The other tests read the fixture books of tests/fixtures/library, made in their shapes."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from cuebook.book.model import Book, Question
from tests.conftest import CONTENT, LIBRARY, ROOT, clean_book
from tests.validators import ACE, CHROMIUM, run_ace, run_epubcheck

SEED = ROOT.parent / "shared" / "seed"


def _book(slug: str) -> Book:
    return clean_book(CONTENT / slug)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _source_blocks(text: str, footnote_calls: bool = False) -> list[str]:
    """Every heading, paragraph and list item of a Markdown text, by an independent parser.

    With ``footnote_calls``, a footnote reference reads as its number, as printed in a PDF.
    """
    tokens = MarkdownIt("commonmark").enable("table").use(footnote_plugin).parse(text)
    blocks = []
    for i, token in enumerate(tokens):
        if token.type == "inline" and tokens[i - 1].type in (
                "heading_open", "paragraph_open", "th_open", "td_open"):
            plain = "".join(
                c.content if c.type != "footnote_ref" else str(c.meta["id"] + 1)
                for c in token.children or []
                if c.type in ("text", "code_inline", "softbreak")
                or (footnote_calls and c.type == "footnote_ref"))
            blocks.append(re.sub(r"\s*\{#[^{}]*\}\s*$", "", plain))  # attributes are metadata
    return blocks


def _model_text(book: Book) -> str:
    """The model's text in reading order, with numbers and labels as a reader sees them."""
    out = []
    for chapter in book.chapters:
        out.append(chapter.title.text)
        for entry in chapter.entries:
            if isinstance(entry, Question):
                out.append(f"{entry.number}. {entry.title.text}")
                out.extend(f"{p.label}：{p.content.text}" for p in entry.parts)
                out.extend(html.unescape(re.sub(r"<[^>]+>", "", f.html)) for f in entry.footnotes)
            else:
                out.append(entry.title.text if entry.title else "")
                out.append(entry.content.text)
    return _squash("\n".join(out))


def test_seed_file_is_the_shared_seed_unchanged() -> None:
    seed = next(SEED.glob("*.txt"), None)
    if seed is None:
        pytest.skip(f"the shared seed is not at {SEED}")
    assert (CONTENT / "ai-pm" / "article.md").read_bytes() == seed.read_bytes()


@pytest.mark.parametrize("slug", ["ai-pm", "algorithms"])
def test_every_heading_paragraph_and_list_item_is_in_the_model(slug: str) -> None:
    book = _book(slug)
    model = _model_text(book)
    sources = [p for p in book.sources]
    blocks = [b for p in sources for b in _source_blocks(p.read_text("utf-8"))]
    assert len(blocks) > 20
    missing = [b for b in blocks if _squash(b) not in model]
    assert missing == []


def test_seed_structure() -> None:
    book = _book("ai-pm")
    assert book.config.language == "zh-CN"
    assert [q.number for q in book.questions] == list(range(1, 11))
    assert all([p.key for p in q.parts] == ["question", "answer", "example"]
               for q in book.questions)
    assert book.questions[0].title.text == "什么是大模型？"
    roles = [(s.role, s.title.text if s.title else None) for s in book.sections]
    assert roles == [("introduction", None), ("summary", None)]
    assert [c.title.text for c in book.chapters] == [
        "AI 驱动的创业产品经理转型：大模型时代的技能", "总结"]
    answer = book.questions[0].part("answer")
    assert answer is not None
    assert "<li><strong>更好的拟合能力</strong>：" in answer.content.html


def test_algorithms_book_has_at_least_eight_complete_problems() -> None:
    book = _book("algorithms")
    assert len(book.questions) >= 8
    for q in book.questions:
        answer = q.part("answer")
        assert answer is not None
        assert 'data-lang="python"' in answer.content.html, q.id
        assert re.search(r"时间复杂度\s*O\(", answer.content.text), q.id
        assert re.search(r"空间复杂度\s*O\(", answer.content.text), q.id


def _python_blocks(book: Book) -> list[tuple[str, str]]:
    """The Python code readers see: taken from the rendered HTML, not from the source."""
    found = []
    for q in book.questions:
        for part in q.parts:
            for i, match in enumerate(re.finditer(
                    r'<pre class="highlight" data-lang="python"><code>(.*?)</code></pre>',
                    part.content.html, re.S)):
                code = html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
                found.append((f"{q.id}-{part.key}-{i}", code))
    return found


ALGORITHM_CODE = _python_blocks(_book("algorithms")) + _python_blocks(
    clean_book(LIBRARY / "drills"))


@pytest.mark.parametrize("name,code", ALGORITHM_CODE, ids=[n for n, _ in ALGORITHM_CODE])
def test_every_python_block_of_the_algorithms_books_runs(name: str, code: str,
                                                        tmp_path: Path) -> None:
    script = tmp_path / f"{name}.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "assert" in code, "each block demonstrates itself with asserts"


# The demo books built as a user builds them --------------------------------------------------

DEMO_FILES = ["{slug}.pdf", "{slug}.epub", "{slug}-quiz.epub", "{slug}-cards.pdf",
              "{slug}-cards-fold.pdf", "{slug}.apkg", "{slug}.tsv", "{slug}-quizlet.txt",
              "{slug}/index.html", "{slug}/study.html"]


def test_the_demo_books_build_strict_in_every_format(demo_books: Path) -> None:
    assert (demo_books / "index.html").is_file()
    for slug in ("ai-pm", "algorithms"):
        for name in DEMO_FILES:
            assert (demo_books / name.format(slug=slug)).stat().st_size > 0, name


@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed: EPUBCheck "
                    "needs it (Debian: default-jre-headless)")
def test_epubcheck_reports_nothing_for_the_demo_books(demo_books: Path) -> None:
    editions = sorted(demo_books.glob("*.epub"))
    assert len(editions) == 4
    assert run_epubcheck(editions) == {p.name: [] for p in editions}


@pytest.mark.skipif(ACE is None or CHROMIUM is None, reason="Ace by DAISY is not installed "
                    "(scripts/setup.sh installs it: npm @daisy/ace-cli and Debian chromium)")
def test_ace_reports_no_violation_for_the_demo_books(demo_books: Path) -> None:
    editions = sorted(demo_books.glob("*.epub"))
    assert len(editions) == 4
    assert run_ace(editions) == {p.name: [] for p in editions}
