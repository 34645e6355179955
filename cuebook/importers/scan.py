"""Scanners for a stranger's Markdown and notes, each in time linear in its input.

The importers once matched these shapes with regular expressions whose backtracking a hostile
file turns quadratic or cubic (a heading of 3,000 spaces took 39 s, a note of ``{{c1::`` ×
15,000 ran for minutes). Each function here reads its text left to right, never revisiting a
character more than a fixed number of times, and returns what the expression returned.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: What may follow a heading's text: spaces, a closing run of ``#``, spaces (CommonMark).
_MARKERS = "-*+"


@dataclass(frozen=True)
class HeadingLine:
    """``  - ## Title ##``: the list-item prefix (``"  - "``), the ``#`` run and the title."""

    prefix: str
    hashes: str
    text: str


def atx_heading(line: str) -> HeadingLine | None:
    """An ATX heading, plain or inside a list item (``1. ## x``, ``- ### x``); None if not."""
    i = _skip_space(line, 0)
    start = i
    while i < len(line) and line[i].isdecimal() and i - start < 9:
        i += 1
    marks = ".)" if i > start else _MARKERS  # "12." or "12)" after digits, else "-" "*" "+"
    i = _marker_space(line, i + 1, start) if i < len(line) and line[i] in marks else start
    hashes_end = i
    while hashes_end < len(line) and line[hashes_end] == "#":
        hashes_end += 1
    count = hashes_end - i
    if not 1 <= count <= 6 or hashes_end == len(line) or not line[hashes_end].isspace():
        return None
    return HeadingLine(line[:i], line[i:hashes_end], _title(line[hashes_end:].lstrip()))


def part_heading(line: str) -> str | None:
    """The title of a ``###`` to ``######`` heading written with spaces or tabs, else None."""
    hashes_end = len(line) - len(line.lstrip("#"))
    if not 3 <= hashes_end <= 6 or hashes_end == len(line) or line[hashes_end] not in " \t":
        return None
    rest = line[hashes_end:].lstrip(" \t")
    if not rest:
        return None
    kept = len(rest.rstrip(" \t").rstrip("#").rstrip(" \t"))
    return rest[:max(1, kept)]


def _skip_space(line: str, i: int) -> int:
    while i < len(line) and line[i].isspace():
        i += 1
    return i


def _marker_space(line: str, i: int, start: int) -> int:
    """After a list marker: the end of the space that must follow it, else ``start`` (no
    marker after all)."""
    end = _skip_space(line, i)
    return end if end > i else start


def _title(rest: str) -> str:
    return rest.rstrip().rstrip("#").rstrip()


def fence_run(line: str, indent: int = -1) -> str:
    """The run of three or more backticks or tildes that opens (or closes) a fenced code block
    on this line, after at most ``indent`` spaces (any number when -1), else "".

    A backtick run with another backtick later on its line is no fence: CommonMark allows
    no backtick in a fence's info string, so ````` ```const x = 1``` ````` is an inline code
    span (READMEs write them), and reading it as a fence swallows what follows.
    """
    i = _skip_space(line, 0)
    if indent >= 0 and i > indent:
        return ""
    end = i
    while end < len(line) and line[end] == line[i] and line[i] in "`~":
        end += 1
    if end - i < 3 or (line[i] == "`" and line.find("`", end) >= 0):
        return ""
    return line[i:end]


def quote_depth(line: str, most: int = 100) -> tuple[int, str]:
    """How many block quotes a line is in (``> > x``: 2), counting ``most`` at most, and the
    rest of it after their markers."""
    depth, i = 0, 0
    while depth < most:
        j = _skip_space(line, i)
        if j >= len(line) or line[j] != ">" or j - i > 3:
            break
        depth, i = depth + 1, j + 1
        if line.startswith(" ", i):
            i += 1
    return depth, line[i:]


def code_lines(lines: list[str]) -> list[bool]:
    """Whether each line is code: a fence line, or a line of a fenced block. A fence opened
    inside a block quote (``> ```js``) ends with the line that leaves the quote, as CommonMark
    ends it, if no closing fence comes first."""
    out, fence, depth = [], "", 0
    for line in lines:
        # Inside a fence, only the quotes it was opened in are markers: "> ```" in a fence
        # at the margin is code.
        level, rest = quote_depth(line, depth if fence else 100)
        if fence and level < depth:
            fence = ""  # the quote ended, and the fence with it
            level, rest = quote_depth(line)
        opening = fence_run(rest)
        if fence:
            if opening and opening[0] == fence[0]:
                fence = ""
            out.append(True)
        elif opening:
            fence, depth = opening, level
            out.append(True)
        else:
            out.append(False)
    return out


@dataclass(frozen=True)
class Block:
    """An HTML element's extent: where ``<tag …>`` starts, and where its inside starts and
    ends (before ``</tag>``); ``end`` is after the closing tag."""

    start: int
    inner_start: int
    inner_end: int
    end: int


def tag_blocks(text: str, tag: str) -> Iterator[Block]:
    """Each ``<tag …>…</tag>`` in order, the first closing tag ending it (case aside), as
    ``re.finditer(r"<tag[^>]*>(.*?)</tag>", re.S | re.I)`` found them."""
    opening = re.compile(f"<{tag}", re.I)
    closing = re.compile(f"</{tag}>", re.I)
    at = 0
    while (start := opening.search(text, at)) is not None:
        inner_start = text.find(">", start.end()) + 1
        if inner_start == 0:
            return
        close = closing.search(text, inner_start)
        if close is None:
            return  # a later opening has its ">" no earlier and finds no closing either
        yield Block(start.start(), inner_start, close.start(), close.end())
        at = close.end()


def replace_blocks(text: str, tag: str, rewrite: Callable[[str], str]) -> str:
    """``text`` with each whole ``<tag>…</tag>`` block replaced by ``rewrite(block)``."""
    pieces, at = [], 0
    for block in tag_blocks(text, tag):
        pieces += [text[at:block.start], rewrite(text[block.start:block.end])]
        at = block.end
    return "".join(pieces) + text[at:]


@dataclass(frozen=True)
class Cloze:
    """``{{c1::answer::hint}}``: its extent, the answer and the hint (None without one)."""

    start: int
    end: int
    answer: str
    hint: str | None


_CLOZE_START = re.compile(r"\{\{c\d+::")


def clozes(text: str) -> Iterator[Cloze]:
    """Each cloze deletion, as ``\\{\\{c\\d+::(.*?)(?:::(.*?))?\\}\\}`` (dot matching newlines)
    found them: the answer runs to the first ``::`` or ``}}``, the hint to the next ``}}``."""
    at = 0
    while (found := _CLOZE_START.search(text, at)) is not None:
        body = found.end()
        close = text.find("}}", body)
        if close < 0:
            return  # no later cloze can close either
        colons = text.find("::", body, close)  # "::" before "}}": the hint runs to "}}"
        if colons >= 0:
            yield Cloze(found.start(), close + 2, text[body:colons], text[colons + 2:close])
        else:
            yield Cloze(found.start(), close + 2, text[body:close], None)
        at = close + 2


def replace_clozes(text: str, rewrite: Callable[[Cloze], str]) -> str:
    pieces, at = [], 0
    for cloze in clozes(text):
        pieces += [text[at:cloze.start], rewrite(cloze)]
        at = cloze.end
    return "".join(pieces) + text[at:]


#: A fence line (see :func:`fence_run`): possessive, so a long run is never tried shorter.
#: Quote markers may come first (``> ```js``).
_FENCE_LINE = re.compile(r"^[ \t]*+(?:>[ \t]*+)*+(`{3,}+(?=[^`\n]*+$)|~{3,}+)", re.M)
_TICKS = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where code is, in order: fenced blocks (closed by a line of the same fence, or running
    to the end) and code spans (a run of backticks closed by the next run of the same length).
    A run no run of its length closes is text, as CommonMark reads it."""
    fences = [(m.start(), m.group(1)) for m in _FENCE_LINE.finditer(text)]
    runs = [(m.start(), m.end() - m.start()) for m in _TICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for start, length in runs:
        by_length.setdefault(length, []).append(start)
    spans: list[tuple[int, int]] = []
    at, f, r = 0, 0, 0
    while True:
        while f < len(fences) and fences[f][0] < at:
            f += 1
        while r < len(runs) and runs[r][0] < at:
            r += 1
        fence = fences[f] if f < len(fences) else None
        run = runs[r] if r < len(runs) else None
        if fence is None and run is None:
            return spans
        if fence is not None and (run is None or fence[0] <= run[0]):
            end = _fence_end(text, fence[0], fence[1], fences, f)
        else:
            assert run is not None
            start, length = run
            starts = by_length[length]
            closer = bisect.bisect_right(starts, start)
            if closer == len(starts):
                at = start + length
                continue
            end = starts[closer] + length
            fence = (start, "")
        spans.append((fence[0], end))
        at = end


def _fence_end(text: str, start: int, opener: str, fences: list[tuple[int, str]],
               index: int) -> int:
    """Where the fenced block opened at ``start`` ends: after the first later line made of
    the opener (then more ``\\``` or ``~``, then spaces), else at the end of the text."""
    if text.find("\n", start) < 0:
        return len(text)
    for later in range(index + 1, len(fences)):
        line_start, run = fences[later]
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end].lstrip(" \t>")
        if run.startswith(opener) and not line.rstrip(" \t").strip("`~") \
                and line.startswith(opener):
            return line_end
    return len(text)


@dataclass(frozen=True)
class Link:
    """``[text](target "title")`` or ``![alt](target)``: its extent, text and target, and
    the Markdown it was written as."""

    start: int
    end: int
    text: str
    target: str
    source: str


#: After ``](``: spaces, an optional ``<``, the target, an optional ``>``, an optional title
#: in double quotes, spaces, ``)``. Possessive: nothing here gives back what it took.
_TAIL = re.compile(r'\s*+<?+([^)\s>]*+)>?+(?:\s++"[^"\n]*+")?+\s*+\)')
#: The same up to the target's end: a failed tail's scan, so later starts inside it are skipped.
_TARGET = re.compile(r"\s*+<?+[^)\s>]*+")
#: What CommonMark reads besides: ``<a target with spaces>``, one level of parentheses in a
#: target (``jvm-(memory).md``), a title in single quotes or parentheses. Tried when the
#: plain tail fails; each piece stops at a space, an angle bracket or a line break, so a
#: scan never runs past the next start's.
_TAIL_MORE = re.compile(
    r"\s*+(?:<([^<>\n]*+)>|((?:[^()\s<>]++|\([^()\s<>]*+\))++))"
    r"""(?:\s++(?:"[^"\n]*+"|'[^'\n]*+'|\([^()\n]*+\)))?+\s*+\)""")


def links(text: str, image: bool) -> Iterator[Link]:
    """Each inline image (``image``) or link (not preceded by ``!``) whose text has no ``]``
    or line break, as the importers' expressions found them, in one pass: every start before
    a ``]`` that is not followed by a valid ``(…)`` fails the same way, so is skipped, as is
    every ``](`` inside the target of one that failed."""
    opening = "![" if image else "["
    at = dead = 0
    while (start := text.find(opening, at)) >= 0:
        if not image and start > 0 and text[start - 1] == "!":
            at = start + 1
            continue
        body = start + len(opening)
        close = text.find("]", body)
        if close < 0:
            return
        newline = text.find("\n", body, close)
        if newline >= 0:
            at = newline + 1
            continue
        if close + 2 < dead or not text.startswith("(", close + 1):
            at = close + 1
            continue
        tail = _TAIL.match(text, close + 2)
        if tail is None or "(" in tail.group(1):
            tail = _TAIL_MORE.match(text, close + 2) or tail
        if tail is None:
            # Every "](" before the end of this target fails the same way: skip them.
            dead = _TARGET.match(text, close + 2).end()  # type: ignore[union-attr]
            at = close + 1
            continue
        target = tail.group(1) if tail.group(1) is not None else tail.group(2)
        yield Link(start, tail.end(), text[body:close], target, text[start:tail.end()])
        at = tail.end()
