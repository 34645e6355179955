"""Every diagnostic code and its severity: the severity policy in one place.

An **error** is something that would lose, hide, corrupt or misplace content, or that cannot be
made safely (an unclosed fence, a required part missing in a labelled question, a broken link or
image, a duplicate id, a character no font can draw, a hostile file). Legal but unusual structure
(a skipped heading level, a gap in the numbers) is a **warning**: the book builds as written, and
``--strict`` turns every warning into a failure. A false error on a real book costs more trust
than a missed warning (ruff and markdownlint report heading increments as lint, not failures).

``docs/content-format.md`` shows this table; ``tests/test_codes.py`` keeps the two, and every
diagnostic the code makes, in step.
"""

from __future__ import annotations

from types import MappingProxyType

from cuebook.diagnostics import Severity

E, W = Severity.ERROR, Severity.WARNING

SEVERITY = MappingProxyType({
    # book.yaml: a value that cannot be read is a value the build would guess at.
    "config.missing": E, "config.yaml": E, "config.invalid": E, "config.missing-field": E,
    "config.invalid-value": E, "config.invalid-slug": E, "config.missing-file": E,
    "config.unknown-key": W,
    # Files: what cannot be read is lost.
    "file.encoding": E, "file.binary": E, "file.too-large": E, "file.not-regular": E,
    "file.unreadable": E, "file.front-matter": E, "file.control-char": E,
    "file.outside-book": E, "file.empty": W,
    "markdown.unclosed-fence": E, "markdown.too-deep": E, "markdown.too-long": E,
    "markdown.code-too-long": E,
    # A formula that cannot be typeset would print as raw TeX or markup.
    "formula.invalid": E,
    # Structure: a skipped level is legal Markdown; unreadable attributes are dropped text.
    "heading.skipped-level": W, "heading.attributes": E,
    # Parts: a missing, empty or misread part loses or misplaces content.
    "question.missing-part": E, "question.empty-part": E, "question.duplicate-part": E,
    "question.unknown-label": E, "question.label-colon": E, "question.unlabelled-text": E,
    "question.bad-id": E, "question.duplicate-id": E,
    # A lead-in one edit from an optional part's name stays text: nothing moves, so a warning.
    "question.near-label": W,
    # Multiple choice: an answer naming an option that is not there points the learner at
    # nothing; a lettered list whose answer names no letter is kept as a list, so a warning.
    "question.choice-unknown": E, "question.choice-unmarked": W,
    # Numbers are shown as written: an odd sequence loses nothing.
    "question.unnumbered": W, "question.number-gap": W, "question.duplicate-number": W,
    "question.number-order": W, "question.numbering-restarts": W, "question.difficulty": W,
    "footnote.empty": E, "footnote.too-many": E, "footnote.undefined": E,
    "link.broken-anchor": E, "link.missing-file": E, "link.outside-book": E, "link.scheme": E,
    "image.missing": E, "image.outside-book": E, "image.remote": E, "image.format": E,
    "image.too-large": E, "image.corrupt": E, "image.svg-unsafe": E, "image.not-regular": E,
    "image.unreadable": E,
    "css.remote": E, "css.outside-book": E, "css.missing": E,
    "book.empty": E, "book.too-large": E, "book.too-many-questions": E, "book.templates": E,
    # While building.
    "install.broken": E, "resource.denied": E, "font.not-installed": E, "font.missing-glyph": E,
    "pdf.weasyprint": W, "epub.cover": E, "epub.image-type": E, "epub.font-subset": E,
    "epub.xhtml": E, "epub.write": E, "cards.invalid-option": E, "cards.title-too-long": E,
    "cards.split": W, "cards.weasyprint": W, "template.error": E,
    # Imports (docs/import.md): what would be refused or lost is an error; what is left out of
    # a note or a page, and said, is a warning.
    "import.archive": E, "import.archive-bomb": E, "import.archive-member": E,
    "import.collection": E, "import.columns": E, "import.empty": E, "import.encoding": E,
    "import.index": E, "import.not-regular": E, "import.table": E, "import.too-large": E,
    "import.too-many": E, "import.unreadable": E,
    "import.columns-dropped": W, "import.empty-answer": W, "import.empty-question": W,
    "import.header": W, "import.html-removed": W, "import.link": W, "import.media-invalid": W,
    "import.media-missing": W, "import.media-path": W, "import.media-too-large": W,
    "import.media-too-many": W, "import.media-type": W, "import.note-too-deep": W,
    "import.note-too-large": W, "import.note-type": W, "import.dropped": W,
    "import.page-missing": W, "import.remote-image": W, "import.sound": W,
    "import.too-long": W, "import.front-matter": W, "import.media-scaled": W,
})


def severity_of(code: str) -> Severity:
    """The policy's severity for ``code``; an unknown code is a bug in cuebook (KeyError)."""
    return SEVERITY[code]
