"""The cue-card options: ``book.yaml``'s ``cards:`` section, overridden by command-line flags.

Every value is checked here, once; a bad one is a located diagnostic (``book.yaml:12:1`` for
the file, the flag's name for the command line), all of them reported together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from cuebook.book.config import BookConfig
from cuebook.diagnostics import CuebookError, Diagnostic, Severity, SourceLocation
from cuebook.formats.cards.geometry import PAPERS, Duplex, fold_sheet, grid_for

SortOrder = Literal["number", "difficulty", "chapter"]

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
FLAGS = {"size": "--cards-size", "duplex": "--duplex", "back_offset": "--back-offset",
          "calibrate": "--cards-calibrate", "tags": "--tags", "ids": "--ids",
          "shuffle": "--shuffle", "sort": "--sort"}
KNOWN_KEYS = (*FLAGS, "front", "back", "deck")


@dataclass(frozen=True)
class CardSize:
    name: str  # as the user may type it: "a7", "90x60"
    width: float  # mm, as the card is read
    height: float
    paper: str  # "a4" | "letter"

    @property
    def paper_size(self) -> tuple[float, float]:
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


@dataclass(frozen=True)
class FlagDiagnostic(Diagnostic):
    """A problem with a command-line flag: there is no file and line to point at."""

    flag: str = ""

    def __str__(self) -> str:
        return f"{self.flag}: {self.severity.value}: {self.message} [{self.code}]"


class _Source:
    """One option's value, from the flag when given, else from ``book.yaml``."""

    def __init__(self, config: BookConfig, flags: Mapping[str, str]) -> None:
        self.config = config
        self.section = config.section("cards")
        self.flags = flags
        self.problems: list[Diagnostic] = []

    def get(self, key: str) -> Any:
        flag_value = self.flags.get(f"cards.{key}")
        return flag_value if flag_value is not None else self.section.get(key)

    def error(self, key: str, message: str) -> None:
        self.problems.append(option_problem(self.config, self.flags, key, message))


def option_problem(config: BookConfig, flags: Mapping[str, str], key: str,
                   message: str) -> Diagnostic:
    """An error about option ``key``: at the flag when one was given, else in book.yaml."""
    if flags.get(f"cards.{key}") is not None:
        return FlagDiagnostic(SourceLocation("<command line>"), Severity.ERROR, message,
                              "cards.invalid-option", FLAGS[key])
    return Diagnostic(config.at(f"cards.{key}"), Severity.ERROR, f"cards.{key}: {message}",
                      "config.invalid-value")


def card_options(config: BookConfig, flags: Mapping[str, str], paper: str) -> CardOptions:
    """Validated options; ``paper`` ("a4"/"letter") is used for custom sizes."""
    source = _Source(config, flags)
    parts = tuple(p.key for p in config.parts)
    front = _part_list(source, "front", ("question",), parts)
    back = _part_list(source, "back", tuple(k for k in parts if k not in front), parts)
    for key in set(front) & set(back):
        source.error("back", f"part {key!r} is on the front too; a part goes on one face")
    options = CardOptions(
        size=_size(source, paper), duplex=_choice(source, "duplex", ("long", "short"), "long"),
        back_offset=_offset(source), calibrate=_flag(source, "calibrate"),
        tags=_words(source, "tags"), ids=_words(source, "ids"),
        shuffle=_text(source, "shuffle"),
        sort=_choice(source, "sort", ("number", "difficulty", "chapter"), "number"),
        front=front, back=back, deck=_text(source, "deck") or config.title)
    if source.problems:
        raise CuebookError(source.problems)
    return options


def unknown_keys(config: BookConfig) -> list[Diagnostic]:
    """Warnings for ``cards:`` keys cuebook does not read (a typo would pass silently)."""
    return [Diagnostic(config.at(f"cards.{key}"), Severity.WARNING,
                       f"unknown key 'cards.{key}'; cards takes {', '.join(KNOWN_KEYS)}",
                       "config.unknown-key")
            for key in config.section("cards") if key not in KNOWN_KEYS]


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
    if grid_for(width, height, PAPERS[paper]).capacity == 0:
        return (f"a {width:g}×{height:g} mm card does not fit on {paper.upper()} with 5 mm "
                "printable margins")
    if fold_sheet(width, height, PAPERS[paper]).grid.capacity == 0:
        return (f"a {width:g}×{height:g} mm card fits on {paper.upper()}, but not folded: the "
                "fold sheet puts front and back side by side")
    return CardSize(f"{width:g}x{height:g}", width, height, paper)


def _size(source: _Source, paper: str) -> CardSize:
    value = source.get("size")
    found = parse_size(str(value) if value is not None else DEFAULT_SIZE, paper)
    if isinstance(found, str):
        source.error("size", found)
        width, height, sheet = SIZES[DEFAULT_SIZE]
        return CardSize(DEFAULT_SIZE, width, height, sheet)  # stands in until the error is shown
    return found


def _choice(source: _Source, key: str, choices: tuple[str, ...], default: str) -> Any:
    value = source.get(key)
    if value is None:
        return default
    text = str(value).strip().lower()
    if text not in choices:
        source.error(key, f"{value!r} is not one of {', '.join(choices)}")
        return default
    return text


def _offset(source: _Source) -> tuple[float, float]:
    value = source.get("back_offset")
    if value is None:
        return (0.0, 0.0)
    items = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
    try:
        x, y = (float(str(item).strip().removesuffix("mm")) for item in items)
    except ValueError:
        source.error("back_offset", f"{value!r} is not two numbers X,Y in mm (such as 1.5,-0.5)")
        return (0.0, 0.0)
    if max(abs(x), abs(y)) > MAX_BACK_OFFSET:
        source.error("back_offset", f"{value!r} is more than {MAX_BACK_OFFSET:g} mm; measure "
                                    "the offset again with the calibration sheet")
        return (0.0, 0.0)
    return (x, y)


def _flag(source: _Source, key: str) -> bool:
    value = source.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text not in ("true", "false", "yes", "no"):
        source.error(key, f"{value!r} is not true or false")
    return text in ("true", "yes")


def _words(source: _Source, key: str) -> tuple[str, ...]:
    return split_list(source.get(key))


def split_list(value: Any) -> tuple[str, ...]:
    """A YAML list or a comma-separated text (full-width commas too), without repeats."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else re.split(r"[,，]", str(value))
    return tuple(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))


def _text(source: _Source, key: str) -> str | None:
    value = source.get(key)
    if value is None or isinstance(value, (list, dict)):
        if value is not None:
            source.error(key, "must be text")
        return None
    return str(value).strip() or None


def _part_list(source: _Source, key: str, default: tuple[str, ...],
               known: tuple[str, ...]) -> tuple[str, ...]:
    value = source.section.get(key)
    if value is None:
        return default
    items = split_list(value)
    unknown = [k for k in items if k not in known]
    if unknown:
        source.error(key, f"unknown part {', '.join(map(repr, unknown))}; the book's parts "
                          f"are {', '.join(known)}")
    return tuple(k for k in items if k in known)
