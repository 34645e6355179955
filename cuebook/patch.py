"""A rebuilt page as one element to swap into an open copy of its previous version (the
preview of ``cuebook serve``).

Reloading the reading page of a 500-question bank takes Chromium 1.5 to 2 s on this kind of
machine (1.4 MB of HTML parsed, styled and laid out again): more than the whole budget of
"the edit shows within a second". An edit of one answer changes one question's element, so
the open page swaps that element in and keeps everything else, its scroll position too.

The patch is exact at the byte level, or there is none (the page reloads): the two versions
are the same before the element and after it, so swapping the element's markup gives the new
page's markup. The element is the innermost one with an ``id`` (the page's own address for
it) around everything that changed; found on the bytes the site wrote, with no parse of the
page. A page that runs scripts is never patched (its scripts read the page once, at load),
nor is markup that a parser reads other than as plain elements (comments, raw text).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

#: An id attribute in a start tag, as the site's pages are written (Jinja's templates and
#: lxml's serialiser both quote attributes with ``"``).
_ID = re.compile(rb'\sid="([^"<>]*)"')
#: A tag's name right after its "<".
_NAME = re.compile(rb"[A-Za-z][A-Za-z0-9-]*")
#: What a page or a swapped element may not hold: scripts, and what is not read as elements.
_RAW = re.compile(rb"<(?:script|style|textarea|title|xmp|plaintext|noscript|template)\b|<!--",
                  re.I)
#: How many elements with an id, outward from the change, are tried before giving up.
_TRIES = 64


@dataclass(frozen=True)
class Patch:
    """Swap the element ``target`` (an id in the old page) for ``html`` (the new markup)."""

    target: str
    html: str


def digest(page: bytes) -> str:
    """The version of a page, as the preview names it."""
    return hashlib.sha256(page).hexdigest()[:20]


def patch(old: bytes, new: bytes) -> Patch | None:
    """The one element whose swap turns ``old`` into ``new``; None when there is none (the
    page runs scripts, or what changed lies outside every element with an id)."""
    if old == new or b"<script" in old.lower() or b"<script" in new.lower():
        return None
    start = _common_prefix(old, new)
    tail = _common_suffix(old, new, start)
    old_end, new_end = len(old) - tail, len(new) - tail  # the change: [start, *_end)
    for at in _starts_before(new, start)[:_TRIES]:
        name = _NAME.match(new, at + 1)
        if name is None:
            continue
        new_close = _element_end(new, at, name.group())
        old_close = _element_end(old, at, name.group())
        if new_close is None or old_close is None or new_close < new_end or \
                old_close < old_end:
            continue  # it ends before the change does: an element further out
        if old[old_close:] != new[new_close:]:
            continue
        markup = new[at:new_close]
        target = _ID.search(old, at, old.index(b">", at))
        if target is None or _RAW.search(markup) is not None:
            return None
        return Patch(target.group(1).decode(), markup.decode())
    return None


def _common_prefix(a: bytes, b: bytes) -> int:
    """How many bytes ``a`` and ``b`` share at their start (halving: each compare is a
    ``memcmp`` of a slice)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: bytes, b: bytes, prefix: int) -> int:
    """How many bytes they share at their end, not counting into the shared start."""
    low, high = 0, min(len(a), len(b)) - prefix
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle:len(a) - low] == b[len(b) - middle:len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _starts_before(page: bytes, at: int) -> list[int]:
    """Where the start tags with an id that open at or before ``at`` begin, the nearest
    first (a tag that holds ``at`` counts: an edit of an attribute)."""
    starts = []
    end = page.find(b">", at)
    for found in _ID.finditer(page, 0, len(page) if end < 0 else end + 1):
        opened = page.rfind(b"<", 0, found.start())
        if opened >= 0 and page.find(b">", opened, found.start()) < 0:  # inside that tag
            starts.append(opened)
    return starts[::-1]


def _element_end(page: bytes, at: int, name: bytes) -> int | None:
    """Where the element whose start tag opens at ``at`` ends (after its end tag), counting
    the elements of the same name inside it; None when its end tag is not found."""
    opening = re.compile(rb"<(/?)" + re.escape(name) + rb"[\s/>]", re.I)
    depth = 0
    for tag in opening.finditer(page, at):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = page.find(b">", tag.start())
            return None if close < 0 else close + 1
    return None
