"""Reading source files: bytes in, clean text out, or a located diagnostic.

Everything a book supplies passes through :func:`read_text`, so that encodings, byte-order marks,
line ends, binaries and oversized or endless files are handled in one place.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics, SourceLocation

#: A Markdown or YAML file larger than this is refused (a book of 1,000 questions is ~2 MB).
MAX_SOURCE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    path: Path
    display: str
    text: str


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    cwd = Path.cwd()
    return str(absolute.relative_to(cwd)) if absolute.is_relative_to(cwd) else str(absolute)


def _line_col_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def read_text(path: Path, diags: Diagnostics) -> SourceText | None:
    """Read a UTF-8 text file; on any problem add a diagnostic and return ``None``."""
    shown = display_path(path)
    where = SourceLocation(shown)
    try:
        info = path.stat()
    except OSError as exc:
        diags.error(where, f"cannot read file: {exc.strerror or exc}", "file.unreadable")
        return None
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device would block or never end: never open one.
        diags.error(where, "not a regular file", "file.not-regular")
        return None
    if info.st_size > MAX_SOURCE_BYTES:
        limit = MAX_SOURCE_BYTES // (1024 * 1024)
        diags.error(where, f"file is {info.st_size:,} bytes; the limit is {limit} MiB",
                    "file.too-large")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        diags.error(where, f"cannot read file: {exc.strerror or exc}", "file.unreadable")
        return None
    return decode_text(data, path, shown, diags)


def decode_text(data: bytes, path: Path, shown: str, diags: Diagnostics) -> SourceText | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.error(SourceLocation(shown), "file is UTF-16; save it as UTF-8", "file.encoding")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col_of_offset(data, nul)
        diags.error(SourceLocation(shown, line, col),
                    f"file looks binary (NUL byte at offset {nul}); expected UTF-8 text",
                    "file.binary")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_offset(data, exc.start)
        diags.error(SourceLocation(shown, line, col),
                    f"invalid UTF-8 at byte offset {exc.start} (byte 0x{data[exc.start]:02x}); "
                    "save the file as UTF-8", "file.encoding")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path, shown, text)
