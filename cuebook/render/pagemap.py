"""The printed handout's pages, read from WeasyPrint's layout: which page each anchor starts
on, and what text each page begins with.

The PDF writer reads this from the layout it makes anyway and leaves it for the other writers
of the same build (the EPUB's page-list cites the printed pages), so the handout is laid out
once per build.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from weasyprint.formatting_structure import boxes

#: Non-space characters of a page start to look for; long enough to be unique nearby.
KEY_LENGTH = 24
#: U+2010, WeasyPrint's default hyphenate-character, is added text: cut it off line ends.
_HYPHENS = "\u2010\u00ad"


@dataclass(frozen=True)
class HandoutPage:
    number: int
    key: str  # the first non-space characters of its main flow
    length: int  # non-space characters in its main flow
    #: The id of the element the page begins with, when that element begins on this page (a
    #: question whose title the handout sets as "11" where the e-book has "11.").
    anchor: str = ""


@dataclass(frozen=True)
class HandoutLayout:
    """What other formats need of a laid-out handout."""

    anchors: dict[str, int]  # anchor -> 1-based page it starts on
    page_count: int
    pages: tuple[HandoutPage, ...]  # from the first chapter on

    def to_json(self) -> str:
        return json.dumps({"anchors": self.anchors, "page_count": self.page_count,
                           "pages": [asdict(p) for p in self.pages]}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> HandoutLayout:
        """Raises ValueError (or KeyError, TypeError) on anything but what to_json wrote."""
        data = json.loads(text)
        anchors = {str(k): int(v) for k, v in data["anchors"].items()}
        pages = tuple(HandoutPage(int(p["number"]), str(p["key"]), int(p["length"]),
                                  str(p["anchor"])) for p in data["pages"])
        return cls(anchors, int(data["page_count"]), pages)


def read_layout(document: Any, first_anchor: str) -> HandoutLayout:
    """Summarise a laid-out handout; pages are read from ``first_anchor``'s page on."""
    anchors = anchor_pages(document)
    first = anchors.get(first_anchor, 1)
    return HandoutLayout(anchors, len(document.pages),
                         tuple(handout_page_texts(document, first, anchors)))


def anchor_pages(document: Any) -> dict[str, int]:
    """Each anchor (id) of a laid-out document and the 1-based page it starts on."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def handout_page_texts(document: Any, first: int,
                       anchor_pages: Mapping[str, int]) -> list[HandoutPage]:
    """The pages from ``first`` on (1-based) of a laid-out handout, as text."""
    pages = []
    headers: set[int] = set()  # table headers already laid out once
    for number, page in enumerate(document.pages, 1):
        if number < first:
            continue
        lines = list(_main_lines(page._page_box, headers))
        text = "".join(_squeeze(_line_text(line)) for line, _ in lines)
        if text:
            anchor = _starting_anchor(lines[0][1], number, anchor_pages)
            pages.append(HandoutPage(number, text[:KEY_LENGTH], len(text), anchor))
    return pages


def _main_lines(page_box: Any, headers: set[int]) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Each line box of the page's main flow, with the ids of the elements around it (outer
    first: WeasyPrint's element tree has no parent links, the box tree is walked instead)."""
    for child in page_box.children:
        # Margin boxes hold running heads, the footnote area the notes the e-book keeps apart.
        if not isinstance(child, boxes.MarginBox | boxes.FootnoteAreaBox):
            yield from _lines(child, (), headers)


def _lines(box: Any, ids: tuple[str, ...],
           headers: set[int]) -> Iterator[tuple[Any, tuple[str, ...]]]:
    element = getattr(box, "element", None)
    ident = element.get("id") if element is not None else None
    if ident and (not ids or ids[-1] != ident):
        ids = (*ids, ident)
    if getattr(box, "is_header", False) and element is not None:
        # A table split across pages repeats its header on the next: text the e-book has
        # once, before the rows of the earlier page.
        if id(element) in headers:
            return
        headers.add(id(element))
    if isinstance(box, boxes.LineBox):
        yield box, ids
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _lines(child, ids, headers)


def _line_text(line: Any) -> str:
    return "".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox))


def _starting_anchor(ids: tuple[str, ...], number: int, anchor_pages: Mapping[str, int]) -> str:
    """The outermost element around the page's first line that starts on this page: nothing
    of it is on an earlier page, so the page begins with it."""
    return next((i for i in ids if anchor_pages.get(i) == number), "")


def _squeeze(text: str) -> str:
    return "".join(text.rstrip(_HYPHENS).split())


def layout_from_json(text: str) -> HandoutLayout:
    """:meth:`HandoutLayout.from_json`, as a function (the product's ``loads``)."""
    return HandoutLayout.from_json(text)
