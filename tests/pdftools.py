"""Reading PDFs back with the real tools: poppler's pdftotext/pdffonts, qpdf, pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed: run scripts/setup.sh (poppler-utils, qpdf)")
    return path


def pdftotext(pdf: Path, *, first: int | None = None, last: int | None = None,
              layout: bool = False) -> str:
    args = [require("pdftotext"), "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=120).stdout


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, split on form feeds (pdftotext ends every page with one)."""
    return pdftotext(pdf).split("\f")[:-1]


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool


def pdffonts(pdf: Path) -> list[FontRow]:
    out = subprocess.run([require("pdffonts"), str(pdf)], capture_output=True, text=True,
                         check=True, timeout=60).stdout.splitlines()[2:]
    rows = []
    for line in out:
        match = re.match(r"(\S+)\s+(.+?)\s+(Identity-H|\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)",
                         line)
        assert match, line
        rows.append(FontRow(match[1], match[2], match[4] == "yes", match[5] == "yes",
                            match[6] == "yes"))
    return rows


def qpdf_check(pdf: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([require("qpdf"), "--check", str(pdf)], capture_output=True,
                          text=True, timeout=120)


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, 1-based page), in order."""
    reader = PdfReader(str(pdf))
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title),
                              reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found
