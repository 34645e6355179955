"""Formulas and fonts for real-world books: TeX in every format, every script and symbol drawn.

Three fixture books build in every format: ``formulas`` (inline, display, in lists and tables,
prices with "$"), ``mixed-scripts`` (a Chinese book with math symbols, Greek, kana, Hangul,
Cyrillic, arrows and box drawing) and ``english-italics``.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from cuebook.book.model import Book
from cuebook.render import fonts
from cuebook.render.fonts import EMOJI, stack_for, stack_for_book
from cuebook.render.math import FormulaError, tex_to_mathml
from cuebook.source.markdown import RenderScope, new_parser, render
from tests.conftest import FIXTURES, Run, clean_book, cuebook_build, load_and_check
from tests.pdftools import pdftotext

CASES = ("formulas", "mixed-scripts", "english-italics")
FORMATS = "pdf,epub,cards,anki,tsv,site"
MATHML = "http://www.w3.org/1998/Math/MathML"
TEX_LEFT = re.compile(r"\\(frac|sqrt|sum|log|partial|cdot|approx|mathrm|left|right|sigma)|"
                      r"\\\(|\\\[|\$\$")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cuebook.cli import main

    out = tmp_path_factory.mktemp("real-world")
    code = main([*(str(FIXTURES / c) for c in CASES), "--out", str(out), "--formats", FORMATS,
                 "-q", "--jobs", "2"])
    assert code == 0
    return out


def _html(source: str) -> tuple[str, str, list[tuple[int, str, str]]]:
    md = new_parser()
    scope = RenderScope(Path("."), Path("."), "x.md", 0, {}, 1, {})
    fragment = render(md, md.parse(source), scope)
    return fragment.html, fragment.text, scope.formula_errors


# Reading formulas ------------------------------------------------------------------------------

def test_prices_stay_text_and_each_delimiter_is_a_formula() -> None:
    html, text, errors = _html("It costs $5 and $10. Then $O(\\log n)$, \\(a \\cdot b\\), "
                               "and \\[x^2\\] inline.\n\n$$\nE = mc^2\n$$\n")
    assert errors == []
    assert "$5 and $10" in html and "$5 and $10" in text
    root = etree.fromstring(f"<div>{html}</div>".encode())
    found = [(m.get("display"), m.get("alttext")) for m in root.iter(f"{{{MATHML}}}math")]
    assert found == [("inline", "O(\\log n)"), ("inline", "a \\cdot b"), ("block", "x^2"),
                     ("block", "E = mc^2")]
    # The plain text (TSV, search, the glyph check) keeps the TeX, as Anki reads it.
    assert "\\(O(\\log n)\\)" in text and "\\[E = mc^2\\]" in text


def test_a_blank_line_inside_brackets_is_one_formula_as_inside_dollars() -> None:
    """``\\[ … \\]`` over a blank line is read as ``$$ … $$`` over one is (a paragraph would
    end at the blank line and show both halves as TeX); on one line it stays as it was."""
    for source in ("Then\n\n\\[\na = b\n\n+ c\n\\]\n\nafter.\n",
                   "Then\n\n$$\na = b\n\n+ c\n$$\n\nafter.\n"):
        html, text, errors = _html(source)
        assert errors == [] and "\\[" not in html and "$$" not in html
        root = etree.fromstring(f"<div>{html}</div>".encode())
        found = [(m.get("display"), m.get("alttext")) for m in root.iter(f"{{{MATHML}}}math")]
        assert found == [("block", "a = b\n\n+ c")]
        assert "\\[a = b\n+ c\\]" in text  # the plain text folds blank lines
    html, _, _ = _html("One \\[x^2\\] inline.\n")
    assert '<span class="math-display">' in html


def test_escaped_brackets_of_a_link_are_text_not_a_formula() -> None:
    """``\\[…\\](url)`` is CommonMark for a link's text shown as written (an importer writes it
    for table cells): the brackets stay text, the parentheses too, and no formula is made."""
    html, text, errors = _html("See \\[link\\](javascript:alert(1)) and !\\[img\\](/x.png).")
    assert errors == [] and "<math" not in html
    assert text == "See [link](javascript:alert(1)) and ![img](/x.png)."


def test_a_formula_is_content_never_markup() -> None:
    for tex in ("\\text{<script>alert(1)</script>}", "\\text{<b>x</b>}"):
        with pytest.raises(FormulaError):
            tex_to_mathml(tex, display=False)
    html, _, errors = _html("A $\\text{<img src=x onerror=alert(1)>}$ here.\n")
    tree = etree.fromstring(f"<div>{html}</div>".encode())
    assert [e.tag for e in tree.iter()] == ["div", "p", "code"]
    assert [why for _, _, why in errors] == [
        "it holds text that reads as markup (write < as \\lt and > as \\gt)"]


def test_a_stray_ampersand_is_named_as_such() -> None:
    with pytest.raises(FormulaError) as error:
        tex_to_mathml("a & b", display=False)
    assert str(error.value).startswith("it has an & outside an alignment")


def test_what_the_check_accepts_is_what_print_draws() -> None:
    """One conversion: the MathML the e-book carries is the one ziamath draws, so a style the
    sanitiser drops (``\\style``) or a ``\\tag`` cannot fail only in the handout."""
    from cuebook.render.math import mathml_to_svg

    styled = tex_to_mathml("\\style{a:b:c}{x}", display=False)
    assert "style" not in styled.replace('alttext="\\style', "")
    assert "<path" in mathml_to_svg(styled) or "<use" in mathml_to_svg(styled)
    tagged = tex_to_mathml("E = mc^2 \\tag{1}", display=True)
    root = etree.fromstring(tagged.encode())
    assert "".join(root.itertext()).endswith("(1)")  # e-readers show the number
    svg = mathml_to_svg(tagged)
    assert svg.count("<path") > 5


def test_a_malformed_formula_is_an_error_at_its_line_with_its_text(
        in_dir: Callable[[Path], None]) -> None:
    in_dir(FIXTURES / "formula-invalid")
    lines = load_and_check(Path(".")).lines
    assert lines == (FIXTURES / "formula-invalid" / "expected.txt").read_text().splitlines()
    assert "01.md:7:1: error: formula '\\frac{a}{' cannot be converted" in lines[1]


# Formulas in every format ----------------------------------------------------------------------

def test_the_handout_has_no_tex_left_and_keeps_prices(built: Path) -> None:
    text = pdftotext(built / "formulas.pdf")
    assert not TEX_LEFT.search(text), TEX_LEFT.search(text)
    assert "$5 and $10" in text and "$0.50" in text


def test_formulas_are_drawn_inside_the_text_block(built: Path) -> None:
    with pdfplumber.open(built / "formulas.pdf") as pdf:
        page = pdf.pages[-1]
        text_chars = [c for c in page.chars if c["text"].strip()]
        left = min(c["x0"] for c in text_chars)
        right = max(c["x1"] for c in text_chars)
        drawn = page.curves + page.rects
        glyphs = [c for c in page.curves if c["height"] < 40]
        assert len(glyphs) > 100  # the formulas are paths (SVG), not text
        assert all(left - 1 <= d["x0"] and d["x1"] <= right + 1 for d in drawn)
        # Inline formulas sit in their line: "O(log n)" within the height of the text line.
        line = next(c for c in text_chars if c["text"] == "查")
        near = [c for c in glyphs if abs(c["top"] - line["top"]) < 10]
        assert near and all(c["bottom"] < line["bottom"] + 4 for c in near)


def test_the_cards_draw_formulas_too(built: Path) -> None:
    text = pdftotext(built / "formulas-cards.pdf")
    assert not TEX_LEFT.search(text)
    with pdfplumber.open(built / "formulas-cards.pdf") as pdf:
        assert sum(len(p.curves) for p in pdf.pages) > 100


def test_the_epub_and_site_carry_mathml_with_the_tex(built: Path) -> None:
    with zipfile.ZipFile(built / "formulas.epub") as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        items = opf.iter("{http://www.idpf.org/2007/opf}item")
        flagged = {i.get("href") for i in items if "mathml" in (i.get("properties") or "")}
        with_math = {n.removeprefix("EPUB/") for n in epub.namelist()
                     if n.endswith(".xhtml") and b"<math" in epub.read(n)}
    assert flagged == with_math and with_math
    html = "".join(p.read_text("utf-8") for p in (built / "formulas").rglob("*.html"))
    assert 'alttext="\\mathrm{Attention}(Q,K,V)' in html and "<mfrac>" in html


def test_anki_gets_tex_delimiters_and_the_tsv_the_source(built: Path) -> None:
    with zipfile.ZipFile(built / "formulas.apkg") as apkg, tempfile.TemporaryDirectory() as tmp:
        apkg.extract("collection.anki2", tmp)
        with sqlite3.connect(Path(tmp, "collection.anki2")) as db:
            fields = " ".join(row[0] for row in db.execute("select flds from notes"))
    assert "\\(\\sqrt{d_k}\\)" in fields and "\\[" in fields and "<math" not in fields
    tsv = (built / "formulas.tsv").read_text("utf-8")
    assert "\\(O(\\log n)\\)" in tsv and "\\frac{QK^T}{\\sqrt{d_k}}" in tsv


@pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs Java")
def test_epubcheck_and_ace_find_nothing_in_the_fixture_books(built: Path) -> None:
    from tests.validators import ACE, run_ace, run_epubcheck

    editions = sorted(built.glob("*.epub"))
    assert len(editions) == 6
    assert run_epubcheck(editions) == {p.name: [] for p in editions}
    if ACE is not None:
        assert run_ace(editions) == {p.name: [] for p in editions}


# Fonts -------------------------------------------------------------------------------------------

def test_every_character_of_the_source_is_on_the_page(built: Path) -> None:
    """Compared after NFKC (pdftotext gives Arabic letters as their presentation forms, and
    the source's ℝ and full-width commas fold the same way on both sides). Devanagari's
    vowel sign I is drawn before its consonant, and text extraction loses it: its face must
    be on the page instead."""
    for case in ("mixed-scripts", "english-italics"):
        book = clean_book(FIXTURES / case)
        shown = set(unicodedata.normalize("NFKC", re.sub(r"\s", "", pdftotext(
            built / f"{case}.pdf"))))
        wanted = {c for f, _ in book.fragments()
                  for c in unicodedata.normalize("NFKC", f.text) if not c.isspace()}
        assert wanted - shown <= {"\u093f"}, case
    with pdfplumber.open(built / "mixed-scripts.pdf") as pdf:
        faces = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for p in pdf.pages for c in p.chars}
    assert {f"Noto-Sans-{s}" for s in ("Arabic", "Devanagari", "Thai", "Hebrew")} <= faces


def test_han_stays_in_the_sc_face_and_symbols_take_the_math_face(built: Path) -> None:
    with pdfplumber.open(built / "mixed-scripts.pdf") as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
    han = [c for c in chars if "\u4e00" <= c["text"] <= "\u9fff"]
    assert han and all("CJK-SC" in c["fontname"] for c in han)
    dots = [c for c in chars if c["text"] == "\u22c5"]
    assert dots and all("Noto-Sans-Math" in c["fontname"] for c in dots)
    book = clean_book(FIXTURES / "mixed-scripts")
    assert stack_for_book(book).fallbacks[0] == "Noto Sans Math"


def test_an_english_book_is_set_in_a_latin_family_with_real_italics(built: Path) -> None:
    with pdfplumber.open(built / "english-italics.pdf") as pdf:
        names = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for p in pdf.pages for c in p.chars}
        hyphens = [c for p in pdf.pages for c in p.chars
                   if c["text"] in "-\u2010" and "Mono" not in c["fontname"]]
    assert {"Noto-Serif", "Noto-Serif-Italic", "Noto-Serif-Bold"} <= names
    assert not any("CJK" in n for n in names)
    # A hyphen at a break is as narrow as in the text face (Noto CJK's is a full em).
    assert hyphens and all(c["width"] < 0.5 * c["size"] for c in hyphens)


#: fontconfig as on a machine with no CJK font installed: the system's configuration with
#: every CJK face's file rejected (FONTCONFIG_FILE is read by fc-match and by WeasyPrint).
NO_CJK_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="no">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>*CJK*</glob></rejectfont></selectfont>
</fontconfig>
"""


@pytest.mark.skipif(not Path("/etc/fonts/fonts.conf").is_file(),
                    reason="no system fontconfig configuration to start from")
def test_an_english_book_builds_without_any_cjk_font(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(NO_CJK_FONTCONFIG, encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    run = cuebook_build(str(FIXTURES / "english-italics"), "--out", str(tmp_path / "out"),
                        "--formats", "pdf,epub,cards", "-q")
    assert run.returncode == 0, run.stderr
    zh = cuebook_build(str(FIXTURES / "mixed-scripts"), "--check", "-q")
    assert zh.returncode == 1
    assert ("book.yaml:3:1: error: font 'Noto Serif CJK SC' is not installed: install the "
            "Debian package fonts-noto-cjk (scripts/setup.sh does) [font.not-installed]"
            ) in zh.stderr


def test_the_fonts_key_names_faces_and_check_reports_a_missing_one(
        make_book: Callable[..., Path], cli: Callable[..., Run]) -> None:
    base = "title: T\nauthor: A\nlanguage: en\n"
    md = {"01.md": "# One\n\n## 1. Why?\n\n**Question:** Why?\n\n**Answer:** Because.\n"}
    good = make_book({"book.yaml": base + "fonts:\n  body: Noto Sans\n  code: DejaVu Sans Mono\n"
                      "  fallbacks: [Noto Sans Symbols2]\n", **md}, name="good")
    book: Book = clean_book(good)
    assert stack_for(book.config.language, book.config.fonts).serif == "Noto Sans"
    assert cli(str(good), "--check", "-q").code == 0
    missing = make_book({"book.yaml": base + "fonts:\n  headings: Comic Neue Display\n", **md},
                        name="missing")
    run = cli(str(missing), "--check", "-q")
    assert run.code == 1
    assert ("book.yaml:5:3: error: font 'Comic Neue Display' is not installed: install it, or "
            "name an installed family under 'fonts:' in book.yaml [font.not-installed]") in run.err
    hostile = make_book({"book.yaml": base + 'fonts:\n  body: "x\\"; } body { color: red"\n',
                         **md}, name="hostile")
    assert load_and_check(hostile).codes == ["config.invalid-value"]


def test_fallbacks_join_only_when_the_text_needs_them() -> None:
    assert stack_for_book(clean_book(FIXTURES / "english-italics")).fallbacks == ()
    assert EMOJI not in stack_for_book(clean_book(FIXTURES / "mixed-scripts")).fallbacks


def test_english_counts_say_one_question(cli: Callable[..., Run], built: Path) -> None:
    assert "english-italics: 1 question, 1 chapter, checked" in cli(
        str(FIXTURES / "english-italics"), "--check").out
    assert re.search(r"\b1 ?question\b(?!s)", pdftotext(built / "english-italics.pdf", first=1,
                                                       last=1))
    with zipfile.ZipFile(built / "english-italics.epub") as epub:
        cover = epub.read("EPUB/titlepage.xhtml").decode()
    assert "1 question<" in cover


def test_the_benchmark_writes_formula_and_mixed_script_banks_that_check_clean(
        tmp_path: Path) -> None:
    from bench.synth import write_book

    formulas = clean_book(write_book(tmp_path / "f", 3, shape="formulas"))
    html = "".join(f.html for f, _ in formulas.fragments())
    assert html.count("<math") == 3 * 4 and "$5 and $10" in html
    mixed = clean_book(write_book(tmp_path / "m", 3, shape="mixed-scripts"))
    fallbacks = stack_for_book(mixed).fallbacks
    assert {"Noto Sans Math", "Noto Sans Arabic"} <= set(fallbacks)
    assert fonts.uncovered(mixed, stack_for_book(mixed)) == []
