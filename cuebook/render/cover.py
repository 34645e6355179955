"""The generated cover: a 1600×2560 PNG typeset from the book's metadata in its own fonts.

Used when a book supplies no cover image. 1600×2560 (1:1.6) is what Kindle Direct Publishing
asks for and what Kobo and Apple Books scale down from without blur. Drawing is deterministic
(Pillow's basic layout engine, fixed sizes and colours), so the EPUB stays reproducible.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from cuebook import __version__
from cuebook.book.config import BookConfig
from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError, Diagnostic, Severity
from cuebook.i18n import question_count, strings
from cuebook.render.fonts import FontFile, FontStack, locate
from cuebook.render.images import IMAGE_TYPES, book_file

#: The generated cover's name in an output (the e-book's package; the site makes its own).
COVER_IMAGE = "images/cover.png"
WIDTH, HEIGHT = 1600, 2560
MARGIN = 160
BACKGROUND = (22, 50, 79)  # deep blue: white text on it has a contrast ratio above 12:1
ACCENT = (232, 163, 61)
TITLE = (255, 255, 255)
MUTED = (201, 214, 227)

#: Kinsoku shori: characters that may not start a line (they close or follow) and that may not
#: end one (they open), as in JIS X 4051 and the Chinese typesetting rules of CLREQ.
_NO_START = set("，。、：；！？）》」』”’〉】〕…—·,.;:!?)]}%")
_NO_END = set("（《「『“‘〈【〔([{")
_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+#&'_-]*|\s+|.", re.S)


@dataclass(frozen=True)
class CoverText:
    """What the cover says, already in the book's words."""

    kicker: str  # "10 道题"
    title: str
    subtitle: str
    author: str
    edition: str  # "版本 1.0 · 2026-11-29"
    band: str = ""  # "自测版": another edition of the book, said across the top in large type


@dataclass(frozen=True)
class CoverFonts:
    heading: FontFile  # bold sans: title and kicker
    text: FontFile  # regular face: subtitle, author, edition


def cover_image(cover: Path | None) -> str:
    """Where the e-book keeps its cover image: the book's own (``epub.cover``, PNG or JPEG,
    under its own suffix) or the typeset one."""
    return COVER_IMAGE if cover is None else f"images/cover{cover.suffix.lower()}"


def book_cover(book: Book, cover: Path | None, stack: FontStack,
               band: str = "") -> tuple[str, str, bytes]:
    """The book's own cover image (``epub.cover``), or one typeset from its metadata:
    (name, type, bytes). The e-book packs it; the web site shows it small."""
    if cover is not None:
        path = book_file(book, cover, "epub.cover")
        media_type = IMAGE_TYPES.get(path.suffix.lower())
        if media_type not in ("image/png", "image/jpeg"):
            raise CuebookError([Diagnostic(book.config.at("epub.cover"), Severity.ERROR,
                                           "'epub.cover' must be a PNG or JPEG image",
                                           "epub.cover")])
        return cover_image(cover), media_type, path.read_bytes()
    heading, text = locate(stack.sans, bold=True), locate(stack.serif)
    if heading is None or text is None:
        raise CuebookError([Diagnostic(book.config.location, Severity.ERROR,
                                       "the cover fonts are not installed (run scripts/setup.sh)",
                                       "font.not-installed")])
    words = CoverText(kicker(book), book.config.title, book.config.subtitle,
                      book.config.author, edition_line(book.config), band)
    return COVER_IMAGE, "image/png", render_cover(words, CoverFonts(heading, text))


def cover_key(book: Book, cover: Path | None, stack: FontStack, band: str = "") -> str:
    """What :func:`book_cover` draws from, as a hash: the book's own image, or the words and
    font files of the typeset one (a build that finds the same key may keep what it drew)."""
    digest = hashlib.sha256(f"{__version__} {PIL.__version__}".encode())
    if cover is not None:
        digest.update(book_file(book, cover, "epub.cover").read_bytes())
        return digest.hexdigest()
    fonts = [locate(stack.sans, bold=True), locate(stack.serif)]
    words = CoverText(kicker(book), book.config.title, book.config.subtitle,
                      book.config.author, edition_line(book.config), band)
    digest.update(repr((words, [(f, _stamp(f.path)) if f else None for f in fonts])).encode())
    return digest.hexdigest()


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def kicker(book: Book) -> str:
    """The line above the title: "10 道题", "1 question"."""
    return question_count(book.config.language, len(book.questions))


def edition_line(config: BookConfig) -> str:
    """The line at the foot: "版本 1.0 · 2026-11-29"."""
    t = strings(config.language)
    parts = [f"{t['version']} {config.version}" if config.version else "",
             config.date.isoformat() if config.date else ""]
    return " · ".join(p for p in parts if p)


def render_cover(text: CoverText, fonts: CoverFonts) -> bytes:
    """The cover as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    if text.band:
        _draw_band(draw, text.band, fonts.heading, width)
    kicker = _font(fonts.heading, 60)
    draw.text((MARGIN, 300), text.kicker, font=kicker, fill=ACCENT)
    draw.rectangle((MARGIN, 410, MARGIN + 200, 424), fill=ACCENT)
    title_font, title_lines = fit_title(text.title, fonts.heading, width)
    y = _draw_lines(draw, title_lines, title_font, 520, 1.3, TITLE)
    if text.subtitle:
        subtitle = _font(fonts.text, 68)
        _draw_lines(draw, wrap(text.subtitle, subtitle, width), subtitle, y + 80, 1.45, MUTED)
    draw.rectangle((MARGIN, HEIGHT - 520, WIDTH - MARGIN, HEIGHT - 516), fill=MUTED)
    author = _font(fonts.text, 64)
    _draw_lines(draw, wrap(text.author, author, width)[:2], author, HEIGHT - 460, 1.3, TITLE)
    edition = _font(fonts.text, 48)
    draw.text((MARGIN, HEIGHT - 300), text.edition, font=edition, fill=MUTED)
    out = io.BytesIO()
    # Flat colours and text compress well at a low level: optimize=True cost ~0.13 s a cover
    # for a few per cent of size.
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


#: The band's height and largest type: at a 100 px wide thumbnail (a sixteenth) its letters
#: are still about 11 px tall, as large as the title's.
BAND_HEIGHT = 250
BAND_TEXT = 200


def _draw_band(draw: ImageDraw.ImageDraw, label: str, face: FontFile, width: int) -> None:
    """A full-width band in the accent colour across the top, the label centred on it."""
    draw.rectangle((0, 0, WIDTH, BAND_HEIGHT), fill=ACCENT)
    size = BAND_TEXT
    font = _font(face, size)
    while size > 60 and font.getlength(label) > width:
        size -= 10
        font = _font(face, size)
    left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
    x = (WIDTH - (right - left)) // 2 - left
    y = (BAND_HEIGHT - (bottom - top)) // 2 - top
    draw.text((x, y), label, font=font, fill=BACKGROUND)  # dark blue on amber: 6.1:1


def _font(face: FontFile, size: int) -> ImageFont.FreeTypeFont:
    # The basic layout engine, not Raqm: the same pixels whether or not libraqm is installed.
    return ImageFont.truetype(str(face.path), size, index=face.index,
                              layout_engine=ImageFont.Layout.BASIC)


def fit_title(title: str, face: FontFile, width: int) -> tuple[ImageFont.FreeTypeFont,
                                                                  list[str]]:
    """The largest size from 150 px down at which the title takes at most four lines, each
    phrase whole if any size allows it (else broken between characters)."""
    for whole in (True, False):
        for size in range(150, 80, -10):
            font = _font(face, size)
            lines = [line for part in _title_parts(title)
                     for line in wrap_phrases(part, font, width, whole=whole)]
            if len(lines) <= 4 and "" not in lines:
                return font, lines
    return font, lines[:6]


def _title_parts(title: str) -> list[str]:
    """A title breaks after its colon first: "转型：" / "大模型时代的技能" reads as two ideas."""
    parts = re.split(r"(?<=[：:])\s*", title.strip(), maxsplit=1)
    return [p for p in parts if p]


#: Where a Chinese title may break between phrases: after a space, or after a particle or
#: conjunction that ends a phrase ("驱动的" / "创业产品经理转型"). No dictionary is needed for
#: titles, which are short noun phrases.
_PHRASE_END = re.compile(r"(?<=[ 的之与和及或、，])")


def wrap_phrases(text: str, font: ImageFont.FreeTypeFont, width: int, *,
                 whole: bool = False) -> list[str]:
    """Greedy filling by phrases; a phrase wider than the line is wrapped by characters, or
    with ``whole``, makes the answer ``[""]`` (no fit)."""
    lines: list[str] = []
    line = ""
    for phrase in (p for p in _PHRASE_END.split(text) if p):
        candidate = line + phrase
        if font.getlength(candidate.rstrip()) <= width:
            line = candidate
            continue
        if line.strip():
            lines.append(line.rstrip())
        if whole and font.getlength(phrase.strip()) > width:
            return [""]
        pieces = wrap(phrase.lstrip(), font, width)
        lines.extend(pieces[:-1])
        line = pieces[-1] if pieces else ""
    if line.strip():
        lines.append(line.rstrip())
    return lines


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line filling with CJK break opportunities between characters and kinsoku."""
    lines: list[str] = []
    line = ""
    for unit in _units(text):
        candidate = (line + unit) if line else unit.lstrip()
        if line and font.getlength(candidate.rstrip()) > width:
            lines.append(line.rstrip())
            line = unit.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _units(text: str) -> list[str]:
    """Unbreakable pieces: a Latin word, one CJK character, with kinsoku neighbours glued on."""
    units: list[str] = []
    glue_next = False
    for token in _TOKEN_RE.findall(text):
        if units and (glue_next or token[0] in _NO_START):
            units[-1] += token
        else:
            units.append(token)
        glue_next = token[-1] in _NO_END
    return units


def _draw_lines(draw: ImageDraw.ImageDraw, lines: Sequence[str],
                font: ImageFont.FreeTypeFont, top: int, leading: float,
                fill: tuple[int, int, int]) -> int:
    """Draw lines from ``top``; returns the y below the last line."""
    step = int(font.size * leading)
    for i, line in enumerate(lines):
        draw.text((MARGIN, top + i * step), line, font=font, fill=fill)
    return top + len(lines) * step
