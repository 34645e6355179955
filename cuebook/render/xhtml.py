"""Fragment HTML → the HTML of one output: the e-book's XHTML, a web page, an Anki card.

The shared renderer writes HTML (``<br>``, ``<hr>``, ``<img …>``); EPUB 3 content documents are
XML. Each fragment is parsed with lxml's HTML parser and serialised as XML (or, for the web
site, as HTML), and on the way: ``#anchor`` links point at the document that holds the anchor,
footnote references become note references, and image paths become the names the images have
in the package or site. The text exports read fragments here too (:func:`card_html`,
:func:`plain_text`): every adaptation of rendered HTML is a policy on a tree in this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import escape as escape_attribute
from html.parser import HTMLParser, attrfind_tolerant  # type: ignore[attr-defined]

import lxml.html  # type: ignore[import-untyped,unused-ignore]
from lxml import etree  # type: ignore[import-untyped,unused-ignore]
from markupsafe import Markup, escape

from cuebook.book.model import Footnote, Fragment
from cuebook.render import codelines

_HEADINGS = {f"h{n}" for n in range(1, 7)}


@dataclass(frozen=True)
class NoteView:
    """A footnote as the template writes it: its anchor and its XHTML body with a back link."""

    anchor: str
    number: int
    body: Markup


#: The footnote state of a document: references in order, notes written.
NotesSeen = tuple[tuple[tuple[str, str], ...], frozenset[str]]


@dataclass
class FragmentXhtml:
    """Converts fragments for one document (``file_name``); call it as ``x(fragment)``."""

    file_name: str
    anchor_files: Mapping[str, str]  # anchor -> the document that holds it
    images: Mapping[str, str]  # image path as the HTML has it -> its name in the package
    footnotes: Mapping[str, Footnote]  # every footnote of the book, by anchor
    #: "xml" for EPUB content documents, "html" for web pages (where ``<a/>`` would not close)
    method: str = "xml"
    #: note anchor -> id of its first reference in this document (the back link's target)
    _refs: dict[str, str] = field(default_factory=dict)
    _written: set[str] = field(default_factory=set)

    def __call__(self, fragment: Fragment | None, shift: int = 0) -> Markup:
        """``shift``: move the fragment's headings that many levels down (at most to h6),
        for a page that puts its part labels deeper than the shared renderer assumes."""
        if fragment is None:
            return Markup("")
        return self.convert(fragment.html, shift)

    def convert(self, html: str, shift: int = 0, focusable: bool = True) -> Markup:
        if not html.strip():
            return Markup("")
        holder = lxml.html.fragment_fromstring(html, create_parent="div")
        codelines.split_lines(holder, paged=False)
        for element in holder.iter():
            self._rewrite(element)
            if shift and element.tag in _HEADINGS:
                element.tag = f"h{min(6, int(element.tag[1]) + shift)}"
            if not focusable:
                element.attrib.pop("tabindex", None)
        return _serialise(holder, self.method)

    def inert(self, fragment: Fragment) -> Markup:
        """``fragment`` for the inside of a control (a study card's option button): nothing
        in it takes keyboard focus of its own (code blocks, tables and wide formulas do
        elsewhere), since a focus stop inside a button is nested interaction that keyboards and
        screen readers cannot use; a code block there wraps instead (site-choices.css)."""
        return self.convert(fragment.html, focusable=False)

    def seen(self) -> NotesSeen:
        """The footnote references and notes met so far in the document: with the fragment,
        what converting it gives (a note is written once, after its first reference)."""
        return tuple(self._refs.items()), frozenset(self._written)

    def since(self, before: NotesSeen) -> NotesSeen:
        """What was met after ``before``, for :meth:`add_seen`."""
        refs, written = self.seen()
        return refs[len(before[0]):], written - before[1]

    def add_seen(self, met: NotesSeen) -> None:
        """Meet again what converting a fragment met (:meth:`since`), without converting it."""
        self._refs.update(met[0])
        self._written.update(met[1])

    def notes(self, fragments: Sequence[Fragment | None]) -> list[NoteView]:
        """The footnotes these fragments refer to, each once per document, in order."""
        views = []
        for fragment in fragments:
            for note in fragment.footnotes if fragment is not None else ():
                if note.anchor in self._written or note.anchor not in self._refs:
                    continue
                self._written.add(note.anchor)
                views.append(NoteView(note.anchor, note.number, self._note_body(note)))
        return views

    def _rewrite(self, element: lxml.html.HtmlElement) -> None:
        if element.tag == "a":
            self._link(element)
        elif element.tag == "img":
            src = element.get("src", "")
            element.set("src", self.images.get(src, src))
            element.set("alt", element.get("alt", ""))
        elif element.tag == "input":
            # Task-list boxes: read-only, and named so a screen reader says what they are.
            element.set("disabled", "disabled")
            if element.get("checked") is not None:
                element.set("checked", "checked")
            element.set("aria-label", "☑" if element.get("checked") else "☐")
        elif element.get("class") == "math-display":
            # A display formula wider than the screen scrolls in its box (epub.css, site.css):
            # the box must take keyboard focus, on a page and in an e-book (Ace checks it).
            element.set("tabindex", "0")
        elif element.tag in ("pre", "table") and self.method == "html":
            # On a web page a long code line or a wide table scrolls inside its box: the box
            # must take keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1).
            element.set("tabindex", "0")

    def _link(self, element: lxml.html.HtmlElement) -> None:
        href = element.get("href", "")
        if not href.startswith("#"):
            return
        anchor = href[1:]
        if anchor in self.footnotes:
            # A note reference: the note is written in this document, after its question.
            if self.method == "xml":
                element.set("epub:type", "noteref")
            element.set("role", "doc-noteref")
            ref_id = element.get("id")
            if ref_id:
                self._refs.setdefault(anchor, ref_id)
            return
        target = self.anchor_files.get(anchor)
        if target is not None and target != self.file_name:
            element.set("href", f"{target}#{anchor}")

    def _note_body(self, note: Footnote) -> Markup:
        holder = lxml.html.fragment_fromstring(note.html or "<p></p>", create_parent="div")
        for element in holder.iter():
            self._rewrite(element)
        back = etree.Element("a", {"class": "footnote-back", "href": f"#{self._refs[note.anchor]}",
                                   "role": "doc-backlink"})
        back.text = str(note.number)
        first = holder.find("p")
        if first is None:
            first = etree.SubElement(holder, "p")
        back.tail = " " + (first.text or "")
        first.text = None
        first.insert(0, back)
        return _serialise(holder, self.method)


def inline_notes(fragment: Fragment) -> Fragment:
    """For print: each footnote reference becomes the note itself, a ``span.footnote`` that
    the handout's CSS floats to the foot of the page (its paragraphs joined by line breaks)."""
    notes = {n.anchor: n for n in fragment.footnotes}
    if not notes:
        return fragment
    holder = lxml.html.fragment_fromstring(fragment.html, create_parent="div")
    for ref in holder.xpath("//sup[@class='footnote-ref'][a[starts-with(@href, '#')]]"):
        note = notes.get(ref.find("a").get("href")[1:])
        if note is not None:
            ref.getparent().replace(ref, _note_span(note, ref.tail))
    return replace(fragment, html=str(_serialise(holder, "html")))


def _note_span(note: Footnote, tail: str | None) -> lxml.html.HtmlElement:
    body = lxml.html.fragment_fromstring(note.html or "<p></p>", create_parent="div")
    span = lxml.html.Element("span", {"class": "footnote", "id": note.anchor})
    span.text = body.text
    for index, block in enumerate(list(body)):
        if index:
            span.append(lxml.html.Element("br"))
        if block.tag == "p":
            _move_children(block, span)
        else:
            span.append(block)
    span.tail = tail
    return span


def _move_children(source: lxml.html.HtmlElement, target: lxml.html.HtmlElement) -> None:
    """Append ``source``'s text and children to the end of ``target``."""
    if source.text:
        if len(target):
            target[-1].tail = (target[-1].tail or "") + source.text
        else:
            target.text = (target.text or "") + source.text
    for child in list(source):
        target.append(child)


def _serialise(holder: lxml.html.HtmlElement, method: str) -> Markup:
    """The holder's content as XML (well formed: void elements closed, entities escaped) or
    as HTML."""
    parts = [str(escape(holder.text or ""))]
    parts.extend(etree.tostring(child, method=method, encoding="unicode", with_tail=True)
                 for child in holder)
    return Markup("".join(parts))


# Rewrites that keep every other byte -------------------------------------------------------------
#
# The Anki deck's fields must stay the same bytes from build to build (a changed field is a
# changed note on re-import), and the shared renderer writes several spellings of the same HTML
# (markdown-it's ``&quot;`` and `` />``, Pygments' ``&#39;``, lxml's ``<br/>`` after a formula).
# Serialising an lxml tree would respell them all. So these policies read the fragment as a tree
# of elements that remember where their tags are in the source, edit tags, and splice only the
# edited tags back: the rewrite is decided on the tree, never on the renderer's exact spelling.

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


@dataclass(eq=False)
class SourceElement:
    """An element of a fragment and where its tags are in the source (``end`` is ``None`` for
    a void element or one the source never closes)."""

    tag: str
    attrs: dict[str, str]
    start: tuple[int, int]
    end: tuple[int, int] | None = None
    parent: SourceElement | None = None
    children: list[SourceElement] = field(default_factory=list)

    def iter(self, tag: str | None = None) -> Iterator[SourceElement]:
        """This element's descendants in document order (not the element itself)."""
        for child in self.children:
            if tag is None or child.tag == tag:
                yield child
            yield from child.iter(tag)

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


@dataclass
class SourceTree:
    """A fragment as :class:`SourceElement` s over its source, and the edits made to it."""

    source: str
    root: SourceElement
    _edits: dict[tuple[int, int], str] = field(default_factory=dict)

    @classmethod
    def parse(cls, source: str) -> SourceTree:
        parser = _SpanParser(source)
        parser.feed(source)
        parser.close()
        return cls(source, parser.root)

    def retag(self, element: SourceElement, start: str, end: str | None = None) -> None:
        """Write the element's start tag (and end tag, if it has one) anew."""
        self._edits[element.start] = start
        if element.end is not None and end is not None:
            self._edits[element.end] = end

    def unwrap(self, element: SourceElement) -> None:
        """Drop the element's tags, keep what is inside."""
        self.retag(element, "", "")

    def set_attribute(self, element: SourceElement, name: str, value: str) -> None:
        """Change the value of one attribute the element has; the rest of its start tag
        stays as written (found with the tokenizer's own attribute pattern)."""
        raw = self.source[slice(*element.start)]
        for match in attrfind_tolerant.finditer(raw, len(element.tag) + 1):
            if match.group(1).lower() == name and match.group(3) is not None:
                first, last = match.span(3)
                raw = f'{raw[:first]}"{escape_attribute(value)}"{raw[last:]}'
                break
        element.attrs[name] = value
        self._edits[element.start] = raw

    def inner(self, element: SourceElement) -> str:
        """What is between the element's tags, edits made."""
        stop = element.end[0] if element.end is not None else element.start[1]
        return self._spliced(element.start[1], stop)

    def outer(self, element: SourceElement) -> str:
        """The element with its tags, edits made."""
        stop = element.end[1] if element.end is not None else element.start[1]
        return self._spliced(element.start[0], stop)

    def serialise(self) -> str:
        return self._spliced(0, len(self.source))

    def _spliced(self, begin: int, stop: int) -> str:
        parts, at = [], begin
        for (first, last), text in sorted(self._edits.items()):
            if first >= begin and last <= stop:
                parts += [self.source[at:first], text]
                at = last
        parts.append(self.source[at:stop])
        return "".join(parts)


def _attributes(attrs: Mapping[str, str]) -> str:
    # html.escape, as the renderer's own image and link rules write attributes.
    return "".join(f' {name}="{escape_attribute(value)}"' for name, value in attrs.items())


class _SpanParser(HTMLParser):
    """Python's tolerant HTML tokenizer, kept to tags and their offsets."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._lines = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._lines.append(index + 1)
        self._source = source
        self.root = SourceElement("", {}, (0, 0))
        self._open = [self.root]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs, void=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs, void=True)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        begin = self._offset()
        raw = self.get_starttag_text() or ""
        parent = self._open[-1]
        element = SourceElement(tag, {k: v or "" for k, v in attrs}, (begin, begin + len(raw)),
                                parent=parent)
        parent.children.append(element)
        if not void:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if not any(e.tag == tag for e in self._open[1:]):
            return  # a stray end tag: left as it is
        begin = self._offset()
        stop = self._source.find(">", begin) + 1
        while self._open[-1].tag != tag:
            self._open.pop()  # closed implicitly by its parent's end tag
        self._open.pop().end = (begin, stop)


# Policies --------------------------------------------------------------------------------------

#: Links that lead somewhere outside the book: a card keeps them.
_WEB_SCHEMES = ("http:", "https:", "mailto:")


def card_html(html: str, notes: Sequence[Footnote], image_name: Callable[[str], str]) -> str:
    """The Anki card policy. A card has no pages and no anchors: a footnote reference keeps
    its number without the link, the notes follow the text (each note's paragraphs joined by
    line breaks), a link into the book becomes its text (``span.xref``; web links stay), and
    each image gets the name ``image_name`` gives its path (its media file)."""
    tree = SourceTree.parse(html)
    for sup in tree.root.iter("sup"):
        if sup.has_class("footnote-ref"):
            for link in sup.iter("a"):
                if link.attrs.get("href", "").startswith("#"):
                    tree.unwrap(link)
    body = tree.serialise()
    if notes:
        lines = "".join(f"<p><sup>{n.number}</sup> {_note_line(n.html)}</p>" for n in notes)
        body += f'<div class="footnotes">{lines}</div>'
    tree = SourceTree.parse(body)
    for element in tree.root.iter():
        if element.tag == "a" and "href" in element.attrs:
            if not element.attrs["href"].lower().startswith(_WEB_SCHEMES):
                title = {"title": element.attrs["title"]} if "title" in element.attrs else {}
                tree.retag(element, f'<span class="xref"{_attributes(title)}>', "</span>")
        elif element.tag == "img" and "src" in element.attrs:
            tree.set_attribute(element, "src", image_name(element.attrs["src"]))
    return tree.serialise()


def _note_line(html: str) -> str:
    """A note's paragraphs as one paragraph's content, joined by ``<br>`` (any other block, a
    list say, stays whole between them)."""
    tree = SourceTree.parse(html.strip())
    blocks = tree.root.children
    if not blocks:
        return tree.serialise()
    return "<br>".join(tree.inner(b) if b.tag == "p" else tree.outer(b) for b in blocks)


def plain_text(html: str) -> str:
    """A fragment's text without its markup (entities read)."""
    if not html.strip():
        return ""
    return str(lxml.html.fragment_fromstring(html, create_parent="div").text_content())


def has_image_without_alt(html: str) -> bool:
    """Whether an image of the fragment has an empty text alternative (``alt=""``)."""
    if "<img" not in html:
        return False
    holder = lxml.html.fragment_fromstring(html, create_parent="div")
    return any(img.get("alt") == "" for img in holder.iter("img"))
