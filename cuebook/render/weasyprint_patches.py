"""WeasyPrint, patched at run time: the only module that changes it. Two patches.

**Revising a settled layout** (:func:`revising`, replacing ``weasyprint.layout.make_all_pages``
inside the block only). A change of style made between WeasyPrint's layout passes is laid
out from the first page it reaches instead of from the first page of the document.

WeasyPrint lays a document out page by page and keeps, for each page, the state the page
starts from (its "page maker"). When something a page shows changes after it was made (a page
number in the contents, once the page it cites is known), WeasyPrint makes that page again
from its state, and the pages after it as long as where they start changes; the pages before
it are kept. :func:`revising` lets a caller take part in that: once a pass has settled, the
caller reads the laid-out pages, may change the styles of boxes, and names the first page the
change reaches; the layout goes on from there exactly as WeasyPrint goes on after a page
number changed, and the caller is asked again once it has settled. The handout uses it for
the page breaks its own layout asks for (a chapter that runs on, :mod:`cuebook.render.paginate`).

- Version guard: it reaches into WeasyPrint's private layout (``make_all_pages``, the page
  maker's states, ``layout_document``'s test for another pass), so it is used only with the
  versions in :data:`KNOWN_VERSIONS` (:func:`supported`).
- Fallback: with any other version, callers lay the changed HTML out again in full until the
  marks settle (:func:`cuebook.formats.pdf.writer.laid_out_again`): the same pages, byte for
  byte, slower.
- Measured reason: a 27-page handout of 14 short chapters, four of which run on
  (``tests/test_relayout.run_on_book``, ``--formats pdf --force``, whole process, median of 3
  runs paired with and without it on a busy 2-core machine): 4.4 s of CPU with it, 6.9 s
  without (0.71), the same bytes: without it the marked HTML is laid out again in full, once
  per round of chapters that run on. A handout where no chapter runs on costs the same
  either way (one layout).
- Retired by: a public WeasyPrint hook between layout passes (``layout_document`` asking a
  callback which page to make again after the styles changed), or CSS WeasyPrint follows
  itself for the breaks the handout marks (``break-before`` decided by where the previous
  chapter ends).

**Justifying CJK lines** (:func:`cjk_justified`, replacing
``weasyprint.layout.inline.justify_line`` inside the block only). WeasyPrint justifies a line
by widening its spaces alone (``count_expandable_spaces``): a Chinese line has none or a few
(around Latin words and inline code), so ``text-align: justify`` either leaves the line short
or opens holes at its two spaces. CSS Text 3 (``text-justify: auto``) and W3C clreq justify
CJK text between every character. Inside the block, a line holding CJK text is justified that
way: each CJK character and each space of the line gets the same added advance (a Pango
letter spacing on the characters, WeasyPrint's word spacing on the spaces), chosen so the line
ends at the measure (unless that spaces its characters more than a quarter em apart: it stays
ragged); a line with no CJK character is justified by WeasyPrint itself, to the byte.

- Version guard: :data:`JUSTIFY_VERSIONS`; with another version the block changes nothing
  (justified CJK text is then WeasyPrint's: only its spaces widen).
- Measured reason: the algorithms handout, set ragged, left 63 of 119 mid-paragraph CJK lines
  more than half an em short of the measure, justified 2 (``python -m tests.finish``); its
  cards 74 of 131, justified 3 (all three ragged by design); justified by WeasyPrint alone,
  two spaces on a line take the whole shortfall.
- How much a text box grows is measured, not computed: Pango drops half a character's letter
  spacing at either end of a box, and WeasyPrint doubles a space's there. The measure is taken
  at a spacing Pango does not round (:func:`_unhinted`): at 1 pt, a box starting with an
  ideograph was drawn half a spacing wider than measured, and a justified line ending in
  Latin letters or inline code ran up to 0.6 mm past its measure (a card's side padding).
- Retired by: WeasyPrint's own ``text-justify`` (inter-character justification for CJK), the
  TODO in ``justify_line`` pointing at https://www.w3.org/TR/css-text-3/#justify-algos.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint
import weasyprint.layout
import weasyprint.layout.inline
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import TO_UNITS, ffi, pango
from weasyprint.text.line_break import Layout, line_size

#: The WeasyPrint versions whose page maker this module was checked against.
KNOWN_VERSIONS = ("70.0",)

#: Given a settled pass's page boxes, WeasyPrint's layout context and the HTML document, a
#: reviser changes what it needs and returns the index of the first page to lay out again, or
#: None when nothing changes.
Reviser = Callable[[list[Any], Any, Any], "int | None"]


def supported() -> bool:
    """Whether the WeasyPrint here is one :func:`revising` knows; callers fall back if not."""
    return weasyprint.__version__ in KNOWN_VERSIONS


@contextmanager
def revising(revise: Reviser) -> Iterator[None]:
    """Inside the block, every WeasyPrint layout consults ``revise`` whenever a pass settles;
    the library is as it was on leaving. Only when :func:`supported`."""
    if not supported():
        raise RuntimeError(f"WeasyPrint {weasyprint.__version__} cannot be revised; "
                           "check supported() first")
    original = weasyprint.layout.make_all_pages
    footnotes: list[Any] | None = None
    total = 0  # pages in the previous pass, as WeasyPrint's layout_document counts them

    def make_all_pages(context: Any, root_box: Any, html: Any,
                       pages: list[Any]) -> Iterator[Any]:
        nonlocal footnotes, total
        if footnotes is None:  # the first pass: the footnotes none of its pages took yet
            footnotes = list(context.footnotes)
        revised = False
        while True:
            before = total
            pages = list(original(context, root_box, html, pages))
            total = len(pages)
            if revised:
                _cite_again(context)
                revised = False
            if _unsettled(context, before, total):
                break  # WeasyPrint's own next pass comes first
            first = revise(pages, context, html)
            if first is None:
                break
            # As WeasyPrint does before each pass after the first.
            context.footnotes = list(footnotes)
            context.page_maker[first][-1]["content_changed"] = True
            revised = True
        yield from pages

    weasyprint.layout.make_all_pages = make_all_pages
    try:
        yield
    finally:
        weasyprint.layout.make_all_pages = original


def _cite_again(context: Any) -> None:
    """Have every page that shows another element's page number (the contents'
    ``target-counter``) made again, reading the numbers anew: WeasyPrint reads them again only
    when the citing page's own counters change, and a revision moves the pages cited."""
    for (_, token), lookup in context.target_collector.counter_lookup_items.items():
        index = lookup.page_maker_index
        if (token == "content" and lookup.missing_target_counters and index is not None
                and index < len(context.page_maker)):
            lookup.pending = True
            context.page_maker[index][-1]["content_changed"] = True


def _unsettled(context: Any, before: int, total: int) -> bool:
    """Whether WeasyPrint would lay the document out again (``layout_document``'s test): a
    page's content changed, or a page shows the page count and that count changed."""
    for *_, page_state, _ in context.page_maker:
        page_state[1]["pages"] = [total]  # as layout_document sets it after each pass
    return any(state["content_changed"] or (state["pages_wanted"] and before != total)
               for *_, state in context.page_maker)


# Justified CJK (see the module notes) -----------------------------------------------------


#: The WeasyPrint versions whose line justification (``justify_line``, ``add_word_spacing``,
#: ``Layout.set_text``) this patch was checked against; a guard of its own, apart from the
#: page maker's.
JUSTIFY_VERSIONS = ("70.0",)
#: The most a justified CJK line spaces its characters apart, in em: a line that would need
#: more (two ideographs and a long identifier, "实现 assign_variant(user_id,") is left
#: ragged rather than letter-spaced.
MOST_SPACING = 0.25


def _spreads(char: str) -> bool:
    """A character justification may space out after: an ideograph, kana, hangul, or a
    full-width punctuation mark (CJK symbols and punctuation, full-width forms, the curly
    quotes CJK fonts set full width)."""
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFF01 <= code <= 0xFF60 or 0x20000 <= code <= 0x2FA1F or char in "“”‘’")


class SpreadLayout(Layout):  # type: ignore[misc]
    """A text box's Pango layout on a justified CJK line: WeasyPrint's word spacing on its
    spaces, and the same spacing as letter spacing on its CJK characters. Drawing lays the
    text out again through :meth:`set_text` (``Layout.reactivate``), so the box keeps this
    layout after the block ends and draws as it was measured."""

    def set_text(self, text: str, justify: bool = False) -> None:
        super().set_text(text, justify)
        spacing = self.justification_spacing
        if not justify or not spacing:
            return
        attrs = pango.pango_layout_get_attributes(self.layout)
        if attrs == ffi.NULL:
            attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        own = self.style["letter_spacing"]
        own = 0 if own == "normal" else own
        letters = _unhinted(int((spacing + own) * TO_UNITS))
        # WeasyPrint's spacing of a space (Layout.set_text), twice as much at either end of
        # the text, where Pango drops half of it; unhinted here too.
        spaces = int((self.style["word_spacing"] + spacing) * TO_UNITS + int(own * TO_UNITS))
        encoded = self.text.encode()
        index = 0
        for char in self.text:
            size = len(char.encode())
            units = None
            if char in " \u00a0":
                units = _unhinted(spaces * (1 + (index in (0, len(encoded) - 1))))
            elif _spreads(char):
                units = letters
            if units is not None:
                attr = pango.pango_attr_letter_spacing_new(units)
                attr.start_index, attr.end_index = index, index + size
                pango.pango_attr_list_change(attrs, attr)
            index += size
        pango.pango_layout_set_attributes(self.layout, attrs)


def _unhinted(units: int) -> int:
    """A letter spacing Pango splits evenly around each character. Pango gives half of a
    character's letter spacing to each side of it, and drops the half at the start and the end
    of a layout (a text box); but a spacing of a whole number of points is "hinted": its left
    half is rounded to whole points, so an odd number of points goes all to the left (1 pt: 1
    and 0). Measured at 1 pt, a box starting with an ideograph then grew by half a spacing
    less than it is drawn, and a justified line ending in Latin letters overran its measure by
    that half; a space at either end of a box (WeasyPrint doubles its spacing there) the same
    at 0.5 pt. One unit (1/1024 pt) less is never hinted."""
    return units - 1 if units and units % TO_UNITS == 0 else units


#: The spacing a text box's growth is measured at (points): any spacing Pango does not hint
#: (:func:`_unhinted`) gives the same growth per point.
PROBE = 0.75


def _spread_layout(box: Any, spacing: float) -> Any:
    layout = SpreadLayout(box.style, spacing)
    layout.set_text(box.text, justify=True)
    return layout


def _width(layout: Any, style: Any) -> float:
    line, _ = layout.get_first_line()
    return float(line_size(line, style)[0])


def _texts(box: Any) -> Iterator[Any]:
    """The line's text boxes in the flow, in the order WeasyPrint spaces them."""
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
        for child in children:
            if child.is_in_normal_flow():
                yield from _texts(child)


def _growth(box: Any) -> float:
    """How much wider ``box`` gets per point of justification spacing."""
    return (_width(_spread_layout(box, PROBE), box.style)
            - _width(_spread_layout(box, 0.0), box.style)) / PROBE


def _shift(box: Any, spacing: float, growth: dict[int, float], x_advance: float) -> float:
    """WeasyPrint's ``add_word_spacing``, with each text box widened by its own growth."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        extra = growth.get(id(box), 0.0) * spacing
        if extra:
            box.justification_spacing = spacing
            layout = _spread_layout(box, spacing)
            layout.deactivate()
            box.pango_layout = layout
            box.width += extra
        return x_advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
        for child in children:
            if child.is_in_normal_flow():
                x_advance = _shift(child, spacing, growth, x_advance)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)  # an atomic inline (inline-block, image)
    return x_advance


@contextmanager
def cjk_justified() -> Iterator[None]:
    """Inside the block, justified lines holding CJK text are spread between their characters
    (see the notes above); the library is as it was on leaving. With a WeasyPrint this module
    does not know, the block changes nothing."""
    if weasyprint.__version__ not in JUSTIFY_VERSIONS:
        yield
        return
    original = weasyprint.layout.inline.justify_line

    def justify_line(context: Any, line: Any, extra_width: float) -> None:
        texts = list(_texts(line))
        if not any(_spreads(c) for box in texts for c in box.text):
            original(context, line, extra_width)
            return
        growth = {id(box): g for box in texts if (g := _growth(box)) > 0}
        total = sum(growth.values())
        if total > 0 and extra_width / total <= MOST_SPACING * line.style["font_size"]:
            _shift(line, extra_width / total, growth, 0.0)

    weasyprint.layout.inline.justify_line = justify_line
    try:
        yield
    finally:
        weasyprint.layout.inline.justify_line = original
