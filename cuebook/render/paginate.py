"""Page breaks that CSS alone cannot decide, read from a first layout of the handout.

Two decisions need to know where the pages fell:

- A chapter whose last page would hold less than a fifth of the page (a question's last lines,
  or a whole short closing chapter on a page of its own) lets the next chapter start on that
  same page instead of a fresh one.
- A code block split across pages says so: the first line on the next page carries a quiet
  "continued" cue.

:func:`review` reads one layout and says what the next should do differently; the writer lays
the handout out again until nothing changes (two or three layouts, the same each build).
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
    """What the handout's HTML marks: chapters that run on, code lines that continue."""

    run_in: frozenset[str] = frozenset()  # ids of chapters that start on the page before
    continued: frozenset[tuple[int, int]] = frozenset()  # (code block, line) opening a page


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


def _code_continuations(document: Any) -> set[tuple[int, int]]:
    """(code block, line) of each code line that opens the part of a block on a new page."""
    found = set()
    for page in document.pages:
        seen: set[str] = set()
        for box in _walk(page._page_box):
            code = _attribute(box, "data-code")
            if code is None or code in seen or box.element_tag != "pre":
                continue
            seen.add(code)
            first = next((b for b in _walk(box) if _attribute(b, "data-n") is not None), None)
            line = int(_attribute(first, "data-n") or 0) if first is not None else 0
            if line:
                found.add((int(code), line))
    return found


def mark(body: Any, marks: Pagination, cue: str) -> None:
    """Number the code blocks and their lines (what :func:`review` reads back) and set
    ``marks`` on the handout's HTML: the run-in chapters, the continued code lines."""
    for number, pre in enumerate(body.iter("pre")):
        pre.set("data-code", str(number))
        lines = [s for s in pre.iter("span") if "code-line" in (s.get("class") or "").split()]
        for line_number, line in enumerate(lines):
            line.set("data-n", str(line_number))
            if (number, line_number) in marks.continued:
                line.set("class", line.get("class") + " continued")
                line.set("data-cue", cue)
    for chapter in body.find_class("chapter"):
        if chapter.get("id") in marks.run_in:
            chapter.set("class", chapter.get("class") + " run-in")


def review(document: Any, marks: Pagination) -> Pagination:
    """The marks the next layout should carry, given this layout (made with ``marks``)."""
    return Pagination(run_in=marks.run_in | _stranded_ends(document),
                      continued=frozenset(_code_continuations(document)))
