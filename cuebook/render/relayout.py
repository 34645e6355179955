"""A change of style made between WeasyPrint's layout passes, laid out from the first page it
reaches instead of from the first page of the document.

WeasyPrint lays a document out page by page and keeps, for each page, the state the page
starts from (its "page maker"). When something a page shows changes after it was made (a page
number in the contents, once the page it cites is known), WeasyPrint makes that page again
from its state, and the pages after it as long as where they start changes; the pages before
it are kept. :func:`revising` lets a caller take part in that: once a pass has settled, the
caller reads the laid-out pages, may change the styles of boxes, and names the first page the
change reaches; the layout goes on from there exactly as WeasyPrint goes on after a page
number changed, and the caller is asked again once it has settled.

This reaches into WeasyPrint's layout (its ``make_all_pages`` and page maker), checked against
the versions in :data:`SUPPORTED`; with any other, :func:`supported` is false and callers lay
the changed document out again in full (the same pages, slower).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint
import weasyprint.layout

#: WeasyPrint's major versions whose page maker this module knows.
SUPPORTED = ("70",)

#: Given a settled pass's page boxes, WeasyPrint's layout context and the HTML document, a
#: reviser changes what it needs and returns the index of the first page to lay out again, or
#: None when nothing changes.
Reviser = Callable[[list[Any], Any, Any], "int | None"]


def supported() -> bool:
    return weasyprint.__version__.split(".")[0] in SUPPORTED


@contextmanager
def revising(revise: Reviser) -> Iterator[None]:
    """Inside the block, every WeasyPrint layout consults ``revise`` whenever a pass settles."""
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
