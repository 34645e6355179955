"""WeasyPrint, patched at run time: the only module that changes it. One patch.

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
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint
import weasyprint.layout

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
