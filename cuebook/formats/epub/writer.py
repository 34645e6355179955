"""The EPUB 3: valid, accessible, with its own Chinese font, reproducible to the byte.

Recipe, per edition (the book, then its self-test edition ``<slug>-quiz.epub``): plan which
document holds what, render the XHTML from the templates, mark the handout's page starts, build
the nav and NCX, subset the fonts to the text, draw or take the cover, let ebooklib write the
package, rezip it reproducibly, write it atomically.

``book.yaml`` options, under ``epub:``: ``quiz`` (true by default: also write the self-test
edition), ``cover`` (an image in the book to use instead of the generated one) and
``identifier`` (e.g. ``urn:isbn:…``; by default a UUID derived from the slug).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree  # type: ignore[import-untyped,unused-ignore]

import cuebook.formats.epub.content as epub_content
from cuebook import __version__
from cuebook.book.config import BookConfig
from cuebook.book.model import Book, Footnote
from cuebook.book.paper import PAPERS
from cuebook.diagnostics import CuebookError, Diagnostic, Severity
from cuebook.formats.base import WriterContext
from cuebook.formats.epub.content import (
    MAX_DOCUMENT_BYTES,
    ContentContext,
    Doc,
    content_documents,
    parse_xml,
    plan_files,
    render_doc,
)
from cuebook.formats.epub.fonts import EmbeddedFont, embedded_fonts, fonts_css
from cuebook.formats.epub.nav import (
    depth,
    landmarks,
    reading_positions,
    toc_entries,
    with_play_order,
)
from cuebook.formats.epub.options import SECTION, EpubOptions, epub_options
from cuebook.formats.epub.package import Metadata, Resource, build_package
from cuebook.formats.epub.pages import PageBreak, insert_breaks, locate_pages, reading_order
from cuebook.i18n import epub_words, is_rtl, parenthesised, strings
from cuebook.output import write_atomic
from cuebook.products import PAGEMAP
from cuebook.render import cjk
from cuebook.render.cover import book_cover, cover_image
from cuebook.render.fonts import FontStack, stack_for_book
from cuebook.render.images import IMAGE_TYPES, image_names
from cuebook.render.math import MATHML_NS
from cuebook.render.pagemap import HandoutLayout, HandoutPage
from cuebook.render.templates import make_environment
from cuebook.render.xhtml import has_image_without_alt

#: A namespace for identifiers derived from a book's slug (uuid5), so they never change.
_ID_NAMESPACE = uuid.UUID("5b0a7f0e-3c1d-5e8a-9c43-6f1b2d7e9a10")


@dataclass(frozen=True)
class Edition:
    """The book as read straight through, or its self-test edition."""

    quiz: bool
    file_name: str
    identifier: str
    title: str


@dataclass(frozen=True)
class EpubWriter:
    """Built after the book's PDF when both are chosen, to reuse its layout for the page-list
    (cuebook.formats.registry)."""

    def write(self, book: Book, ctx: WriterContext) -> list[Path]:
        options = epub_options(ctx.values(SECTION, book))
        stack = stack_for_book(book)
        handout = handout_text(book, ctx)
        paths = []
        for edition in editions(book.config, options):
            path = ctx.out_dir / edition.file_name
            write_atomic(path, build_epub(book, ctx, edition, options, stack, handout))
            paths.append(path)
        return paths


def editions(config: BookConfig, options: EpubOptions) -> list[Edition]:
    base = options.identifier or f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, config.slug)}"
    found = [Edition(False, f"{config.slug}.epub", base, config.title)]
    # The self-test edition is another publication: its own identifier, derived from the first.
    quiz_id = f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, base + '#quiz')}"
    if options.quiz:
        quiz = epub_words(config.language)["quiz"]
        title = config.title + parenthesised(config.language, quiz)
        found.append(Edition(True, f"{config.slug}-quiz.epub", quiz_id, title))
    return found


@dataclass(frozen=True)
class HandoutText:
    """The printed handout as the page list needs it: each content page's text, page count."""

    pages: tuple[HandoutPage, ...]
    page_count: int


def handout_text(book: Book, ctx: WriterContext) -> HandoutText:
    """The printed handout's pages from the first chapter on (before it: the cover and the
    contents): the handout's page map of the book as it is now (:mod:`cuebook.products`)."""
    handout: HandoutLayout = ctx.need(PAGEMAP, book).value
    return HandoutText(handout.pages, handout.page_count)


def build_epub(book: Book, ctx: WriterContext, edition: Edition, options: EpubOptions,
               stack: FontStack, handout: HandoutText) -> bytes:
    """One edition as EPUB bytes."""
    env = make_environment(book.root, ctx.project_dir)
    images = image_names(book)
    notes = {n.anchor: n for f, _ in book.fragments() for n in f.footnotes}
    content, docs = _documents_within_limit(book, env, edition.quiz, images, notes,
                                            cover_image(options.cover))
    plan = content.plan
    marks = page_breaks(docs[2:], edition.quiz, handout)
    toc = toc_entries(book, plan)
    labels = {**strings(book.config.language), **epub_words(book.config.language)}
    nav = render_doc(content, "epub/nav.xhtml.j2", "nav", "nav.xhtml", ("nav",), toc=toc,
                     landmarks=landmarks(plan, labels), pages=marks)
    spine = [docs[0], docs[1], nav, *docs[2:]]
    ncx = _ncx(content, edition, spine, toc, marks, handout.page_count)
    fonts = embedded_fonts(stack, spine, book.config.location)
    resources = [*_documents(spine), ncx, *_styles(book, ctx, fonts),
                 _cover(book, edition, options, stack), *_images(book, images)]
    return build_package(_metadata(book, ctx, edition), resources, _guide(plan, labels),
                         book.config.location)


def _documents_within_limit(book: Book, env: jinja2.Environment, quiz: bool,
                            images: Mapping[str, str], notes: Mapping[str, Footnote],
                            cover_src: str) -> tuple[ContentContext, list[Doc]]:
    """The content documents, each under MAX_DOCUMENT_BYTES where a split between questions
    can make it so: the split is planned from the entries' weight, and planned again with a
    smaller budget in the rare book whose markup outweighs the estimate."""
    budget = epub_content.PIECE_BUDGET  # read here, so a test can make chapters split
    while True:
        content = ContentContext(book, env, plan_files(book, quiz, budget), images, notes,
                                 cover_src)
        docs = content_documents(content)
        over = max(len(d.xhtml()) for d in docs)
        if over <= MAX_DOCUMENT_BYTES or budget < 10_000:
            return content, docs
        budget = int(budget * MAX_DOCUMENT_BYTES / over * 0.9)


def page_breaks(chapters: Sequence[Doc], quiz: bool,
                handout: HandoutText) -> tuple[PageBreak, ...]:
    """Mark where each handout page starts in the chapter documents."""
    flat = reading_order(chapters, quiz)
    taken = {i for d in chapters for i in d.ids()}
    file_of = {id(d.root): d.file_name for d in chapters}
    return tuple(insert_breaks(flat, locate_pages(flat, handout.pages), file_of, taken))


def _ncx(content: ContentContext, edition: Edition, spine: Sequence[Doc],
         toc: Any, marks: tuple[PageBreak, ...], page_count: int) -> Resource:
    numbered, numbered_marks = with_play_order(toc, marks, reading_positions(spine))
    text = content.env.get_template("epub/toc.ncx.j2").render(
        **content.common(), identifier=edition.identifier, depth=depth(numbered),
        page_count=page_count, toc=numbered, pages=numbered_marks)
    root = parse_xml(text, "toc.ncx", content.config)  # well formed, or a reported bug
    data = etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")
    return Resource("ncx", "toc.ncx", "application/x-dtbncx+xml", bytes(data))


def _documents(spine: Sequence[Doc]) -> list[Resource]:
    return [Resource(doc.uid, doc.file_name, "application/xhtml+xml", doc.xhtml(),
                     _with_mathml(doc), in_spine=True) for doc in spine]


def _with_mathml(doc: Doc) -> tuple[str, ...]:
    """The document's manifest properties, with "mathml" if it holds a formula (EPUB 3.3
    requires the property on exactly those documents; EPUBCheck checks both ways)."""
    if next(doc.root.iter(f"{{{MATHML_NS}}}math"), None) is None:
        return doc.properties
    return (*doc.properties, "mathml")


def _styles(book: Book, ctx: WriterContext, fonts: list[EmbeddedFont]) -> list[Resource]:
    """epub.css, code.css and codelines.css (the project's), epub-choices.css in a book
    with multiple-choice questions, epub-cjk.css in a book with CJK text, epub-rtl.css in one
    written right to left, then the book's own
    styles/epub.css if any."""
    styles = ctx.project_dir / "styles"
    names = ["epub.css", "code.css", "codelines.css"]
    if any(q.choices for q in book.questions):
        names.append("epub-choices.css")
    if cjk.in_book(book):
        names.append("epub-cjk.css")
    if is_rtl(book.config.language):
        names.append("epub-rtl.css")
    css = b"\n".join((styles / n).read_bytes() for n in names)
    own = book.root / "styles" / "epub.css"
    if own.is_file():
        css += b"\n" + own.read_bytes()
    found = [Resource("css", "styles/epub.css", "text/css", css),
             Resource("fonts-css", "styles/fonts.css", "text/css",
                      fonts_css(fonts).encode("utf-8"))]
    found.extend(Resource(f"font-{i}", f.file_name, f.subset.media_type, f.subset.data)
                 for i, f in enumerate(fonts, 1))
    return found


def _cover(book: Book, edition: Edition, options: EpubOptions, stack: FontStack) -> Resource:
    band = epub_words(book.config.language)["quiz_band"] if edition.quiz else ""
    name, media_type, data = book_cover(book, options.cover, stack, band)
    return Resource("cover-image", name, media_type, data, ("cover-image",))


def _images(book: Book, images: Mapping[str, str]) -> list[Resource]:
    found = []
    for i, (source, name) in enumerate(images.items(), 1):
        media_type = IMAGE_TYPES.get(Path(source).suffix.lower())
        if media_type is None:
            raise CuebookError([Diagnostic(book.config.location, Severity.ERROR,
                                           f"image {source}: e-readers show only PNG, JPEG, "
                                           "GIF, SVG and WebP images", "epub.image-type")])
        found.append(Resource(f"image-{i}", name, media_type, (book.root / source).read_bytes()))
    return found


def _guide(plan: Any, labels: Mapping[str, str]) -> list[dict[str, str]]:
    """The EPUB 2 guide: Kindle's "go to beginning" and older readers use it."""
    return [{"type": "cover", "href": "cover.xhtml", "title": labels["cover"]},
            {"type": "toc", "href": "nav.xhtml", "title": labels["contents"]},
            {"type": "text", "href": plan.chapter_files[0], "title": labels["start"]}]


def _metadata(book: Book, ctx: WriterContext, edition: Edition) -> Metadata:
    config = book.config
    tags = dict.fromkeys(t for q in book.questions for t in q.tags)
    paper = PAPERS[ctx.paper_for(book)].label
    source = f"{config.title}, PDF handout ({paper}): {config.slug}.pdf"
    return Metadata(
        identifier=edition.identifier, title=edition.title, language=config.language,
        author=config.author, generator=f"cuebook {__version__}",
        modified=dt.datetime.fromtimestamp(ctx.source_date_epoch, dt.UTC),
        description=config.description, date=config.date.isoformat() if config.date else "",
        subjects=tuple(tags), page_source=source, properties=_accessibility(book),
        direction="rtl" if is_rtl(config.language) else "")


def _accessibility(book: Book) -> tuple[tuple[str, str], ...]:
    """Discovery metadata (EPUB Accessibility 1.1, section 4) and the conformance claim.

    The claim (WCAG 2.1 AA) is made only when every image has a text alternative: headings,
    language, contrast, reading order and navigation are cuebook's own and checked by the tests
    (EPUBCheck and Ace); alt text is the author's.
    """
    images = [r for f, _ in book.fragments() for r in f.references if r.kind == "image"]
    has_images = bool(images)
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "pageNavigation",
                "displayTransformability", "alternativeText"]
    found = [("schema:accessMode", "textual")]
    if has_images:
        found.append(("schema:accessMode", "visual"))
    found += [("schema:accessModeSufficient", "textual")]
    found += [("schema:accessibilityFeature", f) for f in features]
    found += [("schema:accessibilityHazard", "none"),
              ("schema:accessibilitySummary", epub_words(book.config.language)["summary"])]
    if _all_alt(book):
        found.append(("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"))
    return tuple(found)


def _all_alt(book: Book) -> bool:
    return not any(has_image_without_alt(f.html) for f, _ in book.fragments())


writer = EpubWriter()
