"""What CSS alone cannot decide about the handout's pages, read from its layout.

- A chapter whose last page would hold less than a fifth of the page (a question's last lines,
  or a whole short closing chapter on a page of its own) lets the next chapter start on that
  same page instead of a fresh one. :class:`RunOn` reads the pages while the handout is laid
  out, gives such a chapter the style of ``.chapter.run-in`` (read from a hidden probe
  element, so a book's own style sheet is heard) and has the layout go on from the page it
  now starts on (:mod:`cuebook.render.weasyprint_patches`): the pages before it are laid out once.
  Where that is not available, :func:`review` reads a whole layout, the HTML is marked and
  laid out again until nothing changes: the same pages, in two to four layouts.
- A page that is not a chapter's last is filled at least three quarters of the way down: where
  a question kept whole with the start of its answer (``.part-question``'s ``break-inside`` and
  ``break-after: avoid``) would leave more than a quarter of the page before it blank, that
  question's parts give way (:class:`Loosen`, the class ``loose`` in the fallback): its
  heading and the first lines of its prompt stay together, the rest goes on over the page.
- A code block split across pages says so: the first line on the next page carries a quiet
  "continued" cue. Every code line is laid out with its cue, positioned outside the text's
  flow, so the cues change no page break; :func:`place_cues` then keeps only those of the
  lines that open a page, without laying the handout out again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from weasyprint.css.properties import INHERITED, INITIAL_VALUES
from weasyprint.formatting_structure import boxes

#: A page holding less than this share of its body height is a stranded page.
STRANDED = 0.2
#: A page of a chapter that goes on over the page, filled less than this, has been left
#: blank at its foot by a keep-together rule: the rule gives way.
FILLED = 0.75
#: What a question's parts have once they give way (the style sheet's ``.question.loose``).
_LOOSE = {"break_inside": "auto", "break_after": "auto"}
#: The ``data-probe`` of the hidden element styled as a chapter that runs on.
PROBE = "run-in"
#: What a run-on chapter's style may not change for it to be restyled in place: the
#: properties an element's own attributes decide, and its display (the probe is hidden).
_OWN = frozenset({"display", "anchor", "link", "lang", "bookmark_label", "bookmark_level"})


@dataclass(frozen=True)
class Pagination:
    """What the handout's HTML marks: the chapters that run on, the questions that give way."""

    run_in: frozenset[str] = frozenset()  # ids of chapters that start on the page before
    loose: frozenset[str] = frozenset()  # ids of questions whose parts may break anywhere


def _walk(box: Any) -> Iterator[Any]:
    """``box`` and its descendants, leaving out the page margins (running heads, folios) and
    a page's empty footnote area (present while the pages are being made)."""
    yield box
    for child in getattr(box, "children", ()):
        if not isinstance(child, boxes.MarginBox) and not (
                isinstance(child, boxes.FootnoteAreaBox) and not child.children):
            yield from _walk(child)


def _attribute(box: Any, name: str) -> str | None:
    element = getattr(box, "element", None)
    return None if element is None else element.get(name)


def page_fill(page: Any) -> float:
    """How much of the page's body height its content reaches down to (0 to 1); ``page`` is a
    laid-out page or its page box."""
    root = getattr(page, "_page_box", page)
    top = root.content_box_y()
    height = root.height
    bottom = top
    for box in _walk(root):
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)) or (
                isinstance(box, boxes.BlockBox) and not box.children):
            bottom = max(bottom, box.position_y + box.margin_height())
    return (bottom - top) / height if height else 1.0


def _chapter_boxes(page_boxes: list[Any]) -> dict[str, list[tuple[int, Any]]]:
    """Each chapter's id and its parts: (0-based page, the chapter's box on that page)."""
    found: dict[str, list[tuple[int, Any]]] = {}
    for number, page in enumerate(page_boxes):
        for box in _walk(page):
            classes = (_attribute(box, "class") or "").split()
            if "chapter" in classes and box.element_tag == "section":
                found.setdefault(box.element.get("id"), []).append((number, box))
    return found


def _stranded(page_boxes: list[Any]) -> list[tuple[int, str, Any]]:
    """The chapters that follow a chapter ending on a stranded page: (that page, the
    chapter's id, its first box)."""
    chapters = list(_chapter_boxes(page_boxes).items())
    return [(parts[-1][0], next_id, next_parts[0][1])
            for (_, parts), (next_id, next_parts) in zip(chapters, chapters[1:], strict=False)
            if page_fill(page_boxes[parts[-1][0]]) < STRANDED]


def _classes(box: Any) -> list[str]:
    return (_attribute(box, "class") or "").split()


def _chapters_on(page: Any) -> list[str]:
    """The ids of the chapters with a box on ``page``, in order."""
    return [box.element.get("id") for box in _walk(page)
            if "chapter" in _classes(box) and box.element_tag == "section"]


def _opening_question(page: Any, before: Any) -> Any | None:
    """The box of the question ``page`` opens with, if that question starts on it (it is not
    on the page ``before``)."""
    for box in _walk(page):
        if "question" in _classes(box) and box.element_tag == "article":
            starts = all(b.element is not box.element for b in _walk(before)
                         if "question" in _classes(b))
            return box if starts else None
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
            return None  # the page opens with something else
    return None


def _held_back(page_boxes: list[Any]) -> list[tuple[int, Any]]:
    """(page, question box) for each page of a chapter that goes on over it, filled less than
    :data:`FILLED`, whose next page opens with a question kept whole."""
    found = []
    for number, (page, after) in enumerate(zip(page_boxes, page_boxes[1:], strict=False)):
        here, there = _chapters_on(page), _chapters_on(after)
        if not here or not there or here[-1] != there[0] or page_fill(page) >= FILLED:
            continue  # the chapter ends on this page (or the page is not a chapter's)
        question = _opening_question(after, page)
        if question is not None:
            found.append((number, question))
    return found


def _parts(question: Any) -> Iterator[Any]:
    return (b for b in _walk(question) if "part" in _classes(b))


class Loosen:
    """Lets the parts of a question give way where keeping them together left a page blank
    at its foot (see the module's notes); a :data:`cuebook.render.weasyprint_patches.Reviser`
    like :class:`RunOn`, at most ``rounds`` times."""

    def __init__(self, rounds: int) -> None:
        self.rounds = rounds
        self.loose: set[str] = set()

    def __call__(self, page_boxes: list[Any], context: Any, html: Any) -> int | None:
        found = [(n, q) for n, q in _held_back(page_boxes)
                 if q.element.get("id") not in self.loose]
        if not found or self.rounds == 0:
            return None
        self.rounds -= 1
        for number, question in found:
            for part in _parts(question):
                part.style.update(_LOOSE)  # shared by the part's box in the document's tree
            self.loose.add(question.element.get("id"))
            # Each page is made again, not only the first: WeasyPrint stops making pages again
            # where one starts as it did before (a chapter's first page), before the next.
            if number < len(context.page_maker):
                context.page_maker[number][-1]["content_changed"] = True
        return min(number for number, _ in found)


class Revisions:
    """The handout's revisers, asked in turn: the first page either changes."""

    def __init__(self, rounds: int) -> None:
        self.run_on = RunOn(rounds)
        self.loosen = Loosen(rounds)

    def __call__(self, page_boxes: list[Any], context: Any, html: Any) -> int | None:
        pages = [p for p in (self.run_on(page_boxes, context, html),
                             self.loosen(page_boxes, context, html)) if p is not None]
        return min(pages, default=None)

    @property
    def marks(self) -> Pagination:
        return Pagination(run_in=frozenset(self.run_on.run_in),
                          loose=frozenset(self.loosen.loose))


def _stranded_ends(document: Any) -> set[str]:
    """Chapters that follow a chapter ending on a stranded page."""
    return {chapter for _, chapter, _ in _stranded([p._page_box for p in document.pages])}


class CannotRunOn(Exception):
    """The run-on style changes what a chapter's content inherits: lay the marked HTML out."""


class RunOn:
    """Decides, as the handout is laid out, which chapters run on (see the module's notes);
    a :data:`cuebook.render.weasyprint_patches.Reviser`. Like :func:`review`, it only adds chapters,
    each after a layout that has settled, at most ``rounds`` times."""

    def __init__(self, rounds: int) -> None:
        self.rounds = rounds
        self.run_in: set[str] = set()

    def __call__(self, page_boxes: list[Any], context: Any, html: Any) -> int | None:
        found = [s for s in _stranded(page_boxes) if s[1] not in self.run_in]
        if not found or self.rounds == 0:
            return None
        self.rounds -= 1
        probe = next((e for e in html.etree_element.iter() if e.get("data-probe") == PROBE),
                     None)
        style = None if probe is None else context.style_for(probe)
        if style is None:
            raise CannotRunOn("the handout has no run-on probe")
        for _, chapter, box in found:
            changed = {k: style[k] for k in INITIAL_VALUES
                       if k not in _OWN and style[k] != box.style[k]}
            if INHERITED & changed.keys():
                raise CannotRunOn(f"the run-on style sets {sorted(INHERITED & changed.keys())}")
            box.style.update(changed)  # shared by the chapter's box in the document's tree
            self.run_in.add(chapter)
        return min(page for page, _, _ in found)

    @property
    def marks(self) -> Pagination:
        return Pagination(run_in=frozenset(self.run_in))


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
    for question in body.find_class("question"):
        if question.get("id") in marks.loose:
            question.set("class", question.get("class") + " loose")


def review(document: Any, marks: Pagination) -> Pagination:
    """The marks the next layout should carry, given this layout (made with ``marks``)."""
    pages = [p._page_box for p in document.pages]
    return Pagination(run_in=marks.run_in | _stranded_ends(document),
                      loose=marks.loose | {q.element.get("id") for _, q in _held_back(pages)})


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
