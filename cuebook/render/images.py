"""A book's local images as an output names them: shared by the e-book and the web site, which
both copy the images beside their pages under plain ASCII names."""

from __future__ import annotations

from pathlib import Path

from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError, Diagnostic, Severity

#: Image types EPUB 3.3 readers must support (core media types), by file suffix; browsers show
#: them all too.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def image_names(book: Book) -> dict[str, str]:
    """Each local image as the HTML names it (relative to the book) -> its name in the output.

    Renamed to ``images/img-N.ext`` in order of first use: package names stay ASCII without
    spaces (EPUBCheck warns on spaces; some readers fail on non-ASCII names).
    """
    names: dict[str, str] = {}
    for fragment, _ in book.fragments():
        for ref in fragment.references:
            if ref.kind != "image" or ref.path is None:
                continue
            try:
                source = ref.path.relative_to(book.root).as_posix()
            except ValueError:
                continue
            if source not in names:
                names[source] = f"images/img-{len(names) + 1}{Path(source).suffix.lower()}"
    return names


def book_file(book: Book, relative: Path, key: str) -> Path:
    """A file an option names (``epub.cover``), which must be inside the book folder."""
    path = (book.root / relative).resolve()
    if not path.is_relative_to(book.root) or not path.is_file():
        raise CuebookError([Diagnostic(book.config.at(key), Severity.ERROR,
                                       f"'{key}' names {relative}, which is not a file in the "
                                       "book folder", key)])
    return path
