"""Python's garbage collector, set for WeasyPrint's layouts: every setting here is
interpreter-wide, so each is a context manager, entered only around the work that needs it
(in the process doing that work) and restored on leaving it, error or not.

WeasyPrint leaves laid-out pages in reference cycles. Python's collector scans its oldest
generation, the whole heap, each time the heap has grown by a quarter since the last such
scan, and a long layout grows it by gigabytes: it scanned it again and again while finding
little to free.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: The oldest generation's threshold inside :func:`no_full_collections`: far more
#: collections of the middle generation than any layout makes, so none reaches it.
FULL_COLLECTIONS_AFTER = 1_000_000


@contextmanager
def no_full_collections() -> Iterator[None]:
    """Inside the block, the collector leaves its oldest generation alone; the thresholds it
    had are set back on leaving.

    Young objects are still collected; a long document is collected once, after its layout
    (:func:`cuebook.render.weasy.write_pdf`). The 1,000-question handout, in a worker: 60–63 s
    and a 2,150 MB peak with the collector as it is, 54–58 s and 1,878 MB so. A 60-page
    handout (100 synthetic questions, ``--formats pdf --force``, whole process, median of 3
    runs paired with and without it): 11.2 s of CPU and a 533 MiB peak so, 12.8 s and
    563 MiB without (0.87), the same bytes.
    """
    saved = gc.get_threshold()
    gc.set_threshold(saved[0], saved[1], FULL_COLLECTIONS_AFTER)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


@contextmanager
def kept_apart() -> Iterator[Callable[[], None]]:
    """Inside the block, ``settle()`` collects what is left over, then sets every object
    still alive aside from the collector (``gc.freeze``); on leaving, they are handed back.

    The cue cards' fit settles after each part of the deck: the pages a part keeps are then
    not scanned again as the deck's pages pile up (the 1,000-question deck: 91 s without
    it, 78 s with it, the same peak). When something else has already set objects aside,
    nothing is set aside here, so leaving hands back only what was set aside in the block.
    """
    owned = gc.get_freeze_count() == 0

    def settle() -> None:
        gc.collect()
        if owned:
            gc.freeze()

    try:
        yield settle
    finally:
        if owned:
            gc.unfreeze()
