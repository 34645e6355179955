"""Media carried into the book's ``media/`` folder under names the importer chooses.

A deck names its media (``<img src="…">``, the package's ``media`` map); a stranger's name may
be a path (``../../.bashrc``, ``C:\\x.png``, ``/etc/passwd``). Only the last component of a name
is kept, reduced to safe characters, and only image types cuebook can build are carried: the
file is written nowhere but ``DEST/media/``.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers.shrink import needs_scaling, scale_down
from cuebook.safety.images import inspect_image
from cuebook.safety.limits import MAX_BOOK_BYTES, MAX_IMAGE_BYTES, MAX_MEDIA_FILES, size_text

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
FOLDER = "media"


def safe_name(name: str) -> str:
    """The last component of ``name`` in letters, digits, ``.``, ``-`` and ``_`` only."""
    last = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^\w.-]+", "_", unicodedata.normalize("NFC", last)).strip("._")
    return cleaned[:80] or "file"


def is_path(name: str) -> bool:
    return bool(re.search(r"[\\/]|^[A-Za-z]:|\.\.", name))


def image_problem(name: str, data: bytes) -> str | None:
    """Why the book would refuse this image (a .png holding HTML, a pixel bomb, a truncated
    file, an SVG that loads something), by the book's own image check; None if it is fine."""
    found = Diagnostics()
    with tempfile.TemporaryDirectory(prefix="cuebook-media-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        inspect_image(path, SourceLocation(name), found)
    messages = [d.message for d in found.items]
    return messages[0].removeprefix("image ").removeprefix("SVG image ") if messages else None


@dataclass
class MediaBox:
    """The media a book takes along: name in ``media/`` -> bytes, and where each came from."""

    files: dict[str, bytes] = field(default_factory=dict)
    chosen: dict[str, str] = field(default_factory=dict)  # the source's name -> ours
    refused: set[str] = field(default_factory=set)  # reported once, then left out quietly
    _taken: set[str] = field(default_factory=set)  # our names, casefolded
    _last: dict[str, int] = field(default_factory=dict)  # casefolded name -> last number given
    _bytes: int = 0

    def add(self, name: str, data: bytes | None, where: SourceLocation,
            diags: Diagnostics) -> str | None:
        """Carry one file; its Markdown path (``media/x.png``), or None when it is refused.
        ``data`` None: the file was not read whole, being over the limit of what an import
        scales down. An image over the image limit is scaled down to it (and that said)."""
        if name in self.chosen:
            return f"{FOLDER}/{self.chosen[name]}"
        if name in self.refused:
            return None
        found = self._carry(name, data, where, diags)
        if found is None:
            self.refused.add(name)
        return found

    def _carry(self, name: str, data: bytes | None, where: SourceLocation,
               diags: Diagnostics) -> str | None:
        ours = safe_name(name)
        if is_path(name):
            diags.warning(where, f"media name '{name}' is a path: only its file name "
                          f"'{ours}' is kept", "import.media-path")
        if not ours.lower().endswith(IMAGE_SUFFIXES):
            diags.warning(where, f"media file '{ours}' is not an image cuebook can show "
                          "(PNG, JPEG, GIF, WebP, SVG): left out", "import.media-type")
            return None
        if data is not None and needs_scaling(data):
            scaled = scale_down(data)
            if scaled is not None:
                diags.warning(where, f"media file '{ours}' is over the image limit: scaled "
                              f"down {scaled.how()}", "import.media-scaled")
                data = scaled.data
        if data is None or len(data) > MAX_IMAGE_BYTES:
            diags.warning(where, f"media file '{ours}' is over the image limit and cannot be "
                          "scaled down to it: left out", "import.media-too-large")
            return None
        if len(self.files) >= MAX_MEDIA_FILES:
            diags.warning(where, f"media file '{ours}' would take the book past its "
                          f"{MAX_MEDIA_FILES:,} media files: left out", "import.media-too-many")
            return None
        if self._bytes + len(data) > MAX_BOOK_BYTES:
            # What room is left may still hold it smaller.
            room = MAX_BOOK_BYTES - self._bytes
            scaled = scale_down(data, room) if room > 0 else None
            if scaled is None:
                diags.warning(where, f"media file '{ours}' would take the book past its "
                              f"{size_text(MAX_BOOK_BYTES)} limit: left out",
                              "import.media-too-large")
                return None
            diags.warning(where, f"media file '{ours}' would take the book past its "
                          f"{size_text(MAX_BOOK_BYTES)} limit: scaled down {scaled.how()}",
                          "import.media-scaled")
            data = scaled.data
        problem = image_problem(ours, data)
        if problem is not None:
            diags.warning(where, f"media file {problem}: left out", "import.media-invalid")
            return None
        ours = self._unique(ours)
        self.files[ours] = data
        self._bytes += len(data)
        self.chosen[name] = ours
        return f"{FOLDER}/{ours}"

    def _unique(self, name: str) -> str:
        """``name``, or ``stem-2.png``, ``stem-3.png`` … if taken (case aside); each name's
        last number is remembered, so many files of one name cost one step each."""
        stem, dot, suffix = name.rpartition(".")
        candidate, n = name, self._last.get(name.casefold(), 1)
        while candidate.casefold() in self._taken:
            n += 1
            candidate = f"{stem}-{n}{dot}{suffix}"
        self._last[name.casefold()] = n
        self._taken.add(candidate.casefold())
        return candidate
