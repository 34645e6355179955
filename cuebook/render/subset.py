"""Font subsetting: a face cut down to exactly the characters a book shows.

An e-reader without a CJK font draws Chinese as boxes, so the EPUB carries its own faces; a whole
Noto CJK face is 16–25 MB, a subset for a 500-character book about 170–250 KB. HarfBuzz's
subsetter (uharfbuzz) does one face in ~0.01 s where fontTools took 2.4 s (FACTS.md).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import uharfbuzz as hb

from cuebook.render.fonts import FontFile

#: Name records kept: family, style, unique id, full name, version, PostScript name (0–6) and
#: the licence text and URL (13, 14): the SIL OFL asks that a modified font keep its licence.
_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


@dataclass(frozen=True)
class Subset:
    """A subset face as embedded: its OpenType bytes and the characters it maps."""

    source: FontFile
    data: bytes
    characters: frozenset[str]

    @property
    def media_type(self) -> str:
        # Noto CJK is CFF-flavoured OpenType; font/otf is an EPUB 3.3 core media type.
        return "font/otf" if self.data[:4] == b"OTTO" else "font/ttf"

    @property
    def extension(self) -> str:
        return "otf" if self.media_type == "font/otf" else "ttf"


class SubsetError(Exception):
    """HarfBuzz could not subset the face (a corrupt or unsupported font file)."""


def subset_font(font: FontFile, characters: Iterable[str]) -> Subset:
    """``font`` cut down to the glyphs of ``characters`` (those it has; others are dropped)."""
    wanted = frozenset(characters) & cmap_characters(font)
    blob = hb.Blob.from_file_path(str(font.path))
    face = hb.Face(blob, font.index)
    spec = hb.SubsetInput()
    spec.unicode_set.update(ord(c) for c in wanted)
    spec.name_id_set.update(_NAME_IDS)
    result = hb.subset(face, spec)
    if result is None:
        raise SubsetError(f"HarfBuzz could not subset {font.path} (face {font.index})")
    return Subset(font, bytes(result.blob.data), wanted)


@functools.lru_cache(maxsize=16)
def cmap_characters(font: FontFile) -> frozenset[str]:
    """The characters a face (in a .ttc, the face at ``font.index``) has a glyph for.

    HarfBuzz reads a CJK cmap in about a millisecond; fontTools took about 0.1 s a face."""
    face = hb.Face(hb.Blob.from_file_path(str(font.path)), font.index)
    return frozenset(chr(code) for code in face.unicodes)
