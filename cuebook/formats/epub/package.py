"""The package: ebooklib writes the OPF and the container; cuebook makes the zip reproducible.

ebooklib 0.20 pitfalls handled here (FACTS.md): ``write_epub`` swallows errors unless asked not
to, so its writer is called directly and any failure becomes a located error; the identifier is
random unless set; zip entries get wall-clock times (the zip is rewritten with fixed ones, in
sorted order, ``mimetype`` first and stored); ``<package>`` has no ``xml:lang`` (Ace: serious).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ebooklib import epub

from cuebook.diagnostics import CuebookError, Diagnostic, Severity, SourceLocation

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The earliest time a zip entry can carry (MS-DOS dates start in 1980).
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Resource:
    """A file of the package: XHTML, NCX, CSS, font or image."""

    uid: str
    file_name: str  # relative to the package folder (EPUB/)
    media_type: str
    data: bytes
    properties: tuple[str, ...] = ()
    in_spine: bool = False


@dataclass(frozen=True)
class Metadata:
    identifier: str
    title: str
    language: str
    author: str
    modified: dt.datetime  # UTC
    generator: str
    description: str = ""
    date: str = ""
    subjects: tuple[str, ...] = ()
    page_source: str = ""  # dc:source naming the edition the page list follows
    #: (property, value) pairs: schema.org accessibility metadata, dcterms:conformsTo…
    properties: tuple[tuple[str, str], ...] = ()
    #: "rtl": the spine's page-progression-direction (pages turn to the left, as an Arabic
    #: book's do); "" leaves it to the reading system (left to right)
    direction: str = ""


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer with the package-level language, and no re-declared prefix."""

    def __init__(self, target: Any, book: epub.EpubBook, options: dict[str, Any],
                 language: str) -> None:
        super().__init__(target, book, options)
        self.language = language

    def _write_opf_file(self, root: Any) -> None:
        root.set(_XML_LANG, self.language)
        # "rendition:" is a reserved prefix in EPUB 3; ebooklib always declares it again.
        root.attrib.pop("prefix", None)
        super()._write_opf_file(root)


def build_package(meta: Metadata, resources: Sequence[Resource],
                  guide: Sequence[dict[str, str]], where: SourceLocation) -> bytes:
    """The EPUB as bytes: ebooklib's package, rezipped reproducibly."""
    book = _book(meta, resources, guide)
    buffer = io.BytesIO()
    options = {"mtime": meta.modified, "epub3_pages": False, "epub3_landmark": False,
               "raise_exceptions": True}
    try:
        writer = _Writer(buffer, book, options, meta.language)
        writer.process()
        writer.write()
    except Exception as exc:  # ebooklib raises whatever its lxml and zipfile calls raise
        raise CuebookError([Diagnostic(where, Severity.ERROR,
                                       f"could not write the EPUB package: {exc}",
                                       "epub.write")]) from exc
    return reproducible_zip(buffer.getvalue(), meta.modified)


def _book(meta: Metadata, resources: Sequence[Resource],
          guide: Sequence[dict[str, str]]) -> epub.EpubBook:
    book = epub.EpubBook()
    book.set_identifier(meta.identifier)
    book.set_title(meta.title)
    book.set_language(meta.language)
    if meta.author:
        book.add_author(meta.author)
    book.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator", "content": meta.generator})]
    _describe(book, meta)
    if meta.direction:
        book.set_direction(meta.direction)
    spine = []
    for resource in resources:
        item = epub.EpubItem(uid=resource.uid, file_name=resource.file_name,
                             media_type=resource.media_type, content=resource.data)
        item.properties = list(resource.properties)
        book.add_item(item)
        if resource.in_spine:
            spine.append(item)
    book.spine = spine
    book.guide = [dict(g) for g in guide]
    return book


def _describe(book: epub.EpubBook, meta: Metadata) -> None:
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    if meta.date:
        book.add_metadata("DC", "date", meta.date)
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)
    if meta.page_source:
        book.add_metadata("DC", "source", meta.page_source, {"id": "page-source"})
        # EPUB 3 names the pagination source by refining dc:source; Ace reads exactly this.
        book.add_metadata(None, "meta", "pagination",
                          {"refines": "#page-source", "property": "source-of"})
    for prop, value in meta.properties:
        book.add_metadata(None, "meta", value, {"property": prop})
    # EPUB 2 readers (older Kindle conversions among them) find the cover image through this.
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same entries with fixed times and attributes: ``mimetype`` first and stored (OCF
    3.0 section 4.3), then every other entry in sorted order, deflated at level 9."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(n for n in source.namelist() if n != "mimetype")
        for name in ["mimetype", *names]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name), compresslevel=None if stored else 9)
    return out.getvalue()
