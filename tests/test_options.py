"""Options are declared once: the flags, the help and the documentation follow the
declarations of every format."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from cuebook.book.options import BOOK
from cuebook.book.options import SECTIONS as BOOK_SECTIONS
from cuebook.cli import _parser
from cuebook.formats.options import resolve_all
from cuebook.formats.registry import FORMATS, sections
from tests.conftest import clean_book, load_and_check

ROOT = Path(__file__).resolve().parent.parent


def test_every_option_is_in_the_book_yaml_reference() -> None:
    """The book's keys and every format's, as declared, are the ones the reference shows (its
    first block; ``fonts:`` has a block of its own)."""
    text = (ROOT / "docs" / "content-format.md").read_text("utf-8")
    first, fonts = (yaml.safe_load(block) for block in
                    re.findall(r"```yaml\n(.*?)```", text, re.S)[:2])
    reference = {**first, **fonts}
    assert set(reference) == {*BOOK.keys, *(s.name for s in (*BOOK_SECTIONS, *sections())
                                             if s.options)}
    for section in (*BOOK_SECTIONS, *sections()):
        if section.options:
            assert set(reference[section.name]) == set(section.keys), section.name


def test_every_flag_comes_from_a_declaration_and_is_in_the_help() -> None:
    shown = _parser().format_help()
    declared = [o.flag for s in (*BOOK_SECTIONS, *sections()) for o in s.options if o.flag]
    assert declared and len(declared) == len(set(declared))
    for flag in declared:
        assert flag in shown


def test_a_format_with_options_names_its_section_after_itself() -> None:
    for name, fmt in FORMATS.items():
        if fmt.options is not None:
            assert fmt.options.name == name


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_loads_a_writer(name: str) -> None:
    assert callable(getattr(FORMATS[name].load(), "write", None))


def test_the_books_own_keys_are_checked_by_their_declarations(
        make_book: Callable[..., Path]) -> None:
    """Top-level keys and the book's sections: located errors in one shape, a "did you mean"
    for a typo at the top and inside a section, every bad font family named at once."""
    folder = make_book({"book.yaml": "author: A\nlanguage: en\ndate: 2024-13-01x\n"
                        "outputs: {}\noutput:\n  paper: a3\nquestions:\n  numbring: none\n"
                        "fonts:\n  fallbacks: ['a{', Noto Sans, 'b}']\n",
                        "01.md": "## Q\n\n### Question\n\nq\n\n### Answer\n\na\n"})
    lines = [line.split("book.yaml:", 1)[1] for line in load_and_check(folder).lines]
    assert lines == [
        "1:1: error: required field 'title' is missing [config.missing-field]",
        "3:1: error: date: '2024-13-01x' is not a date like 2024-05-01 [config.invalid-value]",
        "4:1: warning: unknown key 'outputs' (did you mean 'output'?) [config.unknown-key]",
        "6:3: error: output.paper: 'a3' is not one of a4, letter [config.invalid-value]",
        "8:3: warning: unknown key 'questions.numbring' (did you mean 'questions.numbering'?) "
        "[config.unknown-key]",
        "10:3: error: fonts.fallbacks: 'a{', 'b}' are not font family names (letters, digits, "
        "spaces, '-' or '.') [config.invalid-value]"]


def test_a_format_without_options_has_no_keys(make_book: Callable[..., Path]) -> None:
    book = clean_book(make_book({"book.yaml": "title: T\nauthor: A\nlanguage: en\n"
                                 "tsv:\n  x: 1\n",
                                 "01.md": "## Q\n\n### Question\n\nq\n\n### Answer\n\na\n"}))
    _, problems = resolve_all(sections(), book.config, {}, "a4", book)
    assert [str(p).split("book.yaml:", 1)[1] for p in problems] == [
        "5:3: warning: unknown key 'tsv.x' (it takes no keys) [config.unknown-key]"]
