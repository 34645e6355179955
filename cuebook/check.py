"""Completeness checks on the parsed model: parts, numbering, links and images.

Parsing reports problems of form as it reads; these rules look at the whole book. Each rule is a
small function that adds located diagnostics; :func:`check_book` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .diagnostics import Diagnostics, SourceLocation
from .model import Book, Question, Reference


def check_book(book: Book, diags: Diagnostics) -> None:
    for rule in RULES:
        rule(book, diags)


def _not_empty(book: Book, diags: Diagnostics) -> None:
    if not book.questions:
        diags.error(book.config.location, "book has no questions (no headings at level "
                    "questions.heading_level, or no Markdown)", "book.empty")


def _parts_complete(book: Book, diags: Diagnostics) -> None:
    for question in book.questions:
        for spec in book.config.parts:
            part = question.part(spec.key)
            if part is None:
                if spec.required and not (spec.key == "question" and not question.labelled):
                    diags.error(question.location, f"question {question.number} has no "
                                f"{spec.label} part", "question.missing-part")
            elif part.content.is_empty:
                diags.error(part.location, f"the {spec.label} part of question "
                            f"{question.number} is empty", "question.empty-part")


def _numbering(book: Book, diags: Diagnostics) -> None:
    if book.config.numbering == "none":
        return
    groups: list[tuple[Question, ...]]
    if book.config.numbering == "per-chapter":
        groups = [c.questions for c in book.chapters]
    else:
        groups = [book.questions]
    for questions in groups:
        _sequence(questions, diags)


def _sequence(questions: tuple[Question, ...], diags: Diagnostics) -> None:
    written = {q.number for q in questions}
    seen: dict[int, SourceLocation] = {}
    previous = 0
    for q in questions:
        if q.number in seen:
            diags.error(q.location, f"question number {q.number} is used again (first at "
                        f"{seen[q.number]})", "question.duplicate-number")
        elif q.number < previous:
            diags.error(q.location, f"question {q.number} comes after question {previous}",
                        "question.number-order")
        else:
            # A number that appears later is out of order, not missing: report it once.
            missing = [n for n in range(previous + 1, q.number) if n not in written]
            if missing:
                span = f"number {missing[0]} is" if len(missing) == 1 else \
                    f"numbers {missing[0]} to {missing[-1]} are"
                diags.error(q.location, f"question {q.number} follows "
                            f"{previous or 'the start'}; {span} missing", "question.number-gap")
        seen.setdefault(q.number, q.location)
        previous = max(previous, q.number)


def _references(book: Book, diags: Diagnostics) -> None:
    sources = set(book.sources)
    for fragment, where in book.fragments():
        for ref in fragment.references:
            if ref.kind == "image":
                _image(book, ref, diags)
            else:
                _link(book, ref, sources, diags)
        for note in fragment.footnotes:
            if not note.html.strip():
                diags.error(where, f"footnote {note.number} is empty", "footnote.empty")


def _link(book: Book, ref: Reference, sources: set[Path], diags: Diagnostics) -> None:
    if ref.path is None:
        if ref.target.startswith("#") and ref.target[1:] not in book.anchors:
            diags.error(ref.location, f"link to '{ref.target}': no heading or question has "
                        "that anchor", "link.broken-anchor")
        return
    if not ref.path.is_relative_to(book.root):
        diags.error(ref.location, f"link to '{ref.target}' leaves the book folder",
                    "link.outside-book")
    elif not ref.path.exists():
        diags.error(ref.location, f"link to '{ref.target}': no such file", "link.missing-file")
    elif ref.path.suffix.lower() == ".md":
        if ref.path not in sources:
            diags.error(ref.location, f"link to '{ref.target}': that file is not part of the "
                        "book", "link.missing-file")
        elif ref.fragment and ref.fragment not in book.anchors:
            diags.error(ref.location, f"link to '{ref.target}': no heading or question has "
                        "that anchor", "link.broken-anchor")


def _image(book: Book, ref: Reference, diags: Diagnostics) -> None:
    if ref.path is None:
        diags.error(ref.location, f"image '{ref.target}' is not a file in the book; "
                    "images must be local files", "image.remote")
    elif not ref.path.is_relative_to(book.root):
        diags.error(ref.location, f"image '{ref.target}' is outside the book folder",
                    "image.outside-book")
    elif not ref.path.is_file():
        diags.error(ref.location, f"image '{ref.target}' does not exist", "image.missing")


RULES: tuple[Callable[[Book, Diagnostics], None], ...] = (
    _not_empty, _parts_complete, _numbering, _references,
)
