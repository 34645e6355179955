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


#: A ``.git/config`` is a few hundred bytes: a larger one is not read.
_MAX_GIT_CONFIG = 64 * 1024


def repository_owner(folder: Path) -> str:
    """The owner of the repository a folder was cloned from, as its ``.git/config`` names the
    ``origin`` remote (``https://host/OWNER/REPO``, ``git@host:OWNER/REPO``): who wrote a
    README bank, as far as the source says. Empty when it is no clone or says nothing."""
    config = folder / ".git" / "config"
    try:
        if not config.is_file() or config.stat().st_size > _MAX_GIT_CONFIG:
            return ""
        text = config.read_text("utf-8", errors="replace")
    except OSError:
        return ""
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            section = line
        elif section == '[remote "origin"]' and line.startswith("url") and "=" in line:
            return _owner(line.split("=", 1)[1].strip())
    return ""


def _owner(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else url
    rest = rest.split("@", 1)[-1]  # user@host
    host_end = min((i for i in (rest.find("/"), rest.find(":")) if i >= 0), default=-1)
    if host_end < 0:
        return ""
    parts = [p for p in rest[host_end + 1:].split("/") if p]
    owner = parts[0] if len(parts) >= 2 else ""
    return owner if owner.replace("-", "").replace("_", "").replace(".", "").isalnum() else ""
