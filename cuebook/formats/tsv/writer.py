"""Notes as tab-separated text for Anki's text import (and, beside it, plain text for Quizlet:
:mod:`cuebook.formats.tsv.quizlet`).

Anki (2.1.55+) reads the ``#key:value`` header lines; its importer (rslib
``import_export/text/csv``) takes the note type by name, creates decks named in the deck
column, splits the tags column on white space, and matches GUIDs, which are the .apkg's: a
question imported both ways is one note, and a re-imported file updates its notes.

Columns: front, back, tags, deck, GUID. Front and back are the questions' plain text as HTML
(``#html:true``): line breaks become ``<br>`` and tabs ``&#9;``, so every note is one physical
line and no field needs CSV quoting. The text, not the cards' rich HTML, because a text file
carries no media and no stylesheet: images become their alt text, code its plain lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cuebook.book.model import Book, Choices, Fragment, Question
from cuebook.formats.base import WriterContext
from cuebook.formats.tsv.quizlet import quizlet_text
from cuebook.i18n import colon
from cuebook.output import write_atomic
from cuebook.render.choices import option_lines
from cuebook.render.notes import (
    anki_tags,
    back_parts,
    chapter_deck,
    note_guid,
)
from cuebook.render.xhtml import plain_text

#: Column numbers as the header gives them (1-based).
COLUMNS = ("front", "back", "tags", "deck", "guid")
HEADER = (
    "#separator:tab",
    "#html:true",
    # Anki's stock two-field note type ("Basic" in an English collection; where it has another
    # name, Anki falls back to the current note type and maps columns 1 and 2 in order).
    "#notetype:Basic",
    # A deck column rather than "#deck:": Anki creates missing decks from it, one per chapter.
    f"#deck column:{COLUMNS.index('deck') + 1}",
    f"#tags column:{COLUMNS.index('tags') + 1}",
    f"#guid column:{COLUMNS.index('guid') + 1}",
)
#: Every line break str.splitlines() knows: a note must stay one physical line.
_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class TabSeparated:

    def write(self, book: Book, ctx: WriterContext) -> list[Path]:
        """``<slug>.tsv`` for Anki, and ``<slug>-quizlet.txt``, plain text for Quizlet."""
        path = ctx.out_dir / f"{book.slug}.tsv"
        # The notes' GUIDs are the deck's: from book.yaml's anki.id, as the deck reads it.
        write_atomic(path, tsv_text(book, ctx.values("anki", book)["id"]).encode("utf-8"))
        quizlet = ctx.out_dir / f"{book.slug}-quizlet.txt"
        write_atomic(quizlet, quizlet_text(book).encode("utf-8"))
        return [path, quizlet]


def tsv_text(book: Book, namespace: str) -> str:
    """The notes, their GUIDs derived from ``namespace`` (the deck's ``anki.id``)."""
    lines = [*HEADER, *("\t".join(row) for row in tsv_rows(book, namespace))]
    # No byte-order mark: Anki would read "\ufeff#separator:tab" as a note, not a header.
    return "\n".join(lines) + "\n"


def tsv_rows(book: Book, namespace: str) -> Iterator[tuple[str, ...]]:
    for index, chapter in enumerate(book.chapters, 1):
        deck = chapter_deck(book, index)
        for question in chapter.questions:
            yield (html_cell(front_text(question, book.config.language)),
                   html_cell(back_text(book, question)),
                   text_cell(" ".join(anki_tags(question))), text_cell(deck),
                   plain_cell(note_guid(namespace, question.id)))


def front_text(question: Question, language: str) -> str:
    """The title, then the question part when the question has labels; a multiple-choice
    question's stem, then its options, one a line ("A: text")."""
    if question.choices is not None:
        return _choice_front(question, question.choices, colon(language))
    part = question.part("question")
    fragments = [question.title] + ([part.content] if part else [])
    return "\n".join(f.text for f in fragments if f.text) + _notes(fragments)


def back_text(book: Book, question: Question) -> str:
    """The answer, then each other part after its label ("举例：…"), a blank line between.
    A multiple-choice question's answer is its right option(s), one a line ("B: text"),
    then the explanation."""
    mark = colon(book.config.language)
    sections, fragments = [], []
    for part in back_parts(question):
        if part.key == "answer" and question.choices is not None:
            sections.append(_choice_answer(question.choices, mark))
            fragments += [*(o.content for o in question.choices.correct),
                          question.choices.explanation]
            continue
        sections.append(part.content.text if part.key == "answer"
                        else f"{part.label}{mark}{part.content.text}")
        fragments.append(part.content)
    return "\n\n".join(sections) + _notes(fragments)


def _choice_front(question: Question, choices: Choices, mark: str) -> str:
    fragments = [question.title, choices.stem, *(o.content for o in choices.options)]
    lines = [f.text.strip() for f in fragments[:2] if f.text.strip()]
    return "\n".join(lines + option_lines(choices.options, mark)) + _notes(fragments)


def _choice_answer(choices: Choices, mark: str) -> str:
    explanation = choices.explanation.text.strip()
    return "\n".join([*option_lines(choices.correct, mark), *([explanation] if explanation
                                                              else [])])


def _notes(fragments: list[Fragment]) -> str:
    """Footnotes as text lines, "[1] …": the plain text has no marks where they were cited."""
    notes = [n for f in fragments for n in f.footnotes]
    lines = [f"[{n.number}] {plain_text(n.html).strip()}" for n in notes]
    return "".join(f"\n{line}" for line in lines)


def html_cell(text: str) -> str:
    """Text as one line of HTML: '&', '<' and '>' escaped, line breaks as <br>, tabs as &#9;.
    Quotes stay as they are (an importer reads a quote inside a field literally) except a
    leading one, which would open a CSV quoted field; and a leading '#' becomes &#35;, since
    Anki skips a line that starts with '#' as a comment."""
    cell = _BREAKS.sub("<br>", html.escape(text, quote=False)).replace("\t", "&#9;")
    lead = {'"': "&quot;", "#": "&#35;", **FORMULA_LEADS}.get(cell[:1])
    return lead + cell[1:] if lead else cell


#: A cell a spreadsheet would read as a formula when it opens the file (``=HYPERLINK(…)``
#: runs there), written as the same character in HTML, which Anki shows unchanged.
FORMULA_LEADS = {"=": "&#61;", "+": "&#43;", "-": "&#45;", "@": "&#64;"}


def text_cell(value: str) -> str:
    """Tags or a deck name: a plain cell with a space before a leading ``=``, ``+``, ``-`` or
    ``@``, so that a spreadsheet reads text, not a formula (Anki trims the space)."""
    return plain_cell(" " + value if value[:1] in FORMULA_LEADS else value)


def plain_cell(value: str) -> str:
    """A deck name, tags or GUID: one line, quoted as CSV only when it starts with a quote.
    A GUID is a hash in Anki's base91 and may start with ``=``: it is written as it is (it is
    the note's identity, and no one chooses what a hash spells)."""
    value = _BREAKS.sub(" ", value).replace("\t", " ")
    return '"' + value.replace('"', '""') + '"' if value.startswith('"') else value


writer = TabSeparated()
