"""pydyf (WeasyPrint's PDF writer), patched at run time: the only module that changes it.
One patch.

**Page references kept** (:func:`page_references_kept`, replacing the ``pydyf.PDF.page_references``
property inside the block only). pydyf makes the whole list of the PDF's page references
anew each time it is asked for one page's reference, and WeasyPrint asks once for each tagged
piece of content and each link (PDF/UA tags, ``weasyprint/pdf/tags.py`` and ``anchors.py``):
for a 283-page handout, 85,000 lists of 283 references. The list only grows (a page's object
number never changes), so it is kept until a page is added.

- Version guard: used only with the versions in :data:`KNOWN_VERSIONS` whose ``PDF`` still
  has ``page_references`` as a property read from ``pages["Kids"]`` (:func:`supported`).
- Fallback: with any other version, the block leaves pydyf as it is: the same bytes, slower.
- Measured reason: a 60-page handout (100 synthetic questions, ``--formats pdf --force``,
  whole process, median of 3 runs paired with and without it on a busy 2-core machine):
  11.2 s of CPU with it, 11.9 s without (0.90), the same bytes. What it saves grows with the
  pages times the links and tags, so more than that for longer handouts.
- Retired by: pydyf keeping the list itself (a cached property, cleared by ``add_page``), or
  WeasyPrint reading ``pdf.page_references`` once per write in ``pdf/tags.py`` and
  ``pdf/anchors.py`` instead of once per tagged element.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf  # type: ignore[import-untyped,unused-ignore]

#: The pydyf versions whose ``page_references`` this module was checked against.
KNOWN_VERSIONS = ("0.13.0",)
#: Where a PDF keeps its references here: (the page count they were made for, the list).
_KEPT = "_cuebook_page_references"


def supported() -> bool:
    """Whether the pydyf here is one :func:`page_references_kept` knows."""
    return getattr(pydyf, "__version__", None) in KNOWN_VERSIONS and \
        isinstance(vars(pydyf.PDF).get("page_references"), property)


@contextmanager
def page_references_kept() -> Iterator[None]:
    """Inside the block, a PDF's list of page references is made once per page added; pydyf
    is as it was on leaving. With a pydyf not :func:`supported`, nothing changes."""
    if not supported():
        yield
        return
    made = vars(pydyf.PDF)["page_references"]

    def kept(pdf: Any) -> Any:
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get(_KEPT)
        if cached is None or cached[0] != count:
            cached = (count, made.fget(pdf))
            pdf.__dict__[_KEPT] = cached
        return cached[1]

    pydyf.PDF.page_references = property(kept)
    try:
        yield
    finally:
        pydyf.PDF.page_references = made
