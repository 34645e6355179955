"""What a rebuild after a save reuses, and that reusing it changes nothing: the files the
process tokenised already, the site's cover, and the CJK finish's one-scan marking checked
against the character-by-character rule it replaced."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cuebook.pipeline import Request, check
from cuebook.render import cjk
from cuebook.render.cjk import CLOSING, OPENING, is_cjk, is_latin
from cuebook.report import Reporter
from cuebook.source import parse
from tests.conftest import load_and_check, write_book

QUESTION = "## {n}. 题目{n}\n\n**题目**：什么是 {n}？\n\n**答案**：答案{n}在AI领域。\n\n" \
           "```python\nprint({n})\n```\n\n**举例**：例子{n}。\n\n"


def _book(folder: Path, warning: bool = False) -> Path:
    second = QUESTION.format(n=3) + ("[链接](missing.md)\n" if warning else "")
    return write_book(folder, {"01.md": "# 第一章\n\n" + QUESTION.format(n=1) +
                               QUESTION.format(n=2),
                               "02.md": "# 第二章\n\n" + second})


def test_a_file_not_saved_again_is_not_tokenised_again(tmp_path: Path, monkeypatch) -> None:
    book = _book(tmp_path / "book")
    first = load_and_check(book)
    tokenised: list[str] = []
    real = parse._tokenize_text
    monkeypatch.setattr(parse, "_tokenize_text",
                        lambda md, source, diags: tokenised.append(source.path.name)
                        or real(md, source, diags))
    again = load_and_check(book)
    assert tokenised == []
    assert again.book == first.book and again.lines == first.lines
    (book / "02.md").write_text((book / "02.md").read_text() + "更多。\n", encoding="utf-8")
    edited = load_and_check(book)
    assert tokenised == ["02.md"]
    assert edited.book is not None and edited.book != first.book
    assert "更多" in edited.book.questions[-1].parts[-1].content.text


def test_a_reused_file_says_its_problems_again(tmp_path: Path) -> None:
    book = _book(tmp_path / "book", warning=True)
    first, second = load_and_check(book), load_and_check(book)
    assert first.lines and first.lines == second.lines


def test_the_same_text_in_another_folder_is_its_own_file(tmp_path: Path) -> None:
    """Tokens remember their file: a copy of a book elsewhere resolves its own pictures."""
    images = []
    for name in ("one", "two"):
        folder = _book(tmp_path / name)
        (folder / "02.md").write_text((folder / "02.md").read_text() + "![图](pic.png)\n",
                                      encoding="utf-8")
        (folder / "pic.png").write_bytes(Path(__file__).parent.joinpath(
            "fixtures", "library", "interview", "images", "funnel.png").read_bytes())
        book = load_and_check(folder).book
        assert book is not None
        images += [r.path for q in book.questions for p in q.parts
                   for r in p.content.references if r.kind == "image"]
    assert images == [tmp_path / "one" / "pic.png", tmp_path / "two" / "pic.png"]


def test_the_site_cover_is_drawn_once_until_what_it_shows_changes(tmp_path: Path,
                                                                   monkeypatch) -> None:
    from cuebook.formats.site import writer as site
    from cuebook.pipeline import _context
    from cuebook.render import cover

    book_dir, out = _book(tmp_path / "book"), (tmp_path / "out").resolve()
    drawn: list[str] = []
    real = cover.book_cover
    monkeypatch.setattr(cover, "book_cover",
                        lambda book, *rest: drawn.append(book.config.title) or real(book, *rest))

    def png() -> bytes:
        request = Request(paths=(book_dir,), out_dir=out, formats=("site",))
        found, _ = check(book_dir, request, Reporter(-1))
        assert found is not None
        return site._cover_png(found.book, _context(found, "site", request, out))

    first, second = png(), png()
    assert first == second and len(drawn) == 1
    kept = json.loads((out / ".cache" / "store" / "book" / "site-cover.json").read_text())
    assert set(kept) == {"key", "png"}
    (book_dir / "book.yaml").write_text((book_dir / "book.yaml").read_text()
                                        .replace("测试书", "另一本书"), encoding="utf-8")
    third = png()
    assert drawn == ["测试书", "另一本书"] and third != first
    (out / ".cache" / "store" / "book" / "site-cover.json").write_text("{not json")
    assert png() == third and len(drawn) == 3


def _spans_by_character(text: str) -> list[tuple[str, str | None]]:
    """The marking as first written: every pair of neighbours looked at in turn."""
    out: list[tuple[str, str | None]] = []
    start, i = 0, 1
    while i <= len(text):
        here, after = text[i - 1], text[i] if i < len(text) else ""
        cls: str | None = None
        if after and is_cjk(here) and is_latin(after):
            cls, begin = "cjk-gap", i - 1
        elif after and is_latin(here) and is_cjk(after):
            begin = i - 1
            while begin > start and is_latin(text[begin - 1]):
                begin -= 1
            cls = "cjk-gap"
        elif after and here in OPENING + CLOSING and after in OPENING + CLOSING:
            if here in OPENING and after in OPENING:
                i += 1
            cls, begin = "cjk-halt", i - 1
        if cls is not None:
            if begin > start:
                out.append((text[start:begin], None))
            out.append((text[begin:i], cls))
            start = i
        i += 1
    if start < len(text):
        out.append((text[start:], None))
    return out


#: CJK letters, Latin and full-width letters and digits, "_", "%", every mark the rule pairs,
#: spaces and an astral ideograph.
ALPHABET = "中文字かナ한AIz09_%Ｂ５é" + OPENING + CLOSING + " \n\U00020001"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_the_one_scan_marks_what_the_character_by_character_rule_marked(text: str) -> None:
    assert list(cjk._spans(text)) == _spans_by_character(text)
