"""Part labels: how a question's body is cut into parts (题目, 答案, Example…).

The reading rules, each with an example in docs/content-format.md:

1. A question is **labelled** when it has a ``question`` label anywhere, or when its body opens
   with a ``question`` or ``answer`` label (``**Answer:**``, ``**答案：**``, an alias, or such a
   label without its colon: read as the label, and an error, for a required part only). Its
   parts start at their labels; text before the first label belongs to no part and is an
   error.
2. Any other question is **label-free**: the heading is the question, the text up to the first
   label of an optional part (``**Example:**``) is the answer, and each such label starts its
   part. Bold lead-ins (``**Explanation:**``, ``**Pros:**``, even ``**Answer:**`` after the answer
   has begun) are text of the part they sit in.
3. Near misses (``**答按：**`` for ``答案``, ``**Answr:**``) are looked for only in labelled
   questions, only for the name of a part the question lacks, and only when the names differ by
   one edit (two from eight characters): ``**Pros:**`` is never a misspelt ``Prompt``. One that
   names a required part is read as that label (the part would be missing otherwise) and is an
   error; one that names an optional part stays text, with a warning, since a real word such
   as ``**例如：**`` ("for example") is one edit from ``例子`` too.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from markdown_it.token import Token

from cuebook.book.config import PartSpec

_LABEL_RE = re.compile(r"^(.{1,16}?)\s*[:：]$")
#: Parts whose label makes a question labelled; the others are optional extras.
CORE_PARTS = ("question", "answer")

LeadKind = Literal["label", "colonless", "near"]


@dataclass(frozen=True)
class BoldLead:
    """A paragraph that opens with bold text: that text, what follows, and whether a colon
    ended it (``**答案：**``, ``**Answer**:``)."""

    text: str
    rest: list[Token]
    colon: bool


@dataclass(frozen=True)
class Lead:
    """A block that starts a part (or might: a near miss, a label without its colon)."""

    kind: LeadKind
    spec: PartSpec
    written: str
    paragraph: list[Token]  # the block's paragraph without its label; [] if nothing is left


@dataclass
class RawPart:
    spec: PartSpec
    line: int
    tokens: list[Token] = field(default_factory=list)


@dataclass
class Reading:
    """A question body cut into parts, with what was wrong on the way (line, message, code)."""

    parts: list[RawPart]
    stray: list[Token]
    labelled: bool
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def bold_lead(block: list[Token]) -> BoldLead | None:
    """If a paragraph opens with bold text (``**答案：**``), that text and the rest."""
    if len(block) != 3 or block[0].type != "paragraph_open":
        return None
    children = block[1].children or []
    while children and children[0].type == "text" and not children[0].content:
        children = children[1:]  # markdown-it leaves an empty text token before delimiters
    if len(children) < 3 or children[0].type != "strong_open" or children[2].type != "strong_close":
        return None
    if children[1].type != "text":
        return None
    inner = children[1].content.strip()
    rest = [copy.copy(c) for c in children[3:]]
    match = _LABEL_RE.match(inner)
    colon = True
    if match:
        inner = match.group(1).strip()
    elif rest and rest[0].type == "text" and rest[0].content[:1] in (":", "："):
        rest[0].content = rest[0].content[1:]
    else:
        colon = False
    if rest and rest[0].type == "text":
        rest[0].content = rest[0].content.lstrip()
    return BoldLead(inner, rest, colon)


def as_written(label: str) -> str:
    """How to write a label in the Markdown: ``**答案：**`` with a full-width colon in CJK,
    ``**Answer:**`` otherwise."""
    cjk = any("\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in label)
    return f"**{label}{'：' if cjk else ':'}**"


def raw_label(block: list[Token]) -> str | None:
    """The label a paragraph opens with (bold, with a colon), if any."""
    lead = bold_lead(block)
    return lead.text if lead is not None and lead.colon else None


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: a swap of two neighbours counts as one edit."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def really_close(written: str, name: str) -> bool:
    """Whether ``written`` is a slip for the label ``name``: one edit (two from eight
    characters); never for one-letter names such as ``Q``, where any letter is one edit away."""
    allowed = 2 if len(name) >= 8 else 1
    if len(name) < 2 or len(written) < 2 or written == name or \
            abs(len(written) - len(name)) > allowed:  # also spares a long bold phrase the work
        return False
    return edit_distance(written, name) <= allowed


class LabelReader:
    """Reads labels against a book's parts (``book.yaml`` ``parts:``, or the language's)."""

    def __init__(self, parts: Sequence[PartSpec]) -> None:
        self.by_name = {name.casefold(): p for p in parts for name in p.names}

    def exact(self, block: list[Token]) -> PartSpec | None:
        lead = bold_lead(block)
        if lead is None or not lead.colon:
            return None
        return self.by_name.get(lead.text.casefold())

    def labels_question(self, blocks: list[list[Token]]) -> bool:
        """Rule 1, exact labels only: a ``question`` label, or a body that opens with a core
        label."""
        specs = [self.exact(b) for b in blocks]
        if any(s is not None and s.key == "question" for s in specs):
            return True
        first = _first_content(blocks)
        return first is not None and (s := specs[first]) is not None and s.key in CORE_PARTS

    def read(self, blocks: list[list[Token]], lines: list[int], *, book_labelled: bool) -> Reading:
        """Cut a question body (its top-level blocks, each starting at ``lines[i]``) into parts.

        ``book_labelled``: some question of the book is labelled, so a near miss opening a body
        (``**答按：**``) is a slip, not a lead-in."""
        present = {s.key for s in (self.exact(b) for b in blocks) if s is not None}
        leads = [self._lead(b, present) for b in blocks]
        first = _first_content(blocks)
        opening = leads[first] if first is not None else None
        labelled = "question" in present or (
            opening is not None and opening.spec.key in CORE_PARTS
            and (opening.kind != "near" or book_labelled))
        if labelled:
            return _labelled(blocks, leads, lines)
        return _label_free(blocks, leads, lines)

    def _lead(self, block: list[Token], present: set[str]) -> Lead | None:
        lead = bold_lead(block)
        if lead is None:
            return None
        folded = lead.text.casefold()
        spec = self.by_name.get(folded)
        if spec is not None and lead.colon:
            return Lead("label", spec, lead.text, _paragraph(block, lead.rest))
        if spec is not None and spec.required and spec.key not in present:
            # Only for a part the question must have: a bold "**Example**" may be prose.
            return Lead("colonless", spec, lead.text, _paragraph(block, lead.rest))
        if spec is None and lead.colon:
            near = [p for name, p in self.by_name.items()
                    if p.key not in present and really_close(folded, name)]
            if near:
                return Lead("near", near[0], lead.text, _paragraph(block, lead.rest))
        return None


def _labelled(blocks: list[list[Token]], leads: list[Lead | None], lines: list[int]) -> Reading:
    reading = Reading([], [], True)
    for block, lead, line in zip(blocks, leads, lines, strict=True):
        if lead is not None and lead.kind == "near" and not lead.spec.required:
            reading.problems.append((line, f"'{lead.written}' is read as text, not as the label "
                                     f"'{lead.spec.label}' it looks like; write "
                                     f"{as_written(lead.spec.label)} to start that part",
                                     "question.near-label"))
            lead = None
        if lead is None:
            (reading.parts[-1].tokens if reading.parts else reading.stray).extend(block)
            continue
        if lead.kind == "near":
            reading.problems.append((line, f"unknown part label '{lead.written}' (did you mean "
                                     f"'{lead.spec.label}'?)", "question.unknown-label"))
        elif lead.kind == "colonless":
            reading.problems.append((line, f"found **{lead.written}** without a colon; write "
                                     f"{as_written(lead.written)} to start the "
                                     f"{lead.spec.label} part",
                                     "question.label-colon"))
        if any(p.spec.key == lead.spec.key for p in reading.parts):
            reading.problems.append((line, f"question has a second {lead.spec.label} part",
                                     "question.duplicate-part"))
        reading.parts.append(RawPart(lead.spec, line, list(lead.paragraph)))
    return reading


def _label_free(blocks: list[list[Token]], leads: list[Lead | None],
                lines: list[int]) -> Reading:
    """Rule 2: the leading text is the answer; only optional parts' exact labels cut it."""
    reading = Reading([], [], False)
    for block, lead, line in zip(blocks, leads, lines, strict=True):
        optional = lead is not None and lead.kind == "label" and lead.spec.key not in CORE_PARTS
        if optional and lead is not None:
            reading.parts.append(RawPart(lead.spec, line, list(lead.paragraph)))
        else:
            (reading.parts[-1].tokens if reading.parts else reading.stray).extend(block)
    return reading


def _first_content(blocks: list[list[Token]]) -> int | None:
    return next((i for i, b in enumerate(blocks) if b and b[0].type != "hr"), None)


def _paragraph(block: list[Token], rest: list[Token]) -> list[Token]:
    paragraph = [block[0], copy.copy(block[1]), block[2]]
    while rest and rest[0].type in ("softbreak", "hardbreak"):
        rest = rest[1:]
    paragraph[1].children = rest
    has_text = any(c.type != "softbreak" and (c.type != "text" or c.content.strip())
                   for c in rest)
    return paragraph if has_text else []
