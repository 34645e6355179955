"""CSV, TSV and Quizlet exports: one row a question, the first column (or ``--columns``)
the question and the second the answer.

The delimiter is sniffed from the first lines (comma, tab, semicolon, bar); a header row is
recognised by its names (term/definition, front/back, question/answer, 问题/答案 …) and
then names the further columns, which become parts of their own. Cells are plain text: what a
cell says is shown as typed, Markdown characters included.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers.model import Entry, ImportedBook, ImportedChapter, make_entry
from cuebook.importers.source import ImportRefused, decode, read_bytes
from cuebook.importers.text import plain_to_markdown
from cuebook.safety.limits import MAX_INLINE_CHARS, MAX_QUESTIONS, MAX_TABLE_BYTES

_HEADER_NAMES = {"term", "definition", "front", "back", "question", "answer", "q", "a",
                 "prompt", "response", "tags", "tag", "word", "meaning", "问题", "答案", "题目",
                 "解答", "标签", "正面", "背面", "extra", "example", "notes"}
_TAG_COLUMNS = {"tags", "tag", "标签"}


@dataclass(frozen=True)
class Layout:
    """Which column (0-based) is what; ``extra`` columns become parts named by ``labels``."""

    question: int
    answer: int
    extra: tuple[int, ...]
    tags: int | None
    labels: tuple[str, ...]  # one per column of the widest row
    header: bool


def read_table(path: Path, columns: str | None, diags: Diagnostics) -> ImportedBook:
    where = SourceLocation(str(path))
    text = decode(read_bytes(path, MAX_TABLE_BYTES, diags), where, diags)
    rows = _rows(text, path, diags)
    if not rows:
        diags.error(where, "the table has no rows", "import.empty")
        raise ImportRefused
    layout = _layout(rows, columns, where, diags)
    entries = _entries(rows[1:] if layout.header else rows, layout, path, diags)
    title = path.stem.replace("_", " ").replace("-", " ").strip() or "Imported"
    extra_labels = tuple(layout.labels[i] for i in layout.extra)
    return ImportedBook(title, (ImportedChapter(title, tuple(entries)),),
                        extra_labels=extra_labels)


def table_dialect(sample: str, suffix: str) -> type[csv.Dialect]:
    """Excel's dialect (RFC 4180 quoting, ``""`` for a quote) with the sniffed delimiter.

    Only the delimiter is taken from ``csv.Sniffer``: it guessed ``doublequote=False`` for a
    table whose cells held ``""`` and a line end, and split 5,000 rows into 10,000. A .tsv, or
    a first line holding tabs, is tab-separated (Quizlet's export has no quotes to learn from).
    """
    first = sample.split("\n", 1)[0]
    if suffix == ".tsv" or "\t" in first:
        return csv.excel_tab
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;|").delimiter
    except csv.Error:
        delimiter = ","
    return type("Sniffed", (csv.excel,), {"delimiter": delimiter})


def _rows(text: str, path: Path, diags: Diagnostics) -> list[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every non-empty record."""
    reader = csv.reader(io.StringIO(text, newline=""),
                        table_dialect(text[:65536], path.suffix.lower()))
    rows, start = [], 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
            if len(rows) > MAX_QUESTIONS + 1:
                diags.error(SourceLocation(str(path), start), f"more than {MAX_QUESTIONS:,} "
                            "rows: a book holds at most that many questions", "import.too-many")
                raise ImportRefused
    except csv.Error as exc:
        diags.error(SourceLocation(str(path), start), f"cannot read the table: {exc}",
                    "import.table")
        raise ImportRefused from exc
    return rows


def _layout(rows: list[tuple[int, list[str]]], columns: str | None, where: SourceLocation,
            diags: Diagnostics) -> Layout:
    first = [c.strip() for c in rows[0][1]]
    width = max(len(cells) for _, cells in rows)
    header = sum(c.casefold() in _HEADER_NAMES for c in first) >= min(2, len(first))
    names = [c.casefold() for c in first] if header else []
    chosen = _chosen(columns, names, width, where, diags) if columns else None
    if chosen is not None and not header and columns and any(not p.strip().isdigit()
                                                             for p in columns.split(",")):
        header, names = True, [c.casefold() for c in first]
    labels = tuple((first[i] if header and i < len(first) and first[i] else f"Column {i + 1}")
                   for i in range(width))
    tags = next((i for i, n in enumerate(names) if n in _TAG_COLUMNS), None)
    if chosen is None:
        if width < 2:
            diags.error(where, "the table has one column: a question needs an answer "
                        "(is the delimiter unusual? say --columns)", "import.columns")
            raise ImportRefused
        rest = tuple(i for i in range(2, width) if i != tags)
        chosen = [0, 1, *(rest if header else ())]
        if not header and rest:
            diags.warning(where, f"columns {', '.join(str(i + 1) for i in rest)} have no "
                          "header and are left out; name them with --columns",
                          "import.columns-dropped")
    return Layout(chosen[0], chosen[1], tuple(chosen[2:]), tags, labels, header)


def _chosen(columns: str, names: Sequence[str], width: int, where: SourceLocation,
            diags: Diagnostics) -> list[int]:
    """``--columns 2,1,notes``: 1-based numbers or header names; question, answer, parts."""
    chosen = []
    for item in (p.strip() for p in columns.split(",")):
        if item.isdigit() and 1 <= int(item) <= width:
            chosen.append(int(item) - 1)
        elif item.casefold() in names:
            chosen.append(list(names).index(item.casefold()))
        else:
            diags.error(where, f"--columns: no column '{item}' (the table has {width}"
                        f"{'; names: ' + ', '.join(names) if names else ''})", "import.columns")
            raise ImportRefused
    if len(chosen) < 2:
        diags.error(where, "--columns needs at least a question and an answer column",
                    "import.columns")
        raise ImportRefused
    return chosen


def _entries(rows: list[tuple[int, list[str]]], layout: Layout, path: Path,
             diags: Diagnostics) -> list[Entry]:
    entries = []
    for line, cells in rows:
        where = SourceLocation(str(path), line)

        def cell(i: int, cells: list[str] = cells) -> str:
            return cells[i] if i < len(cells) else ""

        question, answer = cell(layout.question).strip(), cell(layout.answer).strip()
        if not question:
            diags.warning(where, "row has no question: left out", "import.empty-question")
            continue
        if max(len(question), len(answer)) > MAX_INLINE_CHARS:
            diags.warning(where, "a cell is over the paragraph limit: row left out",
                          "import.too-long")
            continue
        if not answer:
            diags.warning(where, "row has no answer", "import.empty-answer")
        extra = tuple((layout.labels[i], plain_to_markdown(cell(i))) for i in layout.extra)
        tags = tuple(t for t in cell(layout.tags).replace(",", " ").split()) \
            if layout.tags is not None else ()
        entries.append(make_entry(plain_to_markdown(question), plain_to_markdown(answer),
                                  tags=tags, extra=extra))
    return entries
