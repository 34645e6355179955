"""Reading source files: bytes in, clean text out, or a located diagnostic.

Everything a book supplies passes through :func:`read_text`, so that encodings, byte-order marks,
line ends, binaries, control characters and oversized or endless files are handled in one place;
:func:`survey_book` looks at the whole folder first, for links out of it and for its size.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.output import is_output_folder
from cuebook.safety.limits import MAX_BOOK_BYTES, MAX_BOOK_FILES, MAX_SOURCE_BYTES, size_text

__all__ = ["MAX_SOURCE_BYTES", "SourceText", "decode_text", "display_path", "read_text",
           "survey_book", "without_xml_unsafe", "xml_unsafe"]

#: Characters XML 1.0 forbids: an e-book holding one is not well-formed, and lxml refuses it.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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


def xml_unsafe(text: str) -> re.Match[str] | None:
    """The first character XML 1.0 cannot hold (C0 controls but tab and line ends, U+FFFE…)."""
    return _XML_UNSAFE.search(text)


def without_xml_unsafe(text: str) -> str:
    return _XML_UNSAFE.sub("", text)


def read_text(path: Path, diags: Diagnostics, *,
              limit: int = MAX_SOURCE_BYTES) -> SourceText | None:
    """Read a UTF-8 text file; on any problem add a diagnostic and return ``None``."""
    shown = display_path(path)
    data = read_regular(path, SourceLocation(shown), diags, limit=limit)
    return None if data is None else decode_text(data, path, shown, diags)


def read_regular(path: Path, where: SourceLocation, diags: Diagnostics, *,
                 limit: int, code: str = "file") -> bytes | None:
    """A regular file's bytes, at most ``limit`` of them; else a diagnostic at ``where``, coded
    ``{code}.unreadable``, ``{code}.not-regular`` or ``{code}.too-large``."""
    try:
        info = path.stat()
    except (OSError, ValueError) as exc:
        diags.error(where, f"cannot read {path.name}: {getattr(exc, 'strerror', None) or exc}",
                    f"{code}.unreadable")
        return None
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device (/dev/zero) would block or never end: never open one.
        diags.error(where, "not a regular file" if code == "file" else
                    f"{path.name} is not a regular file", f"{code}.not-regular")
        return None
    if info.st_size > limit:
        diags.error(where, f"{'file' if code == 'file' else path.name} is {info.st_size:,} "
                    f"bytes; the limit is {size_text(limit)}", f"{code}.too-large")
        return None
    try:
        with path.open("rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is still caught.
            data = handle.read(limit + 1)
    except OSError as exc:
        diags.error(where, f"cannot read {path.name}: {exc.strerror or exc}",
                    f"{code}.unreadable")
        return None
    if len(data) > limit:
        diags.error(where, f"{path.name} is over the limit of {size_text(limit)}",
                    f"{code}.too-large")
        return None
    return data


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
    bad = xml_unsafe(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        diags.error(SourceLocation(shown, line, col),
                    f"character U+{ord(bad.group()):04X} (a control character) in the text; "
                    "remove it: e-books are XML, which cannot hold it", "file.control-char")
        return None
    return SourceText(path, shown, text)


def survey_book(root: Path, diags: Diagnostics) -> bool:
    """Look at the whole book folder before reading any of it; ``False`` if it is refused.

    A symbolic link that leads out of the folder (``notes.md -> ~/.ssh/id_rsa``, ``images ->
    /``) is an error wherever it is, used or not: a book from a pull request must not be able to
    make the build read someone's files. The folder's total size and file count are bounded too.
    """
    root = root.resolve()
    total, count, ok = 0, 0, True
    for folder, dirs, files in os.walk(root, followlinks=False):
        # A book kept in its own repository has a .git folder: git's own, never read; a book
        # built in place has its output folder inside: cuebook's own.
        dirs[:] = [d for d in dirs if d != ".git" and not is_output_folder(Path(folder, d))]
        for name in sorted(dirs + files):
            path = Path(folder, name)
            count += 1
            if path.is_symlink():
                ok &= _link_stays_inside(path, root, diags)
            elif name in files:
                total += _regular_size(path)
        if count > MAX_BOOK_FILES:
            break  # no need to walk a million files to know there are too many
    if count > MAX_BOOK_FILES or total > MAX_BOOK_BYTES:
        diags.error(SourceLocation(display_path(root)),
                    f"the book folder holds {count:,} files and {total:,} bytes (or more); the "
                    f"limits are {MAX_BOOK_FILES:,} files and {size_text(MAX_BOOK_BYTES)}",
                    "book.too-large")
        ok = False
    return ok


def _link_stays_inside(path: Path, root: Path, diags: Diagnostics) -> bool:
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        target = None
    if target is not None and target.is_relative_to(root):
        return True
    shown = os.readlink(path) if target is not None else "itself (a loop)"
    diags.error(SourceLocation(display_path(path)),
                f"symbolic link to {shown} leads out of the book folder", "file.outside-book")
    return False


def _regular_size(path: Path) -> int:
    try:
        info = path.lstat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0
