"""Justified text on the page (pdfplumber, tests/finish.py): CJK paragraphs of the handout and
the cards end at their measure, spread between their characters, never letter-spaced; a
justified Latin line is WeasyPrint's own, to the byte. (The cards at their smaller sizes, and
their side padding: tests/test_cards_justified.py.)"""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pdfplumber
import pytest

from cuebook.diagnostics import SourceLocation
from cuebook.render import cjk, weasyprint_patches
from cuebook.render.weasy import render_pdf
from tests.conftest import ROOT
from tests.finish import CODE_SLACK, code_gaps, pdf_setting
from tests.pdftools import measured_pages

#: The widest gap two CJK characters of a justified line may have, in em: the line before an
#: unbreakable Latin word ("threshold") takes a hole of some 5 em across its characters
#: (cuebook.render.weasyprint_patches.MOST_SPACING leaves a line that would need more ragged).
WIDEST = 0.25


@pytest.mark.parametrize("name", ["algorithms.pdf", "algorithms-cards.pdf", "ai-pm-cards.pdf"])
def test_cjk_paragraphs_end_at_their_measure(demo_books: Path, name: str) -> None:
    """At most 2 % of mid-paragraph lines end more than half an em short (ragged, the
    algorithms handout had 63 of 119, its cards 74 of 131, the ai-pm cards 5 of 17); none is
    visibly letter-spaced, and no paragraph's last line holds one ideograph alone."""
    setting = pdf_setting(demo_books / name)
    assert setting.cjk_lines >= 7  # the measure sees the paragraphs
    # A line justification would space more than a quarter em apart is left ragged (two
    # ideographs before a long identifier): counted apart, and few.
    holes = [s for s in setting.short if s not in setting.ragged]
    assert len(holes) <= 0.02 * setting.lines, holes
    assert len(setting.ragged) <= 0.06 * setting.lines, setting.ragged
    assert setting.widest_gap <= WIDEST, setting.widest_at
    assert setting.runts == []  # no paragraph ends on a line of one character


@pytest.mark.parametrize("name", ["algorithms.pdf", "algorithms-cards.pdf"])
def test_inline_code_on_a_justified_cjk_line_keeps_its_own_spacing(
        demo_books: Path, name: str) -> None:
    """Justification spaces the text around inline code, never the code: each character of
    it stands one advance of the font after the one before ("(i, j)" was set "(i,   j)" on
    the first card, 0.04 em more after its comma; in the handout "[0, 30)" 0.04 em wider at
    each space; CJK text inside code letter-spaced by 0.12 em on a card)."""
    pages = measured_pages(demo_books / name)
    assert code_gaps(pages) == []
    pairs = [(a, b) for page in pages for line in page.lines()
             for i, (a, b) in enumerate(zip(line, line[1:], strict=False))
             if "".join(c.text for c in line[i - 2:i + 4]) == "(i, j)" and a.text == ","]
    assert pairs  # the first question's "(i, j)" is there
    for comma, space in pairs:
        assert abs(space.x0 - comma.x1) <= CODE_SLACK * comma.size


def _pdf(html: str) -> bytes:
    return render_pdf(html, base_dir=ROOT, stylesheets=[], roots=(ROOT,),
                      where=SourceLocation(ROOT / "x.html", 1)).pdf


LATIN = ("<html lang='en'><body style='width: 60mm; text-align: justify; hyphens: auto'><p>"
         + "Justified Latin text is spread at its spaces and hyphenated by WeasyPrint. " * 6
         + "</p></body></html>")


def test_a_latin_paragraph_is_justified_as_weasyprint_does_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ours = _pdf(LATIN)
    monkeypatch.setattr(weasyprint_patches, "JUSTIFY_VERSIONS", ())
    assert _pdf(LATIN) == ours


def test_a_cjk_line_is_spread_between_its_characters() -> None:
    """The same paragraph justified and ragged: justified, its first line ends further right."""
    text = "这是一段用来检验两端对齐的中文文字，" * 8
    lines = []
    for align in ("justify", "left"):
        pdf = _pdf(f"<html lang='zh'><body style='width: 61mm; text-align: {align}'><p>{text}"
                   "</p></body></html>")
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            chars = document.pages[0].chars
            first = [c for c in chars if abs(c["top"] - chars[0]["top"]) < 1]
            lines.append(max(c["x1"] for c in first))
    assert lines[0] - lines[1] > 2  # points


def test_justification_leaves_inline_code_as_the_font_sets_it(tmp_path: Path) -> None:
    """A justified CJK paragraph with inline code: the lines holding "(i, j)" still end at
    the measure with the code unspaced; the lines of code alone (CJK inside it) are left
    short rather than spaced."""
    text = ("返回它们的下标 <code>(i, j)</code>，要求 <code>i &lt; j</code>，"
            "且同一个元素不能使用两次。")
    code = "选择 一个 元素 再把 它放 进去 然后 返回 它的 下标 再说 一遍 选择 一个 元素"
    pdf = tmp_path / "code.pdf"
    pdf.write_bytes(_pdf(f"<html lang='zh'><body style='width: 61mm; text-align: justify'>"
                         f"<p>{text * 4}<code>{code}</code>。</p></body></html>"))
    pages = measured_pages(pdf)
    assert code_gaps(pages) == []
    lines = [(max(c.x1 for c in line if c.text.strip()), "".join(c.text for c in line))
             for line in pages[0].lines()[:-1]]
    measure = max(end for end, _ in lines)
    with_code = [end for end, line in lines if "(i, j)" in line]
    assert with_code
    assert all(measure - end < 0.5 for end in with_code), lines


@pytest.mark.parametrize(("code", "marked"), [
    ("(i, j)", "<code>(i, j)</code>"),
    ("threshold + 1", '<code class="breaks">threshold + 1</code>'),
    ("5000..9999", '<code class="breaks">5000..<wbr>9999</code>'),
])
def test_long_inline_code_in_cjk_text_may_break(code: str, marked: str) -> None:
    block = lxml.html.fragment_fromstring(f"<p>区间为 <code>{code}</code> 的值</p>")
    cjk.break_inline_code(block)
    assert marked in lxml.html.tostring(block, encoding="unicode").replace("</wbr>", "")
    assert "".join(block.itertext()) == f"区间为 {code} 的值"  # the text as written


@pytest.mark.parametrize("html", [
    "<p>The range <code>5000..9999</code> here</p>",
    # CJK inside the code only: the sentence is English, and so is its setting.
    '<p>In Python, <code>len("你好")</code> is 2, <code>"Straße".upper()</code> is longer.</p>',
])
def test_inline_code_in_latin_text_is_left_whole(html: str) -> None:
    block = lxml.html.fragment_fromstring(html)
    cjk.break_inline_code(block)
    assert lxml.html.tostring(block, encoding="unicode") == html


@pytest.mark.parametrize(("html", "bound"), [
    ("<li>时钟使用 <code>time.monotonic</code> 而不是 <code>time.time</code>，不会倒退。</li>",
     '<span class="nobr">倒退。</span>'),
    ("<p>一段<strong>加粗<em>斜体</em>文字</strong>结尾在这里。</p>",
     '<span class="nobr">这里。</span>'),
])
def test_a_paragraphs_last_two_characters_are_bound_after_inline_elements(
        html: str, bound: str) -> None:
    """The last text in reading order is bound, not the last text of an element inside it
    (the code's ``<wbr>``, an ``<em>`` inside a ``<strong>``)."""
    block = lxml.html.fragment_fromstring(html)
    cjk.typeset(block)
    assert bound in lxml.html.tostring(block, encoding="unicode")
