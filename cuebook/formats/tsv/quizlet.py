"""Cards as Quizlet imports them: one card a line, term TAB definition, plain text.

Quizlet's import ("Import from Word, Excel, Google Docs…") splits cards on new lines and the
term from the definition on the tab by default, and shows what it gets as text: HTML tags
and entities appear literally, so the Anki TSV (``#html:true``, ``<br>``) reads badly there.
This file is written beside it as ``<slug>-quizlet.txt``.

A card must stay on one line, so the text's shape is written with plain characters: list items
start with "• " (or "1. " in a numbered list), a line break inside a paragraph and each line of
code become " ↵ ", blocks (paragraphs, items) follow each other after a space, images become
their alt text, and footnotes follow as "[1] …". The term is the title and what the question
asks; the definition is the answer, then each other part after its label ("举例：…"). A
multiple-choice question's term holds its options, its definition opens with the right one(s);
a term that repeats an earlier one is marked " (2)", so every card has a term of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import html as lxml_html  # type: ignore[import-untyped,unused-ignore]
from lxml.etree import _Element  # type: ignore[import-untyped,unused-ignore]

from cuebook.book.model import Book, Choice, Choices, Fragment, Question
from cuebook.i18n import colon
from cuebook.render.notes import back_parts

LINE_BREAK = " ↵ "
_BLOCKS = frozenset({"p", "div", "section", "blockquote", "figure", "figcaption", "table", "tr",
                     "dl", "dt", "dd", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr"})
#: Stands for a block boundary while the text is gathered (a private-use character).
_BLOCK = "\ue000"
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")


def quizlet_text(book: Book) -> str:
    return "".join(line + "\n" for line in distinct_terms(card_line(book, q)
                                                          for q in book.questions))


def distinct_terms(lines: Iterable[str]) -> Iterator[str]:
    """The card lines, a term that repeats an earlier one marked " (2)", " (3)"…: Quizlet
    shows the cards of a set by term, and a bank of 49 "What's the output?" read as one."""
    seen: set[str] = set()
    for line in lines:
        term, tab, definition = line.partition("\t")
        count, unique = 1, term
        while unique in seen:
            count += 1
            unique = f"{term} ({count})"
        seen.add(unique)
        yield f"{unique}{tab}{definition}"


def card_line(book: Book, question: Question) -> str:
    """``term\\tdefinition`` for one question."""
    mark = colon(book.config.language)
    if question.choices is not None:
        return _choice_line(question, question.choices, mark)
    ask = question.part("question")
    term = [fragment_text(question.title)] + ([fragment_text(ask.content)] if ask else [])
    definition = [fragment_text(p.content) if p.key == "answer"
                  else f"{p.label}{mark}{fragment_text(p.content)}"
                  for p in back_parts(question)]
    return f"{_join(term)}\t{_join(definition)}"


def _choice_line(question: Question, choices: Choices, mark: str) -> str:
    """A multiple-choice card: the term is the title, the stem (its code too) and every
    option ("A: text"), so two questions titled alike ("What's the output?") differ; the
    definition opens with the right option(s), then the explanation and the other parts."""
    term = [fragment_text(question.title), fragment_text(choices.stem),
            *(_option(o, mark) for o in choices.options)]
    definition = [*(_option(o, mark) for o in choices.correct),
                  fragment_text(choices.explanation)]
    definition += [f"{p.label}{mark}{fragment_text(p.content)}" for p in back_parts(question)
                   if p.key != "answer"]
    return f"{_join(term)}\t{_join(definition)}"


def _option(option: Choice, mark: str) -> str:
    return f"{option.letter}{mark}{fragment_text(option.content)}"


def _join(pieces: list[str]) -> str:
    """One field; a space before a leading ``=``, ``+``, ``-`` or ``@``, so that a spreadsheet
    opening the file reads text, not a formula (Quizlet trims it)."""
    text = LINE_BREAK.join(p for p in pieces if p)
    return " " + text if text[:1] in "=+-@" else text


def fragment_text(fragment: Fragment) -> str:
    """A rendered fragment as one line of plain text, its footnotes after it."""
    text = html_text(fragment.html)
    notes = [f"[{n.number}] {html_text(n.html)}" for n in fragment.footnotes]
    return " ".join(t for t in [text, *notes] if t)


def html_text(markup: str) -> str:
    if not markup.strip():
        return ""
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    pieces: list[str] = []
    _walk(root, pieces)
    blocks = ("".join(pieces)).split(_BLOCK)
    lines = (LINE_BREAK.join(_tidy(part) for part in block.split("\n") if _tidy(part))
             for block in blocks)
    return " ".join(line for line in lines if line)


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _walk(element: _Element, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        out.append("\n")
    elif tag == "img":
        out.append(element.get("alt") or "")
    elif tag == "pre":
        # Code keeps its lines (as " ↵ "); the source's own new lines are breaks here.
        out.append(_BLOCK + element.text_content().rstrip("\n") + _BLOCK)
    elif tag == "sup" and "footnote-ref" in (element.get("class") or ""):
        out.append(f"[{element.text_content().strip()}]")
    elif tag == "li":
        out.append(_BLOCK + _bullet(element))
        _inside(element, out)
        out.append(_BLOCK)
    elif tag in ("td", "th"):
        out.append(" | " if element.getprevious() is not None else "")
        _inside(element, out)
    elif tag in _BLOCKS:
        out.append(_BLOCK)
        _inside(element, out)
        out.append(_BLOCK)
    else:
        _inside(element, out, soft=True)
    if element.tail:
        out.append(_soft(element.tail))


def _inside(element: _Element, out: list[str], soft: bool = True) -> None:
    if element.text:
        out.append(_soft(element.text) if soft else element.text)
    for child in element:
        _walk(child, out)


def _soft(text: str) -> str:
    """A new line in the HTML source is only white space (a soft break), never a line."""
    return text.replace("\n", " ")


def _bullet(item: _Element) -> str:
    parent = item.getparent()
    if parent is None or parent.tag != "ol":
        return "• "
    start = int(parent.get("start") or 1) if (parent.get("start") or "1").isdigit() else 1
    position = [c for c in parent if c.tag == "li"].index(item)
    return f"{start + position}. "
