"""Bad input gets a located diagnostic or builds correctly; never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import load_and_check

MakeBook = Callable[..., Path]
GOOD = "#### 1. 甲\n\n**题目：** 问\n\n**答案：** 答\n"


def test_invalid_utf8_names_the_line_and_byte_offset(make_book: MakeBook) -> None:
    data = GOOD.encode() + "第二行 ".encode() + b"\xff\xfe broken\n"
    folder = make_book({"01.md": data})
    checked = load_and_check(folder)
    offset = len(GOOD.encode()) + len("第二行 ".encode())
    assert checked.lines == [f"{folder}/01.md:6:11: error: invalid UTF-8 at byte offset "
                             f"{offset} (byte 0xff); save the file as UTF-8 [file.encoding]"]


def test_utf16_is_refused_with_advice(make_book: MakeBook) -> None:
    folder = make_book({"01.md": GOOD.encode("utf-16")})
    assert load_and_check(folder).lines == [
        f"{folder}/01.md:1:1: error: file is UTF-16; save it as UTF-8 [file.encoding]"]


def test_a_lone_surrogate_encoded_in_the_file_is_invalid_utf8(make_book: MakeBook) -> None:
    folder = make_book({"01.md": GOOD.encode() + b"\xed\xa0\x80\n"})
    assert load_and_check(folder).codes == ["file.encoding"]


def test_bom_and_crlf_build_like_plain_utf8(make_book: MakeBook) -> None:
    plain = load_and_check(make_book({"01.md": GOOD}, name="plain"))
    folder = make_book({"01.md": b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(),
                        "book.yaml": b"\xef\xbb\xbftitle: t\r\nauthor: a\r\nlanguage: zh\r\n"},
                       name="windows")
    windows = load_and_check(folder)
    assert windows.lines == [] and plain.book and windows.book

    def parts(checked: object) -> list[tuple[str, str, str, int]]:
        book = checked.book  # type: ignore[attr-defined]
        return [(p.key, p.content.html, p.content.text, p.location.line)
                for p in book.questions[0].parts]

    assert parts(windows) == parts(plain)


def test_binary_file(make_book: MakeBook) -> None:
    folder = make_book({"01.md": GOOD, "02.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    assert load_and_check(folder).lines == [
        f"{folder}/02.md:3:1: error: file looks binary (NUL byte at offset 8); expected UTF-8 "
        "text [file.binary]"]


def test_empty_file_is_a_warning(make_book: MakeBook) -> None:
    folder = make_book({"01.md": GOOD, "02.md": ""})
    assert load_and_check(folder).lines == [
        f"{folder}/02.md:1:1: warning: file is empty [file.empty]"]


def test_unclosed_code_fence(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "#### 1. 甲\n\n**题目：** 问\n\n**答案：**\n\n```python\nx = 1\n\n"
                                 "#### 2. 乙\n\n**题目：** 问\n"})
    assert load_and_check(folder).lines == [
        f"{folder}/01.md:7:1: error: code block opened with ``` is never closed "
        "[markdown.unclosed-fence]"]


def test_a_five_megabyte_file_builds(make_book: MakeBook) -> None:
    question = "**题目：** 问题。\n\n**答案：** " + "答案文字，" * 300 + "\n\n"
    count = 5 * 1024 * 1024 // len(question.encode()) + 1
    text = "".join(f"#### {n}. 第{n}题\n\n{question}" for n in range(1, count + 1))
    folder = make_book({"01.md": text})
    checked = load_and_check(folder)
    assert checked.lines == [] and checked.book is not None
    assert len(checked.book.questions) == count


def test_a_file_over_the_size_limit_is_refused(make_book: MakeBook) -> None:
    folder = make_book({"01.md": GOOD, "02.md": "x" * (9 * 1024 * 1024)})
    assert load_and_check(folder).codes == ["file.too-large"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_does_not_hang_the_build(make_book: MakeBook) -> None:
    folder = make_book({"01.md": GOOD})
    os.mkfifo(folder / "02.md")
    assert load_and_check(folder).lines == [
        f"{folder}/02.md:1:1: error: not a regular file [file.not-regular]"]


@pytest.mark.parametrize("yaml,line,col", [
    ("title: [unclosed\nauthor: a\nlanguage: zh\n", 1, 8),
    ("title: t\n  author: a\nlanguage: zh\n", 2, 9),
    ("title: t\nauthor: a\nlanguage: zh\ntitle: \"x\n", 4, 8),
])
def test_malformed_yaml_says_where(make_book: MakeBook, yaml: str, line: int, col: int) -> None:
    folder = make_book({"book.yaml": yaml, "01.md": GOOD})
    [diag] = load_and_check(folder).diags.items
    assert (diag.code, diag.location.line, diag.location.col) == ("config.yaml", line, col)


def test_yaml_that_is_not_a_mapping(make_book: MakeBook) -> None:
    folder = make_book({"book.yaml": "- a\n- b\n", "01.md": GOOD})
    assert load_and_check(folder).codes == ["config.invalid"]


def test_a_yaml_alias_bomb_is_harmless(make_book: MakeBook) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    folder = make_book({"book.yaml": "title: t\nauthor: a\nlanguage: zh\n" + bomb,
                        "01.md": GOOD})
    checked = load_and_check(folder)
    assert set(checked.codes) == {"config.unknown-key"}
    assert checked.book is not None


def test_bad_front_matter(make_book: MakeBook) -> None:
    folder = make_book({"01.md": "---\ntitle: [x\n---\n" + GOOD})
    assert load_and_check(folder).codes == ["file.front-matter"]


def test_deeply_nested_lists_do_not_crash(make_book: MakeBook) -> None:
    nested = "".join("  " * i + "- x\n" for i in range(2000))
    folder = make_book({"01.md": GOOD + "\n" + nested})
    checked = load_and_check(folder)
    assert checked.book is not None or checked.codes


def test_a_link_or_image_name_too_long_for_the_file_system_is_a_missing_file(
        make_book: MakeBook) -> None:
    # Found by the fuzzer: os.stat raised ENAMETOOLONG and the check crashed.
    long = "x" * 300
    folder = make_book({"01.md": GOOD + f"\n[看这里]({long})\n\n![图]({long}.png)\n"})
    shown = "x" * 77 + "…"
    assert load_and_check(folder).lines == [
        f"{folder}/01.md:7:7: error: link to '{shown}': no such file [link.missing-file]",
        f"{folder}/01.md:9:6: error: image '{shown}' does not exist [image.missing]"]
