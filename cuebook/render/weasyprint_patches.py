"""WeasyPrint, patched at run time: the only module that changes it. Five patches.

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
ragged); a line with no CJK character is justified by WeasyPrint itself, to the byte. Inline
code (the text inside a ``<code>`` element) keeps its own spacing, letters and spaces: the
rest of the line takes the extra width, and a line with nothing else to take it stays short.
Measured on the first algorithms card, "(i, j)" was set 0.39 pt wider after its comma and
0.36 pt after its space, and CJK text inside code letter-spaced by up to 2.5 pt
(``tests.finish.code_gaps``).

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

**A leader as one run of text** (:func:`leaders_joined`, replacing
``weasyprint.layout.inline.handle_leader`` inside the block only). WeasyPrint fills a line's
``leader()`` with one text box per dot, each placed one dot's width left of the next from the
line's end, and draws each box as a text object of its own (a Pango layout made again, a
font and a position set). Inside the block, once WeasyPrint has placed them, the dots of a
leader are one text box at the leftmost dot's place holding the same dots: the same glyphs
at the same places (each advance is the dot's width either way), one text object.

- Version guard: :data:`LEADER_VERSIONS` (``handle_leader`` and the text box's deactivated
  Pango layout, drawn again from its ``text``); with another version the block changes
  nothing. Only a leader of dots without spaces (a space's advance may be widened by
  justification), on a left-to-right line.
- Measured reason: the seed's handout (12 contents entries) drew 1,402 leader boxes of the
  1,798 text boxes on its 7 pages; with the leaders joined it draws 420
  (``bench/start.py``'s handout, whole process: see docs/performance.md).
- Retired by: WeasyPrint making a leader one text box (its ``handle_leader`` copying the
  dot's box once per dot).

**A font's file read when it is needed** (:func:`faces_read_when_needed`, giving
``weasyprint.pdf.fonts.Font`` a ``file_content`` read on first use, inside the block only).
For each face a PDF uses, WeasyPrint copies the whole font file out of HarfBuzz into Python
bytes as it meets the face (``Font.__init__``), then subsets the face from HarfBuzz's own copy
and replaces those bytes with the subset's: for a Noto CJK collection, 19–27 MB copied and
never read. Inside the block the copy is made only if something reads the font's bytes
before the subset replaces them (a face HarfBuzz cannot subset, a variable or colour font):
the same bytes are embedded.

- Version guard: :data:`FACE_VERSIONS`; with another version the block changes nothing.
- Measured reason: the seed's handout (four CJK faces, 93 MB of files): 0.05–0.06 s of CPU of
  about 1.3 s in ``Font.__init__``, 0.003 s with the copy left out.
- Retired by: WeasyPrint reading a face's data only where it uses it (``Font.subset`` and
  the fontTools paths), not as it meets the face.

**Faces subset side by side** (:func:`faces_subset_together`, replacing
``weasyprint.pdf.build_fonts_dictionary`` inside the block only). WeasyPrint subsets the faces
a PDF uses one after the other, each with HarfBuzz (two ``hb_subset`` calls, in C, without
Python's lock). Inside the block, the faces HarfBuzz subsets (not variable, not colour) are
subset first, on threads side by side, with the glyphs WeasyPrint would give each; its own
loop then finds them done. Each face's subset is the same: the same bytes are written.

- Version guard: :data:`SUBSET_VERSIONS`; with another version the block changes nothing.
- Measured reason: the seed's handout subsets four Noto CJK faces, 0.14–0.16 s of CPU one
  after the other, all of it in ``hb_subset``; on two free cores the four take about half
  that wall time (the CPU is the same; not measured apart on this busy machine).
- Retired by: WeasyPrint subsetting its faces concurrently.
"""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint
import weasyprint.layout
import weasyprint.layout.inline
import weasyprint.layout.leader
import weasyprint.pdf
import weasyprint.pdf.fonts
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import TO_UNITS, ffi, pango
from weasyprint.text.line_break import Layout, line_size

from cuebook.render.swap import swapped

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

    with swapped(weasyprint.layout, "make_all_pages", make_all_pages):
        yield


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


def spreads(char: str) -> bool:
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
            elif spreads(char):
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


def _texts(box: Any, in_code: bool = False) -> Iterator[tuple[Any, bool]]:
    """The line's text boxes in the flow, in the order WeasyPrint spaces them, each with
    whether it is inline code (inside a ``<code>`` element)."""
    in_code = in_code or box.element_tag == "code"
    if isinstance(box, boxes.TextBox):
        yield box, in_code
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
        for child in children:
            if child.is_in_normal_flow():
                yield from _texts(child, in_code)


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
        if not any(spreads(c) for box, _ in texts for c in box.text):
            original(context, line, extra_width)
            return
        # Inline code keeps its own spacing: the rest of the line takes the extra width.
        growth = {id(box): g for box, code in texts if not code and (g := _growth(box)) > 0}
        total = sum(growth.values())
        if total > 0 and extra_width / total <= MOST_SPACING * line.style["font_size"]:
            _shift(line, extra_width / total, growth, 0.0)

    with swapped(weasyprint.layout.inline, "justify_line", justify_line):
        yield


# Leaders as one run (see the module notes) ------------------------------------------------


#: The WeasyPrint versions whose leaders (``layout/leader.py``) this patch was checked against.
LEADER_VERSIONS = ("70.0",)


def _join_leader(line: Any) -> None:
    """The dots WeasyPrint placed in ``line``'s leader, as one text box where the first is."""
    _, leader = weasyprint.layout.leader.leader_index(line)
    if leader is None or len(leader.children) < 2:
        return
    dots = leader.children
    first = min(dots, key=lambda box: box.position_x)
    text = first.text
    if not all(isinstance(box, boxes.TextBox) and box.text == text for box in dots) \
            or not text or any(c.isspace() for c in text):
        return
    joined = first.copy()
    joined.text = text * len(dots)
    joined.width = max(box.position_x + box.width for box in dots) - first.position_x
    layout = copy.copy(first.pango_layout)  # deactivated: drawing lays ``text`` out again
    layout.text = joined.text
    joined.pango_layout = layout
    leader.children = (joined,)


@contextmanager
def leaders_joined() -> Iterator[None]:
    """Inside the block, each leader WeasyPrint lays out is drawn as one run of its dots
    (see the notes above); the library is as it was on leaving. With a WeasyPrint this
    module does not know, the block changes nothing."""
    if weasyprint.__version__ not in LEADER_VERSIONS:
        yield
        return
    original = weasyprint.layout.inline.handle_leader

    def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
        original(context, line, containing_block)
        if line.style["direction"] == "ltr":
            _join_leader(line)

    with swapped(weasyprint.layout.inline, "handle_leader", handle_leader):
        yield


# A font's file read when needed (see the module notes) ------------------------------------


#: The WeasyPrint versions whose ``pdf/fonts.py`` (``Font.__init__`` reading the face with
#: ``get_hb_object_data``, every later use through ``file_content``) this patch knows.
FACE_VERSIONS = ("70.0",)
#: What a font's ``file_content`` holds until it is read.
_UNREAD = object()
#: Where the patched ``file_content`` keeps a font's bytes.
_BYTES = "_cuebook_file_content"


@contextmanager
def faces_read_when_needed() -> Iterator[None]:
    """Inside the block, a font WeasyPrint meets reads its file only when its bytes are used
    (see the notes above); the library is as it was on leaving, and so is each font made in
    the block (its bytes read if they never were). With a WeasyPrint this module does not
    know, the block changes nothing."""
    if weasyprint.__version__ not in FACE_VERSIONS:
        yield
        return
    fonts = weasyprint.pdf.fonts
    read, init = fonts.get_hb_object_data, fonts.Font.__init__
    made: list[Any] = []

    def unread(hb_object: Any, ot_color: Any = None, glyph: Any = None) -> Any:
        return _UNREAD if ot_color is None else read(hb_object, ot_color, glyph)

    def meet(font: Any, *args: Any, **kwargs: Any) -> None:
        fonts.get_hb_object_data = unread  # Font.__init__'s one call: the whole face
        try:
            init(font, *args, **kwargs)
        finally:
            fonts.get_hb_object_data = read
        made.append(font)

    def content(font: Any) -> Any:
        data = font.__dict__[_BYTES]
        if data is _UNREAD:
            data = font.__dict__[_BYTES] = read(font.hb_face)
        return data

    def replace_content(font: Any, data: Any) -> None:
        font.__dict__[_BYTES] = data

    fonts.Font.__init__ = meet
    fonts.Font.file_content = property(content, replace_content)
    try:
        yield
    finally:
        fonts.Font.__init__ = init
        del fonts.Font.file_content
        for font in made:
            font.__dict__["file_content"] = content(font)
            del font.__dict__[_BYTES]


# Faces subset side by side (see the module notes) ------------------------------------------


#: The WeasyPrint versions whose ``build_fonts_dictionary`` and ``Font.clean`` this patch
#: was checked against.
SUBSET_VERSIONS = ("70.0",)


def _subset_jobs(fonts: dict[Any, Any], subset: bool) -> list[tuple[Any, dict[int, str]]]:
    """(font, the glyphs to keep) as ``build_fonts_dictionary`` cleans each face, for the
    faces HarfBuzz subsets alone."""
    by_file: dict[str, list[Any]] = {}
    for font in fonts.values():
        by_file.setdefault(font.hash, []).append(font)
    jobs = []
    for file_fonts in by_file.values():
        font = file_fonts[0]
        if font.bitmap or "fvar" in font.tables or font.png or font.svg or font.colr:
            continue
        to_unicode: dict[int, str] = {}
        if subset and not font.used_in_forms:
            for file_font in file_fonts:
                to_unicode = {**to_unicode, **file_font.to_unicode}
        if to_unicode:
            jobs.append((font, to_unicode))
    return jobs


@contextmanager
def faces_subset_together() -> Iterator[None]:
    """Inside the block, the faces of a PDF WeasyPrint writes are subset side by side (see
    the notes above); the library is as it was on leaving. With a WeasyPrint this module does
    not know, or without HarfBuzz's subsetter, the block changes nothing."""
    fonts = weasyprint.pdf.fonts
    if weasyprint.__version__ not in SUBSET_VERSIONS or not fonts.harfbuzz_subset or \
            not fonts.harfbuzz.hb_version_atleast(4, 1, 0):
        yield
        return
    original = weasyprint.pdf.build_fonts_dictionary

    def build_fonts_dictionary(pdf: Any, used: dict[Any, Any], compress: bool, subset: bool,
                               options: dict[str, Any]) -> Any:
        jobs = _subset_jobs(used, subset)
        if len(jobs) > 1:
            _side_by_side(jobs, options["hinting"])
        try:
            return original(pdf, used, compress, subset, options)
        finally:
            for font, _ in jobs:
                font.__dict__.pop("clean", None)

    with swapped(weasyprint.pdf, "build_fonts_dictionary", build_fonts_dictionary):
        yield


def _side_by_side(jobs: list[tuple[Any, dict[int, str]]], hinting: bool) -> None:
    """Each job's face cleaned as WeasyPrint would clean it, on up to one thread per
    processor; then its ``clean`` does nothing (WeasyPrint's loop finds it done)."""
    waiting = list(reversed(jobs))
    failures: list[BaseException] = []

    def work() -> None:
        while True:
            try:
                font, to_unicode = waiting.pop()
            except IndexError:
                return
            try:
                font.clean(to_unicode, hinting)
            except BaseException as exc:  # raised again below, as WeasyPrint would
                failures.append(exc)
                return
            font.clean = _done

    threads = [threading.Thread(target=work)
               for _ in range(min(len(jobs), os.cpu_count() or 1) - 1)]
    for thread in threads:
        thread.start()
    work()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _done(to_unicode: Any, hinting: Any) -> None:
    """A face's ``clean`` once it was subset side by side."""
