"""WeasyPrint, used the one way every PDF of cuebook needs it.

Resources are fetched only from the book's folder and the project's ``styles/`` and
``templates/`` (plus ``data:`` images), never from the network, and nothing is attached to a
PDF; WeasyPrint's own warnings are collected instead of scrolling past; layout and writing are
timed separately. What this changes in WeasyPrint, pydyf or Python's collector, it changes
only inside a block and in the modules named for them (:mod:`.weasyprint_patches`,
:mod:`.pydyf_patches`, :mod:`.collector`).
"""

from __future__ import annotations

import gc
import logging
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf  # type: ignore[import-untyped,unused-ignore]
import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from cuebook.diagnostics import CuebookError, Diagnostic, Severity, SourceLocation
from cuebook.render.collector import no_full_collections
from cuebook.render.pydyf_patches import page_references_kept
from cuebook.render.weasyprint_patches import (
    Reviser,
    cjk_justified,
    faces_read_when_needed,
    faces_subset_together,
    leaders_joined,
    revising,
)
from cuebook.safety.css import DATA_IMAGE, where_referenced
from cuebook.safety.limits import MAX_BOOK_BYTES

#: A document this long is collected after its layout. The collection costs about as much
#: as the layout leaves (0.05 s for 8 pages, 0.5 s for 60, 5 s for 591): only a long
#: document's leftovers weigh on the peak.
COLLECT_FROM_PAGES = 200


#: The address the document's own folder is given: the same wherever the book is. WeasyPrint
#: names each picture in the PDF after a hash of its address, so with the folder's real path
#: a book built in another folder would give other bytes.
BOOK_URL = "file:///cuebook-book/"


class BookFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches ``file:`` URLs of regular files inside the allowed folders (after following
    symbolic links) and ``data:`` images; anything else stops the build. Addresses under
    :data:`BOOK_URL` are files of ``base_dir``."""

    def __init__(self, roots: tuple[Path, ...], base_dir: Path | None = None) -> None:
        # No http, https or ftp handler is reached (fetch refuses first), no redirects, and a
        # failed fetch is an error, not a warning and a missing picture.
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True, timeout=5)
        self.roots = tuple(r.resolve() for r in roots)
        self.base = None if base_dir is None else f"{base_dir.as_uri()}/"
        self.denied: list[str] = []

    def real(self, url: str) -> str:
        """``url`` with :data:`BOOK_URL` put back as the book's folder."""
        if self.base is not None and url.startswith(BOOK_URL):
            return self.base + url[len(BOOK_URL):]
        return url

    def fetch(self, url: str, headers: Any = None) -> Any:
        url = self.real(url)
        reason = self.refusal(url)
        if reason is None:
            return super().fetch(url, headers)
        self.denied.append(url)
        raise FatalURLFetchingError(f"{reason}: {_short(url)}", url)

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or ``None``."""
        scheme = url.split(":", 1)[0].strip().lower()
        if scheme == "data":
            return None if DATA_IMAGE.match(url) else "only data: images are used"
        if scheme != "file":
            return f"cuebook does not fetch {scheme}: addresses"
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return "cuebook does not fetch files from other hosts"
        try:
            path = Path(url2pathname(parts.path)).resolve()
            info = path.stat()
        except (OSError, ValueError, RuntimeError):
            return "no such file"
        if not any(path.is_relative_to(root) for root in self.roots):
            return "outside the book folder"
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file"  # a FIFO or device would never end
        return "too large" if info.st_size > MAX_BOOK_BYTES else None


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "…"


def _denied(exc: FatalURLFetchingError, stylesheets: list[Path],
            where: SourceLocation) -> CuebookError:
    """The refusal as a build error, at the stylesheet line that asked for it when known."""
    url = exc.args[1] if len(exc.args) > 1 else ""
    found = where_referenced(url, stylesheets) if url else None
    return CuebookError([Diagnostic(found or where, Severity.ERROR,
                                    f"resource refused: {exc.args[0]}", "resource.denied")])


@dataclass
class Rendered:
    pdf: bytes
    document: Any  # weasyprint.document.Document: pages, anchors, links
    warnings: list[str] = field(default_factory=list)
    layout_seconds: float = 0.0
    write_seconds: float = 0.0


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs as warnings inside the block, instead of printing it."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def layout(html: str, *, base_dir: Path, stylesheets: list[Path], roots: tuple[Path, ...],
           where: SourceLocation, revise: Reviser | None = None,
           ) -> tuple[Any, BookFetcher, list[str], float]:
    """Lay ``html`` out into pages: (document, fetcher, WeasyPrint warnings, seconds).
    ``revise`` may change styles as the pages are made (:func:`weasyprint_patches.revising`)."""
    fetcher = BookFetcher(roots, base_dir)
    with (collect_warnings() as warnings, no_full_collections(), cjk_justified(),
          leaders_joined(),
          revising(revise) if revise is not None else nullcontext()):
        started = time.perf_counter()
        try:
            document = weasyprint.HTML(string=html, base_url=BOOK_URL,
                                       url_fetcher=fetcher).render(
                stylesheets=[weasyprint.CSS(filename=str(p), url_fetcher=fetcher)
                             for p in stylesheets])
        except FatalURLFetchingError as exc:
            raise _denied(exc, stylesheets, where) from exc
    _no_attachments(document)
    return document, fetcher, list(warnings), time.perf_counter() - started


def _no_attachments(document: Any) -> None:
    """Drop what WeasyPrint would embed as PDF attachments (``<link rel=attachment>``,
    ``<a rel=attachment>``): a PDF from cuebook carries no files, whatever its HTML says."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


def render_pdf(html: str, *, base_dir: Path, stylesheets: list[Path], roots: tuple[Path, ...],
               where: SourceLocation, laid_out: Callable[[Any], None] | None = None,
               **options: Any) -> Rendered:
    """Lay out ``html`` and write it as PDF bytes; fetch failures are errors at ``where``.
    ``laid_out`` is given the document between the layout and the write."""
    document, _, warnings, layout_seconds = layout(
        html, base_dir=base_dir, stylesheets=stylesheets, roots=roots, where=where)
    if laid_out is not None:
        laid_out(document)
    return write_pdf(document, warnings, layout_seconds, stylesheets=stylesheets, where=where,
                     **options)


def write_pdf(document: Any, warnings: list[str], layout_seconds: float, *,
              stylesheets: list[Path], where: SourceLocation, **options: Any) -> Rendered:
    """Write a laid-out document as PDF bytes; fetch failures are errors at ``where``."""
    if len(document.pages) >= COLLECT_FROM_PAGES:
        # What the layout left, before the write adds its own: the layout made no full
        # collection (cuebook.render.collector.no_full_collections).
        gc.collect()
    with (collect_warnings() as more, page_references_kept(), faces_read_when_needed(),
          faces_subset_together()):
        started = time.perf_counter()
        try:
            pdf = document.write_pdf(**{**options, "attachments": None})
        except FatalURLFetchingError as exc:
            raise _denied(exc, stylesheets, where) from exc
        written = time.perf_counter()
    return Rendered(pdf, document, warnings + list(more), layout_seconds, written - started)


def finish_catalog(document: Any, pdf: Any) -> None:
    """Open the PDF with its bookmarks shown (the reader's outline panel), and describe each
    link by its text, where WeasyPrint writes the target (an element id) for assistive
    technology to read out."""
    pdf.catalog["PageMode"] = "/UseOutlines"
    links = [link for page in document.pages for link in page.links]
    # A link's inline children and its ::after get links of their own: all say the link's text.
    texts = {target: " ".join(_box_text(box).split())
             for _, target, _, box in reversed(links) if box.element_tag == "a"}
    for kind, target, _, box in links:
        annotation = getattr(box, "link_annotation", None)
        if annotation is None:
            continue
        text = texts.get(target) or " ".join(_box_text(box).split())
        if kind == "external" and text != target:
            text = f"{text} ({target})" if text else target
        annotation["Contents"] = pydyf.String(text or target)


def _box_text(box: Any) -> str:
    """The text a link box shows (generated leaders and page numbers left out)."""
    if isinstance(box, boxes.TextBox):
        return "" if box.element_tag.startswith("::") else str(box.text)
    return "".join(_box_text(child) for child in getattr(box, "children", ())
                   if not getattr(child, "element_tag", "").endswith("::after"))


def stylesheets(book_root: Path, project_dir: Path, name: str) -> list[Path]:
    """A format's stylesheets in cascade order: the project's ``styles/<name>``, the part
    colours every printed format shares (after it, so a ``border`` shorthand there does not
    reset them), then the book's own ``styles/<name>`` if it has one (its rules win)."""
    styles = project_dir / "styles"
    own = book_root / "styles" / name
    return [styles / name, styles / "parts.css", *([own] if own.is_file() else [])]
