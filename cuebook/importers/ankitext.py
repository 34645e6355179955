"""Anki's "Notes in Plain Text" export: ``#key:value`` header lines, then one note a row.

The headers Anki writes (rslib ``import_export/text``): ``#separator:`` (``tab``, ``comma``,
``semicolon``, ``space``, ``pipe``, ``colon`` or the character), ``#html:true|false``,
``#columns:``, and ``#guid/notetype/deck/tags column:N`` naming the columns that are not
fields. The first field is the question, the second the answer, further ones parts; decks
become chapters in the order first met.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers.html import HtmlTooDeep, html_to_markdown
from cuebook.importers.model import (
    Entry,
    ImportedBook,
    ImportedChapter,
    chapter_titles,
    make_entry,
)
from cuebook.importers.source import ImportRefused, decode, read_bytes
from cuebook.importers.text import plain_to_markdown
from cuebook.safety.limits import MAX_HTML_DEPTH, MAX_QUESTIONS, MAX_TABLE_BYTES

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|",
               "colon": ":"}
_META_COLUMNS = ("guid", "notetype", "deck", "tags")


@dataclass
class Header:
    separator: str = "\t"
    html: bool = False
    columns: list[str] = field(default_factory=list)
    meta: dict[str, int] = field(default_factory=dict)  # "deck" -> 0-based column
    lines: int = 0


def looks_like_export(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            start = handle.read(64).lstrip(b"\xef\xbb\xbf")
    except OSError:
        return False
    return start.startswith((b"#separator:", b"#html:", b"#columns:", b"#notetype", b"#deck",
                             b"#tags", b"#guid"))


def read_export(path: Path, diags: Diagnostics) -> ImportedBook:
    text = decode(read_bytes(path, MAX_TABLE_BYTES, diags), SourceLocation(str(path)), diags)
    header = _header(text, path, diags)
    body = "\n".join(text.split("\n")[header.lines:])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=header.separator)
    decks: dict[str, list[Entry]] = {}
    start = header.lines + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                where = SourceLocation(str(path), start)
                deck, entry = _note(cells, header, where, diags)
                if entry is not None:
                    decks.setdefault(deck, []).append(entry)
            start = header.lines + reader.line_num + 1
            if sum(len(e) for e in decks.values()) > MAX_QUESTIONS:
                diags.error(SourceLocation(str(path), start), f"more than {MAX_QUESTIONS:,} "
                            "notes: a book holds at most that many questions", "import.too-many")
                raise ImportRefused
    except csv.Error as exc:
        diags.error(SourceLocation(str(path), start), f"cannot read the export: {exc}",
                    "import.table")
        raise ImportRefused from exc
    tops = {d.split("::")[0] for d in decks if d}
    title = tops.pop() if len(tops) == 1 else path.stem.replace("_", " ").strip() or "Imported"
    titles = chapter_titles(list(decks))
    chapters = tuple(ImportedChapter(titles[d] if d else title, tuple(e))
                     for d, e in decks.items())
    return ImportedBook(title, chapters, extra_labels=_extra_labels(header))


def _header(text: str, path: Path, diags: Diagnostics) -> Header:
    header = Header()
    for number, line in enumerate(text.split("\n"), 1):
        if not line.startswith("#") or ":" not in line:
            break
        key, _, value = line[1:].rstrip("\r").partition(":")
        key, value = key.strip().lower(), value.strip()
        header.lines = number
        if key == "separator":
            header.separator = _SEPARATORS.get(value.lower(), value[:1] or "\t")
        elif key == "html":
            header.html = value.lower() == "true"
        elif key == "columns":
            header.columns = value.split(header.separator)
        elif key.endswith(" column") and key[:-7] in _META_COLUMNS:
            if value.isdigit() and int(value) >= 1:
                header.meta[key[:-7]] = int(value) - 1
            else:
                diags.warning(SourceLocation(str(path), number), f"'#{key}:{value}' is not a "
                              "column number: ignored", "import.header")
    return header


def _note(cells: list[str], header: Header, where: SourceLocation,
          diags: Diagnostics) -> tuple[str, Entry | None]:
    meta = {k: cells[i] if i < len(cells) else "" for k, i in header.meta.items()}
    fields = [c for i, c in enumerate(cells) if i not in header.meta.values()]
    if len(fields) < 2 or not fields[0].strip():
        diags.warning(where, "note has no question and answer: left out", "import.empty-question")
        return meta.get("deck", ""), None

    def convert(value: str) -> str:
        if header.html:
            return html_to_markdown(value, where, diags, lambda src: None)
        return plain_to_markdown(value)

    extra_labels = _extra_labels(header)
    try:
        extra = tuple((extra_labels[i] if i < len(extra_labels) else f"Field {i + 3}",
                       convert(v)) for i, v in enumerate(fields[2:]) if v.strip())
        question, answer = convert(fields[0]), convert(fields[1])
    except HtmlTooDeep:
        diags.warning(where, f"note nests its HTML more than {MAX_HTML_DEPTH} elements deep: "
                      "left out", "import.note-too-deep")
        return meta.get("deck", ""), None
    tags = tuple(meta.get("tags", "").split())
    return meta.get("deck", ""), make_entry(question, answer, tags=tags, extra=extra)


def _extra_labels(header: Header) -> tuple[str, ...]:
    named = [c for i, c in enumerate(header.columns) if i not in header.meta.values()]
    return tuple(named[2:])
