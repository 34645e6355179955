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


# Measured on the page (pdfplumber): where each character sits, in points. ---------------------

MM = 72 / 25.4
#: The handout's top and bottom page margins (styles/handout.css).
BODY_MARGIN = 22 * MM


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    height: float
    width: float
    chars: tuple[Char, ...]
    rects: tuple[tuple[float, float, float, float], ...]  # x0, top, x1, bottom
    tints: tuple[tuple[float, float, float, float], ...] = ()  # filled in a light colour

    @property
    def body(self) -> tuple[float, float]:
        return BODY_MARGIN, self.height - BODY_MARGIN

    def fill(self) -> float:
        """How far down its body the page's text and boxes reach (0 to 1)."""
        top, bottom = self.body
        lows = [c.bottom for c in self.chars if top - 2 <= c.top and c.bottom <= bottom + 2]
        lows += [r[3] for r in self.rects if top - 2 <= r[1] and r[3] <= bottom + 2]
        return (max(lows, default=top) - top) / (bottom - top)

    def lines(self) -> list[list[Char]]:
        """Characters in lines (same baseline, within a point), top to bottom, left to right."""
        rows: dict[int, list[Char]] = {}
        for char in self.chars:
            rows.setdefault(round(char.bottom), []).append(char)
        merged: list[list[Char]] = []
        for key in sorted(rows):
            if merged and abs(merged[-1][0].bottom - key) <= 1.5:
                merged[-1].extend(rows[key])
            else:
                merged.append(list(rows[key]))
        return [sorted(line, key=lambda c: c.x0) for line in merged]


def measured_pages(pdf: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(str(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            chars = tuple(Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"],
                               c["fontname"]) for c in page.chars)
            rects = tuple((r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects)
            tints = tuple((r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects
                          if _light(r.get("non_stroking_color")))
            pages.append(Page(number, float(page.height), float(page.width), chars, rects,
                              tints))
    return pages


def _light(colour: object) -> bool:
    """A light tint (a part's or a code block's background), not white and not a rule."""
    if not isinstance(colour, (tuple, list)) or len(colour) != 3:
        return False
    return all(isinstance(c, (int, float)) and c > 0.85 for c in colour) and min(colour) < 1
