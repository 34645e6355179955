"""The build's clock, from which every date and time in the outputs comes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: Used when SOURCE_DATE_EPOCH is unset outside git: 2024-01-01T00:00:00Z, so builds are
#: reproducible.
DEFAULT_EPOCH = 1704067200


class ClockError(ValueError):
    """SOURCE_DATE_EPOCH holds something that is not a time."""


def source_date_epoch(book_dir: Path) -> int:
    """SOURCE_DATE_EPOCH when set; else the book's last commit; with uncommitted edits, the
    newest file of the book if later (Anki only takes a re-imported note that is newer than its
    own copy, so the clock must move forward when the book changes); outside git, a fixed date
    (2024-01-01), so copies of a book build to the same bytes anywhere.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        try:
            return int(value)
        except ValueError as exc:
            raise ClockError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got "
                             f"{value!r}") from exc
    committed = _git(book_dir, "log", "-1", "--format=%ct", "--", ".")
    if not committed:
        return DEFAULT_EPOCH
    if _git(book_dir, "status", "--porcelain", "--", ".") == "":
        return int(committed)
    files = [p for p in book_dir.rglob("*") if p.is_file() and
             not any(part.startswith(".") for part in p.relative_to(book_dir).parts)]
    return max([int(committed), *(int(p.stat().st_mtime) for p in files)])


def _git(cwd: Path, *args: str) -> str | None:
    """What a git command prints, or None outside a repository or without git."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
