"""Property-based fuzzing of parse + check (hypothesis), on Markdown and YAML made to be awkward.

Whatever the input: nothing escapes but cuebook's own diagnostics, every diagnostic has a path,
a line and a column, and every rendered fragment is well-formed XHTML (what an e-book needs),
with raw HTML on or off. Derandomized with bounded examples, so CI runs the same cases every
time on a slow machine.
"""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import load_and_check, write_book

# Hypothesis' failure report imports mypy_extensions' deprecated TypedDict here; as an error
# (pyproject's filterwarnings) it would hide the falsifying example behind an INTERNALERROR.
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict:DeprecationWarning")

FUZZ = settings(max_examples=150, deadline=5000, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that meet cuebook's parser where it makes decisions, and the usual troublemakers.
_WORDS = st.sampled_from([
    "题目", "答案", "举例", "Question", "Answer", "**答案：**", "**Answer:**", "**答按：**",
    "&", "&amp;", "&#0;", "&#xD800;", "&#1;", "]]>", "--", "<!--", "<b>", "</i>", "<script>",
    "<img src=x onerror=y>", "{#id}", '{tags="a, b"}', "{difficulty=x}", "{%", "{{ 7*7 }}",
    "`", "```", "~~~", "*", "_", "**", "[", "]", "(", ")", "!", "[^1]", "\\", "|", "- ", "> ",
    "1. ", "#", "\u202e", "\u0301", "👩\u200d💻", "中文", "\t", "\u00a0", "\ufeff", "\x0c",
])
_TARGETS = st.sampled_from([
    "#q1", "02.md", "02.md#x", "../x.png", "/etc/passwd", "file:///etc/passwd", "images/a.png",
    "javascript:alert(1)", "&#106;avascript:x", "java%09script:x", "data:text/html,x",
    "data:image/png;base64,AA", "http://127.0.0.1:9/x", "//host/x", "a%00b.png", "%2e%2e/x",
    "mailto:a@b", "<a b>", "x" * 300, "\\..\\x",
])


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    text = "".join(draw(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=6)))
    if kind == 0:
        return f"{'#' * draw(st.integers(1, 7))} {draw(st.integers(0, 12))}. {text}"
    if kind == 1:
        return f"{'!' if draw(st.booleans()) else ''}[{text}]({draw(_TARGETS)})"
    if kind == 2:
        return f"[r]: {draw(_TARGETS)}\n\n[{text}][r]"
    if kind == 3:
        return "  " * draw(st.integers(0, 20)) + f"- {text}"
    if kind == 4:
        return f"```{draw(st.sampled_from(['', 'python', 'html', 'x y']))}\n{text}"
    if kind == 5:
        return f"| {text} | b |\n|---|:-:|\n| c | {text} |"
    if kind == 6:
        return f"[^{draw(st.integers(1, 3))}]: {text}"
    return text


_MARKDOWN = st.lists(_line(), max_size=25).map("\n".join)
_SCALARS = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(),
                     st.sampled_from(["2024-02-30", "!!python/object:os.system", "&a x",
                                      "*a", "1e999", "[", "{", ">-", "|"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8)
_KEYS = st.sampled_from(["title", "author", "language", "slug", "date", "version", "parts",
                         "questions", "files", "output", "markdown", "epub", "cards", "x"])


def _yaml_text(data: dict[str, object]) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True)


def _assert_sound(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_book(Path(tmp) / "book", files)
        checked = load_and_check(folder)  # anything raised here is a cuebook bug
        for diag in checked.diags.items:
            assert diag.location.path and diag.location.line >= 1 and diag.location.col >= 1, \
                str(diag)
        if checked.book is None:
            return
        for fragment, _ in checked.book.fragments():
            ET.fromstring(f"<div>{fragment.html}</div>")  # well-formed XHTML
            for note in fragment.footnotes:
                ET.fromstring(f"<div>{note.html}</div>")


@FUZZ
@given(body=_MARKDOWN, raw_html=st.booleans())
def test_any_markdown_gives_diagnostics_or_well_formed_xhtml(body: str, raw_html: bool) -> None:
    yaml = "title: t\nauthor: a\nlanguage: zh\n" + ("markdown: {raw_html: true}\n" if raw_html
                                                   else "")
    _assert_sound({"book.yaml": yaml, "01.md": "#### 1. 题\n\n**题目：** 问\n\n" + body,
                   "02.md": body})


@FUZZ
@given(data=st.dictionaries(_KEYS, _VALUES, max_size=8), raw=st.text(max_size=40))
def test_any_book_yaml_gives_located_diagnostics(data: dict[str, object], raw: str) -> None:
    _assert_sound({"book.yaml": _yaml_text(data) + raw, "01.md": "## 1. Q\n\n**Answer:** a\n"})


@FUZZ
@given(front=st.text(max_size=60), body=_MARKDOWN)
def test_any_front_matter_gives_located_diagnostics(front: str, body: str) -> None:
    _assert_sound({"01.md": f"---\n{front}\n---\n#### 1. 题\n\n**题目：** 问\n\n{body}"})


@FUZZ
@given(data=st.binary(max_size=200))
def test_any_bytes_give_located_diagnostics(data: bytes) -> None:
    _assert_sound({"01.md": data, "book.yaml": b"title: t\nauthor: a\nlanguage: en\n" + data})
