"""Navigation: the EPUB 3 nav document and the EPUB 2 NCX, with the handout's page list.

The table of contents comes from :func:`cuebook.book.nav.nav_tree`, the tree the PDF outline uses;
the page list from :mod:`cuebook.formats.epub.pages` (Ace requires each entry to point at a
``pagebreak`` marker, and every marker to be listed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from cuebook.book.model import Book
from cuebook.book.nav import NavItem, nav_tree
from cuebook.formats.epub.content import Doc, Plan, answers_heading
from cuebook.formats.epub.pages import PageBreak


@dataclass(frozen=True)
class NavEntry:
    """One entry of the nav and the NCX: what it says, where it goes, in reading order."""

    label: str
    href: str
    children: tuple[NavEntry, ...] = ()
    id: str = ""  # the NCX navPoint id
    play_order: int = 0


@dataclass(frozen=True)
class Landmark:
    type: str  # epub:type: cover, toc, bodymatter…
    href: str
    label: str


def toc_entries(book: Book, plan: Plan) -> tuple[NavEntry, ...]:
    """Chapters with their sections and questions; in the self-test, where each chapter's
    answers start."""
    entries: list[NavEntry] = []
    for i, item in enumerate(nav_tree(book)):
        entries.append(_entry(item, plan))
        chapter = book.chapters[i]
        if plan.quiz and chapter.questions:
            first = chapter.questions[0]
            entries.append(NavEntry(answers_heading(book.config, chapter),
                                    f"{plan.answer_files[i][0]}#answer-{first.id}"))
    return tuple(entries)


def _entry(item: NavItem, plan: Plan) -> NavEntry:
    href = f"{plan.anchor_files[item.anchor]}#{item.anchor}"
    return NavEntry(item.label, href, tuple(_entry(c, plan) for c in item.children))


def landmarks(plan: Plan, labels: Mapping[str, str]) -> tuple[Landmark, ...]:
    return (Landmark("cover", "cover.xhtml", labels["cover"]),
            Landmark("titlepage", "titlepage.xhtml", labels["title"]),
            Landmark("toc", "nav.xhtml#toc", labels["contents"]),
            Landmark("bodymatter", plan.chapter_files[0], labels["start"]))


def reading_positions(docs: Sequence[Doc]) -> dict[str, int]:
    """Every ``file#id`` (and bare file) in reading order, for the NCX playOrder."""
    positions: dict[str, int] = {}
    for doc in docs:
        positions.setdefault(doc.file_name, len(positions))
        for ident in doc.ids():
            positions.setdefault(f"{doc.file_name}#{ident}", len(positions))
    return positions


def with_play_order(entries: tuple[NavEntry, ...], marks: tuple[PageBreak, ...],
                    positions: Mapping[str, int]) -> tuple[tuple[NavEntry, ...],
                                                           tuple[PageBreak, ...]]:
    """NCX playOrder: 1, 2, 3… over navPoints and pageTargets together, in reading order;
    entries with the same target share a number (NCX 2005-1, section 8.4.2)."""
    targets = sorted({_position(h, positions) for h in _hrefs(entries)} |
                     {_position(m.href, positions) for m in marks})
    order = {position: i for i, position in enumerate(targets, 1)}
    counter = iter(range(1, 100_000))

    def number(entry: NavEntry) -> NavEntry:
        return replace(entry, id=f"nav-{next(counter)}",
                       play_order=order[_position(entry.href, positions)],
                       children=tuple(number(c) for c in entry.children))

    numbered = tuple(number(e) for e in entries)
    return numbered, tuple(replace(m, play_order=order[_position(m.href, positions)])
                           for m in marks)


def _hrefs(entries: Sequence[NavEntry]) -> list[str]:
    return [h for e in entries for h in (e.href, *_hrefs(e.children))]


def _position(href: str, positions: Mapping[str, int]) -> int:
    return positions.get(href, positions.get(href.split("#")[0], 0))


def depth(entries: Sequence[NavEntry]) -> int:
    return 1 + max((depth(e.children) for e in entries if e.children), default=0)
