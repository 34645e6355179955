"""Fonts: which faces a book is set in, where they are, and whether they cover its text.

The families named here are the only ones the stylesheets use (the templates write them into
the CSS), so the coverage check and the PDF's embedded fonts agree: a character no face covers
fails the build with its location instead of becoming a tofu box or a stray fallback face.
"""

from __future__ import annotations

import dataclasses
import functools
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cuebook.book.model import Book
from cuebook.diagnostics import Diagnostic, Severity, SourceLocation

EMOJI = "Noto Color Emoji"
_REGION = {"zh": "SC", "zh-tw": "TC", "zh-hk": "HK", "zh-hant": "TC", "ja": "JP", "ko": "KR"}
_IGNORED = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF} | set(range(0xFE00, 0xFE10))


@dataclass(frozen=True)
class FontStack:
    """The families of one book: serif for text, sans for headings and labels, mono for code,
    and the emoji face only when the book uses emoji (with it in the list, Pango set some
    digits in Noto Color Emoji and embedded a face the text did not need)."""

    serif: str
    sans: str
    mono: str
    emoji: bool = False

    @property
    def families(self) -> tuple[str, ...]:
        return (self.serif, self.sans, self.mono) + ((EMOJI,) if self.emoji else ())

    def css(self, family: str) -> str:
        """A CSS font-family value: the family, then emoji if used; nothing else."""
        return f'"{family}", "{EMOJI}"' if self.emoji else f'"{family}"'


def stack_for_book(book: Book) -> FontStack:
    """The book's stack: by its language, with the emoji face if its text needs it."""
    stack = stack_for(book.config.language)
    text_faces = [f for f in (locate(n) for n in stack.families) if f is not None]
    emoji = locate(EMOJI)
    if emoji is None or len(text_faces) < len(stack.families):
        return stack
    covered = frozenset().union(*(_cmap(f) for f in text_faces))
    emoji_cmap = _cmap(emoji)
    needs = any(ord(c) not in covered and ord(c) in emoji_cmap
                for text, _ in _book_text(book) for c in text)
    return dataclasses.replace(stack, emoji=needs)


def stack_for(language: str) -> FontStack:
    """Noto CJK in the variant the language wants: Pango picks glyph shapes by it too."""
    tag = language.lower()
    region = _REGION.get(tag) or _REGION.get(tag.split("-")[0]) or "SC"
    if tag.startswith("zh-") and any(t in tag for t in ("hant", "tw", "hk", "mo")):
        region = "HK" if "hk" in tag else "TC"
    return FontStack(f"Noto Serif CJK {region}", f"Noto Sans CJK {region}",
                     f"Noto Sans Mono CJK {region}")


@dataclass(frozen=True)
class FontFile:
    family: str
    path: Path
    index: int  # the face inside a .ttc collection


@functools.lru_cache(maxsize=64)
def locate(family: str, bold: bool = False) -> FontFile | None:
    """The file fontconfig uses for a family, or ``None`` when the family is not installed."""
    return locate_all([family], bold)[0]


def locate_all(families: Sequence[str], bold: bool = False) -> list[FontFile | None]:
    """:func:`locate` for several families, asking fontconfig for all of them at once (each
    ``fc-match`` takes ~5 ms, most of it starting up: a build that is up to date asks for its
    font files to see whether a font was upgraded)."""
    weight = "bold" if bold else "regular"
    try:
        asked = [subprocess.Popen(["fc-match", "--format=%{family}\n%{file}\n%{index}",
                                   f"{family}:weight={weight}"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True) for family in families]
    except OSError:
        return [None for _ in families]
    return [_matched(family, process) for family, process in zip(families, asked, strict=True)]


def _matched(family: str, process: subprocess.Popen[str]) -> FontFile | None:
    try:
        out, _ = process.communicate(timeout=30)
    except subprocess.SubprocessError:
        process.kill()
        process.wait()
        return None
    if process.returncode != 0:
        return None
    lines = out.split("\n")
    if len(lines) < 3 or family not in lines[0].split(","):
        return None  # fontconfig substituted another family: ours is missing
    return FontFile(family, Path(lines[1]), int(lines[2] or 0))


@functools.lru_cache(maxsize=64)
def _cmap(font: FontFile) -> frozenset[int]:
    """The code points a face maps. HarfBuzz reads a CJK cmap in ~1 ms; fontTools took ~0.1 s."""
    import uharfbuzz as hb  # here: a run that builds nothing checks no glyphs

    face = hb.Face(hb.Blob.from_file_path(str(font.path)), font.index)
    return frozenset(face.unicodes)


def missing_fonts(stack: FontStack) -> list[str]:
    return [family for family in stack.families if locate(family) is None]


def _book_text(book: Book) -> list[tuple[str, SourceLocation]]:
    config = book.config
    meta = " ".join((config.title, config.subtitle, config.author, config.description,
                     config.version))
    found = [(meta, config.location)]
    for fragment, where in book.fragments():
        found.append((fragment.text, where))
        found.extend((note.html, where) for note in fragment.footnotes)
    for question in book.questions:
        for part in question.parts:
            found.append((part.label, part.location))
    return found


def _exact(where: SourceLocation, char: str) -> SourceLocation:
    """Narrow a fragment's location to the line and column where ``char`` first appears."""
    try:
        lines = Path(where.path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return where
    for number in range(where.line, len(lines) + 1):
        col = lines[number - 1].find(char)
        if col >= 0:
            return SourceLocation(where.path, number, col + 1)
    return where


def uncovered(book: Book, stack: FontStack, limit: int = 10) -> list[Diagnostic]:
    """A located error for each character (up to ``limit``) that no face of the stack has."""
    missing = missing_fonts(stack)
    if missing:
        return [Diagnostic(book.config.location, Severity.ERROR,
                           f"font {name!r} is not installed (run scripts/setup.sh, or install "
                           "fonts-noto-cjk and fonts-noto-color-emoji)", "font.not-installed")
                for name in missing]
    covered: set[int] = set()
    for family in stack.families:
        font = locate(family)
        if font is not None:
            covered |= _cmap(font)
    first: dict[str, tuple[SourceLocation, int]] = {}
    for text, where in _book_text(book):
        for char in text:
            code = ord(char)
            if code in covered or code in _IGNORED or char.isspace() or \
                    unicodedata.category(char) == "Cc":
                continue
            seen = first.get(char)
            first[char] = (seen[0], seen[1] + 1) if seen else (where, 1)
    diags = []
    for char, (where, count) in list(first.items())[:limit]:
        where = _exact(where, char)
        name = unicodedata.name(char, "unnamed")
        uses = f"; first of {count} uses" if count > 1 else ""
        diags.append(Diagnostic(where, Severity.ERROR,
                                f"character {char!r} (U+{ord(char):04X} {name}) has no glyph in "
                                f"the book's fonts ({', '.join(stack.families)}){uses}",
                                "font.missing-glyph"))
    return diags
