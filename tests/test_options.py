"""Options are declared once: the flags, the help and the documentation follow the
declarations of every format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cuebook.book.options import BOOK
from cuebook.book.options import SECTIONS as BOOK_SECTIONS
from cuebook.cli import _parser
from cuebook.formats.registry import FORMATS, sections

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
