"""The handout as last built: its page map, kept for the formats that cite its pages (a cue
card's "Full answer: handout p. 18", the EPUB's page-list) in later builds.

After writing ``<slug>.pdf`` the handout job keeps ``<out>/.cache/memory/<slug>.handout.json``:
the digest of what its layout was made from (the HTML, the style sheets, the fonts, cuebook's
and WeasyPrint's versions: :func:`cuebook.render.weasy.layout_token`), the sha256 of the PDF
it wrote, and its page map. A later build that does not lay the handout out reads the pages
from there instead:

- the same digest: the page map a layout would give, exactly; nothing is laid out;
- another digest (the book changed and this build does not make the handout): the pages of
  the handout in the output folder, the one the reader has. The cue cards cite those, and
  say so (:func:`cited_pages`); the EPUB, whose page-list marks where pages begin in its own
  text, lays the handout of the book as it is now out instead.

A record whose PDF is no longer the one in the output folder (rebuilt by another version,
replaced, deleted) is ignored, as is one that cannot be read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cuebook import __version__
from cuebook.book.model import Book
from cuebook.formats.base import WriterContext
from cuebook.output import write_atomic
from cuebook.render.pagemap import HandoutLayout

SCHEMA = 1


@dataclass(frozen=True)
class BuiltHandout:
    """A handout in the output folder and the layout it was written from."""

    digest: str  # what the layout was made from (see the module's notes)
    pdf: Path
    layout: HandoutLayout


def record_path(ctx: WriterContext, slug: str) -> Path | None:
    return None if ctx.memory is None else ctx.memory / f"{slug}.handout.json"


def keep(ctx: WriterContext, book: Book, digest: str, layout: HandoutLayout,
         pdf: bytes) -> None:
    """Record the handout just written to ``<out>/<slug>.pdf`` (its bytes: ``pdf``)."""
    path = record_path(ctx, book.slug)
    if path is None:
        return
    data = {"schema": SCHEMA, "cuebook": __version__, "digest": digest,
            "pdf": hashlib.sha256(pdf).hexdigest(), "layout": json.loads(layout.to_json())}
    write_atomic(path, json.dumps(data, sort_keys=True).encode())


def built(ctx: WriterContext, book: Book) -> BuiltHandout | None:
    """The handout in the output folder, if this cuebook recorded writing exactly it."""
    path = record_path(ctx, book.slug)
    pdf = ctx.out_dir / f"{book.slug}.pdf"
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not (isinstance(data, dict) and data.get("schema") == SCHEMA and
                data.get("cuebook") == __version__):
            return None
        if hashlib.sha256(pdf.read_bytes()).hexdigest() != data["pdf"]:
            return None
        return BuiltHandout(str(data["digest"]), pdf,
                            HandoutLayout.from_json(json.dumps(data["layout"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
