"""The duplex calibration sheet: how far a printer puts the back page off, read on a scale.

The front carries three crosses of millimetre scales (centre and two corners); the back a
bold cross drawn exactly behind each of them, with the configured back offset applied. Held
against the light, the back's lines cross the front's scales at the correction still needed.
The scale labels are signed for the flip edge, so the number read is added to the offset as it
is: ``--back-offset X,Y`` moves back pages X mm right and Y mm down.
"""

from __future__ import annotations

from dataclasses import dataclass

from cuebook.formats.cards.geometry import Affine, Duplex, sheet_flip, translate
from cuebook.i18n import calibration_words

REACH = 10  # mm either side of zero: printers are reported up to 10 mm off
GAP = 16.0  # mm from a cross's centre to each of its scales


@dataclass(frozen=True)
class Rule:
    """A filled rectangle in mm: a line of a scale or of a cross."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Label:
    """A scale number, centred on (x, y) in mm."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Calibration:
    paper: tuple[float, float]
    front: list[Rule]
    labels: list[Label]
    back: list[Rule]
    text: dict[str, str]


def calibration(paper: tuple[float, float], duplex: Duplex, offset: tuple[float, float],
                language: str) -> Calibration:
    width, height = paper
    centres = [(width / 2, height / 2), (35.0, 55.0), (width - 35.0, height - 35.0)]
    flip = sheet_flip(paper, duplex)
    # The front's scale direction as seen on the back page: -1 where the flip mirrors it.
    sign_x, sign_y = -flip.a, -flip.d
    front: list[Rule] = []
    labels: list[Label] = []
    back: list[Rule] = []
    shift = translate(*offset)
    for cx, cy in centres:
        front += _scales(cx, cy)
        labels += _labels(cx, cy, sign_x, sign_y)
        # The back's lines are drawn behind the front's zero ticks, then shifted by the offset.
        back += [_mapped(shift @ flip, rule) for rule in _pointers(cx, cy)]
    words = dict(calibration_words(language))
    words["how"] = words["how"].format(edge=words[duplex])
    words["current"] = words["current"].format(x=offset[0], y=offset[1])
    return Calibration(paper, front, labels, back, words)


def _scales(cx: float, cy: float) -> list[Rule]:
    """An X scale under the point and a Y scale right of it, apart so labels never meet.

    Ticks every mm, longer every 5; zero of the X scale is straight below (cx, cy), zero of
    the Y scale straight right of it.
    """
    x_axis, y_axis = cy + GAP, cx + GAP
    rules = [Rule(cx - REACH - 1, x_axis - 0.1, 2 * REACH + 2, 0.2),
             Rule(y_axis - 0.1, cy - REACH - 1, 0.2, 2 * REACH + 2)]
    for t in range(-REACH, REACH + 1):
        tick = 3.0 if t % 5 == 0 else 1.8
        rules.append(Rule(cx + t - 0.07, x_axis - tick, 0.14, tick))
        rules.append(Rule(y_axis - tick, cy + t - 0.07, tick, 0.14))
    return rules


def _labels(cx: float, cy: float, sign_x: float, sign_y: float) -> list[Label]:
    """Every 5 mm: under the X scale, right of the Y scale; signed as the correction."""
    labels = []
    for t in range(-REACH, REACH + 1, 5):
        labels.append(Label(cx + t, cy + GAP + 1.8, _signed(t * sign_x)))
        labels.append(Label(cx + GAP + 2.6, cy + t, _signed(t * sign_y)))
    return labels


def _pointers(cx: float, cy: float) -> list[Rule]:
    """In front coordinates: a line through zero of the X scale and one through zero of the
    Y scale, long enough to cross them wherever the printer puts the back."""
    reach = REACH + 4
    return [Rule(cx - 0.3, cy + GAP - reach, 0.6, 2 * reach),
            Rule(cx + GAP - reach, cy - 0.3, 2 * reach, 0.6)]


def _mapped(transform: Affine, rule: Rule) -> Rule:
    x1, y1 = transform.apply(rule.x, rule.y)
    x2, y2 = transform.apply(rule.x + rule.width, rule.y + rule.height)
    return Rule(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))


def _signed(value: float) -> str:
    return "0" if value == 0 else f"{value:+g}".replace("-", "\u2212")
