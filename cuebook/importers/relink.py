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
from cuebook.importers.scan import Link, code_spans, links
from cuebook.safety.limits import MAX_SCALABLE_IMAGE_BYTES

#: Anchors of a README's table of contents and top, which the import leaves out on purpose.
_CONTENTS_ANCHORS = {"table-of-contents", "contents", "toc", "top", "目录", "目錄"}
_WEB = re.compile(r"^(https?:|mailto:)", re.I)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.I)


def relink(markdown: str, where: Callable[[int], SourceLocation], *, base: Path, root: Path,
           media: MediaBox, anchors: Mapping[str, str], files: Mapping[Path, str],
           diags: Diagnostics) -> str:
    """``where(offset)`` locates a diagnostic at a character offset of ``markdown``."""

    def image(match: Link) -> str:
        alt, target = match.text, match.target
        at = where(match.start)
        if _SCHEME.match(target):
            diags.warning(at, f"image '{target[:80]}' is on the web: not fetched, linked "
                          "instead", "import.remote-image")
            return f"[{alt or 'image'}]({target})" if _WEB.match(target) else alt
        path = _inside(base, root, target)
        if path is None or not path.is_file():
            diags.warning(at, f"image '{target}' is missing or outside the source folder: "
                          "its alt text is kept", "import.media-missing")
            return alt
        # (One over the image limit is scaled down, up to the limit of what can be.)
        data = path.read_bytes() if path.stat().st_size <= MAX_SCALABLE_IMAGE_BYTES else None
        new = media.add(path.name, data, at, diags)
        # An image needs words for screen readers (WeasyPrint warns without): its file name.
        alt = alt or re.sub(r"[_-]+", " ", path.stem).strip() or "image"
        return f"![{alt}]({new})" if new else alt

    def link(match: Link) -> str:
        text, target = match.text, match.target
        if _WEB.match(target):
            return match.source
        if target.startswith("#"):
            # A bank's anchors are mapped to the new ids (a link to its table of contents,
            # which is gone, becomes text); a notes page's are kept for cuebook to resolve.
            wanted = urllib.parse.unquote(target[1:])
            anchor = anchors.get(wanted.lower()) if anchors else wanted
            if anchor:
                return f"[{text}](#{anchor})"
            if wanted.lower() not in _CONTENTS_ANCHORS:
                diags.warning(where(match.start), f"link to '#{wanted[:80]}' leads to no "
                              "question or chapter: its text is kept", "import.link")
            return text
        page, _, fragment = target.partition("#")
        page, _, query = page.partition("?")
        if query.startswith("id=") and not fragment:  # docsify's anchors: /page?id=heading
            fragment = query[3:].split("&", 1)[0]
        path = _page(_inside(base, root, page), files)
        if path is not None and path in files:
            anchor = anchors.get(fragment.lower(), fragment) if fragment else ""
            return f"[{text}]({files[path]}{'#' + anchor if anchor else ''})"
        diags.warning(where(match.start), f"link to '{target[:80]}' leads to nothing the "
                      "book carries: its text is kept", "import.link")
        return text

    # Images first: a linked badge, [![alt](img)](url), is an image inside a link.
    return _outside_code(False, link, _outside_code(True, image, markdown))


def _outside_code(images: bool, rewrite: Callable[[Link], str], text: str) -> str:
    """Each image (or link) of ``text`` rewritten, except in code: ``![x](y)`` in a fence or
    a code span is an example, not an image."""
    spans = code_spans(text)
    starts = [start for start, _ in spans]
    pieces, at = [], 0
    for found in links(text, image=images):
        index = bisect.bisect_right(starts, found.start) - 1
        inside = index >= 0 and found.start < spans[index][1]
        pieces += [text[at:found.start], found.source if inside else rewrite(found)]
        at = found.end
    return "".join(pieces) + text[at:]


def _inside(base: Path, root: Path, target: str) -> Path | None:
    """The file a relative address names, if it is inside ``root`` (symbolic links followed).
    An address from the site's root (``/java/jvm.md``, as docsify and GitHub read it) is
    relative to ``root``."""
    if not target or _SCHEME.match(target) or target.startswith("\\"):
        return None
    if target.startswith("/"):
        base, target = root, target.lstrip("/")
    path = (base / urllib.parse.unquote(target)).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def _page(path: Path | None, files: Mapping[Path, str]) -> Path | None:
    """The page a link names: docsify leaves out ``.md`` (``/java/jvm``) and names a
    folder's ``README.md`` by the folder (``/java/``)."""
    if path is None or path in files:
        return path
    for page in (path.with_name(path.name + ".md"), path / "README.md"):
        if page in files:
            return page
    return path
