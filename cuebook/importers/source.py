"""Reading a source file within limits, as text with the encodings tables really come in."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.safety.limits import size_text


class ImportRefused(Exception):
    """The source cannot be imported at all; the diagnostics say why."""


def read_bytes(path: Path, limit: int, diags: Diagnostics) -> bytes:
    """The file's bytes; refused when it is not a regular file or is over ``limit``."""
    where = SourceLocation(str(path))
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            diags.error(where, "not a regular file", "import.not-regular")
            raise ImportRefused
        if info.st_size > limit:
            diags.error(where, f"the file is over the {size_text(limit)} import limit",
                        "import.too-large")
            raise ImportRefused
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        diags.error(where, f"cannot read: {exc.strerror or exc}", "import.unreadable")
        raise ImportRefused from exc
    if len(data) > limit:  # grew while read, or lied about its size (/proc)
        diags.error(where, f"the file is over the {size_text(limit)} import limit",
                    "import.too-large")
        raise ImportRefused
    return data


def decode(data: bytes, where: SourceLocation, diags: Diagnostics) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with one: what spreadsheet and
    Quizlet exports use. Anything else is refused with the line and byte where it fails."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            diags.error(where, f"not valid UTF-16 at byte {exc.start}", "import.encoding")
            raise ImportRefused from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diags.error(SourceLocation(where.path, line), f"not UTF-8 at byte {exc.start}; save "
                    "the file as UTF-8", "import.encoding")
        raise ImportRefused from exc
