"""Notes sites: docsify (``_sidebar.md``), mdBook (``SUMMARY.md``) and MkDocs (``nav`` in
``mkdocs.yml``) name the pages in order, with their titles. Each page becomes a chapter under
that title (a later ``# heading`` in a page starts a chapter of its own), its Markdown kept;
images are carried and links between pages relinked, and cuebook reads the headings as it
reads any unlabelled book. A VuePress or VitePress folder has no index: its pages are found
and ordered by :mod:`vuepress`.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers import vuepress
from cuebook.importers.bookdir import file_names
from cuebook.importers.media import MediaBox
from cuebook.importers.model import ImportedBook, ImportedChapter
from cuebook.importers.relink import relink
from cuebook.importers.scan import code_lines, links
from cuebook.importers.source import ImportRefused, decode, read_bytes
from cuebook.importers.text import (
    clean_controls,
    emoji_shortcodes,
    line_list,
    plain_text,
    plain_to_markdown,
)
from cuebook.safety.limits import MAX_BOOK_FILES, MAX_CONFIG_BYTES, MAX_SOURCE_BYTES
from cuebook.safety.safeyaml import YamlProblem, parse_yaml

_INDEXES = ("_sidebar.md", "SUMMARY.md", "mkdocs.yml", "mkdocs.yaml")
#: What may come before a page's link in an index: a list item's marker, or (mdBook's prefix
#: and suffix chapters) nothing.
_ITEM = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)])\s+)?$")
#: A list item of text alone: a group title in a docsify sidebar (``- Getting started``).
_GROUP = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?P<text>[^\[\s].*)$")
_HEADING = re.compile(r"^(#{1,6})(\s+.*)$")


@dataclass(frozen=True)
class Page:
    title: str
    path: Path
    where: SourceLocation  # the index line that names it
    text: str | None = None  # the page's text, when it was read to find its title


def read_site(source: Path, diags: Diagnostics) -> ImportedBook:
    index = site_index(source)
    if index is None:
        folder = vuepress.docs_root(source) or (source if source.is_dir() else None)
        if folder is not None and any(folder.glob("*.md")):
            return _read_folder(folder, source, diags)
        diags.error(SourceLocation(str(source)), "no _sidebar.md, SUMMARY.md, mkdocs.yml, "
                    ".vuepress/ or .vitepress/, and no Markdown page", "import.empty")
        raise ImportRefused
    pages = _mkdocs_pages(index, diags) if index.suffix in (".yml", ".yaml") else \
        _list_pages(index, diags)
    if not pages:
        diags.error(SourceLocation(str(index)), "the index names no Markdown page",
                    "import.empty")
        raise ImportRefused
    root = index.parent if index.suffix == ".md" else _docs_dir(index, diags)
    names = dict(zip((p.path for p in pages), file_names([p.title for p in pages]),
                     strict=True))
    media = MediaBox()
    chapters = tuple(ImportedChapter(emoji_shortcodes(p.title),
                                     body=_page(p, root, names, media, diags)) for p in pages)
    return ImportedBook(emoji_shortcodes(_site_title(index, source, pages)), chapters,
                        media.files, heading_level=0, raw_html=True)


def _read_folder(root: Path, source: Path, diags: Diagnostics) -> ImportedBook:
    """A VuePress or VitePress docs folder (or any folder of pages): every page, in the order
    of its front matter's ``order`` then its name, titled by its front matter's ``title``, its
    ``# heading`` or its name."""
    found = vuepress.folder_pages(root, diags)
    home = next((path for path, _, _ in found if path.parent == root), None)
    title = vuepress.site_title(root)
    pages = []
    for path, front, text in found:
        own = front.title or _first_title(vuepress.without_front_matter(text, front)) or \
            (path.parent.name if path.stem.lower() in ("readme", "index") else path.stem)
        pages.append(Page(own.replace("-", " ") if own == path.stem else own, path,
                          SourceLocation(str(path)), text))
    if not title and home is not None:
        title = next(p.title for p in pages if p.path == home)
    names = dict(zip((p.path for p in pages), file_names([p.title for p in pages]),
                     strict=True))
    media = MediaBox()
    chapters = tuple(ImportedChapter(emoji_shortcodes(p.title),
                                     body=_page(p, root, names, media, diags)) for p in pages)
    return ImportedBook(emoji_shortcodes(title or _site_title(root, source, [])), chapters,
                        media.files, heading_level=0, raw_html=True)


def _first_title(text: str) -> str:
    """The text of the page's first heading, if it is a ``# title``."""
    lines = text.split("\n")
    first = min(_headings(lines).items(), default=None)
    return plain_text(first[1].group(2)).strip() if first and len(first[1].group(1)) == 1 \
        else ""


def site_index(source: Path) -> Path | None:
    """The index of a site: the file itself, or one in the folder, its docs/ or src/."""
    if source.is_file():
        return source
    for folder in (source, source / "docs", source / "src"):
        for name in _INDEXES:
            if (folder / name).is_file():
                return folder / name
    return None


def _list_pages(index: Path, diags: Diagnostics) -> list[Page]:
    text = decode(read_bytes(index, MAX_CONFIG_BYTES, diags), SourceLocation(str(index)), diags)
    pages: list[Page] = []
    seen: set[Path] = set()
    groups: list[int] = []
    web: list[int] = []
    started = False  # whether a line with text came before
    lines = text.splitlines()
    for number, (line, code) in enumerate(zip(lines, code_lines(lines), strict=True), 1):
        # docsify's entries may have a tooltip (``[t](/a.md "tip")``), a target in angle
        # brackets with spaces (``[t](</a b/p.md>)``) or parentheses (``[t](jvm-(gc).md)``).
        link = None if code else next(links(line, image=False), None)
        if link is None or not _ITEM.match(line[:link.start]) or not link.text.strip():
            # A group title: docsify's "- Java", mdBook's "# Part I" (not its "# Summary").
            heading = _HEADING.match(line) is not None and started
            if not code and "](" not in line and (_GROUP.match(line) or heading):
                groups.append(number)
            started = started or bool(line.strip())
            continue
        started = True
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", link.target, re.I):
            web.append(number)  # a link off the site (its repository, a chat room)
            continue
        where = SourceLocation(str(index), number)
        path = _page_path(index.parent, link.target, where, diags)
        if path is None or path in seen:
            continue
        if len(pages) >= MAX_BOOK_FILES:
            diags.error(where, f"more than {MAX_BOOK_FILES:,} pages in the index: more than a "
                        "book holds (import a part of the site: its folder)", "import.too-many")
            raise ImportRefused
        seen.add(path)
        pages.append(Page(plain_text(link.text), path, where))
    if groups and pages:
        diags.warning(SourceLocation(str(index), groups[0]),
                      "left out: the index's group titles, each page being a chapter under "
                      f"its own title ({line_list(groups)})", "import.dropped")
    if web and pages:
        diags.warning(SourceLocation(str(index), web[0]),
                      f"left out: the index's links off the site ({line_list(web)})",
                      "import.dropped")
    return pages


def _page_path(root: Path, target: str, where: SourceLocation, diags: Diagnostics) -> Path | None:
    page = urllib.parse.unquote(target.split("#", 1)[0].split("?", 1)[0])  # docsify's ?id=
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", page, re.I) or not page:
        return None
    # docsify's "/" is the site's home page; a leading "/" means the site's root.
    path = (root / (page.lstrip("/") or "README.md")).resolve()
    if path.is_dir() or not page.endswith((".md", ".markdown")):
        path = path / "README.md" if path.is_dir() else path.with_suffix(".md")
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        diags.warning(where, f"page '{target}' is missing or outside the site: left out",
                      "import.page-missing")
        return None
    return path


def _mkdocs_pages(index: Path, diags: Diagnostics) -> list[Page]:
    config = _mkdocs_config(index, diags)
    root = _docs_dir(index, diags)
    pages: list[Page] = []
    where = SourceLocation(str(index))

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):
                add(Path(item).stem.replace("-", " "), item)
            elif isinstance(item, dict):
                for title, value in item.items():
                    walk(value) if isinstance(value, list) else add(str(title), str(value))

    def add(title: str, target: str) -> None:
        path = _page_path(root, target, where, diags)
        if path is not None and all(p.path != path for p in pages):
            pages.append(Page(title, path, where))

    walk(config.get("nav"))
    return pages


def _mkdocs_config(index: Path, diags: Diagnostics) -> dict[str, Any]:
    text = decode(read_bytes(index, MAX_CONFIG_BYTES, diags), SourceLocation(str(index)), diags)
    # Only the keys read here: the rest of a real mkdocs.yml holds tags such as
    # !!python/name:… for Markdown extensions, which are never constructed.
    kept = "\n".join(_top_level_keys(text, ("site_name", "docs_dir", "nav")))
    try:
        _, data = parse_yaml(kept, index.name)
    except YamlProblem as exc:
        diags.error(SourceLocation(str(index), exc.line, exc.col), exc.message,
                    "import.index")
        raise ImportRefused from exc
    return data if isinstance(data, dict) else {}


def _top_level_keys(text: str, keys: tuple[str, ...]) -> list[str]:
    """The lines of the named top-level keys (each with its indented block), and no other."""
    kept, keeping = [], False
    for line in text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            keeping = line.split(":", 1)[0].strip() in keys
        if keeping:
            kept.append(line)
    return kept


def _docs_dir(index: Path, diags: Diagnostics) -> Path:
    docs = str(_mkdocs_config(index, Diagnostics()).get("docs_dir", "docs"))
    path = (index.parent / docs).resolve()
    return path if path.is_relative_to(index.parent.resolve()) else index.parent / "docs"


def _page(page: Page, root: Path, names: dict[Path, str], media: MediaBox,
          diags: Diagnostics) -> str:
    display = SourceLocation(str(page.path))
    text = page.text if page.text is not None else \
        decode(read_bytes(page.path, MAX_SOURCE_BYTES, diags), display, diags)
    text = clean_controls(text.replace("\r\n", "\n"))
    front = vuepress.read_front_matter(page.path, text, diags)
    text = vuepress.without_front_matter(text, front)
    text = vuepress.tag_questions(_without_title(text, page.title), front.tags)
    text = emoji_shortcodes(text)
    return relink(text, lambda offset: SourceLocation(str(page.path),
                                                      text.count("\n", 0, offset) + 1),
                  base=page.path.parent, root=root, media=media, anchors={}, files=names,
                  diags=diags)


def _without_title(text: str, title: str) -> str:
    """The page without its own ``# title``: the chapter heading takes the index's title. A
    page title other than the index's stays as bold text at the top of the chapter."""
    lines = text.split("\n")
    headings = _headings(lines)
    first = min(headings, default=-1)
    if first >= 0 and len(headings[first].group(1)) == 1:
        own = plain_text(headings[first].group(2)).strip()
        # Blanked, not removed: diagnostics count lines.
        lines[first] = "" if own.casefold() == title.strip().casefold() or not own \
            else f"**{plain_to_markdown(own)}**"
    # A later "# Part" stays a chapter of its own: moved one level down it would leave the
    # page's "## questions" before it a level below the chapter, which cuebook refuses.
    return "\n".join(lines)


def _headings(lines: list[str]) -> dict[int, re.Match[str]]:
    """Line index -> the ATX heading on it, outside code fences (``# x`` in a shell block is a
    comment)."""
    found = {}
    for number, (line, code) in enumerate(zip(lines, code_lines(lines), strict=True)):
        if not code and (heading := _HEADING.match(line)):
            found[number] = heading
    return found


def _site_title(index: Path, source: Path, pages: list[Page]) -> str:
    """The site's name: mkdocs.yml's ``site_name``, docsify's ``name`` in its index.html,
    the ``# title`` of the home page (README.md beside the index), else the folder's name."""
    if index.suffix in (".yml", ".yaml"):
        name = _mkdocs_config(index, Diagnostics()).get("site_name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    docsify = _DOCSIFY_NAME.search(_small_text(index.parent / "index.html"))
    if docsify and plain_text(html.unescape(docsify.group(2))).strip():
        return plain_text(html.unescape(docsify.group(2))).strip()
    home = (index.parent / "README.md").resolve()
    if any(p.path == home for p in pages):
        lines = _small_text(home).replace("\r\n", "\n").split("\n")
        first = min(_headings(lines).items(), default=None)
        if first is not None and len(first[1].group(1)) == 1:
            return plain_text(first[1].group(2)).strip()
    folder = source if source.is_dir() else index.parent
    return folder.resolve().name.replace("-", " ") or "Notes"


#: ``window.$docsify = { name: 'Java Notes', … }`` in a docsify site's index.html.
_DOCSIFY_NAME = re.compile(r"""\$docsify\s*=\s*\{[^}]*?\bname\s*:\s*(['"])([^'"\n]{1,200})\1""")


def _small_text(path: Path) -> str:
    """A small file's text (a site's index.html, its home page), "" if it is not one."""
    try:
        if path.is_file() and path.stat().st_size <= MAX_CONFIG_BYTES:
            return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        pass
    return ""
