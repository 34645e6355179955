"""Writing outputs atomically: a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place.

    An interrupted or failed build leaves the previous file as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_changed(path: Path, data: bytes) -> Path:
    """Write atomically unless the file already holds these bytes, so an unchanged file keeps
    its modification time (and a web server's caches stay valid)."""
    if not (path.is_file() and path.read_bytes() == data):
        write_atomic(path, data)
    return path
