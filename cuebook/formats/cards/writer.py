"""Printable cue cards: duplex sheets whose backs land behind their fronts, fold sheets for
printers without duplex, and a calibration sheet.

Recipe: read the options, check the fonts, choose the questions, fit every face on its card
(WeasyPrint measures), put the faces on sheets, write the PDFs atomically, report what shrank
or split.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from cuebook import __version__
from cuebook.book.model import Book
from cuebook.diagnostics import Diagnostic, Severity
from cuebook.formats.base import WriterContext
from cuebook.formats.cards.calibration import calibration
from cuebook.formats.cards.fit import FaceRenderer, FittedDeck, fit_deck
from cuebook.formats.cards.geometry import fold_sheet, grid_for
from cuebook.formats.cards.impose import SheetPage, duplex_sheets, fold_sheets, write_sheets
from cuebook.formats.cards.options import SECTION, CardOptions, card_options
from cuebook.formats.cards.select import select_questions
from cuebook.i18n import counted
from cuebook.output import write_atomic
from cuebook.render.fonts import FontStack, stack_for_book
from cuebook.render.math import with_drawn_formulas
from cuebook.render.templates import make_environment
from cuebook.render.weasy import render_pdf


@dataclass(frozen=True)
class CueCards:

    def write(self, book: Book, ctx: WriterContext) -> list[Path]:
        options = read_options(book, ctx)
        stack = stack_for_book(book)
        deck = build_deck(with_drawn_formulas(book), ctx, options, stack)
        report_fit(book, ctx, options, deck)
        # Everything is made before anything is written: a failure leaves no mixed set.
        outputs = {"cards": duplex_pdf(book, ctx, options, deck),
                   "cards-fold": fold_pdf(book, ctx, options, deck)}
        if options.calibrate:
            outputs["cards-calibration"] = calibration_pdf(book, ctx, options, stack)
        paths = []
        for suffix, pdf in outputs.items():
            paths.append(ctx.out_dir / f"{book.slug}-{suffix}.pdf")
            write_atomic(paths[-1], pdf)
        return paths


def read_options(book: Book, ctx: WriterContext) -> CardOptions:
    """The cards section, checked by the pipeline before any writer ran."""
    return card_options(ctx.values(SECTION, book), book.config)


def build_deck(book: Book, ctx: WriterContext, options: CardOptions,
               stack: FontStack) -> FittedDeck:
    """The chosen questions with every face fitted and laid out."""
    questions = select_questions(book, options)  # a selection of nothing: refused by --check
    started = time.perf_counter()
    renderer = FaceRenderer(book, ctx.project_dir, options, stack, ctx.source_date_epoch)
    deck = fit_deck(renderer, questions)
    ctx.log.debug("cards %s: fitted %s in %s, %.3f s", book.slug, counted(len(deck.faces), "face"),
                  counted(len(deck.documents), "layout"), time.perf_counter() - started)
    return deck


def report_fit(book: Book, ctx: WriterContext, options: CardOptions, deck: FittedDeck) -> None:
    """Shrunk faces as information; split cards as warnings, or errors with ``--strict``."""
    if deck.shrunk:
        listed = ", ".join(f"{f.cardno.split(' · ')[0]} {f.side} {deck.fits[f.key].size:g} pt"
                           for f in deck.shrunk)
        ctx.log.info("cards %s: %s set smaller to fit %s: %s", book.slug,
                     counted(len(deck.shrunk), "face"), options.size.name, listed)
    split = [Diagnostic(c.card.question.location, Severity.WARNING,
                        f"question {c.card.question.number} ({c.card.question.id}) does not fit "
                        f"one {options.size.label} card even at the smallest size; it runs on to "
                        f"{counted(c.count - 1, 'continuation card')} marked as continued",
                        "cards.split") for c in deck.split]
    ctx.report([*split, *_weasyprint(book, deck.warnings)])


def duplex_pdf(book: Book, ctx: WriterContext, options: CardOptions, deck: FittedDeck) -> bytes:
    grid = grid_for(options.size.width, options.size.height, options.size.paper_size)
    sheets = duplex_sheets(deck.cards, grid, options.duplex, options.back_offset)
    return _written(book, ctx, deck, sheets)


def fold_pdf(book: Book, ctx: WriterContext, options: CardOptions, deck: FittedDeck) -> bytes:
    # cards_options refuses a size whose folded pair does not fit a sheet.
    sheet = fold_sheet(options.size.width, options.size.height, options.size.paper_size)
    return _written(book, ctx, deck, fold_sheets(deck.cards, sheet))


def _written(book: Book, ctx: WriterContext, deck: FittedDeck, sheets: list[SheetPage]) -> bytes:
    pdf, warnings = write_sheets(deck, sheets)
    ctx.report(_weasyprint(book, warnings))
    return pdf


def _weasyprint(book: Book, warnings: list[str]) -> list[Diagnostic]:
    return [Diagnostic(book.config.location, Severity.WARNING, f"WeasyPrint: {w}",
                       "cards.weasyprint") for w in warnings]


def calibration_pdf(book: Book, ctx: WriterContext, options: CardOptions,
                    stack: FontStack) -> bytes:
    sheet = calibration(options.size.paper_size, options.duplex, options.back_offset,
                        book.config.language)
    env = make_environment(book.root, ctx.project_dir)
    stamp = dt.datetime.fromtimestamp(ctx.source_date_epoch, dt.UTC)
    html = str(env.get_template("cards-calibration.html.j2").render(
        config=book.config, deck=options.deck, sheet=sheet, text=sheet.text,
        version=__version__, timestamp=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        fonts={"sans": Markup(stack.css(stack.sans)), "faces": Markup(stack.face_rules())}))
    rendered = render_pdf(html, base_dir=book.root, stylesheets=[],
                          roots=(book.root, ctx.project_dir / "templates", *stack.face_files()),
                          where=book.config.location)
    ctx.report(_weasyprint(book, rendered.warnings))
    return rendered.pdf


writer = CueCards()
