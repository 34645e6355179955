"""What every format receives and gives back: the writer protocol and its context."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cuebook.book.model import Book


@dataclass(frozen=True)
class WriterContext:
    """Everything a writer may use besides the book: no globals, passed explicitly."""

    out_dir: Path
    project_dir: Path  # where templates/ and styles/ live
    source_date_epoch: int
    strict: bool = False
    paper: str | None = None  # overrides book.yaml's output.paper
    #: The format's validated options (cuebook.formats.options), by key: "size" -> CardSize.
    options: Mapping[str, Any] = field(default_factory=dict)
    #: A folder where one writer may leave what another can reuse in the same build (the
    #: handout's page map for the EPUB page-list); None: nothing is shared.
    artifacts: Path | None = None
    log: logging.Logger = logging.getLogger("cuebook")


class Writer(Protocol):
    """A format's writer: the one parsed book in, the files it wrote out."""

    def write(self, book: Book, ctx: WriterContext) -> list[Path]: ...
