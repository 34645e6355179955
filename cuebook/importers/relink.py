"""Images and links of Markdown written by someone else, made to work inside the new book.

A local image is carried into ``media/`` (if it lies inside the source folder) and relinked; a
remote image is never fetched: it becomes a link to its address. Links to headings are mapped
to the new ids; links to files the book does not carry become their text.
"""

from __future__ import annotations

import bisect
import re
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers.media import MediaBox
from cuebook.safety.limits import MAX_IMAGE_BYTES

_IMAGE = re.compile(r'!\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"\n]*")?\s*\)')
_LINK = re.compile(r'(?<!!)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"\n]*")?\s*\)')
#: Anchors of a README's table of contents and top, which the import leaves out on purpose.
_CONTENTS_ANCHORS = {"table-of-contents", "contents", "toc", "top", "目录", "目錄"}
#: A fenced block (closed, or running to the end) or a code span.
_CODE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ \t]*\1[`~]*[ \t]*$"
                   r"|^[ \t]*(?:`{3,}|~{3,}).*\Z|(`+)(?!`).+?(?<!`)\2(?!`)", re.M | re.S)
_WEB = re.compile(r"^(https?:|mailto:)", re.I)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.I)


def relink(markdown: str, where: Callable[[int], SourceLocation], *, base: Path, root: Path,
           media: MediaBox, anchors: Mapping[str, str], files: Mapping[Path, str],
           diags: Diagnostics) -> str:
    """``where(offset)`` locates a diagnostic at a character offset of ``markdown``."""

    def image(match: re.Match[str]) -> str:
        alt, target = match.group(1), match.group(2)
        at = where(match.start())
        if _SCHEME.match(target):
            diags.warning(at, f"image '{target[:80]}' is on the web: not fetched, linked "
                          "instead", "import.remote-image")
            return f"[{alt or 'image'}]({target})" if _WEB.match(target) else alt
        path = _inside(base, root, target)
        if path is None or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
            diags.warning(at, f"image '{target}' is missing, outside the source folder or "
                          "too large: its alt text is kept", "import.media-missing")
            return alt
        new = media.add(path.name, path.read_bytes(), at, diags)
        # An image needs words for screen readers (WeasyPrint warns without): its file name.
        alt = alt or re.sub(r"[_-]+", " ", path.stem).strip() or "image"
        return f"![{alt}]({new})" if new else alt

    def link(match: re.Match[str]) -> str:
        text, target = match.group(1), match.group(2)
        if _WEB.match(target):
            return match.group(0)
        if target.startswith("#"):
            # A bank's anchors are mapped to the new ids (a link to its table of contents,
            # which is gone, becomes text); a notes page's are kept for cuebook to resolve.
            wanted = urllib.parse.unquote(target[1:])
            anchor = anchors.get(wanted.lower()) if anchors else wanted
            if anchor:
                return f"[{text}](#{anchor})"
            if wanted.lower() not in _CONTENTS_ANCHORS:
                diags.warning(where(match.start()), f"link to '#{wanted[:80]}' leads to no "
                              "question or chapter: its text is kept", "import.link")
            return text
        page, _, fragment = target.partition("#")
        path = _inside(base, root, page)
        if path is not None and path in files:
            anchor = anchors.get(fragment.lower(), fragment) if fragment else ""
            return f"[{text}]({files[path]}{'#' + anchor if anchor else ''})"
        diags.warning(where(match.start()), f"link to '{target[:80]}' leads to nothing the "
                      "book carries: its text is kept", "import.link")
        return text

    # Images first: a linked badge, [![alt](img)](url), is an image inside a link.
    return _outside_code(_LINK, link, _outside_code(_IMAGE, image, markdown))


def _outside_code(pattern: re.Pattern[str], rewrite: Callable[[re.Match[str]], str],
                  text: str) -> str:
    """``pattern.sub(rewrite, text)`` except in code: ``![x](y)`` in a fence or a code span
    is an example, not an image."""
    spans = [m.span() for m in _CODE.finditer(text)]
    starts = [start for start, _ in spans]

    def guarded(match: re.Match[str]) -> str:
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0 and match.start() < spans[index][1]:
            return match.group(0)
        return rewrite(match)

    return pattern.sub(guarded, text)


def _inside(base: Path, root: Path, target: str) -> Path | None:
    """The file a relative address names, if it is inside ``root`` (symbolic links followed)."""
    if not target or _SCHEME.match(target) or target.startswith(("/", "\\")):
        return None
    path = (base / urllib.parse.unquote(target)).resolve()
    return path if path.is_relative_to(root.resolve()) else None
