"""Right-to-left books: code kept left to right, as markup.

EPUB style sheets may not use ``direction`` or ``unicode-bidi`` (EPUBCheck CSS-001; reading
systems own them), so in a book written right to left every code block and inline code gets
``dir="ltr"``: HTML gives an element with a ``dir`` attribute bidi isolation of its own, so a
line of Python keeps its order and its punctuation inside an Arabic paragraph.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

_CODE = {"pre", "code", "kbd", "samp"}


def code_left_to_right(root: etree._Element) -> None:
    """``dir="ltr"`` on every code block and on inline code outside one (HTML or XHTML)."""
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname not in _CODE:
            continue
        parent = element.getparent()
        if parent is not None and etree.QName(parent).localname == "pre":
            continue
        element.set("dir", "ltr")
