"""Note HTML -> Markdown: cut down to formatting by nh3 (the sanitizer cuebook already uses),
then converted by markdownify, with images relinked to carried media and nothing fetched.

A deck's HTML is a stranger's: ``<script>``, ``on…=`` handlers, ``javascript:`` links, remote
images and CSS are dropped, each kind reported once per note, so the person importing knows
what did not come along. The Markdown is then read by cuebook with raw HTML off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import nh3
from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers.text import guard_markdown, plain_to_markdown
from cuebook.safety.limits import MAX_HTML_DEPTH

_KEPT_TAGS = {"a", "b", "strong", "i", "em", "u", "s", "strike", "del", "code", "pre", "p",
              "br", "div", "span", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td",
              "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "sub", "sup", "img",
              "hr", "kbd", "dl", "dt", "dd"}
_ACTIVE_TAGS = ("script", "style", "iframe", "object", "embed", "link", "meta", "base",
                "form", "frame", "frameset", "svg", "math", "template", "audio", "video")
_WEB = re.compile(r"^(https?:|mailto:)", re.I)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.I)
_SUSPECT = re.compile(r"<\s*/?\s*(?:" + "|".join(_ACTIVE_TAGS) + r")\b|\bon[a-z]+\s*=|"
                      r"\bstyle\s*=|\bhref\s*=", re.I)
_LANGUAGE = re.compile(r"^[\w+#.-]{1,30}$")
_SOUND = re.compile(r"\[sound:[^\]]*\]")

#: Gives the Markdown path of a media file named in the note, or None when it is not carried.
MediaLookup = Callable[[str], "str | None"]


def html_to_markdown(html: str, where: SourceLocation, diags: Diagnostics,
                     media: MediaLookup) -> str:
    """One field's HTML as Markdown; what was dropped is reported at ``where``."""
    if _depth(html) > MAX_HTML_DEPTH:
        raise HtmlTooDeep(where)
    _report_dropped(html, where, diags)
    if _SOUND.search(html):
        diags.warning(where, "sound ([sound:…]) is not carried into a book", "import.sound")
        html = _SOUND.sub("", html)
    cleaned = nh3.clean(html, tags=_KEPT_TAGS, clean_content_tags=set(_ACTIVE_TAGS) - {"link",
                        "meta", "base", "frame", "frameset"},
                        attributes={"a": {"href"}, "img": {"src", "alt"},
                                    "pre": {"class", "data-lang"}, "code": {"class"}},
                        url_schemes={"http", "https", "mailto"}, link_rel=None,
                        strip_comments=True)
    converter = _Converter(where=where, diags=diags, media=media)
    return guard_markdown(converter.convert(cleaned))


class HtmlTooDeep(ValueError):
    """A field whose elements nest past :data:`MAX_HTML_DEPTH`: the sanitizer slows down
    with depth and the converter recurses once per level (500 KB of ``<div>`` took 40 s to
    fail with RecursionError)."""


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>")  # no "<" inside: one pass
#: Elements that hold nothing, and those an HTML parser closes by itself when the next one
#: opens (``<p>`` or ``<li>`` left open): neither adds depth, whatever the markup says.
_FLAT = {"br", "img", "hr", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option"}


def _depth(html: str) -> int:
    """How deep the elements of a field nest at most, in one pass over its tags."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _FLAT or match.group(0).endswith("/>"):
            continue
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


def _report_dropped(html: str, where: SourceLocation, diags: Diagnostics) -> None:
    # Parsing every field twice doubled an import's time; a field with none of these strings
    # has nothing to report (nh3 cleans every field whatever this finds).
    if not _SUSPECT.search(html):
        return
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    tags = sorted({t.name for t in soup.find_all(_ACTIVE_TAGS) if isinstance(t, Tag)})
    found += [f"<{name}>" for name in tags]
    elements = [t for t in soup.find_all(True) if isinstance(t, Tag)]
    if any(a.startswith("on") for t in elements for a in t.attrs):
        found.append("event handlers (on…=)")
    if any("style" in t.attrs for t in elements):
        found.append("style attributes")
    hrefs = [str(t.get("href", "")) for t in elements if t.name == "a"]
    if any(_SCHEME.match(h) and not _WEB.match(h) for h in hrefs):
        found.append("links that are not http, https or mailto")
    if found:
        diags.warning(where, f"removed from the note's HTML: {', '.join(found)}",
                      "import.html-removed")


def _code_language(el: Tag) -> str | None:
    """The language of a ``<pre>``: cuebook's own decks (and most renderers) mark it as
    ``class="language-python"`` on the ``<code>`` inside or on the ``<pre>`` itself."""
    names = [str(el.get("data-lang") or "")]
    for node in (el, el.find("code")):
        if isinstance(node, Tag):
            names += [n[9:] for n in node.get_attribute_list("class")
                      if n and n.startswith("language-")]
    return next((n for n in names if _LANGUAGE.match(n)), None)


def _stem(path: str) -> str:
    return re.sub(r"[_-]+", " ", path.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip() or "image"


class _Converter(MarkdownConverter):
    """markdownify with cuebook's rules: headings become bold text (a field's ``<h1>`` must
    not open a chapter), images are relinked or become their alt text, only web links stay."""

    def __init__(self, *, where: SourceLocation, diags: Diagnostics, media: MediaLookup,
                 **options: Any) -> None:
        super().__init__(heading_style="atx", bullets="-", escape_misc=False,
                         code_language_callback=_code_language, **options)
        self.where, self.diags, self.media = where, diags, media

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:  # noqa: N802
        text = text.strip()
        return f"\n\n**{text}**\n\n" if text else ""

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src, alt = str(el.get("src") or ""), str(el.get("alt") or "")
        alt_md = plain_to_markdown(alt).replace("\\\n", " ")
        if not src:
            return alt_md
        if _SCHEME.match(src):
            self.diags.warning(self.where, f"image '{src[:80]}' is on the web: not fetched, its "
                               "alt text is kept", "import.remote-image")
            return alt_md
        path = self.media(src)
        if path is None:
            return alt_md
        # Screen readers (and WeasyPrint's PDF/UA check) need words: the file's name, if the
        # note gave none.
        alt_md = alt_md or plain_to_markdown(_stem(path))
        return f"![{alt_md}]({path})"

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "")
        if not _WEB.match(href) or not text.strip():
            return text
        return f"[{text}](<{href}>)" if " " in href else f"[{text}]({href})"
