"""A book written right to left (tests/fixtures/rtl-ar, ``language: ar``) in every format:
``dir="rtl"`` on every EPUB document, the site and the Anki cards, the EPUB spine's page
progression, the handout's Arabic lines set from the right margin (pdfplumber), code kept left
to right (Chromium's computed styles), and the EPUBs EPUBCheck clean."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from tests import browser
from tests.conftest import FIXTURES, built_once, shared_dir, strict_build
from tests.pdftools import MM, measured_pages
from tests.validators import run_epubcheck

if TYPE_CHECKING:
    from playwright.sync_api import Browser

BOOK = FIXTURES / "rtl-ar"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_once(shared_dir(tmp_path_factory, "rtl-ar"), strict_build(str(BOOK)))


def _arabic(text: str) -> bool:
    return any(0x0600 <= ord(c) <= 0x06FF or 0xFB50 <= ord(c) <= 0xFDFF
               or 0xFE70 <= ord(c) <= 0xFEFF for c in text)


def test_every_epub_document_is_right_to_left_and_so_is_the_spine(out: Path) -> None:
    for name in ("rtl-ar.epub", "rtl-ar-quiz.epub"):
        with zipfile.ZipFile(out / name) as epub:
            documents = [n for n in epub.namelist() if n.endswith(".xhtml")]
            roots = {n: etree.fromstring(epub.read(n)) for n in documents}
            opf = etree.fromstring(epub.read(next(n for n in epub.namelist()
                                                  if n.endswith(".opf"))))
        assert len(documents) >= 4
        assert {n: r.get("dir") for n, r in roots.items()} == dict.fromkeys(documents, "rtl")
        spine = opf.find(f"{OPF}spine")
        assert spine is not None and spine.get("page-progression-direction") == "rtl"


def test_the_site_and_the_anki_cards_are_right_to_left(out: Path) -> None:
    for page in ("index.html", "study.html"):
        assert '<html lang="ar" dir="rtl">' in (out / "rtl-ar" / page).read_text("utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        zipfile.ZipFile(out / "rtl-ar.apkg").extractall(scratch)
        with sqlite3.connect(os.path.join(scratch, "collection.anki2")) as db:
            models = json.loads(db.execute("select models from col").fetchone()[0])
    sides = [t[k] for m in models.values() for t in m["tmpls"] for k in ("qfmt", "afmt")]
    assert sides and all('<div class="cuebook" lang="ar" dir="rtl">' in s
                         or '<div class="cuebook reverse" lang="ar" dir="rtl">' in s
                         for s in sides)


def test_the_handouts_arabic_lines_start_at_the_right_margin(out: Path) -> None:
    """Every line of Arabic body text ends (on its right) at the text's right edge: the page
    margin (18 mm) or, inside a part, 4 mm and the part's rule in from it. (Left to right, the
    same lines ended anywhere from 113 to 309 pt.)"""
    pages = measured_pages(out / "rtl-ar.pdf")
    margin = pages[0].width - 18 * MM
    edges = (margin, margin - 4 * MM - 1.6)
    rights = [max(c.x1 for c in line) for page in pages[2:] for line in page.lines()
              if sum(_arabic(c.text) for c in line) >= 3 and max(c.size for c in line) < 11
              and min(c.top for c in line) > 22 * MM]  # not headings, not the running head
    assert len(rights) >= 20
    off = [round(r, 1) for r in rights if min(abs(r - e) for e in edges) > 1.5]
    assert len(off) <= len(rights) // 10, (off, edges)


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


@pytest.mark.parametrize("page", ["site", "epub"])
def test_text_runs_right_to_left_and_code_left_to_right_in_chromium(
        out: Path, chromium: Browser, page: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        if page == "epub":
            zipfile.ZipFile(out / "rtl-ar.epub").extractall(scratch)
            url = (Path(scratch) / "EPUB" / "chapter-1.xhtml").as_uri()
        else:
            url = (out / "rtl-ar" / "index.html").as_uri()
        tab = chromium.new_page(viewport=browser.PHONE)  # type: ignore[arg-type]
        tab.goto(url)
        found = tab.evaluate(DIRECTIONS)
        tab.close()
    assert (found["body"], found["p"]) == ("rtl", "rtl")
    assert found["pre"] and set(found["pre"]) == {"ltr"}
    assert found["code"] and set(found["code"]) == {"ltr"}
    assert abs(found["gap"]) < 1  # the first line starts at the paragraph's right edge


def test_the_arabic_epubs_are_epubcheck_clean(out: Path) -> None:
    paths = [out / "rtl-ar.epub", out / "rtl-ar-quiz.epub"]
    assert run_epubcheck(paths) == {p.name: [] for p in paths}
