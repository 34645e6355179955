"""Plain text and Markdown made safe to write into a chapter: shown as typed, never structure.

Everything an importer writes ends up between cuebook's own headings and labels, so a line of
imported text must not open a heading, a fence or a chapter, and a title must not end in what
the parser reads as heading attributes.
"""

from __future__ import annotations

import re
import unicodedata

import emoji

from cuebook.importers.scan import code_spans, fence_run

#: ASCII punctuation that CommonMark gives a meaning inline; a backslash makes each literal.
_INLINE = re.compile(r"([\\`*_\[\]<>|~!&])")
_LINE_START = re.compile(r"^(\s{0,3})([#>+=-]|`{3,}|~{3,})")
#: "1. x" would start a list; CommonMark escapes only punctuation, so the dot gets it.
_LIST_NUMBER = re.compile(r"^(\s{0,3}\d{1,9})([.)])(?=\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(?=\s|$)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(?<!\\)[`*_~]")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: Longest question title: a heading longer than this is cut, the full text kept as a part.
MAX_TITLE = 150


def plain_to_markdown(text: str) -> str:
    """Plain text (a CSV cell, a Quizlet definition) as Markdown that shows it as typed.

    Paragraphs stay paragraphs; a single line end becomes a hard break (a trailing backslash).
    """
    text = clean_controls(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = re.split(r"\n\s*\n", text)
    out = []
    for paragraph in paragraphs:
        lines = [_escape_line(line.strip()) for line in paragraph.split("\n") if line.strip()]
        out.append("\\\n".join(lines))
    return "\n\n".join(p for p in out if p)


def _escape_line(line: str) -> str:
    escaped = _INLINE.sub(r"\\\1", line)
    escaped = _LIST_NUMBER.sub(r"\1\\\2", escaped)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def guard_markdown(markdown: str) -> str:
    """Converted Markdown with every heading turned to text and no setext underline, outside
    code fences: a ``# title`` line inside an answer would start a chapter of its own."""
    out, fence = [], ""
    previous_blank = True
    for line in markdown.split("\n"):
        opening = fence_run(line, 3)
        if fence:
            if opening and opening[0] == fence[0] and len(opening) >= len(fence):
                fence = ""
        elif opening:
            fence = opening
        elif _HEADING.match(line):
            line = _HEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        elif _SETEXT.match(line) and not previous_blank:
            line = "\\" + line.lstrip()
        out.append(line)
        previous_blank = not line.strip()
    return "\n".join(out).strip()


def title_line(markdown: str) -> str:
    """A question heading from inline Markdown: one line, at most :data:`MAX_TITLE`
    characters of text (cut at a word), never ending in ``{…}`` that would read as attributes.
    """
    flat = re.sub(r"\s+", " ", markdown).strip()
    if len(flat) > MAX_TITLE or "](" in flat:
        flat = plain_to_markdown(shorten(plain_text(flat)))
    return flat


def shorten(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= MAX_TITLE:
        return text
    cut = text[:MAX_TITLE].rsplit(" ", 1)[0] if " " in text[:MAX_TITLE] else text[:MAX_TITLE]
    return cut.rstrip(" ,.;:，。；：") + "…"


def plain_text(markdown: str) -> str:
    """What a reader sees of a line of Markdown, roughly: for titles and language guessing."""
    text = _MD_ESCAPE.sub(r"\1", _MD_MARKS.sub("", _MD_LINK.sub(r"\1", markdown)))
    return re.sub(r"\s+", " ", text).strip()


def clean_controls(text: str) -> str:
    """Control characters other than tab and line ends are refused by the book reader
    (e-books are XML): imported text drops them, and keeps everything else."""
    return "".join(c for c in text if c in "\t\n\r" or unicodedata.category(c) != "Cc")


def slug(text: str, fallback: str) -> str:
    """A file-name part: letters (any script), digits and hyphens, at most 40 characters."""
    cleaned = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFKC", text).lower(), flags=re.U)
    cleaned = cleaned.strip("-_")[:40].strip("-_")
    return cleaned or fallback


def line_list(numbers: range | list[int]) -> str:
    """``lines 3–9, 12, 40`` (runs of consecutive lines as ranges)."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = [f"{a}–{b}" if b > a else str(a) for a, b in runs]
    return ("line " if len(shown) == 1 and "–" not in shown[0] else "lines ") + ", ".join(shown)


def emoji_shortcodes(markdown: str) -> str:
    """``:rocket:`` and the other shortcodes GitHub shows as emoji, as those emoji, outside
    code (a ``:name:`` in a code span or block is code: Ruby's symbols, YAML). Names no emoji
    has (``:not_one:``) and colons inside a word or an address (``a:b:c``) stay as written."""
    if markdown.count(":") < 2:
        return markdown
    pieces, at = [], 0
    for start, end in code_spans(markdown):
        pieces += [_emojize(markdown[at:start]), markdown[start:end]]
        at = end
    return "".join(pieces) + _emojize(markdown[at:])


#: Shortcodes standing alone, as GitHub shows them: not inside a word, an address or a time
#: (``a:b:c``, ``http://x/:b:``, ``12:30:45`` hold no emoji).
#: A run of them (``:rocket::star:``) is read whole, so that ``std::map:`` holds none.
_SHORTCODES = re.compile(r"(?<![\w/:])(?::[a-z0-9_+\-]{1,60}:)++(?!\w)", re.I)


def _emojize(text: str) -> str:
    return _SHORTCODES.sub(lambda m: emoji.emojize(m.group(), language="alias"), text)
