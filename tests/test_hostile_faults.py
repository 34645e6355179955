"""A hostile or broken build through the command line: a clear error, a non-zero exit, and
everything already built left exactly as it was."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

from cuebook.formats.registry import WriterContext, available
from tests.conftest import ROOT, Run, cuebook_build, load_and_check, write_book

CliRun = Callable[..., Run]
EN = "title: Faults\nauthor: a\nlanguage: en\n"
GOOD = "## 1. Q\n\n**Question:** q\n\n**Answer:** a\n"


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


@pytest.fixture
def built_once(cli: CliRun, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A good book built once by the CLI (every format): its folder, the outputs, their bytes."""
    book = write_book(tmp_path / "library" / "faults", {"book.yaml": EN, "01.md": GOOD})
    out = tmp_path / "out"
    result = cli(str(book), "--out", str(out), "-j", "1", "-q")
    assert result.code == 0, result.err
    outputs = _outputs(out)
    assert any(name.endswith(".pdf") for name in outputs)
    return book, out, outputs


def test_a_hostile_edit_fails_with_a_located_error_and_keeps_the_outputs(
        cli: CliRun, tmp_path: Path, built_once: tuple[Path, Path, dict[str, bytes]]) -> None:
    book, out, before = built_once
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (book / "01.md").write_text(GOOD + "\n![x](../../secret.png)\n", "utf-8")
    result = cli(str(book), "--out", str(out), "-j", "1", "-q")
    assert result.code == 1
    assert f"{book}/01.md:7:6: error: image '../../secret.png' is outside the book folder " \
           "[image.outside-book]" in result.err.replace(str(Path.cwd()) + "/", "")
    assert "Traceback" not in result.err
    assert _outputs(out) == before


#: fontconfig as on a machine with no font at all: the system's configuration with every
#: font file rejected (FONTCONFIG_FILE is read by fc-match and by WeasyPrint).
NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="no">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>/*</glob></rejectfont></selectfont>
</fontconfig>
"""


@pytest.mark.skipif(not Path("/etc/fonts/fonts.conf").is_file(),
                    reason="no system fontconfig configuration to start from")
def test_a_missing_font_is_a_clear_error_and_keeps_the_outputs(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        built_once: tuple[Path, Path, dict[str, bytes]]) -> None:
    book, out, before = built_once
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS, encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    result = cuebook_build(str(book), "--out", str(out), "-j", "1", "-q", "--force",
                           "--formats", "pdf")
    assert result.returncode == 1
    assert "font 'Noto Serif' is not installed: install the Debian package fonts-noto-core" \
        in result.stderr  # an English book's text face, and where it comes from
    assert "[font.not-installed]" in result.stderr and "Traceback" not in result.stderr
    assert _outputs(out) == before


def test_a_book_template_cannot_run_code_even_past_the_check(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    book = write_book(tmp_path / "book", {
        "book.yaml": EN, "01.md": GOOD,
        "templates/handout.html.j2":
            f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n"})
    checked = load_and_check(book)
    assert checked.codes == ["book.templates"] and checked.book is not None
    ctx = WriterContext(out_dir=tmp_path / "out", project_dir=ROOT, source_date_epoch=0)
    with contextlib.suppress(Exception):  # a SecurityError, or the CuebookError it becomes
        available()["pdf"].write(checked.book, ctx)
    assert not marker.exists()
