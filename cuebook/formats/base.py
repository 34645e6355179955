"""What every format receives and gives back: the writer protocol and its context."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cuebook.diagnostics import CuebookError, Diagnostic, Severity
from cuebook.formats.options import Section, resolve
from cuebook.products import Products, Supplied

if TYPE_CHECKING:
    from cuebook.book.model import Book


@dataclass(frozen=True)
class WriterContext:
    """Everything a writer may use besides the book: no globals, passed explicitly."""

    out_dir: Path
    project_dir: Path  # where templates/ and styles/ live
    source_date_epoch: int
    strict: bool = False
    paper: str | None = None  # overrides book.yaml's output.paper
    #: Every format's checked options (cuebook.formats.options), by section and key:
    #: {"cards": {"size": CardSize…}, "anki": {"id": …}}; None when the writer is used on its
    #: own: it then reads book.yaml and ``flags`` itself.
    options: Mapping[str, Mapping[str, Any]] | None = None
    #: Format flags as given on the command line: {"cards.size": "a7"}.
    flags: Mapping[str, Any] = field(default_factory=dict)
    log: logging.Logger = logging.getLogger("cuebook")
    #: What the formats make for each other, the run's jobs and the on-disk store (where a
    #: writer also keeps what it learned for later builds): :mod:`cuebook.products`.
    products: Products = field(default_factory=Products, compare=False)
    #: Hears of an output complete before the job ends (:meth:`written`); set by the engine.
    on_written: Callable[[Path], None] = field(default=lambda path: None, compare=False)

    def written(self, path: Path) -> None:
        """``path``, one of the job's outputs, is complete ahead of the others (the site's
        reading page, which the open preview shows at once): the run hears of it now, not when
        the job ends."""
        self.on_written(path)

    def need(self, product: str, book: Book, *, as_built: bool = False) -> Supplied:
        """A product another format provides (:mod:`cuebook.products`): from this run, the
        store, or computed here; ``as_built``: as the provider's output in the output folder
        was made, when this run does not make it."""
        return self.products.need(self, product, book, as_built)

    def provide(self, product: str, book: Book, key: str, value: Any,
                output: Path | None = None) -> None:
        """Hand a product this writer made to the formats that need it (with ``output``:
        once that file is written, record that it was made from it)."""
        self.products.provide(product, book, key, value, output)

    def memory(self, book: Book, name: str) -> Path | None:
        """Where a writer keeps what it learned for later builds of the book (the cards' fit
        of each face), so an edit redoes only what it touched; None: nothing is kept."""
        store = self.products.store
        return None if store is None else store.memory(book.slug, name)

    def paper_for(self, book: Book) -> str:
        """The handout's paper: ``--paper``, else book.yaml's ``output.paper`` (checked)."""
        return self.paper or book.config.paper

    def values(self, section: Section | str, book: Book) -> Mapping[str, Any]:
        """A format's options, typed: as the pipeline checked them, else read here (every
        error raised at once). By its section, or by the section's name when a writer needs a
        value another format declares (the site shows the e-book's cover) without importing
        that format."""
        if isinstance(section, str):
            from cuebook.formats.registry import FORMATS  # the registry imports this module

            section = FORMATS[section].options or Section(section, ())
        if self.options is not None:
            return self.options.get(section.name, {})
        resolved = resolve(section, book.config, self.flags, self.paper_for(book), book)
        self.report(resolved.problems)
        return resolved.values

    def report(self, problems: Sequence[Diagnostic]) -> None:
        """The one policy for what a writer finds while writing: an error fails the job, a
        warning is logged, or fails the job too with ``--strict``; all of them together."""
        if any(p.severity is Severity.ERROR for p in problems) or (problems and self.strict):
            raise CuebookError(list(problems))
        for problem in problems:
            self.log.warning("%s", problem)


class Writer(Protocol):
    """A format's writer: the one parsed book in, the files it wrote out."""

    def write(self, book: Book, ctx: WriterContext) -> list[Path]: ...
