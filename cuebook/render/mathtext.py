"""Text in a formula that the math font cannot draw, drawn in the book's text faces.

Chinese notes write Chinese inside formulas (``\\text{损失}``, ``设X=[x_1,…]，则``); STIX Two
Math has Latin, Greek and Cyrillic but no Han, kana or Hangul. ziamath 0.13 takes every glyph
from its one math font, and ziafont 0.11 reads neither a font collection (``.ttc``) nor a
CID-keyed CFF face (Noto CJK is both). So for the characters a formula needs and the math font
lacks, the book's text faces are cut down to them (HarfBuzz), their outlines converted to
TrueType quadratics (fontTools, as its ``otf2ttf`` recipe does), and ziamath's glyph lookup
is given that face for those characters only, while it draws (:func:`text_glyphs`).

The patch: ``ziamath.mathfont.MathFont.findglyph`` (ziamath 0.13), for a character whose
glyph index in the math font is 0 (no glyph). Guarded by the method's presence: without it the
formula is drawn as ziamath draws it (the check has refused nothing, the font check has made
sure a text face has each character). Retire it when ziamath takes fallback fonts itself.
"""

from __future__ import annotations

import contextlib
import functools
import io
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cuebook.render.fonts import locate
from cuebook.render.subset import cmap_characters, subset_font


@contextlib.contextmanager
def _quietly() -> Iterator[None]:
    """ziamath 0.13 and ziafont 0.11 find their fonts with importlib.resources.path, which
    Python 3.11 deprecates, when they are first imported."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


@functools.lru_cache(maxsize=32)
def text_faces(families: tuple[str, ...], characters: frozenset[str]) -> tuple[Any, ...]:
    """ziafont faces, in the order of ``families``, that together have ``characters`` (each
    face only the characters no earlier family has)."""
    with _quietly():
        import ziafont

    faces = []
    left = set(characters)
    for family in families:
        face = None if "Emoji" in family else locate(family)  # colour bitmaps: no outlines
        if face is None or not left:
            continue
        have = left & cmap_characters(face)
        if not have:
            continue
        left -= have
        data = _truetype(subset_font(face, have).data)
        with tempfile.TemporaryDirectory() as folder:  # ziafont reads a file, all at once
            path = Path(folder, "face.ttf")
            path.write_bytes(data)
            faces.append(ziafont.Font(str(path)))  # type: ignore[attr-defined]
    return tuple(faces)


def _truetype(data: bytes) -> bytes:
    """An OpenType face with CFF outlines (CID-keyed or not) as one with TrueType outlines."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(io.BytesIO(data))
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    outlines = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))  # 1 unit of error
        outlines[name] = pen.glyph()
    if "CFF " in font:
        del font["CFF "]
    for table in ("VORG", "CFF2"):
        if table in font:
            del font[table]
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = outlines
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@contextlib.contextmanager
def text_glyphs(faces: Sequence[Any]) -> Iterator[None]:
    """While drawing: a character the math font has no glyph for comes from ``faces``."""
    with _quietly():
        from ziamath.mathfont import MathFont

    original = getattr(MathFont, "findglyph", None)
    if not faces or original is None:
        yield
        return

    def findglyph(self: Any, char: str, variant: Any) -> Any:
        if self.glyphindex(char) == 0:
            for face in faces:
                if face.glyphindex(char):
                    return face.glyph(char)
        return original(self, char, variant)

    MathFont.findglyph = findglyph  # type: ignore[method-assign]
    try:
        yield
    finally:
        MathFont.findglyph = original  # type: ignore[method-assign]
