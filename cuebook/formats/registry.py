"""The formats cuebook writes, in one explicit table.

Each entry names the format, what it writes, which formats of the same book it runs after (to
reuse their artifacts: the EPUB's page-list comes from the handout's layout), its run-level
finish step and its options. A writer is imported only when a job of its format runs, so a
build that finds everything up to date never imports WeasyPrint, ebooklib or genanki.
Adding a format is one module (or folder) under ``cuebook/formats/`` and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from cuebook.formats.anki.options import SECTION as ANKI_OPTIONS
from cuebook.formats.base import Writer, WriterContext
from cuebook.formats.cards.options import SECTION as CARDS_OPTIONS
from cuebook.formats.epub.options import SECTION as EPUB_OPTIONS
from cuebook.formats.options import Section
from cuebook.formats.pdf.options import SECTION as PDF_OPTIONS

#: ``finish(out_dir, project_dir, changed) -> written``: once per run, after every job.
FinishStep = Callable[[Path, Path, bool], list[Path]]

__all__ = ["FORMATS", "FinishStep", "Format", "Writer", "WriterContext", "available", "names",
           "sections"]


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    load: Callable[[], Writer]
    #: The files it writes for a book, ``{slug}`` standing for the book's slug.
    outputs: tuple[str, ...]
    #: Formats whose artifacts it needs before it can start (the EPUB's page-list).
    after: tuple[str, ...] = ()
    #: Formats whose artifacts it needs only part of the way through (the cards' pointers to
    #: handout pages): it starts at once, beside them, and waits for what they leave when it
    #: comes to need it (:attr:`WriterContext.alongside`); one worker builds it after them.
    #: A run without them uses what they left in the output folder, as it is: part of its
    #: cache key then (the cards cite the pages of the handout there).
    uses: tuple[str, ...] = ()
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
    from cuebook.formats.tsv import writer
    return writer


def _site() -> Writer:
    from cuebook.formats.site.writer import writer
    return writer


def _site_library() -> FinishStep:
    from cuebook.formats.site.library import finish
    return finish


def _table(*formats: Format) -> Mapping[str, Format]:
    table: dict[str, Format] = {}
    for fmt in formats:
        if fmt.name in table:
            raise ValueError(f"two formats are named {fmt.name!r}")
        unknown = [a for a in (*fmt.after, *fmt.uses) if a not in table]
        if unknown:  # build order is table order: a format runs after earlier ones only
            raise ValueError(f"{fmt.name} runs after {unknown}, which come later or not at all")
        table[fmt.name] = fmt
    return MappingProxyType(table)


#: Every format, in build order.
FORMATS = _table(
    Format("pdf", "PDF handout", _pdf, ("{slug}.pdf",), options=PDF_OPTIONS,
           embeds_fonts=True),
    Format("epub", "EPUB 3 e-book and its self-test edition", _epub,
           ("{slug}.epub", "{slug}-quiz.epub"), after=("pdf",), options=EPUB_OPTIONS,
           embeds_fonts=True),
    Format("cards", "Duplex cue-card sheets and fold sheets", _cards,
           ("{slug}-cards.pdf", "{slug}-cards-fold.pdf"), uses=("pdf",),
           options=CARDS_OPTIONS, embeds_fonts=True),
    Format("anki", "Anki deck", _anki, ("{slug}.apkg",), options=ANKI_OPTIONS),
    Format("tsv", "Tab-separated notes for Anki's text import, and plain text for Quizlet",
           _tsv, ("{slug}.tsv", "{slug}-quizlet.txt")),
    Format("site", "Static site: reading and study pages, and the library page", _site,
           ("{slug}/index.html", "{slug}/study.html"), finish=_site_library),
)


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
        step = FORMATS[name].finish
        if step is not None:
            written.extend(step()(out_dir, project_dir, changed))
    return written


def after(name: str) -> tuple[str, ...]:
    """The formats a writer wants built before it."""
    return FORMATS[name].after


def uses(name: str) -> tuple[str, ...]:
    """The formats a writer reads artifacts of, part of the way through."""
    return FORMATS[name].uses
