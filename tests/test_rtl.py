"""Books written right to left (tests/fixtures/rtl-ar, rtl-he, rtl-fa and rtl-ur: ``language:
ar``, ``he``, ``fa`` and ``ur``) in every format: ``dir="rtl"`` on every EPUB document, the site
and the Anki cards, the EPUB spine's page progression, the handout's and the cards' lines set
from the right margin and the cards' question number at the title's right (pdfplumber), code
kept left to right (Chromium's computed styles), and the EPUBs EPUBCheck clean. Each book is
built once for the module."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from tests import browser
from tests.conftest import FIXTURES, built_once, shared_dir, strict_build
from tests.pdftools import MM, Char, measured_pages
from tests.validators import run_epubcheck

if TYPE_CHECKING:
    from playwright.sync_api import Browser

XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
#: The right-to-left fixture books, by their language.
BOOKS = {"ar": "rtl-ar", "he": "rtl-he", "fa": "rtl-fa", "ur": "rtl-ur"}
Built = Callable[[str], Path]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A fixture book's name -> its outputs, every format, built strict once."""
    def get(name: str) -> Path:
        return built_once(shared_dir(tmp_path_factory, name),
                          strict_build(str(FIXTURES / name)))
    return get


def _rtl(text: str) -> bool:
    """A letter of a right-to-left script: Hebrew, Arabic (Persian and Urdu letters with it)."""
    return any(0x0590 <= ord(c) <= 0x06FF or 0x0750 <= ord(c) <= 0x077F
               or 0xFB1D <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF for c in text)


@pytest.mark.parametrize("name", BOOKS.values())
def test_every_epub_document_is_right_to_left_and_so_is_the_spine(built: Built,
                                                                   name: str) -> None:
    out = built(name)
    for epub_name in (f"{name}.epub", f"{name}-quiz.epub"):
        with zipfile.ZipFile(out / epub_name) as epub:
            documents = [n for n in epub.namelist() if n.endswith(".xhtml")]
            roots = {n: etree.fromstring(epub.read(n)) for n in documents}
            opf = etree.fromstring(epub.read(next(n for n in epub.namelist()
                                                  if n.endswith(".opf"))))
        assert len(documents) >= 4
        assert {n: r.get("dir") for n, r in roots.items()} == dict.fromkeys(documents, "rtl")
        spine = opf.find(f"{OPF}spine")
        assert spine is not None and spine.get("page-progression-direction") == "rtl"


@pytest.mark.parametrize(("lang", "name"), BOOKS.items())
def test_the_site_and_the_anki_cards_are_right_to_left(built: Built, lang: str,
                                                        name: str) -> None:
    out = built(name)
    for page in ("index.html", "study.html"):
        assert f'<html lang="{lang}" dir="rtl">' in (out / name / page).read_text("utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        zipfile.ZipFile(out / f"{name}.apkg").extractall(scratch)
        with sqlite3.connect(os.path.join(scratch, "collection.anki2")) as db:
            models = json.loads(db.execute("select models from col").fetchone()[0])
    sides = [t[k] for m in models.values() for t in m["tmpls"] for k in ("qfmt", "afmt")]
    assert sides and all(f'<div class="cuebook" lang="{lang}" dir="rtl">' in s
                         or f'<div class="cuebook reverse" lang="{lang}" dir="rtl">' in s
                         for s in sides)


@pytest.mark.parametrize("name", BOOKS.values())
def test_the_handouts_lines_start_at_the_right_margin(built: Built, name: str) -> None:
    """Every line of body text in the book's script ends (on its right) at the text's right
    edge: the page margin (18 mm) or, inside a part, 4 mm and the part's rule in from it, or in
    the meta line's first chip (a difficulty, a tag in the book's words), its padding (1.4 mm)
    and border in from it. (Left to right, the same Arabic lines ended anywhere from 113 to
    309 pt.)"""
    pages = measured_pages(built(name) / f"{name}.pdf")
    margin = pages[0].width - 18 * MM
    edges = (margin, margin - 4 * MM - 1.6, margin - 1.4 * MM - 0.5)
    rights = [max(c.x1 for c in line) for page in pages[2:] for line in page.lines()
              if sum(_rtl(c.text) for c in line) >= 3 and max(c.size for c in line) < 11
              and min(c.top for c in line) > 22 * MM]  # not headings, not the running head
    assert len(rights) >= 20
    off = [round(r, 1) for r in rights if min(abs(r - e) for e in edges) > 1.5]
    assert len(off) <= len(rights) // 10, (off, edges)


def _fronts(pdf: Path) -> list[list[Char]]:
    """The characters of each card front's title (the largest text on its front) and of the
    line it starts: the duplex sheets' odd pages hold the fronts."""
    titles = []
    for page in measured_pages(pdf)[::2]:
        for number in (c for c in page.chars if c.text.isdigit() and c.size >= 14):
            middle = (number.top + number.bottom) / 2
            titles.append([c for c in page.chars if abs(c.size - number.size) < 0.5
                           and abs((c.top + c.bottom) / 2 - middle) < number.size / 2
                           and not c.text.isspace()])
    return titles


@pytest.mark.parametrize("name", BOOKS.values())
def test_a_cards_question_number_stands_at_the_right_of_its_title(built: Built,
                                                                   name: str) -> None:
    """The number starts the title at its right, as in the handout, and its full stop falls
    between it and the title's words ("ما هو؟ .1"); the title's letters are all to its left."""
    fronts = _fronts(built(name) / f"{name}-cards.pdf")
    assert len(fronts) == 4
    for line in fronts:
        digit = next(c for c in line if c.text.isdigit())
        stop = next(c for c in line if c.text == ".")
        letters = [c for c in line if _rtl(c.text)]
        assert letters and max(c.x1 for c in line) - digit.x1 < 0.5
        assert stop.x1 <= digit.x0 + 0.5 and max(c.x1 for c in letters) <= stop.x0 + 0.5


@pytest.mark.parametrize("name", BOOKS.values())
def test_the_cards_lines_start_at_the_cards_right_padding(built: Built, name: str) -> None:
    """Lines in the book's script end (on their right) where the card's text does, on fronts
    and backs alike: the right padding, whichever side of the sheet the card is on."""
    rights = []
    for page in measured_pages(built(name) / f"{name}-cards.pdf"):
        # A line's end: its letters' and whatever else is drawn beside them (digits and Latin
        # words sit a little lower in their own face, so pdftools' lines hold them apart).
        ends = [max(c.x1 for c in page.chars if not c.text.isspace()
                    and abs((c.top + c.bottom) / 2 - middle) < line[0].size / 2)
                for line in page.lines() if sum(_rtl(c.text) for c in line) >= 3
                for middle in [sum((c.top + c.bottom) / 2 for c in line) / len(line)]]
        rights += [max(ends) - end for end in ends]
    assert len(rights) >= 20
    off = [round(r, 1) for r in rights if r > 1.5]
    assert len(off) <= len(rights) // 10, off


DIRECTIONS = """() => {
  const style = (e) => getComputedStyle(e);
  const p = document.querySelector('.part-body p');
  const box = p.getBoundingClientRect();
  const range = document.createRange(); range.selectNodeContents(p);
  const line = range.getClientRects()[0];
  return {body: style(document.body).direction, p: style(p).direction,
          pre: [...document.querySelectorAll('pre')].map((e) => style(e).direction),
          code: [...document.querySelectorAll(':not(pre) > code')].map((e) => style(e).direction),
          gap: box.right - line.right};
}"""


@pytest.mark.parametrize("name", BOOKS.values())
@pytest.mark.parametrize("page", ["site", "epub"])
def test_text_runs_right_to_left_and_code_left_to_right_in_chromium(
        built: Built, chromium: Browser, page: str, name: str) -> None:
    out = built(name)
    with tempfile.TemporaryDirectory() as scratch:
        if page == "epub":
            zipfile.ZipFile(out / f"{name}.epub").extractall(scratch)
            url = (Path(scratch) / "EPUB" / "chapter-1.xhtml").as_uri()
        else:
            url = (out / name / "index.html").as_uri()
        tab = chromium.new_page(viewport=browser.PHONE)  # type: ignore[arg-type]
        tab.goto(url)
        found = tab.evaluate(DIRECTIONS)
        tab.close()
    assert (found["body"], found["p"]) == ("rtl", "rtl")
    assert found["pre"] and set(found["pre"]) == {"ltr"}
    assert found["code"] and set(found["code"]) == {"ltr"}
    assert abs(found["gap"]) < 1  # the first line starts at the paragraph's right edge


def test_the_right_to_left_epubs_are_epubcheck_clean(built: Built) -> None:
    paths = [built(name) / f"{name}{kind}.epub" for name in BOOKS.values()
             for kind in ("", "-quiz")]
    assert run_epubcheck(paths) == {p.name: [] for p in paths}
