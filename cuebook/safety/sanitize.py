"""What may come out of a book's Markdown: the link policy and, when a book opts in, its HTML.

Links: ``http``, ``https`` and ``mailto`` addresses and paths inside the book, nothing else.
The scheme is judged the way an attacker would hide it (``JaVaScRiPt:``, ``&#106;avascript:``,
``java%09script:``, leading control characters), so cuebook's own rule decides, not whatever
markdown-it happens to accept.

Raw HTML (``markdown: {raw_html: true}`` in book.yaml) is cut down to a small allow-list of
formatting tags with ``title``, ``lang`` and ``dir`` attributes: no links, images, media,
scripts, styles, forms, ids or classes, so every reference an output makes still comes from
Markdown and is checked. The result is well-formed XHTML, ready for an e-book.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import nh3

from cuebook.safety.sources import without_xml_unsafe

#: Schemes a link may use: they open in the reader's browser or mail program; none is fetched.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers ignore tabs and newlines anywhere in a URL and controls and spaces around it.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\s]+")


def link_scheme(target: str) -> str | None:
    """The scheme of ``target`` once entities, %-escapes and ignored characters are undone."""
    text = target
    for _ in range(4):  # encodings nest (&amp;#106; → &#106; → j); four rounds undo them all
        decoded = unquote(html.unescape(text))
        if decoded == text:
            break
        text = decoded
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", text))
    return match.group(1).lower() if match else None


def refused_link(target: str) -> str | None:
    """Why a link target is not allowed, or ``None`` when it is (a path or an allowed URL)."""
    scheme = link_scheme(target)
    if scheme is not None and scheme not in LINK_SCHEMES:
        allowed = ", ".join(sorted(LINK_SCHEMES))
        return f"the {scheme}: scheme is not allowed (links may use {allowed})"
    if scheme is None and _IGNORED_IN_URL.sub("", target).replace("\\", "/").startswith("//"):
        # "//host/x" takes its scheme from where the output is read: file: in a PDF.
        return "an address starting with // has no scheme; write https://…"
    return None


# Raw HTML -------------------------------------------------------------------------------------

#: The tags a book's own HTML may use: formatting, a few blocks, tables and ruby (for CJK).
USER_TAGS = frozenset({
    "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn",
    "div", "dl", "dt", "em", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp",
    "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
})
#: Elements removed together with their content (the content of others is kept as text).
_DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
    "textarea", "select", "title", "xmp", "noembed", "noframes", "applet", "audio", "video",
})
_USER_ATTRIBUTES = {"*": {"title", "lang", "dir"}, "td": {"colspan", "rowspan"},
                    "th": {"colspan", "rowspan"}, "ol": {"start"}}
#: What cuebook's own renderer writes (cuebook.source.markdown, Pygments, the task-list plugin); the
#: last pass over a fragment that mixes it with a book's HTML must keep it.
_OWN_TAGS = frozenset({"a", "img", "input", "h1", "h2", "h3", "h4", "h5", "h6"})
_OWN_ATTRIBUTES = {
    "a": {"href", "title", "id"}, "img": {"src", "alt", "title"}, "pre": {"class", "data-lang"},
    "span": {"class"}, "sup": {"class"}, "ul": {"class"}, "li": {"class"},
    "input": {"class", "type", "disabled", "checked"}, "td": {"style"}, "th": {"style"},
}
_VOID = ("br", "hr", "img", "input", "wbr")
_NUMBER = re.compile(r"^[0-9]{1,3}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")

_OPEN_TAG = re.compile(
    r"<([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z_:][\w.:-]*"
    r"(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*)\s*/?>\Z")
_CLOSE_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>\Z")
_ATTRIBUTE = re.compile(r"([A-Za-z_:][\w.:-]*)(?:\s*=\s*([^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?")


def _user_value(tag: str, name: str, value: str) -> str | None:
    """An attribute value a book's HTML may keep, or ``None`` to drop the attribute."""
    if name in ("colspan", "rowspan", "start"):
        return value if _NUMBER.match(value) else None
    if name == "dir":
        return value if value in ("ltr", "rtl", "auto") else None
    if name == "lang":
        return value if _LANGUAGE.match(value) else None
    return value if name == "title" else None


def _allowed(tag: str, name: str) -> bool:
    return name in _USER_ATTRIBUTES["*"] or name in _USER_ATTRIBUTES.get(tag, set())


def inline_tag(tag: str) -> str:
    """One inline HTML tag as written in Markdown (``<kbd>``, ``</kbd>``), rewritten from the
    allow-list, or ``""``: comments, declarations and other tags are dropped (the text between
    their opening and closing tags stays, as text; that of ``<script>`` and the like does not)."""
    closing = _CLOSE_TAG.match(tag)
    if closing:
        name = closing.group(1).lower()
        keep = name in USER_TAGS | _DROPPED_WITH_CONTENT and name not in _VOID
        return f"</{name}>" if keep else ""
    opening = _OPEN_TAG.match(tag)
    name = opening.group(1).lower() if opening else ""
    if name in _DROPPED_WITH_CONTENT:
        # Kept bare, so that balance() removes the element with what it holds: the text of
        # an inline <script>…</script> is not for readers either.
        return f"<{name}>"
    if opening is None or name not in USER_TAGS:
        return ""
    kept = []
    for attr in _ATTRIBUTE.finditer(opening.group(2)):
        key, raw = attr.group(1).lower(), attr.group(2) or ""
        raw = raw[1:-1] if raw[:1] in ("'", '"') else raw
        value = _user_value(name, key, without_xml_unsafe(html.unescape(raw)))
        if _allowed(name, key) and value is not None:
            kept.append(f' {key}="{html.escape(value)}"')
    return f"<{name}{''.join(kept)}{' /' if name in _VOID else ''}>"


def hidden_element(tag: str, inside: str | None) -> str | None:
    """Track inline ``<script>``…``</script>`` and the like, whose text readers never see:
    the element now open (``inside``, updated by ``tag``), or ``None``."""
    closing = _CLOSE_TAG.match(tag)
    if closing and closing.group(1).lower() == inside:
        return None
    opening = _OPEN_TAG.match(tag)
    if inside is None and opening and opening.group(1).lower() in _DROPPED_WITH_CONTENT:
        return opening.group(1).lower()
    return inside


def block_html(source: str) -> str:
    """An HTML block as written in Markdown, cut down to the allow-list."""
    return _clean(source, USER_TAGS, _USER_ATTRIBUTES)


def balance(fragment: str) -> str:
    """A fragment mixing cuebook's HTML with a book's (already cut down): tags balanced, so the
    book's ``<b>`` left open cannot swallow what follows, and written as well-formed XHTML."""
    attributes = {tag: _OWN_ATTRIBUTES.get(tag, set()) | _USER_ATTRIBUTES.get(tag, set())
                  for tag in USER_TAGS | _OWN_TAGS}
    attributes["*"] = _USER_ATTRIBUTES["*"]
    return _clean(fragment, USER_TAGS | _OWN_TAGS, attributes)


def text_of(source: str) -> str:
    """The text a reader sees in an HTML block: tags and dropped elements removed."""
    return html.unescape(_clean(source, frozenset(), {}))


def _clean(source: str, tags: frozenset[str], attributes: dict[str, set[str]]) -> str:
    cleaned = nh3.clean(source, tags=set(tags), attributes=attributes,
                        clean_content_tags=set(_DROPPED_WITH_CONTENT), strip_comments=True,
                        link_rel=None, url_schemes=set(LINK_SCHEMES),
                        attribute_filter=_filter, filter_style_properties={"text-align"})
    return to_xhtml(cleaned)


def _filter(tag: str, name: str, value: str) -> str | None:
    if name in _OWN_ATTRIBUTES.get(tag, set()):
        return value
    return _user_value(tag, name, value)


def to_xhtml(markup: str) -> str:
    """HTML as html5ever writes it → XHTML: void elements closed, ``&nbsp;`` numeric, and the
    characters XML cannot hold (a ``&#1;`` the parser decoded) removed."""
    markup = re.sub(rf"<({'|'.join(_VOID)})((?:\s+[\w:-]+=\"[^\"]*\")*)\s*>", r"<\1\2 />",
                    markup)
    return without_xml_unsafe(markup.replace("&nbsp;", "&#160;"))
