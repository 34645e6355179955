"""Markdown files → :class:`~cuebook.book.model.Book`, in two passes.

Pass one splits each file's tokens into chapters, sections and questions and collects every
anchor; pass two renders each piece once through :mod:`cuebook.source.markdown`, so links to
headings anywhere in the book resolve. Problems of form (unknown labels, skipped heading levels,
text outside any part) are reported here with their line; completeness is
:mod:`cuebook.source.check`'s.
"""

from __future__ import annotations

import copy
import hashlib
import re
import weakref
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from cuebook.book.config import BookConfig, load_config
from cuebook.book.model import (
    Book,
    Chapter,
    Choice,
    Choices,
    Entry,
    Fragment,
    Part,
    Question,
    Section,
    SectionRole,
)
from cuebook.diagnostics import Diagnostic, Diagnostics, SourceLocation
from cuebook.safety.limits import (
    MAX_CODE_LINES,
    MAX_CONFIG_BYTES,
    MAX_FOOTNOTES,
    MAX_INLINE_CHARS,
    MAX_MARKDOWN_BYTES,
    MAX_NESTING,
    MAX_QUESTIONS,
    MAX_SOURCE_BYTES,
    size_text,
)
from cuebook.safety.safeyaml import YamlProblem, parse_yaml
from cuebook.safety.sources import SourceText, display_path, read_text, survey_book
from cuebook.source.choices import RawChoices, answer_letters, options_list, read_choices
from cuebook.source.labels import LabelReader, RawPart, Reading, as_written, raw_label
from cuebook.source.markdown import (
    TOO_LONG,
    RenderScope,
    inline_text,
    nesting_too_deep,
    new_parser,
    plain_text,
    render,
    slugify,
)

_NUMBER_RE = re.compile(
    r"^\s*(?:[Qq](?=\d)|第\s*)?(\d{1,6})\s*(?:题\s*[.．、:：]?|[.．、:：)）])\s*")
_ATTRS_RE = re.compile(r"\s*\{([^{}]*)\}\s*$")
_ATTR_RE = re.compile(
    r'#([A-Za-z][\w.:-]*)|([A-Za-z][\w-]*)=("[^"]*"|\'[^\']*\'|[^\s"\']+)|(\S+)')
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
_FOOTNOTE_CALL_RE = re.compile(r"\[\^[^\]\s]+\]")
DIFFICULTIES = ("easy", "medium", "hard")
#: Part labels are h3 in every output, so a heading inside a part is h4 or below.
_PART_FLOOR = 4


@dataclass
class _Doc:
    """One Markdown file, tokenised."""

    source: SourceText
    tokens: list[Token]
    footnotes: dict[int, list[Token]]  # footnote id -> its block tokens
    front_matter: dict[str, Any]
    lines: tuple[str, ...] = ()  # the source's lines, for the columns of diagnostics


@dataclass
class _Heading:
    level: int
    inline: Token  # the heading's inline token, number and attributes removed
    attrs: dict[str, str]
    number: int | None
    line: int
    text: str  # as written, attributes removed: GitHub-style links slugify this


@dataclass
class _RawEntry:
    kind: str  # "question" | "section"
    heading: _Heading | None
    doc: _Doc
    blocks: list[list[Token]] = field(default_factory=list)
    anchor: str = ""
    number: int = 0


@dataclass
class _RawChapter:
    heading: _Heading | None
    title: str  # used when there is no heading
    doc: _Doc
    entries: list[_RawEntry] = field(default_factory=list)
    anchor: str = ""


def load_book(book_dir: Path, diags: Diagnostics) -> Book | None:
    """Parse a book folder; every problem goes to ``diags``. ``None`` if nothing usable."""
    book_dir = book_dir.resolve()
    if not survey_book(book_dir, diags):
        return None  # a link out of the book, or too much of it: read nothing
    config = load_config(book_dir, diags)
    if config is None:
        return None
    paths = _markdown_files(book_dir, config, diags)
    if not _within_markdown_limit(paths, config, diags):
        return None
    md = new_parser(raw_html=config.raw_html)
    docs = [d for d in (_tokenize(md, p, diags) for p in paths) if d is not None]
    if not docs or not _within_footnote_limit(docs, diags):
        return None
    return _Builder(md, config, book_dir, docs, diags).build()


def _within_footnote_limit(docs: list[_Doc], diags: Diagnostics) -> bool:
    """At most MAX_FOOTNOTES in the book; the error names the first one past the limit."""
    seen = 0
    for doc in docs:
        if seen + len(doc.footnotes) > MAX_FOOTNOTES:
            tokens = sorted(doc.footnotes.items())[MAX_FOOTNOTES - seen][1]
            line = next((t.map[0] + 1 for t in tokens if t.map), 1)
            diags.report(SourceLocation(doc.source.display, line),
                         f"the book has {sum(len(d.footnotes) for d in docs):,} footnotes; the "
                         f"limit is {MAX_FOOTNOTES:,} (each costs the handout about 10 ms of "
                         "layout): make some of them text", "footnote.too-many")
            return False
        seen += len(doc.footnotes)
    return True


def _within_markdown_limit(paths: list[Path], config: BookConfig, diags: Diagnostics) -> bool:
    # A file over its own limit is reported by read_text, and not counted here twice.
    sizes = [_size(p) for p in paths]
    total = sum(size for size in sizes if size <= MAX_SOURCE_BYTES)
    if total > MAX_MARKDOWN_BYTES:
        diags.report(config.location, f"the book's Markdown is {total:,} bytes; the limit is "
                     f"{size_text(MAX_MARKDOWN_BYTES)} in all", "book.too-large")
        return False
    return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_text reports it


def _markdown_files(book_dir: Path, config: BookConfig, diags: Diagnostics) -> list[Path]:
    if not config.files:
        # survey_book has refused any symbolic link that leaves the book: these stay inside.
        found = sorted(p for p in book_dir.glob("*.md")
                       if p.name.lower() != "readme.md" and not p.is_dir())
        if not found:
            diags.report(config.location, "book has no Markdown files", "book.empty")
        return found
    paths = []
    for name in config.files:
        path = (book_dir / name).resolve()
        if not path.is_relative_to(book_dir):
            diags.report(config.location, f"file '{name}' is outside the book folder",
                         "config.invalid-value")
        elif not path.is_file():
            diags.report(config.location, f"file '{name}' listed in 'files' does not exist",
                         "config.missing-file")
        else:
            paths.append(path)
    return paths


#: The files this process tokenised last, by file and parser: ``cuebook serve`` checks the
#: book again after every save, and a file that did not change is not read into tokens
#: twice. The tokens are never changed after parsing (the builder copies what it edits), so
#: sharing them is safe. Bounded, oldest first out.
_TOKENISED: dict[tuple[str, str, bool], tuple[str, _Doc | None, list[Diagnostic]]] = {}
_TOKENISED_MAX = 512


def _tokenize(md: MarkdownIt, path: Path, diags: Diagnostics) -> _Doc | None:
    source = read_text(path, diags)
    if source is None:
        return None
    # The file, as the user sees it too: the messages name it.
    key = (str(source.path), source.display, bool(md.options.get("html")))
    known = _TOKENISED.get(key)
    if known is not None and known[0] == source.text:
        diags.extend(known[2])
        return known[1]
    found = Diagnostics()
    doc = _tokenize_text(md, source, found)
    diags.extend(found)
    _TOKENISED.pop(key, None)
    _TOKENISED[key] = (source.text, doc, list(found.items))
    while len(_TOKENISED) > _TOKENISED_MAX:
        del _TOKENISED[next(iter(_TOKENISED))]
    return doc


def _tokenize_text(md: MarkdownIt, source: SourceText, diags: Diagnostics) -> _Doc | None:
    if not source.text.strip():
        diags.report(SourceLocation(source.display), "file is empty", "file.empty")
    env: dict[str, Any] = {}
    try:
        tokens = md.parse(source.text, env)
    except RecursionError:
        diags.report(SourceLocation(source.display), "Markdown is nested too deeply to read",
                     "markdown.too-deep")
        return None
    _check_limits(tokens, env, source, diags)
    _check_fences(tokens, source, diags)
    _check_footnote_calls(tokens, source, diags)
    front: dict[str, Any] = {}
    body: list[Token] = []
    footnotes: dict[int, list[Token]] = {}
    current: list[Token] | None = None
    for token in tokens:
        if token.type == "front_matter":
            front = _front_matter(token, source, diags)
        elif token.type == "footnote_open":
            current = footnotes.setdefault(int(token.meta["id"]), [])
        elif token.type == "footnote_close":
            current = None
        elif token.type in ("footnote_block_open", "footnote_block_close"):
            continue
        elif current is not None:
            current.append(token)
        else:
            body.append(token)
    return _Doc(source, body, footnotes, front, tuple(source.text.split("\n")))


def _check_limits(tokens: list[Token], env: dict[str, Any], source: SourceText,
                  diags: Diagnostics) -> None:
    for line, length in env.get(TOO_LONG, []):
        diags.report(SourceLocation(source.display, line),
                     f"paragraph of {length:,} characters; the limit is {MAX_INLINE_CHARS:,} "
                     "(split it with a blank line)", "markdown.too-long")
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map and \
                (lines := token.content.count("\n")) > MAX_CODE_LINES:
            diags.report(SourceLocation(source.display, token.map[0] + 1),
                         f"code block of {lines:,} lines; the limit is {MAX_CODE_LINES:,} "
                         "(about 100 handout pages): split it, or put the listing in a file "
                         "and link to it", "markdown.code-too-long")
    deep = nesting_too_deep(tokens)
    if deep is not None:
        diags.report(SourceLocation(source.display, deep[0]),
                     f"lists and quotes nest {deep[1]} deep here; the limit is {MAX_NESTING}",
                     "markdown.too-deep")


def _check_fences(tokens: list[Token], source: SourceText, diags: Diagnostics) -> None:
    """An unclosed ``` fence silently swallows the rest of the file: make it an error."""
    lines = source.text.split("\n")
    quotes = 0  # how many block quotes the token is in: its lines start with as many ">"
    for token in tokens:
        quotes += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type != "fence" or not token.map:
            continue
        start, end = token.map
        last = lines[end - 1].strip() if end - 1 < len(lines) and end - 1 > start else ""
        for _ in range(quotes):
            last = last.removeprefix(">").strip()
        if not (last.startswith(token.markup) and set(last) <= {token.markup[0]}):
            diags.report(SourceLocation(source.display, start + 1),
                         f"code block opened with {token.markup} is never closed",
                         "markdown.unclosed-fence")


def _check_footnote_calls(tokens: list[Token], source: SourceText, diags: Diagnostics) -> None:
    """A ``[^name]`` no footnote defines stays in the text as those characters: an error."""
    lines = source.text.split("\n")
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or []:
            if child.type != "text":
                continue
            for call in _FOOTNOTE_CALL_RE.findall(child.content):
                line, col = _find(lines, token.map, call)
                if col > 1 and lines[line - 1][col - 2] == "\\":
                    continue  # written \[^x]: meant as text
                diags.report(SourceLocation(source.display, line, col),
                             f"footnote {call} is not defined (write a line '{call}: …')",
                             "footnote.undefined")


def _find(lines: list[str], span: list[int], text: str) -> tuple[int, int]:
    """The 1-based line and column of ``text`` within the lines ``span`` covers."""
    for number in range(span[0], min(span[1], len(lines))):
        col = lines[number].find(text)
        if col >= 0:
            return number + 1, col + 1
    return span[0] + 1, 1


def _front_matter(token: Token, source: SourceText, diags: Diagnostics) -> dict[str, Any]:
    where = SourceLocation(source.display, 1)
    if len(token.content.encode("utf-8")) > MAX_CONFIG_BYTES:
        diags.report(where, f"front matter is over the limit of {size_text(MAX_CONFIG_BYTES)}",
                     "file.front-matter")
        return {}
    try:
        _, data = parse_yaml(token.content, "front matter", frozenset({"title"}))
    except YamlProblem as problem:
        line = problem.line + 1  # +1 for the opening '---'
        diags.report(SourceLocation(source.display, line, problem.col),
                     f"invalid front matter: {problem.message}", "file.front-matter")
        return {}
    if data is not None and not isinstance(data, dict):
        diags.report(where, "front matter must be a mapping", "file.front-matter")
        return {}
    return data or {}


def blocks_of(tokens: list[Token]) -> list[list[Token]]:
    """Split a token stream into its top-level blocks."""
    blocks: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            blocks.append([])
        blocks[-1].append(token)
        depth += token.nesting if token.block else 0
    return blocks


def infer_heading_level(docs: list[_Doc], names: frozenset[str]) -> int:
    """The level questions sit at: where part labels (``names``, case-folded) follow a heading,
    else the most used. A bold lead-in that is no label (``**Pros:**``) says nothing."""
    labelled: Counter[int] = Counter()
    counts: Counter[int] = Counter()
    for doc in docs:
        last_level = 0
        for block in blocks_of(doc.tokens):
            if block[0].type == "heading_open":
                last_level = int(block[0].tag[1])
                counts[last_level] += 1
            elif last_level and (label := raw_label(block)) is not None and \
                    label.casefold() in names:
                labelled[last_level] += 1
                last_level = 0
    if labelled:
        return labelled.most_common(1)[0][0]
    if not counts:
        return 2
    best = max(counts.values())
    return max(level for level, n in counts.items() if n == best)


class _Builder:
    def __init__(self, md: MarkdownIt, config: BookConfig, root: Path, docs: list[_Doc],
                 diags: Diagnostics) -> None:
        self.md, self.config, self.root, self.docs, self.diags = md, config, root, docs, diags
        self.reader = LabelReader(config.parts)
        self.level = config.heading_level or infer_heading_level(docs,
                                                                 frozenset(self.reader.by_name))
        self.anchors: dict[str, str] = {}
        self.book_labelled = False
        self.formulas_reported: set[tuple[str, int, str]] = set()  # footnotes render per chapter

    # Pass one: structure ------------------------------------------------------------------

    def build(self) -> Book | None:
        chapter_level = self._chapter_level()
        chapters = [c for d in self.docs for c in self._split(d, chapter_level)]
        if not self._within_question_limit(chapters):
            return None
        self._assign_anchors(chapters)
        self.book_labelled = any(self.reader.labels_question(e.blocks) for c in chapters
                                 for e in c.entries if e.kind == "question")
        built = self._render(chapters)
        return Book(self.config, self.root, tuple(built),
                    frozenset(self.anchors.values()), tuple(d.source.path for d in self.docs))

    def _within_question_limit(self, chapters: list[_RawChapter]) -> bool:
        questions = [e for c in chapters for e in c.entries if e.kind == "question"]
        if len(questions) <= MAX_QUESTIONS:
            return True
        first_over = questions[MAX_QUESTIONS]
        line = first_over.heading.line if first_over.heading else 1
        self.diags.report(self._at(first_over.doc, line),
                          f"the book has {len(questions):,} questions; the limit is "
                          f"{MAX_QUESTIONS:,} (this is question {MAX_QUESTIONS + 1:,})",
                          "book.too-many-questions")
        return False

    def _chapter_level(self) -> int | None:
        levels = [int(t.tag[1]) for d in self.docs for t in d.tokens
                  if t.type == "heading_open" and int(t.tag[1]) < self.level]
        return min(levels) if levels else None

    def _split(self, doc: _Doc, chapter_level: int | None) -> list[_RawChapter]:
        chapters: list[_RawChapter] = []
        previous_level = 0
        for block in blocks_of(doc.tokens):
            heading = self._heading(block, doc) if block[0].type == "heading_open" else None
            if heading is not None:
                if previous_level and heading.level > previous_level + 1:
                    self.diags.report(self._at(doc, heading.line),
                                      f"heading level {heading.level} follows level "
                                      f"{previous_level}; a level is skipped",
                                      "heading.skipped-level")
                previous_level = heading.level
            if heading is not None and chapter_level and heading.level == chapter_level:
                chapters.append(_RawChapter(heading, "", doc))
                continue
            if not chapters:
                chapters.append(_RawChapter(None, self._file_title(doc), doc))
            chapter = chapters[-1]
            if heading is not None and heading.level <= self.level:
                kind = "question" if heading.level == self.level else "section"
                chapter.entries.append(_RawEntry(kind, heading, doc))
                continue
            if not chapter.entries:
                chapter.entries.append(_RawEntry("section", None, doc))
            chapter.entries[-1].blocks.append(block)
        return [c for c in chapters if c.heading is not None or c.entries]

    def _file_title(self, doc: _Doc) -> str:
        title = doc.front_matter.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        if len(self.docs) == 1:
            return self.config.title
        return re.sub(r"^[\d_\-. ]+", "", doc.source.path.stem).replace("-", " ") or \
            doc.source.path.stem

    def _at(self, doc: _Doc, line: int) -> SourceLocation:
        return SourceLocation(doc.source.display, line)

    def _heading(self, block: list[Token], doc: _Doc) -> _Heading:
        opening, inline = block[0], copy.copy(block[1])
        line = opening.map[0] + 1 if opening.map else 1
        children = [copy.copy(c) for c in inline.children or []]
        attrs: dict[str, str] = {}
        if children and children[-1].type == "text":
            match = _ATTRS_RE.search(children[-1].content)
            if match:
                attrs = self._parse_attrs(match.group(1), doc, line)
                children[-1].content = children[-1].content[: match.start()]
        number = None
        numbered = self.config.numbering != "none"
        if numbered and children and children[0].type == "text" and \
                int(opening.tag[1]) == self.level:
            match = _NUMBER_RE.match(children[0].content)
            if match:
                number = int(match.group(1))
                children[0].content = children[0].content[match.end():]
        inline.children = children
        text = _ATTRS_RE.sub("", block[1].content)
        return _Heading(int(opening.tag[1]), inline, attrs, number, line, text)

    def _parse_attrs(self, text: str, doc: _Doc, line: int) -> dict[str, str]:
        attrs: dict[str, str] = {}
        for match in _ATTR_RE.finditer(text):
            if match.group(1):
                attrs["id"] = match.group(1)
            elif match.group(2):
                attrs[match.group(2)] = match.group(3).strip("\"'")
            else:
                self.diags.report(self._at(doc, line),
                                  f"cannot read heading attribute '{match.group(4)}'; write "
                                  "{#id tags=\"a, b\" difficulty=easy}", "heading.attributes")
        return attrs

    def _assign_anchors(self, chapters: list[_RawChapter]) -> None:
        self._number(chapters)
        seen: dict[str, SourceLocation] = {}
        for ci, chapter in enumerate(chapters, 1):
            chapter.anchor = self._claim(chapter.heading, f"ch-{ci}", chapter.doc, seen)
            self.anchors.setdefault(str(chapter.doc.source.path), chapter.anchor)
            for si, entry in enumerate(chapter.entries, 1):
                if entry.kind == "question":
                    fallback = self._auto_question_id(entry.number, ci)
                else:
                    fallback = f"sec-{ci}-{si}"
                entry.anchor = self._claim(entry.heading, fallback, entry.doc, seen)

    def _number(self, chapters: list[_RawChapter]) -> None:
        """Take numbers as written; number every question when none is; flag the unnumbered."""
        questions = [(c, e) for c in chapters for e in c.entries if e.kind == "question"]
        any_written = any(e.heading and e.heading.number is not None for _, e in questions)
        previous, chapter = 0, None
        for owner, entry in questions:
            if self.config.numbering == "per-chapter" and owner is not chapter:
                previous, chapter = 0, owner
            written = entry.heading.number if entry.heading else None
            if written is None and any_written and entry.heading is not None:
                self.diags.report(self._at(entry.doc, entry.heading.line),
                                  f"question has no number (expected {previous + 1}.)",
                                  "question.unnumbered")
            entry.number = written if written is not None else previous + 1
            previous = entry.number

    def _auto_question_id(self, number: int, chapter: int) -> str:
        base = f"q{chapter}-{number}" if self.config.numbering == "per-chapter" else f"q{number}"
        candidate, n = base, 1
        while candidate in self.anchors:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _claim(self, heading: _Heading | None, fallback: str, doc: _Doc,
               seen: dict[str, SourceLocation]) -> str:
        explicit = heading.attrs.get("id") if heading else None
        anchor = fallback
        if explicit is not None and heading is not None:
            where = self._at(doc, heading.line)
            if not _ID_RE.match(explicit):
                self.diags.report(where, f"id '{explicit}' must start with a letter and hold "
                                  "only letters, digits, '-', '_' or '.'", "question.bad-id")
            elif explicit in seen:
                self.diags.report(where, f"id '{explicit}' is already used at {seen[explicit]}",
                                  "question.duplicate-id")
            else:
                anchor = explicit
        if heading is not None:
            seen.setdefault(anchor, self._at(doc, heading.line))
            self.anchors.setdefault(slugify(heading.text), anchor)
            self.anchors.setdefault(slugify(inline_text(heading.inline.children or [])), anchor)
        self.anchors[anchor] = anchor
        return anchor

    # Pass two: rendering --------------------------------------------------------------------

    def _scope(self, doc: _Doc, chapter: int, shift: int) -> RenderScope:
        footnotes = {}
        scope = RenderScope(doc.source.path.parent, self.root, doc.source.display, shift,
                            self.anchors, chapter, {}, lines=doc.lines)
        for note_id, tokens in doc.footnotes.items():
            footnotes[note_id] = ("", render(self.md, tokens, scope).html)
        scope.footnotes = footnotes
        return scope

    def _render(self, chapters: list[_RawChapter]) -> list[Chapter]:
        # Outputs use h1 for chapters, h2 for questions and sections, h3 for part labels: a
        # heading inside a part becomes h4 and below, whatever its level in the source.
        shift = 4 - (self.level + 1)
        around = _digest(self.config, self.root, self.level, self._chapter_level(), shift,
                         self.book_labelled, sorted(self.anchors.items()))
        return _with_roles([self._kept_chapter(raw, ci, shift, around)
                            for ci, raw in enumerate(chapters, 1)])

    def _kept_chapter(self, raw: _RawChapter, ci: int, shift: int, around: str) -> Chapter:
        """The chapter as rendered before in this process when its file's tokens (the same
        objects: :func:`_tokenize` keeps them) and everything around it are as they were
        then, with what rendering it reported; else rendered now."""
        key = (id(raw.doc), ci, raw.anchor, raw.title, around,
               tuple((e.kind, e.anchor, e.number) for e in raw.entries),
               frozenset(self.formulas_reported))
        kept = _RENDERED.get(key)
        if kept is not None and kept.doc() is raw.doc:
            _RENDERED.move_to_end(key)
            self.diags.extend(kept.diagnostics)
            self.formulas_reported.update(kept.formulas)
            return kept.chapter
        before, formulas = len(self.diags.items), set(self.formulas_reported)
        chapter = self._chapter(raw, ci, shift)
        _RENDERED[key] = _Rendered(weakref.ref(raw.doc), chapter,
                                   tuple(self.diags.items[before:]),
                                   frozenset(self.formulas_reported - formulas))
        while len(_RENDERED) > _RENDERED_MAX:
            _RENDERED.popitem(last=False)
        return chapter

    def _chapter(self, raw: _RawChapter, ci: int, shift: int) -> Chapter:
        scope = self._scope(raw.doc, ci, shift)
        title = self._inline(raw.heading, scope) if raw.heading else \
            Fragment(_escape(raw.title), raw.title)
        line = raw.heading.line if raw.heading else 1
        entries = [self._entry(e, scope) for e in raw.entries]
        chapter = Chapter(title, raw.anchor, tuple(entries), self._at(raw.doc, line))
        self._formula_errors(raw.doc, scope)
        return chapter

    def _formula_errors(self, doc: _Doc, scope: RenderScope) -> None:
        for line, tex, why in scope.formula_errors:
            if (doc.source.display, line, tex) in self.formulas_reported:
                continue
            self.formulas_reported.add((doc.source.display, line, tex))
            self.diags.error(self._at(doc, line), f"formula '{tex}' cannot be converted: {why}",
                             "formula.invalid")
        scope.formula_errors.clear()

    def _inline(self, heading: _Heading, scope: RenderScope) -> Fragment:
        return render(self.md, [heading.inline], scope)

    def _entry(self, raw: _RawEntry, scope: RenderScope) -> Entry:
        if raw.kind == "section":
            title = self._inline(raw.heading, scope) if raw.heading else None
            line = raw.heading.line if raw.heading else _first_line(raw.blocks)
            # Output: a section title is h2; an untitled (lead) section sits under the chapter h1.
            content = render(self.md, [t for b in raw.blocks for t in b], scope,
                             heading_floor=3 if title else 2)
            return Section(title, raw.anchor, "body", content, self._at(raw.doc, line))
        return self._question(raw, scope)

    def _question(self, raw: _RawEntry, scope: RenderScope) -> Question:
        assert raw.heading is not None
        heading = raw.heading
        where = self._at(raw.doc, heading.line)
        parts, labelled, choices = self._parts(raw, scope)
        tags = tuple(t.strip() for t in re.split(r"[,，]", heading.attrs.get("tags", ""))
                     if t.strip())
        difficulty = heading.attrs.get("difficulty", "")
        if difficulty and difficulty not in DIFFICULTIES:
            self.diags.report(where, f"difficulty '{difficulty}' is not one of "
                              f"{', '.join(DIFFICULTIES)}", "question.difficulty")
        return Question(raw.number, raw.anchor, self._inline(heading, scope), parts,
                        tags, difficulty, where, labelled, choices)

    def _parts(self, raw: _RawEntry, scope: RenderScope
               ) -> tuple[tuple[Part, ...], bool, Choices | None]:
        lines = [_first_line([b]) for b in raw.blocks]
        reading = self.reader.read(raw.blocks, lines, book_labelled=self.book_labelled)
        for line, message, code in reading.problems:
            self.diags.report(self._at(raw.doc, line), message, code)
        if not reading.labelled:
            self._options_first(reading)
        found = self._read_choices(reading, raw.doc)
        parts = [Part(p.spec.key, p.spec.label, render(self.md, p.tokens, scope, _PART_FLOOR),
                      self._at(raw.doc, p.line)) for p in reading.parts]
        choices = self._choices(found, raw.doc, scope) if found else None
        stray = reading.stray
        if reading.labelled:
            if stray and plain_text(stray).strip():
                self.diags.report(self._at(raw.doc, _first_line([stray])),
                                  "text before the first part label belongs to no part; start it "
                                  f"with a label such as {as_written(self.config.parts[0].label)}",
                                  "question.unlabelled-text")
            return tuple(parts), True, choices
        # Label-free: the leading text is the answer (rule 2 in cuebook.source.labels).
        if stray or not parts:
            spec = self.config.part_spec("answer")
            label = spec.label if spec else "answer"
            line = _first_line([stray]) if stray else (raw.heading.line if raw.heading else 1)
            at = 1 if parts and parts[0].key == "question" else 0
            parts.insert(at, Part("answer", label, render(self.md, stray, scope, _PART_FLOOR),
                                  self._at(raw.doc, line)))
        return tuple(parts), False, choices

    def _options_first(self, reading: Reading) -> None:
        """A label-free body that lists options and then opens its answer with a letter
        (``**Answer:** B``): what comes up to the options is the question part."""
        spec = self.config.part_spec("question")
        found = options_list(reading.stray)
        if spec is None or found is None or answer_letters(
                reading.stray[found[1]:], found[2][0].letter.isdigit()) is None:
            return
        end = found[1]
        line = _first_line([reading.stray])
        reading.parts.insert(0, RawPart(spec, line, reading.stray[:end]))
        reading.stray = reading.stray[end:]

    def _read_choices(self, reading: Reading, doc: _Doc) -> RawChoices | None:
        question = next((p for p in reading.parts if p.spec.key == "question"), None)
        answer = next((p for p in reading.parts if p.spec.key == "answer"), None)
        answer_tokens, answer_line = (answer.tokens, answer.line) if answer else \
            (reading.stray, _first_line([reading.stray]))
        if question is None:
            return None
        found = read_choices(question.tokens, answer_tokens, answer_line)
        if isinstance(found, tuple):
            self.diags.report(self._at(doc, found[1]),
                              "these lettered options read as a plain list: the answer does not "
                              "open with the right letter; start it with one (e.g. **B**) to "
                              "make a multiple-choice question", "question.choice-unmarked")
            return None
        if found is None:
            return None
        known = {o.letter for o in found.options}
        unknown = [x for x in found.letters if x not in known]
        if unknown:
            self.diags.report(self._at(doc, found.answer_line),
                              f"the answer names option {', '.join(unknown)}, but the options are "
                              f"{', '.join(sorted(known))}", "question.choice-unknown")
        return found

    def _choices(self, found: RawChoices, doc: _Doc, scope: RenderScope) -> Choices:
        options = tuple(Choice(o.letter, render(self.md, o.tokens, scope),
                               o.letter in found.letters, self._at(doc, o.line))
                        for o in found.options)
        return Choices(render(self.md, found.stem, scope, _PART_FLOOR), options,
                       render(self.md, found.explanation, scope, _PART_FLOOR))


def _first_line(blocks: list[list[Token]]) -> int:
    for block in blocks:
        for token in block:
            if token.map:
                return token.map[0] + 1
    return 1


def _escape(text: str) -> str:
    import html

    return html.escape(text)


@dataclass(frozen=True)
class _Rendered:
    """A chapter as rendered, from the tokens of ``doc``, and what rendering it reported."""

    #: The tokens it was rendered from, not held (:data:`_TOKENISED` holds the files'
    #: tokens): once they are gone, the id in the key may be another's, and it is not used.
    doc: weakref.ref[_Doc]
    chapter: Chapter
    diagnostics: tuple[Diagnostic, ...]
    formulas: frozenset[tuple[str, int, str]]


#: The chapters this process rendered last (``cuebook serve`` reads the book again after every
#: save: the chapters of the files that did not change are not rendered again). Bounded,
#: oldest first out.
_RENDERED: OrderedDict[tuple[Any, ...], _Rendered] = OrderedDict()
_RENDERED_MAX = 512


def _digest(*values: object) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()


def _with_roles(chapters: list[Chapter]) -> list[Chapter]:
    """Sections before the first question are the introduction; after the last, the summary."""
    import dataclasses

    flat = [e for c in chapters for e in c.entries]
    question_at = [i for i, e in enumerate(flat) if isinstance(e, Question)]
    first = question_at[0] if question_at else len(flat)
    last = question_at[-1] if question_at else -1
    out, i = [], 0
    for chapter in chapters:
        entries: list[Entry] = []
        for entry in chapter.entries:
            if isinstance(entry, Section):
                role: SectionRole = "introduction" if i < first else \
                    "summary" if i > last else "body"
                entry = dataclasses.replace(entry, role=role)
            entries.append(entry)
            i += 1
        out.append(dataclasses.replace(chapter, entries=tuple(entries)))
    return out


__all__ = ["load_book", "blocks_of", "infer_heading_level", "display_path"]
