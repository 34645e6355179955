"""Summary backs: what a card's back keeps of an answer too long for one card.

An answer is read as its top-level blocks (paragraphs, lists, tables, code), in order across
the back's parts. A summary keeps the first ``count`` of them, leaving out code longer than a
few lines (a card is no place to read 30 lines of code; the handout is), and never ends on a
label that introduces what was left out (``**复杂度：**`` with its list on the next card).
The blocks are cut with lxml, as every writer that adapts rendered HTML does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import lxml.html  # type: ignore[import-untyped,unused-ignore]
from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from cuebook.book.model import Footnote, Fragment, Part

#: Code up to this many lines stays on a summary back; longer code is left to the handout.
CODE_LINES = 6


@dataclass(frozen=True)
class Block:
    part: int  # index of its part on the face
    html: str
    kind: str  # "code", "label" (a paragraph that only introduces what follows) or "text"
    lines: int  # code lines; 0 for other blocks
    text: str
    #: A list's items are blocks of their own, so a summary can keep the first few: ``list``
    #: is the list's tag ("ul", "ol") and ``group`` tells one list from the next.
    list: str = ""
    group: int = -1
    start: int = 1  # the item's number in an ordered list


@dataclass(frozen=True)
class Summary:
    """A face's parts cut to their first ``kept`` blocks, and what was left out."""

    parts: tuple[Part, ...]
    kept: int  # blocks kept, of ``total``
    total: int
    code_left: int  # code blocks left out
    code_lines_left: int


def blocks_of(parts: Sequence[Part]) -> list[Block]:
    """Every top-level block of ``parts``, and every item of a top-level list, in order."""
    found: list[Block] = []
    for index, part in enumerate(parts):
        if not part.content.html.strip():
            continue
        holder = lxml.html.fragment_fromstring(part.content.html, create_parent="div")
        for number, element in enumerate(holder):
            if element.tag in ("ul", "ol") and len(element):
                first = int(element.get("start", "1")) if element.get("start", "1").isdigit() \
                    else 1
                found += [Block(index, _html(item), "text", 0, item.text_content() or "",
                                element.tag, number, first + i)
                          for i, item in enumerate(element)]
            else:
                found.append(Block(index, _html(element), _kind(element), _code_lines(element),
                                   element.text_content() or ""))
    return found


def _html(element: lxml.html.HtmlElement) -> str:
    return str(etree.tostring(element, encoding="unicode", method="html", with_tail=False))


def _joined(blocks: Sequence[Block]) -> str:
    """The blocks' HTML, list items wrapped again in their lists."""
    out: list[str] = []
    group, out_tag = -1, "ul"
    for block in blocks:
        if block.group != group and group != -1:
            out.append(f"</{out_tag}>")
        if block.list and block.group != group:
            out_tag = block.list
            out.append(f'<ol start="{block.start}">' if block.list == "ol" else "<ul>")
        group = block.group
        out.append(block.html)
    if group != -1:
        out.append(f"</{out_tag}>")
    return "\n".join(out)


def _kind(element: lxml.html.HtmlElement) -> str:
    if element.tag == "pre" or element.find(".//pre") is not None:
        return "code"
    text = (element.text_content() or "").strip()
    strong = element.find("strong")
    if element.tag == "p" and strong is not None and text.endswith(("：", ":")) \
            and text == (strong.text_content() or "").strip():
        return "label"
    return "text"


def _code_lines(element: lxml.html.HtmlElement) -> int:
    if element.tag != "pre" and element.find(".//pre") is None:
        return 0
    return len((element.text_content() or "").rstrip("\n").split("\n"))


def summarise(parts: Sequence[Part], count: int) -> Summary:
    """The first ``count`` blocks worth keeping: long code is skipped, and a label whose
    content is not kept is dropped with it. A part left with no block is left out."""
    blocks = blocks_of(parts)
    short = [b for b in blocks if b.kind != "code" or b.lines <= CODE_LINES]
    kept = short[:count]
    # A block ending in a colon introduces the next one: without it, it ends on nothing.
    # The first is kept all the same: the answer starts on its back.
    while len(kept) > 1 and len(kept) < len(blocks) and kept[-1].kind != "code" \
            and kept[-1].text.rstrip().endswith(("：", ":")):
        kept.pop()
    long_code = [b for b in blocks if b.kind == "code" and b.lines > CODE_LINES]
    summary_parts = []
    for index, part in enumerate(parts):
        html = _joined([b for b in kept if b.part == index])
        if html:
            summary_parts.append(replace(part, content=replace(
                part.content, html=html, footnotes=_notes_in(part.content, html))))
    return Summary(tuple(summary_parts), len(kept), len(short), len(long_code),
                   sum(b.lines for b in long_code))


def worth_keeping(parts: Sequence[Part]) -> int:
    """How many blocks a summary of ``parts`` can keep at most."""
    return sum(1 for b in blocks_of(parts) if b.kind != "code" or b.lines <= CODE_LINES)


def _notes_in(content: Fragment, html: str) -> tuple[Footnote, ...]:
    """The footnotes whose reference is among the kept blocks."""
    return tuple(n for n in content.footnotes if f'id="{n.ref_anchor}"' in html)


def with_lead_ins(part: Part) -> Part:
    """``part`` with each paragraph that introduces the next block ("逐步过程如下：") marked
    ``lead-in``, which the card style keeps on the same card as what it introduces."""
    return _rewritten(part, _mark_lead_ins)


def without_ids(part: Part) -> Part:
    """``part`` with no ids, for a face that repeats it: an anchor is defined only once."""
    return _rewritten(part, _drop_ids)


def _rewritten(part: Part, change: Callable[[lxml.html.HtmlElement], bool]) -> Part:
    if not part.content.html.strip():
        return part
    holder = lxml.html.fragment_fromstring(part.content.html, create_parent="div")
    if not change(holder):
        return part
    html = "".join(etree.tostring(e, encoding="unicode", method="html") for e in holder)
    return replace(part, content=replace(part.content, html=(holder.text or "") + html))


def _mark_lead_ins(holder: lxml.html.HtmlElement) -> bool:
    marked = False
    for element in list(holder)[:-1]:
        if element.tag == "p" and (element.text_content() or "").rstrip().endswith(("：", ":")):
            element.set("class", " ".join(filter(None, (element.get("class"), "lead-in"))))
            marked = True
    return marked


def _drop_ids(holder: lxml.html.HtmlElement) -> bool:
    found = [e for e in holder.iter() if e.get("id") is not None]
    for element in found:
        del element.attrib["id"]
    return bool(found)
