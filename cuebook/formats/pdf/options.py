"""The handout's options: ``book.yaml``'s ``pdf:`` section (the paper itself is
``output.paper`` or ``--paper``, shared with the cards and the site)."""

from __future__ import annotations

from cuebook.book.paper import PAPER_SIZES
from cuebook.formats.options import Option, Section, list_of

SECTION = Section("pdf", (
    Option("papers", "more papers to print the handout on, each as <slug>-<paper>.pdf "
           "(a4, letter)", list_of(*PAPER_SIZES), ()),
))
