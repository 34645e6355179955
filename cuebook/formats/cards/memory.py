"""What earlier builds learned about fitting each face, so an edit refits one card, not all.

Fitting a face takes trial layouts: a back at 10 pt, then 9.5, 9…, or summaries of fewer and
fewer blocks; a front at 24 pt, then laid out again in the card's middle. What they decide (the
size, whether the front is centred, how many blocks a summary back keeps, how many cards it
takes) depends only on what is laid out: the face's own HTML, the card's page and the styles,
the fonts, and WeasyPrint. A face's key hashes exactly those, so a decision found under a key
is the one a fit from scratch would make. The footer's strings (the card's place in the deck,
the chapter) are left out of the key: they are set in the page margins, outside the text's
flow, so inserting a question does not refit the ones after it.

A decision is still checked before its pages are printed: the face is laid out once, as
decided, and a face that no longer takes the cards it took is fitted again from scratch. That
layout is skipped when the last build laid out exactly that face (its HTML as printed, footers
and all) and kept its drawing (:mod:`cuebook.formats.cards.drawings`).

One JSON file per book in the output folder's store (:mod:`cuebook.products`), under the key
function of every output and product (:mod:`cuebook.keys`), holding the decisions of the last
build; unreadable or foreign, it is ignored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import lxml.html  # type: ignore[import-untyped,unused-ignore]

from cuebook import __version__
from cuebook.output import write_atomic

SCHEMA = 1


@dataclass(frozen=True)
class Decision:
    """How one face was fitted."""

    size: float
    cards: int  # how many cards it took at ``size``
    centred: bool = False  # a front set in the card's middle
    summary: int | None = None  # a summary back: the blocks it kept
    #: A summary back's pointer to the handout ("Full answer: handout p. 18") with its digits
    #: as 0: digits are all of one width, so a page that moved from 18 to 19 sets the same.
    more: str = ""


def more_shape(text: str) -> str:
    return re.sub(r"\d", "0", text)


#: The elements that hold one face each: ``<section class="face …">`` in the cards' template.
_FACES = "//body//section[contains(concat(' ', normalize-space(@class), ' '), ' face ')]"


def face_keys(token: str, html: str, keys: Iterable[str]) -> dict[str, str]:
    """Each face's key: ``html`` is the faces rendered in order, with neutral footers. A
    face's key hashes the document's head (styles, fonts) and its own element, as the
    parsed tree serialises them: what comes around it in the document is not part of it."""
    document = lxml.html.document_fromstring(html)
    sections = document.xpath(_FACES)
    keys = list(keys)
    if len(sections) != len(keys):  # a template that does not mark its faces: no memory
        return {}
    head = document.find("head")
    base = hashlib.sha256(token.encode() + b"\n" + (b"" if head is None else _bytes(head)))
    found = {}
    for key, section in zip(keys, sections, strict=True):
        digest = base.copy()
        digest.update(_bytes(section))
        found[key] = digest.hexdigest()
    return found


def _bytes(element: Any) -> bytes:
    """The element as HTML, without the text that follows it (its ``tail``)."""
    return bytes(lxml.html.tostring(element, encoding="utf-8", with_tail=False))


@dataclass
class FitMemory:
    """The decisions of the last build (``known``) and of this one (``kept``)."""

    path: Path | None
    known: dict[str, Decision]
    kept: dict[str, Decision]

    @classmethod
    def load(cls, path: Path | None) -> FitMemory:
        known: dict[str, Decision] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("schema") == SCHEMA and \
                        data.get("cuebook") == __version__:
                    known = {k: _decision(v) for k, v in data["faces"].items()}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                known = {}  # missing, corrupt or foreign: fit from scratch
        return cls(path, known, {})

    def get(self, key: str | None) -> Decision | None:
        return self.known.get(key) if key else None

    def keep(self, key: str | None, decision: Decision) -> None:
        if key:
            self.kept[key] = decision

    def save(self) -> None:
        if self.path is None:
            return
        data = {"schema": SCHEMA, "cuebook": __version__,
                "faces": {k: _plain(d) for k, d in sorted(self.kept.items())}}
        write_atomic(self.path, json.dumps(data, sort_keys=True).encode())


def _plain(decision: Decision) -> dict[str, Any]:
    return {k: v for k, v in asdict(decision).items() if v not in (None, False, "")}


def _decision(value: Mapping[str, Any]) -> Decision:
    decision = Decision(float(value["size"]), int(value["cards"]))
    summary = value.get("summary")
    return replace(decision, centred=bool(value.get("centred", False)),
                   summary=None if summary is None else int(summary),
                   more=str(value.get("more", "")))
