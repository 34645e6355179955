"""The command line: exit codes 0 / 1 / 2, located output, and the real entry points."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cuebook.formats.registry import FORMATS
from tests.conftest import FIXTURES, ROOT, Run

CliRun = Callable[..., Run]


def test_check_of_both_content_books_exits_0(cli: CliRun, in_dir: Callable[[Path], None]) -> None:
    in_dir(ROOT)
    result = cli("--check")
    assert result.code == 0, result.err
    assert result.err == ""
    assert "ai-pm: 10 questions" in result.out
    assert "algorithms: 12 questions" in result.out


def test_ten_mistakes_give_ten_located_diagnostics_and_exit_1(
        cli: CliRun, in_dir: Callable[[Path], None]) -> None:
    in_dir(FIXTURES / "ten-mistakes")
    result = cli("--check", ".")
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 10
    assert lines == (FIXTURES / "ten-mistakes" / "expected.txt").read_text("utf-8").splitlines()
    assert "7 errors, 3 warnings; not built" in result.out


def test_a_warning_passes_the_check_and_fails_it_with_strict(
        cli: CliRun, in_dir: Callable[[Path], None]) -> None:
    in_dir(FIXTURES / "skipped-level")
    warned = ("01.md:3:1: warning: heading level 4 follows level 1; a level is skipped "
              "[heading.skipped-level]")
    relaxed = cli("--check", ".")
    assert (relaxed.code, relaxed.err.splitlines()) == (0, [warned])
    assert "1 question, 1 chapter, checked, 1 warning" in relaxed.out
    strict = cli("--check", "--strict", ".")
    assert (strict.code, strict.err.splitlines()) == (1, [warned])
    assert "0 errors, 1 warning; not built" in strict.out


def test_quiet_prints_only_problems(cli: CliRun, in_dir: Callable[[Path], None]) -> None:
    in_dir(ROOT)
    assert cli("-q", "--check").out == ""
    in_dir(FIXTURES / "missing-part")
    result = cli("-q", "--check", ".")
    assert (result.code, result.out) == (1, "")
    assert "[question.missing-part]" in result.err


def test_strict_fails_on_warnings(cli: CliRun, make_book: Callable[..., Path]) -> None:
    folder = make_book({"01.md": "#### 1. 甲 {difficulty=trivial}\n\n**题目：** 问\n\n"
                                 "**答案：** 答\n"})
    assert cli("--check", str(folder)).code == 0
    assert cli("--check", "--strict", str(folder)).code == 1


@pytest.mark.parametrize("args,message", [
    (["no/such/folder"], "no/such/folder: no such folder"),
    (["--book", "nope", "content"], "no book named nope"),
    (["--formats", "pdf,docx"], "unknown format docx"),
    (["--formats", ""], "unknown format (none)"),
])
def test_usage_errors_exit_2(cli: CliRun, in_dir: Callable[[Path], None], args: list[str],
                             message: str) -> None:
    in_dir(ROOT)
    result = cli(*args)
    assert result.code == 2
    assert message in result.err


def test_bad_option_exits_2(cli: CliRun) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("--no-such-option")
    assert exc.value.code == 2


def test_bad_source_date_epoch_is_a_usage_error(cli: CliRun, in_dir: Callable[[Path], None],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    in_dir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = cli("--book", "ai-pm")
    assert result.code == 2 and "SOURCE_DATE_EPOCH" in result.err


def test_book_selection_and_folder_of_one_book(cli: CliRun, in_dir: Callable[[Path], None]) -> None:
    in_dir(ROOT)
    result = cli("--check", "--book", "algorithms")
    assert "algorithms" in result.out and "ai-pm" not in result.out
    result = cli("--check", "content/ai-pm")
    assert "ai-pm" in result.out and "algorithms" not in result.out


def test_every_registered_format_has_a_writer_and_unknown_ones_are_refused(
        cli: CliRun, in_dir: Callable[[Path], None], tmp_path: Path) -> None:
    from cuebook.formats.registry import FORMATS, available

    writers = available()
    assert list(writers) == list(FORMATS)
    assert all(callable(getattr(w, "write", None)) for w in writers.values())
    in_dir(ROOT)
    result = cli("--book", "ai-pm", "--out", str(tmp_path), "--formats", "docx")
    assert result.code == 2
    assert "unknown format docx" in result.err
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_help_lists_the_options(cli: CliRun, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("--help")
    assert exc.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    # Every format with what it is, from the registry; --paper from book.yaml's output.paper.
    assert all(f"{name} {fmt.description}" in shown for name, fmt in FORMATS.items())
    assert "--paper {a4,letter} the handout's paper; the cards and the site follow it " \
           "(default: the book's output.paper, or a4)" in shown


@pytest.mark.parametrize("command", [
    [sys.executable, "build.py", "--check"],
    [sys.executable, "-m", "cuebook", "--check"],
])
def test_entry_points_run_as_processes(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "ai-pm: 10 questions" in result.stdout


def test_console_script_is_installed() -> None:
    beside = Path(sys.executable).parent / "cuebook"  # .venv/bin, when run without activating
    script = str(beside) if beside.is_file() else shutil.which("cuebook")
    if script is None:
        pytest.skip("the package is not installed (pip install -e .)")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("cuebook ")


@pytest.mark.parametrize(("yaml", "expected"), [
    ("cards:\n  size: huge\n", "book.yaml:5:3: error: cards.size: unknown card size 'huge'; use "
     "a6, a7, 4x6in, 3x5in, business, or WIDTHxHEIGHT in mm such as 90x60 "
     "[config.invalid-value]"),
    ("epub:\n  quiz: maybe\n", "book.yaml:5:3: error: epub.quiz: 'maybe' is not true or "
     "false [config.invalid-value]"),
    ("pdf:\n  papers: [a3]\n", "book.yaml:5:3: error: pdf.papers: must be a list of a4, "
     "letter; not a3 [config.invalid-value]"),
    ("anki:\n  id: ''\n", "book.yaml:5:3: error: anki.id: must be non-empty text: the deck's "
     "permanent identity (default: the book's slug) [config.invalid-value]"),
])
def test_check_refuses_bad_format_options_at_their_line(
        cli: CliRun, in_dir: Callable[[Path], None], tmp_path: Path, yaml: str,
        expected: str) -> None:
    (tmp_path / "book.yaml").write_text("title: t\nauthor: a\nlanguage: en\n" + yaml)
    (tmp_path / "01.md").write_text("## What?\n\nThis.\n")
    in_dir(tmp_path)
    result = cli("--check")
    assert result.code == 1
    assert result.err.splitlines() == [expected]


def test_check_refuses_a_bad_flag_by_its_name(cli: CliRun, in_dir: Callable[[Path], None],
                                             tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text("title: t\nauthor: a\nlanguage: en\n")
    (tmp_path / "01.md").write_text("## What?\n\nThis.\n")
    in_dir(tmp_path)
    result = cli("check", "--ids", "7", "--duplex", "sideways")
    assert result.code == 1
    assert result.err.splitlines() == [
        "--duplex: error: 'sideways' is not one of long, short [cards.invalid-option]",
        "--ids: error: no question has the id or number 7 [cards.invalid-option]"]


def test_check_refuses_a_character_no_font_has(cli: CliRun, in_dir: Callable[[Path], None],
                                              tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text("title: t\nauthor: a\nlanguage: en\n")
    (tmp_path / "01.md").write_text("## What?\n\nThis 𓀀.\n")
    in_dir(tmp_path)
    result = cli("check")
    assert result.code == 1
    assert result.err.startswith("01.md:3:6: error: ")
    assert "[font.missing-glyph]" in result.err
    # Only formats that embed fonts need every glyph: the TSV does not.
    assert cli("check", "--formats", "tsv").code == 0


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_new_writes_a_book_that_checks_clean_even_strictly(
        cli: CliRun, in_dir: Callable[[Path], None], tmp_path: Path, language: str) -> None:
    in_dir(tmp_path)
    assert cli("new", "starter", "--language", language).code == 0
    text = (tmp_path / "starter" / "book.yaml").read_text("utf-8")
    assert "#" in text and f"language: {language}" in text  # commented, in its language
    result = cli("check", "--strict", "starter")
    assert result.code == 0, result.err
    assert result.err == "" and "starter: 3 questions, 2 chapters, checked" in result.out
    assert cli("new", "starter").code == 2  # never over a book that is there


def test_inside_a_book_folder_a_bare_command_means_that_book(
        cli: CliRun, in_dir: Callable[[Path], None], tmp_path: Path) -> None:
    in_dir(tmp_path)
    assert cli("new", "mine").code == 0
    in_dir(tmp_path / "mine")
    result = cli("-o", str(tmp_path / "out"), "--formats", "tsv")
    assert result.code == 0 and (tmp_path / "out" / "mine.tsv").is_file()
    assert cli("--check").code == 0


def test_a_folder_named_like_a_command_is_reached_by_its_path(
        cli: CliRun, in_dir: Callable[[Path], None], tmp_path: Path) -> None:
    in_dir(tmp_path)
    assert cli("new", "new").code == 0
    assert cli("check", "./new").code == 0
    assert cli("build", "new", "--check").code == 0
