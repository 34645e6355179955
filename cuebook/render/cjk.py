"""Chinese, Japanese and Korean text finished, as markup around the text: one finish for the
handout, the cards, the EPUB and the site.

WeasyPrint (Pango) has no ``text-autospace``, no contextual punctuation spacing and no CSS
``line-break``, and the installed Noto CJK faces have ``halt`` but no ``chws``; Chromium 156
rejects ``text-autospace: ideograph-alpha`` and e-reader engines ignore it. So every output's
HTML is marked up before layout, never the source and never the text itself (copying,
searching and reading aloud give the author's characters; the gap is a margin, not a space):

- **Punctuation compression.** Of two full-width punctuation marks in a row ("），", "。」"),
  one is set at half width with the font's own ``halt`` feature (CLREQ 3.1.6): the first,
  unless both open ("（「"), when it is the second.
- **A quarter-em gap between CJK and Latin letters or digits** ("在 AI 领域"), as a right margin
  on what precedes the boundary: at a line end a margin is invisible in ragged-right text, while
  a left margin would indent the next line. Not inside code, and not where the author already
  put a space.
- **No runts.** The last characters of a paragraph are bound together so a line never holds a
  single character and its full stop.
- **Inline code that may break.** Code longer than a few characters inside CJK text may break
  at its spaces and after its punctuation (a ``<wbr>`` after "..", ",", ":"…; class
  ``breaks``): kept whole, "（5000..9999）" or "threshold + 1" moves to the next line and
  leaves a hole that justification spreads as letter spacing over the line before it.
- **Titles broken at phrase boundaries.** Headings keep each phrase (between spaces and
  full-width commas, colons) on one line when it is short enough to fit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from cuebook.book.model import Book

#: Full-width punctuation that opens (its blank half is on the left).
OPENING = "（《「『【〔〈“‘"
#: Full-width punctuation that closes or stops (its blank half is on the right).
CLOSING = "，。、；：！？）》」』】〕〉”’"
#: Elements whose text is left exactly as it is.
_KEEP = {"pre", "code", "kbd", "samp", "script", "style", "title", "head", "meta"}
#: Blocks whose last characters are bound (a paragraph of running text).
_PARAGRAPHS = {"p", "li", "dd", "blockquote", "td", "figcaption"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: How many ideographs a title's phrase may hold and still be kept on one line: 12 at the
#: cover's 30 pt fit the cover's 147 mm measure.
_PHRASE_MAX = 12
#: Characters kept with a paragraph's last line: two ideographs and what follows them.
_BOUND = 2

#: Inline code up to this many characters stays whole ("(i, j)"): the hole it may leave is
#: at most some 4 em, under a tenth of an em between the characters of the line before.
_CODE_WHOLE = 8
#: After a run of these, code inside CJK text may break ("0..", "a,", "key:", "src/",
#: "popitem(", "last=", "[1,"), not before a closing bracket ("f()") or a space (a break
#: already).
_CODE_BREAK = re.compile(r"[.,;:/(\[{=]+(?=[^\s.,;:/(\[{=)\]}])")

_PHRASE_END = re.compile(r"(?<=[，：；、！？）》」』])|(?<= )")


def is_cjk(char: str) -> bool:
    """An ideograph, kana or hangul syllable: a letter of CJK text, not its punctuation."""
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x3040 <= code <= 0x30FF
            or 0xAC00 <= code <= 0xD7AF or 0x20000 <= code <= 0x2FA1F or 0xF900 <= code <= 0xFAFF)


def is_latin(char: str) -> bool:
    """A letter or digit of an alphabetic script (or %), which wants a gap next to CJK."""
    known = _LATIN.get(char)
    if known is None:
        known = _LATIN[char] = char == "%" or (char.isalnum() and not is_cjk(char) and
                                               unicodedata.east_asian_width(char) not in "FW")
    return known


_LATIN: dict[str, bool] = {}


#: The letters :func:`is_cjk` accepts, as a regular-expression class.
_CJK_CLASS = ("\u4e00-\u9fff\u3400-\u4dbf\u3040-\u30ff\uac00-\ud7af"
              "\U00020000-\U0002fa1f\uf900-\ufaff")
_MARKS = re.escape(OPENING + CLOSING)
#: Every place :func:`_spans` may mark: CJK then a letter, digit or %, the other way round,
#: or two punctuation marks (``\w`` is ``str.isalnum`` and "_", a superset of
#: :func:`is_latin`, which is checked at each place found). A lookahead, so the places
#: overlap as the characters do.
_CANDIDATE = re.compile(f"(?=[{_CJK_CLASS}][\\w%]|[\\w%][{_CJK_CLASS}]|[{_MARKS}][{_MARKS}])")


def _spans(text: str) -> Iterator[tuple[str, str | None]]:
    """``text`` as (piece, class) pairs: class "cjk-gap", "cjk-halt" or None (plain).

    Each pair of neighbours (``text[i - 1]``, ``text[i]``) is looked at from left to right; a
    regular expression finds the few that can be marked, so a long paragraph costs one scan."""
    start = 0
    skip_to = 1  # the first ``i`` still to look at (a half-width opening mark takes two)
    for found in _CANDIDATE.finditer(text):
        i = found.start() + 1
        if i < skip_to:
            continue
        here, after = text[i - 1], text[i]
        cls: str | None = None
        if is_cjk(here) and is_latin(after):
            cls, begin = "cjk-gap", i - 1
        elif is_latin(here) and is_cjk(after):
            begin = i - 1
            while begin > start and is_latin(text[begin - 1]):
                begin -= 1
            cls = "cjk-gap"
        elif here in OPENING + CLOSING and after in OPENING + CLOSING:
            if here in OPENING and after in OPENING:
                i += 1  # the second opening mark is the one set at half width
            cls, begin = "cjk-halt", i - 1
        if cls is not None:
            if begin > start:
                yield text[start:begin], None
            yield text[begin:i], cls
            start = i
        skip_to = i + 1
    if start < len(text):
        yield text[start:], None


def _marked(text: str) -> list[etree._Element | str]:
    """The pieces of ``text``: plain strings and ``<span class=…>`` elements."""
    out: list[etree._Element | str] = []
    for piece, cls in _spans(text):
        if cls is None:
            out.append(piece)
        else:
            span = etree.Element("span", {"class": cls})
            span.text = piece
            out.append(span)
    return out


def _set_text(element: etree._Element, pieces: list[etree._Element | str]) -> None:
    """Replace ``element.text`` by ``pieces`` (plain text and new children before the old)."""
    element.text = pieces[0] if pieces and isinstance(pieces[0], str) else None
    rest = pieces[1:] if pieces and isinstance(pieces[0], str) else pieces
    _insert_after(element, None, rest)


def _set_tail(element: etree._Element, pieces: list[etree._Element | str]) -> None:
    element.tail = pieces[0] if pieces and isinstance(pieces[0], str) else None
    rest = pieces[1:] if pieces and isinstance(pieces[0], str) else pieces
    parent = element.getparent()
    if parent is not None:
        _insert_after(parent, element, rest)


def _insert_after(parent: etree._Element, anchor: etree._Element | None,
                  pieces: list[etree._Element | str]) -> None:
    """Insert ``pieces`` into ``parent`` after child ``anchor`` (None: at the start)."""
    index = 0 if anchor is None else parent.index(anchor) + 1
    previous: etree._Element | None = anchor
    for piece in pieces:
        if isinstance(piece, str):
            if previous is None:
                parent.text = (parent.text or "") + piece
            else:
                previous.tail = (previous.tail or "") + piece
            continue
        parent.insert(index, piece)
        index += 1
        previous = piece


def _name(element: etree._Element) -> str:
    """The element's tag without its namespace (XHTML's are namespaced), "" for a comment."""
    tag = element.tag
    return tag[tag.rfind("}") + 1:] if isinstance(tag, str) else ""


class _Kept:
    """Whether an element is code (or inside code, a script…), whose text is left as it is:
    each answer remembered, so a document costs one look per element, not one per ancestor."""

    def __init__(self) -> None:
        self._known: dict[etree._Element, bool] = {}

    def __call__(self, element: etree._Element) -> bool:
        path: list[etree._Element] = []
        current: etree._Element | None = element
        known = False
        while current is not None:
            found = self._known.get(current)
            if found is not None:
                known = found
                break
            path.append(current)
            current = current.getparent()
        for step in reversed(path):  # from the outermost not yet known, down to ``element``
            known = known or _name(step) in _KEEP
            self._known[step] = known
        return known


def space_and_compress(root: etree._Element, is_kept: _Kept | None = None) -> None:
    """Quarter-em gaps and half-width punctuation pairs in every text outside code."""
    is_kept = is_kept or _Kept()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        # Most texts have nothing to mark (white space between blocks, English words).
        if element.text and _CANDIDATE.search(element.text) and not is_kept(element):
            _set_text(element, _marked(element.text))
        parent = element.getparent()
        if element.tail and _CANDIDATE.search(element.tail) and parent is not None \
                and not is_kept(parent):
            _set_tail(element, _marked(element.tail))


#: Elements inside a line of text: a join across their edges is still a join.
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd",
           "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var"}


def _slots(element: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """Every text of ``element``'s subtree in reading order, as (owner, is_tail): an
    element's text as it opens, its tail once it and all it holds have ended."""
    for event, node in etree.iterwalk(element, events=("start", "end", "comment", "pi")):
        if event == "start":
            if node.text:
                yield node, False
        elif node is not element and node.tail:  # an element's end, a comment, an instruction
            yield node, True


def _block(owner: etree._Element, is_tail: bool) -> etree._Element | None:
    element = owner.getparent() if is_tail else owner
    while element is not None and _name(element) in _INLINE:
        element = element.getparent()
    return element


def space_across_elements(root: etree._Element, is_kept: _Kept | None = None) -> None:
    """A join at an element's edge ("在<strong>AI</strong>", "的<span>GPU资源</span>"): the
    text that ends there gets the gap on its last character (or Latin word)."""
    is_kept = is_kept or _Kept()
    slots = [(o, t) for o, t in _slots(root) if not is_kept(o.getparent() if t else o)]
    for (owner, is_tail), (after, after_tail) in zip(slots, slots[1:], strict=False):
        text = (owner.tail if is_tail else owner.text) or ""
        following = (after.tail if after_tail else after.text) or ""
        if not text or not following or _block(owner, is_tail) is not _block(after, after_tail):
            continue
        here, there = text[-1], following[0]
        if not ((is_cjk(here) and is_latin(there)) or (is_latin(here) and is_cjk(there))):
            continue
        if not is_tail and owner.get("class") == "cjk-gap" and len(owner) == 0:
            continue  # its margin already spaces it
        begin = len(text) - 1
        while begin > 0 and is_latin(here) and is_latin(text[begin - 1]):
            begin -= 1
        span = etree.Element("span", {"class": "cjk-gap"})
        span.text = text[begin:]
        pieces: list[etree._Element | str] = [text[:begin], span] if begin else [span]
        (_set_tail if is_tail else _set_text)(owner, pieces)


def bind_paragraph_ends(root: etree._Element, is_kept: _Kept | None = None) -> None:
    """Wrap the last two ideographs of each paragraph (and the punctuation after them) in a
    ``nobr`` span, so the last line never holds a lone character."""
    is_kept = is_kept or _Kept()
    for block in [e for e in root.iter() if _name(e) in _PARAGRAPHS]:
        if any(_name(child) in _PARAGRAPHS or _name(child) in ("ul", "ol", "pre", "div", "table")
               for child in block) or is_kept(block):
            continue
        owner, is_tail = _last_text(block, is_kept)
        if owner is None:
            continue
        text = owner.tail if is_tail else owner.text
        cut = _bind_point(text or "")
        if cut is None:
            continue
        span = etree.Element("span", {"class": "nobr"})
        span.text = text[cut:]  # type: ignore[index,unused-ignore]
        pieces: list[etree._Element | str] = [text[:cut], span]  # type: ignore[index,unused-ignore]
        (_set_tail if is_tail else _set_text)(owner, pieces)


def _last_text(block: etree._Element, is_kept: _Kept) -> tuple[etree._Element | None, bool]:
    """The element holding the block's last non-blank text in reading order (code's text
    left out), and whether it is its tail."""
    found: tuple[etree._Element | None, bool] = (None, False)
    for owner, is_tail in _slots(block):
        text = owner.tail if is_tail else owner.text
        holder = owner.getparent() if is_tail else owner
        if text and text.strip() and holder is not None and not is_kept(holder):
            found = (owner, is_tail)
    return found


def _bind_point(text: str) -> int | None:
    """Where the bound end of ``text`` starts: before its last two ideographs."""
    end = len(text.rstrip())
    seen, i = 0, end
    while i > 0 and seen < _BOUND:
        i -= 1
        if is_cjk(text[i]):
            seen += 1
        elif text[i] not in CLOSING:
            return None
    return i if seen == _BOUND and i > 0 else None


def keep_phrases(root: etree._Element, cjk_only: bool = False) -> None:
    """In headings, wrap each short phrase in a ``phrase`` span (kept on one line); with
    ``cjk_only``, only in headings that hold CJK text."""
    for heading in [e for e in root.iter() if _name(e) in _HEADINGS]:
        if cjk_only and not has_cjk(heading):
            continue  # a Latin heading breaks at its spaces as it is
        for owner, is_tail in _text_slots(heading):
            text = owner.tail if is_tail else owner.text
            parts = [p for p in _PHRASE_END.split(text or "") if p]
            if len(parts) < 2:
                continue
            pieces: list[etree._Element | str] = []
            for part in parts:
                if sum(map(is_cjk, part)) > _PHRASE_MAX:
                    pieces.append(part)
                    continue
                span = etree.Element("span", {"class": "phrase"})
                span.text = part
                pieces.append(span)
            (_set_tail if is_tail else _set_text)(owner, pieces)


def _text_slots(heading: etree._Element) -> list[tuple[etree._Element, bool]]:
    slots: list[tuple[etree._Element, bool]] = [(heading, False)] if heading.text else []
    for child in heading:
        if isinstance(child.tag, str) and child.tail:
            slots.append((child, True))
    return slots


def _prose_has_cjk(block: etree._Element, is_kept: _Kept) -> bool:
    """Whether the block's own text, code left out, is CJK: an English sentence about
    ``len("你好")`` is set as English."""
    for owner, is_tail in _slots(block):
        holder = owner.getparent() if is_tail else owner
        text = owner.tail if is_tail else owner.text
        if holder is not None and not is_kept(holder) and any(map(is_cjk, text or "")):
            return True
    return False


def break_inline_code(root: etree._Element) -> None:
    """Let inline code longer than :data:`_CODE_WHOLE` characters in a CJK block break at its
    spaces (class ``breaks``: styles keep other short code whole) and after its punctuation
    (``<wbr>``; Pango and browsers draw nothing there, copying gives the code as written)."""
    is_kept = _Kept()
    for code in [e for e in root.iter() if _name(e) == "code"]:
        parent = code.getparent()
        block = _block(code, False)
        if (parent is None or _name(parent) == "pre" or len(code)
                or len(code.text or "") <= _CODE_WHOLE or block is None
                or not _prose_has_cjk(block, is_kept)):
            continue
        code.set("class", " ".join(filter(None, [code.get("class"), "breaks"])))
        text = code.text or ""
        cuts = [m.end() for m in _CODE_BREAK.finditer(text)]
        if not cuts:
            continue
        code.text = text[:cuts[0]]
        for start, end in zip(cuts, [*cuts[1:], len(text)], strict=False):
            wbr = etree.SubElement(code, "wbr")
            wbr.tail = text[start:end]


def typeset(root: etree._Element, cjk_only: bool = False) -> None:
    """All of the above, in the order that keeps each step's spans intact."""
    break_inline_code(root)
    kept = _Kept()  # the steps add spans, never code: what is kept stays kept
    keep_phrases(root, cjk_only)
    bind_paragraph_ends(root, kept)
    space_and_compress(root, kept)
    space_across_elements(root, kept)


def has_cjk(root: etree._Element) -> bool:
    return any(is_cjk(char) for text in root.itertext() for char in text)


def in_book(book: Book) -> bool:
    """Whether any text of the book is CJK: its pages then carry the finish's styles."""
    texts = [book.config.title, book.config.subtitle,
             *(f.text for f, _ in book.fragments())]
    return any(is_cjk(char) for text in texts for char in text)


def finish(root: etree._Element) -> None:
    """:func:`typeset` for a document that has CJK text in it (one with none is left exactly
    as it is, to the byte), in HTML or XHTML: the spans added take the document's namespace.
    The same markup serves every output; each styles it the way its engine honours
    (styles/handout.css, cards.css, epub.css, site.css)."""
    if not has_cjk(root):
        return
    namespace = etree.QName(root).namespace
    typeset(root, cjk_only=True)
    if namespace is not None:
        for element in [*root.iter("span"), *root.iter("wbr")]:
            element.tag = f"{{{namespace}}}{element.tag}"


def finish_html(html: str) -> str:
    """:func:`finish` for a whole HTML document given as text."""
    import lxml.html  # type: ignore[import-untyped,unused-ignore]

    document = lxml.html.document_fromstring(html)
    if not has_cjk(document.body):
        return html
    finish(document.body)
    text = str(lxml.html.tostring(document, doctype="<!DOCTYPE html>", encoding="unicode"))
    # libxml2's HTML serializer knows HTML 4's empty elements only: it closes a <wbr>.
    text = text.replace("<wbr></wbr>", "<wbr>")
    return text + "\n" if html.endswith("\n") and not text.endswith("\n") else text
