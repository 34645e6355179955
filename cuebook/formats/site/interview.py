"""The mock-interview page's data, derived once at build time: each question's key points.

A learner answers aloud against the clock, then reveals the key points and ticks those they
covered. The points are the author's own ``keypoints`` part when the book has one (``back:
[keypoints]`` on the cards), else the answer's: its first-level list items when it has a list,
else its first sentences. Plain text, short, at most :data:`MAX_POINTS` (a list of twelve is no
checklist to tick in a minute). A multiple-choice question has none: it is answered by picking
an option.
"""

from __future__ import annotations

import re

import lxml.html

from cuebook.book.model import Fragment, Question

#: At most this many key points per question.
MAX_POINTS = 6
#: A prose answer gives at most this many of its first sentences.
MAX_SENTENCES = 4
#: A point longer than this is cut at a word (or character) with "…".
MAX_CHARS = 160
#: The part an author may write for the key points (the cards' ``back: [keypoints]``).
KEYPOINTS = "keypoints"

_LISTS = ("ul", "ol")
# A sentence ends at . ! ? followed by a space, or at the Chinese 。！？, with the closing quotes
# or brackets that belong to it.
_WESTERN_END = re.compile(r"([.!?][\"'”’)]*) ")
_CHINESE_END = re.compile(r"([。！？][”’」』）)]*)")
_SPACE = re.compile(r"\s+")


def key_points(question: Question) -> tuple[str, ...]:
    """The points to tick after answering ``question`` (empty for multiple choice)."""
    if question.choices:
        return ()
    own = question.part(KEYPOINTS)
    if own is not None:
        return points_of(own.content)
    answer = question.part("answer")
    return points_of(answer.content) if answer is not None else ()


def points_of(fragment: Fragment) -> tuple[str, ...]:
    """A fragment's first-level list items, else its first sentences; capped, plain text."""
    if fragment.is_empty:
        return ()
    root = lxml.html.fragment_fromstring(fragment.html, create_parent="div")
    items = [_item_text(li) for ul in _top_lists(root) for li in ul if li.tag == "li"]
    points = [p for p in items if p][:MAX_POINTS]
    if not points:
        points = sentences(_prose_text(root) or fragment.text)[:MAX_SENTENCES]
    return tuple(_short(p) for p in points)


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences, Western and Chinese ends alike; blanks dropped."""
    marked = _CHINESE_END.sub("\\1\n", _WESTERN_END.sub("\\1\n", _clean(text)))
    return [s for s in (_clean(part) for part in marked.split("\n")) if s]


def _top_lists(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The lists not inside another list, in reading order."""
    found = []
    for node in root.iter(*_LISTS):
        if not any(a.tag in ("li", *_LISTS) for a in node.iterancestors()):
            found.append(node)
    return found


def _item_text(li: lxml.html.HtmlElement) -> str:
    """An item's own text: without its sub-lists, and without a code block (a point is read,
    not run)."""
    parts: list[str] = [li.text or ""]
    for child in li:
        if child.tag not in (*_LISTS, "pre"):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return _clean("".join(parts))


def _prose_text(root: lxml.html.HtmlElement) -> str:
    """The text of the answer's paragraphs (code, tables and figures are not sentences)."""
    return " ".join(p.text_content() for p in root.iter("p")
                    if not any(a.tag in ("li", "table", "figure", "blockquote")
                               for a in p.iterancestors()))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _short(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    cut = text[:MAX_CHARS]
    if " " in cut[MAX_CHARS // 2:]:  # a Western text: cut at a space
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:，；：、") + "…"
