"""Writing outputs: atomically (a reader never sees a half-written file), one build at a time
per output folder."""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


#: The lock file every build takes in its output folder; a folder holding one is an output
#: folder, which a book's survey and the cache skip (a book built in place writes into itself).
LOCK_NAME = ".cuebook.lock"


@contextmanager
def locked(out_dir: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """One build at a time per output folder: a second one waits instead of interleaving."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_NAME, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        _remove_stale_temporaries(out_dir)
        yield


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a killed build (the lock says no build is running now)."""
    for path in out_dir.rglob(".*.tmp"):
        path.unlink(missing_ok=True)


def is_output_folder(path: Path) -> bool:
    return (path / LOCK_NAME).is_file()
