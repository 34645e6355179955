"""How much a book may hold: every limit cuebook enforces, in one place, each with its reason.

A book comes from people we do not know, so every input has a ceiling that a real book is far
below and a hostile one reaches quickly. Each number was chosen against a measurement on the
2-core CI machine (see docs/security.md); going over any of them is a located error, never a
slow build or a crash.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

#: One Markdown file. A 1,000-question bank is ~2 MB; a 5 MB file must still build.
MAX_SOURCE_BYTES = 8 * MIB
#: All the Markdown of one book together. markdown-it-py parses dense markup (``![![![…``,
#: one-line list items) at up to ~28 s per MiB here, so this bounds a hostile book's parse to
#: minutes, not hours, while leaving four times the largest real bank.
MAX_MARKDOWN_BYTES = 8 * MIB
#: ``book.yaml`` and each file's front matter: real ones are under 2 KB; PyYAML's pure-Python
#: loader then stays well under a second.
MAX_CONFIG_BYTES = 64 * KIB
#: Values in a YAML document once aliases are expanded. A complete book.yaml has under 100;
#: nine levels of nine-fold aliases (a "billion laughs") would have 387 million.
MAX_YAML_VALUES = 10_000
#: Everything in the book folder, images included. Real books with diagrams are ~10 MB.
MAX_BOOK_BYTES = 64 * MIB
#: Files and folders in the book folder: chapters, images and styles of a large book are ~200.
MAX_BOOK_FILES = 2_000
#: Media files one import carries into a book: the book's file limit less room for its
#: chapters, book.yaml and styles. Past it, each further file is left out with a warning.
MAX_MEDIA_FILES = 1_800
#: Questions in one book: five times the largest bank we know (a 1,000-question one).
MAX_QUESTIONS = 5_000
#: Elements inside one another in one imported note's HTML. Real notes nest under 20; the
#: HTML-to-Markdown converter recurses once per level (Python's limit is 1,000).
MAX_HTML_DEPTH = 200
#: Groups (``{…}``, ``\\left…\\right``) inside one another in one formula. The math renderer's
#: time grows about threefold with each level: 10 levels take 0.4–2.2 s to draw, 12 up to 10 s,
#: 16 over 30 s and 20 hang the build (a 33-character formula). Real notes nest 6 deep at most.
MAX_FORMULA_DEPTH = 10
#: Lists and block quotes inside one another. Real notes nest 3 or 4 deep; markdown-it stops
#: nesting (and silently drops the rest of the file) at its ``maxNesting``, set above this.
MAX_NESTING = 16
#: Lines in one code block. Laying out code costs about a millisecond a line even as plain
#: text (measured: 20,000 highlighted lines took 7 minutes of handout on a busy 2-core
#: machine); 5,000 lines is about 100 handout pages. A longer listing belongs in a file the
#: book links to.
MAX_CODE_LINES = 5_000
#: Past this many lines a code block is set without syntax colours: each coloured token is an
#: inline box, and layout took 8 times as long for 1,000 highlighted lines as for plain ones.
MAX_HIGHLIGHTED_LINES = 1_000
#: Footnotes in one book. Each costs the handout's layout about 10 ms (1,000 footnotes in one
#: answer: 10.4 s of CPU, 250: 3.8 s, on a busy 2-core machine); real books have a few dozen.
MAX_FOOTNOTES = 1_000
#: Characters in one paragraph, heading or table cell. markdown-it-py's emphasis matching needs
#: memory quadratic in this length: 20,000 characters of ``_a _a …`` peaked at 153 MB, 60,000
#: at 1.2 GB. A long real paragraph is ~2,000.
MAX_INLINE_CHARS = 20_000
#: Lines a link reference definition (``[id]: url "title"``) may span. markdown-it scans to
#: the end of the paragraph for each one, so 3,000 definitions in a row took 18 s; no real
#: definition spans more than three lines.
MAX_REFERENCE_LINES = 20
#: One image file: a full-page scan at 300 dpi is ~3 MB as PNG.
MAX_IMAGE_BYTES = 10 * MIB
#: Pixels of one image, read from its header before anything decodes it. An A4 page at 600 dpi
#: is 35 megapixels; a "PNG bomb" declares billions in a file of a few hundred kilobytes.
MAX_IMAGE_PIXELS = 40_000_000
#: Elements an SVG draws through ``<use>`` references beyond those it holds. A diagram that
#: reuses a symbol draws a few hundred; nine levels of ten references (1.8 KB) draw a billion
#: and hung WeasyPrint (10⁵ took 35 s and 275 MB).
MAX_SVG_USE_DRAWN = 10_000
#: A book's own stylesheet: cuebook's own handout.css is ~10 KB.
MAX_STYLESHEET_BYTES = 1 * MIB


def size_text(size: int) -> str:
    """A byte count as people read it: ``8 MiB``, ``64 KiB``, ``512 bytes``."""
    for unit, name in ((MIB, "MiB"), (KIB, "KiB")):
        if size >= unit and size % unit == 0:
            return f"{size // unit} {name}"
    return f"{size:,} bytes"


# Imports (cuebook import): a deck, table or archive from a stranger -----------------------------

#: A deck or archive on disk. Anki packages with many images reach ~100 MB; the book made from
#: one must still fit :data:`MAX_BOOK_BYTES`, so more could never build.
MAX_IMPORT_BYTES = 256 * MIB
#: All members of an archive once unpacked, counted as they are read (a zip's own sizes can
#: lie): a "zip bomb" expands a few kilobytes to gigabytes.
MAX_UNPACKED_BYTES = 256 * MIB
#: Members of one archive: a deck holds its collection, a media map and one member per file.
MAX_ARCHIVE_MEMBERS = 10_000
#: One Anki collection (SQLite) unpacked: the algorithms book's collection is ~200 KB, a
#: 20,000-note deck ~30 MB.
MAX_COLLECTION_BYTES = 128 * MIB
#: A package's list of media names (JSON or protobuf): ~40 bytes a file, so 400,000 files.
MAX_MEDIA_LIST_BYTES = 16 * MIB
#: One note's fields together, measured in SQL so a longer note is never fetched into Python
#: (SQLite's own length limit cannot be used: it fails the query that measures the row). A
#: long real note with inline formatting is ~20 KB.
MAX_NOTE_BYTES = 1 * MIB
#: Cards in one collection: a note has one card per template or cloze number, rarely more than
#: five; twenty per note at the question limit.
MAX_CARDS = 20 * MAX_QUESTIONS
#: An image an import may scale down to the image limits (see cuebook/importers/shrink.py)
#: rather than leave out: a 12 MB screenshot or a 6000-pixel-wide photo is read, decoded and
#: written again smaller. Decoding is what costs: 80 megapixels of RGBA are 320 MB, at 4 bytes
#: a pixel.
MAX_SCALABLE_IMAGE_BYTES = 64 * MIB
MAX_SCALABLE_IMAGE_PIXELS = 80_000_000
#: A CSV/TSV table, an Anki text export or a README: the same as one Markdown file.
MAX_TABLE_BYTES = MAX_SOURCE_BYTES
#: SQLite steps (virtual machine instructions) the reading of one collection may take, counted
#: by a progress handler: 5,000 notes with two cards each (21 MB) took ~125,000; a query that
#: would run forever is stopped here after ~2 s on the CI machine instead of hanging.
MAX_SQLITE_STEPS = 50_000_000
