"""An Anki collection (SQLite) read as plain records, whichever schema it has.

Legacy collections (``collection.anki2``/``.anki21``, schema 11, what genanki writes) keep note
types and decks as JSON in the one row of ``col``; current ones (schema 18, inside
``collection.anki21b``) have ``notetypes``, ``fields`` and ``decks`` tables, with deck levels
joined by U+001F. The file is a stranger's: it is opened read-only and immutable, a note
whose fields are over the limit is measured in SQL and never fetched, a progress handler stops
a query that runs too long, and tables must be tables (a view named ``notes`` could compute
anything).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers.model import NoteLocation
from cuebook.importers.protobuf import fields as proto_fields
from cuebook.importers.source import ImportRefused
from cuebook.safety.limits import MAX_CARDS, MAX_NOTE_BYTES, MAX_QUESTIONS, MAX_SQLITE_STEPS

_PROGRESS_EVERY = 1000  # VM instructions between calls of the progress handler


@dataclass(frozen=True)
class NoteType:
    name: str
    fields: tuple[str, ...]
    cloze: bool


@dataclass(frozen=True)
class Note:
    id: int
    type_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck_id: int


@dataclass(frozen=True)
class Collection:
    types: dict[int, NoteType]
    decks: dict[int, str]  # id -> "Parent::Child"
    notes: tuple[Note, ...]


@contextlib.contextmanager
def opened(path: Path, where: SourceLocation, diags: Diagnostics) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True)
    steps = [0]

    def progress() -> int:
        steps[0] += _PROGRESS_EVERY
        return 1 if steps[0] > MAX_SQLITE_STEPS else 0

    try:
        db.set_progress_handler(progress, _PROGRESS_EVERY)
        db.execute("PRAGMA trusted_schema = OFF")
        yield db
    except sqlite3.Error as exc:
        reason = "took too long" if steps[0] > MAX_SQLITE_STEPS else str(exc)
        diags.error(where, f"the collection cannot be read ({reason}): not an Anki "
                    "collection, or a damaged one", "import.collection")
        raise ImportRefused from exc
    finally:
        db.close()


def read_collection(path: Path, where: SourceLocation, diags: Diagnostics) -> Collection:
    try:
        return _read(path, where, diags)
    except (ValueError, TypeError, OverflowError) as exc:  # ids that are not numbers …
        diags.error(where, f"the collection holds values Anki does not write ({exc})",
                    "import.collection")
        raise ImportRefused from exc


def _read(path: Path, where: SourceLocation, diags: Diagnostics) -> Collection:
    with opened(path, where, diags) as db:
        tables = {name for name, kind in db.execute(
            "SELECT name, type FROM sqlite_master") if kind == "table"}
        missing = {"notes", "cards", "col"} - tables
        if missing:
            diags.error(where, f"the collection has no {', '.join(sorted(missing))} table: not "
                        "an Anki collection", "import.collection")
            raise ImportRefused
        if {"notetypes", "fields", "decks"} <= tables:
            types, decks = _current_types(db), _current_decks(db)
        else:
            types, decks = _legacy_types_and_decks(db, where, diags)
        return Collection(types, decks, _notes(db, where, diags))


def _legacy_types_and_decks(db: sqlite3.Connection, where: SourceLocation,
                            diags: Diagnostics) -> tuple[dict[int, NoteType], dict[int, str]]:
    row = db.execute("SELECT models, decks FROM col LIMIT 1").fetchone()
    try:
        models, decks = json.loads(row[0]), json.loads(row[1])
        types = {int(mid): NoteType(str(m["name"]),
                                    tuple(str(f["name"]) for f in sorted(
                                        m["flds"], key=lambda f: int(f["ord"]))),
                                    int(m.get("type", 0)) == 1)
                 for mid, m in models.items()}
        return types, {int(did): str(d["name"]) for did, d in decks.items()}
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        diags.error(where, f"the collection's note types or decks cannot be read ({exc!r})",
                    "import.collection")
        raise ImportRefused from exc


def _current_types(db: sqlite3.Connection) -> dict[int, NoteType]:
    names: dict[int, list[str]] = {}
    for ntid, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        names.setdefault(int(ntid), []).append(str(name))
    types = {}
    for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes"):
        kind = _first_varint(config, 1) if isinstance(config, bytes) else 0
        types[int(ntid)] = NoteType(str(name), tuple(names.get(int(ntid), [])), kind == 1)
    return types


def _first_varint(data: bytes, number: int) -> int:
    try:
        return next((v for n, v in proto_fields(data) if n == number and isinstance(v, int)), 0)
    except ValueError:
        return 0


def _current_decks(db: sqlite3.Connection) -> dict[int, str]:
    return {int(did): str(name).replace("\x1f", "::")
            for did, name in db.execute("SELECT id, name FROM decks")}


def _notes(db: sqlite3.Connection, where: SourceLocation, diags: Diagnostics) -> tuple[Note, ...]:
    count = db.execute("SELECT count(*) FROM notes").fetchone()[0]
    if count > MAX_QUESTIONS:
        diags.error(where, f"{count:,} notes: a book holds at most {MAX_QUESTIONS:,} questions",
                    "import.too-many")
        raise ImportRefused
    for (nid,) in db.execute("SELECT id FROM notes WHERE length(CAST(flds AS BLOB)) > ?",
                             (MAX_NOTE_BYTES,)):
        diags.warning(_note_at(where, nid), "note is over the 1 MiB limit: left out",
                      "import.note-too-large")
    decks = _first_card_decks(db, where, diags)
    rows = db.execute("SELECT id, mid, flds, tags FROM notes WHERE length(CAST(flds AS BLOB)) "
                      "<= ? ORDER BY id", (MAX_NOTE_BYTES,))
    return tuple(_note(row, decks) for row in rows)


def _first_card_decks(db: sqlite3.Connection, where: SourceLocation,
                      diags: Diagnostics) -> dict[int, int]:
    """Note id -> the deck of its first card, in one pass over the cards (a query per note
    would scan every card for every note: no index is to be trusted in a stranger's file)."""
    count = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    if count > MAX_CARDS:
        diags.error(where, f"{count:,} cards: more than {MAX_CARDS:,}", "import.too-many")
        raise ImportRefused
    first: dict[int, tuple[int, int]] = {}
    for nid, did, ord_ in db.execute("SELECT nid, did, ord FROM cards"):
        key, rank = int(nid or 0), int(ord_ or 0)
        if key not in first or rank < first[key][0]:
            first[key] = (rank, int(did or 0))
    return {nid: did for nid, (_, did) in first.items()}


def _note(row: Any, decks: dict[int, int]) -> Note:
    nid, mid, flds, tags = row
    text = flds.decode("utf-8", "replace") if isinstance(flds, bytes) else str(flds or "")
    return Note(int(nid), int(mid or 0), tuple(text.split("\x1f")),
                tuple(str(tags or "").split()), decks.get(int(nid), 0))


def _note_at(where: SourceLocation, nid: int) -> SourceLocation:
    return NoteLocation(where.path, note=int(nid))
