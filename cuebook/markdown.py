"""The one Markdown pipeline: markdown-it-py tokens in, :class:`~cuebook.model.Fragment` out.

Every writer gets its HTML from here, so code highlighting, heading levels, links, images and
footnotes look the same in the handout, the e-book and the cards.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_cjk_friendly import cjk_friendly, is_cjk
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .diagnostics import SourceLocation
from .model import Footnote, Fragment, Reference

_FORMATTER = HtmlFormatter(nowrap=True)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def new_parser() -> MarkdownIt:
    """CommonMark plus tables, strikethrough, footnotes, definition lists and task lists.

    Raw HTML is off: it is shown as text. ``cjk_friendly`` lets ``**加粗，**`` close next to
    full-width punctuation and joins soft line breaks between CJK characters without a space.
    """
    md = MarkdownIt("commonmark", {"html": False, "highlight": _highlight})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)
    md.use(tasklists_plugin).use(cjk_friendly)
    for rule, func in _RULES.items():
        md.add_render_rule(rule, func)
    return md


def _highlight(code: str, lang: str, attrs: str) -> str:
    name = (lang or "").strip().lower()
    try:
        body = highlight(code, get_lexer_by_name(name), _FORMATTER) if name else ""
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


def render(md: MarkdownIt, tokens: Sequence[Token], scope: RenderScope) -> Fragment:
    scope.references = []
    scope.footnote_refs = []
    env: dict[str, Any] = {"scope": scope}
    _mark_lines(tokens)
    body = md.renderer.render(list(tokens), md.options, env)
    notes: dict[int, Footnote] = {}
    for note_id, ref_anchor in scope.footnote_refs:
        if note_id not in notes and note_id in scope.footnotes:
            notes[note_id] = Footnote(footnote_anchor(scope.chapter, note_id), ref_anchor,
                                      note_id + 1, scope.footnotes[note_id][1])
    return Fragment(body, plain_text(tokens), tuple(notes.values()), tuple(scope.references))


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
        elif token.nesting == -1 and token.block:
            out.append("\n")
    return re.sub(r"\n{2,}", "\n", "".join(out)).strip("\n")


def inline_text(children: Sequence[Token]) -> str:
    out: list[str] = []
    for i, child in enumerate(children):
        if child.type in ("text", "code_inline"):
            out.append(child.content)
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
    token = tokens[idx]
    level = min(6, int(token.tag[1]) + _scope(env).heading_shift)
    return f"<h{level}>"


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                   env: dict[str, Any]) -> str:
    level = min(6, int(tokens[idx].tag[1]) + _scope(env).heading_shift)
    return f"</h{level}>\n"


def resolve_target(target: str, scope: RenderScope, kind: Literal["link", "image"],
                   line: int) -> tuple[str, Reference | None]:
    """Map a link or image target to what the output uses, recording local references."""
    location = SourceLocation(scope.display, line)
    if _SCHEME_RE.match(target) or target.startswith("//"):
        return target, Reference(kind, target, location)
    parts = urlsplit(target)
    fragment = unquote(parts.fragment)
    if not parts.path:
        anchor = scope.anchors.get(fragment, scope.anchors.get(slugify(fragment), fragment))
        return f"#{anchor}", Reference(kind, f"#{anchor}", location)
    local = (scope.source_dir / unquote(parts.path)).resolve()
    if kind == "link" and local.suffix.lower() == ".md":
        anchor = scope.anchors.get(fragment, scope.anchors.get(slugify(fragment), fragment))
        ref = Reference(kind, target, location, local, anchor if fragment else "")
        # A link to a whole file goes to its first chapter (registered under its path).
        return f"#{anchor if fragment else scope.anchors.get(str(local), '')}", ref
    ref = Reference(kind, target, location, local, fragment)
    try:
        return local.relative_to(scope.book_root).as_posix(), ref
    except ValueError:
        return target, ref


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
    return f'<a href="{html.escape(href)}"{title_attr}>'


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any,
           env: dict[str, Any]) -> str:
    scope = _scope(env)
    token = tokens[idx]
    src, ref = resolve_target(str(token.attrGet("src") or ""), scope, "image",
                              _line_of(tokens, idx, scope))
    if ref:
        scope.references.append(ref)
    alt = inline_text(token.children or [])
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


_RULES = {
    "heading_open": _heading_open,
    "heading_close": _heading_close,
    "link_open": _link_open,
    "image": _image,
    "footnote_ref": _footnote_ref,
    "footnote_anchor": _nothing,
}
