"""The HTML policies of render/xhtml (cards, plain text, alt text) and the language rules of
i18n.py, checked on their own."""

from __future__ import annotations

import pytest

from cuebook.book.model import Footnote
from cuebook.i18n import (
    cjk_region,
    colon,
    is_cjk,
    list_separator,
    parenthesised,
    site_words,
    strings,
)
from cuebook.render.xhtml import SourceTree, card_html, has_image_without_alt, plain_text


@pytest.mark.parametrize("html", [
    '<p>&quot;a&quot; &amp; it&#39;s<br />\nnext <img src="x.png" alt="it&#x27;s" /></p>\n',
    '<p>after a formula<br/><span class="math">\\(x\\)</span> <img src="x.png" alt="it\'s"/></p>',
    '<pre class="highlight"><code><span class="s1">&#39;a&#39;</span></code></pre>\n',
    "text with no tags &lt;b&gt;",
])
def test_an_untouched_fragment_keeps_every_byte(html: str) -> None:
    assert SourceTree.parse(html).serialise() == html
    assert card_html(html.replace("x.png", "keep.png"), (), lambda src: src) \
        == html.replace("x.png", "keep.png")


def test_a_card_renames_images_and_keeps_their_other_attributes_as_written() -> None:
    html = ('<p><img src="images/a b.png" alt="it\'s &quot;A&quot;"/> and '
            '<img alt="" src="c.png" /></p>')
    renamed = card_html(html, (), lambda src: {"images/a b.png": "h1.png"}.get(src, "h&2.png"))
    assert renamed == ('<p><img src="h1.png" alt="it\'s &quot;A&quot;"/> and '
                       '<img alt="" src="h&amp;2.png" /></p>')


def test_a_card_keeps_web_links_and_turns_links_into_the_book_into_text() -> None:
    html = ('<p><a href="#q-2" title="Q &amp; 2">see <em>two</em></a>, '
            '<a href="HTTPS://example.com">web</a>, <a href="mailto:a@b.c">mail</a>, '
            '<a href="other.md">file</a></p>')
    assert card_html(html, (), str) == (
        '<p><span class="xref" title="Q &amp; 2">see <em>two</em></span>, '
        '<a href="HTTPS://example.com">web</a>, <a href="mailto:a@b.c">mail</a>, '
        '<span class="xref">file</span></p>')


def test_a_card_keeps_footnote_numbers_and_puts_the_notes_after_the_text() -> None:
    html = ('<p>Fact<sup class="footnote-ref"><a href="#fn-1-1" id="fn-1-1-ref">1</a></sup>.'
            "</p>\n")
    note = Footnote("fn-1-1", "fn-1-1-ref", 1,
                    '<p>One <a href="#q-1">link</a>.</p>\n<p>Two.</p>\n')
    assert card_html(html, (note,), str) == (
        '<p>Fact<sup class="footnote-ref">1</sup>.</p>\n<div class="footnotes"><p><sup>1</sup> '
        'One <span class="xref">link</span>.<br>Two.</p></div>')


def test_plain_text_and_alt_text() -> None:
    assert plain_text("<p>a &amp; <b>b</b><br />c</p>") == "a & bc"
    assert plain_text("  ") == ""
    assert has_image_without_alt('<p><img src="a.png" alt="" /></p>')
    assert not has_image_without_alt('<p><img src="a.png" alt="A" /> alt=""</p>')
    assert not has_image_without_alt("<p>no image</p>")


@pytest.mark.parametrize(("language", "cjk", "mark", "region"), [
    ("zh-CN", True, "：", "SC"), ("zh-TW", True, "：", "TC"), ("zh-Hant", True, "：", "TC"),
    ("zh-HK", True, "：", "HK"), ("ja", True, "：", "JP"), ("ko-KR", True, ": ", "KR"),
    ("en", False, ": ", ""), ("fr-CA", False, "\u00a0: ", ""), ("de", False, ": ", ""),
])
def test_each_language_rule_is_decided_in_one_place(language: str, cjk: bool, mark: str,
                                                    region: str) -> None:
    assert (is_cjk(language), colon(language), cjk_region(language)) == (cjk, mark, region)
    full = mark == "："
    assert list_separator(language) == ("、" if full else ", ")
    assert parenthesised(language, "x") == ("（x）" if full else " (x)")


def test_words_fall_back_to_english() -> None:
    assert strings("sv")["contents"] == "Contents"
    assert strings("de-AT")["contents"] == "Inhalt"
    assert strings("zh-TW")["contents"] == "目录"
    assert site_words("ZH")["read"] == "阅读"
