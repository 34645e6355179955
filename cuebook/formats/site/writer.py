"""The web site: each book readable in a browser and studied as cards, and a library page.

Recipe per book: convert every fragment of the one model for a web page (the e-book's
converter, serialised as HTML), render the reading page and the study page from templates,
copy the images, the stylesheet, the study script and a small cover, and leave a manifest the
library page reads. After every book of a run is built, :mod:`cuebook.formats.site.library`
writes the library page (``index.html`` at the top of the output folder) from the manifests and
the files that exist.

Everything is relative and local: no CDN, no web fonts, no requests off the page's own origin,
so the folder works from a web host or straight from disk.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from cuebook.book.model import Book, Question
from cuebook.book.nav import nav_tree
from cuebook.formats.base import WriterContext
from cuebook.formats.site.interview import key_points
from cuebook.formats.site.library import MANIFEST, Manifest, asset
from cuebook.formats.site.questions import TEMPLATE as QUESTION_TEMPLATE
from cuebook.formats.site.questions import QuestionSlots
from cuebook.i18n import (
    choice_study_words,
    interview_words,
    is_rtl,
    site_words,
    strings,
    study_words,
)
from cuebook.output import write_atomic, write_changed
from cuebook.render import cjk
from cuebook.render.fonts import stack_for_book
from cuebook.render.images import image_names
from cuebook.render.templates import make_environment
from cuebook.render.xhtml import FragmentXhtml

#: The cover on the library page: a quarter of the e-book cover's 1600×2560, enough for a
#: 2× screen at the 200 px the page shows it.
COVER_SIZE = (400, 640)
ASSETS = ("site.css", "cards.js", "study.js", "interview.js", "interview.css")


@dataclass(frozen=True)
class SiteWriter:

    def write(self, book: Book, ctx: WriterContext) -> list[Path]:
        folder = ctx.out_dir / book.slug
        images = image_names(book)
        pages = {"index.html": "site/book.html.j2", "study.html": "site/study.html.j2",
                 "interview.html": "site/interview.html.j2"}
        written = []
        for name, template in pages.items():  # the reading page first: the preview shows it
            written.append(write_changed(folder / name,
                                         render_page(book, ctx, template, name, images)))
            ctx.written(written[-1])
        for source, name in images.items():
            written.append(write_changed(folder / name, (book.root / source).read_bytes()))
        written.append(write_changed(folder / "cover.png", _cover_png(book, ctx)))
        written.extend(write_changed(folder / a, _asset(book, ctx, a)) for a in ASSETS)
        written.append(write_changed(folder / MANIFEST, Manifest.of(book, ctx).to_json()))
        return written


def render_page(book: Book, ctx: WriterContext, template: str, file_name: str,
                images: dict[str, str]) -> bytes:
    env = make_environment(book.root, ctx.project_dir)
    footnotes = {n.anchor: n for q in book.questions for n in q.footnotes}
    footnotes.update({n.anchor: n for s in book.sections for n in s.content.footnotes})
    # The reading page holds every anchor: links within the book lead there (from the study
    # page too); images get their site names.
    anchor_files = dict.fromkeys(book.anchors, "index.html")
    context = dict(
        book=book, config=book.config, lang=book.config.language,
        nav=nav_tree(book), t=strings(book.config.language), w=site_words(book.config.language),
        tags=_tags_in_order(book),
        study_strings=json.dumps(_study_strings(book), ensure_ascii=False),
        json_list=_json_list, untitled=_untitled_chapters(book),
        iw=interview_words(book.config.language), key_points=key_points,
        interview_seconds=ctx.values("site", book)["interview_seconds"],
        interview_strings=json.dumps(_interview_strings(book), ensure_ascii=False))

    def converter() -> FragmentXhtml:
        return FragmentXhtml(file_name, anchor_files, images, footnotes, method="html")

    # The reading page's questions are rendered once and kept (the preview writes the page
    # again after each save); with the CJK finish, as markup site-cjk.css styles
    # (cuebook.render.cjk): Chromium rejects text-autospace: ideograph-alpha, and the text
    # stays as written.
    x = converter()
    slots = QuestionSlots(env, x, file_name, {**context, "x": x}, ctx.project_dir)
    page = slots.page(env.get_template(template).render(**context, x=x, question=slots))
    if page is None:  # the page's own text has what looks like a slot: rendered whole
        x = converter()
        whole = env.get_template(QUESTION_TEMPLATE)

        def question(entry: Question, level: int) -> Markup:
            return Markup(whole.render(**context, x=x, entry=entry, q_level=level))

        page = cjk.finish_html(env.get_template(template).render(**context, x=x,
                                                                 question=question))
    return page.encode("utf-8")


def _has_choices(book: Book) -> bool:
    return any(q.choices for q in book.questions)


def _study_strings(book: Book) -> dict[str, str]:
    """The study script's words; those of multiple-choice questions only in a book that has
    them (another book's page stays as it was)."""
    words = study_words(book.config.language)
    if _has_choices(book):
        words = {**words, **choice_study_words(book.config.language)}
    return words


def _interview_strings(book: Book) -> dict[str, str]:
    """The mock-interview script's words: its own, and the study page's for options."""
    language = book.config.language
    return {**choice_study_words(language), **interview_words(language)}


def _asset(book: Book, ctx: WriterContext, name: str) -> bytes:
    """A file of the book's folder: the stylesheet gains the rules of multiple-choice
    questions in a book that has them, the CJK finish's in a book with CJK text, and
    the mirrored layout's in one written right to left."""
    data = asset(ctx.project_dir, name)
    if name == "site.css" and _has_choices(book):
        data += b"\n" + (ctx.project_dir / "styles" / "site-choices.css").read_bytes()
    if name == "site.css" and cjk.in_book(book):
        data += b"\n" + (ctx.project_dir / "styles" / "site-cjk.css").read_bytes()
    if name == "site.css" and is_rtl(book.config.language):
        data += b"\n" + (ctx.project_dir / "styles" / "site-rtl.css").read_bytes()
    return data


def _tags_in_order(book: Book) -> list[str]:
    """Every tag once, in the order the book first uses it (code-point order reads as random
    in Chinese: 二分查找, 位运算, 区间…)."""
    return list(dict.fromkeys(t for q in book.questions for t in q.tags))


def _json_list(items: Sequence[str]) -> str:
    return json.dumps(list(items), ensure_ascii=False)


def _untitled_chapters(book: Book) -> frozenset[str]:
    """Chapters titled like the book itself (an article's own heading, as in the seed): the
    page, which opens with the book's title, does not repeat it."""
    title = " ".join(book.config.title.split())
    return frozenset(c.anchor for c in book.chapters if " ".join(c.title.text.split()) == title)


def _cover_png(book: Book, ctx: WriterContext) -> bytes:
    """The e-book's cover (the book's own image or the generated one), small for the web."""
    from PIL import Image  # imported here: a run that finds the site up to date needs neither

    from cuebook.render.cover import book_cover, cover_key

    cover = ctx.values("epub", book)["cover"]  # book.yaml's epub.cover, checked
    stack = stack_for_book(book)
    key = f"{cover_key(book, Path(cover) if cover else None, stack)} {COVER_SIZE}"
    # Drawn again only when what it shows changed: the preview rebuilds the site on each save.
    kept = ctx.memory(book, "site-cover")
    if kept is not None:
        try:
            data = json.loads(kept.read_text(encoding="utf-8"))
            if data["key"] == key:
                return base64.b64decode(data["png"], validate=True)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none yet, or unreadable: drawn below
    _, _, data = book_cover(book, Path(cover) if cover else None, stack)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.thumbnail(COVER_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    if kept is not None:
        write_atomic(kept, json.dumps({"key": key, "png": base64.b64encode(out.getvalue())
                                       .decode("ascii")}).encode())
    return out.getvalue()


writer = SiteWriter()
