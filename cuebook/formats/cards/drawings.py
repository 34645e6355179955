"""The faces the last build drew, kept so that an edit lays out only the faces it changed.

A face's drawing depends only on what is laid out: its own HTML as printed (size, centring,
summary, footer strings: the card's place in the deck and its chapter), the document's head
(styles, fonts), and the key of the styles, fonts, options, libraries and cuebook's code
(:func:`cuebook.keys.key`). A face's *drawing key* hashes exactly those
(:func:`cuebook.formats.cards.memory.face_keys`), so a drawing kept under a key is what a
layout of that face would draw now. A question inserted before a card renumbers its footer
("13/101"): that face has a new key and is laid out again, correctly.

What is kept, in the output folder's store (:mod:`cuebook.products`), per book:

- ``cards-faces.pdf``: every face printed by the last build, one card-sized page each, as
  WeasyPrint drew it (the pages the sheets are assembled from, :mod:`.impose`);
- ``cards-faces.json``: for every face the last build laid out (a try at a size too), its
  drawing key, how many cards it took and how far down each it reached (what the fit
  measures), where its drawings are in the PDF when it was printed, and the PDF's digest.

A face laid out by the last build is not laid out again: its pages come back as
:class:`KeptPage`\\ s. One that is printed but was only tried last time (no drawing kept) is
laid out when the sheets are drawn (:meth:`FaceDrawings.drawn`). Anything unreadable, foreign
or not matching its digest: nothing is kept, the build lays everything out.

Fonts: pages kept from an earlier build carry that build's font subsets, the pages laid out
now their own; a PDF assembled after an edit holds both (the text stays text, each subset with
its own ToUnicode map). So that edits do not pile up subsets without end, a PDF holds the pages
of at most :data:`MAX_GENERATIONS` builds: past that, the faces of all but the build that drew
the most of them are laid out again, with the edit's, in one document (the faces the last few
edits touched, not the deck).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from cuebook import __version__
from cuebook.output import write_atomic

SCHEMA = 1
#: Builds whose pages a PDF of faces may hold, each with its own font subsets: a CJK face's
#: subsets weigh about as much as its drawing, and laying the few faces of the smaller builds
#: out again costs little.
MAX_GENERATIONS = 3


@dataclass(frozen=True, eq=False)
class KeptPage:
    """One card-sized page of a face laid out by an earlier build."""

    key: str  # the face's drawing key
    index: int  # which of the face's cards (0-based)
    fill: float  # how far down the card its text reached (0 to 1)
    face: Any  # the Face that asked for it: laid out again if its drawing is not kept
    layout: Callable[[Sequence[Any]], Mapping[str, tuple[Any, ...]]] | None = None


@dataclass(frozen=True)
class Laid:
    """What the store knows of a face: its cards' fills, its drawings' page numbers in the kept
    PDF and the build that wrote them (none when it was only tried), and the WeasyPrint
    warnings of its layout."""

    fills: tuple[float, ...]
    pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    generation: int = 0


@dataclass
class Drawn:
    """The faces of this build's sheets: a PDF of one page per printed face, and which page
    each printed face page is (by the identity of the page object)."""

    pdf: pikepdf.Pdf
    numbers: dict[int, int]


@dataclass
class FaceDrawings:
    """The faces laid out by the last build (``known``), and by this one (``laid``)."""

    path: Path | None
    known: dict[str, Laid]
    pdf: pikepdf.Pdf | None = None  # the kept drawings
    laid: dict[str, Laid] = field(default_factory=dict)
    #: This build's fresh pages: page identity -> (drawing key, card index).
    origin: dict[int, tuple[str, int]] = field(default_factory=dict)
    drawn_pdf: Drawn | None = None
    #: Where this build's printed face pages are in its PDF: (drawing key, card) -> page, and
    #: the build that wrote each face's drawings.
    placed: dict[tuple[str, int], int] = field(default_factory=dict)
    generation: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> FaceDrawings:
        if path is None:
            return cls(None, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not (isinstance(data, dict) and data.get("schema") == SCHEMA
                    and data.get("cuebook") == __version__):
                return cls(path, {})
            known = {str(k): _laid(v) for k, v in data["faces"].items()}
            pdf = None
            if any(laid.pages for laid in known.values()):
                pdf = _opened(pdf_path(path), str(data["pdf"]))
                if pdf is None or max(n for laid in known.values() for n in laid.pages) \
                        >= len(pdf.pages):
                    return cls(path, {})
        except (OSError, ValueError, KeyError, TypeError, AttributeError, pikepdf.PdfError):
            return cls(path, {})  # missing, corrupt or foreign: everything is laid out
        return cls(path, known, pdf)

    def kept(self, key: str, face: Any,
             layout: Callable[[Sequence[Any]], Mapping[str, tuple[Any, ...]]]
             ) -> tuple[KeptPage, ...] | None:
        """The pages of the face laid out under ``key`` by the last build, if it was."""
        laid = self.known.get(key)
        if laid is None:
            return None
        self.laid[key] = laid
        return tuple(KeptPage(key, i, fill, face, layout) for i, fill in enumerate(laid.fills))

    def record(self, key: str, pages: Sequence[Any], fills: Iterable[float],
               warnings: Sequence[str]) -> None:
        """A face laid out now."""
        self.laid[key] = Laid(tuple(fills), (), tuple(warnings))
        for index, page in enumerate(pages):
            self.origin[id(page)] = (key, index)

    def warnings(self, keys: Iterable[str]) -> list[str]:
        found: list[str] = []
        for key in keys:
            found += [w for w in self.known[key].warnings if w not in found]
        return found

    def drawn(self, printed: Sequence[Any], write: Callable[[Sequence[Any]], bytes]) -> Drawn:
        """The PDF of the ``printed`` pages (fresh WeasyPrint pages and :class:`KeptPage`\\ s,
        in deck order): fresh ones written by ``write``, kept ones copied from the kept PDF;
        kept ones without a drawing laid out first. Made once per build."""
        if self.drawn_pdf is not None:
            return self.drawn_pdf
        drawn = self._with_drawings(printed)
        fresh = list({id(p): p for p in drawn if not isinstance(p, KeptPage)}.values())
        written = pikepdf.open(io.BytesIO(write(fresh))) if fresh else None
        source = written if written is not None else self.pdf
        assert source is not None
        out = pikepdf.new()
        copy_metadata(source, out)
        fresh_numbers = {id(p): n for n, p in enumerate(fresh)}
        new = max((self.known[p.key].generation for p in drawn if isinstance(p, KeptPage)),
                  default=0) + 1
        numbers: dict[int, int] = {}
        for asked, page in zip(printed, drawn, strict=True):
            if id(page) not in numbers:
                if isinstance(page, KeptPage):
                    assert self.pdf is not None
                    known = self.known[page.key]
                    out.pages.append(self.pdf.pages[known.pages[page.index]])
                    where, generation = (page.key, page.index), known.generation
                else:
                    assert written is not None
                    out.pages.append(written.pages[fresh_numbers[id(page)]])
                    where, generation = self.origin.get(id(page), ("", 0)), new
                numbers[id(page)] = len(out.pages) - 1
                if where[0]:
                    self.placed[where] = numbers[id(page)]
                    self.generation[where[0]] = generation
            numbers[id(asked)] = numbers[id(page)]
        self.drawn_pdf = Drawn(out, numbers)
        return self.drawn_pdf

    def _with_drawings(self, printed: Sequence[Any]) -> list[Any]:
        """``printed`` with the kept pages whose drawing is not kept laid out now, and those
        of all but the largest earlier build when more than :data:`MAX_GENERATIONS` would
        share the PDF (each carries its own font subsets)."""
        kept = [p for p in printed if isinstance(p, KeptPage)
                and self.pdf is not None and self.known[p.key].pages]
        builds = Counter(self.known[p.key].generation for p in kept)
        adds = len(kept) < len(printed)
        if len(builds) + adds > MAX_GENERATIONS:
            base = min(builds, key=lambda g: (-builds[g], g))
            kept = [p for p in kept if self.known[p.key].generation == base]
        held = {id(p) for p in kept}
        missing = {id(p): p for p in printed if isinstance(p, KeptPage) and id(p) not in held}
        if not missing:
            return list(printed)
        by_layout: dict[Any, dict[str, Any]] = {}
        for page in missing.values():
            by_layout.setdefault(page.layout, {})[page.key] = page.face
        again: dict[str, tuple[Any, ...]] = {}
        for layout, faces in by_layout.items():
            assert layout is not None
            laid = layout(list(faces.values()))
            again.update((key, laid[face.key]) for key, face in faces.items())
        return [again[p.key][p.index] if id(p) in missing else p for p in printed]

    def save(self) -> None:
        """Keep this build's faces: the drawings of those printed, what was measured of all."""
        if self.path is None or self.drawn_pdf is None:
            return
        faces = {}
        for key, laid in sorted(self.laid.items()):
            entry: dict[str, Any] = {"fills": [round(f, 6) for f in laid.fills]}
            pages = [self.placed.get((key, i)) for i in range(len(laid.fills))]
            if all(n is not None for n in pages):
                entry["pages"] = pages
                entry["generation"] = self.generation[key]
            if laid.warnings:
                entry["warnings"] = list(laid.warnings)
            faces[key] = entry
        buffer = io.BytesIO()
        self.drawn_pdf.pdf.save(buffer, deterministic_id=True)
        data = buffer.getvalue()
        write_atomic(pdf_path(self.path), data)
        write_atomic(self.path, json.dumps(
            {"schema": SCHEMA, "cuebook": __version__,
             "pdf": hashlib.sha256(data).hexdigest(), "faces": faces},
            sort_keys=True).encode())


def copy_metadata(source: pikepdf.Pdf, out: pikepdf.Pdf) -> None:
    """The document's title, author, dates and language: WeasyPrint's, from the book."""
    for name, value in source.docinfo.items():
        out.docinfo[name] = value
    if "/Lang" in source.Root:
        out.Root.Lang = source.Root.Lang


def _laid(value: Mapping[str, Any]) -> Laid:
    return Laid(tuple(map(float, value["fills"])), tuple(map(int, value.get("pages", ()))),
                tuple(map(str, value.get("warnings", ()))), int(value.get("generation", 0)))


def pdf_path(path: Path) -> Path:
    return path.with_suffix(".pdf")


def _opened(path: Path, digest: str) -> pikepdf.Pdf | None:
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        return None
    return pikepdf.open(io.BytesIO(data))
