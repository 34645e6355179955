"""Printable cue cards: duplex sheets whose backs land behind their fronts, fold sheets for
printers without duplex, and a calibration sheet.

Recipe: read the options, check the fonts, choose the questions, fit every face on its card
(WeasyPrint measures), put the faces on sheets, write the PDFs atomically, report what shrank
or split.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from cuebook import __version__
from cuebook.book.model import Book
from cuebook.diagnostics import Diagnostic, Severity
from cuebook.formats.base import WriterContext
from cuebook.formats.cards.calibration import calibration
from cuebook.formats.cards.drawings import FaceDrawings
from cuebook.formats.cards.fit import Face, FaceRenderer, FittedDeck, PrintedCard, fit_deck
from cuebook.formats.cards.geometry import fold_sheet, grid_for
from cuebook.formats.cards.impose import SheetPage, duplex_sheets, fold_sheets, write_sheets
from cuebook.formats.cards.memory import FitMemory
from cuebook.formats.cards.options import (
    SECTION,
    CardOptions,
    CardSize,
    card_options,
    larger_size,
)
from cuebook.formats.cards.select import select_questions
from cuebook.i18n import counted
from cuebook.output import write_atomic
from cuebook.products import PAGEMAP
from cuebook.render.choices import with_choices_laid_out
from cuebook.render.fonts import FontStack, stack_for_book
from cuebook.render.math import with_drawn_formulas
from cuebook.render.templates import make_environment
from cuebook.render.weasy import render_pdf


@dataclass(frozen=True)
class CueCards:

    def write(self, book: Book, ctx: WriterContext) -> list[Path]:
        options = read_options(book, ctx)
        stack = stack_for_book(book)
        memory = FitMemory.load(ctx.memory(book, "cards-fit"))
        drawings = FaceDrawings.load(ctx.memory(book, "cards-faces"))
        # The faces show what is printed: a multiple-choice question's options as a lettered
        # list, its back opening with the right one(s); formulas drawn.
        deck = build_deck(with_drawn_formulas(with_choices_laid_out(book)), ctx, options, stack,
                          memory, drawings)
        report_fit(book, ctx, options, deck)
        # Everything is made before anything is written: a failure leaves no mixed set.
        duplex, fold = sheet_pdfs(book, ctx, options, deck)
        outputs = {"cards": duplex, "cards-fold": fold}
        if options.calibrate:
            outputs["cards-calibration"] = calibration_pdf(book, ctx, options, stack)
        paths = []
        for suffix, pdf in outputs.items():
            paths.append(ctx.out_dir / f"{book.slug}-{suffix}.pdf")
            write_atomic(paths[-1], pdf)
        memory.save()
        drawings.save()
        return paths


def read_options(book: Book, ctx: WriterContext) -> CardOptions:
    """The cards section, checked by the pipeline before any writer ran."""
    return card_options(ctx.values(SECTION, book), book.config)


def build_deck(book: Book, ctx: WriterContext, options: CardOptions, stack: FontStack,
               memory: FitMemory | None = None,
               drawings: FaceDrawings | None = None) -> FittedDeck:
    """The chosen questions with every face fitted and laid out; ``memory``: what earlier
    builds decided (:mod:`cuebook.formats.cards.memory`); ``drawings``: the faces they laid
    out (:mod:`cuebook.formats.cards.drawings`)."""
    memory = memory or FitMemory(None, {}, {})
    questions = select_questions(book, options)  # a selection of nothing: refused by --check
    started = time.perf_counter()
    up = larger_size(options.size) if options.long == "larger" else None
    if options.long == "larger" and up is None:
        ctx.log.info("cards %s: no card size larger than %s; long answers get summary backs",
                     book.slug, options.size.name)
    first = replace(options, long="continue" if up else "summary") \
        if options.long == "larger" else options
    renderer = _renderer(book, ctx, first, stack, memory, drawings)
    deck = fit_deck(renderer, questions)
    larger = None
    if up is not None and deck.split:
        larger = _renderer(book, ctx, replace(options, size=up, long="continue"), stack, memory,
                           drawings)
        deck = _with_larger(deck, larger)
    refitted = deck.refitted + (deck.larger[1].refitted if deck.larger else 0)
    laid = renderer.laid + (larger.laid if larger else 0)
    kept = renderer.kept + (larger.kept if larger else 0)
    ctx.log.debug("cards %s: fitted %s in %s (%d from scratch, the others as the last build "
                  "did; %s laid out, %d as the last build laid them out), %.3f s", book.slug,
                  counted(len(deck.faces), "face"), counted(len(deck.documents), "layout"),
                  refitted, counted(laid, "face"), kept, time.perf_counter() - started)
    return deck


def _renderer(book: Book, ctx: WriterContext, options: CardOptions, stack: FontStack,
              memory: FitMemory, drawings: FaceDrawings | None) -> FaceRenderer:
    return FaceRenderer(book, ctx.project_dir, options, stack, ctx.source_date_epoch,
                        handout_pages=lambda: cited_pages(book, ctx), memory=memory,
                        drawings=drawings)


def cited_pages(book: Book, ctx: WriterContext) -> dict[str, int]:
    """The handout page each anchor starts on, as the cue cards cite them: in the handout in
    the output folder once the build is done. That is the one made in this run, if the run
    makes it; else the one already there, even when the book changed since (it is the
    handout the reader has: the cards say where the full answer is in it); else, with no
    handout there, the book's as it is now, or as it was when its pages were last laid out
    (an edit does not lay the whole handout out again) (:mod:`cuebook.products`)."""
    supplied = ctx.need(PAGEMAP, book, as_built=True)
    anchors: dict[str, int] = supplied.value.anchors
    if supplied.stale is not None:
        missing = [q for q in book.questions if q.id not in anchors]
        ctx.log.info("cards %s: the handout %s is not the book as it is now (an earlier text "
                     "or another paper), and this build does not make it again: the cards cite "
                     "its pages%s (build the pdf too for the pages of the book as it is now)",
                     book.slug, supplied.stale,
                     f", and no page for {counted(len(missing), 'question')} not in it"
                     if missing else "")
    if supplied.earlier:
        ctx.log.info("cards %s: no handout in the output folder, and the book (or the paper) "
                     "changed since its pages were last laid out: the cards cite the pages it "
                     "had then (build the pdf too for the pages of the book as it is now)",
                     book.slug)
    return anchors


def _with_larger(deck: FittedDeck, renderer: FaceRenderer) -> FittedDeck:
    """``deck`` without its questions that ran on, which go on cards of the ``renderer``'s
    size, keeping their numbers in the deck."""
    moved = [c.card.question for c in deck.split]
    ids = {q.id for q in moved}
    larger = fit_deck(renderer, moved, deck.places)
    kept = [c for c in deck.cards if c.card.question.id not in ids]
    return replace(deck, cards=kept, larger=(renderer.options.size, larger),
                   faces={k: f for k, f in deck.faces.items() if f.question.id not in ids})


def report_fit(book: Book, ctx: WriterContext, options: CardOptions, deck: FittedDeck) -> None:
    """Per question, what did not fit as written and where the reader finds it: shrunk faces
    and summary backs as information; split cards as warnings, or errors with ``--strict``."""
    if deck.shrunk:
        listed = ", ".join(f"{f.cardno} {f.side} {deck.fits[f.key].size:g} pt"
                           for f in deck.shrunk)
        ctx.log.info("cards %s: %s set smaller to fit %s: %s", book.slug,
                     counted(len(deck.shrunk), "face"), options.size.name, listed)
    for face in deck.summarised:
        ctx.log.info("cards %s: %s", book.slug, summary_note(face))
    split = [_split(c, options.size) for c in deck.split]
    if deck.larger is not None:
        size, larger = deck.larger
        numbers = ", ".join(str(c.card.question.number) for c in larger.cards if c.index == 1)
        ctx.log.info("cards %s: question(s) %s do not fit one %s card; printed on %s cards "
                     "after the others", book.slug, numbers, options.size.name, size.label)
        split += [_split(c, size) for c in larger.split]
    ctx.report([*split, *_weasyprint(book, deck.warnings)])


def _split(card: PrintedCard, size: CardSize) -> Diagnostic:
    question = card.card.question
    return Diagnostic(question.location, Severity.WARNING,
                      f"question {question.number} ({question.id}) does not fit one "
                      f"{size.label} card even at the smallest size; it runs on to "
                      f"{counted(card.count - 1, 'continuation card')} marked as continued",
                      "cards.split")


def summary_note(face: Face) -> str:
    """What a summary back left out, in the reader's terms, and where it is."""
    summary = face.summary
    assert summary is not None
    left = []
    if summary.code_left:
        left.append(f"{counted(summary.code_left, 'code block')} of "
                    f"{counted(summary.code_lines_left, 'line')}")
    if summary.total > summary.kept:
        left.append(f"the last {summary.total - summary.kept} of {summary.total} "
                    "paragraphs, list items and tables")
    return (f"question {face.question.number} ({face.cardno}): summary back; left out "
            f"{' and '.join(left) or 'nothing'}; the card says \"{face.more}\"")


def duplex_pdf(book: Book, ctx: WriterContext, options: CardOptions, deck: FittedDeck) -> bytes:
    sheets = []
    for size, cards in by_size(options, deck):
        grid = grid_for(size.width, size.height, size.paper_size)
        sheets += duplex_sheets(cards, grid, options.duplex, options.back_offset)
    return _written(book, ctx, deck, sheets)


def fold_pdf(book: Book, ctx: WriterContext, options: CardOptions, deck: FittedDeck) -> bytes:
    return _written(book, ctx, deck, _folded(options, deck))


def _folded(options: CardOptions, deck: FittedDeck) -> list[SheetPage]:
    sheets = []
    for size, cards in by_size(options, deck):
        # card_options refuses a size whose folded pair does not fit a sheet; the sizes
        # ``larger`` moves to are all named ones, which fit.
        sheets += fold_sheets(cards, fold_sheet(size.width, size.height, size.paper_size))
    return sheets


def sheet_pdfs(book: Book, ctx: WriterContext, options: CardOptions,
               deck: FittedDeck) -> tuple[bytes, bytes]:
    """The duplex sheets' PDF, then the fold sheets', painted from the same laid-out faces
    (writing one PDF leaves nothing that changes the other's bytes)."""
    return duplex_pdf(book, ctx, options, deck), fold_pdf(book, ctx, options, deck)


def by_size(options: CardOptions, deck: FittedDeck) -> list[tuple[CardSize, list[PrintedCard]]]:
    """The deck's cards by card size: the chosen one, then the next size up (``larger``)."""
    groups = [(options.size, deck.cards)] if deck.cards else []
    if deck.larger is not None:
        groups.append((deck.larger[0], deck.larger[1].cards))
    return groups


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
