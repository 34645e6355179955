"""The PDF handout: cover, contents with real page numbers, every question, outline, metadata.

Recipe: check the fonts cover the text, render the HTML from the template, lay it out and write
it with WeasyPrint, write the file atomically.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import lxml.html  # type: ignore[import-untyped,unused-ignore]
from markupsafe import Markup

from cuebook import __version__
from cuebook.book.model import Book, Chapter, Entry, Question
from cuebook.book.nav import nav_tree
from cuebook.book.paper import PAPERS
from cuebook.diagnostics import Diagnostic, Severity
from cuebook.formats.base import WriterContext
from cuebook.formats.pdf.options import SECTION
from cuebook.i18n import strings
from cuebook.keys import key
from cuebook.output import write_atomic
from cuebook.products import PAGEMAP
from cuebook.render import cjk, codelines, weasyprint_patches
from cuebook.render.choices import with_choices_laid_out
from cuebook.render.fonts import FontStack, stack_for_book
from cuebook.render.math import with_drawn_formulas
from cuebook.render.pagemap import HandoutLayout, read_layout
from cuebook.render.paginate import (
    CannotRunOn,
    Pagination,
    Revisions,
    mark,
    place_cues,
    review,
)
from cuebook.render.templates import make_environment
from cuebook.render.weasy import (
    Rendered,
    finish_catalog,
    layout,
    stylesheets,
    write_pdf,
)
from cuebook.render.xhtml import inline_notes

#: Inline code this long or shorter is never broken across lines (at 9 pt, 24 characters of
#: the monospaced face take a third of the measure).
SHORT_CODE = 24


@dataclass(frozen=True)
class HandoutPdf:

    def write(self, book: Book, ctx: WriterContext) -> list[Path]:
        paths = []
        for paper, name in editions(book, ctx):
            paths.append(ctx.out_dir / name)
            handout = build_handout(book, ctx, paper)
            write_atomic(paths[-1], handout.rendered.pdf)
            if handout.layout is not None:  # the pages the cards and the EPUB cite
                ctx.provide(PAGEMAP, book, handout.digest, handout.layout, output=paths[-1])
        return paths


def editions(book: Book, ctx: WriterContext) -> list[tuple[str, str]]:
    """(paper, file name) of each handout: ``<slug>.pdf`` on the book's paper (or --paper), and
    ``<slug>-<paper>.pdf`` for each other paper listed in book.yaml's ``pdf: {papers: […]}``."""
    main = ctx.paper_for(book)
    others = [p for p in ctx.values(SECTION, book)["papers"] if p != main]
    return [(main, f"{book.slug}.pdf"), *((p, f"{book.slug}-{p}.pdf") for p in others)]


@dataclass(frozen=True)
class Handout:
    """A handout made: the PDF, and the layout it was written from with that layout's key
    (:func:`layout_key`)."""

    rendered: Rendered
    layout: HandoutLayout | None  # the book's own paper's only: the one other formats cite
    digest: str


def build_handout(book: Book, ctx: WriterContext, paper: str) -> Handout:
    started = time.perf_counter()
    stack = stack_for_book(book)  # every character is covered: checked before any writer ran
    fonts_done = time.perf_counter()
    html = handout_html(book, ctx, stack, paper)
    html_done = time.perf_counter()
    document, warnings, seconds = paginated(book, ctx, stack, paper, html)
    digest = layout_key(book, ctx, html, paper)
    summary = None
    # The page map is handed over as soon as the layout is done: the EPUB, which cites these
    # pages, starts while this PDF is still being written.
    if paper == ctx.paper_for(book):
        summary = read_layout(document, book.chapters[0].anchor)
        ctx.provide(PAGEMAP, book, digest, summary)
    rendered = write_pdf(document, warnings, seconds, stylesheets=_stylesheets(book, ctx),
                         where=book.config.location, pdf_variant="pdf/ua-1", pdf_tags=True,
                         finisher=finish_catalog)
    _report(book, ctx, rendered)
    ours = html_done - started
    total = ours + rendered.layout_seconds + rendered.write_seconds
    ctx.log.debug("  pdf %s: glyph check %.3f s, render HTML %.3f s, WeasyPrint layout %.3f s, "
                  "PDF write %.3f s (cuebook's share %.0f%%)", book.slug, fonts_done - started,
                  html_done - fonts_done, rendered.layout_seconds, rendered.write_seconds,
                  100 * ours / total if total else 0)
    return Handout(rendered, summary, digest)


def handout_layout(book: Book, ctx: WriterContext, paper: str | None = None) -> HandoutLayout:
    """The handout's pages as other formats cite them (the EPUB page-list, the cards), for the
    book as it is now, laid out here: the :data:`cuebook.products.PAGEMAP` product when
    neither this run nor the store has it."""
    paper = paper or ctx.paper_for(book)
    document, _, _ = paginated(book, ctx, stack_for_book(book), paper,
                               handout_html(book, ctx, stack_for_book(book), paper))
    return read_layout(document, book.chapters[0].anchor)


def pagemap_key(book: Book, ctx: WriterContext) -> str:
    """The key of the page map of the handout on the book's paper, as it is now."""
    paper = ctx.paper_for(book)
    return layout_key(book, ctx, handout_html(book, ctx, stack_for_book(book), paper), paper)


#: The first layout's marks: none.
NO_MARKS = Pagination()
#: Layouts after which the pagination marks have always settled (see cuebook.render.paginate).
MAX_LAYOUTS = 4


def paginated(book: Book, ctx: WriterContext, stack: FontStack, paper: str,
              html: str) -> tuple[Any, list[str], float]:
    """The handout (``html``, made with no marks) laid out with the page breaks its own
    layout asks for: (document, WeasyPrint warnings, seconds)."""
    if weasyprint_patches.supported():
        revisions = Revisions(rounds=MAX_LAYOUTS - 1)
        try:
            document, _, warnings, seconds = layout(html, **_layout_args(book, ctx),
                                                    revise=revisions)
            return _with_cues(book, ctx, document, 1, revisions.marks), warnings, seconds
        except CannotRunOn as exc:
            ctx.log.debug("  pdf %s: %s; laid out again in full", book.slug, exc)
    return laid_out_again(book, ctx, stack, paper, html)


def laid_out_again(book: Book, ctx: WriterContext, stack: FontStack, paper: str,
                   html: str) -> tuple[Any, list[str], float]:
    """:func:`paginated` without :mod:`cuebook.render.weasyprint_patches` (the fallback with
    another WeasyPrint): the HTML marked and laid out again in full until the marks settle
    (the same pages)."""
    marks = NO_MARKS
    seconds = 0.0
    layouts = 0
    while layouts < MAX_LAYOUTS:
        layouts += 1
        if marks != NO_MARKS:
            html = handout_html(book, ctx, stack, paper, marks)
        document, _, warnings, took = layout(html, **_layout_args(book, ctx))
        seconds += took
        wanted = review(document, marks)
        if wanted == marks:
            break
        marks = wanted
    return _with_cues(book, ctx, document, layouts, marks), warnings, seconds


def _with_cues(book: Book, ctx: WriterContext, document: Any, layouts: int,
               marks: Pagination) -> Any:
    continued = place_cues(document)
    ctx.log.debug("  pdf %s: %d layouts (%d chapters run on, %d questions give way, "
                  "%d code blocks continued)", book.slug, layouts, len(marks.run_in),
                  len(marks.loose), continued)
    return document


def handout_pages(book: Book, ctx: WriterContext, paper: str | None = None) -> dict[str, int]:
    """The handout page (1-based) each anchor starts on: chapters, sections, questions."""
    return handout_layout(book, ctx, paper).anchors


def layout_key(book: Book, ctx: WriterContext, html: str, paper: str) -> str:
    """What the handout's layout is made from (:func:`cuebook.keys.key`): its HTML, style
    sheets and fonts, the paper, the libraries' versions and cuebook's code."""
    return key("handout layout", text=html, files=_stylesheets(book, ctx),
               fonts=stack_for_book(book).files(), options={"paper": paper})


def _layout_args(book: Book, ctx: WriterContext) -> dict[str, Any]:
    return {"base_dir": book.root, "stylesheets": _stylesheets(book, ctx),
            "roots": (book.root, ctx.project_dir / "styles", ctx.project_dir / "templates",
                      *stack_for_book(book).face_files()),
            "where": book.config.location}


def _stylesheets(book: Book, ctx: WriterContext) -> list[Path]:
    """handout.css, the code lines shared with the e-book and the site, the part colours, the
    book's own handout.css."""
    project, *rest = stylesheets(book.root, ctx.project_dir, "handout.css")
    return [project, ctx.project_dir / "styles" / "codelines.css", *rest]


def _report(book: Book, ctx: WriterContext, rendered: Rendered) -> None:
    if not rendered.warnings:
        return
    ctx.report([Diagnostic(book.config.location, Severity.WARNING, f"WeasyPrint: {w}",
                           "pdf.weasyprint") for w in rendered.warnings])


def handout_html(book: Book, ctx: WriterContext, stack: FontStack, paper: str,
                 marks: Pagination = NO_MARKS) -> str:
    size, height = PAPERS[paper].css, f"{PAPERS[paper].height:g}mm"
    # Options as a lettered list, the answer opening with the right one(s); then the
    # formulas drawn, in those too (WeasyPrint has no MathML).
    book = with_drawn_formulas(with_choices_laid_out(book))
    env = make_environment(book.root, ctx.project_dir)
    timestamp = dt.datetime.fromtimestamp(ctx.source_date_epoch, dt.UTC)
    html = env.get_template("handout.html.j2").render(
        config=book.config,
        chapters=[_with_page_footnotes(c) for c in book.chapters],
        questions=book.questions,
        nav=nav_tree(book),
        t=strings(book.config.language),
        # Family names are cuebook's own (cuebook.render.fonts), never the book's: safe in CSS.
        fonts=_FontCss(Markup(stack.css(stack.serif)), Markup(stack.css(stack.sans)),
                       Markup(stack.css(stack.mono)), Markup(stack.face_rules())),
        keywords=_keywords(book),
        paper=size,
        page_height=height,
        version=__version__,
        timestamp=timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    return _finish(str(html), marks, strings(book.config.language)["continued"])


def _finish(html: str, marks: Pagination, cue: str) -> str:
    """The template's HTML, typeset for print (CJK spacing, code lines, short inline code
    kept whole) and carrying the pagination marks of an earlier layout."""
    document = lxml.html.document_fromstring(html)
    cjk.typeset(document.body)
    codelines.split_lines(document.body)
    codelines.keep_short_inline(document.body, SHORT_CODE)
    mark(document.body, marks, cue)
    return str(lxml.html.tostring(document, doctype="<!DOCTYPE html>", encoding="unicode"))


@dataclass(frozen=True)
class _FontCss:
    serif: Markup
    sans: Markup
    mono: Markup
    faces: Markup  # the @font-face rules the families need


def _keywords(book: Book) -> list[str]:
    """book.yaml's ``keywords:``, else the questions' tags (not the chapter titles: the
    outline already lists those)."""
    return list(book.config.keywords or dict.fromkeys(t for q in book.questions for t in q.tags))


def _with_page_footnotes(chapter: Chapter) -> Chapter:
    """Footnote references become the notes themselves, floated to the page foot by the CSS."""
    entries: list[Entry] = []
    for entry in chapter.entries:
        if isinstance(entry, Question):
            parts = tuple(replace(p, content=inline_notes(p.content)) for p in entry.parts)
            entries.append(replace(entry, parts=parts))
        else:
            entries.append(replace(entry, content=inline_notes(entry.content)))
    return replace(chapter, entries=tuple(entries))


writer = HandoutPdf()
