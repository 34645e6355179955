"""Images a book names: what each really is, how big, and whether it decodes, before any writer.

An image goes into the PDF (WeasyPrint decodes it), the e-book and the Anki deck (copied as
is). So each one is read once here, with limits, and must be what its name says: a ``.png``
that holds HTML, a "PNG bomb" that declares 900 million pixels in 100 KB, a truncated JPEG or
an SVG that loads something from elsewhere is a located error, not a surprise in an output.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.safety.css import DATA_IMAGE, stylesheet_urls
from cuebook.safety.limits import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_SVG_USE_DRAWN
from cuebook.safety.sources import read_regular

#: File suffix -> the format the file must hold (Pillow's name; "SVG" is read here).
SUFFIX_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF",
                  ".webp": "WEBP", ".svg": "SVG"}
MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif",
               "WEBP": "image/webp", "SVG": "image/svg+xml"}
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"),
          (b"GIF89a", "GIF"))
_SVG_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>\[]*(\[.*?\])?\s*>\s*)?"
    rb"(<!--.*?-->\s*)*<svg[\s>]", re.S | re.I)
_PILLOW_PIXELS = re.compile(r"\((\d+) pixels\)")
#: SVG elements that run script, embed other documents or animate an address.
_SVG_FORBIDDEN = {"script", "foreignObject", "iframe", "handler", "listener", "set", "animate",
                  "animateMotion", "animateTransform", "discard"}
_XLINK = "{http://www.w3.org/1999/xlink}"
_STRICT = threading.Lock()


@dataclass(frozen=True)
class ImageInfo:
    format: str  # "PNG", "JPEG", "GIF", "WEBP" or "SVG"
    width: int  # 0 for SVG: drawn as vectors, never decoded to pixels
    height: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


def inspect_image(path: Path, where: SourceLocation, diags: Diagnostics) -> ImageInfo | None:
    """Read and check the image at ``path``; a diagnostic at ``where`` for each problem."""
    expected = SUFFIX_FORMATS.get(path.suffix.lower())
    if expected is None:
        diags.error(where, f"image '{path.name}' is not PNG, JPEG, GIF, WebP or SVG (by its "
                    "name)", "image.format")
        return None
    data = read_regular(path, where, diags, limit=MAX_IMAGE_BYTES, code="image")
    if data is None:
        return None
    actual = sniff(data)
    if actual != expected:
        held = f"{actual} data" if actual else "something that is not an image"
        diags.error(where, f"image '{path.name}' holds {held}; its name says {expected}",
                    "image.format")
        return None
    problem = _svg_problem(data) if actual == "SVG" else None
    if problem is not None:
        diags.error(where, f"SVG image '{path.name}' {problem}", "image.svg-unsafe")
        return None
    return ImageInfo("SVG", 0, 0) if actual == "SVG" else _raster(data, actual, path, where,
                                                                   diags)


def sniff(data: bytes) -> str | None:
    """The format the bytes hold, by their signature (not by the file's name)."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if _SVG_START.match(data[:4096].removeprefix(b"\xef\xbb\xbf")):
        return "SVG"
    return None


def _raster(data: bytes, fmt: str, path: Path, where: SourceLocation,
            diags: Diagnostics) -> ImageInfo | None:
    # Imported here: a book without pictures (or a run with nothing to rebuild) skips Pillow.
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow warns, then refuses, on its own (higher) bomb limits: both mean too large.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[fmt])  # reads the header only
            width, height = image.size
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            found = _PILLOW_PIXELS.search(str(exc))
            size = f"{int(found.group(1)):,} pixels" if found else "too many pixels"
            _too_large(path, size, where, diags)
            return None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            diags.error(where, f"image '{path.name}' cannot be read: {exc}", "image.corrupt")
            return None
    if width * height > MAX_IMAGE_PIXELS:
        _too_large(path, f"{width:,}×{height:,} pixels", where, diags)
        return None
    try:
        with _strict_decoding():
            image.load()  # decode it all: a truncated or damaged file fails here
    except Exception as exc:  # Pillow's decoders raise many kinds; all mean "corrupt"
        diags.error(where, f"image '{path.name}' cannot be decoded: {exc}", "image.corrupt")
        return None
    return ImageInfo(fmt, width, height)


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Pillow refusing truncated files while we decode.

    WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the whole process when it is
    imported, after which a JPEG cut in half "decodes" to a grey block without a word.
    """
    from PIL import ImageFile

    with _STRICT:
        saved = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _too_large(path: Path, size: str, where: SourceLocation, diags: Diagnostics) -> None:
    diags.error(where, f"image '{path.name}' is {size}; the limit is "
                f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels", "image.too-large")


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG may not be used, or ``None``: it must be self-contained and script-free."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.I):
        return "declares a DOCTYPE or entities (which can expand or load files)"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"is not well-formed XML ({exc})"
    for element in root.iter():
        problem = _element_problem(element)
        if problem is not None:
            return problem
    return _use_problem(root)


def _use_problem(root: ET.Element) -> str | None:
    """Why the SVG's ``<use>`` references draw too much (a "billion laughs" of nine levels of
    ten references each hangs WeasyPrint), or ``None``. Each element drawn through a ``<use>``
    counts, however deeply the references nest; a reference that leads back to itself too."""
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    drawn: dict[int, int] = {}  # id(element) -> elements it draws, <use> expanded
    written: dict[int, int] = {}  # id(element) -> elements the file holds under it
    order: list[tuple[ET.Element, bool]] = [(root, False)]
    open_now: set[int] = set()
    while order:  # post-order without recursion: a deep SVG is one loop
        element, done = order.pop()
        key = id(element)
        if done:
            open_now.discard(key)
            target = _use_target(element, by_id)
            total = 1 + sum(drawn[id(c)] for c in element) + (drawn[id(target)] if target is
                                                                 not None else 0)
            drawn[key] = total
            written[key] = 1 + sum(written[id(c)] for c in element)
            if total - written[key] > MAX_SVG_USE_DRAWN:
                return (f"draws more than {MAX_SVG_USE_DRAWN:,} elements through <use> "
                        "references (a reference bomb)")
            continue
        if key in drawn:
            continue
        if key in open_now:
            return "has a <use> reference that leads back to itself"
        open_now.add(key)
        order.append((element, True))
        target = _use_target(element, by_id)
        for child in [*element, *([target] if target is not None else [])]:
            if id(child) in open_now:
                return "has a <use> reference that leads back to itself"
            if id(child) not in drawn:
                order.append((child, False))
    return None


def _use_target(element: ET.Element, by_id: dict[str | None, ET.Element]) -> ET.Element | None:
    if str(element.tag).rsplit("}", 1)[-1] != "use":
        return None
    reference = element.get("href") or element.get(f"{_XLINK}href") or ""
    return by_id.get(reference.strip()[1:]) if reference.strip().startswith("#") else None



def _element_problem(element: ET.Element) -> str | None:
    name = str(element.tag).rsplit("}", 1)[-1]
    if name in _SVG_FORBIDDEN:
        return f"contains <{name}>, which can run script, embed or animate a document"
    for key, value in element.attrib.items():
        attribute = key.replace(_XLINK, "xlink:").rsplit("}", 1)[-1]
        if attribute.lower().startswith("on"):
            return f"has an event handler ({attribute}=…)"
        if attribute in ("href", "xlink:href", "src") and not _inside(value):
            return f"refers to '{value[:60]}': an SVG must be self-contained"
        if _refers_out(value):  # style="…", and fill, mask, filter … = url(…)
            return f"has an attribute {attribute}=… that loads something from elsewhere"
    if name == "style" and len(element):
        return "has a <style> that holds elements (its text could hide a rule)"
    if name == "style" and _refers_out("".join(element.itertext())):
        return "has a <style> that loads something from elsewhere"
    return None


def _inside(reference: str) -> bool:
    """``#id`` or a data: image: nothing is fetched."""
    return reference.strip().startswith("#") or bool(DATA_IMAGE.match(reference))


def _refers_out(css: str) -> bool:
    return any(not _inside(item.url) for item in stylesheet_urls(css))
