"""Completeness checks on the parsed model: parts, numbering, links and images; and what a book
from a stranger may not bring (script links, images that are not what they say, stylesheets that
reach out, templates).

Parsing reports problems of form as it reads; these rules look at the whole book. Each rule is a
small function that adds located diagnostics; :func:`check_book` runs them all.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from cuebook.book.model import Book, Question, Reference
from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.safety.css import check_stylesheets
from cuebook.safety.images import inspect_image
from cuebook.safety.sanitize import LINK_SCHEMES, refused_link
from cuebook.safety.sources import display_path


def check_book(book: Book, diags: Diagnostics) -> None:
    for rule in RULES:
        rule(book, diags)


def _not_empty(book: Book, diags: Diagnostics) -> None:
    if not book.questions:
        diags.report(book.config.location, "book has no questions (no headings at level "
                    "questions.heading_level, or no Markdown)", "book.empty")


def _parts_complete(book: Book, diags: Diagnostics) -> None:
    for question in book.questions:
        for spec in book.config.parts:
            part = question.part(spec.key)
            if part is None:
                if spec.required and not (spec.key == "question" and not question.labelled):
                    diags.report(question.location, f"question {question.number} has no "
                                 f"{spec.label} part", "question.missing-part")
            elif part.content.is_empty:
                diags.report(part.location, f"the {spec.label} part of question "
                             f"{question.number} is empty", "question.empty-part")


def _numbering(book: Book, diags: Diagnostics) -> None:
    if book.config.numbering == "none":
        return
    groups: list[tuple[Question, ...]]
    if book.config.numbering == "per-chapter" or _restarts_per_chapter(book, diags):
        groups = [c.questions for c in book.chapters]
    else:
        groups = [book.questions]
    for questions in groups:
        _sequence(questions, diags)


def _restarts_per_chapter(book: Book, diags: Diagnostics) -> bool:
    """Numbers that start again at 1 in every chapter (often: in every file) are one finding,
    with its remedy, not a duplicate number for every question after the first chapter."""
    numbered = [c.questions for c in book.chapters if c.questions]
    if len(numbered) < 2 or any(questions[0].number != 1 for questions in numbered):
        return False
    second = numbered[1][0]
    diags.report(second.location, f"question numbers start again at 1 in each of "
                 f"{len(numbered)} chapters (here after {numbered[0][-1].number}); to number "
                 "each chapter on its own, set 'questions: {numbering: per-chapter}' in book.yaml",
                 "question.numbering-restarts")
    return True


def _sequence(questions: tuple[Question, ...], diags: Diagnostics) -> None:
    written = {q.number for q in questions}
    seen: dict[int, SourceLocation] = {}
    previous = 0
    for q in questions:
        if q.number in seen:
            diags.report(q.location, f"question number {q.number} is used again (first at "
                        f"{seen[q.number]})", "question.duplicate-number")
        elif q.number < previous:
            diags.report(q.location, f"question {q.number} comes after question {previous}",
                         "question.number-order")
        else:
            # A number that appears later is out of order, not missing: report it once.
            missing = [n for n in range(previous + 1, q.number) if n not in written]
            if missing:
                span = f"number {missing[0]} is" if len(missing) == 1 else \
                    f"numbers {missing[0]} to {missing[-1]} are"
                diags.report(q.location, f"question {q.number} follows "
                             f"{previous or 'the start'}; {span} missing", "question.number-gap")
        seen.setdefault(q.number, q.location)
        previous = max(previous, q.number)


def _references(book: Book, diags: Diagnostics) -> None:
    sources = set(book.sources)
    inspected: set[Path] = set()
    for fragment, where in book.fragments():
        for ref in fragment.references:
            if ref.kind == "image":
                _image(book, ref, inspected, diags)
            else:
                _link(book, ref, sources, diags)
        for note in fragment.footnotes:
            if not note.html.strip():
                diags.report(where, f"footnote {note.number} is empty", "footnote.empty")


def _link(book: Book, ref: Reference, sources: set[Path], diags: Diagnostics) -> None:
    if ref.path is None:
        if ref.target.startswith("#"):
            if ref.target[1:] not in book.anchors:
                diags.report(ref.location, f"link to '{ref.target}': no heading or question "
                             "has that anchor", "link.broken-anchor")
            return
        _address(ref, diags)
        return
    if not ref.path.is_relative_to(book.root):
        diags.report(ref.location, f"link to '{_short(ref.target)}' leaves the book folder",
                     "link.outside-book")
    elif not _exists(ref.path):
        # A web address without its scheme is read as a file name: say what was meant.
        hint = f"; for a web address write https://{_short(ref.target)}" \
            if ref.target.lower().startswith("www.") else ""
        diags.report(ref.location, f"link to '{_short(ref.target)}': no such file{hint}",
                     "link.missing-file")
    elif ref.path.suffix.lower() == ".md":
        if ref.path not in sources:
            diags.report(ref.location, f"link to '{ref.target}': that file is not part of the "
                         "book", "link.missing-file")
        elif ref.fragment and ref.fragment not in book.anchors:
            diags.report(ref.location, f"link to '{ref.target}': no heading or question has "
                         "that anchor", "link.broken-anchor")


def _address(ref: Reference, diags: Diagnostics) -> None:
    """A link that is not a file of the book: a web or mail address, or refused."""
    reason = refused_link(ref.target)
    if reason is not None:
        diags.report(ref.location, f"link to '{_short(ref.target)}': {reason}", "link.scheme")
    elif not ref.target.lower().startswith(tuple(f"{s}:" for s in LINK_SCHEMES)):
        # Neither a scheme nor a usable path (a NUL byte, say): no file can have that name.
        diags.report(ref.location, f"link to '{_short(ref.target)}': no such file",
                     "link.missing-file")


def _exists(path: Path) -> bool:
    """Whether a file is there; a name the system refuses (too long, a loop of links) is not."""
    try:
        return path.exists()
    except OSError:
        return False


def _short(target: str) -> str:
    """A target as shown in a message: printable, and not 10,000 characters long."""
    shown = target.encode("unicode_escape").decode("ascii") if not target.isprintable() \
        else target
    return shown if len(shown) <= 80 else shown[:77] + "…"


def _image(book: Book, ref: Reference, inspected: set[Path], diags: Diagnostics) -> None:
    if ref.path is None:
        kind = "an embedded data: image" if ref.target.strip().lower().startswith("data:") \
            else "not a file in the book"
        diags.report(ref.location, f"image '{_short(ref.target)}' is {kind}; images must be "
                     "files in the book folder", "image.remote")
    elif not ref.path.is_relative_to(book.root):
        diags.report(ref.location, f"image '{_short(ref.target)}' is outside the book folder",
                     "image.outside-book")
    elif not _exists(ref.path):
        diags.report(ref.location, f"image '{_short(ref.target)}' does not exist",
                     "image.missing")
    elif ref.path not in inspected:
        inspected.add(ref.path)  # each file once, at its first use
        inspect_image(ref.path, ref.location, diags)


def _stylesheets(book: Book, diags: Diagnostics) -> None:
    check_stylesheets(book.root, diags)


def _own_templates(book: Book, diags: Diagnostics) -> None:
    """A book's own templates/ would be loaded before cuebook's: refuse them.

    A Jinja template decides every byte of an output (it can write <script>, load remote
    files in an e-book, or, outside a sandbox, run code during the build). A book from a
    stranger may bring Markdown, images and a stylesheet, which are all checked; not that.
    """
    folder = book.root / "templates"
    if _holds_anything(folder):
        diags.report(SourceLocation(display_path(folder)), "a book may not bring its own templates "
                     "(they could put anything into the outputs); remove the templates folder",
                     "book.templates")


def _holds_anything(folder: Path) -> bool:
    """Whether ``folder`` is a link, or holds a file or a link anywhere inside it. Links count
    as they are, never followed: ``templates/site`` as a link to a folder of the book once
    passed as empty (``rglob`` does not descend into linked folders) and Jinja loaded it."""
    if folder.is_symlink():
        return True
    if not folder.is_dir():
        return False
    for parent, dirs, files in os.walk(folder, followlinks=False):
        if files or any(Path(parent, d).is_symlink() for d in dirs):
            return True
    return False


def _configured_images(book: Book, diags: Diagnostics) -> None:
    """Images named in book.yaml (the e-book's cover) are checked like those in the text."""
    cover = book.config.section("epub").get("cover")
    if not isinstance(cover, str) or not cover.strip():
        return
    where = book.config.at("epub.cover")
    try:
        path = (book.root / cover).resolve()
    except (OSError, ValueError, RuntimeError):
        path = None
    if path is None or not path.is_relative_to(book.root):
        diags.report(where, f"'epub.cover' ({_short(cover)}) is outside the book folder",
                     "image.outside-book")
    elif not _exists(path):
        diags.report(where, f"'epub.cover' names {_short(cover)}, which does not exist",
                     "image.missing")
    else:
        inspect_image(path, where, diags)


RULES: tuple[Callable[[Book, Diagnostics], None], ...] = (
    _not_empty, _parts_complete, _numbering, _references, _stylesheets, _own_templates,
    _configured_images,
)
