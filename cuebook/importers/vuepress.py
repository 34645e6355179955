"""VuePress and VitePress docs folders: no index names the pages, the folder does. Each
``.md`` file is a page (``README.md`` or ``index.md`` a folder's index, first in it); a page's
YAML front matter gives its title, its place (``order:``, then the file name) and its tags
(``tag:``, ``category:``). The front matter of any notes page is read here too: a page of a
docsify or MkDocs site may have one, which would otherwise be printed as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers.scan import atx_heading, code_lines
from cuebook.importers.source import ImportRefused, decode, read_bytes
from cuebook.importers.text import line_list, plain_text
from cuebook.safety.limits import MAX_BOOK_FILES, MAX_CONFIG_BYTES, MAX_SOURCE_BYTES
from cuebook.safety.safeyaml import YamlProblem, parse_yaml

CONFIG_FOLDERS = (".vuepress", ".vitepress")
_INDEX_PAGES = ("readme.md", "index.md")
#: The front matter keys a page's chapter takes; any other is named as left out.
_READ = frozenset({"title", "tag", "tags", "category", "categories", "order"})
#: ``title: 'Java Notes'`` in .vuepress/config.js or .vitepress/config.mts.
_CONFIG_TITLE = re.compile(r"""^\s*title\s*:\s*(['"`])([^'"`\n]{1,200})\1""", re.M)
_CLOSING = re.compile(r"^(---|\.\.\.)[ \t]*$")
_SKIPPED = ("node_modules", "public")
#: Folders inside folders: a docs site nests three or four; past this the walk stops (Python's
#: own recursion would end some hundreds deeper, with a traceback).
_MAX_DEPTH = 32
#: Pages and folders met in the walk (each read for its order) before the folder is refused.
_MAX_FOUND = 2 * MAX_BOOK_FILES


@dataclass(frozen=True)
class FrontMatter:
    """What a page's front matter says, and the lines it takes (1-based, inclusive; 0 and 0
    when it has none)."""

    title: str = ""
    order: float | None = None
    tags: tuple[str, ...] = ()
    first: int = 0
    last: int = 0
    broken: bool = False  # not plain YAML: kept as a code block


def docs_root(source: Path) -> Path | None:
    """The docs folder of a VuePress or VitePress site: SOURCE or its docs/ or src/ when it
    holds ``.vuepress/`` or ``.vitepress/``, or (a site without its config) a home page with
    front matter beside other pages with front matter."""
    if not source.is_dir():
        return None
    folders = (source, source / "docs", source / "src")
    for folder in folders:
        if any((folder / name).is_dir() for name in CONFIG_FOLDERS):
            return folder
    return next((f for f in folders if f.is_dir() and _pages_with_front_matter(f)), None)


def _pages_with_front_matter(folder: Path) -> bool:
    """Whether the folder's home page (README.md, index.md) and another page in it or a
    folder below it start with front matter (``---``): a question-bank README has none."""
    def front(page: Path) -> bool:
        try:
            with page.open("rb") as handle:
                return handle.readline(16).rstrip() == b"---"
        except OSError:
            return False

    home = [folder / n for n in ("README.md", "index.md") if (folder / n).is_file()]
    if not any(front(p) for p in home):
        return False
    others = (p for pattern in ("*.md", "*/*.md") for p in folder.glob(pattern)
              if p not in home and p.is_file() and not p.is_symlink())
    return any(front(p) for _, p in zip(range(200), others, strict=False))


def site_title(root: Path) -> str:
    """The ``title`` of the site's config (``.vuepress/config.js``, ``.vitepress/config.ts``
    …), else ""."""
    for folder in CONFIG_FOLDERS:
        for config in sorted((root / folder).glob("config.*")):
            try:
                if not config.is_file() or config.stat().st_size > MAX_CONFIG_BYTES:
                    continue
                text = config.read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            found = _CONFIG_TITLE.search(text)
            if found and found.group(2).strip():
                return found.group(2).strip()
    return ""


def folder_pages(root: Path, diags: Diagnostics) -> list[tuple[Path, FrontMatter, str]]:
    """Every page under ``root`` (dot folders, ``node_modules`` and ``public`` aside), in the
    site's order, each with its front matter and its text."""
    pages: list[tuple[Path, FrontMatter, str]] = []
    seen = 0  # pages and folders met, each read once for its order

    def walk(folder: Path, depth: int) -> None:
        if depth > _MAX_DEPTH:
            diags.warning(SourceLocation(str(folder)), f"a folder {_MAX_DEPTH} folders deep: "
                          "its pages are left out", "import.page-missing")
            return
        nonlocal seen
        entries = []
        for child in folder.iterdir():
            if child.name.startswith(".") or child.name in _SKIPPED or child.is_symlink():
                continue
            folder_or_page = child.is_dir() or (child.suffix.lower() == ".md" and child.is_file())
            seen += folder_or_page
            if seen > _MAX_FOUND:
                diags.error(SourceLocation(str(root)), f"more than {_MAX_FOUND:,} pages and "
                            f"folders (a book holds {MAX_BOOK_FILES:,} files)", "import.too-many")
                raise ImportRefused
            if child.is_dir():
                index = next((c for c in child.iterdir()
                              if c.name.lower() in _INDEX_PAGES and c.is_file()), None)
                entries.append((_order_of(index, diags), child.name.casefold(), child))
            elif folder_or_page:
                first = child.name.lower() in _INDEX_PAGES
                entries.append((None if first else _order_of(child, diags),
                                "" if first else child.name.casefold(), child))
        for _, _, child in sorted(entries, key=_place):
            if len(pages) >= MAX_BOOK_FILES and not child.is_dir():
                diags.error(SourceLocation(str(child)), f"more than {MAX_BOOK_FILES:,} pages: "
                            "more than a book holds", "import.too-many")
                raise ImportRefused
            if child.is_dir():
                walk(child, depth + 1)
            else:
                text = _text(child, diags)
                # (Its problems are said when the page is read into its chapter.)
                pages.append((child, read_front_matter(child, text, Diagnostics()), text))

    try:
        walk(root, 0)
    except OSError as exc:  # a folder without the permission to list it …
        diags.error(SourceLocation(str(exc.filename or root)),
                    f"cannot read the folder: {exc.strerror or exc}", "import.unreadable")
        raise ImportRefused from exc
    return pages


def _place(entry: tuple[float | None, str, Path]) -> tuple[int, float, str]:
    """A folder's index first, then pages with an ``order`` by it, then the rest by name."""
    order, name, _ = entry
    if not name:
        return (0, 0, "")
    return (1, order, name) if order is not None else (2, 0, name)


def _order_of(page: Path | None, diags: Diagnostics) -> float | None:
    """The page's ``order:`` (read again, and its problems said, when it is imported)."""
    if page is None:
        return None
    try:
        return read_front_matter(page, _text(page, Diagnostics()), Diagnostics()).order
    except ImportRefused:
        return None


def _text(page: Path, diags: Diagnostics) -> str:
    where = SourceLocation(str(page))
    return decode(read_bytes(page, MAX_SOURCE_BYTES, diags), where, diags).replace("\r\n", "\n")


def read_front_matter(page: Path, text: str, diags: Diagnostics) -> FrontMatter:
    """The page's front matter (``---`` … ``---`` on its first lines), if it has one; keys the
    book has no place for are named in a located ``import.dropped`` warning."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter()
    end = next((n for n in range(1, len(lines)) if _CLOSING.match(lines[n])), None)
    if end is None:
        return FrontMatter()
    try:
        _, data = parse_yaml("\n".join(lines[1:end]), "front matter", _READ)
    except YamlProblem as exc:
        diags.warning(SourceLocation(str(page), 1 + exc.line),
                      f"front matter cannot be read ({exc.message}): kept as a code block",
                      "import.front-matter")
        return FrontMatter(first=1, last=end + 1, broken=True)
    if not isinstance(data, dict):
        return FrontMatter(first=1, last=end + 1)
    _name_unread(page, lines[1:end], diags)
    title = data.get("title")
    order = data.get("order")
    return FrontMatter(
        title=plain_text(str(title)).strip() if isinstance(title, (str, int, float)) else "",
        order=float(order) if isinstance(order, (int, float)) and not isinstance(order, bool)
        else None,
        tags=_tags(data), first=1, last=end + 1)


def _tags(data: dict[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    for key in ("category", "categories", "tag", "tags"):
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and \
                    str(item).strip():
                found.append(plain_text(str(item)).strip())
    return tuple(dict.fromkeys(found))


def _name_unread(page: Path, lines: list[str], diags: Diagnostics) -> None:
    """One warning naming the lines of the keys the book has no place for (``date:``,
    ``icon:``, a home page's ``features:`` …), each with the indented lines below it."""
    unread, keeping = [], False
    for number, line in enumerate(lines, 2):
        if line[:1].strip() and not line.startswith("#"):
            keeping = line.split(":", 1)[0].strip() not in _READ
        if keeping and line.strip():
            unread.append(number)
    if unread:
        diags.warning(SourceLocation(str(page), unread[0]),
                      f"left out: front matter the book has no place for ({line_list(unread)})",
                      "import.dropped")


def without_front_matter(text: str, front: FrontMatter) -> str:
    """The text with its front matter's lines blanked (not removed: diagnostics count
    lines); front matter that is not plain YAML stays, as a code block."""
    if not front.last:
        return text
    lines = text.split("\n")
    if front.broken:
        fence = "`" * max(3, 1 + max(len(x) - len(x.lstrip("`")) for x in lines[:front.last]))
        lines[front.first - 1], lines[front.last - 1] = f"{fence}yaml", fence
        return "\n".join(lines)
    for n in range(front.first - 1, front.last):
        lines[n] = ""
    return "\n".join(lines)


def tag_questions(text: str, tags: tuple[str, ...]) -> str:
    """The page with ``{tags="…"}`` after each heading of its most used level below the
    title (the level its questions are likely at), outside code; a heading that already
    ends in ``}`` is left alone."""
    names = [re.sub(r'[",，\s{}]+', "_", t).strip("_") for t in tags]
    shown = ", ".join(n for n in names if n)
    if not shown:
        return text
    lines = text.split("\n")
    headings = {n: h for n, (x, code) in enumerate(zip(lines, code_lines(lines), strict=True))
                if not code and (h := atx_heading(x)) is not None and not h.prefix.strip()
                and len(h.hashes) > 1}
    levels = [len(h.hashes) for h in headings.values()]
    if not levels:
        return text
    level = max(set(levels), key=lambda lv: (levels.count(lv), -lv))
    for n, heading in headings.items():
        if len(heading.hashes) == level and not lines[n].rstrip().endswith("}"):
            lines[n] = f'{lines[n].rstrip()} {{tags="{shown}"}}'
    return "\n".join(lines)
