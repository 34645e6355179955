"""Where each page of the PDF handout starts, found in the e-book's text.

The handout is laid out once (WeasyPrint); for each page we take the first characters of its
main flow (running heads and the footnote area left out) and how many characters the page
holds. In the e-book's text, laid end to end in the handout's reading order, each page start is
looked for near where the previous page's length predicts it, and an EPUB 3 ``pagebreak``
marker is put right there, mid-paragraph if that is where the printed page turns. A page whose
text cannot be found (text the handout generates, a blank page) is left out of the list rather
than put in the wrong place.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from cuebook.formats.epub.content import EPUB_NS, XHTML_NS, Doc
from cuebook.render.pagemap import HandoutPage


@dataclass(frozen=True)
class PageBreak:
    """A marker put in the text: where handout page ``number`` starts."""

    number: int
    file_name: str
    id: str
    play_order: int = 0  # in the NCX

    @property
    def href(self) -> str:
        return f"{self.file_name}#{self.id}"

    @property
    def label(self) -> str:
        return str(self.number)


_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class _Spot:
    element: etree._Element
    in_tail: bool
    offset: int  # in element.text (or .tail) as it is


class FlatText:
    """The non-space characters of some elements, in order, each with where it sits."""

    def __init__(self, roots: Sequence[etree._Element],
                 follow: Mapping[str, etree._Element] | None = None) -> None:
        self.follow = follow or {}  # id -> an element read right after the one with that id
        self.starts: dict[str, int] = {}  # id -> index of the element's first character
        # Each text run with a non-space character: its first index in ``text``, and where it
        # sits (the element, text or tail, the text). A spot is made only for the characters
        # asked for: a book has a few hundred page starts, and a million characters.
        self._run_starts: list[int] = []
        self._runs: list[tuple[etree._Element, bool, str]] = []
        self._pieces: list[str] = []
        self._count = 0
        for root in roots:
            self._walk(root)
        self.text = "".join(self._pieces)

    def spot(self, index: int) -> _Spot:
        """Where the character at ``index`` of ``text`` sits."""
        run = bisect.bisect_right(self._run_starts, index) - 1
        element, in_tail, text = self._runs[run]
        offsets = [offset for offset, char in enumerate(text) if not char.isspace()]
        return _Spot(element, in_tail, offsets[index - self._run_starts[run]])

    def _walk(self, element: etree._Element) -> None:
        if element.tag == f"{{{XHTML_NS}}}aside":
            return  # footnotes: the handout sets them at the page foot, outside the flow
        if "restated" in (element.get("class") or "").split():
            return  # a question said again on its answer page: printed once, in the chapter
        ident = element.get("id")
        if ident is not None:
            self.starts.setdefault(ident, self._count)
        self._take(element, element.text, in_tail=False)
        for child in element:
            if isinstance(child.tag, str):
                self._walk(child)
            self._take(child, child.tail, in_tail=True)
        if ident is not None and ident in self.follow:
            self._walk(self.follow[ident])

    def _take(self, element: etree._Element, text: str | None, in_tail: bool) -> None:
        piece = _SPACE.sub("", text) if text else ""  # \s is what str.isspace() says is space
        if piece:
            self._run_starts.append(self._count)
            self._runs.append((element, in_tail, text or ""))
            self._pieces.append(piece)
            self._count += len(piece)


def locate_pages(flat: FlatText, pages: Sequence[HandoutPage]) -> list[tuple[int, int]]:
    """(page number, index in ``flat``) for each page start found, in order."""
    found: list[tuple[int, int]] = []
    cursor, expected = 0, 0
    for page in pages:
        index = flat.starts.get(page.anchor) if page.anchor else None
        if index is None or index < cursor:
            index = _nearest(flat.text, page.key, cursor, expected, page.length)
        if index is not None:
            found.append((page.number, index))
            cursor = index + 1
            expected = index
        expected += page.length
    return found


def _nearest(text: str, key: str, cursor: int, expected: int, length: int) -> int | None:
    """The occurrence of ``key`` after ``cursor`` closest to ``expected``, within a window."""
    window = max(200, length // 2)
    best: int | None = None
    start = text.find(key, cursor)
    while start != -1 and start <= expected + window:
        if best is None or abs(start - expected) < abs(best - expected):
            best = start
        start = text.find(key, start + 1)
    return best if best is not None and abs(best - expected) <= window else None


def insert_breaks(flat: FlatText, located: Sequence[tuple[int, int]],
                  file_of: dict[int, str], taken: set[str]) -> list[PageBreak]:
    """Put a marker before each located character, last first (earlier spots stay valid)."""
    made = []
    for number, index in reversed(located):
        spot = flat.spot(index)
        ident = _unique(f"page-{number}", taken)
        marker = etree.Element(f"{{{XHTML_NS}}}span", {
            f"{{{EPUB_NS}}}type": "pagebreak", "role": "doc-pagebreak", "id": ident,
            "aria-label": str(number)})
        _insert(spot, marker)
        made.append(PageBreak(number, file_of[id(_root(spot.element))], ident))
    return list(reversed(made))


def _insert(spot: _Spot, marker: etree._Element) -> None:
    element = spot.element
    if spot.in_tail:
        text = element.tail or ""
        element.tail = text[:spot.offset]
        element.addnext(marker)
    else:
        text = element.text or ""
        element.text = text[:spot.offset]
        element.insert(0, marker)
    marker.tail = text[spot.offset:]


def _root(element: etree._Element) -> etree._Element:
    return element.getroottree().getroot()


def _unique(candidate: str, taken: set[str]) -> str:
    name, n = candidate, 1
    while name in taken:
        n += 1
        name = f"{candidate}-{n}"
    taken.add(name)
    return name


def reading_order(docs: Sequence[Doc], quiz: bool) -> FlatText:
    """The chapter documents' text in the handout's order: in the self-test edition, each
    question's prompt is followed by its answer (from the answers document), as printed."""
    bodies = [d.root.find(f"{{{XHTML_NS}}}body") for d in docs
              if not (quiz and d.uid.startswith("answers-"))]
    answers = {el.get("id")[len("answer-"):]: el for d in docs
               for el in d.root.iter(f"{{{XHTML_NS}}}section")
               if quiz and (el.get("id") or "").startswith("answer-")}
    return FlatText([b for b in bodies if b is not None], answers)
