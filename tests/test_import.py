"""``cuebook import``: each source kind becomes a book folder that checks clean and builds."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import zipfile
from pathlib import Path

import genanki
import pytest
from PIL import Image

from cuebook.diagnostics import Diagnostics
from cuebook.formats.anki.writer import build_package
from cuebook.formats.registry import WriterContext, available
from cuebook.importers import command
from cuebook.source.check import check_book
from cuebook.source.parse import load_book
from tests.conftest import ROOT, clean_book
from tests.conservation import unaccounted
from tests.hostile.harness import pdftotext
from tests.importing import build_every_format, run_import
from tests.validators import run_epubcheck

FIXTURES = ROOT / "tests" / "fixtures"


def _texts(book_dir: Path) -> list[tuple[str, str, str]]:
    """(title, question text, answer text) of every question of an imported book."""
    book = clean_book(book_dir)
    out = []
    for chapter in book.chapters:
        for q in chapter.questions:
            part = q.part("question")
            answer = q.part("answer")
            out.append((q.title.text, part.content.text if part else "",
                        answer.content.text if answer else ""))
    return out


# Tables ---------------------------------------------------------------------------------------

CSV = ('term,definition\n'
       '"Hash map, in short","Key/value pairs; O(1) lookups, ""amortised"""\n'
       '什么是哈希表？,"一种键值结构，平均 O(1) 查找，例如 dict。"\n'
       '# not a heading,"line one\nline two *not emphasis*"\n')


def test_a_csv_with_quotes_commas_and_cjk_imports(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bank.csv"
    source.write_text(CSV, "utf-8")
    code, diags = run_import(capsys, source, tmp_path / "book")
    assert (code, diags) == (0, [])
    texts = _texts(tmp_path / "book")
    assert [t[0] for t in texts] == ["Hash map, in short", "什么是哈希表？", "# not a heading"]
    assert texts[0][2] == 'Key/value pairs; O(1) lookups, "amortised"'
    assert texts[1][2] == "一种键值结构，平均 O(1) 查找，例如 dict。"
    assert "*not emphasis*" in texts[2][2]


def test_quoted_quotes_and_line_ends_keep_one_row_a_question(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """csv.Sniffer reads this table as doublequote=False (41 rows from 21); Excel's quoting
    is used with the sniffed delimiter only."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["term", "definition"])
    for i in range(20):
        writer.writerow([f"term {i}, with comma", f'def {i} "quoted" here\nsecond line'])
    source = tmp_path / "t.csv"
    source.write_text(buffer.getvalue(), "utf-8")
    code, diags = run_import(capsys, source, tmp_path / "book")
    assert (code, diags) == (0, [])
    texts = _texts(tmp_path / "book")
    assert len(texts) == 20
    assert texts[7] == ("term 7, with comma", "", 'def 7 "quoted" here\nsecond line')


def test_a_tsv_with_columns_chosen_by_number_keeps_the_third_as_a_part(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "quizlet.txt"
    source.write_text("définition un\tterme un\tnote un\nanswer two\tterm two\t\n", "utf-8")
    code, diags = run_import(capsys, source, tmp_path / "book", "--columns", "2,1,3")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "book")
    first = book.chapters[0].questions[0]
    assert first.title.text == "terme un"
    assert [(p.label, p.content.text) for p in first.parts] == [
        ("Answer", "définition un"), ("Column 3", "note un")]


def test_a_missing_column_is_a_usage_error_that_names_the_columns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "t.csv"
    source.write_text("front,back\na,b\n", "utf-8")
    code, diags = run_import(capsys, source, tmp_path / "book", "--columns", "front,notes")
    assert code == 1
    assert diags[0] == (f"{source}:1:1: error: --columns: no column 'notes' (the table has 2; "
                        "names: front, back) [import.columns]")
    assert not (tmp_path / "book").exists()


def test_an_existing_destination_is_kept_without_force(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "t.csv"
    source.write_text("front,back\nnew question,new answer\n", "utf-8")
    dest = tmp_path / "book"
    dest.mkdir()
    (dest / "mine.md").write_text("my notes", "utf-8")
    code, _ = run_import(capsys, source, dest)
    assert code == 1 and (dest / "mine.md").read_text("utf-8") == "my notes"
    code, _ = run_import(capsys, source, dest, "--force")
    assert code == 0 and not (dest / "mine.md").exists()
    assert _texts(dest)[0][0] == "new question"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_anki_text_export_reads_its_headers(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "export.txt"
    source.write_text("#separator:tab\n#html:true\n#deck column:1\n#tags column:4\n"
                      "Top::Python\t<b>What</b> is PEP 8?\tThe style guide.<br>Read it."
                      "\tstyle pep\n"
                      "Top::Rust\tWhat is <i>ownership</i>?\t<div>One owner</div>\t\n", "utf-8")
    code, diags = run_import(capsys, source, tmp_path / "book")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "book")
    assert [c.title.text for c in book.chapters] == ["Python", "Rust"]
    first = book.chapters[0].questions[0]
    assert (first.title.html, first.tags) == ("<strong>What</strong> is PEP 8?", ("style", "pep"))
    assert first.parts[0].content.text == "The style guide.\nRead it."


def test_cuebooks_own_tsv_imports_with_titles_tags_difficulty_and_chapters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    diags = Diagnostics()
    book = load_book(ROOT / "tests" / "fixtures" / "library" / "drills", diags)
    assert book is not None
    ctx = WriterContext(out_dir=tmp_path, project_dir=ROOT, source_date_epoch=1704067200)
    [tsv] = [p for p in available()["tsv"].write(book, ctx) if p.suffix == ".tsv"]
    code, diags_printed = run_import(capsys, tsv, tmp_path / "again")
    assert (code, diags_printed) == (0, [])
    again = clean_book(tmp_path / "again")
    assert again.config.title == book.config.title
    assert [c.title.text for c in again.chapters] == [c.title.text for c in book.chapters]
    assert [(q.title.text, q.tags, q.difficulty) for c in again.chapters for q in c.questions] \
        == [(q.title.text, q.tags, q.difficulty) for c in book.chapters for q in c.questions]


# Anki packages ----------------------------------------------------------------------------------

def _png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(buffer, "PNG")
    return buffer.getvalue()


def genanki_deck(folder: Path) -> Path:
    """Two sub-decks, HTML, an image, tags and a cloze note, as genanki writes them."""
    basic = genanki.Model(1607392319, "Basic", fields=[{"name": "Front"}, {"name": "Back"},
                                                       {"name": "Source"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                                      "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    image = folder / "tree.png"
    image.write_bytes(_png((20, 140, 60)))
    graphs = genanki.Deck(2059400110, "Algorithms::Graphs")
    graphs.add_note(genanki.Note(basic, [
        "What does <b>BFS</b> visit first?",
        "<div>The nearest nodes:</div><ul><li>level 1</li><li>then level 2</li></ul>"
        '<img src="tree.png">', "CLRS ch. 22"], tags=["graphs", "bfs"]))
    sorting = genanki.Deck(2059400111, "Algorithms::Sorting")
    sorting.add_note(genanki.Note(basic, ["Is quicksort stable?", "<i>No</i>.", ""],
                                  tags=["sorting"]))
    sorting.add_note(genanki.Note(genanki.CLOZE_MODEL, [
        "Merge sort runs in {{c1::O(n log n)}} time and needs {{c2::O(n)::space}} extra "
        "space.", ""], tags=["sorting"]))
    package = genanki.Package([graphs, sorting])
    package.media_files = [str(image)]
    path = folder / "algorithms.apkg"
    package.write_to_file(str(path))
    return path


def test_a_genanki_deck_imports_and_builds_every_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    code, diags = run_import(capsys, genanki_deck(tmp_path), tmp_path / "book")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "book")
    assert book.config.title == "Algorithms"
    assert [c.title.text for c in book.chapters] == ["Graphs", "Sorting"]
    bfs, quick, cloze = [q for c in book.chapters for q in c.questions]
    assert (bfs.title.html, bfs.tags) == ("What does <strong>BFS</strong> visit first?",
                                          ("graphs", "bfs"))
    answer = bfs.part("answer")
    assert answer is not None and "<li>then level 2</li>" in answer.content.html
    assert '<img src="media/tree.png"' in answer.content.html
    source = bfs.part("source")
    assert source is not None and source.label == "Source"
    assert source.content.text == "CLRS ch. 22"
    assert cloze.title.text == "Merge sort runs in […] time and needs [space] extra space."
    cloze_answer = cloze.part("answer")
    assert cloze_answer is not None
    assert "<strong>O(n log n)</strong>" in cloze_answer.content.html
    assert quick.tags == ("sorting",)

    outputs = build_every_format(book, tmp_path / "out")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    names = {p.name for p in outputs}
    assert {"algorithms.pdf", "algorithms.epub", "algorithms.apkg"} <= {
        n.replace("book", "algorithms") for n in names}
    handout = next(p for p in outputs if p.suffix == ".pdf" and "cards" not in p.name)
    text = pdftotext(handout)
    for shown in ("What does BFS visit first?", "then level 2", "Merge sort runs in",
                  "graphs", "CLRS ch. 22"):
        assert shown in text
    epub = next(p for p in outputs if p.suffix == ".epub" and "quiz" not in p.name)
    with zipfile.ZipFile(epub) as archive:
        assert any(n.endswith(".png") for n in archive.namelist())
    epubs = [p for p in outputs if p.suffix == ".epub"]
    assert run_epubcheck(epubs) == {p.name: [] for p in epubs}
    with zipfile.ZipFile(next(p for p in outputs if p.suffix == ".apkg")) as deck:
        assert len(json.loads(deck.read("media"))) == 1  # the image travels on


def _algorithms_package(tmp_path: Path) -> tuple[Path, list[tuple[str, str, str]]]:
    diags = Diagnostics()
    book = load_book(ROOT / "tests" / "fixtures" / "library" / "drills", diags)
    assert book is not None
    check_book(book, diags)
    ctx = WriterContext(out_dir=tmp_path, project_dir=ROOT, source_date_epoch=1704067200)
    path = tmp_path / "algorithms.apkg"
    path.write_bytes(build_package(book, ctx))
    originals = [(q.title.text, (q.part("question") or q.prompt).content.text,
                  (q.part("answer") or q.prompt).content.text,
                  q.tags, q.difficulty, bool(q.footnotes)) for c in book.chapters
                 for q in c.questions]
    return path, originals  # type: ignore[return-value]


def test_cuebooks_own_algorithms_deck_round_trips(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    package, originals = _algorithms_package(tmp_path)
    code, diags = run_import(capsys, package, tmp_path / "again")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "again")
    assert book.config.language == "zh-CN"
    again = [(q.title.text, (q.part("question") or q.prompt).content.text,
              (q.part("answer") or q.prompt).content.text, q.tags, q.difficulty)
             for c in book.chapters for q in c.questions]
    assert len(again) == len(originals) == 6
    for new, old in zip(again, originals, strict=True):
        assert new[0] == old[0] and new[3:] == old[3:5]
        if old[5]:  # a footnote comes back as its number and text inside the part
            assert _squash(new[1])[:60] == _squash(old[1])[:60]
            assert "均摊意义上的" in new[1]
            continue
        assert _squash(new[1]) == _squash(old[1]) and _squash(new[2]) == _squash(old[2])


def _squash(text: str) -> str:
    return "".join(text.split())


# Markdown banks and notes sites ---------------------------------------------------------------

def test_a_readme_bank_imports_every_question_and_says_what_it_leaves_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = FIXTURES / "import-bank" / "README.md"
    code, diags = run_import(capsys, source, tmp_path / "book")
    assert (code, diags) == (0, [
        f"{source}:3:1: warning: left out: the text before the first questions (lines 3–21) "
        "[import.dropped]",
        f"{source}:39:1: warning: left out: 'back to top' links (lines 39, 46, 58, 74, 90) "
        "[import.dropped]"])
    book = clean_book(tmp_path / "book")
    assert book.config.title == "Python Interview Questions"
    assert [c.title.text for c in book.chapters] == ["Core language", "Runtime"]
    questions = [q for c in book.chapters for q in c.questions]
    assert [q.title.text for q in questions] == [
        "What is a generator?", "How do is and == differ?", "What does the GIL do?",
        "Output of this code", "How do you read a file lazily?"]
    generator, identity, gil, output, lazily = questions
    assert identity.id == "how-do-is-and--differ"
    answer = generator.part("answer")
    assert answer is not None and 'href="#how-do-is-and--differ"' in answer.content.html
    assert "Back to Top" not in answer.content.text
    assert "a comment, not a heading" in answer.content.text
    gil_answer = gil.part("answer")
    assert gil_answer is not None and "Consequences" in gil_answer.content.text
    output_q, output_a = output.part("question"), output.part("answer")
    assert output_q is not None and "print([] is [])" in output_q.content.text
    assert output_a is not None and output_a.content.text.startswith("False")
    assert (tmp_path / "book" / "media" / "diagram.png").is_file()
    steps = lazily.part("answer")
    assert steps is not None and steps.content.html.count('<code class="language-python"') + \
        steps.content.html.count('data-lang="python"') >= 1
    assert "for line in f:" in steps.content.text and "Back to Top" not in steps.content.text


def test_a_notes_site_keeps_its_sidebar_order(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, diags = run_import(capsys, FIXTURES / "import-notes", tmp_path / "book")
    sidebar = FIXTURES / "import-notes" / "docs" / "_sidebar.md"
    assert (code, diags) == (0, [
        f"{sidebar}:2:1: warning: left out: the index's group titles, each page being a "
        "chapter under its own title (line 2) [import.dropped]",
        f"{sidebar}:5:1: warning: left out: the index's links off the site (line 5) "
        "[import.dropped]"])
    book = clean_book(tmp_path / "book")
    for page in sorted((FIXTURES / "import-notes" / "docs").rglob("*.md")):
        assert unaccounted(page, tmp_path / "book", diags) == []
    assert [c.title.text for c in book.chapters] == ["Getting started", "Stacks", "Queues"]
    assert [q.title.text for c in book.chapters for q in c.questions] == [
        "What is a stack overflow?", "Why learn data structures?", "What is a stack?",
        "How do you pop from an empty stack?", "What is a queue?"]
    stack = book.chapters[1].questions[0].part("answer")
    assert stack is not None and '<img src="media/stack.png"' in stack.content.html


def test_an_mkdocs_nav_gives_the_order_and_titles(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(
        "site_name: My Notes\nnav:\n  - Second first: b.md\n  - Part:\n    - a.md\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: "
        "!!python/name:material.extensions.emoji.twemoji\n", "utf-8")
    (site / "docs" / "a.md").write_text("# A\n\n## Qa?\n\nAa.\n", "utf-8")
    (site / "docs" / "b.md").write_text("## Qb?\n\nBb.\n", "utf-8")
    code, diags = run_import(capsys, site, tmp_path / "book")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "book")
    assert book.config.title == "My Notes"
    assert [c.title.text for c in book.chapters] == ["Second first", "a"]


@pytest.mark.parametrize("name", ["current.apkg", "current.colpkg"])
def test_a_package_in_ankis_current_format_imports(name: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Written by Anki's own library (tests/fixtures/import-anki-current/make.py): a zstd
    collection of schema 18, a protobuf media list and zstd-compressed media."""
    source = FIXTURES / "import-anki-current" / name
    with zipfile.ZipFile(source) as archive:
        assert "collection.anki21b" in archive.namelist()
    code, diags = run_import(capsys, source, tmp_path / "book")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "book")
    assert book.config.title == "Current"
    assert [c.title.text for c in book.chapters] == ["Alpha", "Beta"]
    alpha, beta = [q for c in book.chapters for q in c.questions]
    assert (alpha.title.html, alpha.tags) == ("What is <strong>alpha</strong>?",
                                              ("greek", "letters"))
    assert '<img src="media/dot.png"' in alpha.parts[0].content.html
    assert (tmp_path / "book" / "media" / "dot.png").read_bytes().startswith(b"\x89PNG")
    assert beta.title.text == "Beta is the […] letter."
    assert "<strong>second</strong>" in beta.parts[0].content.html


def test_a_chinese_bank_links_to_questions_by_their_github_anchors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# 前端面试题\n\n## 目录\n\n- [什么是闭包？](#1-什么是闭包)\n"
        "- [事件循环](#2-事件循环是什么)\n\n"
        "## JavaScript\n\n### 1. 什么是闭包？\n\n闭包是函数和其词法环境的组合。参见"
        "[事件循环](#2-事件循环是什么)。\n\n[返回顶部](#目录)\n\n### 2. 事件循环是什么？\n\n"
        "<details>\n<summary>答案</summary>\n\n事件循环**调度**宏任务和微任务。\n\n</details>\n\n"
        "[返回顶部](#目录)\n", "utf-8")
    code, diags = run_import(capsys, readme, tmp_path / "前端")
    assert (code, diags) == (0, [
        f"{readme}:3:1: warning: left out: the text before the first questions (lines 3–6) "
        "[import.dropped]",
        f"{readme}:14:1: warning: left out: 'back to top' links (lines 14, 25) "
        "[import.dropped]"])
    book = clean_book(tmp_path / "前端")
    assert (book.config.language, book.config.title) == ("zh-CN", "前端面试题")
    closure, loop = book.chapters[0].questions
    assert (closure.id, loop.id) == ("q1", "q2")
    answer = closure.part("answer")
    assert answer is not None and 'href="#q2"' in answer.content.html
    assert "返回顶部" not in answer.content.text
    loop_answer = loop.part("answer")
    assert loop_answer is not None and loop_answer.content.text == "事件循环调度宏任务和微任务。"


def test_a_destination_name_that_is_no_slug_gets_one(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "Word List.csv"
    source.write_text("front,back\nq,a\n", "utf-8")
    for dest, slug in (("My Deck", "my-deck"), ("题库", "word-list")):
        code, _ = run_import(capsys, source, tmp_path / dest)
        assert code == 0
        assert clean_book(tmp_path / dest).slug == slug


def test_an_mdbook_summary_keeps_prefix_nested_and_suffix_chapters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "guide" / "src"
    (src / "sub").mkdir(parents=True)
    (src / "SUMMARY.md").write_text(
        "# Summary\n\n[Introduction](README.md)\n\n- [First](first.md)\n"
        "  - [Nested](sub/nested.md)\n- [Draft]()\n\n---\n\n[Appendix](appendix.md)\n", "utf-8")
    (src / "README.md").write_text("# Intro\n\n## What is this?\n\nA book.\n", "utf-8")
    (src / "first.md").write_text("## Q1?\n\nA1.\n", "utf-8")
    (src / "sub" / "nested.md").write_text("# Nested\n\n## Q2?\n\nA2 ![](../img.png)\n",
                                           "utf-8")
    (src / "appendix.md").write_text("## Q3?\n\nA3.\n", "utf-8")
    (src / "img.png").write_bytes(_png((1, 2, 3)))
    code, diags = run_import(capsys, tmp_path / "guide", tmp_path / "book")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "book")
    assert [c.title.text for c in book.chapters] == ["Introduction", "First", "Nested",
                                                     "Appendix"]
    nested = book.chapters[2].questions[0].part("answer")
    assert nested is not None and '<img src="media/img.png" alt="img"' in nested.content.html


def test_a_cuebook_deck_brings_back_the_books_own_parts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book_dir = tmp_path / "own"
    book_dir.mkdir()
    (book_dir / "book.yaml").write_text(
        "title: Own\nauthor: A\nlanguage: en\nparts:\n  question: {label: Question}\n"
        "  answer: {label: Answer}\n  pitfalls: {label: Pitfalls}\n", "utf-8")
    (book_dir / "01.md").write_text(
        "# Basics\n\n## 1. Why? {#why tags=\"x\" difficulty=hard}\n\n**Question:** Why *so*?\n\n"
        "**Answer:** Because.\n\n**Pitfalls:** Forgetting `None`.\n", "utf-8")
    ctx = WriterContext(out_dir=tmp_path, project_dir=ROOT, source_date_epoch=1704067200)
    package = tmp_path / "own.apkg"
    package.write_bytes(build_package(clean_book(book_dir), ctx))
    code, diags = run_import(capsys, package, tmp_path / "again")
    assert (code, diags) == (0, [])
    [question] = clean_book(tmp_path / "again").chapters[0].questions
    assert (question.tags, question.difficulty) == (("x",), "hard")
    assert [(p.label, p.content.html) for p in question.parts] == [
        ("Question", "<p>Why <em>so</em>?</p>\n"), ("Answer", "<p>Because.</p>\n"),
        ("Pitfalls", "<p>Forgetting <code>None</code>.</p>\n")]


def test_every_import_code_is_documented() -> None:
    emitted = set()
    for module in (ROOT / "cuebook" / "importers").glob("*.py"):
        emitted |= set(re.findall(r'"(import\.[a-z-]+)"', module.read_text("utf-8")))
    page = (ROOT / "docs" / "import.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `(import\.[a-z-]+)` \|", page, re.M))
    assert len(emitted) >= 25 and emitted == documented


def test_notes_a_book_cannot_hold_are_reported_and_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    occlusion = genanki.Model(1607392330, "Image Occlusion", model_type=genanki.Model.CLOZE,
                              fields=[{"name": "Occlusion"}, {"name": "Image"}],
                              templates=[{"name": "IO", "qfmt": "{{cloze:Occlusion}}",
                                          "afmt": "{{cloze:Occlusion}}"}])
    single = genanki.Model(1607392331, "Word", fields=[{"name": "Word"}],
                           templates=[{"name": "W", "qfmt": "{{Word}}", "afmt": "{{Word}}"}])
    basic = genanki.Model(1607392332, "Basic", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "B", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
    deck = genanki.Deck(2059400130, "Mixed")
    deck.add_note(genanki.Note(occlusion, ["{{c1::image-occlusion:rect:left=.1:top=.2}}",
                                           '<img src="x.png">'], guid="a"))
    deck.add_note(genanki.Note(single, ["lonely"], guid="b"))
    deck.add_note(genanki.Note(basic, ["kept?", "yes"], guid="c"))
    path = tmp_path / "mixed.apkg"
    genanki.Package(deck).write_to_file(str(path))
    code, diags = run_import(capsys, path, tmp_path / "book")
    assert code == 0
    assert [d.split(": ", 2)[2] for d in diags] == [
        "warning: note type 'Image Occlusion' (masks drawn on an image) cannot be carried "
        "into a book; note left out [import.note-type]",
        "warning: note type 'Word' has one field: no answer to carry; note left out "
        "[import.note-type]"]
    assert all(d.startswith(f"{path}: note ") for d in diags)
    assert [q.title.text for c in clean_book(tmp_path / "book").chapters
            for q in c.questions] == ["kept?"]


def test_the_kind_of_source_is_told_by_its_name_and_first_line(tmp_path: Path) -> None:
    export = tmp_path / "notes.txt"
    export.write_text("#separator:tab\nq\ta\n", "utf-8")
    plain = tmp_path / "set.txt"
    plain.write_text("q\ta\n", "utf-8")
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "SUMMARY.md").write_text("- [A](a.md)\n", "utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.md").write_text("# Bank\n", "utf-8")
    cases = {tmp_path / "d.apkg": "anki", tmp_path / "d.COLPKG": "anki", export: "anki-text",
             plain: "csv", tmp_path / "t.tsv": "csv", tmp_path / "README.md": "bank",
             repo: "bank", site: "notes", tmp_path / "mkdocs.yml": "notes",
             tmp_path / "x.docx": None, tmp_path / "empty": None}
    (tmp_path / "empty").mkdir()
    assert {path: command.detect(path) for path in cases} == cases


def test_an_unknown_kind_is_a_usage_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "x.docx"
    source.write_bytes(b"PK")
    code, diags = run_import(capsys, source, tmp_path / "book")
    assert code == 2
    assert diags == [f"cuebook import: error: cannot tell what {source} is; say --from (anki, "
                     "anki-text, csv, bank, notes)"]


def test_part_headings_of_a_bank_become_parts_not_questions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"#### Answer" under every question outnumbers the questions: it is still a part."""
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Go Questions\n\n## Basics\n\n### 1. What is a goroutine?\n\n#### Answer\n\n"
        "A lightweight thread.\n\n#### Example\n\n```go\ngo work()\n// #### Answer\n```\n\n"
        "### 2. What is a channel?\n\nA typed conduit.\n\n#### **Answer:**\n\nSend with "
        "`ch <- v`.\n\n### 3. What does `defer` do?\n\nIt runs a call at return.\n", "utf-8")
    code, diags = run_import(capsys, readme, tmp_path / "book")
    assert (code, diags) == (0, [])
    book = clean_book(tmp_path / "book")
    shown = [(q.title.text, [(p.key, p.content.text.strip()) for p in q.parts])
             for q in book.chapters[0].questions]
    assert shown == [
        ("What is a goroutine?", [("answer", "A lightweight thread."),
                                  ("example", "go work()\n// #### Answer")]),
        ("What is a channel?", [("question", "A typed conduit."),
                                ("answer", "Send with ch <- v.")]),
        ("What does defer do?", [("answer", "It runs a call at return.")])]


def test_a_book_that_does_not_check_clean_is_written_and_said_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "_sidebar.md").write_text("- [Page](page.md)\n", "utf-8")
    (site / "page.md").write_text("## Q?\n\nSee [there](#nowhere).\n", "utf-8")
    code, diags = run_import(capsys, site, tmp_path / "book")
    assert code == 1 and (tmp_path / "book" / "01-page.md").is_file()
    assert diags == [
        f"{tmp_path / 'book' / '01-page.md'}:5:13: error: link to '#nowhere': no heading or "
        "question has that anchor [link.broken-anchor]",
        f"cuebook import: {tmp_path / 'book'} written, but it does not check clean"]


def test_a_bank_keeps_links_to_chapters_and_reports_links_to_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Bank\n\n## Core\n\n### Q1?\n\nSee [runtime](#runtime), [gone](#nope) "
                      "and [top](#table-of-contents).\n\n## Runtime\n\n### Q2?\n\nA2.\n", "utf-8")
    code, diags = run_import(capsys, readme, tmp_path / "book")
    assert code == 0
    assert diags == [f"{readme}:7:1: warning: link to '#nope' leads to no question or chapter: "
                     "its text is kept [import.link]"]
    answer = clean_book(tmp_path / "book").chapters[0].questions[0].part("answer")
    assert answer is not None and answer.content.text == "See runtime, gone and top."
    assert answer.content.html.count("<a ") == 1


def test_images_and_links_in_code_are_examples_left_as_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Bank\n\n## Q1?\n\nWrite `![alt](x.png)` or:\n\n```markdown\n"
                      "![alt](../secret.png)\n[see](#nowhere)\n```\n", "utf-8")
    code, diags = run_import(capsys, readme, tmp_path / "book")
    assert (code, diags) == (0, [])
    answer = clean_book(tmp_path / "book").chapters[0].questions[0].part("answer")
    assert answer is not None
    assert answer.content.text == ("Write ![alt](x.png) or:\n![alt](../secret.png)\n"
                                   "[see](#nowhere)")


def test_a_notes_page_keeps_its_lines_and_its_later_sections(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "_sidebar.md").write_text("- [Page](page.md)\n", "utf-8")
    page = site / "page.md"
    page.write_text("# Own title\n\n## Q1?\n\n![gone](missing.png)\n\n```sh\n# not a heading\n"
                    "```\n\n# Later part\n\n## Q2?\n\nA2.\n", "utf-8")
    code, diags = run_import(capsys, site, tmp_path / "book")
    assert code == 0
    assert diags == [f"{page}:5:1: warning: image 'missing.png' is missing or outside the "
                     "source folder: its alt text is kept [import.media-missing]"]
    book = clean_book(tmp_path / "book")
    assert [(c.title.text, [q.title.text for q in c.questions]) for c in book.chapters] == [
        ("Page", ["Q1?"]), ("Later part", ["Q2?"])]


def test_an_answer_that_opens_in_bold_is_not_taken_for_a_label(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    basic = genanki.Model(1607392340, "Basic", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "B", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
    deck = genanki.Deck(2059400140, "Bold")
    for front, back in (("What?", "<b>Answer:</b> 42"), ("Also?", "<b>Answer</b> is 7"),
                        ("Plain?", "<b>Note</b> this")):
        deck.add_note(genanki.Note(basic, [front, back], guid=front))
    path = tmp_path / "bold.apkg"
    genanki.Package(deck).write_to_file(str(path))
    code, diags = run_import(capsys, path, tmp_path / "book")
    assert (code, diags) == (0, [])
    questions = clean_book(tmp_path / "book").chapters[0].questions
    assert [(q.title.text, [(p.key, p.content.text) for p in q.parts]) for q in questions] == [
        ("What?", [("answer", "Answer: 42")]), ("Also?", [("answer", "Answer is 7")]),
        ("Plain?", [("answer", "Note this")])]


def test_a_sidebar_past_the_page_limit_is_refused_where_the_limit_is_passed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No page of the index is dropped without a word: past the limit, the import stops."""
    from cuebook.safety.limits import MAX_BOOK_FILES

    site = tmp_path / "site"
    site.mkdir()
    count = MAX_BOOK_FILES + 1
    (site / "_sidebar.md").write_text("".join(f"- [P{n}](p{n}.md)\n" for n in range(count)),
                                      "utf-8")
    for n in range(count):
        (site / f"p{n}.md").write_text(f"## Q{n}?\n\nA{n}.\n", "utf-8")
    code, diags = run_import(capsys, site, tmp_path / "book")
    assert code != 0 and not (tmp_path / "book").exists()
    assert diags[0] == (f"{site / '_sidebar.md'}:{count}:1: error: more than "
                        f"{MAX_BOOK_FILES:,} pages in the index: more than a book holds (import "
                        "a part of the site: its folder) [import.too-many]")
