"""Which questions become cards, and in what order: tags, ids and ranges, sort, shuffle."""

from __future__ import annotations

import random
import re
from typing import Protocol

from cuebook.book.model import Book, Question

_RANGE = re.compile(r"^([0-9]{1,9})(?:\s*[-–~]\s*([0-9]{1,9}))?$")
_DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


class Selection(Protocol):
    """What chooses and orders the cards (the cards options have it)."""

    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def ids(self) -> tuple[str, ...]: ...
    @property
    def sort(self) -> str: ...
    @property
    def shuffle(self) -> str | None: ...


class SelectionError(ValueError):
    """The selection names something the book does not have, or leaves no card."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key  # the option at fault: "tags" or "ids"


def select_questions(book: Book, options: Selection) -> list[Question]:
    """The questions for the deck, in deck order."""
    chosen = list(book.questions)
    if options.tags:
        chosen = _with_tags(book, chosen, options.tags)
    if options.ids:
        wanted = _ids(book, options.ids)
        chosen = [q for q in chosen if q.id in wanted]
    if not chosen:
        key = "ids" if options.ids else "tags"
        raise SelectionError(key, "no question matches both the tags and the ids given")
    chosen = _sorted(book, chosen, options.sort)
    if options.shuffle is not None:
        # random.Random seeded with a str hashes it with SHA-512: the same order everywhere.
        random.Random(options.shuffle).shuffle(chosen)
    return chosen


def _with_tags(book: Book, questions: list[Question], tags: tuple[str, ...]) -> list[Question]:
    known = {t.casefold(): t for q in book.questions for t in q.tags}
    unknown = [t for t in tags if t.casefold() not in known]
    if unknown:
        listed = ", ".join(known.values()) or "none"
        raise SelectionError("tags", f"no question is tagged {', '.join(unknown)} "
                                     f"(the book's tags: {listed})")
    wanted = {t.casefold() for t in tags}
    return [q for q in questions if any(t.casefold() in wanted for t in q.tags)]


def _ids(book: Book, items: tuple[str, ...]) -> set[str]:
    """Question ids named by ids, numbers and ``first-last`` number ranges."""
    by_id = {q.id: q for q in book.questions}
    found: set[str] = set()
    unknown: list[str] = []
    for item in items:
        if item in by_id:  # an id such as "lru-cache" wins over a range reading
            found.add(item)
            continue
        low, high = _numbers(item)
        matched = {q.id for q in book.questions if low <= q.number <= high}
        if not matched:
            unknown.append(item)
        found |= matched
    if unknown:
        raise SelectionError("ids", f"no question has the id or number {', '.join(unknown)}")
    return found


def _numbers(item: str) -> tuple[int, int]:
    """The numbers ``7`` or ``3-12`` names, as a range (``1-9999999999`` is two numbers, not
    ten billion); a number of more than nine digits names none (an empty range)."""
    match = _RANGE.match(item)
    if match is None:
        return (1, 0)
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return (min(first, last), max(first, last))


def _sorted(book: Book, questions: list[Question], order: str) -> list[Question]:
    chapter_of = {q.id: i for i, c in enumerate(book.chapters) for q in c.questions}
    place = {q.id: i for i, q in enumerate(book.questions)}
    if order == "difficulty":
        return sorted(questions, key=lambda q: (_DIFFICULTY_ORDER.get(q.difficulty, 3),
                                                place[q.id]))
    if order == "chapter":
        return sorted(questions, key=lambda q: (chapter_of[q.id], place[q.id]))
    return sorted(questions, key=lambda q: (q.number, place[q.id]))
