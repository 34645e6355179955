"""The navigation tree, shared by the PDF outline and contents and the EPUB nav and NCX."""

from __future__ import annotations

from dataclasses import dataclass

from cuebook.book.model import Book, Fragment, Question


@dataclass(frozen=True)
class NavItem:
    label: str  # plain text, as a bookmark or nav entry shows it
    title: Fragment  # the same, as inline HTML
    anchor: str
    kind: str  # "chapter" | "section" | "question"
    children: tuple[NavItem, ...] = ()


def question_label(question: Question) -> str:
    return f"{question.number}. {question.title.text}"


def nav_tree(book: Book) -> tuple[NavItem, ...]:
    """Chapters, and under each its titled sections and its questions, in reading order."""
    items = []
    for chapter in book.chapters:
        children = []
        for entry in chapter.entries:
            if isinstance(entry, Question):
                children.append(NavItem(question_label(entry), entry.title, entry.id, "question"))
            elif entry.title is not None:
                children.append(NavItem(entry.title.text, entry.title, entry.anchor, "section"))
        items.append(NavItem(chapter.title.text, chapter.title, chapter.anchor, "chapter",
                             tuple(children)))
    return tuple(items)
