"""What every importer produces: a small, plain book that :mod:`bookdir` writes as Markdown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cuebook.diagnostics import SourceLocation
from cuebook.importers.text import MAX_TITLE, plain_text, plain_to_markdown, shorten, title_line

_DECK_NUMBER = re.compile(r"^\d+\s+")


@dataclass(frozen=True)
class Entry:
    """One question. ``question`` empty: the title is the whole question (an unlabelled body).

    Every text but ``title`` is Markdown made safe by the importer; ``title`` is plain text.
    """

    title: str
    answer: str
    question: str = ""
    extra: tuple[tuple[str, str], ...] = ()  # (part label, Markdown), in order
    tags: tuple[str, ...] = ()
    id: str = ""
    example: str = ""  # Markdown of the book's own example part (a cuebook deck's Example)
    difficulty: str = ""


@dataclass(frozen=True)
class ImportedChapter:
    """A chapter: questions, or (for a notes site) a page's Markdown kept as it is."""

    title: str
    questions: tuple[Entry, ...] = ()
    body: str = ""  # Markdown under the chapter heading, already relinked


@dataclass(frozen=True)
class ImportedBook:
    title: str
    chapters: tuple[ImportedChapter, ...]
    media: Mapping[str, bytes] = field(default_factory=dict)  # file name in media/ -> bytes
    language: str = ""  # empty: guessed from the text
    #: Further part labels (an Anki note type's third field …), in the order they appear.
    extra_labels: tuple[str, ...] = ()
    #: 0: questions at level 2 under "# chapter"; notes sites let cuebook infer the level.
    heading_level: int = 2
    description: str = ""
    #: Who the source says wrote it (a repository's owner); empty when it does not say.
    author: str = ""
    #: The source is Markdown written for GitHub, whose HTML (``<br>``, ``<b>``, tables) its
    #: readers saw rendered: the book opts in to raw HTML, cut down by cuebook's sanitizer.
    raw_html: bool = False


@dataclass(frozen=True, order=True)
class NoteLocation(SourceLocation):
    """A note in a deck, ``deck.apkg: note 1699999999999``: a deck has no lines to point at,
    and the note id is what Anki's browser searches by (``nid:…``)."""

    note: int = 0

    def __str__(self) -> str:
        return f"{self.path}: note {self.note}"


def make_entry(question: str, answer: str, *, tags: tuple[str, ...] = (), id: str = "",
               extra: tuple[tuple[str, str], ...] = ()) -> Entry:
    """A question from Markdown: a short one-line question is the heading itself; a longer one
    (or one with an image or a list) is kept whole as the question part under a short title."""
    difficulty = next((t.split("::", 1)[1].lower() for t in tags
                       if t.lower() in ("difficulty::easy", "difficulty::medium",
                                        "difficulty::hard")), "")
    tags = tuple(t for t in tags if not t.lower().startswith("difficulty::"))
    one_line = "\n" not in question.strip() and "![" not in question
    if one_line and len(plain_text(question)) <= MAX_TITLE and question.strip():
        return Entry(title_line(question), answer, "", extra, tags, id, difficulty=difficulty)
    first = question.strip().split("\n")[0].rstrip(" \\")
    title = title_line(plain_to_markdown(shorten(plain_text(first))))
    return Entry(title or "…", answer, question, extra, tags, id, difficulty=difficulty)


def chapter_titles(decks: list[str]) -> dict[str, str]:
    """Sub-deck names without the deck they share: "Book::02 Graphs" -> "Graphs" (the number
    only ordered the decks in Anki; the chapter files keep that order)."""
    parts = [n.split("::") for n in decks]
    common = 0
    while all(len(p) > common + 1 for p in parts) and len({p[common] for p in parts}) == 1:
        common += 1
    titles = {n: " / ".join(p[common:]) or n for n, p in zip(decks, parts, strict=True)}
    if len(decks) > 1 and all(_DECK_NUMBER.match(t) for t in titles.values()):
        titles = {n: _DECK_NUMBER.sub("", t) for n, t in titles.items()}
    return titles
