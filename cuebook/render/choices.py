"""Multiple-choice questions laid out for a reader: the options as a lettered list under the
stem, and an answer that opens with the right option(s), letter and text, before the
explanation.

The question part of the model still holds the options as the author wrote them (a bullet
list with "A:" in its text). The handout and the cue cards show the question's parts, so
they take the book from :func:`with_choices_laid_out`: the same book whose multiple-choice
questions have those two parts rebuilt from :class:`~cuebook.book.model.Choices`. Everything
downstream (formulas drawn, footnotes at the page foot, a card's fitting and its summary
back) then works on what is printed. The Anki deck and the text exports take the pieces one
by one (:func:`options_html`, :func:`right_html`, :func:`option_lines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import lxml.html  # type: ignore[import-untyped,unused-ignore]

from cuebook.book.model import Book, Choice, Choices, Entry, Footnote, Fragment, Part, Question

#: An option whose HTML holds one of these is set as a block (a paragraph of its own, code);
#: any other is a line of text beside its letter.
_BLOCKS = frozenset({"p", "pre", "div", "ul", "ol", "table", "blockquote", "figure", "dl",
                     "h1", "h2", "h3", "h4", "h5", "h6", "hr"})


def with_choices_laid_out(book: Book) -> Book:
    """``book`` with each multiple-choice question's question and answer parts rebuilt (see
    :func:`laid_out`); the same object when it has none, so other books are untouched."""
    if not any(q.choices for q in book.questions):
        return book

    def entry(e: Entry) -> Entry:
        return laid_out(e) if isinstance(e, Question) else e

    chapters = tuple(replace(c, entries=tuple(map(entry, c.entries))) for c in book.chapters)
    return replace(book, chapters=chapters)


def laid_out(question: Question) -> Question:
    """The question part as the stem then the options (a lettered list), the answer part as
    the right option(s) then the explanation; other parts and other questions as they are."""
    choices = question.choices
    if choices is None:
        return question
    parts = tuple(_laid_out_part(p, choices) for p in question.parts)
    return replace(question, parts=parts)


def _laid_out_part(part: Part, choices: Choices) -> Part:
    if part.key == "question":
        content = _joined([choices.stem], options_html(choices.options),
                          "\n".join(option_line(o) for o in choices.options),
                          [o.content for o in choices.options])
        return replace(part, content=content)
    if part.key == "answer":
        right = choices.correct
        key = Fragment(right_html(right), "\n".join(option_line(o) for o in right),
                       _notes([o.content for o in right]))
        return replace(part, content=_after(key, choices.explanation))
    return part


def _joined(before: Sequence[Fragment], html: str, text: str,
            inside: Sequence[Fragment]) -> Fragment:
    """The ``before`` fragments, then ``html`` (whose text is ``text``), as one fragment that
    keeps the footnotes of both in reading order."""
    first = before[0] if before else Fragment("", "")
    return Fragment(first.html + html, "\n".join(x for x in (first.text.strip(), text) if x),
                    first.footnotes + _notes(inside),
                    first.references + tuple(r for f in inside for r in f.references))


def _after(lead: Fragment, rest: Fragment) -> Fragment:
    return Fragment(lead.html + rest.html,
                    "\n".join(x for x in (lead.text, rest.text.strip()) if x),
                    lead.footnotes + rest.footnotes, lead.references + rest.references)


def _notes(fragments: Sequence[Fragment]) -> tuple[Footnote, ...]:
    seen: dict[str, Footnote] = {}
    for fragment in fragments:
        for note in fragment.footnotes:
            seen.setdefault(note.anchor, note)
    return tuple(seen.values())


def options_html(options: Sequence[Choice], mark: str = "") -> str:
    """The options as a lettered list: each item its letter in bold, then its content (code
    stays code). ``mark`` goes before each letter (a check mark on an answer side)."""
    items = "".join(f'<li class="choice"><strong class="choice-letter">{mark}{o.letter}'
                    f"</strong> {_body(o)}</li>\n" for o in options)
    return f'<ol class="choices">\n{items}</ol>\n'


def right_html(right: Sequence[Choice], mark: str = "") -> str:
    """The right option(s), letter and text, as the opening of an answer: one block (a card's
    summary back keeps it whole, never only the first of two right options)."""
    return f'<div class="choice-key">\n{options_html(right, mark)}</div>\n'


def _body(option: Choice) -> str:
    html = option.content.html.strip()
    tag = "div" if _is_block(html) else "span"
    return f'<{tag} class="choice-text">{html}</{tag}>'


def _is_block(html: str) -> bool:
    if not html:
        return False
    holder = lxml.html.fragment_fromstring(html, create_parent="div")
    return any(isinstance(e.tag, str) and e.tag in _BLOCKS for e in holder.iterdescendants())


def option_line(option: Choice, colon: str = ": ") -> str:
    """``A: text``, the option as plain text on one line (its paragraphs and code lines
    joined by spaces)."""
    return f"{option.letter}{colon}{' '.join(option.content.text.split())}"


def option_lines(options: Sequence[Choice], colon: str = ": ") -> list[str]:
    return [option_line(o, colon) for o in options]


__all__ = ["laid_out", "option_line", "option_lines", "options_html", "right_html",
           "with_choices_laid_out"]
