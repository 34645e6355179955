"""The shapes real notes write formulas in (tests/fixtures/formulas-notes): aligned,
alignedat, align, gather, cases, a case split in ``\\left\\{ … \\right.``, the matrices, array,
boxed, colour, operator names, bold, blackboard and calligraphic letters, a tag, equation,
sized delimiters and Cyrillic text, each drawn in the handout and the cards and carried as
MathML with its TeX in the e-book and the site."""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from cuebook.render.math import mathml_to_svg, with_drawn_formulas
from tests.conftest import FIXTURES, clean_book
from tests.pdftools import pdftotext

BOOK = FIXTURES / "formulas-notes"
MATHML = "http://www.w3.org/1998/Math/MathML"
#: TeX as it would show if a formula were left as text.
TEX_LEFT = re.compile(r"\\[a-zA-Z]+|\\\(|\\\[|\$\$|\\\\")
SHAPES = ("aligned", "alignedat", "align}", "align*", "gather", "cases", "\\left\\{",
          "matrix", "pmatrix", "bmatrix", "vmatrix", "array", "\\boxed", "\\color",
          "\\operatorname", "\\boldsymbol", "\\mathbb", "\\mathcal", "\\tag", "equation",
          "\\Bigg", "Пусть", "\\text{损失}", "设X")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cuebook.cli import main

    out = tmp_path_factory.mktemp("notes")
    assert main([str(BOOK), "--out", str(out), "--formats", "pdf,epub,cards,anki,site",
                 "-q", "--strict"]) == 0
    return out


def _sources() -> list[str]:
    """Every formula's TeX in the fixture, as the model holds it (its alttext)."""
    book = clean_book(BOOK)
    return [m.get("alttext") for f, _ in book.fragments()
            for m in etree.fromstring(f"<div>{f.html}</div>".encode()).iter(f"{{{MATHML}}}math")]


def test_the_fixture_holds_every_shape() -> None:
    sources = "\n".join(_sources())
    assert [s for s in SHAPES if s not in sources] == []


def test_every_formula_is_drawn_for_print_and_no_tex_is_left(built: Path) -> None:
    sources = _sources()
    assert len(sources) == 26
    drawn = with_drawn_formulas(clean_book(BOOK))
    svgs = sum(f.html.count("<svg") for f, _ in drawn.fragments())
    assert svgs == len(sources)
    for name in ("formulas-notes.pdf", "formulas-notes-cards.pdf"):
        text = pdftotext(built / name)
        assert not TEX_LEFT.search(text), (name, TEX_LEFT.search(text))


def test_the_epub_and_site_carry_each_formula_as_mathml_with_its_tex(built: Path) -> None:
    sources = _sources()
    with zipfile.ZipFile(built / "formulas-notes.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    site = "".join(p.read_text("utf-8") for p in (built / "formulas-notes").rglob("*.html"))
    for text in (xhtml, site):
        maths = list(etree.fromstring(f"<div>{_math_only(text)}</div>".encode()).iter(
            f"{{{MATHML}}}math"))
        found = [m.get("alttext") for m in maths]
        # (an attribute's newlines are spaces once it is read back as XML)
        assert sorted({" ".join(f.split()) for f in found}) == sorted(
            {" ".join(s.split()) for s in sources})
        # Alignments are tables, not a stray "&" in the text.
        assert sum(1 for m in maths for _ in m.iter(f"{{{MATHML}}}mtable")) >= 12
        assert not [m.get("alttext") for m in maths if "&" in "".join(m.itertext())]
        # The alignment as browsers that ignore columnalign (MathML Core) follow it.
        cells = [td for m in maths for td in m.iter(f"{{{MATHML}}}mtd")]
        assert any((td.get("style") or "").startswith("text-align: right") for td in cells)


def _math_only(text: str) -> str:
    return "".join(re.findall(r"<math\b.*?</math>", text, re.S))


def test_anki_gets_each_formula_as_tex(built: Path) -> None:
    with zipfile.ZipFile(built / "formulas-notes.apkg") as apkg, \
            tempfile.TemporaryDirectory() as tmp:
        apkg.extract("collection.anki2", tmp)
        with sqlite3.connect(Path(tmp, "collection.anki2")) as db:
            fields = " ".join(row[0] for row in db.execute("select flds from notes"))
    assert "<math" not in fields
    assert "\\[\\begin{aligned}" in fields.replace("\n", "") or "\\begin{aligned}" in fields


def test_a_tagged_formula_is_drawn_at_the_size_of_the_others() -> None:
    """The tag follows the formula; ziamath's own numbering would set it on a 6.5-inch line
    that the column then shrinks, formula and all."""
    from cuebook.render.math import tex_to_mathml

    tagged = mathml_to_svg(tex_to_mathml("E = mc^2 \\tag{1}", display=True))
    plain = mathml_to_svg(tex_to_mathml("E = mc^2", display=True))
    width = [float(re.search(r"width: ([\d.]+)em", s)[1]) for s in (tagged, plain)]
    assert width[1] < width[0] < width[1] + 5


@pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs Java")
def test_epubcheck_finds_nothing(built: Path) -> None:
    from tests.validators import run_epubcheck

    editions = sorted(built.glob("*.epub"))
    assert run_epubcheck(editions) == {p.name: [] for p in editions}


def test_chinese_in_a_formula_is_drawn_in_the_books_text_face() -> None:
    """The math font has no Han: each character is drawn from the text face, a path of its
    own (not the math font's empty box, the same for every character it lacks)."""
    from cuebook.render.math import tex_to_mathml
    from cuebook.render.mathtext import text_faces

    mathml = tex_to_mathml("\\text{损失}", display=False)
    faces = ("Noto Serif CJK SC",)
    assert text_faces(faces, frozenset("损失"))  # the face is installed and has both
    drawn = re.findall(r' d="([^"]+)"', mathml_to_svg(mathml, faces))
    assert len(drawn) == 2 and drawn[0] != drawn[1]
    assert len(drawn[0]) > 200  # an outline with many strokes, not a box


#: KaTeX's formulas (MIT) in the project's shared folder beside the repository (or beside a
#: folder above it, for a work tree).
CORPUS = next((p / "shared" / "corpus" / "katex-ss_data.yaml"
               for p in Path(__file__).resolve().parents[1].parents
               if (p / "shared" / "corpus" / "katex-ss_data.yaml").is_file()), Path("-"))


@pytest.mark.skipif(not CORPUS.is_file(), reason="KaTeX's formulas are in shared/corpus")
def test_katex_formulas_pass_the_check_and_are_drawn_but_four() -> None:
    """KaTeX's screenshot-test formulas (docs/formulas.md): every case passes the conversion
    and the drawing the check runs, but four a book cannot hold or that are refused on
    purpose; those four are located errors naming what failed."""
    from bench.formulas import corpus_cases
    from cuebook.render.math import FormulaError, tex_to_mathml

    refused = {}
    for name, (tex, display) in corpus_cases(CORPUS).items():
        try:
            mathml_to_svg(tex_to_mathml(tex, display), ("Noto Serif CJK SC",
                                                         "Noto Serif CJK JP", "Noto Serif CJK KR"))
        except FormulaError as error:
            refused[name] = str(error)
    assert sorted(refused) == ["GroupMacros", "Includegraphics", "SqrtRoot", "UnsupportedCmds"]
    assert refused["UnsupportedCmds"].startswith("unknown command \\err")
    assert refused["SqrtRoot"].startswith("it nests groups 11 deep")


def test_a_formula_wider_than_the_line_is_scaled_to_it(built: Path) -> None:
    """The last question holds an inline formula wider than the handout's line and the card's:
    drawn, it stays inside the text block (the handout's rules under the headings span it) and
    on the card's sheet."""
    import pdfplumber

    for name in ("formulas-notes.pdf", "formulas-notes-cards.pdf"):
        with pdfplumber.open(built / name) as pdf:
            rules = [r for p in pdf.pages for r in p.lines + p.rects
                     if 200 < r["width"] < 0.9 * p.width]  # not a page's background
            text = [c for p in pdf.pages for c in p.chars if c["text"].strip() and c["size"] > 6]
            left = min(c["x0"] for c in text)
            right = max(r["x1"] for r in rules) if rules else pdf.pages[0].width - 10
            drawn = [(p.page_number, c) for p in pdf.pages for c in p.curves if c["height"] < 40]
            assert len(drawn) > 200
            outside = [(n, d["x0"], d["x1"]) for n, d in drawn
                       if d["x0"] < left - 2 or d["x1"] > right + 1]
            assert not outside, (name, left, right, outside[:3])
