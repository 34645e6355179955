"""The package as a user gets it: a wheel, installed into a fresh virtual environment, used from
a folder outside the repository (no checkout on the path)."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("my-book.pdf", "my-book.epub", "my-book-quiz.epub", "my-book-cards.pdf",
           "my-book-cards-fold.pdf", "my-book.apkg", "my-book.tsv", "index.html",
           "my-book/index.html", "my-book/study.html")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    [found] = out.glob("cuebook-*.whl")
    return found


def test_the_wheel_carries_the_templates_and_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "styles"):
        expected = {f"cuebook/_theme/{p.relative_to(ROOT / folder).as_posix()}"
                    .replace("cuebook/_theme/", f"cuebook/_theme/{folder}/", 1)
                    for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert expected and expected <= names
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert "License-Expression: MIT" in text


def test_installed_wheel_makes_checks_and_builds_a_book_anywhere(
        wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # The dependencies come from this environment (whether it is a virtual environment or
    # not: `--system-site-packages` would reach past a venv to the base Python's); the package
    # itself only from the wheel, whose site folder comes first.
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    inner = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                           check=True, capture_output=True, text=True).stdout.strip()
    Path(inner, "outer-dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["SOURCE_DATE_EPOCH"] = "1704067200"

    def cuebook(*args: str, cwd: Path = work) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "cuebook"), *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=600)

    where = subprocess.run([str(python), "-c", "import cuebook; print(cuebook.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(venv)  # not the checkout
    assert cuebook("new", "my-book").returncode == 0
    book = work / "my-book"
    checked = cuebook("check", cwd=book)  # inside a book folder: that book
    assert checked.returncode == 0, checked.stderr
    built = cuebook("-q", cwd=book)
    assert built.returncode == 0, built.stdout + built.stderr
    missing = [name for name in OUTPUTS if not (book / "output" / name).is_file()]
    assert missing == []
    again = cuebook("-o", str(work / "out"), "my-book", "--formats", "tsv")
    assert again.returncode == 0 and (work / "out" / "my-book.tsv").is_file()
    # The output folder inside the book is not read as part of it: a second run is cached.
    rerun = cuebook(cwd=book)
    assert rerun.returncode == 0 and "built" not in rerun.stdout.replace("library", "")
