"""The Anki package: one note per question, a subdeck per chapter, images as media.

Recipe: read the book's ``anki:`` options, turn each question into a note (stable GUID, tags
Anki accepts, images renamed to their content hash), build the note type from
``templates/anki/``, and write the .apkg, a zip holding a SQLite collection, byte for byte the
same for the same book and ``SOURCE_DATE_EPOCH``.

How Anki re-imports a package (rslib ``import_export/package/apkg/import``) decides the rest:
notes are matched by GUID and replaced only when the incoming note's mtime is strictly newer;
cards that already exist keep their scheduling and review history; the note type is matched by
id and updated when it is newer and its field and template names are unchanged; decks are
matched by name. So GUIDs, ids and field names must never drift, and every note, card and the
note type carry the build's ``SOURCE_DATE_EPOCH`` as their mtime: a later build of a changed
book (a later epoch) updates notes on re-import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import io
import itertools
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import genanki
import jinja2
from markupsafe import Markup

from cuebook.book.config import default_parts
from cuebook.book.model import Book, Chapter, Choice, Choices, Fragment, Part, Question
from cuebook.diagnostics import CuebookError, Diagnostic, Severity, SourceLocation
from cuebook.formats.anki.options import SECTION
from cuebook.formats.base import WriterContext
from cuebook.i18n import cjk_region, is_rtl, list_separator, strings
from cuebook.output import write_atomic
from cuebook.render.choices import options_html, right_html
from cuebook.render.fonts import stack_for
from cuebook.render.math import with_tex_formulas
from cuebook.render.notes import (
    anki_tags,
    back_parts,
    book_deck,
    chapter_deck,
    note_guid,
    stable_id,
)
from cuebook.render.templates import make_environment
from cuebook.render.xhtml import card_html

#: The note type's fields. Anki updates a note type in place only while these names (and the
#: template's) stay the same, so they are fixed and never translated.
FIELDS = ("Number", "Title", "Question", "Answer", "Example", "Extra", "Source", "Tags",
          "Difficulty")
TEMPLATE_NAME = "Recall"
#: The second card of ``anki: {reverse: true}``: the answer asks for the question (a term
#: from its definition). Such a book gets a note type of its own (another id), so that Anki
#: never has to change the templates of a note type it already holds.
REVERSE_TEMPLATE_NAME = "Reverse"
#: Parts with a field of their own; any other part goes, labelled, into Extra.
OWN_PARTS = frozenset({"question", "answer", "example"})
#: The multiple-choice note type's fields: the stem (the question without its options), the
#: options as a lettered list, the right letter(s) ("B", "A, C"), the right option(s) with
#: their text, and the explanation (the answer without the letters). A note type of its own
#: (its own fixed id), so a book's other notes keep theirs; fixed names, as for FIELDS.
CHOICE_FIELDS = ("Number", "Title", "Stem", "Options", "Key", "Right", "Explanation", "Example",
                 "Extra", "Source", "Tags", "Difficulty")
CHOICE_TEMPLATE_NAME = "Choose"

_MEDIA_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
_TAG = re.compile(r"<[^>]*>?")


@dataclass(frozen=True)
class AnkiPackage:

    def write(self, book: Book, ctx: WriterContext) -> list[Path]:
        path = ctx.out_dir / f"{book.slug}.apkg"
        write_atomic(path, build_package(book, ctx))
        return [path]


def build_package(book: Book, ctx: WriterContext) -> bytes:
    options = ctx.values(SECTION, book)
    namespace = options["id"]
    media = Media(book.root)
    # Anki typesets \(…\) and \[…\] itself (MathJax), on every device.
    notes = anki_notes(with_tex_formulas(book), namespace, media)
    media.raise_problems()
    models = {BASIC: note_type(book, ctx, namespace, options["reverse"])}
    if any(n.kind == CHOICE for n in notes):
        models[CHOICE] = choice_note_type(book, ctx, namespace)
    return package_bytes(_decks(book, namespace, models, notes), media.files,
                         ctx.source_date_epoch)


# Media -------------------------------------------------------------------------------------------

@dataclass
class Media:
    """Images met while building the fields, renamed to a hash of their bytes: Anki keeps
    media in one flat folder per collection, where "images/arch.png" of two books would
    collide, and a changed image gets a new name instead of silently keeping the old one."""

    root: Path
    files: dict[str, bytes] = field(default_factory=dict)  # name in the package -> bytes
    names: dict[Path, str] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def rename(self, src: str, where: SourceLocation) -> str:
        path = (self.root / src).resolve()
        if path in self.names:
            return self.names[path]
        try:
            if not path.is_relative_to(self.root.resolve()):
                raise FileNotFoundError("outside the book folder")
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.problems.append(Diagnostic(where, Severity.ERROR, f"image '{src}' cannot be "
                                            f"packed into the Anki deck: {reason}",
                                            "image.unreadable"))
            return src
        suffix = path.suffix.lower() if _MEDIA_SUFFIX.match(path.suffix.lower()) else ""
        name = hashlib.sha256(data).hexdigest()[:20] + suffix
        self.files[name] = data
        self.names[path] = name
        return name

    def raise_problems(self) -> None:
        if self.problems:
            raise CuebookError(self.problems)


# Fields ------------------------------------------------------------------------------------------

#: The note types a deck may hold.
BASIC = "basic"
CHOICE = "choice"


@dataclass(frozen=True)
class AnkiNote:
    """One question as Anki stores it."""

    guid: str
    deck: str
    fields: tuple[str, ...]  # in FIELDS (or CHOICE_FIELDS) order, HTML
    tags: tuple[str, ...]
    kind: str = "basic"  # the note type: BASIC or CHOICE


def anki_notes(book: Book, namespace: str, media: Media) -> list[AnkiNote]:
    notes = []
    for index, chapter in enumerate(book.chapters, 1):
        deck = chapter_deck(book, index)
        for question in chapter.questions:
            # The GUID comes from the question's id whatever its note type.
            guid, tags = note_guid(namespace, question.id), anki_tags(question)
            if question.choices is not None:
                notes.append(AnkiNote(guid, deck, choice_fields(
                    book, index, chapter, question, question.choices, media), tags, CHOICE))
            else:
                notes.append(AnkiNote(guid, deck,
                                      note_fields(book, index, chapter, question, media), tags))
    return notes


def note_fields(book: Book, index: int, chapter: Chapter, question: Question,
                media: Media) -> tuple[str, ...]:
    where = question.location

    def part_html(key: str) -> str:
        part = question.part(key)
        return anki_html(part.content, media, part.location) if part else ""

    extra = "".join(_extra_part(p, media) for p in back_parts(question)
                    if p.key not in OWN_PARTS)
    values = {
        "Number": _number(book, index, question),
        "Title": anki_html(question.title, media, where),
        "Question": part_html("question"),
        "Answer": part_html("answer"),
        "Example": part_html("example"),
        "Extra": extra,
        "Source": html.escape(_source(book, chapter)),
        # Plain text, as the note editor shows it (the Anki tags are the searchable ones).
        "Tags": html.escape(_list_separator(book).join(question.tags), quote=False),
        "Difficulty": _difficulty(book, question),
    }
    return tuple(values[name] for name in FIELDS)


def choice_fields(book: Book, index: int, chapter: Chapter, question: Question,
                  choices: Choices, media: Media) -> tuple[str, ...]:
    """A multiple-choice note's fields, in CHOICE_FIELDS order."""
    where = question.location
    basic = dict(zip(FIELDS, note_fields(book, index, chapter, question, media), strict=True))

    def listed(options: Sequence[Choice], html_text: str) -> str:
        notes = tuple(n for o in options for n in o.content.footnotes)
        return card_html(html_text, notes, lambda src: media.rename(src, where))

    values = {
        **basic,
        "Stem": anki_html(choices.stem, media, where),
        "Options": listed(choices.options, options_html(choices.options)),
        "Key": html.escape(choices.key, quote=False),
        "Right": listed(choices.correct, right_html(choices.correct)),
        "Explanation": anki_html(choices.explanation, media, where),
    }
    return tuple(values[name] for name in CHOICE_FIELDS)


def _extra_part(part: Part, media: Media) -> str:
    return (f'<section class="part part-{part.key}"><h2 class="part-label">'
            f"{html.escape(part.label)}</h2>{anki_html(part.content, media, part.location)}"
            "</section>")


def _number(book: Book, index: int, question: Question) -> str:
    # Anki flags notes whose first field repeats; per-chapter numbers repeat across chapters.
    if book.config.numbering == "per-chapter":
        return f"{index}.{question.number}"
    return str(question.number)


def _source(book: Book, chapter: Chapter) -> str:
    title = book.config.title
    return title if chapter.title.text.strip() == title else f"{title} › {chapter.title.text}"


def _difficulty(book: Book, question: Question) -> str:
    if not question.difficulty:
        return ""
    words = strings(book.config.language)
    return html.escape(words.get(question.difficulty, question.difficulty), quote=False)


def _list_separator(book: Book) -> str:
    return list_separator(book.config.language)


def anki_html(fragment: Fragment, media: Media, where: SourceLocation) -> str:
    """The shared renderer's HTML, fitted to a card (:func:`cuebook.render.xhtml.card_html`):
    images renamed to their media file, links into the book (which has no pages in Anki) kept
    as text, and footnotes at the end."""
    return card_html(fragment.html, fragment.footnotes, lambda src: media.rename(src, where))


# Note type ---------------------------------------------------------------------------------------

#: The printed face's other names and each platform's own face, per CJK region: Anki shows
#: cards with the device's fonts, and few phones or PCs have Noto CJK under that name.
_PLATFORM_SANS = {
    "SC": ("Source Han Sans SC", "PingFang SC", "Microsoft YaHei"),
    "TC": ("Source Han Sans TC", "PingFang TC", "Microsoft JhengHei"),
    "HK": ("Source Han Sans HC", "PingFang HK", "Microsoft JhengHei"),
    "JP": ("Source Han Sans", "Hiragino Sans", "Yu Gothic", "Meiryo"),
    "KR": ("Source Han Sans K", "Apple SD Gothic Neo", "Malgun Gothic"),
}
_EMOJI = ("Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji")


@dataclass(frozen=True)
class CardFonts:
    sans: Markup
    mono: Markup


def card_fonts(language: str) -> CardFonts:
    """CSS font stacks for the cards: the printed cards' families (by language only, never
    by the fonts this machine has, so the package is the same wherever it is built)."""
    stack = stack_for(language)
    platform = _PLATFORM_SANS.get(cjk_region(language), ())
    sans = (stack.sans, *platform, *_EMOJI)
    mono = (stack.mono, "SF Mono", "Menlo", "Consolas", *platform, *_EMOJI)
    # Family names are cuebook's own constants: safe to mark as CSS.
    return CardFonts(Markup(_css_families(sans, "sans-serif")),
                     Markup(_css_families(mono, "monospace")))


def _css_families(names: Sequence[str], generic: str) -> str:
    return ", ".join([*(f'"{n}"' for n in names), generic])


def _template_values(book: Book, fields: Sequence[str]) -> dict[str, Any]:
    """What a note type's Jinja templates get: Anki's own ``{{Field}}``, ``{{#Field}}`` and
    ``{{/Field}}`` for each field (and FrontSide), the language and the part labels."""
    names = (*fields, "FrontSide")
    return {
        "lang": book.config.language,
        "labels": part_labels(book),
        "field": {n: Markup(f"{{{{{n}}}}}") for n in names},
        "when": {n: Markup(f"{{{{#{n}}}}}") for n in names},
        "end": {n: Markup(f"{{{{/{n}}}}}") for n in names},
    }


def note_type(book: Book, ctx: WriterContext, namespace: str,
              reverse: bool = False) -> genanki.Model:
    """The book's note type, its templates and CSS from ``templates/anki/`` (a book's own
    ``templates/anki/`` first); with ``reverse``, a second template, answer first."""
    env = make_environment(book.root, ctx.project_dir)
    values = _template_values(book, FIELDS)
    render = _renderer(env, book)
    templates = [{"name": TEMPLATE_NAME, "qfmt": render("anki/front.html.j2", values),
                  "afmt": render("anki/back.html.j2", values)}]
    if reverse:
        templates.append({"name": REVERSE_TEMPLATE_NAME,
                          "qfmt": render("anki/reverse-front.html.j2", values),
                          "afmt": render("anki/reverse-back.html.j2", values)})
    css = render("anki/card.css.j2", {"fonts": card_fonts(book.config.language),
                                        "rtl": is_rtl(book.config.language)})
    ids = ("notetype", namespace, "reverse") if reverse else ("notetype", namespace)
    name = f"cuebook: {book.config.title}" + (" (reverse)" if reverse else "")
    return genanki.Model(stable_id(*ids), name, fields=[{"name": n} for n in FIELDS],
                         templates=templates, css=css, sort_field_index=0)


def choice_note_type(book: Book, ctx: WriterContext, namespace: str) -> genanki.Model:
    """The note type of multiple-choice questions: one card, the stem and the options on its
    front; on its back the right option(s), marked by a check mark and their letter (not by
    colour alone), then the explanation. Its id is fixed, as the book's other note type's."""
    env = make_environment(book.root, ctx.project_dir)
    values = _template_values(book, CHOICE_FIELDS)
    render = _renderer(env, book)
    templates = [{"name": CHOICE_TEMPLATE_NAME,
                  "qfmt": render("anki/choice-front.html.j2", values),
                  "afmt": render("anki/choice-back.html.j2", values)}]
    style = {"fonts": card_fonts(book.config.language), "rtl": is_rtl(book.config.language)}
    css = render("anki/card.css.j2", style) + render("anki/choice.css.j2", style)
    return genanki.Model(stable_id("notetype", namespace, "choice"),
                         f"cuebook: {book.config.title} (multiple choice)",
                         fields=[{"name": n} for n in CHOICE_FIELDS], templates=templates,
                         css=css, sort_field_index=0)


def part_labels(book: Book) -> dict[str, str]:
    """Each part key's label as the book configures it, the language's default otherwise."""
    labels = {p.key: p.label for p in default_parts(book.config.language)}
    labels.update({p.key: p.label for p in book.config.parts})
    return labels


def _renderer(env: jinja2.Environment, book: Book) -> Callable[[str, dict[str, Any]], str]:
    def render(name: str, values: dict[str, Any]) -> str:
        try:
            return env.get_template(name).render(values)
        except jinja2.TemplateError as exc:
            where = SourceLocation(getattr(exc, "filename", None) or name,
                                   getattr(exc, "lineno", None) or 1)
            raise CuebookError([Diagnostic(where, Severity.ERROR, f"template {name}: {exc}",
                                           "template.error")]) from exc
    return render


# The package -------------------------------------------------------------------------------------

def _decks(book: Book, namespace: str, models: Mapping[str, genanki.Model],
           notes: Sequence[AnkiNote]) -> list[genanki.Deck]:
    top = book_deck(book)
    decks = {top: genanki.Deck(stable_id("deck", namespace, top), top, _description(book))}
    for position, note in enumerate(notes, 1):
        if note.deck not in decks:
            decks[note.deck] = genanki.Deck(stable_id("deck", namespace, note.deck), note.deck)
        # due: new cards come up in the book's order.
        decks[note.deck].add_note(genanki.Note(models[note.kind], list(note.fields),
                                               tags=list(note.tags), guid=note.guid,
                                               due=position))
    return list(decks.values())


def _description(book: Book) -> str:
    """Plain lines: Anki shows a deck's description as written (a "<br>" showed literally).
    Anything tag-like is dropped, so no client that does render HTML gets markup from it."""
    config = book.config
    byline = " · ".join(x for x in (config.author, config.version) if x)
    lines = (_TAG.sub("", x).strip() for x in (config.subtitle, config.description, byline))
    return "\n".join(x for x in lines if x)


def package_bytes(decks: Sequence[genanki.Deck], media: Mapping[str, bytes], epoch: int) -> bytes:
    """The .apkg. genanki's own ``write_to_file`` stamps the zip with the wall clock (and its
    temporary file's mtime), so only its ``write_to_db`` is used, with the epoch as the time:
    note, card and note type mtimes, and note and card ids counted up from it in milliseconds.
    The SQLite file is then the same bytes for the same inputs (checked by the tests)."""
    with tempfile.TemporaryDirectory(prefix="cuebook-anki-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        with contextlib.closing(sqlite3.connect(db_path)) as db:
            # A scratch file read back at once: no journal or fsync (they cost 0.2 s a build,
            # and change nothing in the bytes).
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            genanki.Package(list(decks)).write_to_db(db.cursor(), epoch,
                                                     itertools.count(epoch * 1000))
            db.commit()
        collection = db_path.read_bytes()
    return _zip(collection, media, epoch)


def _zip(collection: bytes, media: Mapping[str, bytes], epoch: int) -> bytes:
    """Anki's legacy package layout: the collection, a "media" JSON map from member names
    ("0", "1"…) to file names, and the media files under those member names."""
    names = sorted(media)
    members = [("collection.anki2", collection),
               ("media", json.dumps({str(i): n for i, n in enumerate(names)}).encode())]
    members += [(str(i), media[n]) for i, n in enumerate(names)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(_zip_entry(name, epoch), data)
    return buffer.getvalue()


def _zip_entry(name: str, epoch: int) -> zipfile.ZipInfo:
    # A zip date is a local time from 1980 on: take it in UTC so the time zone does not leak
    # into the bytes, and clamp earlier epochs.
    when = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC)
    info = zipfile.ZipInfo(name, when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, wherever it is built (Windows would write 0)
    info.external_attr = 0o644 << 16
    return info


writer = AnkiPackage()
