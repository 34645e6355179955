"""The book model: built once by :mod:`cuebook.source.parse`, read by every writer, never changed.

Every field is known at construction. Rendered Markdown is carried as :class:`Fragment`s
(HTML from the one shared renderer plus plain text), so no writer parses Markdown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cuebook.book.config import BookConfig
from cuebook.diagnostics import SourceLocation

SectionRole = Literal["introduction", "body", "summary"]


@dataclass(frozen=True)
class Footnote:
    anchor: str  # unique in the book, e.g. "fn-1-2"
    ref_anchor: str  # the first reference to it, for a link back
    number: int  # as shown to the reader, counted per chapter
    html: str


@dataclass(frozen=True)
class Reference:
    """A link or image target as written in the source, kept for checking."""

    kind: Literal["link", "image"]
    target: str  # as written, or "#anchor" once resolved inside the book
    location: SourceLocation
    path: Path | None = None  # a local file it names, resolved (absolute)
    fragment: str = ""  # the anchor part of a link to a local file


@dataclass(frozen=True)
class Fragment:
    """Rendered Markdown: an HTML fragment, its plain text, and what it refers to."""

    html: str
    text: str
    footnotes: tuple[Footnote, ...] = ()
    references: tuple[Reference, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and "<img" not in self.html


@dataclass(frozen=True)
class Part:
    key: str  # "question", "answer", "example" or a book's own key
    label: str  # the label as configured, e.g. "答案"
    content: Fragment
    location: SourceLocation


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question."""

    letter: str  # "A", "B", … as the reader sees it
    content: Fragment  # the option's text, its letter removed
    correct: bool
    location: SourceLocation


@dataclass(frozen=True)
class Choices:
    """A multiple-choice question (see :mod:`cuebook.source.choices` for how it is written).

    The question part still holds the options as the author wrote them, so an output that
    shows the prompt shows the options; an output that lays them out its own way (buttons,
    a card's list) uses ``stem`` and ``options``. ``explanation`` is the answer without the
    words that name the right letter(s)."""

    stem: Fragment
    options: tuple[Choice, ...]
    explanation: Fragment

    @property
    def correct(self) -> tuple[Choice, ...]:
        return tuple(o for o in self.options if o.correct)

    @property
    def numbered(self) -> bool:
        """Options written ``1:``, ``2:`` … rather than ``A:``, ``B:`` …"""
        return bool(self.options) and self.options[0].letter.isdigit()

    @property
    def key(self) -> str:
        """The right letters, e.g. "B" or "A, C"."""
        return ", ".join(o.letter for o in self.correct)


@dataclass(frozen=True)
class Question:
    number: int
    id: str  # stable, also the anchor
    title: Fragment  # inline HTML of the heading, without its number
    parts: tuple[Part, ...]
    tags: tuple[str, ...]
    difficulty: str
    location: SourceLocation
    labelled: bool  # False: an unlabelled body, read as the answer to the title
    choices: Choices | None = None  # a multiple-choice question's options and right letter(s)

    def part(self, key: str) -> Part | None:
        return next((p for p in self.parts if p.key == key), None)

    @property
    def prompt(self) -> Fragment:
        """What is asked: the question part, or the title when the body has no labels."""
        part = self.part("question")
        return part.content if part else self.title

    @property
    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(f for p in self.parts for f in p.content.footnotes)


@dataclass(frozen=True)
class Section:
    """Prose outside questions: the introduction, a summary, or a titled section."""

    title: Fragment | None
    anchor: str
    role: SectionRole
    content: Fragment
    location: SourceLocation


Entry = Question | Section


@dataclass(frozen=True)
class Chapter:
    title: Fragment
    anchor: str
    entries: tuple[Entry, ...]
    location: SourceLocation

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(e for e in self.entries if isinstance(e, Question))

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(e for e in self.entries if isinstance(e, Section))


@dataclass(frozen=True)
class Book:
    config: BookConfig
    root: Path  # the book's folder, absolute
    chapters: tuple[Chapter, ...]
    anchors: frozenset[str]  # every anchor a link may point at
    sources: tuple[Path, ...]  # the Markdown files read, in order

    @property
    def slug(self) -> str:
        return self.config.slug

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for c in self.chapters for q in c.questions)

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(s for c in self.chapters for s in c.sections)

    def fragments(self) -> tuple[tuple[Fragment, SourceLocation], ...]:
        """Every rendered fragment with the place it came from, for checks and search."""
        found: list[tuple[Fragment, SourceLocation]] = []
        for chapter in self.chapters:
            found.append((chapter.title, chapter.location))
            for entry in chapter.entries:
                if isinstance(entry, Question):
                    found.append((entry.title, entry.location))
                    found.extend((p.content, p.location) for p in entry.parts)
                else:
                    if entry.title is not None:
                        found.append((entry.title, entry.location))
                    found.append((entry.content, entry.location))
        return tuple(found)
