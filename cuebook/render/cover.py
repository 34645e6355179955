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
from PIL import Image, ImageDraw, ImageFont, features

from cuebook import __version__
from cuebook.book.config import BookConfig
from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError, Diagnostic, Severity
from cuebook.i18n import is_rtl, question_count, strings
from cuebook.render.fonts import EMOJI, FontFile, FontStack, code_points, locate
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
    #: The faces, bold then regular, for the characters the two above lack (the book's
    #: fallbacks: a script's own face, as for Arabic or Hebrew); each run of characters is set
    #: in the first face that has them.
    more_heading: tuple[FontFile, ...] = ()
    more_text: tuple[FontFile, ...] = ()
    rtl: bool = False  # the book's lines read right to left: set from the right margin


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
    return COVER_IMAGE, "image/png", render_cover(words, cover_fonts(book, stack, heading, text))


def cover_fonts(book: Book, stack: FontStack, heading: FontFile, text: FontFile) -> CoverFonts:
    """The cover's two faces, and the book's fallback faces where its words need them."""
    language = book.config.language
    wanted = {ord(c) for c in "".join((book.config.title, book.config.subtitle,
                                         book.config.author, kicker(book),
                                         edition_line(book.config)))}
    if wanted <= code_points(heading) & code_points(text) and not is_rtl(language):
        return CoverFonts(heading, text)  # one face each, as drawn before fallbacks
    names = [n for n in stack.fallbacks if n != EMOJI]  # a bitmap face Pillow cannot size
    more = tuple(tuple(f for f in (locate(n, bold=bold) for n in names) if f is not None)
                 for bold in (True, False))
    return CoverFonts(heading, text, more[0], more[1], is_rtl(language))


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
    if fonts[0] is not None and fonts[1] is not None:
        chosen = cover_fonts(book, stack, fonts[0], fonts[1])
        if chosen != CoverFonts(fonts[0], fonts[1]):  # a cover set as before keeps its key
            digest.update(repr((chosen, [_stamp(f.path) for f in
                                         chosen.more_heading + chosen.more_text])).encode())
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
    heading = (fonts.heading, *fonts.more_heading)
    regular = (fonts.text, *fonts.more_text)
    if text.band:
        _draw_band(draw, text.band, heading, width, fonts.rtl)
    kicker = _font(heading, 60, fonts.rtl)
    kicker.draw(draw, 300, text.kicker, ACCENT)
    bar = (MARGIN, WIDTH - MARGIN - 200)[fonts.rtl]  # the rule under the kicker, at its start
    draw.rectangle((bar, 410, bar + 200, 424), fill=ACCENT)
    title_font, title_lines = fit_title(text.title, heading, width, fonts.rtl)
    y = _draw_lines(draw, title_lines, title_font, 520, 1.3, TITLE)
    if text.subtitle:
        subtitle = _font(regular, 68, fonts.rtl)
        _draw_lines(draw, wrap(text.subtitle, subtitle, width), subtitle, y + 80, 1.45, MUTED)
    draw.rectangle((MARGIN, HEIGHT - 520, WIDTH - MARGIN, HEIGHT - 516), fill=MUTED)
    author = _font(regular, 64, fonts.rtl)
    _draw_lines(draw, wrap(text.author, author, width)[:2], author, HEIGHT - 460, 1.3, TITLE)
    edition = _font(regular, 48, fonts.rtl)
    edition.draw(draw, HEIGHT - 300, text.edition, MUTED)
    out = io.BytesIO()
    # Flat colours and text compress well at a low level: optimize=True cost ~0.13 s a cover
    # for a few per cent of size.
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


class Setting:
    """Type at one size in a list of faces: each run of characters in the first face that has
    them (spaces and punctuation stay in the run they follow). One face left to right is
    Pillow's own drawing; otherwise the runs are shaped with Raqm (Arabic letters join) in
    their own direction, and a right-to-left line is set from the right margin, its runs in
    reading order from the right."""

    def __init__(self, faces: Sequence[FontFile], size: int, rtl: bool = False) -> None:
        self.size = size
        self.rtl = rtl
        self.simple = len(faces) == 1 and not rtl
        # The basic layout engine for a face alone: the same pixels whether or not libraqm is
        # installed. Raqm only where letters must join or runs change direction.
        engine = ImageFont.Layout.BASIC if self.simple or not features.check("raqm") \
            else ImageFont.Layout.RAQM
        self.fonts = [ImageFont.truetype(str(f.path), size, index=f.index, layout_engine=engine)
                      for f in faces]
        self.faces = tuple(faces)

    def runs(self, text: str) -> list[tuple[str, ImageFont.FreeTypeFont, str]]:
        """(text, font, direction) of each run, in reading order: a space is a run of its own
        (it stands between runs of either direction); other punctuation stays with the run
        it follows."""
        found: list[tuple[str, int]] = []
        for char in text:
            face = _face_of(char, self.faces)
            if found and not char.isspace() and not found[-1][0].isspace() and (
                    not char.isalnum() or face in (None, found[-1][1])):
                found[-1] = (found[-1][0] + char, found[-1][1])
                continue
            found.append((char, face or 0) if not char.isspace() or not found else
                         (char, found[-1][1]))
        return [(run, self.fonts[i], "rtl" if _strong_rtl(run) else "ltr") for run, i in found]

    def _visual(self, text: str) -> list[tuple[str, ImageFont.FreeTypeFont, str]]:
        """The runs from the left: as read, or, right to left, the line's runs from the right,
        each left-to-right stretch (Latin words and numbers with the spaces between them) kept
        in its own order, as the Unicode bidi algorithm sets them."""
        runs = self.runs(text)
        if not self.rtl:
            return runs
        stretches: list[list[tuple[str, ImageFont.FreeTypeFont, str]]] = []
        i = 0
        while i < len(runs):
            end = i
            if runs[i][2] == "ltr" and not runs[i][0].isspace():
                k = i + 1
                while k < len(runs) and (runs[k][0].isspace() or runs[k][2] == "ltr"):
                    if not runs[k][0].isspace():
                        end = k
                    k += 1
            stretches.append(runs[i:end + 1])
            i = end + 1
        return [run for stretch in reversed(stretches) for run in stretch]

    def getlength(self, text: str) -> float:
        if self.simple:
            return self.fonts[0].getlength(text)
        return sum(font.getlength(run, direction=_direction(font, d)) for run, font, d in
                   self.runs(text))

    def bbox(self, text: str) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the text drawn at (0, 0)."""
        if self.simple:
            return self.fonts[0].getbbox(text)
        tops = [font.getbbox(run, direction=_direction(font, d))
                for run, font, d in self.runs(text)]
        return 0, min(t[1] for t in tops), self.getlength(text), max(t[3] for t in tops)

    def draw(self, draw: ImageDraw.ImageDraw, y: float, text: str,
             fill: tuple[int, int, int], x: float | None = None) -> None:
        """The line at ``y`` (its top, as Pillow places a line of the first face), from the
        margin where it starts (or from ``x``); every run on the first face's baseline."""
        if self.simple:
            draw.text((MARGIN if x is None else x, y), text, font=self.fonts[0], fill=fill)
            return
        text = text.strip()
        left = x if x is not None else \
            WIDTH - MARGIN - self.getlength(text) if self.rtl else MARGIN
        baseline = y + self.fonts[0].getmetrics()[0]
        for run, font, d in self._visual(text):
            draw.text((left, baseline), run, font=font, fill=fill, anchor="ls",
                      direction=_direction(font, d))
            left += font.getlength(run, direction=_direction(font, d))


def _face_of(char: str, faces: Sequence[FontFile]) -> int | None:
    return next((i for i, face in enumerate(faces) if ord(char) in code_points(face)), None)


def _strong_rtl(text: str) -> bool:
    """Whether the run's first letter is written right to left (Hebrew, Arabic, Syriac,
    Thaana, N'Ko … : the blocks U+0590 to U+08FF and the presentation forms)."""
    letter = next((c for c in text if c.isalpha()), "")
    return "\u0590" <= letter <= "\u08ff" or "\ufb1d" <= letter <= "\ufdff" or \
        "\ufe70" <= letter <= "\ufeff"


def _direction(font: ImageFont.FreeTypeFont, direction: str) -> str | None:
    """The direction argument where the layout engine takes one (Raqm)."""
    return direction if font.layout_engine == ImageFont.Layout.RAQM else None


#: The band's height and largest type: at a 100 px wide thumbnail (a sixteenth) its letters
#: are still about 11 px tall, as large as the title's.
BAND_HEIGHT = 250
BAND_TEXT = 200


def _draw_band(draw: ImageDraw.ImageDraw, label: str, faces: Sequence[FontFile], width: int,
               rtl: bool = False) -> None:
    """A full-width band in the accent colour across the top, the label centred on it."""
    draw.rectangle((0, 0, WIDTH, BAND_HEIGHT), fill=ACCENT)
    size = BAND_TEXT
    font = _font(faces, size, rtl)
    while size > 60 and font.getlength(label) > width:
        size -= 10
        font = _font(faces, size, rtl)
    left, top, right, bottom = font.bbox(label)
    x = (WIDTH - (right - left)) // 2 - left
    y = (BAND_HEIGHT - (bottom - top)) // 2 - top
    font.draw(draw, y, label, BACKGROUND, x=x)  # dark blue on amber: 6.1:1


def _font(faces: Sequence[FontFile], size: int, rtl: bool = False) -> Setting:
    return Setting(faces, size, rtl)


def fit_title(title: str, faces: Sequence[FontFile], width: int,
              rtl: bool = False) -> tuple[Setting, list[str]]:
    """The largest size from 150 px down at which the title takes at most four lines, each
    phrase whole if any size allows it (else broken between characters)."""
    for whole in (True, False):
        for size in range(150, 80, -10):
            font = _font(faces, size, rtl)
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


def wrap_phrases(text: str, font: Setting, width: int, *,
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


def wrap(text: str, font: Setting, width: int) -> list[str]:
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


def _draw_lines(draw: ImageDraw.ImageDraw, lines: Sequence[str], font: Setting, top: int,
                leading: float, fill: tuple[int, int, int]) -> int:
    """Draw lines from ``top``; returns the y below the last line."""
    step = int(font.size * leading)
    for i, line in enumerate(lines):
        font.draw(draw, top + i * step, line, fill)
    return top + len(lines) * step
