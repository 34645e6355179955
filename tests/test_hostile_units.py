"""The walls one by one: link policy, HTML sanitizer, image and stylesheet checks, WeasyPrint's
fetcher and attachments, book.yaml options. The corpus (test_hostile.py) shows them together;
here each is tested alone, so that one wall cannot hide a hole in another."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader

from cuebook.diagnostics import CuebookError, Diagnostics, SourceLocation
from cuebook.render.weasy import BookFetcher, render_pdf
from cuebook.safety.css import css_color, css_font_family, css_length, stylesheet_urls
from cuebook.safety.images import inspect_image
from cuebook.safety.sanitize import balance, block_html, inline_tag, link_scheme, refused_link
from cuebook.source.markdown import new_parser
from tests.conftest import ROOT, load_and_check

MakeBook = Callable[..., Path]
EN = "title: t\nauthor: a\nlanguage: en\n"
GOOD = "## 1. Q\n\n**Question:** q\n\n**Answer:** a\n"


# Links ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target,scheme", [
    ("javascript:alert(1)", "javascript"), ("JAVASCRIPT:x", "javascript"),
    ("&#106;avascript:x", "javascript"), ("&#x6A;avascript&colon;x", "javascript"),
    ("&amp;#106;avascript:x", "javascript"), ("java%09script:x", "javascript"),
    ("%6A%61vascript:x", "javascript"), ("\x01 javascript:x", "javascript"),
    ("java\nscript:x", "javascript"), ("vbscript:x", "vbscript"),
    ("data:text/html,<script>", "data"), ("DaTa:text/html;base64,PHNjcmlwdD4=", "data"),
    ("file:///etc/passwd", "file"), ("https://example.com", "https"), ("images/a.png", None),
    ("#anchor", None), ("02.md#x", None),
])
def test_the_scheme_is_found_however_it_is_encoded(target: str, scheme: str | None) -> None:
    assert link_scheme(target) == scheme


@pytest.mark.parametrize("target", ["https://example.com/a?b=c", "http://x", "mailto:a@b.c",
                                    "#q1", "02.md", "images/a%20b.png"])
def test_web_and_mail_links_and_paths_are_allowed(target: str) -> None:
    assert refused_link(target) is None


@pytest.mark.parametrize("target", ["javascript:x", "vbscript:x", "data:text/html,x", "file:/x",
                                    "ftp://x", "//evil.example/x", "\\\\evil\\share", "tel:1"])
def test_every_other_scheme_and_network_path_is_refused(target: str) -> None:
    assert refused_link(target) is not None


def test_a_refused_link_leaves_no_address_in_the_html(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN, "01.md": GOOD + "\n[x](&#106;avascript:alert(1))\n"})
    checked = load_and_check(folder)
    assert checked.codes == ["link.scheme"]
    assert checked.book is not None
    html = checked.book.questions[0].parts[1].content.html
    assert "javascript" not in html and "<a>x</a>" in html


# Raw HTML -------------------------------------------------------------------------------------

@pytest.mark.parametrize("tag,expected", [
    ("<kbd>", "<kbd>"), ("</KBD >", "</kbd>"), ("<br>", "<br />"), ("<BR/>", "<br />"),
    ('<abbr title="a &amp; &quot;b&quot;">', '<abbr title="a &amp; &quot;b&quot;">'),
    ('<span dir=rtl lang="ar" class="x" id="y" style="color:red">', '<span dir="rtl" lang="ar">'),
    ('<span dir="sideways" lang="not a tag">', "<span>"), ('<td colspan="2" rowspan=x>',
                                                            '<td colspan="2">'),
    ('<b onclick="alert(1)" onmouseover=x>', "<b>"), ("<script src=x>", "<script>"),
    ("</script>", "</script>"), ('<img src="x" onerror="alert(1)">', ""),
    ('<a href="javascript:x">', ""), ('<link rel="attachment" href="x">', ""),
    ("<!-- comment -->", ""), ("<![CDATA[ x ]]>", ""), ("<?php x ?>", ""), ("</br>", ""),
    ('<span title="&#1;x">', '<span title="x">'),
])
def test_an_inline_tag_is_rebuilt_from_the_allow_list(tag: str, expected: str) -> None:
    assert inline_tag(tag) == expected


def test_an_html_block_keeps_formatting_and_drops_everything_that_acts() -> None:
    block = ('<div onclick="x"><b>kept</b><script>alert(1)</script><style>p{}</style>'
             '<iframe src="http://x">frame</iframe><svg><image href="http://x"/></svg>'
             '<img src="/etc/passwd"><a href="http://x">text stays</a><link rel=attachment '
             'href=x><p style="background:url(http://x)">para&nbsp;&#1;</p><object data=x>'
             '</object><!-- c --></div>')
    cleaned = block_html(block)
    assert cleaned == '<div><b>kept</b>text stays<p>para&#160;</p></div>'
    ET.fromstring(cleaned)


def test_balancing_closes_what_a_book_leaves_open_and_writes_xhtml() -> None:
    mixed = '<p>a <b>bold <strong>x</b> y</strong> <br><img src="i.png" alt="i"></p><hr>'
    out = balance(mixed)
    ET.fromstring(f"<div>{out}</div>")  # well-formed
    assert '<img src="i.png" alt="i" />' in out and "<br />" in out and "<hr />" in out


def test_without_opting_in_html_is_text_and_the_task_box_is_xhtml() -> None:
    from cuebook.source.markdown import RenderScope, render

    md = new_parser()
    tokens = md.parse("<b>x</b> <script>y</script>\n\n- [x] done\n", {})
    scope = RenderScope(ROOT, ROOT, "t.md", 0, {}, 1, {})
    html = render(md, tokens, scope).html
    assert "&lt;b&gt;x&lt;/b&gt; &lt;script&gt;y&lt;/script&gt;" in html
    assert 'type="checkbox" />' in html
    ET.fromstring(f"<div>{html}</div>")


@pytest.mark.parametrize("name", ["handout.html.j2", "epub/chapter.xhtml.j2", "x.html",
                                  "x.xhtml", "x.j2"])
def test_templates_escape_every_value(tmp_path: Path, name: str) -> None:
    from jinja2 import DictLoader

    from cuebook.render.templates import make_environment

    # An overlay: the environment itself is kept for the process, shared by every writer.
    env = make_environment(tmp_path, ROOT).overlay(loader=DictLoader({name: "<p>{{ value }}</p>"}))
    assert env.get_template(name).render(value="</p><script>x</script>&") == \
        "<p>&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;&amp;</p>"


def test_a_code_fence_language_imports_no_plugin_package() -> None:
    import subprocess
    import sys

    script = ("import sys\nfrom cuebook.source.markdown import _highlight\n"
              "for name in ('ipython', 'ipython3', 'no-such-language', 'python'):\n"
              "    _highlight('x = 1', name, '')\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('IPython', 'jedi')))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"


def test_raw_html_must_be_switched_on_with_true_or_false(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": EN + "markdown:\n  raw_html: yes please\n  colour: 1\n",
                        "01.md": GOOD})
    assert load_and_check(folder).lines == [
        f"{folder}/book.yaml:5:3: error: markdown.raw_html: 'yes please' is not true or false "
        "[config.invalid-value]",
        f"{folder}/book.yaml:6:3: warning: unknown key 'markdown.colour' (known: raw_html) "
        "[config.unknown-key]"]


@pytest.mark.parametrize("yaml,line,col,problem", [
    ("title: a\x7fb\n", 1, 9, "character U+007F is not allowed in YAML"),
    ('title: "red \\e[31m"\n', 1, 8, "a value holds U+001B, a character XML cannot hold"),
    ("title: !!float nope\n", 1, 8, "cannot read the value: could not convert string to "
                                   "float: 'nope'"),
])
def test_yaml_that_pyyaml_chokes_on_is_a_located_error(make_book: MakeBook, yaml: str,
                                                       line: int, col: int,
                                                       problem: str) -> None:
    folder = make_book({"book.yaml": yaml + "author: a\nlanguage: en\n", "01.md": GOOD})
    assert load_and_check(folder).lines == [
        f"{folder}/book.yaml:{line}:{col}: error: invalid YAML: {problem} [config.yaml]"]


# Images and stylesheets ------------------------------------------------------------------------

@pytest.mark.parametrize("svg,ok", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/><rect id="a"/></svg>', True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,AA"/></svg>',
     True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="other.png"/></svg>', False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="x"/></svg>', False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x)"/></svg>', False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(#g)"/></svg>', True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://x";</style></svg>', False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>r{fill:\\75 rl(http://x)}</style></svg>',
     False),
])
def test_an_svg_must_be_self_contained_and_script_free(tmp_path: Path, svg: str,
                                                       ok: bool) -> None:
    path = tmp_path / "d.svg"
    path.write_text(svg, "utf-8")
    diags = Diagnostics()
    info = inspect_image(path, SourceLocation("x.md", 3), diags)
    assert (info is not None) is ok
    assert [d.code for d in diags.items] == ([] if ok else ["image.svg-unsafe"])


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_is_imported(tmp_path: Path) -> None:
    from PIL import ImageFile

    from tests.hostile.harness import corrupt_jpeg

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's, set on import (see above)
    (tmp_path / "a.jpg").write_bytes(corrupt_jpeg())
    diags = Diagnostics()
    assert inspect_image(tmp_path / "a.jpg", SourceLocation("x.md"), diags) is None
    assert [d.code for d in diags.items] == ["image.corrupt"]
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # and left as WeasyPrint wants it


def test_a_real_png_passes_and_its_size_is_read(tmp_path: Path) -> None:
    from tests.hostile.harness import png_with_text

    (tmp_path / "a.png").write_bytes(png_with_text("x"))
    diags = Diagnostics()
    info = inspect_image(tmp_path / "a.png", SourceLocation("x.md"), diags)
    assert diags.items == [] and info is not None
    assert (info.format, info.width, info.height, info.media_type) == ("PNG", 4, 4,
                                                                       "image/png")


def test_stylesheet_addresses_are_found_in_every_form() -> None:
    css = ('@import "a.css"; @import url(b.css);\np { background: url( "c.png" ) }\n'
           'q { background: \\75 rl(d.png); src: src("e.woff") }\n'
           'r { content: image-set("f.png" 1x, url(g.png) 2x) } /* url(h.png) */')
    assert [u.url for u in stylesheet_urls(css)] == ["a.css", "b.css", "c.png", "d.png",
                                                     "e.woff", "f.png", "g.png"]


def test_a_stylesheet_nested_far_past_the_recursion_limit_is_read() -> None:
    assert [u.url for u in stylesheet_urls("a{" + "(" * 50_000 + "url(x)")] == ["x"]


@pytest.mark.parametrize("value,ok", [("#1a2b3c", True), ("navy", True), ("#abc", True),
                                      ("red; } body { background: url(x) }", False),
                                      ("red/**/", False), ("expression(alert(1))", False)])
def test_a_colour_from_book_yaml_cannot_carry_css(value: str, ok: bool) -> None:
    assert (css_color(value) is not None) is ok


def test_font_names_and_lengths_from_book_yaml_cannot_carry_css() -> None:
    assert css_font_family("Noto Serif CJK SC") == '"Noto Serif CJK SC"'
    assert css_font_family('x"; } * { background: url(http://x) } y {"') is None
    assert css_length("12.5pt") == "12.5pt" and css_length("1px; color: red") is None


# WeasyPrint: the fetcher and attachments ------------------------------------------------------

@pytest.fixture
def fetcher(tmp_path: Path) -> BookFetcher:
    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    (book / "images" / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")
    os.mkfifo(book / "images" / "pipe.png")
    (book / "images" / "out.png").symlink_to(tmp_path / "outside.png")
    return BookFetcher((book,))


@pytest.mark.parametrize("url,reason", [
    ("http://127.0.0.1:9/x.css", "cuebook does not fetch http: addresses"),
    ("HTTPS://example.com/x", "cuebook does not fetch https: addresses"),
    ("ftp://example.com/x", "cuebook does not fetch ftp: addresses"),
    ("data:text/css,body{}", "only data: images are used"),
    ("data:image/svg+xml,<svg/>", "only data: images are used"),
    ("file://otherhost/etc/passwd", "cuebook does not fetch files from other hosts"),
    ("file:///etc/passwd", "outside the book folder"),
    ("file:///dev/zero", "outside the book folder"),
    ("{book}/images/..%2f..%2foutside.png", "outside the book folder"),
    ("{book}/images/out.png", "outside the book folder"),
    ("{book}/images/pipe.png", "not a regular file"),
    ("{book}/images/missing.png", "no such file"),
    ("{book}/images/a%00.png", "no such file"),
])
def test_the_fetcher_refuses_with_a_reason(fetcher: BookFetcher, url: str, reason: str) -> None:
    url = url.replace("{book}", fetcher.roots[0].as_uri())
    assert fetcher.refusal(url) == reason


def test_the_fetcher_allows_book_files_and_data_images(fetcher: BookFetcher) -> None:
    assert fetcher.refusal(f"{fetcher.roots[0].as_uri()}/images/a.png") is None
    assert fetcher.refusal("data:image/png;base64,AAAA") is None


def _attaching_html(book: Path) -> str:
    (book / "notes.txt").write_text("attached secret", "utf-8")
    return ('<html lang="en"><head><link rel="attachment" href="notes.txt"></head><body>'
            '<p><a rel="attachment" href="notes.txt">notes</a></p></body></html>')


def test_a_pdf_carries_no_attachments_whatever_its_html_says(tmp_path: Path) -> None:
    html = _attaching_html(tmp_path)
    # Control: WeasyPrint on its own attaches both; the test would see them.
    plain = weasyprint.HTML(string=html, base_url=f"{tmp_path.as_uri()}/").write_pdf()
    (tmp_path / "plain.pdf").write_bytes(plain)
    assert list(PdfReader(str(tmp_path / "plain.pdf")).attachments) == ["notes.txt"]
    ours = render_pdf(html, base_dir=tmp_path, stylesheets=[], roots=(tmp_path,),
                      where=SourceLocation("book.yaml")).pdf
    (tmp_path / "ours.pdf").write_bytes(ours)
    reader = PdfReader(str(tmp_path / "ours.pdf"))
    assert list(reader.attachments) == []
    annotations = [a.get_object().get("/Subtype") for p in reader.pages
                   for a in p.get("/Annots") or []]
    assert "/FileAttachment" not in annotations


def test_a_refused_fetch_names_the_stylesheet_line(tmp_path: Path) -> None:
    sheet = tmp_path / "own.css"
    sheet.write_text("/* mine */\n@import url(http://127.0.0.1:9/x.css);\np { color: red }\n")
    with pytest.raises(CuebookError) as caught:
        render_pdf('<html lang="en"><body><p>x</p></body></html>', base_dir=tmp_path,
                   stylesheets=[sheet], roots=(tmp_path,), where=SourceLocation("book.yaml"))
    [diag] = caught.value.diagnostics
    assert (diag.code, diag.location.line, diag.location.col) == ("resource.denied", 2, 9)
    assert diag.location.path.endswith("own.css")


# The diagnostic codes are documented ----------------------------------------------------------

def test_every_code_these_checks_emit_is_in_the_format_docs() -> None:
    modules = ["safety/sources", "book/config", "safety/safeyaml", "source/markdown",
               "source/parse", "source/check", "safety/css", "safety/images", "render/weasy"]
    emitted: set[str] = set()
    for name in modules:
        text = (ROOT / "cuebook" / f"{name}.py").read_text("utf-8")
        emitted |= set(re.findall(r'"((?:file|config|markdown|book|link|image|css|resource|'
                                  r'heading|question|footnote)\.[a-z-]+)"', text))
    emitted |= {"image.unreadable", "image.not-regular", "image.too-large"}  # via code="image"
    emitted.discard("book.yaml")  # a file name, not a code
    table = (ROOT / "docs" / "content-format.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `([a-z]+\.[a-z-]+)` \|", table, re.M))
    assert emitted - documented == set()


def test_every_statement_of_the_security_page_names_tests_that_exist() -> None:
    page = (ROOT / "docs" / "security.md").read_text("utf-8")
    promised = page.split("## Not promised")[0].split("\n## ", 1)[1]
    corpus = {p.name for p in (ROOT / "tests" / "hostile").iterdir() if p.is_dir()}
    sources = "\n".join(p.read_text("utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    bullets = re.split(r"\n- ", promised)[1:]
    assert len(bullets) >= 30
    for bullet in bullets:
        cited = re.findall(r"\[([^\]]+)\]", bullet)
        assert cited, f"no test named for: {bullet[:80]}"
        text = " ".join(cited)
        for name in re.findall(r"\btest_\w+\b(?!\.py)", text):
            assert f"def {name}(" in sources, f"{name} does not exist"
        for name in re.findall(r"(?<![\w/.])([a-z0-9]+(?:-[a-z0-9]+)+)(?![\w.])", text):
            assert name in corpus, f"no corpus case {name}"


def _code_book(make_book: MakeBook, lines: int) -> Path:
    code = "\n".join(f"x_{i} = compute({i})" for i in range(lines))
    return make_book({"01.md": "## 1. Q\n\n**Question:** Which?\n\n**Answer:**\n\n"
                               f"```python\n{code}\n```\n"})


def test_a_code_block_past_its_line_limit_is_a_located_error(make_book: MakeBook) -> None:
    from cuebook.safety.limits import MAX_CODE_LINES

    folder = _code_book(make_book, MAX_CODE_LINES + 1)
    assert load_and_check(folder).lines == [
        f"{folder}/01.md:7:1: error: code block of {MAX_CODE_LINES + 1:,} lines; the limit is "
        f"{MAX_CODE_LINES:,} (about 100 handout pages): split it, or put the listing in a file "
        "and link to it [markdown.code-too-long]"]
    assert load_and_check(_code_book(make_book, MAX_CODE_LINES)).lines == []


def test_a_long_code_block_is_set_without_colours_but_whole(make_book: MakeBook) -> None:
    from cuebook.safety.limits import MAX_HIGHLIGHTED_LINES

    for lines, coloured in ((MAX_HIGHLIGHTED_LINES, True), (MAX_HIGHLIGHTED_LINES + 1, False)):
        book = load_and_check(_code_book(make_book, lines)).book
        assert book is not None
        answer = book.questions[0].part("answer")
        assert answer is not None
        assert ('<span class="' in answer.content.html) is coloured, lines
        assert f"x_{lines - 1} = compute({lines - 1})" in answer.content.text


def test_footnotes_past_the_book_limit_are_a_located_error(make_book: MakeBook) -> None:
    from cuebook.safety.limits import MAX_FOOTNOTES

    def book(count: int) -> Path:
        calls = " ".join(f"w[^{i}]" for i in range(count))
        notes = "\n".join(f"[^{i}]: Note {i}." for i in range(count))
        return make_book({"01.md": "## 1. Q\n\n**Question:** q\n\n"
                                   f"**Answer:** {calls}\n\n{notes}\n"})

    assert load_and_check(book(MAX_FOOTNOTES)).lines == []
    folder = book(MAX_FOOTNOTES + 1)
    assert load_and_check(folder).lines == [
        f"{folder}/01.md:{7 + MAX_FOOTNOTES}:1: error: the book has {MAX_FOOTNOTES + 1:,} "
        f"footnotes; the limit is {MAX_FOOTNOTES:,} (each costs the handout about 10 ms of "
        "layout): make some of them text [footnote.too-many]"]
