"""The e-book's XHTML documents: which file holds what, rendered from the Jinja templates.

A book becomes a cover page, a title page, the navigation document and one document per
chapter (a long chapter: several, split between questions); the self-test edition's chapters
show only what each question asks and link to its answer, which has a document of its own
(after the chapter) that restates the question and links back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from cuebook.book.config import BookConfig
from cuebook.book.model import Book, Chapter, Entry, Footnote, Question
from cuebook.diagnostics import CuebookError, Diagnostic, Severity
from cuebook.i18n import colon, epub_words, is_rtl, strings
from cuebook.render import bidi, cjk
from cuebook.render.cover import COVER_IMAGE, edition_line, kicker
from cuebook.render.xhtml import FragmentXhtml

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
STYLESHEETS = ("styles/fonts.css", "styles/epub.css")
#: Adobe's engine (older Kobo and Nook, many Android readers) refuses or crawls past ~300 KB per
#: document, and e-ink page turns slow down long before: a longer chapter is split between its
#: questions into documents of at most this many bytes.
MAX_DOCUMENT_BYTES = 250_000
#: What a document's entries may weigh (their rendered HTML and an estimate of the template's
#: markup around each question and part, :func:`_weight`), leaving room for the rest.
PIECE_BUDGET = 200_000



@dataclass
class Doc:
    """One XHTML document of the package, parsed (page markers are added to it later)."""

    uid: str
    file_name: str
    root: etree._Element
    properties: tuple[str, ...] = ()

    def ids(self) -> Iterator[str]:
        for element in self.root.iter():
            value = element.get("id")
            if value is not None:
                yield value

    def xhtml(self) -> bytes:
        return bytes(etree.tostring(self.root.getroottree(), xml_declaration=True,
                                    encoding="utf-8"))


@dataclass(frozen=True)
class Piece:
    """One document of a chapter: its file and the chapter's entries ``start:end`` in it."""

    file_name: str
    start: int
    end: int


@dataclass(frozen=True)
class Plan:
    """Which document each chapter (and in the self-test edition each answer) goes to."""

    #: Per chapter, its documents in order; most chapters have one.
    pieces: tuple[tuple[Piece, ...], ...]
    # Per chapter, one document per question's answer (empty unless quiz): an answer of its
    # own never shows the end of the previous answer or the start of the next one.
    answer_files: tuple[tuple[str, ...], ...]
    anchor_files: Mapping[str, str]  # every anchor a link or the nav may target -> file
    quiz: bool = False

    @property
    def chapter_files(self) -> tuple[str, ...]:
        """Where each chapter starts."""
        return tuple(pieces[0].file_name for pieces in self.pieces)


def plan_files(book: Book, quiz: bool, budget: int | None = None) -> Plan:
    budget = budget or PIECE_BUDGET
    pieces = tuple(_pieces(chapter, i, budget) for i, chapter in enumerate(book.chapters, 1))
    answers = tuple(tuple(f"answer-{i}-{j}.xhtml" for j in range(1, len(c.questions) + 1))
                    for i, c in enumerate(book.chapters, 1)) if quiz else ()
    anchors: dict[str, str] = {}
    for i, chapter in enumerate(book.chapters):
        anchors[chapter.anchor] = pieces[i][0].file_name
        for piece in pieces[i]:
            for entry in chapter.entries[piece.start:piece.end]:
                anchors[entry.id if isinstance(entry, Question) else entry.anchor] = \
                    piece.file_name
        if quiz:
            anchors.update({f"answer-{q.id}": answers[i][j]
                            for j, q in enumerate(chapter.questions)})
    return Plan(pieces, answers, anchors, quiz)


def _pieces(chapter: Chapter, number: int, budget: int) -> tuple[Piece, ...]:
    """The chapter's entries in runs of at most ``budget`` bytes (an entry heavier than that
    alone in its own), the first in ``chapter-N.xhtml``, the next in ``chapter-N-2.xhtml``…"""
    starts, weight = [0], 0
    for index, entry in enumerate(chapter.entries):
        size = _weight(entry)
        if weight and weight + size > budget:
            starts.append(index)
            weight = 0
        weight += size
    ends = [*starts[1:], len(chapter.entries)]
    return tuple(Piece(f"chapter-{number}.xhtml" if k == 0 else f"chapter-{number}-{k + 1}.xhtml",
                       start, end) for k, (start, end) in enumerate(zip(starts, ends, strict=True)))


def _weight(entry: Entry) -> int:
    """An entry's bytes in a chapter document: its fragments, and the markup the template
    puts around a question (section, title, tags: ~400 bytes) and each part (~150)."""
    if isinstance(entry, Question):
        fragments = [entry.title, *(p.content for p in entry.parts)]
        markup = 400 + 150 * len(entry.parts) + 60 * len(entry.tags)
    else:
        fragments = [f for f in (entry.title, entry.content) if f is not None]
        markup = 200
    return markup + sum(len(f.html.encode()) + sum(len(n.html.encode()) for n in f.footnotes)
                        for f in fragments)


@dataclass
class ContentContext:
    """What every template of one EPUB gets: the book, words, plan, and the image names."""

    book: Book
    env: jinja2.Environment
    plan: Plan
    images: Mapping[str, str]
    footnotes: Mapping[str, Footnote] = field(default_factory=dict)
    #: The cover image's name in the package (a JPEG ``epub.cover`` keeps its suffix).
    cover_src: str = COVER_IMAGE

    @property
    def config(self) -> BookConfig:
        return self.book.config

    def common(self) -> dict[str, Any]:
        config = self.config
        return {"config": config, "lang": config.language, "t": strings(config.language),
                "w": epub_words(config.language), "stylesheets": STYLESHEETS,
                "quiz": self.plan.quiz}

    def converter(self, file_name: str) -> FragmentXhtml:
        return FragmentXhtml(file_name, self.plan.anchor_files, self.images, self.footnotes)


def content_documents(ctx: ContentContext) -> list[Doc]:
    """Cover page, title page, then each chapter (and its answers in the self-test edition)."""
    docs = [render_doc(ctx, "epub/cover.xhtml.j2", "cover", "cover.xhtml",
                       cover_src=ctx.cover_src, cover_alt=cover_alt(ctx.config)),
            render_doc(ctx, "epub/titlepage.xhtml.j2", "titlepage", "titlepage.xhtml",
                       kicker=kicker(ctx.book), edition=edition_line(ctx.config),
                       quiz_note=epub_words(ctx.config.language)["quiz_note"] if ctx.plan.quiz
                       else "")]
    for i, chapter in enumerate(ctx.book.chapters):
        docs.extend(_chapter(ctx, i, chapter, k) for k in range(len(ctx.plan.pieces[i])))
        if ctx.plan.quiz:
            docs.extend(_answer(ctx, i, j, q) for j, q in enumerate(chapter.questions))
    return docs


def _chapter(ctx: ContentContext, i: int, chapter: Chapter, k: int) -> Doc:
    piece = ctx.plan.pieces[i][k]
    uid = f"chapter-{i + 1}" if k == 0 else f"chapter-{i + 1}-{k + 1}"
    return render_doc(ctx, "epub/chapter.xhtml.j2", uid, piece.file_name, chapter=chapter,
                      entries=chapter.entries[piece.start:piece.end], first=k == 0,
                      x=ctx.converter(piece.file_name), anchor_files=ctx.plan.anchor_files)


def _answer(ctx: ContentContext, i: int, j: int, question: Question) -> Doc:
    """One question's answer, on a document of its own that first restates the question."""
    name = ctx.plan.answer_files[i][j]
    return render_doc(ctx, "epub/answer.xhtml.j2", f"answers-{i + 1}-{j + 1}", name,
                      q=question, x=ctx.converter(name),
                      question_file=ctx.plan.anchor_files[question.id],
                      heading=answers_heading(ctx.config, ctx.book.chapters[i]))


def answers_heading(config: BookConfig, chapter: Chapter) -> str:
    word = epub_words(config.language)["answers"]
    return f"{word}{colon(config.language)}{chapter.title.text}"


def render_doc(ctx: ContentContext, template: str, uid: str, file_name: str,
               properties: tuple[str, ...] = (), **values: Any) -> Doc:
    text = ctx.env.get_template(template).render(**ctx.common(), **values)
    root = parse_xml(text, file_name, ctx.config)
    # The handout's CJK finish, as markup epub-cjk.css styles (cuebook.render.cjk): e-reader
    # engines ignore text-autospace, and the text stays as written.
    cjk.finish(root)
    if is_rtl(ctx.config.language):
        bidi.code_left_to_right(root)  # epub-rtl.css may not say "direction"
    return Doc(uid, file_name, root, properties)


def parse_xml(text: str, file_name: str, config: BookConfig) -> etree._Element:
    """Parse strictly: a document that is not well-formed XML is a cuebook bug, reported."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise CuebookError([Diagnostic(config.location, Severity.ERROR,
                                       f"EPUB document {file_name} is not well-formed XML "
                                       f"({exc}); this is a cuebook bug, please report it",
                                       "epub.xhtml")]) from exc


def cover_alt(config: BookConfig) -> str:
    byline = f" · {config.author}" if config.author else ""
    return f"{config.title}{byline}"
