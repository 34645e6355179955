"""CSS from a book: every address in its stylesheets checked, and values safe to put in CSS.

A book may bring ``styles/handout.css`` (and ``epub.css``…), loaded after cuebook's own. A
stylesheet can ask for other files: ``@import``, ``url(…)``, ``image-set("…")``. Each is
found here with tinycss2 (the tokenizer WeasyPrint uses, so ``\\75 rl(…)`` is a URL here too)
and must name a file inside the book, or be a ``data:`` image. WeasyPrint's fetcher
(cuebook.render.weasy) enforces the same rule again for whatever this misses.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import tinycss2  # type: ignore[import-untyped,unused-ignore]

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.safety.limits import MAX_STYLESHEET_BYTES
from cuebook.safety.sanitize import link_scheme
from cuebook.safety.sources import display_path, read_text

#: ``data:`` URLs a stylesheet (or WeasyPrint) may use: raster images, nothing that can refer on.
DATA_IMAGE = re.compile(r"^\s*data:\s*image/(png|jpeg|gif|webp)\s*[;,]", re.I)
_URL_FUNCTIONS = ("url", "src")
_SET_FUNCTIONS = ("image-set", "-webkit-image-set")


@dataclass(frozen=True)
class CssUrl:
    url: str  # as written, escapes decoded
    line: int
    col: int


def stylesheet_urls(text: str) -> list[CssUrl]:
    """Every address a stylesheet may fetch, in order, with its place."""
    found: list[CssUrl] = []
    previous: Any = None
    for token in _tokens(tinycss2.parse_component_value_list(text)):
        if token.type == "url":
            found.append(CssUrl(token.value, token.source_line, token.source_column))
        elif token.type == "function" and token.lower_name in _URL_FUNCTIONS + _SET_FUNCTIONS:
            found.extend(CssUrl(a.value, a.source_line, a.source_column)
                         for a in token.arguments if a.type == "string")
        elif token.type == "string" and previous is not None and \
                previous.type == "at-keyword" and previous.lower_value == "import":
            found.append(CssUrl(token.value, token.source_line, token.source_column))
        if token.type not in ("whitespace", "comment"):
            previous = token
    return found


def _tokens(values: list[Any]) -> Iterator[Any]:
    """All tokens, depth first, without recursion: ``((((…`` a million deep is one loop."""
    stack = [iter(values)]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        yield token
        inner = token.arguments if token.type == "function" else getattr(token, "content", None)
        if isinstance(inner, list):
            stack.append(iter(inner))


def check_stylesheets(root: Path, diags: Diagnostics) -> None:
    """Check every ``.css`` file in the book folder."""
    for path in _css_files(root):
        source = read_text(path, diags, limit=MAX_STYLESHEET_BYTES)
        if source is None:
            continue
        for item in stylesheet_urls(source.text):
            problem = url_problem(item.url, path.parent, root)
            if problem is not None:
                code, message = problem
                diags.error(SourceLocation(source.display, item.line, item.col), message, code)


def _css_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        found.extend(Path(folder, f) for f in sorted(files) if f.lower().endswith(".css"))
    return found


def url_problem(url: str, folder: Path, root: Path) -> tuple[str, str] | None:
    """(code, message) if a stylesheet in ``folder`` may not use ``url``, else ``None``."""
    shown = url if len(url) <= 80 else url[:77] + "…"
    if DATA_IMAGE.match(url):
        return None
    if link_scheme(url) is not None or url.strip().replace("\\", "/").startswith("//"):
        return "css.remote", (f"stylesheet refers to '{shown}': only files in the book and "
                              "data: images (PNG, JPEG, GIF, WebP) may be used")
    path = unquote(urlsplit(url.strip()).path)
    if not path:
        return None  # "#id" or an empty url(): refers to nothing to fetch
    try:
        local = (folder / path).resolve()
    except (OSError, ValueError, RuntimeError):
        return "css.missing", f"stylesheet refers to '{shown}', which is not a usable file name"
    if not local.is_relative_to(root):
        return "css.outside-book", f"stylesheet refers to '{shown}', outside the book folder"
    if not local.is_file():
        return "css.missing", f"stylesheet refers to '{shown}': no such file in the book"
    return None


def where_referenced(url: str, stylesheets: list[Path]) -> SourceLocation | None:
    """The place in ``stylesheets`` that asks for ``url`` (an absolute URL, as WeasyPrint
    fetches it), for a located error when the fetcher refuses it."""
    for sheet in stylesheets:
        try:
            text = sheet.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for item in stylesheet_urls(text):
            if _same(item.url, url, sheet.parent):
                return SourceLocation(display_path(sheet), item.line, item.col)
    return None


def _same(written: str, fetched: str, folder: Path) -> bool:
    if written.strip() == fetched.strip():
        return True
    if not fetched.lower().startswith("file:") or link_scheme(written) is not None:
        return False
    try:
        mine = (folder / unquote(urlsplit(written.strip()).path)).resolve()
        theirs = Path(unquote(urlsplit(fetched).path)).resolve()
    except (OSError, ValueError, RuntimeError):
        return False
    return mine == theirs


# Values from book.yaml that a writer puts into CSS --------------------------------------------

_COLOR = re.compile(r"^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]{3,20})$")
_FAMILY = re.compile(r"^[\w][\w \-.]{0,62}$")
_LENGTH = re.compile(r"^(0|[0-9]{1,4}(\.[0-9]{1,3})?(mm|cm|in|pt|pc|px|em|rem|%))$")


def css_color(value: str) -> str | None:
    """A colour a writer may put into CSS as is (``#1a2b3c``, ``navy``), else ``None``.

    Anything else (``red; } body { background: url(http://…) }``) could end the declaration
    and start rules of its own.
    """
    value = value.strip()
    return value if _COLOR.match(value) else None


def css_font_family(value: str) -> str | None:
    """A font family name, quoted for CSS, or ``None``: letters, digits, spaces, ``-``, ``.``."""
    value = value.strip()
    return f'"{value}"' if _FAMILY.match(value) else None


def css_length(value: str) -> str | None:
    """A length such as ``12pt`` or ``3.5mm``, or ``None``."""
    value = value.strip()
    return value if _LENGTH.match(value) else None
