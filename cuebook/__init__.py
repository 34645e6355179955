"""cuebook: one Markdown question bank → a PDF handout, an EPUB 3 and printable cue cards."""

__version__ = "0.1.0"
