"""The formats cuebook writes, in one explicit table.

Each entry names the format, what it is (``--help`` lists it), the module of its writer, the
files it writes (the library page's downloads and what the cache may remove come from them),
the products it provides to the other formats of the book and those it needs of them
(:mod:`cuebook.products`: the handout's page map feeds the EPUB's page-list and the cards'
pointers to handout pages), the module of its run-level finish step and its options.
A writer is imported by its module's name only when a job of its format runs, so a build that
finds everything up to date never imports WeasyPrint, ebooklib or genanki. Adding a format is
one module (or folder) under ``cuebook/formats/`` and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from cuebook.book.paper import PAPER_SIZES
from cuebook.formats.anki.options import SECTION as ANKI_OPTIONS
from cuebook.formats.base import Writer, WriterContext
from cuebook.formats.cards.options import SECTION as CARDS_OPTIONS
from cuebook.formats.epub.options import SECTION as EPUB_OPTIONS
from cuebook.formats.options import Section
from cuebook.formats.pdf.options import SECTION as PDF_OPTIONS
from cuebook.formats.site.options import SECTION as SITE_OPTIONS
from cuebook.products import PAGEMAP, Need, Product
from cuebook.render.weasyprint_loading import imported

#: ``finish(out_dir, project_dir, changed) -> written``: once per run, after every job.
FinishStep = Callable[[Path, Path, bool], list[Path]]

__all__ = ["FORMATS", "PRODUCTS", "FinishStep", "Format", "Output", "Writer", "WriterContext",
           "available", "downloads", "names", "sections"]


@dataclass(frozen=True)
class Output:
    """A file a format writes for a book: what the library page offers for download, and
    what the cache may remove when a run no longer writes it (``epub: {quiz: false}``)."""

    #: ``{slug}`` stands for the book's slug; ``{paper}`` for each paper but the handout's own.
    name: str
    #: What the library page calls it: a key of the site's words ("epub-quiz"); None: the file
    #: is not a download (the site's own pages).
    label: str | None = None
    #: The label says which paper it is printed on: "PDF handout (Letter)".
    on_paper: bool = False

    def files(self, slug: str, paper: str) -> Iterator[tuple[str, str]]:
        """(paper, file name) of each file this stands for, for a book whose handout is on
        ``paper``."""
        if "{paper}" not in self.name:
            yield paper, self.name.format(slug=slug)
            return
        for other in PAPER_SIZES:
            if other != paper:
                yield other, self.name.format(slug=slug, paper=other)


@dataclass(frozen=True)
class Format:
    name: str
    description: str  # what ``cuebook --help`` says it writes
    #: The module that defines ``writer`` (imported only when a job of the format runs).
    writer: str
    #: The files it writes for a book, in the order the library page offers them.
    outputs: tuple[Output, ...]
    #: The products it makes for the other formats of the book (:mod:`cuebook.products`).
    provides: tuple[str, ...] = ()
    #: The products it needs of them: one worker builds it after their provider, more start
    #: it beside the provider (after it has the product, for a need ``at_start``).
    needs: tuple[Need, ...] = ()
    #: The module that defines ``finish``, its run-level step (:data:`FinishStep`), if any.
    finish: str | None = None
    #: Its ``book.yaml`` section and command-line flags (cuebook.formats.options).
    options: Section | None = None
    #: It embeds fonts: every character of the book must be in one (checked before writing).
    embeds_fonts: bool = False

    def load(self) -> Writer:
        return cast(Writer, imported(self.writer).writer)

    def finish_step(self) -> FinishStep | None:
        if self.finish is None:
            return None
        return cast(FinishStep, imported(self.finish).finish)

    def file_names(self, slug: str) -> frozenset[str]:
        """Every file it may write for the book, on any paper."""
        return frozenset(name for o in self.outputs for paper in PAPER_SIZES
                         for _, name in o.files(slug, paper))


def _lazy(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, imported when first called (a build that finds everything up to date
    imports no writer)."""
    def call(*args: Any) -> Any:
        return getattr(imported(module), name)(*args)
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


_FORMATS = "cuebook.formats"

#: Every format, in build order (and the order of the library page's downloads).
FORMATS = _table(
    Format("pdf", "PDF handout", f"{_FORMATS}.pdf.writer",
           (Output("{slug}.pdf", "pdf", on_paper=True),
            Output("{slug}-{paper}.pdf", "pdf", on_paper=True)),
           provides=(PAGEMAP,), options=PDF_OPTIONS, embeds_fonts=True),
    # The page-list marks where the pages begin in the e-book's own text: the page map of the
    # book as it is now, needed first.
    Format("epub", "EPUB 3 e-book and its self-test edition", f"{_FORMATS}.epub.writer",
           (Output("{slug}.epub", "epub"), Output("{slug}-quiz.epub", "epub-quiz")),
           needs=(Need(PAGEMAP, at_start=True),), options=EPUB_OPTIONS, embeds_fonts=True),
    # A summary back cites the page of the handout the reader has: the one in the output
    # folder when this run does not make it.
    Format("cards", "Duplex cue-card sheets and fold sheets (and a calibration sheet when asked)",
           f"{_FORMATS}.cards.writer",
           (Output("{slug}-cards.pdf", "cards"), Output("{slug}-cards-fold.pdf", "cards-fold"),
            Output("{slug}-cards-calibration.pdf", "cards-calibration")),
           needs=(Need(PAGEMAP, as_built=True),), options=CARDS_OPTIONS, embeds_fonts=True),
    Format("anki", "Anki deck", f"{_FORMATS}.anki.writer", (Output("{slug}.apkg", "anki"),),
           options=ANKI_OPTIONS),
    Format("tsv", "Tab-separated notes for Anki's text import, and plain text for Quizlet",
           f"{_FORMATS}.tsv.writer", (Output("{slug}.tsv", "tsv"),
                                      Output("{slug}-quizlet.txt", "quizlet"))),
    Format("site", "Static site: reading and study pages, and the library page",
           f"{_FORMATS}.site.writer",
           (Output("{slug}/index.html"), Output("{slug}/study.html"),
            Output("{slug}/interview.html")),
           options=SITE_OPTIONS, finish=f"{_FORMATS}.site.library"),
)


def downloads() -> tuple[Output, ...]:
    """What the library page offers for each book, in its order."""
    return tuple(o for f in FORMATS.values() for o in f.outputs if o.label is not None)


def sections() -> tuple[Section, ...]:
    """Every format's options section, in format order: one without options has an empty
    one, so a key written under it is reported as unknown."""
    return tuple(f.options or Section(f.name, ()) for f in FORMATS.values())


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
        step = FORMATS[name].finish_step()
        if step is not None:
            written.extend(step(out_dir, project_dir, changed))
    return written


def needs(name: str) -> tuple[Need, ...]:
    """The products a format needs of the other formats of its book."""
    return FORMATS[name].needs


def provider(need: Need) -> str:
    """The format that provides what ``need`` asks for."""
    return PRODUCTS[need.product].provider
