"""The cue-card options: ``book.yaml``'s ``cards:`` section and its command-line flags,
declared once (:data:`SECTION`) and checked by :mod:`cuebook.formats.options`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from cuebook.book.config import BookConfig
from cuebook.formats.options import (
    Option,
    OptionError,
    Scope,
    Section,
    boolean,
    checked,
    choice,
    text,
    words,
)

if TYPE_CHECKING:
    from cuebook.formats.cards.geometry import Duplex

SortOrder = Literal["number", "difficulty", "chapter"]
SORT_ORDERS = ("number", "difficulty", "chapter")
#: What a back too long for one card becomes: a summary pointing at the handout, continuation
#: cards, or (for the questions that overflow) cards of the next size up.
LONG_ANSWERS = ("summary", "continue", "larger")

#: Named sizes: (width, height) in mm as the card is read (landscape, like index cards) and
#: the paper they are printed on.
SIZES: dict[str, tuple[float, float, str]] = {
    "a6": (148.0, 105.0, "a4"),
    "a7": (105.0, 74.0, "a4"),
    "4x6in": (152.4, 101.6, "letter"),
    "3x5in": (127.0, 76.2, "letter"),
    "business": (85.0, 55.0, "a4"),
}
#: A6: every face of the seed (ai-pm) fits at the full 10 pt, two cards to an A4 sheet.
#: Measured on A7 (four to a sheet): 7 of its 20 faces shrink to 8.5–9.5 pt and question 10
#: still runs on to a second card; on business cards all ten questions split.
DEFAULT_SIZE = "a6"
#: Below this a card has no room for its padding, footer and a few lines of text.
MIN_CARD = (50.0, 35.0)
MAX_BACK_OFFSET = 15.0  # mm; printers are reported up to 10 mm off
_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$", re.I)
_ALIASES = {"4x6": "4x6in", "3x5": "3x5in", "index": "3x5in"}


@dataclass(frozen=True)
class CardSize:
    name: str  # as the user may type it: "a7", "90x60"
    width: float  # mm, as the card is read
    height: float
    paper: str  # "a4" | "letter"

    @property
    def paper_size(self) -> tuple[float, float]:
        from cuebook.formats.cards.geometry import PAPERS  # the layout's: not needed to
        # read the options (nor by a build that finds nothing changed)

        return PAPERS[self.paper]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.width:g}×{self.height:g} mm on {self.paper.upper()})"


@dataclass(frozen=True)
class CardOptions:
    size: CardSize
    duplex: Duplex
    back_offset: tuple[float, float]  # mm, added to every back page (right, down)
    calibrate: bool
    tags: tuple[str, ...]
    ids: tuple[str, ...]  # ids, numbers and number ranges, as given
    shuffle: str | None
    sort: SortOrder
    front: tuple[str, ...]  # part keys shown on the front, in order
    back: tuple[str, ...]
    deck: str  # the name in every card's footer
    long: str = "summary"  # one of LONG_ANSWERS


def _size(value: Any, scope: Scope) -> CardSize:
    found = parse_size(str(value), scope.paper)
    if isinstance(found, str):
        raise OptionError(found)
    return found


def _default_size(config: BookConfig) -> CardSize:
    width, height, sheet = SIZES[DEFAULT_SIZE]
    return CardSize(DEFAULT_SIZE, width, height, sheet)


def _offset(value: Any, scope: Scope) -> tuple[float, float]:
    items = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
    try:
        x, y = (float(str(item).strip().removesuffix("mm")) for item in items)
    except ValueError:
        raise OptionError(f"{value!r} is not two numbers X,Y in mm (such as 1.5,-0.5)") from None
    if max(abs(x), abs(y)) > MAX_BACK_OFFSET:
        raise OptionError(f"{value!r} is more than {MAX_BACK_OFFSET:g} mm; measure the offset "
                          "again with the calibration sheet")
    return (x, y)


def _parts(value: Any, scope: Scope) -> tuple[str, ...]:
    items = words(value, scope)
    known = tuple(p.key for p in scope.config.parts)
    unknown = [k for k in items if k not in known]
    if unknown:
        raise OptionError(f"unknown part {', '.join(map(repr, unknown))}; the book's parts "
                          f"are {', '.join(known)}")
    return items


def _cross_check(values: Mapping[str, Any], scope: Scope) -> list[tuple[str, str]]:
    """Faces that share a part; a selection that matches nothing in the book."""
    problems = [("back", f"part {key!r} is on the front too; a part goes on one face")
                for key in sorted(set(values["front"]) & set(values["back"] or ()))]
    if scope.book is not None and (values["tags"] or values["ids"]):
        from cuebook.formats.cards.select import SelectionError, select_questions

        try:
            select_questions(scope.book, card_options(values, scope.config))
        except SelectionError as exc:
            problems.append((exc.key, str(exc)))
    return problems


SECTION = Section("cards", (
    Option("size", "a6 (default), a7, 4x6in, 3x5in, business, or WIDTHxHEIGHT in mm (90x60)",
           _size, _default_size, "--cards-size", "SIZE"),
    Option("duplex", "the edge the printer flips on (default: long)", choice("long", "short"),
           "long", "--duplex", choices=("long", "short")),
    Option("back_offset", "shift back pages X mm right and Y mm down; read X,Y off the "
           "calibration sheet", _offset, (0.0, 0.0), "--back-offset", "X,Y"),
    Option("calibrate", "also write a calibration sheet to measure the back-page offset",
           boolean, False, "--cards-calibrate", switch=True),
    Option("tags", "only questions with one of these tags", words, (), "--tags", "LIST"),
    Option("ids", "only these questions: ids or numbers, ranges allowed (1-5,lru-cache)",
           words, (), "--ids", "LIST"),
    Option("shuffle", "shuffle the cards, reproducibly", text, None, "--shuffle", "SEED"),
    Option("sort", "card order (default: number)", choice(*SORT_ORDERS), "number", "--sort",
           choices=SORT_ORDERS),
    Option("front", "parts on the front (default: question)", _parts, ("question",)),
    Option("back", "parts on the back (default: the others)", _parts, None),
    Option("deck", "the deck name in every card's footer (default: the title)", text,
           lambda config: config.title),
    Option("long", "an answer too long for one card: a summary back that names its handout "
           "page (default), continuation cards, or the next card size up", choice(*LONG_ANSWERS),
           "summary", "--cards-long", choices=LONG_ANSWERS),
), cross_check=_cross_check, title="cue cards (book.yaml 'cards:' gives the defaults)")


def card_options(values: Mapping[str, Any], config: BookConfig) -> CardOptions:
    """The cards section's checked values as one record."""
    front = values["front"]
    back = values["back"] or tuple(p.key for p in config.parts if p.key not in front)
    return CardOptions(size=values["size"], duplex=values["duplex"],
                       back_offset=values["back_offset"], calibrate=values["calibrate"],
                       tags=values["tags"], ids=values["ids"], shuffle=values["shuffle"] or None,
                       sort=values["sort"], front=front, back=back,
                       deck=values["deck"] or config.title, long=values["long"])


def larger_size(size: CardSize) -> CardSize | None:
    """The smallest named size on the same paper that is larger both ways, if any: where
    ``cards: {long: larger}`` moves the questions that overflow ``size``."""
    bigger = [CardSize(name, w, h, sheet) for name, (w, h, sheet) in SIZES.items()
              if sheet == size.paper and w >= size.width and h >= size.height
              and w * h > size.width * size.height]
    return min(bigger, key=lambda s: s.width * s.height, default=None)


def parse_size(text: str, paper: str) -> CardSize | str:
    """A named or ``WxH`` (mm) size, or the reason it is not one."""
    name = _ALIASES.get(text.strip().lower(), text.strip().lower())
    if name in SIZES:
        width, height, sheet = SIZES[name]
        return CardSize(name, width, height, sheet)
    match = _CUSTOM.match(name)
    if not match:
        return (f"unknown card size {text!r}; use {', '.join(SIZES)}, or WIDTHxHEIGHT in mm "
                "such as 90x60")
    width, height = float(match.group(1)), float(match.group(2))
    if width < MIN_CARD[0] or height < MIN_CARD[1]:
        return (f"card size {text!r} is too small: cards need at least "
                f"{MIN_CARD[0]:g}×{MIN_CARD[1]:g} mm for their padding, footer and text")
    from cuebook.formats.cards.geometry import PAPERS, fold_sheet, grid_for

    if grid_for(width, height, PAPERS[paper]).capacity == 0:
        return (f"a {width:g}×{height:g} mm card does not fit on {paper.upper()} with 5 mm "
                "printable margins")
    if fold_sheet(width, height, PAPERS[paper]).grid.capacity == 0:
        return (f"a {width:g}×{height:g} mm card fits on {paper.upper()}, but not folded: the "
                "fold sheet puts front and back side by side")
    return CardSize(f"{width:g}x{height:g}", width, height, paper)




def read_card_options(config: BookConfig, flags: Mapping[str, Any], paper: str) -> CardOptions:
    """Checked options straight from a config and flags (raises every error at once)."""
    return card_options(checked(SECTION, config, flags, paper), config)
