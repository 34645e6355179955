"""The cards' kept drawings: an edit of one answer lays out that question's faces only, and the
sheets assembled from the last build's pages print what a cold build prints, in the same
places; a store that is missing, corrupt or foreign means a cold build, not a traceback."""

from __future__ import annotations

import io
import json
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pdfplumber
import pikepdf
import pytest

from cuebook.formats.cards.drawings import MAX_GENERATIONS, FaceDrawings, Laid
from cuebook.formats.cards.fit import Face, FaceRenderer
from cuebook.formats.cards.writer import writer
from cuebook.formats.registry import WriterContext
from cuebook.products import Products, Store
from tests.conftest import ROOT, clean_book, write_book
from tests.pdftools import pdftotext

OUTPUTS = ("cards", "cards-fold")


def _question(n: int, answer: str) -> str:
    return f"## {n}. 第{n}题：缓存为什么会失效？ {{#q-{n}}}\n\n**题目：** 问题{n}。\n\n" \
           f"**答案：** {answer}\n\n"


def _bank(edit: str = "") -> dict[str, str]:
    """Short answers, one set smaller, one summarised (it cites the handout), one with code."""
    code = "```python\n" + "\n".join(f"total_{i} = sum(row[{i}] for row in table)"
                                     for i in range(12)) + "\n```\n"
    return {"q.md": "### 第一章\n\n" + "".join([
        _question(1, "答案很短。"),
        _question(2, "缓存命中率下降，" * 84),
        _question(3, "第三题的答案也短。" + edit),
        _question(4, "\n\n".join(f"第{i}点：" + "数据过期与并发写入，" * 8 for i in range(16))),
        _question(5, "逐步过程如下：\n\n" + code),
        _question(6, "最后一题。"),
    ])}


def _context(out: Path) -> WriterContext:
    return WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                         log=logging.getLogger("test.cards.drawings"),
                         products=Products(store=Store(out / ".cache" / "store")))


def _build(bank: Path, out: Path) -> dict[str, bytes]:
    book = clean_book(bank)
    writer.write(book, _context(out))
    return {name: (out / f"{bank.name}-{name}.pdf").read_bytes() for name in OUTPUTS}


@dataclass
class Edited:
    cold: dict[str, bytes]  # the bank before the edit, from scratch
    edited: dict[str, bytes]  # after the edit, assembled from the cold build's pages
    fresh: dict[str, bytes]  # the edited bank from scratch
    laid_out: list[str]  # the ids of the questions whose faces the edit laid out
    fresh_bank: Path
    fresh_out: Path  # where it was built: the output folder, its store

    def again(self, tmp_path: Path) -> tuple[Path, Path]:
        """A copy of the fresh build's bank and output folder, store and all."""
        shutil.copytree(self.fresh_bank, tmp_path / "bank")
        shutil.copytree(self.fresh_out, tmp_path / "out")
        return tmp_path / "bank", tmp_path / "out"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Edited:
    root = tmp_path_factory.mktemp("drawings")
    bank = write_book(root / "bank", _bank())
    out = root / "out"
    cold = _build(bank, out)
    write_book(bank, _bank(edit="改了一句。"))
    laid: list[str] = []
    original = FaceRenderer.laid_out

    def counting(self: FaceRenderer, faces: Sequence[Face], keys: Any = None) -> Any:
        laid.extend(f.question.id for f in faces)
        return original(self, faces, keys)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FaceRenderer, "laid_out", counting)
        edited = _build(bank, out)
    fresh_bank = root / "fresh" / "bank"
    shutil.copytree(bank, fresh_bank)
    fresh = _build(fresh_bank, root / "fresh-out")
    return Edited(cold, edited, fresh, laid, fresh_bank, root / "fresh-out")


def test_an_edit_lays_out_only_the_faces_of_its_question(edited: Edited) -> None:
    assert edited.laid_out
    assert set(edited.laid_out) == {"q-3"}


def _words(pdf: bytes) -> list[list[tuple[str, float, float, float, float]]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [[(w["text"], round(w["x0"], 2), round(w["top"], 2), round(w["x1"], 2),
                  round(w["bottom"], 2)) for w in page.extract_words()]
                for page in document.pages]


def _lines(pdf: bytes) -> list[list[tuple[float, ...]]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [sorted((round(ln["x0"], 2), round(ln["top"], 2), round(ln["x1"], 2),
                        round(ln["bottom"], 2)) for ln in page.lines)
                for page in document.pages]


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_assembled_sheets_have_every_word_where_a_cold_build_has_it(
        edited: Edited, name: str) -> None:
    assembled, cold = edited.edited[name], edited.fresh[name]
    assert _words(assembled) == _words(cold)
    assert _lines(assembled) == _lines(cold)  # cut and fold marks
    assert assembled != edited.cold[name]


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_assembled_sheets_stay_text(edited: Edited, name: str, tmp_path: Path) -> None:
    path = tmp_path / "sheets.pdf"
    path.write_bytes(edited.edited[name])
    text = "".join(pdftotext(path).split())
    fresh = tmp_path / "fresh.pdf"
    fresh.write_bytes(edited.fresh[name])
    assert text == "".join(pdftotext(fresh).split())
    assert "第三题的答案也短。改了一句。" in text
    for n in range(1, 7):
        assert f"第{n}题：缓存为什么会失效？" in text


def test_a_cold_build_is_the_same_bytes_twice(edited: Edited, tmp_path: Path) -> None:
    bank = write_book(tmp_path / "bank", _bank(edit="改了一句。"))
    assert _build(bank, tmp_path / "out") == edited.fresh


def test_a_rebuild_of_what_the_last_build_drew_is_the_same_bytes(
        edited: Edited, tmp_path: Path) -> None:
    """Every face kept: the sheets are those of the build that drew them, byte for byte."""
    bank, out = edited.again(tmp_path)
    faces = json.loads((out / ".cache" / "store" / "bank" /
                        "cards-faces.json").read_text("utf-8"))["faces"]
    assert {face.get("generation") for face in faces.values() if "pages" in face} == {1}
    assert _build(bank, out) == edited.fresh


@pytest.mark.parametrize("damage", ["pdf-corrupt", "pdf-missing", "json-corrupt",
                                    "json-foreign", "page-out-of-range"])
def test_a_missing_or_corrupt_store_means_a_cold_build(
        edited: Edited, tmp_path: Path, damage: str) -> None:
    bank, out = edited.again(tmp_path)
    store = out / ".cache" / "store" / "bank"
    faces, pdf = store / "cards-faces.json", store / "cards-faces.pdf"
    data = json.loads(faces.read_text("utf-8"))
    if damage == "pdf-corrupt":
        pdf.write_bytes(pdf.read_bytes()[:-100] + b"x" * 100)
    elif damage == "pdf-missing":
        pdf.unlink()
    elif damage == "json-corrupt":
        faces.write_text("{", encoding="utf-8")
    elif damage == "json-foreign":
        faces.write_text(json.dumps({**data, "cuebook": "0.0.1"}), encoding="utf-8")
    else:
        for entry in data["faces"].values():
            entry["pages"] = [999 for _ in entry.get("pages", ())]
        faces.write_text(json.dumps(data), encoding="utf-8")
    assert FaceDrawings.load(faces).known == {}
    assert _build(bank, out) == edited.fresh


def _blank_pdf(pages: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_edits_do_not_pile_up_font_subsets() -> None:
    """A PDF of faces holds the drawings of at most MAX_GENERATIONS builds (each with its own
    font subsets): past that, the faces drawn by all but the build that drew the most are laid
    out again, with the edit's, and the PDF holds two."""
    base = [f"a{n}" for n in range(10)]
    edits = [f"b{n}" for n in range(MAX_GENERATIONS)]
    known = {key: Laid((0.5,), (n,), (), 1) for n, key in enumerate(base)}
    known |= {key: Laid((0.5,), (len(base) + n,), (), n + 2) for n, key in enumerate(edits)}
    drawings = FaceDrawings(None, known, pikepdf.open(io.BytesIO(_blank_pdf(len(known)))))
    asked: list[str] = []

    def layout(faces: Sequence[Any]) -> dict[str, tuple[Any, ...]]:
        asked.extend(f.key for f in faces)
        laid = {f.key: (object(),) for f in faces}
        for key, pages in laid.items():
            drawings.record(key, pages, [0.5], [])
        return laid

    printed = [p for key in [*base, *edits] for p in drawings.kept(
        key, SimpleNamespace(key=key), layout) or ()]
    drawn = drawings.drawn(printed, lambda pages: _blank_pdf(len(pages)))
    assert asked == edits
    assert len(drawn.pdf.pages) == len(printed)
    assert all(id(p) in drawn.numbers for p in printed)
    assert len(set(drawings.generation.values())) == 2
    assert {k for k, g in drawings.generation.items() if g == 1} == set(base)
