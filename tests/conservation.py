"""Conservation of an import: every text line of a source is in the book's Markdown, or a
diagnostic names its line (``import.dropped`` names each line it leaves out).

Text is compared as a reader sees it: HTML tags, Markdown markers (heading hashes, list and
quote markers, emphasis, link targets) and spacing aside, and question numbers too (a book
numbers its questions itself). A line that is only markup (a fence, a rule, a tag, a table's
rule) has no text. The words of a ``<summary>`` are the folded part's label, which the book
writes in its own words; a ``Label: value`` line (``#### Answer: D``) counts as kept when its
value is in the book (the answer then names the option: ``D: NaN``). An emoji shortcode
(``:rocket:``) counts as its emoji, as the import writes it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from cuebook.importers.text import emoji_shortcodes

_SUMMARY = re.compile(r"<summary>.*?</summary>", re.I)
_TAG = re.compile(r"<[^<>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")  # a target may hold (…)
_LEADING = re.compile(r"^(?:\s*(?:#{1,6}|>|[-*+]|\d{1,9}[.)]|[A-Za-z]?\d{1,6}[.)、:：]?)\s+)+")
_MARKS = re.compile(r"[`*_~\\]")
_MARKUP_LINE = re.compile(r"^\s*(?:`{3,}.*|~{3,}.*|[-*_ ]{3,}|[|:\- ]+)$")
_LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::\d+)?: (?:warning|error): (?P<message>.*)$")
_LINES = re.compile(r"\(lines? ([\d–, ]+)\) \[import\.dropped\]$")


def text_of(line: str) -> str:
    """What a reader sees of a line, for comparing: no markup, single spaces."""
    if _MARKUP_LINE.match(line):
        return ""
    shown = _LINK.sub(r"\1", _TAG.sub(" ", _SUMMARY.sub(" ", line)))
    shown = _MARKS.sub("", html.unescape(shown))
    shown = _LEADING.sub("", shown)
    shown = " ".join(shown.split())
    return shown if any(c.isalnum() for c in shown) else ""


def book_text(book: Path) -> str:
    """The book's Markdown (and its title) as one line of text, for ``in``."""
    config = yaml.safe_load((book / "book.yaml").read_text("utf-8"))
    lines = [str(config.get("title", ""))]
    for name in config.get("files", []):
        lines += (book / name).read_text("utf-8").split("\n")
    return " \n ".join(text_of(x) for x in lines)


def named_lines(source: Path, diags: list[str]) -> set[int]:
    """The lines of ``source`` a diagnostic names: its own line, and for ``import.dropped``
    the lines it lists."""
    named: set[int] = set()
    for item in diags:
        located = _LOCATED.match(item)
        if located is None or Path(located["path"]) != source:
            continue
        named.add(int(located["line"]))
        listed = _LINES.search(located["message"])
        for run in listed.group(1).split(", ") if listed else []:
            first, _, last = run.partition("–")
            named.update(range(int(first), int(last or first) + 1))
    return named


def front_matter_lines(lines: list[str]) -> range:
    """The 1-based numbers of the lines of a page's YAML front matter (``---`` … ``---``)."""
    if not lines or lines[0].rstrip() != "---":
        return range(0)
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), 0)
    return range(1, end + 2) if end else range(0)


def unaccounted(source: Path, book: Path, diags: list[str]) -> list[tuple[int, str]]:
    """The text lines of ``source`` (number, line) neither in the book nor named. A line of
    front matter, ``key: value``, counts as kept when its value is in the book (its title as
    the chapter's, its tags on the questions); ``key:`` alone has no text, nor ``order:``,
    which is the chapter's place (the import tests check the order)."""
    kept, named = book_text(book), named_lines(source, diags)
    missing = []
    lines = source.read_text("utf-8").split("\n")
    front = front_matter_lines(lines)
    for number, line in enumerate(lines, 1):
        text = text_of(line)
        if number in front:
            text = _front_value(line)
        value = text.rsplit(": ", 1)[-1] if line.lstrip().startswith("#") else text
        # :rocket: is imported as 🚀 (which shortcodes are, the emoji test asserts).
        shown = text_of(emoji_shortcodes(line))
        if text and number not in named and text not in kept and value not in kept and \
                shown not in kept:
            missing.append((number, line))
    return missing


def share_kept(source: Path, book: Path, diags: list[str]) -> tuple[int, int]:
    """(text lines in the book or named by a diagnostic, text lines) of ``source``."""
    lines = source.read_text("utf-8").split("\n")
    front = front_matter_lines(lines)
    total = sum(1 for n, x in enumerate(lines, 1)
                if (_front_value(x) if n in front else text_of(x)))
    return total - len(unaccounted(source, book, diags)), total


def _front_value(line: str) -> str:
    """The text of a front matter line: a key's value (none for ``order``), a list item."""
    key = re.match(r"^(\w+):", line)
    if key is None:
        return text_of(line)
    # (A flow list, [jvm, memory], is its items.)
    return "" if key.group(1) == "order" else text_of(line[key.end():].strip().strip("[]"))
