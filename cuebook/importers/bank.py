"""Markdown question banks, the shape of the large interview READMEs: questions are headings
(often inside numbered list items, ``1. ### What is X?``), answers follow (or sit in
``<details><summary>Answer</summary> … </details>``), a "⬆ Back to Top" line closes each one,
and a table of contents at the top repeats the headings. The table and the back links go;
links to a question's GitHub anchor are mapped to its new id, so they keep working.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.i18n import part_languages, part_names
from cuebook.importers.media import MediaBox
from cuebook.importers.model import Entry, ImportedBook, ImportedChapter
from cuebook.importers.relink import relink
from cuebook.importers.scan import (
    atx_heading,
    code_lines,
    part_heading,
    replace_blocks,
    tag_blocks,
)
from cuebook.importers.source import ImportRefused, decode, read_bytes, repository_owner
from cuebook.importers.text import (
    clean_controls,
    emoji_shortcodes,
    line_list,
    plain_text,
    title_line,
)
from cuebook.safety.limits import MAX_QUESTIONS, MAX_TABLE_BYTES
from cuebook.source.markdown import slugify

_BACK_TO_TOP = re.compile(r"(?i)back\s*to\s*(the\s*)?top|⬆|↑|返回顶部|回到顶部")
_TOC_TITLE = re.compile(r"(?i)^(table\s+of\s+contents|contents|toc|目录|目錄)$")
_TOC_LINE = re.compile(r"^\s*(?:(?:\d{1,9}[.)]|[-*+]|\|)\s*)*\[[^\]]*\]\(#[^)]*\)[\s|]*$")
_NUMBER = re.compile(r"^(?:\d{1,6}\s*[.)、:：]|[Qq]\d{1,6}(?:\s*[.:)]|\s))\s*")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
#: ``12. What is the output?`` at the margin: a question written as a numbered paragraph.
_PARAGRAPH = re.compile(r"^(\d{1,6})\.[ \t]+\S")
#: Below a heading's six levels: numbered-paragraph questions sit under every heading.
_PARAGRAPH_LEVEL = 7
#: Numbered paragraphs are questions when there are at least this many (and more than
#: heading questions): fewer are a list.
_MIN_PARAGRAPHS = 3
_TAG = re.compile(r"<[^<>]*>")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*+\1){2,}+[ \t]*+$")
#: An option of a multiple-choice question: ``- A: text``, ``* B. text``, ``- C) text``.
_OPTION = re.compile(r"^\s*[-*+]\s+([A-Za-z]|\d{1,2})\s*[:.)]\s+(\S.*)$")
_BARE_TAG = re.compile(r"^\s*</?(p|div|br)\s*/?>\s*$", re.I)
#: A line that is only a wrapper's tag (``<div dir="rtl" align="right">``, ``<p>``,
#: ``</div>``): READMEs wrap their whole text in one for a direction or an alignment, which
#: the book sets itself. Such a line has no text of its own: it is passed over.
_WRAPPER = re.compile(r"^\s*</?(?:p|div)(?:\s[^<>]*)?>\s*$", re.I)


@dataclass
class Heading:
    line: int  # 0-based
    level: int
    text: str
    indent: int  # where the list item's content starts, 0 for a plain heading


@dataclass(frozen=True)
class _Dropped:
    """Lines ``first`` to ``last`` (1-based) left out on purpose, and what they were."""

    first: int
    last: int
    what: str


@dataclass
class _Chapter:
    title: str
    line: int = 1  # 1-based line of the body's first line
    body: list[str] = field(default_factory=list)
    questions: list[tuple[Heading, list[str]]] = field(default_factory=list)


def read_bank(source: Path, diags: Diagnostics) -> ImportedBook:
    path = source / "README.md" if source.is_dir() else source
    text = decode(read_bytes(path, MAX_TABLE_BYTES, diags), SourceLocation(str(path)), diags)
    lines = clean_controls(text).replace("\r\n", "\n").split("\n")
    headings = _headings(lines)
    level = _question_level(headings)
    paragraphs = _numbered_paragraphs(lines, _structure(lines))
    if len(paragraphs) >= _MIN_PARAGRAPHS and len(paragraphs) > sum(
            h.level == level for h in headings):
        # Questions are numbered paragraphs; headings above them are the title and chapters.
        headings = sorted(headings + paragraphs, key=lambda h: h.line)
        level = _PARAGRAPH_LEVEL
    if level is None:
        diags.error(SourceLocation(str(path)), "no headings: nothing reads as a question",
                    "import.empty")
        raise ImportRefused
    title, chapters, dropped = _split(lines, headings, level)
    if not title:
        title, shown = _first_h1(lines, headings)
        if chapters[0].line == 1:  # the title is not repeated in the text above the questions
            for index in shown:
                if index < len(chapters[0].body):
                    chapters[0].body[index] = ""
    chapters[0].title = chapters[0].title or title
    _report_dropped(path, lines, dropped, diags)
    if sum(len(c.questions) for c in chapters) > MAX_QUESTIONS:
        diags.error(SourceLocation(str(path)), f"more than {MAX_QUESTIONS:,} questions",
                    "import.too-many")
        raise ImportRefused
    anchors, ids = _anchors(chapters)
    media = MediaBox()
    book = _Writer(path, level, anchors, ids, media, diags)
    built = tuple(book.chapter(c) for c in chapters if c.questions or c.body)
    return ImportedBook(emoji_shortcodes(title or path.parent.name or path.stem), built,
                        media.files,
                        raw_html=True, author=repository_owner(path.parent))


def _headings(lines: list[str]) -> list[Heading]:
    """The headings that give the README its structure: outside code fences, and outside
    ``<details>`` (an ``#### Answer: D`` folded under a question belongs to its answer)."""
    found = []
    item = 0  # where the content of the list item a question heading opened starts
    for number, (line, outside) in enumerate(zip(lines, _structure(lines), strict=True)):
        match = atx_heading(line) if outside else None
        if match is None:
            if outside and line[:1].strip():
                item = 0  # a line at the margin ends the list item
            continue
        if match.prefix.strip():  # "1. ### Question": a question as a list item
            if len(match.prefix) <= 6:
                found.append(Heading(number, len(match.hashes), match.text, len(match.prefix)))
                item = len(match.prefix)
            continue
        # An indented heading is in the list item above it ("   #### Examples:" in its
        # answer), or code (four spaces): it is the answer's own, neither chapter nor question.
        spaces = len(match.prefix.expandtabs(4))
        if spaces < 4 and not (item and spaces >= item):
            found.append(Heading(number, len(match.hashes), match.text, 0))
            item = 0
    return found


def _structure(lines: list[str]) -> list[bool]:
    """Whether each line may be structure: it is neither in a code fence (nor a fence line)
    nor inside a ``<details>`` element, counted by its tags line by line."""
    out, depth = [], 0
    for line, code in zip(lines, code_lines(lines), strict=True):
        if code:
            out.append(False)
            continue
        lower = line.lower()
        opened = depth + lower.count("<details")
        depth = max(0, opened - lower.count("</details>"))
        out.append(opened == 0)
    return out


def _numbered_paragraphs(lines: list[str], structure: list[bool]) -> list[Heading]:
    """Questions written as numbered paragraphs at the margin (``1. What is the output?``,
    each after a blank line or a rule, followed by its code, options and answer; not a link
    to a heading, as in a table of contents), numbered 1, 2, 3 …
    in order: a numbered list inside an answer restarts at 1 and is passed over; none if a
    paragraph has nothing below it before the next (a list, not questions)."""
    found: list[Heading] = []
    for number, line in enumerate(lines):
        match = _PARAGRAPH.match(line) if structure[number] else None
        before = lines[number - 1] if number else ""
        if match and int(match.group(1)) == len(found) + 1 and not _TOC_LINE.match(line) \
                and (not before.strip() or _RULE.match(before)):
            found.append(Heading(number, _PARAGRAPH_LEVEL, line.strip(), 0))
    # Each question has a body (code, options, an answer) before the next: items of a list
    # follow each other with blank lines at most.
    ends = [h.line for h in found[1:]] + [len(lines)] if found else []
    bodies = all(any(x.strip() for x in lines[h.line + 1:end]) for h, end in
                 zip(found, ends, strict=True))
    return found if bodies else []


def _first_h1(lines: list[str], headings: list[Heading]) -> tuple[str, range]:
    """The text of the first HTML level-1 heading (``<h1 align="center">Title</h1>``, which
    READMEs use to centre it) outside code fences, else of the only Markdown one (``#``), and
    the lines of an HTML one (0-based)."""
    first = next((h for h in headings if h.level == 1 and not h.indent), None)
    end = first.line if first else len(lines)
    text = "\n".join(lines[:end])
    outside = _structure(lines[:end])
    starts = [0]
    for line in lines[:end]:
        starts.append(starts[-1] + len(line) + 1)
    for block in tag_blocks(text, "h1"):
        row = bisect.bisect_right(starts, block.start) - 1
        inner = plain_text(html.unescape(_TAG.sub(" ", text[block.inner_start:block.inner_end])))
        if outside[row] and inner:
            last = bisect.bisect_right(starts, block.end - 1) - 1
            # The heading's lines, if nothing else is on them.
            alone = not text[starts[row]:block.start].strip() and \
                not text[block.end:starts[last + 1] - 1].strip()
            return inner, range(row, last + 1) if alone else range(0)
    alone = first is not None and sum(h.level == 1 for h in headings) == 1
    return (plain_text(first.text) if first and alone else ""), range(0)


def _question_level(headings: list[Heading]) -> int | None:
    """The most used level below the title; the deeper one on a tie. Part headings ("####
    Answer" under every question) are not questions, however many there are."""
    counts = Counter(h.level for h in headings if not _TOC_TITLE.match(plain_text(h.text))
                     and _part_key(h.text) is None)
    if len(counts) > 1 and counts.get(1) == 1:
        del counts[1]
    if not counts:
        return None
    return max(counts, key=lambda lv: (counts[lv], lv))


def _split(lines: list[str], headings: list[Heading],
           level: int) -> tuple[str, list[_Chapter], list[_Dropped]]:
    """The title, the chapters with their questions, and what is left out on purpose: a
    table of contents, a preamble (badges, downloads) before the first chapter of questions."""
    above = sorted({h.level for h in headings if h.level < level})
    title, title_line = "", -1
    if above and sum(h.level == above[0] for h in headings) == 1:
        title_heading = next(h for h in headings if h.level == above[0])
        title, title_line = plain_text(title_heading.text), title_heading.line
        above = above[1:]
    chapter_level = above[0] if above else None
    chapters = [_Chapter(title)]
    chapters[0].body = lines[:headings[0].line] if headings else []
    ends = [h.line for h in headings[1:]] + [len(lines)]
    skipping = False
    dropped: list[_Dropped] = []
    section = 0  # the level of the questions of a section (see _section_level), while in it
    for index, (heading, end) in enumerate(zip(headings, ends, strict=True)):
        body = lines[heading.line + 1:end]
        if _TOC_TITLE.match(plain_text(heading.text)):
            skipping = heading.level <= level
            dropped.append(_Dropped(heading.line + 1, end, "a table of contents"))
            continue
        section = section if heading.level > level else 0
        opened = _section_level(headings, index, body, level) \
            if heading.level == level else 0
        if heading.level == chapter_level or opened:
            chapters.append(_Chapter(plain_text(heading.text), heading.line + 2))
            chapters[-1].body = body
            section = opened
        elif heading.level in (level, section):
            chapters[-1].questions.append(
                (heading, _sub_headings(_dedent(_prose(body), heading.indent), level)))
        elif chapters[-1].questions and heading.level > level:
            owner, owned = chapters[-1].questions[-1]
            owned.extend([_shifted(lines[heading.line], heading.level - level),
                          *_dedent(_prose(body), owner.indent)])
        elif not skipping:
            # A heading among a chapter's text (not a chapter's, not the title) stays as bold
            # text: a heading there would be read as one of the book's own.
            # (The title's line stays as a blank one: lines are counted for diagnostics.)
            shown = "" if heading.line == title_line else f"**{plain_text(heading.text)}**"
            text = chapters[-1].body
            after = ["", shown] if shown and text and text[-1].strip() else [shown]
            text.extend([*after, *body])
        else:
            dropped.append(_Dropped(heading.line + 1, end, "a table of contents"))
        skipping = skipping and heading.level > level
    while len(chapters) > 1 and not chapters[0].questions:
        # The preamble (badges, downloads, a table of contents) before the first questions.
        first = chapters[0].line - 1 if chapters[0].line > 1 else 1
        last = chapters[1].line - 2
        for a, b in ((first, title_line), (title_line + 2, last)) if title_line >= 0 and \
                first <= title_line + 1 <= last else ((first, last),):
            dropped.append(_Dropped(a, b, "the text before the first questions"))
        chapters = chapters[1:]
    return title, chapters, dropped


def _section_level(headings: list[Heading], index: int, body: list[str], level: int) -> int:
    """The level of the questions under a question-level heading that has no text of its own
    and two or more deeper headings (not parts) below it, before the next heading of its level
    (``### Coding Exercise`` over ``#### 1. What is the output?``): a section of the README
    whose questions are those headings; else 0."""
    if any(text_of_line(x) for x in body):
        return 0
    below = []
    for heading in headings[index + 1:]:
        if heading.level <= level:
            break
        below.append(heading)
    if not below or _part_key(below[0].text) is not None:
        return 0
    first = below[0].level
    return first if sum(h.level == first for h in below) >= 2 else 0


def text_of_line(line: str) -> bool:
    """Whether a line has text of its own: not blank, a rule or a back link."""
    return bool(line.strip()) and not _RULE.match(line) and not _back_to_top(line)


def _sub_headings(lines: list[str], level: int) -> list[str]:
    """A question's body with its own headings (outside code and ``<details>``) moved below
    the question's level, their order kept: ``## Why`` or ``#### Examples:`` in an answer
    are the answer's, neither chapters nor questions of the book."""
    shown = [(n, h) for n, (x, outside) in enumerate(zip(lines, _structure(lines), strict=True))
             if outside and (h := atx_heading(x)) is not None and not h.prefix.strip()]
    top = min((len(h.hashes) for _, h in shown), default=0)
    out = list(lines)
    for n, heading in shown:
        out[n] = _shifted(lines[n], 1 + len(heading.hashes) - top)
    return out


def _shifted(line: str, depth: int) -> str:
    match = atx_heading(line)
    text = line if match is None else match.text
    return f"{'#' * min(6, 2 + depth)} {text.strip()}"


def _anchors(chapters: list[_Chapter]) -> tuple[dict[str, str], list[str]]:
    """A question's GitHub anchor (``#1-what-is-jsx``, ``-1`` for a repeat) -> its new id.

    The anchor without the heading's number is kept too: banks link either way, and a
    question's number may come from its list item instead. Also each question's new id, in order.
    """
    anchors: dict[str, str] = {}
    ids: list[str] = []
    seen: Counter[str] = Counter()
    number = 0
    for chapter in chapters:
        if chapter.title:  # the chapter heading is written with the same text: same anchor
            anchors.setdefault(slugify(chapter.title), slugify(chapter.title))
        for heading, _ in chapter.questions:
            number += 1
            text = plain_text(heading.text)
            base = slugify(text)
            slug = base if not seen[base] else f"{base}-{seen[base]}"
            seen[base] += 1
            new = slug if _ID.match(slug) and slug not in anchors.values() else f"q{number}"
            anchors[slug] = new
            anchors.setdefault(slugify(_NUMBER.sub("", text)), new)
            ids.append(new)
    return anchors, ids


@dataclass
class _Writer:
    path: Path
    level: int
    anchors: dict[str, str]
    ids: list[str]  # each question's new id, in order
    media: MediaBox
    diags: Diagnostics
    number: int = 0

    def chapter(self, chapter: _Chapter) -> ImportedChapter:
        entries = tuple(self.entry(h, body) for h, body in chapter.questions)
        body = self.markdown("\n".join(_prose(chapter.body)), chapter.line)
        return ImportedChapter(emoji_shortcodes(chapter.title or self.path.stem), entries, body)

    def entry(self, heading: Heading, body: list[str]) -> Entry:
        self.number += 1
        text = "\n".join(_prose(body))
        first = heading.line + 2  # 1-based line of the body's first line
        slug = self.ids[self.number - 1]
        title = title_line(emoji_shortcodes(_NUMBER.sub("", heading.text.strip()))) or "…"
        own_id = slug if not re.fullmatch(r"q\d+", slug) else ""
        parts = _part_sections(text)
        if any(key == "answer" for key, _, _ in parts):
            # (An "Examples:" heading alone is a sub-heading of the answer it is in.)
            return self._parted(title, own_id, text, parts, first)
        question, answer, answer_line = "", text, first
        details = next(tag_blocks(text, "details"), None)
        if details:
            question = text[:details.start]
            # What follows the folded answer (more explanation, a rule before the next
            # question) stays in the answer; the summary ("Answer") is the part's label.
            inner = replace_blocks(text[details.inner_start:details.inner_end], "summary",
                                   lambda block: "\n" * block.count("\n"))
            inner += _without_closing_rules(text[details.end:])
            answer = "\n".join("" if _BARE_TAG.match(x) else x for x in inner.split("\n"))
            answer = _answer_headings(answer, _options(question))
            answer_line = first + text.count("\n", 0, details.inner_start)
        if not answer.strip():
            self.diags.warning(SourceLocation(str(self.path), heading.line + 1),
                               "question has no answer", "import.empty-answer")
        return Entry(title, self.markdown(answer, answer_line), self.markdown(question, first),
                     id=own_id)

    def _parted(self, title: str, own_id: str, text: str,
                parts: list[tuple[str, int, int]], first: int) -> Entry:
        """A question whose body has part headings (``#### Answer``, ``#### 举例``): the text
        before the first is the question, each heading's section its part."""
        found: dict[str, str] = {}
        for index, (key, _, body_start) in enumerate(parts):
            end = parts[index + 1][1] if index + 1 < len(parts) else len(text)
            line = first + text.count("\n", 0, body_start)
            found[key] = found.get(key, "") + self.markdown(text[body_start:end], line)
        question = self.markdown(text[:parts[0][1]], first)
        return Entry(title, found.get("answer", ""), question, id=own_id,
                     example=found.get("example", ""))

    def markdown(self, text: str, line: int) -> str:
        """Relinked Markdown; ``line`` is the source line of the text's first line."""
        start = line + text[:len(text) - len(text.lstrip())].count("\n")
        text = emoji_shortcodes(text.strip())
        return relink(text, lambda offset: SourceLocation(
            str(self.path), start + text.count("\n", 0, offset)), base=self.path.parent,
            root=self.path.parent, media=self.media, anchors=self.anchors, files={},
            diags=self.diags)


_PART_WORDS = {"answer": "answer", "answers": "answer", "solution": "answer",
               "explanation": "answer", "答案": "answer", "解答": "answer", "参考答案": "answer",
               "回答": "answer", "example": "example", "examples": "example", "举例": "example",
               "示例": "example", "例子": "example"}
# The answer's and example's names in every language with labels of its own (``#### Ответ``,
# ``#### الإجابة``); not one-letter ones, which a heading ``#### A`` is no name of.
_PART_WORDS.update({name.lower(): key for language in part_languages()
                    for key in ("answer", "example") for name in part_names(language)[key]
                    if len(name) > 1 and name.lower() not in _PART_WORDS})


def _part_key(heading: str) -> str | None:
    """"answer" or "example" for a heading that names a part: ``Answer``, ``**答案：**``."""
    return _PART_WORDS.get(plain_text(heading).strip().rstrip(":：").strip().lower())


def _part_sections(text: str) -> list[tuple[str, int, int]]:
    """(part key, where its heading starts, where its text starts) for each part heading of a
    question's body (already shifted below the question level), outside code fences."""
    found, offset = [], 0
    lines = text.split("\n")
    for line, code in zip(lines, code_lines(lines), strict=True):
        if not code:
            title = part_heading(line)
            key = _part_key(title) if title is not None else None
            if key is not None:
                found.append((key, offset, offset + len(line) + 1))
        offset += len(line) + 1
    return found


def _without_closing_rules(text: str) -> str:
    """The text without the rules (``---``) and blank lines that close it."""
    lines = text.split("\n")
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1])):
        lines.pop()
    return "\n".join(lines)


def _options(question: str) -> dict[str, str]:
    """A multiple-choice question's options, ``- A: text`` to ``- D: text`` (``A.``, ``A)``
    too), by letter, outside code fences."""
    found: dict[str, str] = {}
    lines = question.split("\n")
    for line, code in zip(lines, code_lines(lines), strict=True):
        if not code and (match := _OPTION.match(line)):
            found.setdefault(match.group(1), match.group(2).strip())
    return found


def _answer_headings(answer: str, options: dict[str, str]) -> str:
    """The headings of an answer folded in ``<details>``, which are no chapters: one that
    names an option (``#### Answer: D``, ``#### 答案：D``, in any language: a letter after a
    colon) becomes that option with its text (``D: NaN``), so the back says which is right;
    any other heading moves below the question's level."""
    out = []
    lines = answer.split("\n")
    for line, code in zip(lines, code_lines(lines), strict=True):
        if not code and (heading := atx_heading(line)) is not None:
            letter = _named_letter(plain_text(heading.text))
            line = f"{letter}: {options[letter]}" if letter in options else _shifted(line, 1)
        out.append(line)
    return "\n".join(out)


def _named_letter(text: str) -> str:
    """``D`` for ``Answer: D`` or ``答案：D`` (``4`` for ``Answer: 4``, options numbered
    ``- 1:`` to ``- 4:``), else ""."""
    head, colon, value = text.replace("：", ":").rpartition(":")
    value = value.strip()
    if not colon or not head.strip() or not value.isascii():
        return ""
    alone = len(value) == 1 and value.isalpha()
    return value if alone or (value.isdecimal() and len(value) <= 2) else ""


def _report_dropped(path: Path, lines: list[str], dropped: list[_Dropped],
                    diags: Diagnostics) -> None:
    """One located warning per part left out, and one for each kind of link line left out
    (back to top, lists of links to headings) that lies outside those parts, with its lines:
    together they name every line of the source that is in no chapter."""
    covered: set[int] = set()
    merged: list[_Dropped] = []
    for part in sorted(dropped, key=lambda d: d.first):
        if merged and part.first <= merged[-1].last + 1:  # within or next to the one before
            merged[-1] = _Dropped(merged[-1].first, max(part.last, merged[-1].last),
                                  merged[-1].what)
        else:
            merged.append(part)
    for part in merged:
        text = [n for n in range(part.first, part.last + 1)
                if lines[n - 1].strip() and not _WRAPPER.match(lines[n - 1])]
        if not text:
            continue
        diags.warning(SourceLocation(str(path), text[0]),
                      f"left out: {part.what} ({line_list(range(text[0], text[-1] + 1))})",
                      "import.dropped")
        covered.update(range(part.first, part.last + 1))
    backs, tocs = [], []
    for number, (line, code) in enumerate(zip(lines, code_lines(lines), strict=True), 1):
        if not code and number not in covered:
            if _back_to_top(line):
                backs.append(number)
            elif _TOC_LINE.match(line):
                tocs.append(number)
    for found, what in ((backs, "'back to top' links"), (tocs, "lists of links to headings")):
        if found:
            diags.warning(SourceLocation(str(path), found[0]),
                          f"left out: {what} ({line_list(found)})", "import.dropped")


def _back_to_top(line: str) -> bool:
    """A "back to top" link: its words or arrow, then a link to an anchor (searched in the
    text before the last ``](#``, so a line of a thousand arrows costs one pass)."""
    last = line.rfind("](#")
    return last >= 0 and _BACK_TO_TOP.search(line, 0, last) is not None


def _prose(lines: list[str]) -> list[str]:
    """The lines with "back to top" links, lists of links to headings and wrappers' tags
    blanked (not dropped: diagnostics count lines), outside code fences."""
    out = []
    for line, code in zip(lines, code_lines(lines), strict=True):
        if not code and (_back_to_top(line) or _TOC_LINE.match(line) or _WRAPPER.match(line)):
            line = ""
        out.append(line)
    return out


def _dedent(lines: list[str], indent: int) -> list[str]:
    """A list item's body, moved back to the margin (by as much as its lines share)."""
    widths = [len(x) - len(x.lstrip(" ")) for x in lines if x.strip()]
    cut = min(widths) if widths and indent else 0
    return [x[cut:] for x in lines]
