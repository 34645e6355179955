"""Images over the book's image limit, scaled down to fit it instead of left out.

Notes sites keep full-size screenshots and photos (12 MB PNGs, 6000-pixel-wide JPEGs) that the
book would refuse. An import re-encodes such an image, in its own format, smaller: its longest
side first brought to :data:`_LONGEST_SIDE` (wider than an A4 page at 200 dpi) or to what its
bytes suggest will fit, then cut by a fifth at a time until the file fits the image limits.
What was done is said in a warning.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cuebook.safety.images import sniff
from cuebook.safety.limits import (
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS,
    MAX_SCALABLE_IMAGE_BYTES,
    MAX_SCALABLE_IMAGE_PIXELS,
)

if TYPE_CHECKING:
    from PIL import Image

#: Wider than an A4 page's text at 200 dpi (~1,300 px) and a phone screen at 3x (~1,200 px).
_LONGEST_SIDE = 2400
#: Below this a picture is a thumbnail no one can read: left out instead.
_SMALLEST_SIDE = 480
#: Formats re-encoded; a GIF (often animated) or an SVG over the limit is left out.
_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WEBP"}


@dataclass(frozen=True)
class Scaled:
    data: bytes
    before: tuple[int, int, int]  # width, height, bytes
    after: tuple[int, int, int]

    def how(self) -> str:
        """``from 6000×4000, 14,210 KB to 2400×1600, 1,032 KB``."""
        return f"from {_size(self.before)} to {_size(self.after)}"


def _size(size: tuple[int, int, int]) -> str:
    width, height, length = size
    return f"{width}×{height}, {-(-length // 1024):,} KB"


def needs_scaling(data: bytes) -> bool:
    """Whether the image is over the book's image limits (its bytes, or the pixels its
    header declares)."""
    if len(data) > MAX_IMAGE_BYTES:
        return True
    dims = _dimensions(data)
    return dims is not None and dims[0] * dims[1] > MAX_IMAGE_PIXELS


def scale_down(data: bytes, most: int = MAX_IMAGE_BYTES) -> Scaled | None:
    """The image re-encoded within the image limits and ``most`` bytes, or None when it
    cannot be (not a PNG, JPEG or WebP, over :data:`MAX_SCALABLE_IMAGE_BYTES` or ``_PIXELS``,
    unreadable, or not within them at :data:`_SMALLEST_SIDE` pixels)."""
    most = min(most, MAX_IMAGE_BYTES)
    fmt = _FORMATS.get(sniff(data) or "")
    dims = _dimensions(data)
    if fmt is None or dims is None or len(data) > MAX_SCALABLE_IMAGE_BYTES or \
            dims[0] * dims[1] > MAX_SCALABLE_IMAGE_PIXELS:
        return None
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[sniff(data) or ""])
            image.draft("RGB", (_LONGEST_SIDE, _LONGEST_SIDE))  # a JPEG decodes smaller
            image.load()
    except Exception:  # Pillow's decoders raise many kinds; all mean "cannot be scaled"
        return None
    plain = _plain_mode(image, fmt)
    side = min(_LONGEST_SIDE, max(plain.size))
    if len(data) > most:
        # Bytes go with the pixels: a first guess at the side that fits saves an encoding
        # (a second of zlib for a 10 MB picture) per try.
        side = min(side, int(max(dims) * math.sqrt(most / len(data)) * 0.9))
    while side >= min(_SMALLEST_SIDE, max(dims)):
        smaller = plain.copy()
        smaller.thumbnail((side, side), Image.Resampling.LANCZOS)
        encoded = _encode(smaller, fmt)
        pixels = smaller.size[0] * smaller.size[1]
        if len(encoded) <= most and pixels <= MAX_IMAGE_PIXELS:
            return Scaled(encoded, (*dims, len(data)), (*smaller.size, len(encoded)))
        side = side * 4 // 5
    return None


def _dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height from the header (nothing decoded), None if it cannot be read."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data)).size
    except Exception:  # not an image Pillow reads (an SVG), or a bomb over Pillow's own limit
        return None


def _plain_mode(image: Image.Image, fmt: str) -> Image.Image:
    """A mode that scales smoothly and that ``fmt`` can write: a palette or 16-bit image as
    RGB(A); a JPEG without alpha."""
    if fmt == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    alpha = "transparency" in image.info or image.mode in ("PA", "RGBa", "La")
    return image.convert("RGBA" if alpha else "RGB")


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "PNG":
        # zlib's default level: optimize=True took 0.6 s instead of 0.23 s on a 2400×1500
        # screenshot of code, for 1.3 % fewer bytes.
        image.save(out, "PNG")
    elif fmt == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
    else:
        image.save(out, "WEBP", quality=85, method=4)
    return out.getvalue()
