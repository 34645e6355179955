"""WeasyPrint, used the one way every PDF of cuebook needs it.

Resources are fetched only from the book's folder and the project's ``styles/`` and
``templates/`` (plus ``data:`` URLs), never from the network; WeasyPrint's own warnings are
collected instead of scrolling past; layout and writing are timed separately.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .diagnostics import CuebookError, Diagnostic, Severity, SourceLocation


class BookFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches ``file:`` URLs inside the allowed folders and ``data:`` URLs; nothing else."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True)
        self.roots = tuple(r.resolve() for r in roots)
        self.denied: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                return super().fetch(url, headers)
        self.denied.append(url)
        raise FatalURLFetchingError(f"cuebook does not fetch {url}")


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
def _weasyprint_warnings() -> Iterator[list[str]]:
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
           where: SourceLocation) -> tuple[Any, BookFetcher, list[str], float]:
    """Lay ``html`` out into pages: (document, fetcher, WeasyPrint warnings, seconds)."""
    fetcher = BookFetcher(roots)
    with _weasyprint_warnings() as warnings:
        started = time.perf_counter()
        try:
            document = weasyprint.HTML(string=html, base_url=f"{base_dir.as_uri()}/",
                                       url_fetcher=fetcher).render(
                stylesheets=[weasyprint.CSS(filename=str(p), url_fetcher=fetcher)
                             for p in stylesheets])
        except FatalURLFetchingError as exc:
            raise CuebookError([Diagnostic(where, Severity.ERROR, str(exc),
                                           "resource.denied")]) from exc
    return document, fetcher, list(warnings), time.perf_counter() - started


def render_pdf(html: str, *, base_dir: Path, stylesheets: list[Path], roots: tuple[Path, ...],
               where: SourceLocation, **options: Any) -> Rendered:
    """Lay out ``html`` and write it as PDF bytes; fetch failures are errors at ``where``."""
    document, fetcher, warnings, layout_seconds = layout(
        html, base_dir=base_dir, stylesheets=stylesheets, roots=roots, where=where)
    with _weasyprint_warnings() as more:
        started = time.perf_counter()
        try:
            pdf = document.write_pdf(**options)
        except FatalURLFetchingError as exc:
            raise CuebookError([Diagnostic(where, Severity.ERROR, str(exc),
                                           "resource.denied")]) from exc
        written = time.perf_counter()
    return Rendered(pdf, document, warnings + list(more), layout_seconds, written - started)


def anchor_pages(document: Any) -> dict[str, int]:
    """Each anchor (id) of a laid-out document and the 1-based page it starts on."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages
