"""Hostile imports: decks, tables and Markdown from strangers, refused or neutralised.

A parallel of the hostile corpus (tests/hostile/) for ``cuebook import``: a deck or archive is
binary, so each case is built here in code. Every test runs next to a secret file, with a
canary server counting connections; afterwards nothing may exist outside DEST but what was
there before, no written file may hold the secret or a script, and the canary must have had
no connection.
"""

from __future__ import annotations

import ast
import io
import json
import sqlite3
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import genanki
import pytest
import zstandard
from PIL import Image

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers import archive as archive_module
from cuebook.importers.collection import opened
from cuebook.importers.source import ImportRefused
from tests.conftest import clean_book
from tests.hostile.harness import Canary, png_bomb, running_canary
from tests.importing import run_import

SECRET = "CUEBOOK-IMPORT-SECRET-5c1f"


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    with running_canary() as server:
        yield server


@pytest.fixture
def place(tmp_path: Path, canary: Canary) -> Iterator[Path]:
    """``tmp_path/work`` to import from, with ``tmp_path/secret.txt`` (and .png) beside it;
    after the test: nothing new outside ``work/`` but the DEST folder, no canary hit."""
    (tmp_path / "secret.txt").write_text(SECRET, "utf-8")
    (tmp_path / "secret.png").write_bytes(_png())
    work = tmp_path / "work"
    work.mkdir()
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(work)}
    yield work
    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(work)}
    assert after == before, f"written outside the work folder: {sorted(after - before)}"
    assert canary.hits == [], f"the canary was contacted: {canary.hits[:3]}"
    for path in (work / "book").rglob("*") if (work / "book").is_dir() else []:
        if path.is_file():
            body = path.read_bytes()
            assert SECRET.encode() not in body, path


def _png(colour: tuple[int, int, int] = (10, 20, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _collection(fields: list[list[str]], tmp: Path) -> bytes:
    """A legacy collection (genanki's) holding Basic notes with these fields."""
    model = genanki.Model(1607392320, "Basic", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                                      "afmt": "{{Back}}"}])
    deck = genanki.Deck(2059400120, "Hostile")
    for values in fields:
        deck.add_note(genanki.Note(model, values))
    path = tmp / "collection.anki2"
    with sqlite3.connect(path) as db:
        genanki.Package(deck).write_to_db(db.cursor(), 1704067200, iter(range(1, 10**6)))
    data = path.read_bytes()
    path.unlink()
    return data


def _package(path: Path, members: dict[str, bytes],
             links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


# Archives -------------------------------------------------------------------------------------

@pytest.mark.parametrize("member", ["../../secret.txt", "/etc/cuebook-evil", "media/../x",
                                    "C:\\evil.txt"])
def test_a_member_named_with_a_path_refuses_the_package(
        member: str, place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = _package(place / "d.apkg", {"collection.anki2": _collection([["q", "a"]], place),
                                       member: b"evil"})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[0] == (f"{deck}:1:1: error: member '{member}' is a path, a link or a folder: "
                        "an Anki package holds only plain names; refused "
                        "[import.archive-member]")


def test_a_member_that_is_a_symbolic_link_refuses_the_package(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = _package(place / "d.apkg", {"collection.anki2": _collection([["q", "a"]], place)},
                    links={"0": "../secret.png"})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[0].endswith("member '0' is a path, a link or a folder: an Anki package holds "
                             "only plain names; refused [import.archive-member]")


def test_a_decompression_bomb_is_stopped_at_the_limit(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """300 MiB of zeros in a ~300 KB member: reading stops past the 128 MiB collection limit,
    whatever the zip header claims."""
    deck = place / "bomb.apkg"
    with zipfile.ZipFile(deck, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("collection.anki2", "w", force_zip64=True) as member:
        for _ in range(300):
            member.write(bytes(1 << 20))
    assert deck.stat().st_size < 1 << 20
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[0] == (f"{deck}:1:1: error: member 'collection.anki2' unpacks to more than "
                        "128 MiB: refused (a decompression bomb?) [import.archive-bomb]")


def test_the_archive_total_is_bounded_across_members(
        place: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive_module, "MAX_UNPACKED_BYTES", 1 << 20)
    media = {str(i): _png((i, 0, 0)) + bytes(400_000) for i in range(4)}
    html = "".join(f'<img src="m{i}.png">' for i in range(4))
    deck = _package(place / "d.apkg", {"collection.anki2": _collection([["q", html]], place),
                                       "media": json.dumps({k: f"m{k}.png" for k in media})
                                       .encode(), **{k: v for k, v in media.items()}})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[-2] == (f"{deck}:1:1: error: the package unpacks to more than 1 MiB in all: "
                         "refused (a decompression bomb?) [import.archive-bomb]")


def test_a_media_file_over_the_image_limit_is_left_out_not_the_deck(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = place / "d.apkg"
    with zipfile.ZipFile(deck, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2",
                         _collection([["q?", 'a <img src="big.png"><img src="ok.png">']], place))
        archive.writestr("media", json.dumps({"0": "big.png", "1": "ok.png"}))
        # Over what an import scales down to the image limit (64 MiB): not even read whole.
        archive.writestr("0", _png() + bytes(65 << 20))
        archive.writestr("1", _png())
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 0
    assert [d.split(": ", 2)[2] for d in diags] == [
        "warning: media file 'big.png' is over the image limit and cannot be scaled down to "
        "it: left out [import.media-too-large]"]
    assert [p.name for p in (place / "book" / "media").iterdir()] == ["ok.png"]


def test_media_named_by_many_notes_is_read_once(
        place: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    image = _png((9, 9, 9)) + bytes(300_000)  # bytes after IEND: still a valid PNG
    collection = _collection([[f"q{i}?", '<img src="same.png">'] for i in range(5)], place)
    monkeypatch.setattr(archive_module, "MAX_UNPACKED_BYTES",
                        len(collection) + len(image) * 3 // 2)
    deck = _package(place / "d.apkg", {"collection.anki2": collection,
                                       "media": json.dumps({"0": "same.png"}).encode(),
                                       "0": image})
    code, diags = run_import(capsys, deck, place / "book")
    assert (code, diags) == (0, [])
    assert [p.name for p in (place / "book" / "media").iterdir()] == ["same.png"]
    book = clean_book(place / "book")
    assert all('src="media/same.png"' in q.parts[0].content.html
               for q in book.chapters[0].questions)


def test_a_zstd_bomb_in_a_current_package_is_stopped(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frame = zstandard.ZstdCompressor().compress(bytes(200 << 20))
    deck = _package(place / "d.colpkg", {"collection.anki21b": frame})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[0] == (f"{deck}:1:1: error: a zstd member unpacks past its limit: refused "
                        "(a decompression bomb?) [import.archive-bomb]")


# SQLite ----------------------------------------------------------------------------------------

def _sqlite(statements: str, tmp: Path) -> bytes:
    path = tmp / "made.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(statements)
    data = path.read_bytes()
    path.unlink()
    return data


@pytest.mark.parametrize(("schema", "reason"), [
    ("CREATE TABLE other (x);", "the collection has no cards, col, notes table: not an Anki "
                                "collection [import.collection]"),
    ("CREATE TABLE col (models, decks); CREATE TABLE cards (nid, did, ord);"
     "CREATE VIEW notes AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) "
     "SELECT i AS id FROM r;",
     "the collection has no notes table: not an Anki collection [import.collection]"),
    ("CREATE TABLE col (models, decks); CREATE TABLE cards (nid, did, ord);"
     "CREATE TABLE notes (id, mid, flds, tags); INSERT INTO col VALUES ('[1]', 'x');",
     "the collection's note types or decks cannot be read (JSONDecodeError('Expecting value: "
     "line 1 column 1 (char 0)')) [import.collection]"),
])
def test_a_collection_with_an_unexpected_schema_is_refused(
        schema: str, reason: str, place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = _package(place / "d.apkg", {"collection.anki2": _sqlite(schema, place)})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[0] == f"{deck}:1:1: error: {reason}"


def test_a_query_that_would_run_forever_is_stopped(tmp_path: Path) -> None:
    """The backstop behind "tables must be tables": whatever a crafted file makes SQLite do,
    the progress handler ends it at the step limit with a located error."""
    path = tmp_path / "c.sqlite"
    path.write_bytes(_sqlite("CREATE TABLE t (x);", tmp_path))
    diags = Diagnostics()
    with pytest.raises(ImportRefused), opened(path, SourceLocation("deck.apkg"), diags) as db:
        db.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) "
                   "SELECT count(*) FROM r").fetchone()
    assert [str(d) for d in diags.items] == [
        "deck.apkg:1:1: error: the collection cannot be read (took too long): not an Anki "
        "collection, or a damaged one [import.collection]"]


def test_a_collection_with_values_anki_never_writes_is_refused(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = ("CREATE TABLE col (models, decks); CREATE TABLE cards (nid, did, ord);"
              "CREATE TABLE notes (id, mid, flds, tags);"
              "INSERT INTO col VALUES ('{}', '{}'); INSERT INTO notes VALUES ('x', 1, 'a', '');")
    deck = _package(place / "d.apkg", {"collection.anki2": _sqlite(schema, place)})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[0] == (f"{deck}:1:1: error: the collection holds values Anki does not write "
                        "(invalid literal for int() with base 10: 'x') [import.collection]")


def test_a_file_that_is_not_sqlite_is_refused(place: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    deck = _package(place / "d.apkg", {"collection.anki2": b"SQLite format 3\x00" + bytes(99)})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 1 and diags[0].startswith(f"{deck}:1:1: error: the collection cannot be read")
    assert diags[0].endswith("not an Anki collection, or a damaged one [import.collection]")


def test_a_huge_note_is_left_out_and_the_others_imported(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _collection([["small?", "fine"], ["huge?", "x" * (2 << 20)]], place)
    deck = _package(place / "d.apkg", {"collection.anki2": data})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 0
    assert len(diags) == 1 and diags[0].endswith(
        "warning: note is over the 1 MiB limit: left out [import.note-too-large]")
    assert diags[0].startswith(f"{deck}: note ")
    book = clean_book(place / "book")
    assert [q.title.text for q in book.chapters[0].questions] == ["small?"]


# Note HTML and media ---------------------------------------------------------------------------

def test_note_html_keeps_its_text_and_loses_what_acts_or_fetches(
        place: Path, canary: Canary, capsys: pytest.CaptureFixture[str]) -> None:
    front = (f'What is <b>this</b>?<script>fetch("{canary.url}/s")</script>'
             f'<style>@import url({canary.url}/c.css)</style>')
    back = (f'<div onclick="alert(1)" style="background:url({canary.url}/b.png)">Kept text</div>'
            f'<a href="javascript:alert(1)">a link</a> <a href="JaVaScRiPt:x()">two</a> '
            f'<img src="{canary.url}/remote.png" alt="remote diagram"><iframe src="{canary.url}">'
            "</iframe>")
    deck = _package(place / "d.apkg", {"collection.anki2": _collection([[front, back]], place)})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 0
    assert [d.split(": ", 2)[2] for d in diags] == [
        "warning: removed from the note's HTML: <script>, <style> [import.html-removed]",
        "warning: removed from the note's HTML: <iframe>, event handlers (on…=), style "
        "attributes, links that are not http, https or mailto [import.html-removed]",
        f"warning: image '{canary.url}/remote.png' is on the web: not fetched, its alt text is "
        "kept [import.remote-image]"]
    book = clean_book(place / "book")
    question = book.chapters[0].questions[0]
    answer = question.part("answer")
    assert question.title.text == "What is this?" and answer is not None
    assert answer.content.text.split() == ["Kept", "text", "a", "link", "two", "remote",
                                           "diagram"]
    written = "".join(p.read_text("utf-8") for p in (place / "book").glob("*.md"))
    for gone in ("javascript", "onclick", canary.url, "fetch(", "@import"):
        assert gone.lower() not in written.lower()


def test_a_media_name_that_is_a_path_is_reduced_to_its_file_name(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "../../secret.png"
    deck = _package(place / "d.apkg", {
        "collection.anki2": _collection([["q?", f'<img src="{name}">']], place),
        "media": json.dumps({"0": name}).encode(), "0": _png((200, 0, 0))})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 0
    assert [d.split(": ", 2)[2] for d in diags] == [
        f"warning: media name '{name}' is a path: only its file name 'secret.png' is kept "
        "[import.media-path]"]
    carried = place / "book" / "media" / "secret.png"
    assert carried.read_bytes() == _png((200, 0, 0))
    assert (place.parent / "secret.png").read_bytes() == _png()


def test_media_that_is_not_an_image_is_left_out_with_a_diagnostic(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = _package(place / "d.apkg", {
        "collection.anki2": _collection([["q?", 'a<img src="run.sh">[sound:x.mp3]']], place),
        "media": json.dumps({"0": "run.sh"}).encode(), "0": b"#!/bin/sh\nid\n"})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 0
    assert [d.split(": ", 2)[2] for d in diags] == [
        "warning: sound ([sound:…]) is not carried into a book [import.sound]",
        "warning: media file 'run.sh' is not an image cuebook can show (PNG, JPEG, GIF, WebP, "
        "SVG): left out [import.media-type]"]
    assert not (place / "book" / "media").exists()


def test_media_the_book_would_refuse_is_left_out_at_the_import(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .png holding HTML with a script, and a PNG declaring 900 million pixels in ~100 KB:
    the book's own image check, run on each media file before it is carried."""
    html = b"<html><script>alert(1)</script></html>"
    deck = _package(place / "d.apkg", {
        "collection.anki2": _collection([["q?", '<img src="fake.png"><img src="bomb.png">']],
                                        place),
        "media": json.dumps({"0": "fake.png", "1": "bomb.png"}).encode(), "0": html,
        "1": png_bomb()})
    code, diags = run_import(capsys, deck, place / "book")
    assert code == 0
    assert [d.split(": ", 2)[2] for d in diags] == [
        "warning: media file 'fake.png' holds something that is not an image; its name says "
        "PNG: left out [import.media-invalid]",
        "warning: media file 'bomb.png' is 900,000,000 pixels; the limit is 40 megapixels: "
        "left out [import.media-invalid]"]
    assert not (place / "book" / "media").exists()
    clean_book(place / "book")


# Destinations, tables and Markdown ---------------------------------------------------------------

def test_a_destination_that_is_a_link_is_replaced_never_followed(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = place / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.md").write_text("keep", "utf-8")
    (place / "book").symlink_to(elsewhere)
    source = place / "t.csv"
    source.write_text("front,back\nq,a\n", "utf-8")
    code, _ = run_import(capsys, source, place / "book")
    assert code == 1 and (place / "book").is_symlink()
    code, _ = run_import(capsys, source, place / "book", "--force")
    assert code == 0 and not (place / "book").is_symlink()
    assert [p.name for p in elsewhere.iterdir()] == ["keep.md"]


@pytest.mark.parametrize("dest", [".", "..", "t.csv"])
def test_a_destination_that_holds_the_source_is_refused_even_with_force(
        dest: str, place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = place / "t.csv"
    source.write_text("front,back\nq,a\n", "utf-8")
    code, diags = run_import(capsys, source, place / dest, "--force")
    assert code == 2 and source.read_text("utf-8") == "front,back\nq,a\n"
    assert diags == [f"cuebook import: error: {place / dest} holds {source}: choose another "
                     "DEST"]


def test_a_missing_source_is_a_located_error(place: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, diags = run_import(capsys, place / "none.csv", place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[0] == (f"{place / 'none.csv'}:1:1: error: cannot read: No such file or "
                        "directory [import.unreadable]")


def test_a_table_cell_over_the_csv_field_limit_is_a_located_error(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = place / "t.csv"
    source.write_text('front,back\nq,a\n"' + "x" * 200_000 + '",b\n', "utf-8")
    code, diags = run_import(capsys, source, place / "book")
    assert code == 1 and not (place / "book").exists()
    assert diags[0] == (f"{source}:3:1: error: cannot read the table: field larger than field "
                        "limit (131072) [import.table]")


def test_table_text_is_shown_as_typed_never_as_markup(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Cells that look like Markdown, HTML, heading attributes or a link with a script stay
    text: no heading, list, link, image, id or tag comes out of them."""
    source = place / "t.csv"
    source.write_text(
        'question,answer\n1. Start here,"2) also\n3. this"\n"{#evil tags=""x""}",&amp; AT&T\n'
        '## x,a | b\n<b>x</b>,"[link](javascript:alert(1)) ![img](/etc/passwd)"\n'
        'ends with }{,"- item\n> quote\n===\n```"\n', "utf-8")
    code, diags = run_import(capsys, source, place / "book")
    assert (code, diags) == (0, [])
    book = clean_book(place / "book")
    assert len(book.chapters) == 1
    shown = [(q.title.text, q.parts[0].content.text, q.id, q.tags)
             for q in book.chapters[0].questions]
    assert shown == [
        ("1. Start here", "2) also\n3. this", "q1", ()),
        ('{#evil tags="x"}', "&amp; AT&T", "q2", ()),
        ("## x", "a | b", "q3", ()),
        ("<b>x</b>", "[link](javascript:alert(1)) ![img](/etc/passwd)", "q4", ()),
        ("ends with }{", "- item\n> quote\n===\n```", "q5", ())]
    for question in book.chapters[0].questions:
        assert question.parts[0].content.references == ()


def test_a_bank_cannot_carry_a_file_from_outside_its_folder(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = place / "README.md"
    readme.write_text("# Bank\n\n## Q1?\n\n![s](../secret.png) <script>x()</script> "
                      '<b onclick="y()">bold</b><br><img src="../secret.png">\n\n'
                      "## Q2?\n\n![t](/etc/passwd) [l](../secret.txt)\n", "utf-8")
    code, diags = run_import(capsys, readme, place / "book")
    assert code == 0
    assert diags == [
        f"{readme}:5:1: warning: image '../secret.png' is missing or outside the source "
        "folder: its alt text is kept [import.media-missing]",
        f"{readme}:9:1: warning: image '/etc/passwd' is missing or outside the source "
        "folder: its alt text is kept [import.media-missing]",
        f"{readme}:9:1: warning: link to '../secret.txt' leads to nothing the book carries: its "
        "text is kept [import.link]"]
    book = clean_book(place / "book")
    answer = book.chapters[0].questions[0].part("answer")
    # GitHub renders a README's HTML, so the book opts in to raw HTML: cuebook's sanitizer
    # keeps the formatting and drops what acts or loads.
    assert book.config.raw_html
    assert answer is not None and answer.content.html == "<p>s  <b>bold</b><br /></p>\n"
    assert not (place / "book" / "media").exists()


def test_a_notes_site_cannot_name_a_page_outside_it(
        place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = place / "site"
    site.mkdir()
    (site / "_sidebar.md").write_text("- [In](in.md)\n- [Out](../../secret.txt)\n"
                                      "- [Linked](linked.md)\n", "utf-8")
    (site / "in.md").write_text("## Inside?\n\nYes.\n", "utf-8")
    (site / "linked.md").symlink_to(place.parent / "secret.txt")
    code, diags = run_import(capsys, site, place / "book")
    assert code == 0
    assert [d.split(": ", 1)[1] for d in diags] == [
        "warning: page '../../secret.txt' is missing or outside the site: left out "
        "[import.page-missing]",
        "warning: page 'linked.md' is missing or outside the site: left out "
        "[import.page-missing]"]
    assert [c.title.text for c in clean_book(place / "book").chapters] == ["In"]


def test_every_import_here_runs_next_to_the_secret_and_the_canary() -> None:
    """The promise of docs/security.md: each test of this module that imports uses ``place``
    (the secret, the canary and the check of what was written outside)."""
    tree = ast.parse(Path(__file__).read_text("utf-8"))
    importing = [f for f in tree.body if isinstance(f, ast.FunctionDef)
                 and f.name.startswith("test_") and any(
                     isinstance(n, ast.Call) and ast.unparse(n.func) == "run_import"
                     for n in ast.walk(f))]
    assert len(importing) >= 20
    assert [f.name for f in importing if "place" not in [a.arg for a in f.args.args]] == []
