"""The formats cuebook writes, in one explicit table.

Each entry names the format, what it writes, the products it provides to the other formats of
the book and those it needs of them (:mod:`cuebook.products`: the handout's page map feeds the
EPUB's page-list and the cards' pointers to handout pages), its run-level finish step and its
options. A writer is imported only when a job of its format runs, so a
build that finds everything up to date never imports WeasyPrint, ebooklib or genanki.
Adding a format is one module (or folder) under ``cuebook/formats/`` and one entry here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cuebook.formats.anki.options import SECTION as ANKI_OPTIONS
from cuebook.formats.base import Writer, WriterContext
from cuebook.formats.cards.options import SECTION as CARDS_OPTIONS
from cuebook.formats.epub.options import SECTION as EPUB_OPTIONS
from cuebook.formats.options import Section
from cuebook.formats.pdf.options import SECTION as PDF_OPTIONS
from cuebook.products import PAGEMAP, Need, Product

#: ``finish(out_dir, project_dir, changed) -> written``: once per run, after every job.
FinishStep = Callable[[Path, Path, bool], list[Path]]

__all__ = ["FORMATS", "PRODUCTS", "FinishStep", "Format", "Writer", "WriterContext",
           "available", "names", "sections"]


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    load: Callable[[], Writer]
    #: The files it writes for a book, ``{slug}`` standing for the book's slug.
    outputs: tuple[str, ...]
    #: The products it makes for the other formats of the book (:mod:`cuebook.products`).
    provides: tuple[str, ...] = ()
    #: The products it needs of them: one worker builds it after their provider, more start
    #: it beside the provider (after it has the product, for a need ``at_start``).
    needs: tuple[Need, ...] = ()
    finish: Callable[[], FinishStep] | None = None
    #: Its ``book.yaml`` section and command-line flags (cuebook.formats.options).
    options: Section | None = None
    #: It embeds fonts: every character of the book must be in one (checked before writing).
    embeds_fonts: bool = False


def _pdf() -> Writer:
    from cuebook.formats.pdf.writer import writer
    return writer


def _epub() -> Writer:
    from cuebook.formats.epub.writer import writer
    return writer


def _cards() -> Writer:
    from cuebook.formats.cards.writer import writer
    return writer


def _anki() -> Writer:
    from cuebook.formats.anki.writer import writer
    return writer


def _tsv() -> Writer:
    from cuebook.formats.tsv.writer import writer
    return writer


def _site() -> Writer:
    from cuebook.formats.site.writer import writer
    return writer


def _site_library() -> FinishStep:
    from cuebook.formats.site.library import finish
    return finish


def _lazy(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, imported when first called (a build that finds everything up to date
    imports no writer)."""
    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args)
    return call


#: Every product a format provides, by name.
PRODUCTS: Mapping[str, Product] = MappingProxyType({p.name: p for p in (
    Product(PAGEMAP, "pdf", key=_lazy("cuebook.formats.pdf.writer", "pagemap_key"),
            compute=_lazy("cuebook.formats.pdf.writer", "handout_layout"),
            dumps=lambda layout: layout.to_json(),
            loads=_lazy("cuebook.render.pagemap", "layout_from_json"),
            output=lambda book: f"{book.slug}.pdf"),
)})


def _table(*formats: Format) -> Mapping[str, Format]:
    table: dict[str, Format] = {}
    for fmt in formats:
        if fmt.name in table:
            raise ValueError(f"two formats are named {fmt.name!r}")
        if any(PRODUCTS[p].provider != fmt.name for p in fmt.provides):
            raise ValueError(f"{fmt.name} provides what another format makes")
        unknown = [n.product for n in fmt.needs if PRODUCTS[n.product].provider not in table]
        if unknown:  # build order is table order: a format needs what earlier ones provide
            raise ValueError(f"{fmt.name} needs {unknown}, provided later or not at all")
        table[fmt.name] = fmt
    return MappingProxyType(table)


#: Every format, in build order.
FORMATS = _table(
    Format("pdf", "PDF handout", _pdf, ("{slug}.pdf",), provides=(PAGEMAP,),
           options=PDF_OPTIONS, embeds_fonts=True),
    # The page-list marks where the pages begin in the e-book's own text: the page map of the
    # book as it is now, needed first.
    Format("epub", "EPUB 3 e-book and its self-test edition", _epub,
           ("{slug}.epub", "{slug}-quiz.epub"), needs=(Need(PAGEMAP, at_start=True),),
           options=EPUB_OPTIONS, embeds_fonts=True),
    # A summary back cites the page of the handout the reader has: the one in the output
    # folder when this run does not make it.
    Format("cards", "Duplex cue-card sheets and fold sheets", _cards,
           ("{slug}-cards.pdf", "{slug}-cards-fold.pdf"), needs=(Need(PAGEMAP, as_built=True),),
           options=CARDS_OPTIONS, embeds_fonts=True),
    Format("anki", "Anki deck", _anki, ("{slug}.apkg",), options=ANKI_OPTIONS),
    Format("tsv", "Tab-separated notes for Anki's text import, and plain text for Quizlet",
           _tsv, ("{slug}.tsv", "{slug}-quizlet.txt")),
    Format("site", "Static site: reading and study pages, and the library page", _site,
           ("{slug}/index.html", "{slug}/study.html"), finish=_site_library),
)


def sections() -> tuple[Section, ...]:
    """Every format's options section, in format order."""
    return tuple(f.options for f in FORMATS.values() if f.options is not None)


def names() -> tuple[str, ...]:
    return tuple(FORMATS)


def available() -> dict[str, Writer]:
    """Every format's writer, imported (for tests and tools; a build loads only its own)."""
    return {name: fmt.load() for name, fmt in FORMATS.items()}


def finish(formats: tuple[str, ...] | list[str], out_dir: Path, project_dir: Path,
           changed: bool = True) -> list[Path]:
    """Run the run-level steps of the chosen formats (the site's library page). ``changed``
    is False when the run found every output up to date: a step may then keep what it wrote."""
    written: list[Path] = []
    for name in formats:
        step = FORMATS[name].finish
        if step is not None:
            written.extend(step()(out_dir, project_dir, changed))
    return written


def needs(name: str) -> tuple[Need, ...]:
    """The products a format needs of the other formats of its book."""
    return FORMATS[name].needs


def provider(need: Need) -> str:
    """The format that provides what ``need`` asks for."""
    return PRODUCTS[need.product].provider
