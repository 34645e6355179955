"""The reading page's questions, each rendered once per version of it and kept: ``cuebook serve``
writes the reading page of a 500-question bank again after each save, and rendering every
question (Jinja, then the CJK finish over 1.4 MB of HTML) took most of a second of the
"edit shows within a second" budget; with this, an edit renders the question it changed.

The page is rendered with a slot where each question goes (site/book.html.j2 calls
:class:`QuestionSlots`); the questions are rendered by site/question.html.j2, or taken from
what an earlier page of this process kept, and put into their slots. The CJK finish
(:mod:`cuebook.render.cjk`) is applied to the page around the slots and to each question on
its own: every one of its steps works within a block (a paragraph, a heading, a run of text in
one block), and a question is a block of its own, so finishing the parts is finishing the
page; the same bytes as the whole page finished at once (tests/test_site_questions.py).

A kept question is used again only when everything it is made from is the same: the question
itself, its heading level, the page, the templates, the book's anchors and images, and the
footnotes the page has referred to before it (:meth:`FragmentXhtml.seen`).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import lxml.html  # type: ignore[import-untyped,unused-ignore]
from markupsafe import Markup

from cuebook.book.model import Question
from cuebook.render import cjk
from cuebook.render.xhtml import FragmentXhtml, NotesSeen

TEMPLATE = "site/question.html.j2"
#: Questions kept, in all: the reading pages of a few big banks (each a few kilobytes).
KEPT = 4096


@dataclass(frozen=True)
class Rendered:
    """A question as site/question.html.j2 writes it: the element, the white space the
    template puts around it, and what rendering it added to the page's footnote state."""

    before: str
    element: str
    after: str
    notes: NotesSeen

    @property
    def finished(self) -> tuple[bool, str]:
        """Whether it has CJK text, and the element with the CJK finish."""
        return _finished(self.element)


_KEPT: OrderedDict[Hashable, Rendered] = OrderedDict()
_FINISHED: dict[str, tuple[bool, str]] = {}


def _finished(element: str) -> tuple[bool, str]:
    found = _FINISHED.get(element)
    if found is None:
        root = lxml.html.fragment_fromstring(element)
        has = cjk.has_cjk(root)
        if has:
            cjk.typeset(root, cjk_only=True)
        text = str(lxml.html.tostring(root, encoding="unicode", with_tail=False))
        found = _FINISHED[element] = (has, text.replace("<wbr></wbr>", "<wbr>"))
        if len(_FINISHED) > KEPT:
            del _FINISHED[next(iter(_FINISHED))]
    return found


class QuestionSlots:
    """``question(entry, level)`` for site/book.html.j2: renders (or takes from what is kept)
    each question and leaves a slot in the page; :meth:`page` puts them in."""

    def __init__(self, env: jinja2.Environment, x: FragmentXhtml, page: str,
                 context: dict[str, Any], project_dir: Path) -> None:
        self._template = env.get_template(TEMPLATE)
        self._x = x
        self._context = context
        self._key = _digest(page, _templates_digest(project_dir), context["lang"],
                            *sorted(x.anchor_files.items()), *sorted(x.images.items()))
        self._slots: list[Rendered] = []

    def __call__(self, entry: Question, level: int) -> Markup:
        key = (self._key, level, entry, self._x.seen())
        found = _KEPT.get(key)
        if found is None:
            found = _KEPT[key] = self._render(entry, level)
            if len(_KEPT) > KEPT:
                _KEPT.popitem(last=False)
        else:
            _KEPT.move_to_end(key)
            self._x.add_seen(found.notes)
        self._slots.append(found)
        return Markup(f"{found.before}{_slot(len(self._slots) - 1)}{found.after}")

    def _render(self, entry: Question, level: int) -> Rendered:
        before = self._x.seen()
        html = self._template.render(**self._context, entry=entry, q_level=level)
        start = len(html) - len(html.lstrip())
        end = len(html.rstrip())
        return Rendered(html[:start], html[start:end], html[end:], self._x.since(before))

    def page(self, html: str) -> str | None:
        """The page rendered with slots (``html``), its questions in them and the CJK
        finish applied, as :func:`cjk.finish_html` does to the whole page; None when the
        slots are not where they were put (the page is then rendered whole)."""
        raw = self._fill(html, [r.element for r in self._slots])
        if raw is None:
            return None
        around = _around(html, any(r.finished[0] for r in self._slots))
        if around is None:
            return raw
        return self._fill(around + "\n" if raw.endswith("\n") and not around.endswith("\n")
                          else around, [r.finished[1] for r in self._slots])

    def _fill(self, html: str, elements: list[str]) -> str | None:
        """``html`` with each slot replaced by its element; None when a slot is not found
        exactly once (a page whose own text looks like one)."""
        pieces: list[str] = []
        at = 0
        for index, element in enumerate(elements):
            slot = _slot(index)
            found = html.find(slot, at)
            if found < 0 or html.find(slot, found + len(slot)) >= 0:
                return None
            pieces.extend((html[at:found], element))
            at = found + len(slot)
        pieces.append(html[at:])
        return "".join(pieces)


_AROUND: OrderedDict[tuple[str, bool], str | None] = OrderedDict()


def _around(html: str, questions_cjk: bool) -> str | None:
    """The page around the slots (its contents list, chapter titles, header) with the CJK
    finish; None when the page has no CJK text at all (it stays as written). Kept: an edit
    of an answer leaves it as it was."""
    key = (html, questions_cjk)
    if key in _AROUND:
        _AROUND.move_to_end(key)
        return _AROUND[key]
    document = lxml.html.document_fromstring(html)
    text = None
    if cjk.has_cjk(document.body) or questions_cjk:
        cjk.typeset(document.body, cjk_only=True)
        text = str(lxml.html.tostring(document, doctype="<!DOCTYPE html>", encoding="unicode"))
        text = text.replace("<wbr></wbr>", "<wbr>")
    _AROUND[key] = text
    while len(_AROUND) > 8:
        _AROUND.popitem(last=False)
    return text


def _slot(index: int) -> str:
    """Where question ``index`` of the page goes, as written and as lxml writes it again."""
    return f'<article id="cuebook-slot-{index}"></article>'


def _digest(*values: object) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()


def _templates_digest(project_dir: Path) -> str:
    """The site's templates as they are now (``serve`` keeps questions across saves of a
    template too)."""
    digest = hashlib.sha256()
    for path in sorted((project_dir / "templates" / "site").glob("*.j2")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
