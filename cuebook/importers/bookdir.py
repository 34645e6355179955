"""Writes an :class:`ImportedBook` as a book folder: ``book.yaml``, one Markdown file per
chapter, ``media/``. The only module of the importers that writes.

The folder is written under a temporary name beside DEST and renamed into place at the end, so
an import that fails half-way leaves nothing, and an existing DEST is replaced only with
``--force`` (and only once the new folder is complete).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from cuebook.book.config import default_parts
from cuebook.i18n import detect_language
from cuebook.importers.media import FOLDER
from cuebook.importers.model import Entry, ImportedBook, ImportedChapter
from cuebook.importers.text import plain_to_markdown, slug

_BLOCK_START = re.compile(r"^(`{3}|~{3}|[-*+]\s|\d{1,9}[.)]\s|>|\||#|\s{4}|!\[|<)")


_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class DestinationExists(Exception):
    pass


def write_book(book: ImportedBook, dest: Path, *, force: bool) -> list[Path]:
    """Write the folder; the Markdown files written, in order."""
    if (dest.exists() or dest.is_symlink()) and not force:
        raise DestinationExists(f"{dest} already exists; pass --force to replace it")
    language = book.language or _guess_language(book)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".import", dir=dest.parent))
    try:
        names = _write_contents(book, language, tmp, dest.name)
        _replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [dest / n for n in names]


def _write_contents(book: ImportedBook, language: str, folder: Path, dest_name: str) -> list[str]:
    labels = _labels(language)
    found = [label for c in book.chapters for e in c.questions for label, _ in e.extra]
    extra_keys = _extra_keys(tuple(dict.fromkeys([*book.extra_labels, *found])))
    names = _file_names(book.chapters)
    number = 0
    for name, chapter in zip(names, book.chapters, strict=True):
        text, number = chapter_markdown(chapter, labels, number)
        (folder / name).write_text(text, "utf-8")
    if book.media:
        (folder / FOLDER).mkdir()
        for media_name, data in sorted(book.media.items()):
            (folder / FOLDER / media_name).write_bytes(data)
    optional = any(_labelled_without_question(e) for c in book.chapters for e in c.questions)
    config = _config(book, language, names, labels, extra_keys, optional)
    if not _SLUG.match(dest_name):
        # The slug names the outputs (and defaults to the folder's name): "My Deck" or 题库
        # would be refused, so the book gets one of ASCII letters it can keep.
        config = {"slug": book_slug(dest_name, book.title), **config}
    (folder / "book.yaml").write_text(
        "# Written by cuebook import: set the author (and the title) to what they are.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    return names


def _replace(tmp: Path, dest: Path) -> None:
    if not (dest.exists() or dest.is_symlink()):
        tmp.rename(dest)
        return
    old = dest.with_name(f".{dest.name}.replaced")
    if old.exists():
        shutil.rmtree(old)
    dest.rename(old)  # a symbolic link DEST is renamed itself, never followed
    tmp.rename(dest)
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old)
    else:
        old.unlink()


def chapter_markdown(chapter: ImportedChapter, labels: dict[str, str],
                     number: int) -> tuple[str, int]:
    """A chapter file, its questions numbered on from ``number``; the last number used."""
    out = [f"# {_heading_text(plain_to_markdown(chapter.title) or 'Chapter')}\n"]
    if chapter.body.strip():
        out.append(chapter.body.strip() + "\n")
    for entry in chapter.questions:
        number += 1
        out.append(entry_markdown(entry, number, labels))
    return "\n".join(out), number


def entry_markdown(entry: Entry, number: int, labels: dict[str, str]) -> str:
    attrs = []
    if entry.id:
        attrs.append(f"#{entry.id}")
    tags = [re.sub(r'[",，\s]+', "_", t).strip("_") for t in entry.tags]
    if any(tags):
        attrs.append(f'tags="{", ".join(t for t in tags if t)}"')
    if entry.difficulty in ("easy", "medium", "hard"):
        attrs.append(f"difficulty={entry.difficulty}")
    title = _heading_text(entry.title)
    # Braces at the end of a heading are read as attributes: "{}" closes a title ending in "}".
    suffix = f" {{{' '.join(attrs)}}}" if attrs or title.endswith("}") else ""
    lines = [f"## {number}. {title}{suffix}\n"]
    # An empty answer is reported by the importer; a dash keeps the question checkable.
    answer = entry.answer.strip() or "—"
    # A labelled part (an example, a further field) makes every part labelled; the title is
    # then the question (book.yaml makes the question part optional, see _config).
    if entry.question or _labelled_without_question(entry):
        if entry.question:
            lines.append(_part(labels["question"], entry.question))
        lines.append(_part(labels["answer"], answer))
    else:
        lines.append(f"{answer}\n")
    if entry.example.strip():
        lines.append(_part(labels["example"], entry.example))
    for label, text in entry.extra:
        if text.strip():
            lines.append(_part(label, text))
    return "\n".join(lines)


def _labelled_without_question(entry: Entry) -> bool:
    """Whether the answer must carry its label though the title is the question: there are
    further parts, or the answer opens in bold (``**Answer:** 42`` from a note, which would
    otherwise be read as a label itself)."""
    more = entry.example.strip() or any(text.strip() for _, text in entry.extra)
    bold = entry.answer.lstrip().startswith(("**", "__"))
    return bool(more or bold) and not entry.question


def _part(label: str, text: str) -> str:
    # A part that opens with a block (a fence, a list, a table …) starts below its label:
    # on the label's line it would be read as plain text.
    if _BLOCK_START.match(text):
        return f"**{label}:**\n\n{text}\n"
    return f"**{label}:** {text}\n"


def book_slug(*names: str) -> str:
    """The first of ``names`` that gives an ASCII slug (``My Deck`` -> ``my-deck``)."""
    for name in names:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        candidate = re.sub(r"[^a-z0-9._-]+", "-", ascii_name.lower()).strip("-._")[:60]
        if candidate:
            return candidate
    return "imported"


def _heading_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip() or "…"


def _labels(language: str) -> dict[str, str]:
    return {p.key: p.label for p in default_parts(language)}


def _extra_keys(extra_labels: tuple[str, ...]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for index, label in enumerate(extra_labels, 1):
        key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
        if not key or not key[0].isalpha() or key in {"question", "answer", "example", *keys}:
            key = f"part{index}"
        keys[key] = label
    return keys


def _file_names(chapters: tuple[ImportedChapter, ...]) -> list[str]:
    return file_names([c.title for c in chapters])


def file_names(titles: list[str]) -> list[str]:
    """The chapter files' names, in order: ``01-basics.md`` …"""
    width = max(2, len(str(len(titles))))
    return [f"{i:0{width}d}-{slug(t, 'chapter')}.md" for i, t in enumerate(titles, 1)]


def _config(book: ImportedBook, language: str, names: list[str], labels: dict[str, str],
            extra_keys: dict[str, str], optional_question: bool) -> dict[str, Any]:
    # The source's author when it names one; none is better than a made-up one.
    config: dict[str, Any] = {"title": book.title or "Imported", "language": language}
    if book.author:
        config["author"] = book.author
    if book.description:
        config["description"] = book.description
    if book.heading_level:
        config["questions"] = {"heading_level": book.heading_level}
    if extra_keys or optional_question:
        # A question whose title says it all has no question part (its prompt is the title).
        parts: dict[str, Any] = {
            "question": {"label": labels["question"], "required": not optional_question},
            "answer": {"label": labels["answer"], "required": True},
            "example": {"label": labels["example"]}}
        parts.update({key: {"label": label} for key, label in extra_keys.items()})
        config["parts"] = parts
    if book.raw_html:
        config["markdown"] = {"raw_html": True}
    config["files"] = names
    return config


def _guess_language(book: ImportedBook) -> str:
    sample = " ".join(e.title + " " + e.answer for c in book.chapters for e in c.questions[:200])
    sample += " ".join(c.body[:2000] for c in book.chapters)
    return detect_language(sample)
