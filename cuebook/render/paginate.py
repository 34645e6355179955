"""What CSS alone cannot decide about the handout's pages, read from its layout.

- A chapter whose last page would hold less than a fifth of the page (a question's last lines,
  or a whole short closing chapter on a page of its own) lets the next chapter start on that
  same page instead of a fresh one. :func:`review` reads one layout and says which chapters
  run on; the writer lays the handout out again until nothing changes (one layout when no
  chapter runs on, two or three when one does, the same each build).
- A code block split across pages says so: the first line on the next page carries a quiet
  "continued" cue. Every code line is laid out with its cue, positioned outside the text's
  flow, so the cues change no page break; :func:`place_cues` then keeps only those of the
  lines that open a page, without laying the handout out again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure import boxes

#: A page holding less than this share of its body height is a stranded page.
STRANDED = 0.2


@dataclass(frozen=True)
class Pagination:
    """What the handout's HTML marks: the chapters that run on."""

    run_in: frozenset[str] = frozenset()  # ids of chapters that start on the page before


def _walk(box: Any) -> Iterator[Any]:
    """``box`` and its descendants, leaving out the page margins (running heads, folios)."""
    yield box
    for child in getattr(box, "children", ()):
        if not isinstance(child, boxes.MarginBox):
            yield from _walk(child)


def _attribute(box: Any, name: str) -> str | None:
    element = getattr(box, "element", None)
    return None if element is None else element.get(name)


def page_fill(page: Any) -> float:
    """How much of the page's body height its content reaches down to (0 to 1)."""
    root = page._page_box
    top = root.content_box_y()
    height = root.height
    bottom = top
    for box in _walk(root):
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)) or (
                isinstance(box, boxes.BlockBox) and not box.children):
            bottom = max(bottom, box.position_y + box.margin_height())
    return (bottom - top) / height if height else 1.0


def _chapter_pages(document: Any) -> dict[str, list[int]]:
    """Each chapter's id and the 0-based pages its content is on."""
    pages: dict[str, list[int]] = {}
    for number, page in enumerate(document.pages):
        for box in _walk(page._page_box):
            classes = (_attribute(box, "class") or "").split()
            if "chapter" in classes and box.element_tag == "section":
                pages.setdefault(box.element.get("id"), []).append(number)
    return pages


def _stranded_ends(document: Any) -> set[str]:
    """Chapters that follow a chapter ending on a stranded page."""
    chapters = list(_chapter_pages(document).items())
    found = set()
    for (_, pages), (next_id, _) in zip(chapters, chapters[1:], strict=False):
        if page_fill(document.pages[pages[-1]]) < STRANDED:
            found.add(next_id)
    return found


def mark(body: Any, marks: Pagination, cue: str) -> None:
    """Number the code blocks and their lines (what :func:`place_cues` reads back), give every
    code line its cue, and mark the chapters that run on."""
    for number, pre in enumerate(body.iter("pre")):
        pre.set("data-code", str(number))
        lines = [s for s in pre.iter("span") if "code-line" in (s.get("class") or "").split()]
        for line_number, line in enumerate(lines):
            line.set("data-n", str(line_number))
            line.set("data-cue", cue)
    for chapter in body.find_class("chapter"):
        if chapter.get("id") in marks.run_in:
            chapter.set("class", chapter.get("class") + " run-in")


def review(document: Any, marks: Pagination) -> Pagination:
    """The marks the next layout should carry, given this layout (made with ``marks``)."""
    return Pagination(run_in=marks.run_in | _stranded_ends(document))


def place_cues(document: Any) -> int:
    """Drop every code line's "continued" cue but that of the first line of a block's part on a
    new page; how many are kept. The cues are positioned out of the flow (the style sheet's
    ``.code-line::before``), so dropping them moves nothing else."""
    kept = 0
    for page in document.pages:
        for box in _walk(page._page_box):
            if box.element_tag != "pre" or _attribute(box, "data-code") is None:
                continue
            lines = [b for b in _walk(box) if isinstance(b, boxes.BlockBox)
                     and _attribute(b, "data-n") is not None]
            for index, line in enumerate(lines):
                if index == 0 and _attribute(line, "data-n") != "0":
                    kept += 1  # the block goes on from the page before
                else:
                    line.children = [c for c in line.children if not _is_cue(c)]
    return kept


def _is_cue(box: Any) -> bool:
    return str(getattr(box, "element_tag", "")).endswith("::before")
