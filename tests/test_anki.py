"""The Anki package, opened as Anki opens it: a zip holding a SQLite collection and media."""

from __future__ import annotations

import html
import io
import json
import logging
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chevron
import pytest
from PIL import Image

from cuebook.book.model import Book, Question
from cuebook.diagnostics import CuebookError
from cuebook.formats.anki.writer import FIELDS
from cuebook.formats.registry import WriterContext, available
from cuebook.render.notes import anki_tag, note_guid, stable_id
from tests.conftest import LIBRARY, ROOT, load_and_check, write_book

EPOCH = 1750000000


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


#: One book for the Anki and TSV tests: a custom part, a question without an example, an
#: image, a footnote, links, tags with spaces, a chapter title holding "::", and text with
#: tabs, quotes, '#', '<' and '&' where a TSV or an HTML field could break.
BOOK_FILES: dict[str, str | bytes] = {
    "book.yaml": """\
title: 测试书
author: 测试
language: zh-CN
parts:
  question: {label: 题目, required: true}
  answer: {label: 答案, required: true}
  example: {label: 举例}
  pitfalls: {label: 易错点}
""",
    "images/arch.png": _png(),
    "01-basics.md": """\
## 基础

### 1. 什么是生成器？ {#generators tags="函数, dynamic programming" difficulty=easy}

**题目：** 生成器是什么？用 `yield` 举例。[^1]

**答案：** 一个含有 `yield` 的函数。见 [第二题](#lru) 与 [文档](https://docs.python.org/)。

![架构图](images/arch.png)

```python
def gen():
\tyield "a\\tb"  # a tab, quotes, <b> & co
```

**易错点：** 生成器只能遍历一次。

[^1]: 参见 PEP 255。

### 2. LRU 缓存 {#lru tags="缓存"}

**题目：** 如何实现 LRU？\tTab 在这里。

**答案：** "引号" 开头；用 `OrderedDict`，a < b & c > d。

**举例：** 浏览器缓存。
""",
    "02-more.md": """\
## 进阶 :: 高级

### 3. #1 热门问题

**题目：** 第三题？

**答案：** 第三题的答案。
""",
}


def make_tricky_book(folder: Path, files: dict[str, str | bytes] | None = None) -> Book:
    write_book(folder, {**BOOK_FILES, **(files or {})})
    checked = load_and_check(folder)
    assert checked.lines == []
    assert checked.book is not None
    return checked.book


def context(out: Path, epoch: int = EPOCH, strict: bool = True) -> WriterContext:
    # Not under "cuebook": the CLI stops that logger propagating, and caplog listens at the root.
    return WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=epoch, strict=strict,
                         log=logging.getLogger("tests.anki"))


def build_apkg(book: Book, out: Path, epoch: int = EPOCH) -> Path:
    [path] = available()["anki"].write(book, context(out, epoch))
    return path


@dataclass
class Note:
    guid: str
    mod: int
    fields: dict[str, str]
    tags: list[str]
    decks: list[str]


@dataclass
class Package:
    """What Anki reads from an .apkg."""

    notes: dict[str, Note]  # by GUID
    models: dict[str, Any]
    decks: dict[str, Any]
    media: dict[str, bytes]  # file name -> bytes
    zip_infos: list[zipfile.ZipInfo]


def open_apkg(path: Path) -> Package:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        members = {i.filename: archive.read(i) for i in infos}
    media_names = json.loads(members["media"])
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(members["collection.anki2"])
        models_json, decks_json = db.execute("SELECT models, decks FROM col").fetchone()
        models, decks = json.loads(models_json), json.loads(decks_json)
        deck_names = {int(k): v["name"] for k, v in decks.items()}
        notes = {}
        for nid, guid, mid, mod, tags, flds in db.execute(
                "SELECT id, guid, mid, mod, tags, flds FROM notes"):
            field_names = [f["name"] for f in models[str(mid)]["flds"]]
            cards = [deck_names[d] for (d,) in
                     db.execute("SELECT did FROM cards WHERE nid = ?", (nid,))]
            notes[guid] = Note(guid, mod, dict(zip(field_names, flds.split("\x1f"), strict=True)),
                               tags.split(), cards)
    finally:
        db.close()
    return Package(notes, models, decks, {n: members[k] for k, n in media_names.items()},
                   infos)


def visible_text(field: str) -> str:
    """A field as a reader sees it, white space dropped: images by their alt text."""
    text = re.sub(r'<img [^>]*alt="([^"]*)"[^>]*>', r"\1", field)
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", text)))


def without_notes(field: str) -> str:
    """The field less its footnote marks and notes (plain text has neither)."""
    field = re.sub(r'<sup class="footnote-ref">\d+</sup>', "", field)
    return re.sub(r'<div class="footnotes">.*?</div>', "", field, flags=re.DOTALL)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def note_of(package: Package, book: Book, question: Question) -> Note:
    return package.notes[note_guid(book.slug, question.id)]


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> tuple[Book, Package]:
    root = tmp_path_factory.mktemp("anki")
    book = make_tricky_book(root / "tricky")
    return book, open_apkg(build_apkg(book, root / "out"))


# Content -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["interview", "drills"])
def test_every_question_of_the_fixture_books_is_a_note_with_its_text(
        tmp_path: Path, slug: str) -> None:
    checked = load_and_check(LIBRARY / slug)
    assert checked.book is not None
    book = checked.book
    package = open_apkg(build_apkg(book, tmp_path))
    assert len(package.notes) == len(book.questions) > 0
    for question in book.questions:
        note = note_of(package, book, question)
        assert visible_text(note.fields["Title"]) == squash(question.title.text)
        for part in question.parts:
            field = {"question": "Question", "answer": "Answer", "example": "Example"}[part.key]
            text = note.fields[field]
            assert visible_text(without_notes(text)) == squash(part.content.text), question.id
            for footnote in part.content.footnotes:
                assert visible_text(footnote.html) in visible_text(text)
        assert note.fields["Number"] == str(question.number)


def test_fields_hold_each_part_and_a_custom_part_goes_labelled_to_extra(
        tricky: tuple[Book, Package]) -> None:
    book, package = tricky
    assert len(package.notes) == len(book.questions) == 3
    first, second, third = (note_of(package, book, q) for q in book.questions)
    assert visible_text(first.fields["Question"]) == "生成器是什么？用yield举例。11参见PEP255。"
    assert visible_text(first.fields["Answer"]).startswith(
        "一个含有yield的函数。见第二题与文档。架构图")
    assert '"a\\tb"' in html.unescape(re.sub(r"<[^>]+>", "", first.fields["Answer"]))
    assert first.fields["Example"] == ""
    assert visible_text(first.fields["Extra"]) == "易错点生成器只能遍历一次。"
    assert 'class="part part-pitfalls"' in first.fields["Extra"]
    assert visible_text(second.fields["Example"]) == "浏览器缓存。"
    assert visible_text(second.fields["Answer"]) == '"引号"开头；用OrderedDict，a<b&c>d。'
    assert second.fields["Extra"] == ""
    assert visible_text(third.fields["Title"]) == "#1热门问题"
    assert [n.fields["Number"] for n in (first, second, third)] == ["1", "2", "3"]
    assert first.fields["Source"] == "测试书 › 基础"
    assert first.fields["Difficulty"] == "简单" and second.fields["Difficulty"] == ""


def test_links_into_the_book_become_text_and_web_links_stay(
        tricky: tuple[Book, Package]) -> None:
    book, package = tricky
    answer = note_of(package, book, book.questions[0]).fields["Answer"]
    assert '<span class="xref">第二题</span>' in answer
    assert '<a href="https://docs.python.org/">文档</a>' in answer
    assert 'href="#' not in "".join(f for n in package.notes.values() for f in n.fields.values())


def test_images_are_media_files_named_by_content_and_referenced(
        tricky: tuple[Book, Package]) -> None:
    book, package = tricky
    image = (book.root / "images" / "arch.png").read_bytes()
    [(name, data)] = package.media.items()
    assert data == image
    assert re.fullmatch(r"[0-9a-f]{20}\.png", name)
    fields = "".join(f for n in package.notes.values() for f in n.fields.values())
    assert re.findall(r'<img src="([^"]*)"', fields) == [name]
    assert "images/" not in fields


def test_a_deck_per_book_a_subdeck_per_chapter_in_order(tricky: tuple[Book, Package]) -> None:
    book, package = tricky
    names = {d["name"] for d in package.decks.values()}
    assert names == {"Default", "测试书", "测试书::1 基础", "测试书::2 进阶 : 高级"}
    decks = [note_of(package, book, q).decks for q in book.questions]
    assert decks == [["测试书::1 基础"], ["测试书::1 基础"], ["测试书::2 进阶 : 高级"]]
    ids = {d["name"]: d["id"] for d in package.decks.values()}
    assert ids["测试书::1 基础"] == stable_id("deck", book.slug, "测试书::1 基础")


def test_tags_have_no_spaces_and_difficulty_is_a_tag(tricky: tuple[Book, Package]) -> None:
    book, package = tricky
    first = note_of(package, book, book.questions[0])
    assert first.tags == ["函数", "dynamic_programming", "difficulty::easy"]
    # The Tags field is plain text, as written: the note editor shows it as it is.
    assert first.fields["Tags"] == "函数、dynamic programming"
    assert note_of(package, book, book.questions[2]).tags == []


def test_the_deck_description_is_plain_lines(tmp_path: Path) -> None:
    yaml = str(BOOK_FILES["book.yaml"]) + ("subtitle: 副标题 <b>粗</b>\n"
                                           "description: 一行说明 & 更多\nversion: '2.0'\n")
    book = make_tricky_book(tmp_path / "book", {"book.yaml": yaml})
    decks = open_apkg(build_apkg(book, tmp_path / "out")).decks
    [top] = [d for d in decks.values() if d["name"] == "测试书"]
    assert top["desc"] == "副标题 粗\n一行说明 & 更多\n测试 · 2.0"


def test_a_book_of_one_chapter_has_no_subdeck_repeating_its_title(tmp_path: Path) -> None:
    """interview (as content/ai-pm) is one chapter of questions titled like the book (and a
    prose chapter): its notes go to the book's deck, not to "X::1 X"."""
    checked = load_and_check(LIBRARY / "interview")
    assert checked.book is not None
    book = checked.book
    assert [c.title.text for c in book.chapters if c.questions] == [book.config.title]
    package = open_apkg(build_apkg(book, tmp_path))
    assert {d["name"] for d in package.decks.values()} == {"Default", book.config.title}
    assert {n.decks[0] for n in package.notes.values()} == {book.config.title}


def test_reverse_adds_an_answer_first_card_and_keeps_the_guids(tmp_path: Path) -> None:
    plain = make_tricky_book(tmp_path / "tricky")
    book = make_tricky_book(tmp_path / "tricky", {
        "book.yaml": str(BOOK_FILES["book.yaml"]) + "anki:\n  reverse: true\n"})
    package = open_apkg(build_apkg(book, tmp_path / "out"))
    assert set(package.notes) == set(open_apkg(build_apkg(plain, tmp_path / "plain")).notes)
    assert all(len(n.decks) == 2 for n in package.notes.values())  # two cards a note
    [model] = [m for m in package.models.values() if m["name"].startswith("cuebook")]
    assert int(model["id"]) == stable_id("notetype", book.slug, "reverse")
    assert int(model["id"]) != stable_id("notetype", book.slug)
    assert [t["name"] for t in model["tmpls"]] == ["Recall", "Reverse"]
    second = note_of(package, book, book.questions[1])
    front = _render(model["tmpls"][1]["qfmt"], second.fields)
    assert "OrderedDict" in front and "LRU" not in front  # the answer asks for the question
    back = _render(model["tmpls"][1]["afmt"], {**second.fields, "FrontSide": front})
    assert "LRU" in back and "如何实现" in back


def test_note_type_has_fixed_id_fields_cjk_fonts_and_highlighting(
        tricky: tuple[Book, Package]) -> None:
    book, package = tricky
    [model] = [m for m in package.models.values() if m["name"] == "cuebook: 测试书"]
    assert int(model["id"]) == stable_id("notetype", book.slug)
    assert [f["name"] for f in model["flds"]] == list(FIELDS)
    assert model["sortf"] == 0 and model["mod"] == EPOCH
    assert '"Noto Sans CJK SC"' in model["css"] and '"PingFang SC"' in model["css"]
    assert ".highlight .k" in model["css"] and ".nightMode" in model["css"]
    [template] = model["tmpls"]
    assert 'lang="zh-CN"' in template["qfmt"] and "{{Title}}" in template["qfmt"]
    assert "{{#Example}}" in template["afmt"] and ">举例<" in template["afmt"]


def _render(template: str, fields: dict[str, str]) -> str:
    return str(chevron.render(template, fields))


def test_the_back_shows_no_empty_example_section(tricky: tuple[Book, Package]) -> None:
    book, package = tricky
    [model] = [m for m in package.models.values() if m["name"].startswith("cuebook")]
    afmt = model["tmpls"][0]["afmt"]
    first, second = (note_of(package, book, q) for q in book.questions[:2])
    without = _render(afmt, first.fields)
    assert "举例" not in without and "易错点" in without and "答案" in without
    assert "举例" in _render(afmt, second.fields)


# Identity and re-import --------------------------------------------------------------------------

def test_guids_survive_rebuilds_and_edits_and_differ_between_books(tmp_path: Path) -> None:
    book = make_tricky_book(tmp_path / "one")
    guids = set(open_apkg(build_apkg(book, tmp_path / "a")).notes)
    assert guids == set(open_apkg(build_apkg(book, tmp_path / "b")).notes)
    assert guids == {note_guid("one", q) for q in ("generators", "lru", "q3")}
    edited = str(BOOK_FILES["02-more.md"]).replace("第三题的答案。", "改过的答案。")
    changed = make_tricky_book(tmp_path / "one", {"02-more.md": edited})
    package = open_apkg(build_apkg(changed, tmp_path / "c", EPOCH + 60))
    assert set(package.notes) == guids
    answers = {visible_text(n.fields["Answer"]) for n in package.notes.values()}
    assert "改过的答案。" in answers and "第三题的答案。" not in answers
    twin = make_tricky_book(tmp_path / "two")  # the same files, another book
    assert guids.isdisjoint(open_apkg(build_apkg(twin, tmp_path / "d")).notes)


def test_anki_id_keeps_guids_when_the_folder_is_renamed(tmp_path: Path) -> None:
    yaml = str(BOOK_FILES["book.yaml"]) + "anki:\n  id: org.example.cuebook.test\n"
    old = make_tricky_book(tmp_path / "old-name", {"book.yaml": yaml})
    new = make_tricky_book(tmp_path / "new-name", {"book.yaml": yaml})
    first, second = (open_apkg(build_apkg(b, tmp_path / b.slug)) for b in (old, new))
    assert set(first.notes) == set(second.notes)
    assert set(first.models) == set(second.models)


def test_same_epoch_gives_the_same_bytes_and_mtimes_follow_the_epoch(tmp_path: Path) -> None:
    book = make_tricky_book(tmp_path / "book")
    first = build_apkg(book, tmp_path / "a").read_bytes()
    assert build_apkg(book, tmp_path / "b").read_bytes() == first
    later = open_apkg(build_apkg(book, tmp_path / "c", EPOCH + 86400))
    assert {n.mod for n in later.notes.values()} == {EPOCH + 86400}
    assert {n.mod for n in open_apkg(tmp_path / "a" / "book.apkg").notes.values()} == {EPOCH}
    for info in later.zip_infos:
        assert info.date_time == (2025, 6, 16, 15, 6, 40) and info.create_system == 3


def test_zip_dates_before_1980_are_clamped(tmp_path: Path) -> None:
    book = make_tricky_book(tmp_path / "book")
    package = open_apkg(build_apkg(book, tmp_path / "out", 0))
    assert {i.date_time for i in package.zip_infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {n.mod for n in package.notes.values()} == {0}


# Failures ----------------------------------------------------------------------------------------

def test_an_image_gone_before_writing_fails_located_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = make_tricky_book(tmp_path / "book")
    (book.root / "images" / "arch.png").unlink()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    with pytest.raises(CuebookError) as exc:
        build_apkg(book, out)
    [problem] = exc.value.diagnostics
    assert problem.code == "image.unreadable"
    assert re.fullmatch(r".*01-basics\.md:\d+:\d+: error: image 'images/arch\.png' cannot be "
                        r"packed into the Anki deck: No such file or directory "
                        r"\[image\.unreadable\]", str(problem))
    assert not out.exists() or list(out.iterdir()) == []
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(("section", "message"), [
    ("anki:\n  id: 5\n", "anki.id: must be non-empty text"),
    ("anki:\n  id: '  '\n", "anki.id: must be non-empty text"),
    ("anki:\n  idd: x\n", "unknown key 'anki.idd' (did you mean 'anki.id'?)"),
    ("anki:\n  reverse: yes please\n", "anki.reverse: 'yes please' is not true or false"),
])
def test_bad_anki_options_are_located_errors(tmp_path: Path, section: str, message: str) -> None:
    book = make_tricky_book(tmp_path / "book",
                            {"book.yaml": str(BOOK_FILES["book.yaml"]) + section})
    with pytest.raises(CuebookError) as exc:
        build_apkg(book, tmp_path / "out")
    [problem] = exc.value.diagnostics
    assert problem.location.path.endswith("book.yaml") and problem.location.line == 10
    assert message in problem.message


def test_unknown_anki_option_is_a_warning_without_strict(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    book = make_tricky_book(tmp_path / "book",
                            {"book.yaml": str(BOOK_FILES["book.yaml"]) + "anki:\n  idd: x\n"})
    with caplog.at_level(logging.WARNING, logger="tests.anki"):
        [path] = available()["anki"].write(book, context(tmp_path / "out", strict=False))
    assert path.exists()
    assert [r.getMessage().split(": ", 1)[1] for r in caplog.records] == [
        "warning: unknown key 'anki.idd' (did you mean 'anki.id'?) [config.unknown-key]"]


# Other book shapes -------------------------------------------------------------------------------

def test_unlabelled_english_book_with_per_chapter_numbers(tmp_path: Path) -> None:
    folder = write_book(tmp_path / "en", {
        "book.yaml": "title: Notes\nauthor: A\nlanguage: en\nquestions:\n"
                     "  numbering: per-chapter\n",
        "01-a.md": "# One\n\n## 1. What is a generator?\n\nA function that `yield`s.\n",
        "02-b.md": "# Two\n\n## 1. What is a list?\n\nA sequence.\n",
    })
    checked = load_and_check(folder)
    assert checked.book is not None and checked.lines == []
    book = checked.book
    package = open_apkg(build_apkg(book, tmp_path / "out"))
    notes = [note_of(package, book, q) for q in book.questions]
    assert [n.fields["Number"] for n in notes] == ["1.1", "2.1"]  # unique first fields
    assert [n.fields["Question"] for n in notes] == ["", ""]
    assert visible_text(notes[0].fields["Answer"]) == "Afunctionthatyields."
    assert [n.decks for n in notes] == [["Notes::1 One"], ["Notes::2 Two"]]
    [model] = [m for m in package.models.values() if m["name"] == "cuebook: Notes"]
    assert ">Answer<" in model["tmpls"][0]["afmt"] and 'lang="en"' in model["tmpls"][0]["qfmt"]


def test_a_one_chapter_book_named_like_its_chapter_has_no_subdeck(tmp_path: Path) -> None:
    folder = write_book(tmp_path / "single", {
        "01.md": "### 1. 问题一\n\n**题目：** 问？\n\n**答案：** 答。\n"})
    checked = load_and_check(folder)
    assert checked.book is not None and checked.lines == []
    package = open_apkg(build_apkg(checked.book, tmp_path / "out"))
    assert [n.decks for n in package.notes.values()] == [["测试书"]]


def test_cli_builds_both_formats(cli: Callable[..., Any], tmp_path: Path) -> None:
    folder = tmp_path / "tricky"
    make_tricky_book(folder)
    result = cli(str(folder), "--formats", "anki,tsv", "--out", str(tmp_path / "out"), "-q")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) \
        == ["tricky-quizlet.txt", "tricky.apkg", "tricky.tsv"]
    assert {"anki", "tsv"} <= set(available())


@pytest.mark.parametrize(("tag", "expected"), [
    ("dynamic programming", "dynamic_programming"),
    ("全角\u3000空格", "全角_空格"),  # Anki splits tags on the ideographic space too
    ("tab\there", "tab_here"),
    ('say "hi"', "say_hi"),
    ("::a:::b::", "a::b"),
    ("C++", "C++"),
    (' "" ', ""),
])
def test_tags_become_what_anki_keeps_whole(tag: str, expected: str) -> None:
    assert anki_tag(tag) == expected
