"""Messages an author acts on: a new book that checks clean and says its next steps quoted,
a reference of every book.yaml key in the installed package, starter keys that are valid
where they are written, did-you-mean at every level, YAML errors where the problem starts,
and the real column of a bad link or image."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from cuebook.book.options import BOOK, SECTIONS
from cuebook.cli import main
from cuebook.formats.registry import sections
from cuebook.scaffold import BOOKS, new_book
from tests.conftest import load_and_check

_COMMENTED_KEY = re.compile(r"^# ( *[a-z_]+:.*)$")


def test_a_new_book_in_any_folder_checks_clean_and_quotes_its_steps(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        in_dir: Callable[[Path], None]) -> None:
    in_dir(tmp_path)
    assert main(["new", "My Book"]) == 0
    said = capsys.readouterr().out
    assert f"cuebook check {shlex.quote('My Book')}" in said
    assert f"cd {shlex.quote('My Book')} && cuebook" in said
    checked = load_and_check(tmp_path / "My Book")
    assert checked.lines == []
    assert checked.book is not None and checked.book.slug == "my-book"


@pytest.mark.parametrize("language", sorted(BOOKS))
def test_every_commented_key_of_the_starter_is_valid_where_it_is_written(
        language: str, tmp_path: Path) -> None:
    folder = tmp_path / "starter"
    new_book(folder, language)
    yaml_path = folder / "book.yaml"
    text = yaml_path.read_text("utf-8")
    uncommented = [_COMMENTED_KEY.sub(r"\1", line) for line in text.splitlines()]
    assert sum(a != b for a, b in zip(text.splitlines(), uncommented, strict=True)) >= 10
    yaml_path.write_text("\n".join(uncommented) + "\n", "utf-8")
    (folder / "images").mkdir()
    from PIL import Image  # the commented cover names images/cover.png

    Image.new("RGB", (600, 800), "white").save(folder / "images" / "cover.png")
    assert load_and_check(folder).lines == []


def test_help_config_lists_every_declared_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["help", "config"]) == 0
    shown = capsys.readouterr().out
    for section in (BOOK, *SECTIONS, *sections()):
        if section.name and section.options:
            assert re.search(rf"^{section.name}:$", shown, re.M), section.name
        for option in section.options:
            assert re.search(rf"^ *{option.key} ", shown, re.M), section.dotted(option.key)


def test_starters_point_at_the_reference_an_installed_package_has() -> None:
    for yaml_text, *_ in BOOKS.values():
        assert "cuebook help config" in yaml_text and "docs/" not in yaml_text


@pytest.mark.parametrize(("yaml", "expected"), [
    ("parts:\n  answer: {lable: Reply}\n", "book.yaml:5:12: warning: unknown key "
     "'parts.answer.lable' (did you mean 'parts.answer.label'?) [config.unknown-key]"),
    ("questions:\n  numberin: none\n", "book.yaml:5:3: warning: unknown key "
     "'questions.numberin' (did you mean 'questions.numbering'?) [config.unknown-key]"),
    ("keywords: [a, b\nslug: x\n", "book.yaml:4:11: error: invalid YAML: this '[' list is "
     "never closed (YAML gave up at line 5: expected ',' or ']', but got ':') [config.yaml]"),
    ("subtitle: \"an open quote\n", "book.yaml:4:11: error: invalid YAML: this quoted value is "
     "never closed (YAML gave up at line 5: found unexpected end of stream) [config.yaml]"),
])
def test_config_messages_point_where_the_problem_starts(
        yaml: str, expected: str, make_book: Callable[..., Path],
        in_dir: Callable[[Path], None]) -> None:
    folder = make_book({"book.yaml": "title: T\nauthor: A\nlanguage: en\n" + yaml,
                        "a.md": "# C\n\n## 1. Q\n\n**Question:** q\n\n**Answer:** a\n"})
    in_dir(folder)
    assert load_and_check(Path(".")).lines == [expected]


def test_a_format_section_typo_gets_a_did_you_mean_at_its_column(
        make_book: Callable[..., Path], capsys: pytest.CaptureFixture[str],
        in_dir: Callable[[Path], None]) -> None:
    folder = make_book({"book.yaml": "title: T\nauthor: A\nlanguage: en\ncards: {sise: a7}\n",
                        "a.md": "# C\n\n## 1. Q\n\n**Question:** q\n\n**Answer:** a\n"})
    in_dir(folder)
    assert main(["check", "--strict", "."]) == 1
    assert "book.yaml:4:9: warning: unknown key 'cards.sise' (did you mean 'cards.size'?) " \
        "[config.unknown-key]" in capsys.readouterr().err


def test_link_and_image_errors_give_their_column(make_book: Callable[..., Path],
                                                  in_dir: Callable[[Path], None]) -> None:
    line = "**Question:** see [this](#nope) and ![a chart](img/chart.png)"
    folder = make_book({"book.yaml": "title: T\nauthor: A\nlanguage: en\n",
                        "a.md": f"# C\n\n## 1. Q\n\n{line}\n\n**Answer:** a\n"})
    in_dir(folder)
    assert load_and_check(Path(".")).lines == [
        f"a.md:5:{line.index('#nope') + 1}: error: link to '#nope': no heading or question has "
        "that anchor [link.broken-anchor]",
        f"a.md:5:{line.index('img/chart.png') + 1}: error: image 'img/chart.png' does not exist "
        "[image.missing]",
    ]
