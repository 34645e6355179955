"""The static site, read as files: every question, every link, nothing from elsewhere.

What a browser does with the pages (study mode, axe, requests) is in test_site_browser.py.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from cuebook.formats.site.library import Manifest, human_size
from tests.conftest import LIBRARY, ROOT, Run, RunningBuild, clean_book
from tests.test_epub import mini_book

PAGES = ("index.html", "study.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both fixture books and the mini book (image, footnote, tags, two chapters), site only."""
    from cuebook.cli import main

    library = tmp_path_factory.mktemp("books")
    for name in ("interview", "drills"):
        (library / name).symlink_to(LIBRARY / name)
    mini_book(library / "mini")
    out = tmp_path_factory.mktemp("site")
    assert main([str(library), "--out", str(out), "--formats", "site,tsv", "-q", "-j", "1"]) == 0
    return out


def page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def test_a_book_page_has_every_question_with_all_its_parts_in_order(site: Path) -> None:
    doc = page(site / "interview" / "index.html")
    assert doc.get("lang") == "zh-CN"
    questions = doc.xpath("//main//article[@class='question']")
    book = clean_book(LIBRARY / "interview")
    assert [q.get("id") for q in questions] == [q.id for q in book.questions]
    assert len(questions) == 6
    for article in questions:
        labels = [h.text_content() for h in article.xpath(".//*[@class='part-label']")]
        assert labels == ["题目", "答案", "举例"], article.get("id")
    # The same renderer as the handout: the first answer, its list included.
    first = questions[0].text_content()
    assert "提示词工程是设计和迭代输入给大模型的文字" in first
    assert "输出质量" in first
    contents = doc.xpath("//nav[@class='toc']//a/@href")
    assert [f"#{q.get('id')}" for q in questions] == [h for h in contents if h in
                                                     {f"#{q.get('id')}" for q in questions}]


def test_the_study_page_lists_every_question_with_its_tags_for_the_script(site: Path) -> None:
    doc = page(site / "mini" / "study.html")
    items = doc.xpath("//ol[@id='study-list']/li[@class='study-item']")
    assert [i.get("data-id") for i in items] == ["is-vs-eq", "generators"]
    assert [json.loads(i.get("data-tags")) for i in items] == [["operators"], ["functions"]]
    # Tags in the order the book first uses them, not in code-point order.
    assert doc.xpath("//select[@id='study-tag']/option/@value") == ["", "operators", "functions"]
    strings = json.loads(doc.get_element_by_id("study-strings").text)
    assert "{n}" in strings["position"] and strings["reveal"]
    # The answer is in the page only inside the no-script fallback, not shown by default.
    answer = items[0].xpath(".//details[@class='study-fallback']//*[@class='study-answer']")
    assert "compares identity" in answer[0].text_content()
    assert doc.get_element_by_id("study-app").get("hidden") is not None
    assert (site / "mini" / "study.js").read_bytes() == \
        (ROOT / "templates" / "site" / "study.js").read_bytes()


def test_images_footnotes_code_and_cross_chapter_links_work_on_the_page(site: Path) -> None:
    doc = page(site / "mini" / "index.html")
    image = doc.xpath("//main//img")[0]
    assert image.get("src") == "images/img-1.png"
    assert image.get("alt") == "Two names pointing at one list object"
    assert (site / "mini" / "images" / "img-1.png").read_bytes().startswith(b"\x89PNG")
    ref = doc.xpath("//a[@role='doc-noteref']")[0]
    note = doc.get_element_by_id(ref.get("href")[1:])
    assert "identical when" in note.text_content()
    assert note.xpath(".//a[@role='doc-backlink']/@href") == [f"#{ref.get('id')}"]
    assert doc.xpath("//pre//span[@class='k']")  # highlighted by the shared renderer
    # A link to another chapter's file becomes a link inside the one page.
    assert "#is-vs-eq" in doc.xpath("//article[@id='generators']//a/@href")
    # Empty elements serialised as HTML, not XML (a "<a/>" would swallow what follows).
    assert b"/>" not in b"".join(re.findall(rb"<(?:a|span|div|p)\b[^>]*>",
                                            (site / "mini" / "index.html").read_bytes()))


def _links(path: Path) -> Iterator[str]:
    doc = page(path)
    yield from doc.xpath("//@href | //@src")


def test_every_link_resolves_and_nothing_is_fetched_from_elsewhere(site: Path) -> None:
    pages = [site / "index.html", *(site / b / p for b in ("interview", "drills", "mini")
                                     for p in PAGES)]
    for path in pages:
        for link in _links(path):
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{path}: {link}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path}: {link} -> {target}"
            if parts.fragment:
                assert page(target).xpath(f"//*[@id='{parts.fragment}']"), f"{path}: {link}"
    for asset in (site / "site.css", site / "interview" / "study.js"):
        text = asset.read_text("utf-8")
        assert not re.search(r"https?:|@import|//[a-z]", text.replace("://", "")), asset
        assert "http" not in text, asset


def test_the_library_lists_each_book_with_the_files_that_exist(site: Path) -> None:
    doc = page(site / "index.html")
    books = doc.xpath("//article[contains(@class, 'book-card')]")
    assert [b.get("data-slug") for b in books] == ["drills", "interview", "mini"]
    interview = books[1]
    assert interview.get("lang") == "zh-CN"
    assert "大模型产品经理面试手册" in interview.text_content()
    assert "6 道题" in interview.text_content()
    # Only TSV and the site were built: the library offers exactly the TSV and the Quizlet
    # text written with it, with their sizes.
    assert interview.xpath(".//a[@class='download']/@href") == ["interview.tsv",
                                                            "interview-quizlet.txt"]
    size = human_size((site / "interview.tsv").stat().st_size)
    assert f"TSV · {size}" in interview.text_content()
    size = human_size((site / "interview-quizlet.txt").stat().st_size)
    assert f"TXT · {size}" in interview.text_content()
    cover = interview.xpath(".//img/@src")[0]
    assert (site / cover).read_bytes().startswith(b"\x89PNG")


def test_a_foreign_or_broken_manifest_is_not_listed(tmp_path: Path) -> None:
    from cuebook.formats.site.library import finish

    for name, body in {"good": None, "broken": "{not json", "foreign": '{"slug": "foreign"}',
                       "moved": None}.items():
        (tmp_path / name).mkdir()
        if body is None:
            body = json.dumps({"cuebook_site": 1, "slug": name, "title": name.title(),
                               "subtitle": "", "author": "", "description": "",
                               "language": "en", "questions": 3, "chapters": 1,
                               "paper": "letter"})
        (tmp_path / name / "book.json").write_text(body)
    (tmp_path / "moved" / "book.json").write_text(
        (tmp_path / "moved" / "book.json").read_text().replace('"moved"', '"elsewhere"'))
    (tmp_path / "good.pdf").write_bytes(b"%PDF-" + b"x" * 2000)
    (tmp_path / "good-a4.pdf").write_bytes(b"%PDF-" + b"x" * 3000)
    finish(tmp_path, ROOT)
    doc = page(tmp_path / "index.html")
    assert doc.xpath("//article/@data-slug") == ["good"]
    assert [(a.text_content().strip(), a.get("href")) for a in
            doc.xpath("//a[@class='download']")] == [("PDF handout (Letter)", "good.pdf"),
                                                    ("PDF handout (A4)", "good-a4.pdf")]
    assert "PDF · 3 KB" in doc.xpath("//ul[@class='downloads']")[0].text_content()
    assert Manifest.read(tmp_path / "broken" / "book.json") is None


def test_an_unchanged_site_is_not_rewritten(site: Path) -> None:
    from cuebook.cli import main

    page_file = site / "interview" / "index.html"
    before = page_file.stat().st_mtime_ns
    assert main([str(LIBRARY / "interview"), "--out", str(site), "--formats", "site", "-q",
                 "--force"]) == 0
    assert page_file.stat().st_mtime_ns == before
    # Nothing to build, but the library page is missing: it is written again.
    (site / "index.html").unlink()
    assert main([str(LIBRARY / "interview"), "--out", str(site), "--formats", "site", "-q"]) == 0
    assert "interview/index.html" in (site / "index.html").read_text("utf-8")


def test_serve_shows_the_site_and_reloads_it_after_a_rebuild(tmp_path: Path) -> None:
    library = tmp_path / "books"
    library.mkdir()
    mini = mini_book(library / "mini")
    out = tmp_path / "out"

    def get(path: str) -> bytes:
        with urllib.request.urlopen(url + path, timeout=10) as response:  # noqa: S310
            return bytes(response.read())

    with RunningBuild(str(library), "--out", str(out), "--formats", "tsv", "--serve", "--port",
                      "0") as build:
        found = re.search(r"at (http://127\.0\.0\.1:\d+/)", build.until("serving"))
        assert found is not None
        url = found.group(1)
        build.until("watching")
        served = get("mini/index.html")
        assert b"/.cuebook-preview/reload.js" in served
        assert b"cuebook-preview" not in (out / "mini" / "index.html").read_bytes()
        assert b"mini/index.html" in get("")  # the library page lists the book
        first = get(".cuebook-preview/build")
        text = (mini / "01-basics.md").read_text("utf-8")
        (mini / "01-basics.md").write_text(text.replace("compares identity",
                                                        "compares who it is"), "utf-8")
        deadline = time.monotonic() + 60
        while get(".cuebook-preview/build") == first:
            assert time.monotonic() < deadline, build.seen
            time.sleep(0.3)
        assert b"compares who it is" in get("mini/index.html")
        with pytest.raises(urllib.error.HTTPError):
            get("../../../../etc/passwd")


def test_serve_on_a_port_in_use_is_a_clear_error(cli: Callable[..., Run],
                                                 tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = cli(str(LIBRARY / "interview"), "--out", str(tmp_path), "--serve", "--port",
                  str(port))
    assert run.code == 2
    assert f"cannot serve {tmp_path} on port {port}" in run.err
    assert "Traceback" not in run.err


def test_headings_inside_an_answer_sit_below_its_part_label(make_book: Callable[..., Path],
                                                            tmp_path: Path) -> None:
    from cuebook.cli import main

    folder = make_book({"a.md": "# 第一章\n\n## 1. 甲\n\n**题目：** 问\n\n**答案：** 答\n\n"
                               "### 小标题\n\n内容\n", "b.md": "# 第二章\n\n## 2. 乙\n\n"
                               "**题目：** 问\n\n**答案：** 答\n"})
    out = tmp_path / "out"
    assert main([str(folder), "--out", str(out), "--formats", "site", "-q"]) == 0
    doc = page(out / "book" / "index.html")
    article = doc.xpath("//article[@class='question']")[0]
    levels = [(e.tag, e.text_content().strip()) for e in
              article.xpath(".//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")]
    assert levels == [("h3", "1. 甲"), ("h4", "题目"), ("h4", "答案"), ("h5", "小标题")]
    assert doc.xpath("//h2[@class='chapter-title']/text()") == ["第一章", "第二章"]


def test_the_preview_serves_only_its_own_host_and_no_dot_folder(tmp_path: Path) -> None:
    """A DNS-rebinding page (another Host) gets nothing, the build cache under ``.cache/`` is
    neither listed nor served, ``/%00`` is a 400 and not a handler traceback, and an idle
    connection is closed."""
    import http.client
    import socket

    from cuebook.serve import Preview

    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "run.json").write_text("{}")
    (tmp_path / "index.html").write_text("<html><body>hi</body></html>")
    preview = Preview(tmp_path, 0)
    preview.start()
    try:
        def get(path: str, host: str | None = None) -> int:
            connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host or f"127.0.0.1:{preview.port}")
            connection.endheaders()
            status = connection.getresponse().status
            connection.close()
            return status

        assert get("/") == 200
        assert get("/", host=f"localhost:{preview.port}") == 200
        assert get("/", host=f"evil.example:{preview.port}") == 421
        assert get("/.cache/") == 404 and get("/.cache/run.json") == 404
        assert get("/%2Ecache/run.json") == 404
        assert get("/%00") == 400
        assert get("/.cuebook-preview/build") == 200
        with socket.create_connection(("127.0.0.1", preview.port)) as idle:
            idle.settimeout(60)
            assert idle.recv(1) == b""  # closed by the server after its idle timeout
    finally:
        preview.stop()


def test_the_library_offers_what_the_formats_declare_in_their_order(tmp_path: Path) -> None:
    """The downloads come from the registry's outputs: no file name is written twice."""
    from cuebook.formats.registry import FORMATS, downloads
    from cuebook.formats.site.library import finish

    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "book.json").write_text(json.dumps({
        "cuebook_site": 1, "slug": "b", "title": "B", "subtitle": "", "author": "",
        "description": "", "language": "en", "questions": 1, "chapters": 1, "paper": "a4"}))
    names = [n for o in downloads() for _, n in o.files("b", "a4")]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    finish(tmp_path, ROOT)
    doc = page(tmp_path / "index.html")
    assert doc.xpath("//a[@class='download']/@href") == names == [
        "b.pdf", "b-letter.pdf", "b.epub", "b-quiz.epub", "b-cards.pdf", "b-cards-fold.pdf",
        "b-cards-calibration.pdf", "b.apkg", "b.tsv", "b-quizlet.txt"]
    assert [a.text_content().split("·")[0].strip() for a in
            doc.xpath("//a[@class='download']")][:2] == ["PDF handout (A4)",
                                                          "PDF handout (Letter)"]
    assert all(n in FORMATS["site"].file_names("b") for n in ("b/index.html", "b/study.html"))
