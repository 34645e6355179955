"""What a question is in Anki, shared by the deck and the TSV: the ids and GUIDs it is known
by, its deck, its tags and the parts on its back. genanki is imported only to make a GUID, so
the TSV does not load the deck writer."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from cuebook.book.model import Book, Part, Question

# Identity ----------------------------------------------------------------------------------------

def stable_id(*names: str) -> int:
    """A note type or deck id from names: the same every build, unlike genanki's random ones.

    In [2**30, 2**31) as genanki advises; Anki only needs a positive 64-bit integer.
    """
    digest = hashlib.sha256("\x1f".join(("cuebook", *names)).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(namespace: str, question_id: str) -> str:
    """The note's GUID from the question's stable id, not its text (genanki's default), so a
    corrected answer updates the note instead of adding a second one."""
    import genanki  # its GUID scheme is the one Anki's own importer expects

    return str(genanki.guid_for("\x1f".join(("cuebook", namespace, question_id))))


# Decks and tags ----------------------------------------------------------------------------------

def book_deck(book: Book) -> str:
    return _deck_component(book.config.title) or book.slug


def chapter_deck(book: Book, index: int) -> str:
    """``Book::01 Chapter``. Anki lists decks by name, so the zero-padded number keeps the
    book's order (and tells two chapters of the same title apart). A book that is one chapter
    named like the book (prose chapters aside) has no subdeck."""
    chapter = book.chapters[index - 1]
    title = _deck_component(chapter.title.text)
    with_questions = [c for c in book.chapters if c.questions]
    if with_questions == [chapter] and title == book_deck(book):
        return book_deck(book)  # an article and its notes (the seed): "X::1 X" says nothing
    width = len(str(len(book.chapters)))
    return f"{book_deck(book)}::{index:0{width}d} {title}".rstrip()


def _deck_component(text: str) -> str:
    # "::" separates deck levels: a title holding it would nest a deck nobody asked for.
    return re.sub(r"\s+", " ", re.sub(r":{2,}", ":", text)).strip()


def anki_tag(tag: str) -> str:
    """A tag Anki keeps whole: it splits tags on any white space (U+3000 too) and drops '"'
    and control characters, so "dynamic programming" becomes "dynamic_programming"."""
    joined = re.sub(r"\s+", "_", tag.strip())
    kept = "".join(c for c in joined if c != '"' and unicodedata.category(c) != "Cc")
    return re.sub(r":{3,}", "::", kept).strip(":")


def anki_tags(question: Question) -> tuple[str, ...]:
    """The question's tags, plus ``difficulty::easy`` (and so on) to build filtered decks by.
    Anki compares tags without case: the first spelling wins."""
    names = [anki_tag(t) for t in question.tags]
    if question.difficulty:
        names.append(f"difficulty::{anki_tag(question.difficulty)}")
    seen: dict[str, str] = {}
    for name in names:
        if name:
            seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def back_parts(question: Question) -> list[Part]:
    """What the back of a card shows, in order: the answer, the example, then the book's own
    parts (a ``pitfalls`` part, say) in the order the question has them."""
    rank = {"answer": 0, "example": 1}
    parts = [p for p in question.parts if p.key != "question"]
    return sorted(parts, key=lambda p: rank.get(p.key, 2))
