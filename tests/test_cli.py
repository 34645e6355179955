"""The command line: exit codes 0 / 1 / 2, located output, and the real entry points."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

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
    assert "10 error(s)" in result.out


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


def test_help_lists_the_options(cli: CliRun) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("--help")
    assert exc.value.code == 0


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
    script = shutil.which("cuebook")
    if script is None:
        pytest.skip("the package is not installed (pip install -e .)")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("cuebook ")
