"""Anki packages (.apkg, .colpkg): each note a question, sub-decks as chapters, media relinked.

A note's first field is the question and its second the answer; further fields become parts
named after them. A cloze note is one question: its text with ``[…]`` (or the hint) in each
blank, and the full text, blanks in bold, as the answer. A deck written by cuebook itself
(its note type's fields) maps back field by field: title, question, answer, example, tags,
difficulty.
"""

from __future__ import annotations

import json
import tempfile
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import zstandard
from bs4 import BeautifulSoup, Tag

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.formats.anki.writer import FIELDS as CUEBOOK_FIELDS
from cuebook.importers.archive import Archive, open_archive
from cuebook.importers.collection import Collection, Note, NoteType, read_collection
from cuebook.importers.html import HtmlTooDeep, html_to_markdown
from cuebook.importers.media import FOLDER, IMAGE_SUFFIXES, MediaBox
from cuebook.importers.model import (
    Entry,
    ImportedBook,
    ImportedChapter,
    NoteLocation,
    chapter_titles,
    make_entry,
)
from cuebook.importers.protobuf import media_names
from cuebook.importers.scan import clozes, replace_clozes
from cuebook.importers.source import ImportRefused, read_bytes
from cuebook.safety.limits import (
    MAX_COLLECTION_BYTES,
    MAX_HTML_DEPTH,
    MAX_IMPORT_BYTES,
    MAX_MEDIA_LIST_BYTES,
    MAX_SCALABLE_IMAGE_BYTES,
)

_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def read_package(path: Path, diags: Diagnostics) -> ImportedBook:
    read_bytes(path, MAX_IMPORT_BYTES, diags)  # size and kind, before zipfile opens it
    archive = open_archive(path, diags)
    where = SourceLocation(str(path))
    collection = _collection(archive, where, diags)
    media = _Media(archive, _media_map(archive, diags), diags)
    chapters = _chapters(collection, str(path), media, diags)
    return ImportedBook(_book_title(collection, path), chapters, dict(media.box.files))


def _collection(archive: Archive, where: SourceLocation, diags: Diagnostics) -> Collection:
    name = next((n for n in _COLLECTIONS if n in archive.names), None)
    if name is None:
        diags.error(where, "no collection.anki2 (or .anki21, .anki21b) in the package: not an "
                    "Anki package", "import.collection")
        raise ImportRefused
    data = archive.read(name, MAX_COLLECTION_BYTES, diags)
    if data.startswith(_ZSTD_MAGIC):
        data = _unzstd(data, MAX_COLLECTION_BYTES, where, diags)
    with tempfile.TemporaryDirectory(prefix="cuebook-import-") as tmp:
        db = Path(tmp) / "collection.sqlite"
        db.write_bytes(data)
        return read_collection(db, where, diags)


def _unzstd(data: bytes, limit: int, where: SourceLocation, diags: Diagnostics) -> bytes:
    """Anki's current packages compress the collection and each media file with zstd; read
    at most ``limit`` bytes of output, whatever the frame header says."""
    out = _unzstd_at_most(data, limit, where, diags)
    if out is None:
        diags.error(where, "a zstd member unpacks past its limit: refused (a decompression "
                    "bomb?)", "import.archive-bomb")
        raise ImportRefused
    return out


def _unzstd_at_most(data: bytes, limit: int, where: SourceLocation,
                    diags: Diagnostics) -> bytes | None:
    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            out = reader.read(limit + 1)
    except zstandard.ZstdError as exc:
        diags.error(where, f"a zstd member cannot be read: {exc}", "import.archive")
        raise ImportRefused from exc
    return None if len(out) > limit else bytes(out)


def _media_map(archive: Archive, diags: Diagnostics) -> dict[str, str]:
    """File name -> member name, from the ``media`` member (JSON, or protobuf in current
    packages). Names that are not plain keep their last component only (see MediaBox)."""
    if "media" not in archive.names:
        return {}
    data = archive.read("media", MAX_MEDIA_LIST_BYTES, diags)
    if data.startswith(_ZSTD_MAGIC):
        data = _unzstd(data, MAX_MEDIA_LIST_BYTES, archive.where, diags)
    try:
        raw = json.loads(data) if data.lstrip().startswith(b"{") else media_names(data)
    except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested 100,000 deep
        diags.warning(archive.where, f"the media list cannot be read ({exc}): no media "
                      "carried", "import.media-missing")
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(name): str(member) for member, name in raw.items() if str(member) in archive.names}


class _Media:
    """Media a note names, read from the package once and carried into ``media/``."""

    def __init__(self, archive: Archive, members: dict[str, str], diags: Diagnostics) -> None:
        self.archive, self.members, self.diags = archive, members, diags
        self.box = MediaBox()

    def lookup(self, where: SourceLocation) -> Callable[[str], str | None]:
        def find(src: str) -> str | None:
            name = urllib.parse.unquote(src)
            if name in self.box.chosen:  # met in an earlier note: read once
                return f"{FOLDER}/{self.box.chosen[name]}"
            if name in self.box.refused:
                return None
            member = self.members.get(name)
            if member is None:
                self.diags.warning(where, f"media file '{name}' is not in the package",
                                   "import.media-missing")
                return None
            if not name.lower().endswith(IMAGE_SUFFIXES):  # a sound: not even read
                return self.box.add(name, b"", where, self.diags)
            # Read up to what an import scales down: one over the image limit is made smaller.
            data = self.archive.read_at_most(member, MAX_SCALABLE_IMAGE_BYTES, self.diags)
            if data is not None and data.startswith(_ZSTD_MAGIC):
                data = _unzstd_at_most(data, MAX_SCALABLE_IMAGE_BYTES, where, self.diags)
            return self.box.add(name, data, where, self.diags)  # None: over that limit
        return find


def _chapters(collection: Collection, deck_path: str, media: _Media,
              diags: Diagnostics) -> tuple[ImportedChapter, ...]:
    by_deck: dict[str, list[Entry]] = {}
    for note in collection.notes:
        where = NoteLocation(deck_path, note=note.id)
        kind = collection.types.get(note.type_id)
        if kind is None:
            diags.warning(where, "note type is not in the collection: note left out",
                          "import.note-type")
            continue
        try:
            entry = _entry(note, kind, where, media.lookup(where), diags)
        except HtmlTooDeep:
            diags.warning(where, f"note nests its HTML more than {MAX_HTML_DEPTH} elements "
                          "deep: left out", "import.note-too-deep")
            entry = None
        if entry is not None:
            by_deck.setdefault(collection.decks.get(note.deck_id, ""), []).append(entry)
    names = sorted(by_deck)
    titles = chapter_titles(names)
    return tuple(ImportedChapter(titles[n], tuple(by_deck[n])) for n in names)


def _book_title(collection: Collection, path: Path) -> str:
    used = {collection.decks.get(n.deck_id, "") for n in collection.notes}
    tops = {name.split("::")[0] for name in used if name}
    return tops.pop() if len(tops) == 1 else path.stem


def _entry(note: Note, kind: NoteType, where: SourceLocation,
           media: Callable[[str], str | None], diags: Diagnostics) -> Entry | None:
    def md(html: str) -> str:
        return html_to_markdown(html, where, diags, media)

    named = dict(zip(kind.fields, note.fields, strict=False))
    tags = note.tags
    if tuple(kind.fields) == CUEBOOK_FIELDS:
        return _cuebook_entry(named, note, tags, md)
    if "image occlusion" in kind.name.lower() or "image-occlusion:" in note.fields[0]:
        # The question is shapes drawn over a picture by Anki's editor: no text to carry.
        diags.warning(where, f"note type '{kind.name}' (masks drawn on an image) cannot be "
                      "carried into a book; note left out", "import.note-type")
        return None
    if len(note.fields) < 2 and not kind.cloze:
        diags.warning(where, f"note type '{kind.name}' has one field: no answer to carry; "
                      "note left out", "import.note-type")
        return None
    first = note.fields[0]
    if kind.cloze or next(clozes(first), None):
        question = md(replace_clozes(first, lambda c: f"[{c.hint or '…'}]"))
        answer = md(replace_clozes(first, lambda c: f"<b>{c.answer}</b>"))
        rest = list(zip(kind.fields[1:], note.fields[1:], strict=False))
    else:
        question, answer = md(first), md(note.fields[1])
        rest = list(zip(kind.fields[2:], note.fields[2:], strict=False))
    if not question.strip():
        diags.warning(where, "note has an empty first field: left out", "import.empty-question")
        return None
    extra = tuple((name, md(value)) for name, value in rest if value.strip())
    return make_entry(question, answer, tags=tags, id=f"note-{note.id}",
                      extra=tuple((n, v) for n, v in extra if v))


def _cuebook_entry(named: dict[str, str], note: Note, tags: tuple[str, ...],
                   md: Callable[[str], str]) -> Entry:
    entry = make_entry(md(named.get("Question", "")) or md(named.get("Title", "")),
                       md(named.get("Answer", "")), tags=tags, id=f"note-{note.id}")
    title = md(named.get("Title", "")).replace("\n", " ").strip()
    extra = tuple((label, md(html)) for label, html in _own_parts(named.get("Extra", "")))
    return Entry(title or entry.title, entry.answer, md(named.get("Question", "")), extra,
                 entry.tags, entry.id, md(named.get("Example", "")), entry.difficulty)


def _own_parts(html: str) -> list[tuple[str, str]]:
    """A cuebook deck's Extra field: one ``<section class="part">`` per part of the book's
    own (``易错点``…), its label in the section's ``<h2>``."""
    if "<section" not in html:
        return []
    parts = []
    for section in BeautifulSoup(html, "html.parser").find_all("section"):
        heading = section.find("h2") if isinstance(section, Tag) else None
        if isinstance(heading, Tag):
            label = heading.get_text(" ", strip=True)
            heading.decompose()
            parts.append((label, section.decode_contents()))
    return parts
