"""The one Markdown pipeline: markdown-it-py tokens in, :class:`~cuebook.book.model.Fragment` out.

Every writer gets its HTML from here, so code highlighting, heading levels, links, images and
footnotes look the same in the handout, the e-book and the cards.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_cjk_friendly import cjk_friendly, is_cjk
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.util import ClassNotFound

from cuebook.book.model import Footnote, Fragment, Reference
from cuebook.diagnostics import SourceLocation
from cuebook.render.math import FormulaError, mathml_to_svg, tex_to_mathml
from cuebook.safety import sanitize
from cuebook.safety.limits import (
    MAX_HIGHLIGHTED_LINES,
    MAX_INLINE_CHARS,
    MAX_NESTING,
    MAX_REFERENCE_LINES,
)

_FORMATTER = HtmlFormatter(nowrap=True)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: The checkbox the task-list plugin writes (as HTML, not XHTML).
_TASK_BOX = re.compile(r'^<input class="task-list-item-checkbox"( checked="checked")? '
                       r'disabled="disabled" type="checkbox">$')
#: Where the parser notes paragraphs it did not read because they are over the limit.
TOO_LONG = "cuebook.too-long"


def new_parser(*, raw_html: bool = False) -> MarkdownIt:
    """CommonMark plus tables, strikethrough, footnotes, definition lists and task lists.

    Raw HTML is off unless the book opts in: it is shown as text; with ``raw_html`` it goes
    through :mod:`cuebook.safety.sanitize`. ``cjk_friendly`` lets ``**加粗，**`` close next to
    full-width punctuation and joins soft line breaks between CJK characters without a space.
    """
    # markdown-it drops everything after a block nested maxNesting deep; set it above
    # cuebook's own limit so that a too-deep list is reported (see nesting_too_deep) instead.
    md = MarkdownIt("commonmark", {"html": raw_html, "highlight": _highlight,
                                   "maxNesting": 2 * MAX_NESTING + 4})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)
    md.use(tasklists_plugin).use(cjk_friendly)
    # Formulas: $…$ and $$…$$ as pandoc reads them (no space inside the dollars, no digit
    # after the closing one, so "$5 and $10" stays text), and \(…\) and \[…\].
    md.use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False,
           double_inline=True)
    md.inline.ruler.before("escape", "cuebook_bracket_math", _bracket_math)
    md.block.ruler.before("paragraph", "cuebook_bracket_block", _bracket_block,
                          {"alt": ["paragraph"]})
    # Every link and image becomes a token, whatever its scheme: markdown-it would turn a
    # javascript: link into plain text silently; cuebook's policy (cuebook.safety.sanitize)
    # refuses it with a located error instead.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.before("inline", "cuebook_inline_limit", _limit_inline)
    md.block.ruler.at("reference", _windowed_reference(md))
    for rule, func in _RULES.items():
        md.add_render_rule(rule, func)
    return md


#: "\(" opens an inline formula, "\[" a display one; each closes at its partner.
_BRACKETS = {"\\(": ("\\)", "math_inline"), "\\[": ("\\]", "math_inline_double")}


def _bracket_math(state: StateInline, silent: bool) -> bool:
    r"""``\(…\)`` and ``\[…\]``, in a paragraph or as one of their own, as pandoc reads them.

    (mdit-py-plugins' texmath finds the end with a lazy regular expression: 0.8 s for a
    paragraph of many unclosed ``\(``; this rule takes a few milliseconds.)"""
    opening = state.src[state.pos:state.pos + 2]
    if opening not in _BRACKETS:
        return False
    closing, kind = _BRACKETS[opening]
    # Once a search found no closing, none lies after any later opening either.
    unclosed = state.env.setdefault("cuebook.unclosed", {})
    if state.pos >= unclosed.get((closing, state.src), len(state.src)):
        return False
    end = state.src.find(closing, state.pos + 2)
    if end < 0:
        unclosed[(closing, state.src)] = state.pos
        return False
    if not state.src[state.pos + 2:end].strip():
        return False
    if state.src.startswith("(", end + 2):
        return False  # "\[text\](url)": a link whose brackets are escaped, not a formula
    if not silent:
        token = state.push(kind, "math", 0)
        token.content = state.src[state.pos + 2:end]
        token.markup = opening
    state.pos = end + 2
    return True


def _bracket_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    r"""A display formula ``\[ … \]`` whose lines hold a blank one: one formula, as ``$$ … $$``
    with a blank line is (a paragraph would end at the blank line and leave both halves as
    text). Without a blank line it stays the inline rule's, as it always was."""
    first = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    if state.sCount[start] - state.blkIndent >= 4 or not first.startswith("\\[") or \
            "\\]" in first:
        return False
    blank = False
    for line in range(start + 1, end):
        text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]
        if not text.strip():
            blank = True
        elif "\\]" in text or text.startswith("\\["):
            if not blank or not text.rstrip().endswith("\\]") or text.startswith("\\["):
                return False
            if not silent:
                body = state.src[state.bMarks[start] + state.tShift[start] + 2:
                                 state.bMarks[line] + state.tShift[line] +
                                 len(text.rstrip()) - 2]
                token = state.push("math_block", "math", 0)
                token.block = True
                token.content = body
                token.map = [start, line + 1]
                token.markup = "\\["
            state.line = line + 1
            return True
    return False


def _limit_inline(state: StateCore) -> None:
    """Leave unread any paragraph, heading or cell over MAX_INLINE_CHARS (see
    cuebook.safety.limits), noting its line for the parser to report."""
    for token in state.tokens:
        if token.type == "inline" and len(token.content) > MAX_INLINE_CHARS:
            state.env.setdefault(TOO_LONG, []).append(
                (token.map[0] + 1 if token.map else 1, len(token.content)))
            token.content = ""


def _windowed_reference(md: MarkdownIt) -> Any:
    """markdown-it's reference rule, looking at most MAX_REFERENCE_LINES lines ahead.

    The rule reads up to the end of the paragraph for every ``[id]: url`` line, which made a
    run of reference definitions quadratic (see cuebook.safety.limits).
    """
    rules = md.block.ruler.__rules__
    original = rules[md.block.ruler.__find__("reference")].fn

    def reference(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        saved = state.lineMax
        state.lineMax = min(saved, start + MAX_REFERENCE_LINES)
        try:
            return bool(original(state, start, end, silent))
        finally:
            state.lineMax = saved

    return reference


def nesting_too_deep(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """(line, depth) of the first list or block quote nested deeper than MAX_NESTING."""
    depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
            if depth > MAX_NESTING:
                return (token.map[0] + 1 if token.map else 1), depth
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
    return None


#: Pygments' own languages. Looking up any other name makes Pygments import every installed
#: plugin package (here IPython and jedi, which changes the recursion limit): a book's fence
#: would decide what code is imported, and the output would depend on the machine.
_LANGUAGES = frozenset(alias for _, aliases, _, _ in get_all_lexers(plugins=False)
                       for alias in aliases)


@functools.lru_cache(maxsize=4096)  # ``cuebook serve``: the blocks of files not edited
def _highlight(code: str, lang: str, attrs: str) -> str:
    name = (lang or "").strip().lower()
    colour = name in _LANGUAGES and code.count("\n") <= MAX_HIGHLIGHTED_LINES
    try:
        body = highlight(code, get_lexer_by_name(name), _FORMATTER) if colour else ""
    except ClassNotFound:
        body = ""
    body = body or html.escape(code)
    lang_attr = f' data-lang="{html.escape(name)}"' if name else ""
    return f'<pre class="highlight"{lang_attr}><code>{body}</code></pre>\n'


def slugify(text: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


@dataclass
class RenderScope:
    """What the renderer needs to know about where a fragment sits in the book."""

    source_dir: Path  # folder of the Markdown file, absolute
    book_root: Path
    display: str  # the file as shown in diagnostics
    heading_shift: int  # added to source heading levels inside the fragment
    anchors: dict[str, str]  # slugs and ids -> anchor
    chapter: int  # 1-based, makes footnote anchors unique in the book
    footnotes: dict[int, tuple[str, str]]  # footnote id -> (label, html)
    references: list[Reference] = field(default_factory=list)
    footnote_refs: list[tuple[int, str]] = field(default_factory=list)  # (id, ref anchor)
    #: Formulas that could not be converted: (line, TeX, why); the parser reports them.
    formula_errors: list[tuple[int, str, str]] = field(default_factory=list)
    lines: Sequence[str] = ()  # the file's lines: diagnostics point at a column


def render(md: MarkdownIt, tokens: Sequence[Token], scope: RenderScope,
           heading_floor: int | None = None) -> Fragment:
    """``heading_floor``: the level the fragment's first heading takes in the output (one
    below the heading of what holds it), so that levels skipped in the source (``#`` then
    ``####``, legal and common in notes) leave no hole in outlines and e-book navigation; ``None``
    shifts levels only (footnotes, titles)."""
    scope.references = []
    scope.footnote_refs = []
    listed = list(tokens)
    levels = {} if heading_floor is None else _heading_levels(listed, scope, heading_floor)
    env: dict[str, Any] = {"scope": scope, "levels": levels}
    _mark_lines(tokens)
    body = md.renderer.render(listed, md.options, env)
    if md.options["html"] and _has_raw_html(tokens):
        body = sanitize.balance(body)
    notes: dict[int, Footnote] = {}
    for note_id, ref_anchor in scope.footnote_refs:
        if note_id not in notes and note_id in scope.footnotes:
            notes[note_id] = Footnote(footnote_anchor(scope.chapter, note_id), ref_anchor,
                                      note_id + 1, scope.footnotes[note_id][1])
    return Fragment(body, plain_text(tokens), tuple(notes.values()), tuple(scope.references))


def _heading_levels(tokens: list[Token], scope: RenderScope, floor: int) -> dict[int, int]:
    """Output level of each heading, by token index: shifted, then at most one deeper than the
    heading before it in the fragment."""
    levels: dict[int, int] = {}
    previous = floor - 1
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            level = max(floor, min(6, int(token.tag[1]) + scope.heading_shift, previous + 1))
            levels[i] = previous = level
    return levels


def _has_raw_html(tokens: Sequence[Token]) -> bool:
    return any(t.type == "html_block" or any(c.type == "html_inline" for c in t.children or ())
               for t in tokens)


def footnote_anchor(chapter: int, note_id: int) -> str:
    return f"fn-{chapter}-{note_id + 1}"


def plain_text(tokens: Sequence[Token]) -> str:
    """The reader-visible text: inline text, code, alt text; blocks separated by newlines."""
    out: list[str] = []
    for token in tokens:
        if token.type == "inline":
            out.append(inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            out.append(token.content.rstrip("\n") + "\n")
        elif token.type in _DISPLAY_MATH:
            out.append(f"\\[{token.content.strip()}\\]\n")
        elif token.type == "html_block":  # only with raw_html: what the reader will see
            out.append(sanitize.text_of(token.content).strip("\n") + "\n")
        elif token.nesting == -1 and token.block:
            out.append("\n")
    return re.sub(r"\n{2,}", "\n", "".join(out)).strip("\n")


def inline_text(children: Sequence[Token]) -> str:
    out: list[str] = []
    hidden: str | None = None  # inside <script>…</script> written inline (raw_html only)
    for i, child in enumerate(children):
        if child.type == "html_inline":
            hidden = sanitize.hidden_element(child.content, hidden)
        elif hidden is not None:
            continue
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "math_inline":
            out.append(f"\\({child.content.strip()}\\)")
        elif child.type == "math_inline_double":
            out.append(f"\\[{child.content.strip()}\\]")
        elif child.type == "image":
            out.append(inline_text(child.children or []))
        elif child.type == "softbreak":
            before = out[-1][-1:] if out and out[-1] else ""
            after = children[i + 1].content[:1] if i + 1 < len(children) else ""
            out.append("" if is_cjk(before) and is_cjk(after) else " ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)


# Render rules ----------------------------------------------------------------------------------

def _scope(env: dict[str, Any]) -> RenderScope:
    scope = env["scope"]
    assert isinstance(scope, RenderScope)
    return scope


def _heading_open(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                  env: dict[str, Any]) -> str:
    return f"<h{_level(tokens, idx, env)}>"


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                   env: dict[str, Any]) -> str:
    opening = next(i for i in range(idx, -1, -1) if tokens[i].type == "heading_open")
    return f"</h{_level(tokens, opening, env)}>\n"


def _level(tokens: Sequence[Token], idx: int, env: dict[str, Any]) -> int:
    levels: dict[int, int] = env.get("levels", {})
    return levels.get(idx, min(6, int(tokens[idx].tag[1]) + _scope(env).heading_shift))


def _column(scope: RenderScope, line: int, target: str) -> int:
    """Where ``target`` is written on its line (1 if it is not found there: a reference-style
    link, a target broken over lines)."""
    if not target or not 0 < line <= len(scope.lines):
        return 1
    text = scope.lines[line - 1]
    for written in (target, unquote(target)):
        at = text.find(written)
        if at >= 0:
            return at + 1
    return 1


def resolve_target(target: str, scope: RenderScope, kind: Literal["link", "image"],
                   line: int) -> tuple[str, Reference | None]:
    """Map a link or image target to what the output uses, recording local references.

    The output gets ``""`` for a target that cuebook refuses (a script link, a remote image):
    the check reports it, and an output made without the check still holds nothing harmful.
    """
    location = SourceLocation(scope.display, line, _column(scope, line, target))
    refused = sanitize.refused_link(target) is not None
    if refused or _SCHEME_RE.match(target) or sanitize.link_scheme(target):
        usable = kind == "link" and not refused
        return (target if usable else ""), Reference(kind, target, location)
    parts = urlsplit(target)
    fragment = unquote(parts.fragment)
    if not parts.path:
        anchor = scope.anchors.get(fragment, scope.anchors.get(slugify(fragment), fragment))
        return f"#{anchor}", Reference(kind, f"#{anchor}", location)
    local = _local_path(scope.source_dir, unquote(parts.path))
    if local is None:  # a NUL byte or a name the system cannot hold: no file, reported
        return "", Reference(kind, target, location)
    if kind == "link" and local.suffix.lower() == ".md":
        anchor = scope.anchors.get(fragment, scope.anchors.get(slugify(fragment), fragment))
        ref = Reference(kind, target, location, local, anchor if fragment else "")
        # A link to a whole file goes to its first chapter (registered under its path).
        return f"#{anchor if fragment else scope.anchors.get(str(local), '')}", ref
    ref = Reference(kind, target, location, local, fragment)
    try:
        return local.relative_to(scope.book_root).as_posix(), ref
    except ValueError:
        return "", ref


def _local_path(folder: Path, relative: str) -> Path | None:
    """``folder / relative``, resolved (links followed), or ``None`` if it cannot name a file."""
    try:
        return (folder / relative).resolve()
    except (OSError, ValueError, RuntimeError):
        return None


def _mark_lines(tokens: Sequence[Token]) -> None:
    """Give each inline child its source line (token maps stop at blocks), for diagnostics."""
    for token in tokens:
        if token.type == "inline" and token.map and token.children:
            line = token.map[0] + 1
            for child in token.children:
                child.meta["line"] = line
                if child.type in ("softbreak", "hardbreak"):
                    line += 1


def _line_of(tokens: Sequence[Token], idx: int, scope: RenderScope) -> int:
    return int(tokens[idx].meta.get("line", 1))


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any,
               env: dict[str, Any]) -> str:
    scope = _scope(env)
    token = tokens[idx]
    href, ref = resolve_target(str(token.attrGet("href") or ""), scope, "link",
                               _line_of(tokens, idx, scope))
    if ref:
        scope.references.append(ref)
    title = token.attrGet("title")
    title_attr = f' title="{html.escape(str(title))}"' if title else ""
    href_attr = f' href="{html.escape(href)}"' if href else ""
    return f"<a{href_attr}{title_attr}>"


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any,
           env: dict[str, Any]) -> str:
    scope = _scope(env)
    token = tokens[idx]
    src, ref = resolve_target(str(token.attrGet("src") or ""), scope, "image",
                              _line_of(tokens, idx, scope))
    if ref:
        scope.references.append(ref)
    alt = inline_text(token.children or [])
    if not src:  # refused: the reader sees the alt text, no output refers to anything
        return html.escape(alt)
    title = token.attrGet("title")
    title_attr = f' title="{html.escape(str(title))}"' if title else ""
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"{title_attr} />'


def _footnote_ref(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                  env: dict[str, Any]) -> str:
    scope = _scope(env)
    meta = tokens[idx].meta
    note_id, sub = int(meta["id"]), int(meta.get("subId", 0))
    anchor = footnote_anchor(scope.chapter, note_id)
    ref_anchor = f"{anchor}-ref" + (f"-{sub}" if sub else "")
    scope.footnote_refs.append((note_id, ref_anchor))
    return (f'<sup class="footnote-ref"><a href="#{anchor}" id="{ref_anchor}">'
            f"{note_id + 1}</a></sup>")


def _nothing(self: Any, tokens: Sequence[Token], idx: int, options: Any,
             env: dict[str, Any]) -> str:
    return ""


def _html_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                 env: dict[str, Any]) -> str:
    content = tokens[idx].content
    if _TASK_BOX.match(content):
        return content[:-1] + " />"  # the task-list plugin's box, closed for XHTML
    # Without raw_html only plugins make these tokens; escape anything unexpected.
    return sanitize.inline_tag(content) if options["html"] else html.escape(content)


def _html_block(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                env: dict[str, Any]) -> str:
    content = tokens[idx].content
    return sanitize.block_html(content) if options["html"] else html.escape(content)


#: Token types of display formulas ($$…$$ on lines of their own).
_DISPLAY_MATH = ("math_block",)


def _formula(tex: str, display: bool, line: int, scope: RenderScope,
             block: bool = True) -> str:
    """MathML for a formula, or, if it cannot be converted, its TeX as text (and an error).

    A display formula inside a paragraph is a ``span`` that the stylesheets set as a block
    (a ``div`` may not sit in a ``p``)."""
    tex = tex.strip()
    try:
        mathml = tex_to_mathml(tex, display)
        # What the check accepts, the handout and the cards can draw. (Text the math font
        # has no glyph for is drawn in the book's text faces; the font check finds a face
        # for every character of the book, the formulas' TeX included.)
        mathml_to_svg(mathml)
    except FormulaError as exc:
        scope.formula_errors.append((line, tex, str(exc)))
        return f'<code class="math-error">{html.escape(tex)}</code>'
    if not display:
        return mathml
    if block:
        return f'<div class="math-display">{mathml}</div>\n'
    return f'<span class="math-display">{mathml}</span>'


def _math_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                 env: dict[str, Any]) -> str:
    scope = _scope(env)
    token = tokens[idx]
    return _formula(token.content, token.type == "math_inline_double",
                    _line_of(tokens, idx, scope), scope, block=False)


def _math_block(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                env: dict[str, Any]) -> str:
    token = tokens[idx]
    line = token.map[0] + 1 if token.map else 1
    return _formula(token.content, True, line, _scope(env))


_RULES = {
    "math_inline": _math_inline,
    "math_inline_double": _math_inline,
    "math_block": _math_block,
    "heading_open": _heading_open,
    "heading_close": _heading_close,
    "link_open": _link_open,
    "image": _image,
    "footnote_ref": _footnote_ref,
    "footnote_anchor": _nothing,
    "html_inline": _html_inline,
    "html_block": _html_block,
}
