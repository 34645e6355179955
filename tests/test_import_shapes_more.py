"""More shapes people publish, each a fixture under ``tests/fixtures/import-shapes`` with its
question count and its diagnostics, and every text line of its source accounted for: fences
inside block quotes, headings inside list items, docsify and VuePress sites, emoji shortcodes
and images over the media limit."""

from __future__ import annotations

import io
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from cuebook.safety.limits import MAX_IMAGE_BYTES
from tests.conftest import ROOT, clean_book, load_and_check
from tests.conservation import share_kept, unaccounted
from tests.importing import run_import

MakeBook = Callable[..., Path]
SHAPES = ROOT / "tests" / "fixtures" / "import-shapes"


def _imported(capsys: pytest.CaptureFixture[str], fixture: str, tmp_path: Path,
              *options: str) -> tuple[list[str], Path]:
    """The diagnostics of importing a fixture (which must check clean) and the book."""
    book = tmp_path / "book"
    code, diags = run_import(capsys, SHAPES / fixture, book, *options)
    assert code == 0, diags
    return diags, book


def _questions(book: Path) -> list[tuple[str, dict[str, str]]]:
    """(title, {part key: text}) of every question of an imported book, in order."""
    loaded = clean_book(book)
    return [(q.title.text, {p.key: p.content.text.strip() for p in q.parts})
            for c in loaded.chapters for q in c.questions]


def _all_kept(sources: list[Path], book: Path, diags: list[str]) -> None:
    for source in sources:
        assert unaccounted(source, book, diags) == [], source
        kept, total = share_kept(source, book, diags)
        assert kept == total


# Fences inside block quotes --------------------------------------------------------------------

def test_a_fence_inside_a_block_quote_is_closed_by_its_quoted_fence(
        make_book: MakeBook) -> None:
    """``> ```js`` … ``> ````: the check once took the closing line for text and refused the
    book (a false markdown.unclosed-fence)."""
    folder = make_book({"book.yaml": "title: Q\nauthor: A\nlanguage: en\nfiles: [a.md]\n",
                        "a.md": "# Basics\n\n## 1. What does this print?\n\n"
                                "> A reviewer's note:\n>\n> ```js\n> console.log(1 + \"1\");\n"
                                "> ```\n>\n> Think first.\n\n**Answer:** `\"11\"`.\n\n"
                                "## 2. And this?\n\n> > ```\n> > deep\n> > ```\n\n"
                                "- a list item\n\n  > ```py\n  > print(1)\n  > ```\n"})
    book = clean_book(folder)
    assert [q.title.text for q in book.questions] == ["What does this print?", "And this?"]


def test_a_quoted_fence_left_open_is_still_an_error(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": "title: Q\nauthor: A\nlanguage: en\nfiles: [a.md]\n",
                        "a.md": "# B\n\n## 1. Q?\n\n> ```js\n> code\n\nAfter.\n"})
    assert load_and_check(folder).lines == [
        f"{folder}/a.md:5:1: error: code block opened with ``` is never closed "
        "[markdown.unclosed-fence]"]


def test_a_readme_with_code_in_block_quotes_imports_whole(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ``## not a heading`` two quotes deep in code stays code: 4 questions, 2 chapters."""
    diags, book = _imported(capsys, "quoted-fences", tmp_path)
    source = SHAPES / "quoted-fences" / "README.md"
    assert diags == [f"{source}:3:1: warning: left out: the text before the first questions "
                     "(line 3) [import.dropped]"]
    questions = _questions(book)
    assert [t for t, _ in questions] == [
        "How do you list hidden files?", "What does set -e do?", "How do you quote a quote?",
        "What does tee do?"]
    assert "> > ## not a heading: code two quotes deep" in \
        (book / "01-basics.md").read_text("utf-8")
    _all_kept([source], book, diags)


# Headings inside list items --------------------------------------------------------------------

def test_headings_inside_list_item_answers_stay_in_their_answers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``1. ### Question`` items whose answers have headings of their own (``## Why use one``,
    ``#### Examples:``): no chapter starts inside an answer, no answer moves to the question
    part, and the "Coding Exercise" section (``#### 1. …`` under ``### Coding Exercise``,
    options ``- 1:`` to ``- 4:``) is a chapter of its own questions."""
    diags, book = _imported(capsys, "list-headings", tmp_path)
    source = SHAPES / "list-headings" / "README.md"
    assert diags == [
        f"{source}:7:1: warning: left out: a table of contents (lines 7–16) [import.dropped]",
        f"{source}:34:1: warning: left out: 'back to top' links (lines 34, 47, 61, 71, 122) "
        "[import.dropped]"]
    loaded = clean_book(book)
    assert [c.title.text for c in loaded.chapters] == [
        "Python Interview Questions & Answers", "Coding Exercise"]
    questions = _questions(book)
    assert len(questions) == 6
    assert [t for t, _ in questions[:4]] == [
        "What is a list comprehension", "What is a generator", "What are decorators",
        "What is the GIL"]
    first = questions[0][1]
    assert "question" not in first and "example" not in first
    assert "Examples:" in first["answer"] and "evens = [n for n" in first["answer"]
    assert "Why use one" in questions[1][1]["answer"]
    assert "Generator expression:" in questions[1][1]["answer"]
    assert "Two CPU-bound threads" in questions[3][1]["answer"]
    exercise = questions[4][1]
    assert "print(0.1 + 0.2 == 0.3)" in exercise["question"]
    assert "- 1: True" in (book / "02-coding-exercise.md").read_text("utf-8")
    assert exercise["answer"].startswith("2: False\nBinary floating point")
    assert questions[5][1]["answer"].startswith("3: 3\nA negative index")
    _all_kept([source], book, diags)


# A docsify site --------------------------------------------------------------------------------

def test_a_docsify_sidebar_with_tooltips_angle_brackets_and_parentheses_imports_every_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``[t](/guide/quickstart.md "Start here")``, ``[t](</java/collections and generics/
    README.md>)``, ``[t](/java/jvm-(memory).md)``, ``[t](java/concurrency/ ":title …")`` and
    ``[t](/java/streams "…")`` (no ``.md``): every page is a chapter; links and images written
    from the site's root (``/java/streams``, ``/images/x.png``) land inside the book."""
    site = SHAPES / "docsify"
    diags, book = _imported(capsys, "docsify", tmp_path)
    assert diags == [f"{site}/_sidebar.md:4:1: warning: left out: the index's group titles, "
                     "each page being a chapter under its own title (lines 4, 7) "
                     "[import.dropped]"]
    loaded = clean_book(book)
    assert loaded.config.title == "Java Notes"
    assert [c.title.text for c in loaded.chapters] == [
        "Home", "Quick start", "Writing more notes", "Collections", "JVM (memory model)",
        "Concurrency", "Streams"]
    assert len(loaded.questions) == 10
    quick = (book / "02-quick-start.md").read_text("utf-8")
    assert "[the JVM page](05-jvm-memory-model.md)" in quick
    assert "[search section](02-quick-start.md#how-do-i-search)" in quick  # docsify's ?id=
    collections = (book / "04-collections.md").read_text("utf-8")
    assert "(05-jvm-memory-model.md#what-is-the-heap)" in collections
    assert "(media/linked-list.png)" in collections
    assert "[streams](07-streams.md)" in (book / "06-concurrency.md").read_text("utf-8")
    pages = sorted(p for p in site.rglob("*.md"))
    assert len(pages) == 8
    _all_kept(pages, book, diags)


# A VuePress docs folder ------------------------------------------------------------------------

def test_a_vuepress_docs_folder_imports_every_page_by_its_front_matter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No index: ``docs/.vuepress/`` says what the folder is. Every page is a chapter, titled
    by its front matter's ``title`` (else its ``# heading``), in the order of ``order:`` then
    the file name, each folder's ``README.md`` first; ``category:`` and ``tag:`` tag the
    page's questions; the site's title is the config's."""
    site = SHAPES / "vuepress"
    diags, book = _imported(capsys, "vuepress", tmp_path)
    docs = site / "docs"
    assert diags == [
        f"{docs}/README.md:2:1: warning: left out: front matter the book has no place for "
        "(lines 2–3, 5–6) [import.dropped]",
        f"{docs}/java/collections.md:4:1: warning: left out: front matter the book has no "
        "place for (line 4) [import.dropped]"]
    loaded = clean_book(book)
    assert loaded.config.title == "Backend Interview Notes"
    assert [c.title.text for c in loaded.chapters] == [
        "Home", "Java", "The JVM", "Collections", "MySQL indexes", "Redis"]
    assert [len(c.questions) for c in loaded.chapters] == [1, 1, 2, 2, 2, 1]
    tags = {q.title.text: q.tags for q in loaded.questions}
    assert tags["What lives on the heap?"] == ("Java", "jvm", "memory")
    assert tags["How does a HashMap find a key?"] == ("Java", "collections", "hashmap")
    assert tags["Why does InnoDB use a B+ tree?"] == ("Database", "mysql")
    assert tags["Why is Redis fast?"] == ()
    assert "title: The JVM" not in (book / "03-the-jvm.md").read_text("utf-8")
    _all_kept(sorted(docs.rglob("*.md")), book, diags)


def test_from_notes_reads_a_folder_of_pages_without_any_index(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A VitePress folder without its config folder (or any folder of pages), named with
    ``--from notes``: its pages, by ``order`` then name."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "b-second.md").write_text("---\ntitle: Second\norder: 2\n---\n\n## Q2?\n\nA2.\n",
                                        "utf-8")
    (folder / "a-last.md").write_text("# Last\n\n## Q3?\n\nA3.\n", "utf-8")
    (folder / "z-first.md").write_text("---\norder: 1\n---\n# First\n\n## Q1?\n\nA1.\n",
                                       "utf-8")
    code, diags = run_import(capsys, folder, tmp_path / "book", "--from", "notes")
    assert (code, diags) == (0, [])
    loaded = clean_book(tmp_path / "book")
    assert [c.title.text for c in loaded.chapters] == ["First", "Second", "Last"]
    assert [q.title.text for q in loaded.questions] == ["Q1?", "Q2?", "Q3?"]


def test_front_matter_that_is_not_plain_yaml_is_kept_as_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    page = folder / "page.md"
    page.write_text("---\ntitle: [unclosed\n---\n\n## Q?\n\nA.\n", "utf-8")
    code, diags = run_import(capsys, folder, tmp_path / "book", "--from", "notes")
    assert code == 0
    assert len(diags) == 1 and diags[0].startswith(f"{page}:2:")
    assert diags[0].endswith("kept as a code block [import.front-matter]")
    assert "```yaml\ntitle: [unclosed\n```" in (tmp_path / "book" / "01-page.md").read_text()
    assert [q.title.text for q in clean_book(tmp_path / "book").questions] == ["Q?"]


# A README wrapped in <div dir="rtl"> and <p> ---------------------------------------------------

def test_a_readme_wrapped_in_div_and_p_tags_keeps_every_question(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``<div dir="rtl" align="right">`` then ``<p>`` around the whole README (and ``</p>
    <p>`` between its parts): the questions are found; the wrappers' tags, which say what the
    book's language says already, are in no chapter and in no warning."""
    diags, book = _imported(capsys, "rtl-wrapper", tmp_path)
    assert diags == []
    loaded = clean_book(book)
    assert (loaded.config.language, loaded.config.title) == ("ar", "أسئلة مقابلات بايثون")
    assert [c.title.text for c in loaded.chapters] == ["الأساسيات", "البرمجة الكائنية"]
    assert [q.title.text for q in loaded.questions] == [
        "ما الفرق بين القائمة والصف؟", "ما هو المولد؟", "ما هي الدالة __init__؟",
        "ما الفرق بين is و ==؟"]
    text = "".join(p.read_text("utf-8") for p in book.glob("*.md"))
    assert "<p>" not in text and "</p>" not in text and "div" not in text
    _all_kept([SHAPES / "rtl-wrapper" / "README.md"], book, diags)


# Emoji shortcodes ------------------------------------------------------------------------------

def test_emoji_shortcodes_become_emoji_outside_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``:muscle:`` in a chapter heading, ``:thinking:`` in a question, ``:rocket:`` and
    ``:white_check_mark:`` in answers and ``:gem:`` in the title are emoji, two in a row too;
    ``:ok:`` in a code block, ``:name`` in a code span, a time, ``std::map:``, ``a:b:c`` and
    a name no emoji has stay as written."""
    diags, book = _imported(capsys, "emoji-shortcodes", tmp_path)
    assert diags == []
    loaded = clean_book(book)
    assert loaded.config.title == "Ruby Quiz 💎"
    assert [c.title.text for c in loaded.chapters] == ["Basics 💪"]
    questions = _questions(book)
    assert [t for t, _ in questions] == ["What is a symbol? 🤔", "What does freeze do?"]
    assert questions[0][1]["answer"].startswith(
        "An immutable name, written :name; the same symbol is one object everywhere 🚀")
    assert "status = :ok # not an emoji: :ok: stays code" in questions[0][1]["answer"]
    assert "immutable 🔒" in questions[1][1]["answer"]
    assert "At 10:30:45 the build ran ✅ and :not_an_emoji: stays as written." in \
        questions[1][1]["answer"]
    assert "Like C++'s std::map:, a Hash keeps its keys (see a:b:c) 🎉🎉" in \
        questions[1][1]["answer"]
    _all_kept([SHAPES / "emoji-shortcodes" / "README.md"], book, diags)


# Images over the image limit -------------------------------------------------------------------

def _big_pictures(folder: Path) -> None:
    """Beside the fixture's README: a 1900×1900 PNG of noise (10.8 MB, over the 10 MiB image
    limit), a 8200×5000 JPEG (41 megapixels, over the 40 megapixel limit) and a GIF padded past
    10 MiB (GIFs, often animated, are not scaled)."""
    images = folder / "images"
    noise = Image.frombytes("RGB", (1900, 1900), random.Random(7).randbytes(1900 * 1900 * 3))
    noise.save(images / "capture.png", compress_level=1)
    Image.new("RGB", (8200, 5000), (180, 60, 40)).save(images / "patch-panel.jpg")
    gif = io.BytesIO()
    Image.new("P", (8, 8)).save(gif, "GIF")
    (images / "route.gif").write_bytes(gif.getvalue() + bytes(11 << 20))


def test_images_over_the_image_limit_are_scaled_down_and_said_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "big-images"
    shutil.copytree(SHAPES / "big-images", source)
    _big_pictures(source)
    assert (source / "images" / "capture.png").stat().st_size > MAX_IMAGE_BYTES
    readme = source / "README.md"
    code, diags = run_import(capsys, source, tmp_path / "book")
    assert code == 0
    book = tmp_path / "book"
    media = book / "media"

    def kb(path: Path) -> str:  # what zlib and libjpeg make varies with their versions
        return f"{-(-path.stat().st_size // 1024):,} KB"

    capture, panel = source / "images" / "capture.png", source / "images" / "patch-panel.jpg"
    assert diags == [
        f"{readme}:8:1: warning: media file 'capture.png' is over the image limit: scaled down "
        f"from 1900×1900, {kb(capture)} to 1682×1682, {kb(media / 'capture.png')} "
        "[import.media-scaled]",
        f"{readme}:14:1: warning: media file 'patch-panel.jpg' is over the image limit: scaled "
        f"down from 8200×5000, {kb(panel)} to 2400×1463, {kb(media / 'patch-panel.jpg')} "
        "[import.media-scaled]",
        f"{readme}:20:1: warning: media file 'route.gif' is over the image limit and cannot be "
        "scaled down to it: left out [import.media-too-large]"]
    loaded = clean_book(book)
    assert len(loaded.questions) == 4
    assert sorted(p.name for p in media.iterdir()) == ["capture.png", "mask.png",
                                                       "patch-panel.jpg"]
    with Image.open(media / "capture.png") as scaled:
        assert (scaled.format, scaled.size) == ("PNG", (1682, 1682))
    with Image.open(media / "patch-panel.jpg") as scaled:
        assert (scaled.format, scaled.size) == ("JPEG", (2400, 1463))
    assert (media / "capture.png").stat().st_size <= MAX_IMAGE_BYTES
    assert (media / "mask.png").read_bytes() == (source / "images" / "mask.png").read_bytes()
    _all_kept([readme], book, diags)


def test_a_folder_of_pages_is_bounded_in_depth_and_in_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep"
    folder = deep
    for _ in range(40):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "page.md").write_text("## Lost?\n\nToo deep.\n", "utf-8")
    (deep / "top.md").write_text("## Kept?\n\nYes.\n", "utf-8")
    code, diags = run_import(capsys, deep, tmp_path / "book", "--from", "notes")
    assert code == 0
    assert diags == [f"{deep}{'/d' * 33}:1:1: warning: a folder 32 folders deep: its pages are "
                     "left out [import.page-missing]"]
    assert [q.title.text for q in clean_book(tmp_path / "book").questions] == ["Kept?"]
    many = tmp_path / "many"
    many.mkdir()
    for n in range(4001):  # twice a book's 2,000 files, and one
        (many / f"p{n}.md").write_text("## Q?\n\nA.\n", "utf-8")
    code, diags = run_import(capsys, many, tmp_path / "book2", "--from", "notes")
    assert code == 1 and not (tmp_path / "book2").exists()
    assert diags[0] == (f"{many}:1:1: error: more than 4,000 pages and folders (a book holds "
                        "2,000 files) [import.too-many]")


def test_an_image_past_the_books_size_limit_is_scaled_into_the_room_left(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A notes site's hundreds of pictures reach the book's size limit (64 MiB; 1 MB here):
    the picture that would pass it is scaled into the room left, and said so."""
    monkeypatch.setattr("cuebook.importers.media.MAX_BOOK_BYTES", 1_000_000)
    noise = random.Random(3)
    for name in ("first.jpg", "second.jpg"):
        picture = Image.frombytes("RGB", (1000, 800), noise.randbytes(1000 * 800 * 3))
        picture.save(tmp_path / name, quality=90)
    sizes = [(tmp_path / n).stat().st_size for n in ("first.jpg", "second.jpg")]
    assert sizes[0] < 1_000_000 < sum(sizes)
    readme = tmp_path / "README.md"
    readme.write_text("# Pictures\n\n## 1. First?\n\n![one](first.jpg)\n\n"
                      "## 2. Second?\n\n![two](second.jpg)\n", "utf-8")
    code, diags = run_import(capsys, readme, tmp_path / "book")
    assert code == 0
    media = tmp_path / "book" / "media"
    kept = (media / "second.jpg").stat().st_size
    with Image.open(media / "second.jpg") as scaled:
        width, height = scaled.size
    assert kept <= 1_000_000 - sizes[0] and width < 1000
    assert diags == [
        f"{readme}:9:1: warning: media file 'second.jpg' would take the book past its "
        f"1,000,000 bytes limit: scaled down from 1000×800, {-(-sizes[1] // 1024):,} KB to "
        f"{width}×{height}, {-(-kept // 1024):,} KB [import.media-scaled]"]
    assert (media / "first.jpg").read_bytes() == (tmp_path / "first.jpg").read_bytes()


def test_an_mdbook_summarys_part_titles_are_named_as_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "guide" / "src"
    src.mkdir(parents=True)
    summary = src / "SUMMARY.md"
    summary.write_text("# Summary\n\n[Intro](intro.md)\n\n# Part I\n\n- [A](a.md)\n\n---\n\n"
                       "# Part II\n\n- [B](b.md)\n", "utf-8")
    for name in ("intro", "a", "b"):
        (src / f"{name}.md").write_text(f"## {name}?\n\nYes.\n", "utf-8")
    code, diags = run_import(capsys, tmp_path / "guide", tmp_path / "book")
    assert (code, diags) == (0, [
        f"{summary}:5:1: warning: left out: the index's group titles, each page being a "
        "chapter under its own title (lines 5, 11) [import.dropped]"])
    assert [c.title.text for c in clean_book(tmp_path / "book").chapters] == ["Intro", "A", "B"]


def test_a_vuepress_folder_without_its_config_is_told_by_its_front_matter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No ``.vuepress/``: a home page with front matter beside pages with front matter is a
    site, not a README bank (which the bank importer would read alone)."""
    site = tmp_path / "site"
    shutil.copytree(SHAPES / "vuepress", site, ignore=shutil.ignore_patterns(".vuepress"))
    code, _ = run_import(capsys, site, tmp_path / "book")
    assert code == 0
    loaded = clean_book(tmp_path / "book")
    assert (loaded.config.title, len(loaded.chapters), len(loaded.questions)) == ("Home", 6, 9)
