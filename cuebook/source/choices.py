"""Multiple-choice questions: the options a question lists and the one(s) its answer names.

How an author writes one (docs/content-format.md, "Multiple-choice questions"):

- The options are a bullet list in the question part, one item an option, each opening with
  its letter: ``- A: text`` (also ``A.``, ``A)``, ``(A)``, ``A、``, full-width colons), letters
  in order from A (or a). The last such list of the question part is the options; text and
  code before it are the stem.
- The answer opens with the right letter or letters: ``B``, ``**B**``, ``B: text``,
  ``Answer: B``, ``B, D``, ``答案：C``. What follows is the explanation.

A lettered list whose answer names no letter stays an ordinary list (a warning says why);
an answer naming a letter the options lack is an error (:mod:`cuebook.source.check`).
This module works on tokens, before rendering: it returns token slices and letters, and
:mod:`cuebook.source.parse` renders them into :class:`~cuebook.book.model.Choices`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from markdown_it.token import Token

from cuebook.source.markdown import plain_text

#: ``A: text``, ``A. text``, ``A) text``, ``(A) text``, ``A、text``, ``Ａ：`` … at an item's start.
_OPTION = re.compile(r"^\s*[(（]?([A-Za-z]|[1-9][0-9]?)\s*[:：.．)）、]\s*")
#: The letters an answer opens with, after an optional label word (``Answer:``, ``答案：``),
#: and what ends them: the end, a mark, a dash between spaces or a Chinese dash (``B——…``).
_ANSWER = re.compile(
    r"^\s*(?:[^\W\d_][^\W\d_ ]{0,15}(?: [^\W\d_]{1,15})?\s*[:：]\s*)?"
    r"[(（]?((?:[A-Za-z]|[1-9][0-9]?)(?:\s*(?:[,，、/&]|\band\b|和|或)\s*(?:[A-Za-z]|[1-9][0-9]?))*)"
    r"[)）]?"
    r"(?=\s*$|\s*[:：.．)）、。,，;；]|\s+[-–—]\s|\s*——)"
    r"\s*(?:[:：.．)）、。,，;；]|——|[-–—](?=\s))?\s*")
_LETTERS = re.compile(r"[A-Za-z]|[1-9][0-9]?")


@dataclass(frozen=True)
class RawOption:
    letter: str  # upper case: "A"
    tokens: list[Token]  # the item's content, its letter removed
    line: int


@dataclass(frozen=True)
class RawChoices:
    stem: list[Token]  # the question part without the options list
    prompt: list[Token]  # the question part as written (stem and options)
    options: list[RawOption]
    letters: tuple[str, ...]  # the letters the answer names, upper case, as written
    explanation: list[Token]  # the answer without the words that name the letters
    answer_line: int


def options_list(tokens: list[Token]) -> tuple[int, int, list[RawOption]] | None:
    """The last top-level bullet list of ``tokens`` whose items open with the letters A, B, …
    in order: its token span ``[start, end)`` and its options."""
    found = None
    base = min((t.level for t in tokens), default=0)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "bullet_list_open" and token.level == base:
            end = _closing(tokens, i)
            options = _options(tokens[i + 1:end - 1])
            if options is not None:
                found = (i, end, options)
            i = end
        else:
            i += 1
    return found


def answer_letters(tokens: list[Token], numbered: bool = False
                   ) -> tuple[tuple[str, ...], list[Token]] | None:
    """The letters the first paragraph of an answer opens with, and the answer without them
    (a paragraph left empty is dropped). ``numbered``: the options are ``1:``, ``2:`` …, so
    the answer names numbers; else letters only (``2 of them`` is no option)."""
    first = next((i for i, t in enumerate(tokens) if t.type == "inline"), None)
    if first is None or first == 0 or tokens[first - 1].type != "paragraph_open":
        return None
    inline = tokens[first]
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content)]
    # **B** or **B: text** at the start: read through the bold.
    text, consumed = "", 0
    for child in children:
        if child.type in ("strong_open", "strong_close", "em_open", "em_close"):
            consumed += 1
            continue
        if child.type == "softbreak":
            text += " "
        elif child.type == "text":
            text += child.content
        else:
            break
        consumed += 1
    match = _ANSWER.match(text[:200])
    if match is None or any(x.isdigit() != numbered for x in _LETTERS.findall(match.group(1))):
        return None
    letters = tuple(dict.fromkeys(x.upper() for x in _LETTERS.findall(match.group(1))))
    rest = _drop_prefix(children, match.end())
    paragraph_end = _closing(tokens, first - 1)
    body = list(tokens[paragraph_end:])
    if _has_text(rest):
        kept = copy.copy(inline)
        kept.children = rest
        kept.content = "".join(c.content for c in rest)
        body = [tokens[first - 1], kept, *tokens[first + 1:paragraph_end]] + body
    return letters, body


def read_choices(question: list[Token], answer: list[Token], answer_line: int
                 ) -> RawChoices | None | tuple[str, int]:
    """The question's options and the answer's letters; ``None`` when the question lists no
    options; ``("unmarked", line)`` when it lists options but the answer names none."""
    found = options_list(question)
    if found is None:
        return None
    start, end, options = found
    named = answer_letters(answer, options[0].letter.isdigit())
    if named is None:
        return ("unmarked", options[0].line)
    letters, explanation = named
    explanation = _without_repeated_option(explanation, options, letters)
    return RawChoices(question[:start] + question[end:], question, options, letters,
                      explanation, answer_line)


def _without_repeated_option(explanation: list[Token], options: list[RawOption],
                             letters: tuple[str, ...]) -> list[Token]:
    """``B: `1` `` then the explanation: the option's text, which every output shows beside
    its letter, is not repeated as the explanation's first paragraph."""
    if len(letters) != 1 or len(explanation) < 3 or explanation[0].type != "paragraph_open":
        return explanation
    option = next((o for o in options if o.letter == letters[0]), None)
    end = _closing(explanation, 0)
    if option is not None and plain_text(explanation[:end]).strip() == \
            plain_text(option.tokens).strip():
        return explanation[end:]
    return explanation


def _options(items: list[Token]) -> list[RawOption] | None:
    options: list[RawOption] = []
    i = 0
    while i < len(items):
        if items[i].type != "list_item_open":
            return None
        end = _closing(items, i)
        inner = items[i + 1:end - 1]
        option = _option(inner, len(options), items[i])
        if option is None:
            return None
        options.append(option)
        i = end
    return options if len(options) >= 2 else None


def _option(inner: list[Token], index: int, item: Token) -> RawOption | None:
    if len(inner) < 3 or inner[0].type != "paragraph_open" or inner[1].type != "inline":
        return None
    children = list(inner[1].children or [])
    if not children or children[0].type != "text":
        return None
    match = _OPTION.match(children[0].content)
    if match is None:
        return None
    letter = match.group(1)
    expected = str(index + 1) if letter.isdigit() else \
        chr((ord("a") if letter.islower() else ord("A")) + index)
    if letter != expected:
        return None
    rest = _drop_prefix(children, match.end())
    kept = copy.copy(inner[1])
    kept.children = rest
    kept.content = "".join(c.content for c in rest)
    line = item.map[0] + 1 if item.map else 0
    return RawOption(letter.upper(), [inner[0], kept, *inner[2:]], line)


def _drop_prefix(children: list[Token], length: int) -> list[Token]:
    """``children`` without their first ``length`` characters of text (and any emphasis
    markers among them, with the markers that close them)."""
    out: list[Token] = []
    left = length
    dropped_opens: list[str] = []
    for child in children:
        if left > 0 and child.type in ("strong_open", "em_open"):
            dropped_opens.append(child.type.replace("_open", "_close"))
            continue
        if left <= 0 and dropped_opens and child.type == dropped_opens[-1]:
            dropped_opens.pop()
            continue
        if left > 0 and child.type in ("strong_close", "em_close"):
            if dropped_opens and dropped_opens[-1] == child.type:
                dropped_opens.pop()
            continue
        if left > 0 and child.type == "softbreak":
            left -= 1
            continue
        if left > 0 and child.type == "text":
            if len(child.content) <= left:
                left -= len(child.content)
                continue
            child = copy.copy(child)
            child.content = child.content[left:].lstrip()
            left = 0
        out.append(child)
    while out and out[0].type in ("softbreak", "hardbreak") or \
            out and out[0].type == "text" and not out[0].content.strip():
        out = out[1:]
    return out


def _has_text(children: list[Token]) -> bool:
    return any(c.type not in ("softbreak", "hardbreak") and (c.type != "text" or c.content.strip())
               for c in children)


def _closing(tokens: list[Token], start: int) -> int:
    """The index just past the token that closes ``tokens[start]``."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i + 1
    return len(tokens)


__all__ = ["RawChoices", "RawOption", "answer_letters", "options_list", "read_choices"]
