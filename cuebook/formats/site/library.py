"""The library page: every book built into an output folder, with its downloads.

Each book's site folder holds a small manifest (``book.json``) written with its pages; the
library page is made from the manifests and the download files that exist at the end of a run,
so it lists what is really there, sizes included, whichever books this run rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from cuebook.book.model import Book
from cuebook.book.paper import PAPER_SIZES, PAPERS
from cuebook.formats.base import WriterContext
from cuebook.formats.registry import downloads as declared_downloads
from cuebook.i18n import language_name, site_words
from cuebook.output import write_changed

MANIFEST = "book.json"
_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Manifest:
    """What the library page says about a book."""

    slug: str
    title: str
    subtitle: str
    author: str
    description: str
    language: str
    questions: int
    chapters: int
    paper: str  # the paper of ``<slug>.pdf``, "a4" or "letter"

    @classmethod
    def of(cls, book: Book, ctx: WriterContext) -> Manifest:
        c = book.config
        return cls(c.slug, c.title, c.subtitle, c.author, c.description, c.language,
                   len(book.questions), len(book.chapters), ctx.paper_for(book))

    def to_json(self) -> bytes:
        data = {"cuebook_site": _FORMAT_VERSION, **asdict(self)}
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        """The manifest in ``path``, or None when it is not one of ours (never trusted)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("cuebook_site") != _FORMAT_VERSION:
            return None
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = data.get(f.name)
            if not isinstance(value, int if f.type == "int" else str):
                return None
            values[f.name] = value
        manifest = cls(**values)
        ours = manifest.slug == path.parent.name and manifest.paper in PAPER_SIZES
        return manifest if ours else None


@dataclass(frozen=True)
class Download:
    label: str  # "PDF handout (A4)", in the book's language
    href: str  # relative to the library page
    size: str  # "730 KB"
    extension: str  # "PDF", "EPUB"…


@dataclass(frozen=True)
class Shelf:
    """A book on the library page."""

    book: Manifest
    language_name: str
    downloads: tuple[Download, ...]


def _short(paper: str) -> str:
    """A4 or Letter: the download page's label (the page says "PDF (Letter)")."""
    return PAPERS[paper].label.removeprefix("US ")


def downloads(out_dir: Path, book: Manifest) -> tuple[Download, ...]:
    """The files of a book in the output folder, in the order the formats declare them
    (cuebook.formats.registry): the order a reader wants them."""
    w = site_words(book.language)
    found = []
    for output in declared_downloads():
        assert output.label is not None
        for paper, name in output.files(book.slug, book.paper):
            path = out_dir / name
            if path.is_file():
                label = w[output.label] + (w["paper"].format(paper=_short(paper))
                                           if output.on_paper else "")
                found.append(Download(label, name, human_size(path.stat().st_size),
                                      path.suffix.lstrip(".").upper()))
    return tuple(found)


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def shelves(out_dir: Path) -> list[Shelf]:
    found = []
    for path in sorted(out_dir.glob(f"*/{MANIFEST}")):
        manifest = Manifest.read(path)
        if manifest is not None:
            found.append(Shelf(manifest, language_name(manifest.language),
                               downloads(out_dir, manifest)))
    return found


def page_language(books: Sequence[Shelf]) -> str:
    """The books' language when they share one, else English (each book keeps its own lang)."""
    languages = {s.book.language for s in books}
    return languages.pop() if len(languages) == 1 else "en"


def asset(project_dir: Path, name: str) -> bytes:
    """A file every site page uses: the stylesheet (with the code colours and lines), the study
    script."""
    if name == "site.css":
        styles = project_dir / "styles"
        return b"\n".join((styles / n).read_bytes()
                           for n in ("site.css", "code.css", "codelines.css"))
    if name.endswith(".css"):  # a page's own stylesheet (the mock interview's)
        return (project_dir / "styles" / f"site-{name}").read_bytes()
    return (project_dir / "templates" / "site" / name).read_bytes()


def finish(out_dir: Path, project_dir: Path, changed: bool = True) -> list[Path]:
    """The library page and its stylesheet, once every book of the run is built.

    When the run changed nothing and the pages are there, they are kept as they are: a
    missing or changed download is rebuilt by its job, which makes the run a changed one.
    """
    pages = [out_dir / "index.html", out_dir / "site.css"]
    if not changed and all(p.is_file() for p in pages):
        return pages
    from cuebook.render.templates import make_environment  # Jinja: only when the page is written

    books = shelves(out_dir)
    lang = page_language(books)
    html = make_environment(project_dir, project_dir).get_template(
        "site/library.html.j2").render(books=books, lang=lang, w=site_words(lang), words=site_words)
    return [write_changed(pages[0], html.encode("utf-8")),
            write_changed(pages[1], asset(project_dir, "site.css"))]
