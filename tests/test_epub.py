"""The EPUB writer: validators (EPUBCheck, Ace), text, navigation, pages, fonts, bytes.

The fixture books are those the session built once (conftest.py: ``library``), both
editions each (the book and its self-test edition); the validators run on all of them at
once, in parallel processes (tests/validators.py).
"""

from __future__ import annotations

import io
import re
import shutil
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from markdown_it.token import Token
from PIL import Image

from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError
from cuebook.formats.epub import content as epub_content
from cuebook.formats.epub.fonts import BOLD_CODE_CLASSES
from cuebook.formats.epub.writer import EpubWriter
from cuebook.formats.pdf.writer import handout_pages
from cuebook.formats.registry import WriterContext
from cuebook.products import Products, Store
from cuebook.source.markdown import new_parser
from tests.conftest import EPOCH, LIBRARY, ROOT, clean_book, load_and_check, write_book
from tests.validators import ACE, CHROMIUM, run_ace, run_epubcheck

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}
MATHML = "http://www.w3.org/1998/Math/MathML"
STRICT = etree.XMLParser(resolve_entities=False, no_network=True)
MINI_YAML = """\
title: Mini Interview Book
author: Ada Example
language: en
date: 2026-01-15
description: Two questions, an image, a footnote and links across chapters.
"""
MINI_FILES = {
    "01-basics.md": """\
# Basics

These questions come up in the first ten minutes.

## 1. What does `is` compare? {#is-vs-eq tags="operators" difficulty=easy}

**Question:** How do `is` and `==` differ?

**Answer:** `==` compares values; `is` compares identity.[^id] See
[generators](#generators).\\
A hard line break, then a rule.

---

![Two names pointing at one list object](images/names.png)

[^id]: Two objects are identical when their `id()` is equal.
""",
    "02-more.md": """\
# More

## 2. What is a generator? {#generators tags="functions"}

**Question:** What is a generator?

**Answer:** A function containing `yield`. Compare [question 1](01-basics.md#is-vs-eq).

- [x] lazy
- [ ] eager

```python
def count():
    yield 1
```
""",
}


@dataclass(frozen=True)
class Built:
    book: Book
    main: Path
    quiz: Path
    ctx: WriterContext

    @property
    def editions(self) -> tuple[Path, Path]:
        return (self.main, self.quiz)


def build(folder: Path, out: Path) -> Built:
    checked = load_and_check(folder)
    assert checked.book is not None and checked.diags.errors == [], checked.lines
    ctx = WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=EPOCH)
    paths = EpubWriter().write(checked.book, ctx)
    slug = checked.book.slug
    assert [p.name for p in paths] == [f"{slug}.epub", f"{slug}-quiz.epub"]
    return Built(checked.book, paths[0], paths[1], ctx)


def mini_book(folder: Path) -> Path:
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 80, 40)).save(picture, format="PNG")
    return write_book(folder, {"book.yaml": MINI_YAML, **MINI_FILES,
                               "images/names.png": picture.getvalue()})


def from_library(library: Path, slug: str) -> Built:
    """A fixture book's editions as the session's strict build of every format wrote them;
    its context reads the handout that build made (for its page map)."""
    book = clean_book(LIBRARY / slug)
    ctx = WriterContext(out_dir=library, project_dir=ROOT, source_date_epoch=EPOCH,
                        products=Products(store=Store(library / ".cache" / "store")))
    return Built(book, library / f"{slug}.epub", library / f"{slug}-quiz.epub", ctx)


@pytest.fixture(scope="module")
def books(library: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("epub")
    mini = mini_book(tmp_path_factory.mktemp("mini") / "mini")
    built = {"interview": from_library(library, "interview"),
             "drills": from_library(library, "drills"), "mini": build(mini, out)}
    # The drills book as a long chapter is written: every chapter split between its
    # questions into documents (a budget of a few KB instead of 200 KB), so every test of this
    # module also holds for split chapters.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(epub_content, "PIECE_BUDGET", 3000)
        built["drills-split"] = build(LIBRARY / "drills", tmp_path_factory.mktemp("split"))
    return built


def every_epub(books: dict[str, Built]) -> list[Path]:
    return [p for b in books.values() for p in b.editions]


# Reading an EPUB back --------------------------------------------------------------------------

class Epub:
    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)

    def read(self, name: str) -> bytes:
        return self.zip.read(f"EPUB/{name}")

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.read(name), STRICT)

    @property
    def opf(self) -> etree._Element:
        return self.xml("content.opf")

    def spine(self) -> list[str]:
        opf = self.opf
        hrefs = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:item", NS)}
        return [hrefs[r.get("idref")] for r in opf.iterfind(".//opf:itemref", NS)]

    def documents(self) -> Iterator[tuple[str, etree._Element]]:
        for name in self.spine():
            yield name, self.xml(name)

    def text(self, names: list[str] | None = None, formulas: bool = True) -> str:
        """The spine's text; without the formulas' MathML when ``formulas`` is false (the
        Markdown's inline text leaves the TeX out too)."""
        found = []
        for name, root in self.documents():
            if names is not None and name not in names:
                continue
            body = root.find("x:body", NS)
            found.append("".join((body if formulas else without_formulas(body)).itertext()))
        return "".join(found)

    def target(self, href: str) -> etree._Element | None:
        """The element an href (relative to the package folder) points at."""
        name, _, anchor = href.partition("#")
        found = self.xml(name).xpath("//*[@id=$id]", id=anchor)
        return found[0] if found else None

    def nav_links(self, kind: str) -> list[tuple[str, str]]:
        nav = self.xml("nav.xhtml").xpath("//x:nav[@epub:type=$kind]", namespaces=NS, kind=kind)
        return [(a.get("href"), "".join(a.itertext())) for a in nav[0].iterfind(".//x:a", NS)]


def without_formulas(element: etree._Element) -> etree._Element:
    """A copy of ``element`` without its formulas (MathML), the text after each kept."""
    copy = etree.fromstring(etree.tostring(element))
    for math in copy.xpath(".//m:math", namespaces={"m": MATHML}):
        tail, parent, previous = math.tail or "", math.getparent(), math.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(math)
    return copy


#: A formula in the model's plain text: its TeX between \( \) or \[ \].
TEX = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.S)


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_text(element: etree._Element) -> str:
    """An element's text without spaces, formulas and footnote reference numbers (the
    model's plain text has none; its formulas are TeX, compared without them), a picture
    read as its alt text (as the model's plain text holds it)."""
    copy = without_formulas(element)
    for image in copy.xpath(".//x:img", namespaces=NS):
        image.tail = (image.get("alt") or "") + (image.tail or "")
    for ref in copy.xpath(".//x:a[@epub:type='noteref']", namespaces=NS):
        ref.text = ""
        for child in list(ref):
            ref.remove(child)
    return no_space("".join(copy.itertext()))


# Validators ------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed: EPUBCheck "
                    "needs it (Debian: default-jre-headless)")
def test_epubcheck_reports_nothing_for_every_edition(books: dict[str, Built]) -> None:
    reports = run_epubcheck(every_epub(books))
    assert len(reports) == 8
    # No fatal error, error, warning or info: EPUBCheck's "valid" ignores warnings.
    assert reports == {name: [] for name in reports}


def test_epubcheck_does_find_a_broken_epub(books: dict[str, Built], tmp_path: Path) -> None:
    """The validator run above can fail: a dangling link in a copy is reported."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: EPUBCheck needs it")
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(books["mini"].main) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("chapter-1.xhtml"):
                data = data.replace(b'href="chapter-2.xhtml#generators"',
                                    b'href="chapter-2.xhtml#nowhere"')
            target.writestr(info, data)
    (messages,) = run_epubcheck([broken]).values()
    assert any("RSC-012" in m for m in messages), messages


@pytest.mark.skipif(ACE is None or CHROMIUM is None, reason="Ace by DAISY is not installed "
                    "(scripts/setup.sh installs it: npm @daisy/ace-cli and Debian chromium)")
def test_ace_reports_no_violation_for_every_edition(books: dict[str, Built]) -> None:
    reports = run_ace(every_epub(books))
    assert len(reports) == 8
    assert reports == {name: [] for name in reports}


# Text and structure ----------------------------------------------------------------------------

def source_blocks(folder: Path) -> list[str]:
    """Every heading, paragraph and list item of the Markdown, as plain text."""
    md = new_parser()
    found = []
    for source in sorted(folder.glob("*.md")):
        tokens = md.parse(source.read_text(encoding="utf-8"))
        for i, token in enumerate(tokens):
            if token.type == "inline" and tokens[i - 1].type in ("heading_open",
                                                                 "paragraph_open"):
                found.append(_inline(token.children or []))
    return found


def _inline(children: list[Token]) -> str:
    text = "".join(c.content if c.type in ("text", "code_inline") else
                   str(int(c.meta["id"]) + 1) if c.type == "footnote_ref" else ""
                   for c in children)
    text = re.sub(r"\s*\{[^{}]*\}\s*$", "", text)  # heading attributes {#id tags=…}
    return re.sub(r"^(题目|答案|举例|复杂度|Question|Answer|Example)\s*[:：]", "", text.strip())


@pytest.mark.parametrize("slug", ["interview", "drills"])
def test_every_heading_paragraph_and_list_item_is_in_the_epub(books: dict[str, Built],
                                                              slug: str) -> None:
    blocks = source_blocks(LIBRARY / slug)
    assert len(blocks) > 30
    text = no_space(Epub(books[slug].main).text(formulas=False))
    missing = [b for b in blocks if no_space(b) not in text]
    assert missing == []


def test_every_document_is_strict_xml_with_a_declaration_and_languages(
        books: dict[str, Built]) -> None:
    for built in books.values():
        language = built.book.config.language
        for path in built.editions:
            epub = Epub(path)
            names = [n for n in epub.zip.namelist() if n.endswith((".xhtml", ".ncx", ".opf"))]
            assert len(names) >= 6
            for name in names:
                data = epub.zip.read(name)
                assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>"), name
                root = etree.fromstring(data, STRICT)
                if name.endswith(".xhtml"):
                    assert root.get("lang") == language, name
                    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
            assert epub.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == language


def test_headings_go_down_one_level_at_a_time(books: dict[str, Built]) -> None:
    for path in every_epub(books):
        for name, root in Epub(path).documents():
            levels = [int(h.tag[-1]) for h in root.iter()
                      if isinstance(h.tag, str) and re.fullmatch(r"\{.*\}h[1-6]", h.tag)
                      and not h.xpath("ancestor::*[@hidden]")]
            assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False)), name


def test_nav_and_ncx_list_every_question_and_lead_to_it(books: dict[str, Built]) -> None:
    for built in books.values():
        ids = {q.id for q in built.book.questions}
        for path in built.editions:
            epub = Epub(path)
            nav = epub.nav_links("toc")
            ncx = epub.xml("toc.ncx")
            sources = [c.get("src") for c in ncx.iterfind(".//ncx:navMap//ncx:content", NS)]
            for hrefs in ([h for h, _ in nav], sources):
                targets = [h.partition("#")[2] for h in hrefs]
                assert ids <= set(targets)
                for href in hrefs:
                    assert epub.target(href) is not None, href
            labels = [label for _, label in nav]
            assert all(f"{q.number}. {q.title.text}" in labels for q in built.book.questions)
            orders = [int(p.get("playOrder")) for p in ncx.iter(f"{{{NS['ncx']}}}navPoint")]
            assert orders == sorted(orders) and orders[0] == 1


def reading_events(epub: Epub) -> list[tuple[str, str]]:
    """The spine in reading order as ("page", n), ("id", anchor) and ("char", c) events."""
    events: list[tuple[str, str]] = []

    def walk(element: etree._Element) -> None:
        if element.get(f"{{{NS['epub']}}}type") == "pagebreak":
            events.append(("page", element.get("aria-label")))
        elif element.get("id"):
            events.append(("id", element.get("id")))
        events.extend(("char", c) for c in no_space(element.text or ""))
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            events.extend(("char", c) for c in no_space(child.tail or ""))

    for _, root in epub.documents():
        walk(root.find("x:body", NS))
    return events


def page_at(events: list[tuple[str, str]], anchor: str) -> int:
    """The page a reader is on at the first character of the element ``anchor``."""
    start = events.index(("id", anchor))
    first_char = next(i for i in range(start, len(events)) if events[i][0] == "char")
    return int(next(v for k, v in reversed(events[:first_char]) if k == "page"))


def test_the_page_list_cites_the_pdf_handout_pages(books: dict[str, Built]) -> None:
    for built in books.values():
        pages = handout_pages(built.book, built.ctx)  # the PDF writer's own page map
        epub = Epub(built.main)
        page_list = epub.nav_links("page-list")
        numbers = [int(label) for _, label in page_list]
        # Every page from the first chapter's to the last question's is listed, in order.
        first, last = pages[built.book.chapters[0].anchor], max(pages.values())
        assert numbers[:last - first + 1] == list(range(first, last + 1)), numbers
        for href, label in page_list:
            marker = epub.target(href)
            assert marker is not None and marker.get("aria-label") == label
            assert marker.get(f"{{{NS['epub']}}}type") == "pagebreak"
        # Reading the e-book, each chapter, section and question starts on its PDF page.
        events = reading_events(epub)
        anchors = [c.anchor for c in built.book.chapters] + \
            [q.id for q in built.book.questions] + [s.anchor for s in built.book.sections]
        assert {a: page_at(events, a) for a in anchors} == {a: pages[a] for a in anchors}
        ncx = [t.get("value") for t in epub.xml("toc.ncx").iter(f"{{{NS['ncx']}}}pageTarget")]
        assert ncx == [label for _, label in page_list]
        # The self-test edition cites the same pages, each at a real marker.
        quiz = Epub(built.quiz)
        assert [label for _, label in quiz.nav_links("page-list")] == [str(n) for n in numbers]
        assert all(quiz.target(h) is not None for h, _ in quiz.nav_links("page-list"))


def _class_text(epub: Epub, classes: frozenset[str]) -> set[str]:
    return set(no_space("".join("".join(e.itertext()) for _, root in epub.documents()
                                for e in root.iter() if isinstance(e.tag, str)
                                and classes & set((e.get("class") or "").split()))))


def test_the_embedded_fonts_are_the_faces_used_each_with_exactly_its_characters(
        books: dict[str, Built]) -> None:
    for path in every_epub(books):
        epub = Epub(path)
        css = epub.read("styles/fonts.css").decode()
        faces = re.findall(r'font-family: "([^"]+)";\s*font-weight: (\w+);.*?url\("\.\./([^"]+)"',
                           css, re.S)
        text = set(no_space(epub.text(formulas=False)))
        formulas = [m for _, root in epub.documents()
                    for m in root.iter(f"{{{MATHML}}}math")]
        math = {c for m in formulas for c in no_space("".join(m.itertext()))} | (
            {"\u221a"} if any(e.tag == f"{{{MATHML}}}msqrt" for m in formulas for e in m.iter())
            else set())
        code = set(no_space("".join("".join(e.itertext()) for _, root in epub.documents()
                                    for e in root.xpath("//x:pre | //x:code | //x:kbd | //x:samp",
                                                        namespaces=NS))))
        shown = {("cuebook serif", "normal"): text, ("cuebook serif", "bold"): text,
                 ("cuebook sans", "bold"): text, ("cuebook mono", "normal"): code,
                 ("cuebook sans", "normal"): _class_text(epub, frozenset({"question-meta"})),
                 ("cuebook mono", "bold"): _class_text(epub, BOLD_CODE_CLASSES),
                 ("cuebook math", "normal"): math}
        # Every face with text to show is embedded, and no other: the normal-weight tags get a
        # real regular face, bold keywords a real monospaced bold.
        assert {(f, w) for f, w, _ in faces} == {face for face, chars in shown.items() if chars}
        for family, weight, name in faces:
            with TTFont(io.BytesIO(epub.read(name))) as font:
                mapped = {chr(c) for c in font.getBestCmap()}
            assert shown[family, weight] - mapped == set(), (path.name, name)
            # The text faces are subset with the formulas' characters too (those they have).
            assert mapped - shown[family, weight] <= set(" \u00a0") | math, (path.name, name)
    assert ("cuebook mono", "bold") in {
        (f, w) for f, w in re.findall(r'font-family: "([^"]+)";\s*font-weight: (\w+);',
                                      Epub(books["drills"].main).read("styles/fonts.css")
                                      .decode())}


def test_code_styles_ask_for_no_face_the_e_book_lacks() -> None:
    css = (ROOT / "styles" / "code.css").read_text("utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "italic" not in rules  # the CJK monospaced face has no italic: a reader would slant
    bold = {c for block in re.findall(r"([^{}]+)\{[^}]*font-weight: bold", rules)
            for c in re.findall(r"\.highlight \.(\w+)", block)}
    assert bold == BOLD_CODE_CLASSES


def test_long_chapters_are_split_between_questions_and_read_as_one(
        books: dict[str, Built]) -> None:
    whole, split = Epub(books["drills"].main), Epub(books["drills-split"].main)
    chapters = [n for n in split.spine() if n.startswith("chapter-")]
    assert len(chapters) > 2 * len([n for n in whole.spine() if n.startswith("chapter-")])
    # The same text in the same order, but for the restated titles of the continued parts.
    restated = "".join("".join(h.itertext()) for _, root in split.documents()
                       for h in root.xpath("//x:header[@class='restated']", namespaces=NS))
    assert restated and len(no_space(split.text())) == len(no_space(whole.text())) + \
        len(no_space(restated))
    # Each question's answer in the quiz edition links back to the part that holds it.
    quiz = Epub(books["drills-split"].quiz)
    for question in books["drills-split"].book.questions:
        back = quiz.xml(f"{_answer_file(quiz, question.id)}").xpath(
            "//x:p[@class='quiz-link']/x:a/@href", namespaces=NS)
        assert quiz.target(back[0]) is not None and back[0].endswith(f"#{question.id}")


def _answer_file(epub: Epub, question_id: str) -> str:
    return next(n for n in epub.spine() if n.startswith("answer-") and
                epub.xml(n).xpath("//*[@id=$id]", id=f"answer-{question_id}"))


def test_a_long_bank_keeps_every_document_small_and_every_link_whole(tmp_path: Path) -> None:
    """300 questions in one chapter: split into documents between questions (about 80 a
    document), each under the size reading systems handle well. A document's size is set by
    the questions in it, not by the book's length, so a longer bank only makes more of them."""
    from bench.synth import write_book as synth_book
    from cuebook.products import PAGEMAP, LocalRun, Products
    from cuebook.render.pagemap import HandoutLayout

    book = load_and_check(synth_book(tmp_path / "bank", 300, per_chapter=300)).book
    assert book is not None and len(book.chapters) == 1
    # The page map is the handout's (tested above on real layouts): an empty one, as if this
    # run's handout had provided it, keeps the test from laying out 150 pages.
    given = LocalRun({(book.slug, PAGEMAP): HandoutLayout({}, 0, ())})
    ctx = WriterContext(out_dir=tmp_path / "out", project_dir=ROOT, source_date_epoch=EPOCH,
                        products=Products(given))
    paths = EpubWriter().write(book, ctx)
    for path in paths:
        epub = Epub(path)
        sizes = {n: len(epub.read(n)) for n in epub.spine()}
        assert max(sizes.values()) <= 250_000, max(sizes.items(), key=lambda kv: kv[1])
        assert len([n for n in sizes if n.startswith("chapter-")]) >= 3
        ids = {n: set(epub.xml(n).xpath("//@id")) for n in sizes}
        for name in sizes:
            for href in epub.xml(name).xpath("//x:a/@href", namespaces=NS):
                target, _, anchor = href.partition("#")
                if "://" not in href:
                    assert (target or name) in ids, f"{name}: {href}"
                    assert not anchor or anchor in ids[target or name], f"{name}: {href}"
        assert {q.id for q in book.questions} <= {h.partition("#")[2]
                                                   for h, _ in epub.nav_links("toc")}
    assert run_epubcheck(paths) == {p.name: [] for p in paths}


def test_the_chinese_epub_is_under_one_and_a_half_megabytes(books: dict[str, Built]) -> None:
    assert books["interview"].main.stat().st_size < 1_500_000


def test_footnotes_are_epub3_notes_with_a_way_back(books: dict[str, Built]) -> None:
    epub = Epub(books["drills"].main)
    root = epub.xml("chapter-2.xhtml")
    refs = root.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
    assert len(refs) == 1
    note = epub.target("chapter-2.xhtml" + refs[0].get("href"))
    assert note is not None and note.tag == f"{{{NS['x']}}}aside"
    assert (note.get(f"{{{NS['epub']}}}type"), note.get("role")) == ("footnote", "doc-footnote")
    back = note.find(".//x:a[@role='doc-backlink']", NS)
    assert back.get("href") == f"#{refs[0].get('id')}"
    assert "均摊意义" in "".join(note.itertext())


def test_code_is_highlighted_and_styled(books: dict[str, Built]) -> None:
    epub = Epub(books["drills"].main)
    keywords = epub.xml("chapter-1.xhtml").xpath("//x:pre//x:span[@class='k']", namespaces=NS)
    assert {"".join(k.itertext()) for k in keywords} >= {"def", "return", "for"}
    css = epub.read("styles/epub.css").decode()
    assert ".highlight .k" in css and ".highlight .s" in css
    comments = "".join(re.findall(r"/\*.*?\*/", css, re.S))
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert comments and "--" not in comments  # a Kobo blank page and Kindle E999 cause
    assert "var(" not in rules and "flex" not in rules and "--" not in rules


def test_links_images_and_html_become_package_xhtml(books: dict[str, Built]) -> None:
    epub = Epub(books["mini"].main)
    first = epub.xml("chapter-1.xhtml")
    link = first.xpath("//x:a[text()='generators']", namespaces=NS)[0]
    assert link.get("href") == "chapter-2.xhtml#generators"
    back = epub.xml("chapter-2.xhtml").xpath("//x:a[text()='question 1']", namespaces=NS)[0]
    assert back.get("href") == "chapter-1.xhtml#is-vs-eq"
    image = first.find(".//x:img", NS)
    assert (image.get("src"), image.get("alt")) == ("images/img-1.png",
                                                    "Two names pointing at one list object")
    assert epub.zip.read("EPUB/images/img-1.png").startswith(b"\x89PNG")
    assert first.find(".//x:hr", NS) is not None and first.find(".//x:br", NS) is not None
    modes = [m.text for m in epub.opf.iterfind(".//opf:meta[@property='schema:accessMode']", NS)]
    assert modes == ["textual", "visual"]


def test_the_self_test_edition_asks_first_and_links_both_ways(books: dict[str, Built]) -> None:
    built = books["interview"]
    epub = Epub(built.quiz)
    answers = [f"answer-1-{n}.xhtml" for n in range(1, 7)]
    assert epub.spine() == ["cover.xhtml", "titlepage.xhtml", "nav.xhtml", "chapter-1.xhtml",
                            *answers, "chapter-2.xhtml"]  # chapter 2 is prose: no answers
    chapter = epub.xml("chapter-1.xhtml")
    assert chapter.xpath("//*[contains(@class, 'part-answer')]", namespaces=NS) == []
    for question, file_name in zip(built.book.questions, answers, strict=True):
        ask = chapter.xpath("//*[@id=$id]//x:a[@href=$href]", namespaces=NS, id=question.id,
                            href=f"{file_name}#answer-{question.id}")
        assert len(ask) == 1, question.id
        answer = epub.target(f"{file_name}#answer-{question.id}")
        assert answer is not None
        answer_text = read_text(answer)
        expected = question.part("answer")
        assert expected is not None
        assert all(no_space(piece) in answer_text for piece in TEX.split(
            expected.content.text)), question.id
        assert answer.xpath(".//x:a[@href=$href]", namespaces=NS,
                            href=f"chapter-1.xhtml#{question.id}")
    assert no_space(built.book.questions[0].part("answer").content.text) not in no_space(  # type: ignore[union-attr]
        "".join(chapter.itertext()))
    title = epub.opf.find(".//dc:title", NS).text
    assert title == f"{built.book.config.title}（自测版）"


@pytest.mark.parametrize("name", ["interview", "drills", "mini"])
def test_each_answer_has_a_document_of_its_own_that_restates_its_question(
        books: dict[str, Built], name: str) -> None:
    """Following "answer" shows that answer from its top, and no other question's answer is
    in the same document: nothing of the previous answer above, nothing of the next below."""
    built = books[name]
    epub = Epub(built.quiz)
    # An answer is known by its first 30 characters (its plain text also holds image alt
    # text, which the document keeps in an attribute).
    answer_of = {q.id: no_space(TEX.sub("", part.content.text))[:30] for q in built.book.questions
                 if (part := q.part("answer")) is not None}
    for file_name, root in epub.documents():
        sections = root.xpath("//x:section[starts-with(@id, 'answer-')]", namespaces=NS)
        text = read_text(root.find("x:body", NS))
        holding = [qid for qid, key in answer_of.items() if key in text]
        if not file_name.startswith("answer-"):
            assert sections == [] and holding == [], file_name  # chapters ask, never answer
            continue
        assert len(sections) == 1, file_name
        qid = sections[0].get("id").removeprefix("answer-")
        assert holding == [qid], f"{file_name} holds the answers of {holding}"
        question = next(q for q in built.book.questions if q.id == qid)
        heading = root.find(".//x:h1", NS)
        assert no_space(question.title.text) in no_space("".join(heading.itertext()))
        prompt = question.part("question")
        restated = sections[0].find("x:header[@class='restated']", NS)
        if prompt is not None:
            assert no_space(prompt.content.text) in read_text(restated)
        # The question comes first, then the answer, then the way back.
        body = read_text(sections[0])
        assert body.index(no_space(question.title.text)) < body.index(answer_of[qid])
        back = sections[0].xpath(".//x:a[starts-with(@href, 'chapter-')]", namespaces=NS)
        assert back and epub.target(back[-1].get("href")).get("id") == qid
    assert sum(f.startswith("answer-") for f in epub.spine()) == len(built.book.questions)


def test_the_self_test_cover_says_so_across_the_top(books: dict[str, Built]) -> None:
    """A band in the accent colour fills the quiz cover's top tenth (the book's own cover has
    none), so the two editions differ at a glance, as thumbnails too."""
    built = books["interview"]
    tops = []
    for path in built.editions:
        epub = Epub(path)
        href = epub.opf.find(".//opf:item[@properties='cover-image']", NS).get("href")
        with Image.open(io.BytesIO(epub.read(href))) as image:
            thumb = image.convert("RGB").resize((100, 160))
        band = [thumb.getpixel((x, y)) for x in range(100) for y in range(14)]
        tops.append(sum(1 for pixel in band if pixel == (232, 163, 61)) / len(band))
        # The label's dark letters sit on the band: not a blank stripe.
        tops.append(sum(1 for pixel in band if sum(pixel) < 300) / len(band))
    main_amber, _, quiz_amber, quiz_dark = tops
    assert main_amber < 0.05 and quiz_amber > 0.5 and quiz_dark > 0.05


def test_metadata_identifier_dates_cover_and_accessibility(books: dict[str, Built]) -> None:
    built = books["interview"]
    main, quiz = Epub(built.main).opf, Epub(built.quiz).opf
    identifier = main.find(".//dc:identifier", NS).text
    assert identifier == main.find(".//dc:identifier", NS).text
    assert uuid.UUID(identifier.removeprefix("urn:uuid:")).version == 5
    assert quiz.find(".//dc:identifier", NS).text != identifier
    modified = main.find(".//opf:meta[@property='dcterms:modified']", NS).text
    assert modified == "2024-01-01T00:00:00Z"  # EPOCH
    properties = {m.get("property") for m in main.iterfind(".//opf:meta", NS)}
    assert {"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
            "schema:accessibilityHazard", "schema:accessibilitySummary",
            "dcterms:conformsTo"} <= properties
    cover = main.find(".//opf:item[@properties='cover-image']", NS)
    assert cover.get("media-type") == "image/png"
    with Image.open(io.BytesIO(Epub(built.main).read(cover.get("href")))) as image:
        assert image.size[0] >= 1600 and image.size[1] >= 2560
    img = Epub(built.main).xml("cover.xhtml").find(".//x:img", NS)
    assert img.get("alt").startswith(built.book.config.title)


def test_two_builds_at_different_times_are_byte_identical(books: dict[str, Built],
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    built = books["interview"]
    first = built.main.read_bytes()
    # Another clock and time zone: a wall-clock zip time or local date would show.
    time.sleep(max(0.0, 2.1 - (time.time() - built.main.stat().st_mtime)))
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        again = build(LIBRARY / "interview", tmp_path)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert again.main.read_bytes() == first
    assert again.quiz.read_bytes() == built.quiz.read_bytes()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        mimetype = archive.read("mimetype")
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b"" and mimetype == b"application/epub+zip"
    assert first[30:38] == b"mimetype"  # the name right after the first local header
    names = [i.filename for i in infos[1:]]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(2024, 1, 1, 0, 0, 0)}  # EPOCH


# Errors ----------------------------------------------------------------------------------------

def test_bad_epub_options_are_located_errors(make_book_dir: Path) -> None:
    folder = make_book_dir
    (folder / "book.yaml").write_text(MINI_YAML + "epub:\n  quiz: sometimes\n  cover: no.png\n",
                                      encoding="utf-8")
    checked = load_and_check(folder)
    assert checked.book is not None
    ctx = WriterContext(out_dir=folder / "out", project_dir=ROOT, source_date_epoch=EPOCH)
    with pytest.raises(CuebookError) as caught:
        EpubWriter().write(checked.book, ctx)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{checked.book.config.location.path}:7:3: error: epub.quiz: 'sometimes' is not true or "
        "false [config.invalid-value]"]


def test_a_package_write_failure_is_an_error_not_a_false(make_book_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from cuebook.formats.epub import package as epub_package

    def fail(self: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(epub_package._Writer, "write", fail)
    checked = load_and_check(make_book_dir)
    assert checked.book is not None
    ctx = WriterContext(out_dir=make_book_dir / "out", project_dir=ROOT, source_date_epoch=EPOCH)
    with pytest.raises(CuebookError) as caught:
        EpubWriter().write(checked.book, ctx)
    assert "could not write the EPUB package: [Errno 28] No space left on device" in str(
        caught.value)
    assert not (make_book_dir / "out" / "mini.epub").exists()


def test_a_cover_the_book_supplies_is_used_as_it_is(make_book_dir: Path) -> None:
    (make_book_dir / "book.yaml").write_text(
        MINI_YAML + "epub:\n  quiz: false\n  cover: images/names.png\n", encoding="utf-8")
    built = load_and_check(make_book_dir)
    assert built.book is not None
    ctx = WriterContext(out_dir=make_book_dir / "out", project_dir=ROOT, source_date_epoch=EPOCH)
    (path,) = EpubWriter().write(built.book, ctx)
    epub = Epub(path)
    cover = epub.opf.find(".//opf:item[@properties='cover-image']", NS)
    assert cover.get("href") == "images/cover.png"
    assert epub.read("images/cover.png") == (make_book_dir / "images/names.png").read_bytes()


def test_a_jpeg_cover_is_the_image_the_cover_page_shows(make_book_dir: Path) -> None:
    """A JPEG ``epub.cover`` is packed as images/cover.jpg: the cover page once showed
    images/cover.png, which the package did not hold."""
    Image.new("RGB", (160, 256), (30, 60, 90)).save(make_book_dir / "images" / "c.jpg", "JPEG")
    (make_book_dir / "book.yaml").write_text(
        MINI_YAML + "epub:\n  cover: images/c.jpg\n", encoding="utf-8")
    built = load_and_check(make_book_dir)
    assert built.book is not None
    ctx = WriterContext(out_dir=make_book_dir / "out", project_dir=ROOT, source_date_epoch=EPOCH)
    for path in EpubWriter().write(built.book, ctx):
        epub = Epub(path)
        [src] = epub.xml("cover.xhtml").xpath("//x:img/@src", namespaces=NS)
        assert src == "images/cover.jpg"
        assert epub.read(src) == (make_book_dir / "images" / "c.jpg").read_bytes()
    assert not any(run_epubcheck(EpubWriter().write(built.book, ctx)).values())


@pytest.fixture
def make_book_dir(tmp_path: Path) -> Path:
    return mini_book(tmp_path / "mini")


def test_a_wrapped_code_line_hangs_under_its_own_indentation(books: dict[str, Built]) -> None:
    epub = Epub(books["drills"].main)
    root = epub.xml("chapter-1.xhtml")
    lines = root.xpath("//x:pre/x:code/x:span[contains(@class, 'code-line')]", namespaces=NS)
    assert len(lines) > 20
    for line in lines:
        text = "".join(line.itertext())
        indent = min(len(text) - len(text.lstrip(" ")), 24)
        assert f"hang{indent}" in line.get("class").split(), text
    # Blank lines stay lines of their own, and the code's text is the author's, newlines and
    # all (for copying, search and readers without styles).
    assert any(line.get("class").split()[:2] == ["code-line", "blank"] for line in lines)
    first = root.xpath("//x:pre", namespaces=NS)[0]
    source = (LIBRARY / "drills" / "01-arrays.md").read_text("utf-8")
    assert "```python\n" + "".join(first.itertext()) + "```" in source
    css = epub.read("styles/epub.css").decode()
    assert ".hang4 { padding-left: 6ch; text-indent: -6ch; }" in css
    assert re.search(r"\.code-line \{ display: block; \}", css)
