"""Fragment HTML → the HTML of one output document: the e-book's XHTML or a web page.

The shared renderer writes HTML (``<br>``, ``<hr>``, ``<img …>``); EPUB 3 content documents are
XML. Each fragment is parsed with lxml's HTML parser and serialised as XML (or, for the web
site, as HTML), and on the way: ``#anchor`` links point at the document that holds the anchor,
footnote references become note references, and image paths become the names the images have
in the package or site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

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

    def convert(self, html: str, shift: int = 0) -> Markup:
        if not html.strip():
            return Markup("")
        holder = lxml.html.fragment_fromstring(html, create_parent="div")
        codelines.split_lines(holder, paged=False)
        for element in holder.iter():
            self._rewrite(element)
            if shift and element.tag in _HEADINGS:
                element.tag = f"h{min(6, int(element.tag[1]) + shift)}"
        return _serialise(holder, self.method)

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
