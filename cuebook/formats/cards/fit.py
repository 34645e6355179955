"""Fitting every face on its card, measured by WeasyPrint's own layout.

Each face (a card's front or back) is laid out as pages of the card's size. A face that takes
one page fits. Those that do not are laid out again one step smaller: a front from 24 pt down
to 14 pt (its question is what the card is for), a back from 10 pt down to a floor. A back
still too long becomes a summary back (:mod:`cuebook.formats.cards.summary`) by default, or
runs on to continuation cards, at the largest size that needs no more cards than the floor
does. A deck's fronts are then set at one size, the largest most of them fit at (the others
at the largest all of those fit at), not a different size on every card. The laid-out pages
are kept: they are what :mod:`cuebook.formats.cards.impose` puts on
the sheets, so what was measured is what is printed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup

from cuebook import __version__
from cuebook import keys as content_keys
from cuebook.book.model import Book, Fragment, Part, Question
from cuebook.diagnostics import CuebookError, Diagnostic, Severity
from cuebook.formats.cards.drawings import FaceDrawings, KeptPage
from cuebook.formats.cards.memory import (
    Decision,
    FitMemory,
    face_keys,
    more_shape,
)
from cuebook.formats.cards.options import CardOptions, CardSize
from cuebook.formats.cards.summary import (
    Summary,
    summarise,
    with_lead_ins,
    without_ids,
    worth_keeping,
)
from cuebook.i18n import is_cjk, parenthesised, strings
from cuebook.render import cjk
from cuebook.render.collector import kept_apart
from cuebook.render.fonts import FontStack
from cuebook.render.paginate import page_fill
from cuebook.render.templates import make_environment
from cuebook.render.weasy import layout, stylesheets

Side = Literal["front", "back"]

#: The size every back is tried at first, and the steps down from it.
START_SIZE = 10.0
STEP = 0.5
#: Fronts: the question is the star of a cue card, read at arm's length, so it is set as
#: large as fits, from 24 pt down to 14 pt; only a prompt too long for that goes smaller,
#: its title staying at 14 pt.
FRONT_SIZES = (24.0, 22.0, 20.0, 18.0, 16.0, 15.0, 14.0)
QUESTION_FLOOR = 14.0
#: Below these, print stops being readable at arm's length: CJK strokes fill in under 8 pt,
#: Latin text holds to about 7 pt. Footers, labels and code are held to them too.
FLOOR_CJK = 8.0
FLOOR_LATIN = 7.0
#: A summary back is set at this size: an answer that does not fit whole at it is summarised
#: (``cards: {long: summary}``) rather than shrunk to the floor.
SUMMARY_SIZE = 9.0
#: Card padding in mm: wider than the 1–4 mm home duplex printers are off, so a shifted back
#: still keeps its text on its own card; the bottom holds the footer.
PAD_SIDE = 5.0
PAD_TOP = 6.0
PAD_BOTTOM = 8.0
#: Questions fitted together, in WeasyPrint documents of their own. One document of a
#: 1,000-question deck's 2,000 faces peaked at 1.4 GB, eight of 250 faces holding the same
#: pages at 0.9 GB: WeasyPrint's cost per document (styles, fonts) is small, its transient
#: cost per element is not. And a part's tries at sizes not chosen are let go before the next.
QUESTIONS_PER_PART = 100
#: How much a face's measured length (cards, summed as far down as the text reached) may
#: overstate what it needs: the margins a page break drops, a block pushed whole to the
#: next card. A size is skipped only when even the square law says it cannot fit.
FILL_SLACK = 0.05


@dataclass(frozen=True)
class Face:
    """One face of one card, as the template renders it."""

    key: str  # unique in the deck; the id of the face's start marker
    side: Side
    question: Question
    parts: tuple[Part, ...]
    notes: tuple[tuple[int, Fragment], ...]
    cardno: str  # "3/12": its place in the deck, as the footer shows it
    chapter: str  # the chapter's title, for the footer
    cont_mark: str  # "（续）"
    cont_number_mark: str  # "3（续）"
    font_size: float = START_SIZE
    filler: bool = False  # a continuation card this face has nothing more for
    filler_mark: str = ""  # "2/3" on a continuation card's front
    more: str = ""  # where the rest of a summarised answer is: "完整答案见讲义第 7 页"
    summary: Summary | None = None  # what a summary back kept and left out
    #: A front that fits its card, set in the card's middle. Only then: WeasyPrint lays out a
    #: flex box that runs over many pages very slowly (161 s for 41 pages, 0.2 s as blocks).
    centred: bool = False

    @property
    def lede(self) -> Part | None:
        """The prompt set with the title on a front, without its label."""
        return next((p for p in self.parts if p.key == "question"), None) \
            if self.side == "front" else None


@dataclass(frozen=True)
class Card:
    """A question in the deck: position ``position`` of ``total``."""

    question: Question
    position: int
    total: int


@dataclass(frozen=True)
class PrintedCard:
    """One card to cut out: a laid-out page for each face."""

    card: Card
    index: int  # 1 for the card itself, 2… for its continuation cards
    count: int  # how many cards the question takes
    front: Any  # weasyprint.document.Page, card-sized
    back: Any


@dataclass(frozen=True)
class FaceFit:
    size: float
    pages: tuple[Any, ...]
    centred: bool = False  # a front laid out in the card's middle


@dataclass(frozen=True)
class Places:
    """Each question's number in the deck (by id) and the deck's size: "3/12"."""

    numbers: Mapping[str, int]
    total: int


@dataclass
class FittedDeck:
    cards: list[PrintedCard]
    fits: dict[str, FaceFit]
    faces: dict[str, Face]
    warnings: list[str] = field(default_factory=list)
    #: Every laid-out document, holding only its printed pages: they are painted onto the
    #: sheets, and WeasyPrint frees a document's fonts when it is collected.
    documents: list[Any] = field(default_factory=list)
    places: Places = field(default_factory=lambda: Places({}, 0))
    #: Faces fitted from scratch (trial layouts); the others were laid out once, as an earlier
    #: build decided (:mod:`cuebook.formats.cards.memory`).
    refitted: int = 0
    #: ``cards: {long: larger}``: the questions too long for this size, on cards a size up.
    larger: tuple[CardSize, FittedDeck] | None = None
    #: The faces the last build laid out, and this build's (:mod:`.drawings`).
    drawings: FaceDrawings | None = None

    @property
    def shrunk(self) -> list[Face]:
        """Backs set below the start size, fronts whose question is below 14 pt."""
        return [f for key, f in self.faces.items() if f.summary is None and self.fits[key].size
                < (START_SIZE if f.side == "back" else QUESTION_FLOOR)]

    @property
    def summarised(self) -> list[Face]:
        return [f for f in self.faces.values() if f.summary is not None]

    @property
    def split(self) -> list[PrintedCard]:
        return [c for c in self.cards if c.index == 1 and c.count > 1]


def floor_for(language: str) -> float:
    """The smallest size any text on a card of this language may have."""
    return FLOOR_CJK if is_cjk(language) else FLOOR_LATIN


def font_sizes(language: str, down_to: float = 0.0) -> tuple[float, ...]:
    """A back's sizes, largest first, down to the floor (or ``down_to`` when larger)."""
    floor = max(floor_for(language), down_to)
    count = round((START_SIZE - floor) / STEP)
    return tuple(START_SIZE - i * STEP for i in range(count + 1))


def sizes_for(face: Face, language: str, long: str) -> tuple[float, ...]:
    """The sizes a face is tried at, largest first. A back that is summarised when it does
    not fit is not shrunk below the summary's size first."""
    if face.side == "front":
        return FRONT_SIZES + (13.0, 12.0, 11.0) + font_sizes(language)
    return font_sizes(language, SUMMARY_SIZE if long == "summary" else 0.0)


@dataclass
class FaceRenderer:
    """Renders faces to HTML and lays them out; one per deck build."""

    book: Book
    project_dir: Path
    options: CardOptions
    stack: FontStack
    source_date_epoch: int
    #: The handout page each question starts on, asked for only when a back is summarised.
    handout_pages: Callable[[], Mapping[str, int]] = dict
    #: What earlier builds decided for faces laid out exactly as these (:mod:`.memory`).
    memory: FitMemory = field(default_factory=lambda: FitMemory(None, {}, {}))
    #: The faces the last build laid out, and where this one keeps its own (:mod:`.drawings`).
    drawings: FaceDrawings | None = None
    warnings: list[str] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)
    laid: int = 0  # faces laid out by WeasyPrint
    kept: int = 0  # faces as the last build laid them out
    _pages: Mapping[str, int] | None = None
    _token: str | None = None

    def html(self, faces: Sequence[Face]) -> str:
        env = make_environment(self.book.root, self.project_dir)
        size = self.options.size
        card = {"width": size.width, "height": size.height, "pad_side": PAD_SIDE,
                "pad_top": PAD_TOP, "pad_bottom": PAD_BOTTOM,
                "content_height": size.height - PAD_TOP - PAD_BOTTOM}
        stamp = dt.datetime.fromtimestamp(self.source_date_epoch, dt.UTC)
        # The handout's CJK finish (cuebook.render.cjk): gaps, compressed punctuation, no runts.
        return cjk.finish_html(str(env.get_template("cards.html.j2").render(
            config=self.book.config, deck=self.options.deck, faces=faces, card=card,
            floor=floor_for(self.book.config.language), question_floor=QUESTION_FLOOR,
            t=strings(self.book.config.language), version=__version__,
            timestamp=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            # Family names are cuebook's own (cuebook.render.fonts), never the book's: safe in CSS.
            fonts={"sans": Markup(self.stack.css(self.stack.sans)),
                   "mono": Markup(self.stack.css(self.stack.mono)),
                   "faces": Markup(self.stack.face_rules())})))

    def stylesheets(self) -> list[Path]:
        return stylesheets(self.book.root, self.project_dir, "cards.css")

    def keys(self, faces: Sequence[Face]) -> dict[str, str]:
        """Each face's key in the fit memory: its HTML with neutral footers, the card, the
        styles, the fonts and the options (:mod:`cuebook.formats.cards.memory`)."""
        neutral = [replace(f, key="face", cardno="", chapter="") for f in faces]
        return face_keys(self.token(), self.html(neutral), (f.key for f in faces))

    def token(self) -> str:
        if self._token is None:
            self._token = content_keys.key(
                "card faces", files=self.stylesheets(), fonts=self.stack.files(),
                options={"long": self.options.long, "size": str(self.options.size)})
        return self._token

    def layout(self, faces: Sequence[Face]) -> dict[str, tuple[Any, ...]]:
        """The pages of each of ``faces``, by face key: those the last build laid out exactly
        so as it kept them (:mod:`cuebook.formats.cards.drawings`), the others laid out now
        in one document."""
        if self.drawings is None or not faces:
            return self.laid_out(faces)
        keys = self.drawing_keys(faces)
        found: dict[str, tuple[Any, ...]] = {}
        for face in faces:
            kept = self.drawings.kept(keys[face.key], face, self.laid_out) \
                if face.key in keys else None
            if kept is not None:
                found[face.key] = kept
        self.warnings += [w for w in self.drawings.warnings(keys[k] for k in found)
                          if w not in self.warnings]
        self.kept += len(found)
        fresh = [f for f in faces if f.key not in found]
        return found | (self.laid_out(fresh, keys) if fresh else {})

    def drawing_keys(self, faces: Sequence[Face]) -> dict[str, str]:
        """Each face's drawing key: its HTML as laid out, footers and all, the card, the
        styles, the fonts and the options."""
        named = [replace(f, key="face") for f in faces]
        return face_keys(self.token(), self.html(named), (f.key for f in faces))

    def laid_out(self, faces: Sequence[Face], keys: Mapping[str, str] | None = None,
                 ) -> dict[str, tuple[Any, ...]]:
        """Lay ``faces`` out in one document; the pages of each, by face key (``keys``: their
        drawing keys, when known)."""
        document, _, warnings, _ = layout(
            self.html(faces), base_dir=self.book.root,
            stylesheets=self.stylesheets(),
            roots=(self.book.root, self.project_dir / "styles", self.project_dir / "templates",
                   *self.stack.face_files()),
            where=self.book.config.location)
        self.documents.append(document)
        self.warnings += [w for w in warnings if w not in self.warnings]
        laid = pages_by_face(document, {f.key for f in faces})
        self.laid += len(faces)
        if self.drawings is not None:
            keys = keys or self.drawing_keys(faces)
            for face in faces:
                if face.key in keys:
                    self.drawings.record(keys[face.key], laid[face.key],
                                         map(page_fill, laid[face.key]), warnings)
        return laid

    def full_answer(self, question: Question) -> str:
        """The line that says where a summarised answer is in full."""
        if self._pages is None:
            self._pages = self.handout_pages()
        page = self._pages.get(question.id)
        words = strings(self.book.config.language)
        return words["full_answer"].format(page=page) if page else words["full_answer_nopage"]


def pages_by_face(document: Any, keys: set[str]) -> dict[str, tuple[Any, ...]]:
    """Each face starts on the page holding its marker and runs until the next face starts."""
    found: dict[str, list[Any]] = {}
    current: str | None = None
    for page in document.pages:
        starts = [a for a in page.anchors if a in keys]
        if starts:
            current = starts[0]
            found[current] = []
        if current is not None:
            found[current].append(page)
    return {key: tuple(pages) for key, pages in found.items()}


def faces_for(book: Book, options: CardOptions, questions: Sequence[Question],
              places: Places) -> list[Face]:
    """A front and a back for each question, in deck order."""
    language = book.config.language
    mark = parenthesised(language, strings(language)["continued"])
    chapter_of = {q.id: c.title.text for c in book.chapters for q in c.questions}
    faces = []
    sides: tuple[tuple[Side, tuple[str, ...]], ...] = (("front", options.front),
                                                       ("back", options.back))
    # A question without the parts chosen for the back (an author's 要点) keeps the rest.
    rest = tuple(p.key for p in book.config.parts if p.key not in options.front)
    for position, question in enumerate(questions, 1):
        cardno = f"{places.numbers[question.id]}/{places.total}"
        for side, chosen in sides:
            keys = chosen if side == "front" or any(question.part(k) for k in chosen) else rest
            parts = tuple(p if side == "front" else with_lead_ins(p) for k in keys
                          if (p := question.part(k)) is not None
                          and not (side == "front" and _says_nothing_more(p, question)))
            notes = tuple((n.number, Fragment(n.html, "")) for p in parts
                          for n in p.content.footnotes)
            faces.append(Face(f"c{position}-{side}", side, question, parts, notes, cardno,
                              chapter_of[question.id], mark, f"{question.number}{mark}"))
    return faces


def _says_nothing_more(part: Part, question: Question) -> bool:
    """A prompt that only repeats the title ("什么是大模型？") is not set twice on the front."""
    if part.key != "question":
        return False
    prompt, title = _plain(part.content.text), _plain(question.title.text)
    return bool(prompt) and prompt in title


def _plain(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def fit_faces(renderer: FaceRenderer, faces: Sequence[Face]) -> dict[str, FaceFit]:
    """The size and pages of every face: the largest size at which it fits on one card, or,
    when none does, the largest tried that needs no more cards than the smallest size.

    Each round lays out, in one document, every face still too long at its next size, and
    skips the sizes it cannot fit at (:func:`_could_fit`). A short front is tried first in
    the card's middle at its largest size: when it fits so, it would have fitted as it is
    and then been centred (:func:`centre_fronts`), one layout later.
    """
    language, long = renderer.book.config.language, renderer.options.long
    queues = {f.key: list(sizes_for(f, language, long)) for f in faces}
    tried: dict[str, dict[float, tuple[Any, ...]]] = {f.key: {} for f in faces}
    fits: dict[str, FaceFit] = {}
    centring = {f.key for f in faces if f.side == "front" and _short(f)}
    pending = list(faces)
    while pending:
        batch = [replace(f, font_size=queues[f.key][0], centred=True) if f.key in centring
                 else replace(f, font_size=queues[f.key].pop(0)) for f in pending]
        laid = renderer.layout(batch)
        for face in batch:
            pages = laid[face.key]
            if face.centred:  # not centred at this size: tried next as it is
                centring.discard(face.key)
                if len(pages) == 1:
                    fits[face.key] = FaceFit(face.font_size, pages, centred=True)
                continue
            tried[face.key][face.font_size] = pages
            if len(pages) == 1:
                fits[face.key] = FaceFit(face.font_size, pages)
            else:
                # A back to be summarised needs no fallback size: its page count at the
                # floor is not used.
                queues[face.key] = _could_fit(queues[face.key], face.font_size, len(pages),
                                              sum(map(_fill, pages)),
                                              face.side == "front" or long != "summary")
        pending = [f for f in pending if f.key not in fits and queues[f.key]]
    for face in faces:
        if face.key not in fits:
            fewest = min(len(pages) for pages in tried[face.key].values())
            best = max(s for s, pages in tried[face.key].items() if len(pages) == fewest)
            fits[face.key] = FaceFit(best, tried[face.key][best])
    return fits


def _fill(page: Any) -> float:
    return page.fill if isinstance(page, KeptPage) else page_fill(page)


#: A front of at most this many characters is tried centred first: it cannot run onto the
#: many cards that make WeasyPrint's flex layout slow (see :attr:`Face.centred`).
SHORT_FRONT = 160


def _short(face: Face) -> bool:
    text = face.question.title.text + "".join(p.content.text for p in face.parts)
    return len(text) <= SHORT_FRONT


def _could_fit(sizes: list[float], tried: float, pages: int, filled: float,
               fallback: bool = True) -> list[float]:
    """The smaller ``sizes`` a face that took ``pages`` cards at ``tried`` pt may fit at, and
    with ``fallback`` always the smallest (whose page count is the fallback). Everything on a
    face is sized in em but pictures and hairlines, so its height shrinks at most with the
    square of the size
    (fewer lines per paragraph, each less tall), and it filled more than ``pages - 1`` cards:
    two full cards of a back at 10 pt are still 1.28 at 8 pt, and a long question's ten
    cards at 24 pt are still three at 14 pt. ``filled`` says more: how far down each card
    the text reached, added up (a back that ran 60 % onto its second card is 1.6 cards long,
    too long for 9.5 pt or 9 pt, and goes straight to the sizes that could hold it); a hair
    of slack (:data:`FILL_SLACK`) for margins a page break drops."""
    keep = [s for s in sizes if (pages - 1) * (s / tried) ** 2 <= 1
            and filled * (s / tried) ** 2 <= 1 + FILL_SLACK]
    return keep if not fallback or sizes[-1:] == keep[-1:] else keep + sizes[-1:]


def summarise_backs(renderer: FaceRenderer, faces: Sequence[Face],
                    fits: dict[str, FaceFit]) -> list[Face]:
    """Backs too long for one card replaced by their longest summary that fits one (found by
    halving, every back of the part in one document per step); ``fits`` is updated."""
    long = [f for f in faces if f.side == "back" and len(fits[f.key].pages) > 1]
    most = {f.key: worth_keeping(f.parts) for f in long}
    low = {f.key: min(1, most[f.key]) for f in long}
    high = dict(most)
    chosen: dict[str, Face] = {}
    while pending := [f for f in long if low[f.key] <= high[f.key]]:
        trial = [_summary_face(renderer, f, (low[f.key] + high[f.key] + 1) // 2)
                 for f in pending]
        laid = renderer.layout(trial)
        for face in trial:
            tried = (low[face.key] + high[face.key] + 1) // 2
            if len(laid[face.key]) == 1 or tried == min(1, most[face.key]):
                # The shortest summary is kept even when it runs on: the answer still starts.
                chosen[face.key] = face
                fits[face.key] = FaceFit(SUMMARY_SIZE, laid[face.key])
            if len(laid[face.key]) == 1:
                low[face.key] = tried + 1
            else:
                high[face.key] = tried - 1
    return [chosen.get(f.key, f) for f in faces]


def centre_fronts(renderer: FaceRenderer, faces: Sequence[Face],
                  fits: dict[str, FaceFit]) -> list[Face]:
    """The fronts that fit their card laid out again, at the same size, in its middle (those
    not fitted there already); ``fits`` is updated."""
    fitting = [replace(f, font_size=fits[f.key].size, centred=True) for f in faces
               if f.side == "front" and len(fits[f.key].pages) == 1
               and not fits[f.key].centred]
    laid = renderer.layout(fitting) if fitting else {}
    centred = {f.key: f for f in fitting if len(laid[f.key]) == 1}
    for key in centred:
        fits[key] = FaceFit(fits[key].size, laid[key], centred=True)
    centred |= {f.key: replace(f, centred=True) for f in faces if fits[f.key].centred}
    return [replace(centred[f.key], font_size=f.font_size) if f.key in centred else f
            for f in faces]


#: The share of a deck's fronts that must fit at the size the deck's fronts are set at.
MOST = 2 / 3


def front_sizes(sizes: Sequence[float]) -> dict[float, float]:
    """The size each front is set at, from the largest it fits at: the largest size most
    (:data:`MOST`) fronts fit at, and for the others the largest size all of them fit at;
    a front that fits only below :data:`QUESTION_FLOOR` keeps its own (its prompt is long).
    So a deck's fronts take two sizes, not one per card (15 to 24 pt in one deck)."""
    even = sorted((s for s in sizes if s >= QUESTION_FLOOR), reverse=True)
    if not even:
        return {}
    most = even[max(0, math.ceil(len(even) * MOST) - 1)]
    rest = min(even)
    return {s: most if s >= most else rest for s in even}


def one_front_size(renderer: FaceRenderer, deck: FittedDeck) -> None:
    """The deck's fronts set at its sizes (:func:`front_sizes`): those of one card whose size
    that changes laid out again, in its middle where they fit so, smaller than they fitted at
    (the fit memory keeps what each front fits at: the sizes are the whole deck's choice). A
    question whose back runs on keeps its front's size: its continuation fronts repeat it."""
    keys = [f"c{n}-front" for n, c in enumerate((c for c in deck.cards if c.index == 1), 1)
            if c.count == 1]
    fronts = [deck.faces[k] for k in keys if len(deck.fits[k].pages) == 1]
    target = front_sizes([deck.fits[f.key].size for f in fronts])
    moved = [replace(f, font_size=target[deck.fits[f.key].size], centred=True) for f in fronts
             if target.get(deck.fits[f.key].size, deck.fits[f.key].size)
             != deck.fits[f.key].size]
    for first in range(0, len(moved), QUESTIONS_PER_PART):
        batch = moved[first:first + QUESTIONS_PER_PART]
        laid = renderer.layout(batch)
        centred = [f for f in batch if len(laid[f.key]) == 1]
        again = [replace(f, centred=False) for f in batch if len(laid[f.key]) != 1]
        laid.update(renderer.layout(again) if again else {})
        for face in centred + again:
            if len(laid[face.key]) == 1:
                deck.fits[face.key] = FaceFit(face.font_size, laid[face.key], face.centred)
                deck.faces[face.key] = face
    if not moved:
        return
    pages = {k: deck.fits[k].pages[0] for k in keys}
    numbered = enumerate((c for c in deck.cards if c.index == 1), 1)
    by_card = {id(c): pages[f"c{n}-front"] for n, c in numbered if f"c{n}-front" in pages}
    deck.cards = [replace(c, front=by_card.get(id(c), c.front)) for c in deck.cards]
    renderer.documents[:] = _printed_only(renderer.documents, deck.cards)


def _summary_face(renderer: FaceRenderer, face: Face, count: int) -> Face:
    summary = summarise(face.parts, count)
    notes = tuple((n.number, Fragment(n.html, "")) for p in summary.parts
                  for n in p.content.footnotes)
    return replace(face, parts=summary.parts, notes=notes, font_size=SUMMARY_SIZE,
                   more=renderer.full_answer(face.question), summary=summary)


def fit_deck(renderer: FaceRenderer, questions: Sequence[Question],
             places: Places | None = None) -> FittedDeck:
    """Every question's cards, continuation cards included, with their laid-out faces.
    ``places``: each question's number in a deck of which these are only some.

    Fitted :data:`QUESTIONS_PER_PART` questions at a time; every part keeps only the pages
    that are printed, so memory grows with the deck's cards, not with the tries.
    """
    places = places or Places({q.id: n for n, q in enumerate(questions, 1)}, len(questions))
    faces = faces_for(renderer.book, renderer.options, questions, places)
    deck = FittedDeck([], {}, {f.key: f for f in faces}, renderer.warnings, places=places)
    too_long: list[Face] = []
    with kept_apart() as settle:
        for first in range(0, len(questions), QUESTIONS_PER_PART):
            count = min(QUESTIONS_PER_PART, len(questions) - first)
            too_long += _fit_part(renderer, deck, faces[2 * first:2 * (first + count)],
                                  first + 1)
            settle()
        one_front_size(renderer, deck)
    if too_long:
        raise CuebookError([Diagnostic(f.question.location, Severity.ERROR,
                                       f"the title of question {f.question.number} does not "
                                       "fit on one card; choose a larger --cards-size",
                                       "cards.title-too-long") for f in too_long])
    deck.documents = renderer.documents
    deck.drawings = renderer.drawings
    return deck


def _fit_part(renderer: FaceRenderer, deck: FittedDeck, faces: Sequence[Face],
              position: int) -> list[Face]:
    """Fit the questions whose faces (front, back, front…) are ``faces``, the first at deck
    ``position``, and add their cards to ``deck``; the continuation faces too long to fit."""
    laid_before = len(renderer.documents)
    keys = renderer.keys(faces)
    faces, fits = _remembered(renderer, faces, keys)
    unknown = [f for f in faces if f.key not in fits]
    deck.refitted += len(unknown)
    if unknown:
        found = fit_faces(renderer, unknown)
        if renderer.options.long == "summary":
            unknown = summarise_backs(renderer, unknown, found)
        unknown = centre_fronts(renderer, unknown, found)
        fits.update(found)
        fitted = {f.key: f for f in unknown}
        faces = [fitted.get(f.key, f) for f in faces]
    for face in faces:
        fit = fits[face.key]
        renderer.memory.keep(keys.get(face.key), Decision(
            fit.size, len(fit.pages), face.centred,
            face.summary.kept if face.summary is not None else None, more_shape(face.more)))
    deck.faces.update((f.key, f) for f in faces)
    fillers = _fillers(faces, fits)
    filled = renderer.layout(fillers) if fillers else {}
    cards = []
    for front in faces[::2]:
        card = Card(front.question, deck.places.numbers[front.question.id], deck.places.total)
        fronts = _pages(position, "front", fits, filled)
        backs = _pages(position, "back", fits, filled)
        cards += [PrintedCard(card, i + 1, len(fronts), front_page, back_page)
                  for i, (front_page, back_page) in enumerate(zip(fronts, backs, strict=True))]
        position += 1
    deck.cards += cards
    deck.fits.update(fits)
    renderer.documents[laid_before:] = _printed_only(renderer.documents[laid_before:], cards)
    return [f for f in fillers if len(filled[f.key]) != 1]


def _remembered(renderer: FaceRenderer, faces: Sequence[Face],
                keys: Mapping[str, str]) -> tuple[list[Face], dict[str, FaceFit]]:
    """The faces of the questions whose two faces were fitted before, as then decided, laid
    out once (in one document) and checked: those still taking the cards they took, with
    their fits; the others are left to be fitted (their keys are not in the fits)."""
    decided: dict[str, tuple[Face, Decision]] = {}
    for pair in zip(faces[::2], faces[1::2], strict=True):
        found = [(f, renderer.memory.get(keys.get(f.key))) for f in pair]
        decided.update((f.key, (_as_decided(renderer, f, d), d)) for f, d in found
                       if d is not None and all(d for _, d in found))
    if not decided:
        return list(faces), {}
    laid = renderer.layout([face for face, _ in decided.values()])
    fits: dict[str, FaceFit] = {}
    for pair in zip(faces[::2], faces[1::2], strict=True):
        if all(f.key in decided and _as_before(*decided[f.key], laid[f.key]) for f in pair):
            fits.update((f.key, FaceFit(decided[f.key][0].font_size, laid[f.key],
                                        decided[f.key][0].centred)) for f in pair)
    return [decided[f.key][0] if f.key in fits else f for f in faces], fits


def _as_decided(renderer: FaceRenderer, face: Face, decision: Decision) -> Face:
    if decision.summary is not None and face.side == "back":
        return replace(_summary_face(renderer, face, decision.summary), font_size=decision.size)
    return replace(face, font_size=decision.size, centred=decision.centred and
                   face.side == "front")


def _as_before(face: Face, decision: Decision, pages: tuple[Any, ...]) -> bool:
    """Whether ``face``, laid out as decided, took the cards it took then (a summary back's
    pointer to the handout set the same)."""
    return len(pages) == decision.cards and more_shape(face.more) == decision.more


def _printed_only(documents: Sequence[Any], cards: Sequence[PrintedCard]) -> list[Any]:
    """The documents with only the pages that are printed: the tries at other sizes (a
    quarter of the pages laid out for the synthetic 1,000-question deck) are let go."""
    printed = {id(page) for c in cards for page in (c.front, c.back)}
    return [d.copy([p for p in d.pages if id(p) in printed]) for d in documents]


def _fillers(faces: Sequence[Face], fits: dict[str, FaceFit]) -> list[Face]:
    """Faces for continuation cards whose other face has run out: the front repeats the
    question (its title alone when the question itself runs on), marked "2/3", so a card
    shuffled away from the first still says what it answers; the back is left blank but for
    its footer."""
    fillers = []
    for front, back in zip(faces[::2], faces[1::2], strict=True):
        count = max(len(fits[front.key].pages), len(fits[back.key].pages))
        for face in (front, back):
            keep = face.side == "front" and len(fits[face.key].pages) == 1
            for index in range(len(fits[face.key].pages) + 1, count + 1):
                fillers.append(replace(
                    face, key=f"{face.key}-{index}",
                    parts=tuple(map(without_ids, face.parts)) if keep else (),
                    notes=(), filler=True, font_size=fits[face.key].size, more="",
                    cardno=face.cardno + face.cont_mark, cont_mark="", cont_number_mark="",
                    filler_mark=f"{index}/{count}"))
    return fillers


def _pages(position: int, side: Side, fits: dict[str, FaceFit],
           filled: dict[str, tuple[Any, ...]]) -> list[Any]:
    key = f"c{position}-{side}"
    pages = list(fits[key].pages)
    index = len(pages) + 1
    while f"{key}-{index}" in filled:
        pages += filled[f"{key}-{index}"]
        index += 1
    return pages
