"""A book cannot reach the build machine's files through a template.

A book's own templates are refused by the check, however they are brought (a folder, a link to
a folder of the book, a link inside the folder), and the writers never load them; the sandbox
every template runs in hands out plain data only: no path, file, module or class, so even a
template of cuebook's that printed a path could not read or write through it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from cuebook.formats.registry import WriterContext, available
from cuebook.render.templates import make_environment
from tests.conftest import ROOT, clean_book, load_and_check, write_book

EN = "title: Sandbox\nauthor: a\nlanguage: en\n"
GOOD = "## 1. Q\n\n**Question:** q\n\n**Answer:** a ![pic](pic.png)\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81"
       b"\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def _ways_in(secret: Path, marker: Path) -> list[str]:
    """Every road from the model to the file system a template could try."""
    return [
        f"{{{{ book.root.joinpath('{secret}').read_text() }}}}",
        f"{{{{ book.root.joinpath('{marker}').write_text('x') }}}}",
        f"{{{{ (book.root / '{secret}').read_text() }}}}",
        f"{{{{ book.sources[0].parent.joinpath('{secret}').read_text() }}}}",
        "{{ book.sources[0].write_text('x') }}",
        "{{ book.questions[0].parts[0].content.references[0].path.read_bytes() }}",
        f"{{{{ book.root|attr('joinpath')('{marker}')|attr('touch')() }}}}",
        f"{{{{ book.root.__class__('{secret}').read_text() }}}}",
        "{{ book.root }}",
        "{{ cycler.__init__.__globals__.os.system('true') }}",
    ]


def test_a_template_gets_no_path_to_read_or_write(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    marker = tmp_path / "written"
    book = clean_book(write_book(tmp_path / "book", {"book.yaml": EN, "01.md": GOOD,
                                                     "pic.png": PNG}))
    env = make_environment(book.root, ROOT)
    refused = 0
    for source in _ways_in(secret, marker):
        try:
            text = env.from_string(source).render(book=book)
        except (jinja2.exceptions.SecurityError, jinja2.exceptions.UndefinedError):
            refused += 1
        else:
            raise AssertionError(f"{source} rendered {text!r}")
    assert refused == len(_ways_in(secret, marker))
    assert not marker.exists()


def test_the_sandbox_still_gives_the_model_and_its_methods(tmp_path: Path) -> None:
    book = clean_book(write_book(tmp_path / "book", {"book.yaml": EN, "01.md": GOOD,
                                                     "pic.png": PNG}))
    env = make_environment(book.root, ROOT)
    text = env.from_string("{{ book.config.title }} {{ book.questions[0].part('answer').label }}"
                           " {{ book.config.date.isoformat() if book.config.date else '' }}"
                           ).render(book=book)
    assert text.startswith("Sandbox Answer")


@pytest.mark.parametrize("link", ["templates/site", "templates", "templates/epub/chapter.xhtml.j2"])
def test_templates_brought_through_a_link_are_refused(tmp_path: Path, link: str) -> None:
    """A link to a folder of the book passed the check (it only looked for files inside
    templates/, and rglob does not descend into a linked folder)."""
    book = write_book(tmp_path / "book", {
        "book.yaml": EN, "01.md": GOOD, "pic.png": PNG,
        "notes/index.html.j2": "{{ book.root.joinpath('/etc/passwd').read_text() }}",
        "notes/chapter.xhtml.j2": "<script>alert(1)</script>"})
    where = book / link
    where.parent.mkdir(parents=True, exist_ok=True)
    target = book / "notes" if not link.endswith(".j2") else book / "notes" / "chapter.xhtml.j2"
    where.symlink_to(target)
    checked = load_and_check(book)
    assert checked.codes == ["book.templates"]
    assert checked.lines[0].endswith("error: a book may not bring its own templates (they "
                                     "could put anything into the outputs); remove the "
                                     "templates folder [book.templates]")


def test_a_book_template_past_the_check_is_never_loaded(tmp_path: Path) -> None:
    """Even a writer called without the check (a tool of cuebook's own) renders cuebook's
    templates, not the book's."""
    book = write_book(tmp_path / "book", {
        "book.yaml": EN, "01.md": GOOD, "pic.png": PNG,
        "notes/book.html.j2": "BOOK-TEMPLATE {{ book.root }}",
        "notes/study.html.j2": "BOOK-TEMPLATE {{ book.root }}"})
    (book / "templates").mkdir()
    (book / "templates" / "site").symlink_to(book / "notes")
    checked = load_and_check(book)
    assert checked.book is not None
    ctx = WriterContext(out_dir=tmp_path / "out", project_dir=ROOT, source_date_epoch=0)
    written = available()["site"].write(checked.book, ctx)
    pages = [p.read_text(encoding="utf-8") for p in written if p.suffix == ".html"]
    assert pages and not any("BOOK-TEMPLATE" in page for page in pages)


def test_the_kept_environment_compiles_a_template_again_when_it_is_saved(tmp_path: Path) -> None:
    """The environment lives as long as the process (``serve`` renders after each save): a
    template saved meanwhile is read again, not served from what was compiled."""
    import os

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html.j2"
    page.write_text("before {{ n }}", "utf-8")
    assert make_environment(tmp_path, tmp_path).get_template("page.html.j2").render(n=1) == \
        "before 1"
    page.write_text("after {{ n }}", "utf-8")
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert make_environment(tmp_path, tmp_path) is make_environment(tmp_path, tmp_path)
    assert make_environment(tmp_path, tmp_path).get_template("page.html.j2").render(n=2) == \
        "after 2"
