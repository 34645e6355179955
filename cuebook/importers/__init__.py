"""Importers: a bank kept elsewhere (Anki, CSV/Quizlet, a question README, a notes site) ->
a cuebook book folder (``book.yaml`` + Markdown + media) that ``--check`` accepts.

Every source is hostile input, like a book: the readers refuse or neutralise what a stranger's
file could do (paths that climb out, bombs, script in note HTML) with located diagnostics, and
only :mod:`cuebook.importers.bookdir` writes, inside the destination folder.
"""
