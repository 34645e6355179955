"""Writers, registered by format name behind one small protocol.

A writer turns the one parsed :class:`~cuebook.model.Book` into files. Adding a format means
adding one module that calls :func:`register`; ``--formats`` only selects keys.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..model import Book

#: Every format cuebook plans to offer, in build order; those not registered are "not available".
PLANNED_FORMATS = ("pdf", "epub", "cards", "anki", "tsv", "site")


@dataclass(frozen=True)
class WriterContext:
    """Everything a writer may use besides the book: no globals, passed explicitly."""

    out_dir: Path
    project_dir: Path  # where templates/ and styles/ live
    source_date_epoch: int
    strict: bool = False
    paper: str | None = None  # overrides book.yaml's output.paper
    #: Format-specific command-line options as given ("cards.size" -> "a6"); each writer
    #: validates its own, falling back to its book.yaml section.
    options: Mapping[str, str] = field(default_factory=dict)
    #: A folder where one writer may leave what another can reuse in the same build (the
    #: handout's page map for the EPUB page-list); None: nothing is shared.
    artifacts: Path | None = None
    log: logging.Logger = logging.getLogger("cuebook")


class Writer(Protocol):
    @property
    def name(self) -> str: ...  # the format name: "pdf", "epub"…

    @property
    def description(self) -> str: ...

    # A writer may also name formats of the same book it should run after, when they are
    # built together, to reuse their artifacts: ``after = ("pdf",)``.

    def write(self, book: Book, ctx: WriterContext) -> list[Path]: ...


_REGISTRY: dict[str, Writer] = {}


def register(writer: Writer) -> Writer:
    if writer.name in _REGISTRY:
        raise ValueError(f"a writer named {writer.name!r} is already registered")
    _REGISTRY[writer.name] = writer
    return writer


def names() -> tuple[str, ...]:
    """The formats this installation offers, without importing their writers.

    Each built-in writer lives in a module named after its format (``pdf.py`` is "pdf"), so a
    run that finds everything up to date never imports WeasyPrint, ebooklib or genanki.
    """
    import pkgutil

    found = {info.name for info in pkgutil.iter_modules(__path__)} | set(_REGISTRY)
    order = {name: i for i, name in enumerate(PLANNED_FORMATS)}
    return tuple(sorted(found, key=lambda n: (order.get(n, len(order)), n)))


def available() -> dict[str, Writer]:
    """The registered writers, in :data:`PLANNED_FORMATS` order."""
    _load_builtin()
    order = {name: i for i, name in enumerate(PLANNED_FORMATS)}
    return dict(sorted(_REGISTRY.items(), key=lambda kv: order.get(kv[0], len(order))))


def _load_builtin() -> None:
    """Import the writer modules that exist; each registers itself."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


#: Steps that run once after all of a run's jobs, by format: module names, imported only when
#: their format is chosen (a cached run must not import every writer's libraries). Each module
#: has ``finish(out_dir, project_dir, changed) -> list[Path]``.
RUN_STEPS = {"site": "cuebook.site_library"}


def finish(formats: Sequence[str], out_dir: Path, project_dir: Path,
           changed: bool = True) -> list[Path]:
    """Run the run-level steps of the chosen formats (the site's library page). ``changed``
    is False when the run found every output up to date: a step may then keep what it wrote."""
    import importlib

    written: list[Path] = []
    for name in formats:
        if name in RUN_STEPS:
            step = importlib.import_module(RUN_STEPS[name])
            written.extend(step.finish(out_dir, project_dir, changed))
    return written


def after(name: str) -> tuple[str, ...]:
    """The formats a writer wants built before it (see :class:`Writer`)."""
    writer = available().get(name)
    value = getattr(writer, "after", ())
    return tuple(value) if isinstance(value, tuple) else ()
