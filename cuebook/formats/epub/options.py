"""The e-book's options: ``book.yaml``'s ``epub:`` section."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cuebook.formats.options import Option, Section, book_file, boolean, text

SECTION = Section("epub", (
    Option("quiz", "also write the self-test edition <slug>-quiz.epub (default: true)",
           boolean, True),
    Option("cover", "an image in the book to use as the cover (default: a generated one)",
           book_file, None),
    Option("identifier", "the publication's permanent identifier (default: derived from the "
           "slug)", text, ""),
))


@dataclass(frozen=True)
class EpubOptions:
    quiz: bool = True
    cover: Path | None = None
    identifier: str = ""


def epub_options(values: Mapping[str, Any]) -> EpubOptions:
    cover = values.get("cover")
    return EpubOptions(bool(values.get("quiz", True)), Path(cover) if cover else None,
                       str(values.get("identifier") or ""))
