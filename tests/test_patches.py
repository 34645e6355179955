"""Libraries patched at run time: only in the module named for each, only inside a block that
puts the library back as it was, and with a version the patch does not know, not at all (the
same bytes, slower). The collector's settings likewise come back as they were."""

from __future__ import annotations

import gc
import re

import pydyf  # type: ignore[import-untyped,unused-ignore]
import pytest
import weasyprint
import weasyprint.layout

from cuebook.diagnostics import SourceLocation
from cuebook.render import collector, pydyf_patches, weasyprint_patches
from cuebook.render.weasy import render_pdf
from tests.conftest import ROOT

#: Links to anchors on other pages: WeasyPrint asks pydyf for a page reference per link.
LINKED = "<html><body>" + "".join(
    f'<h1 id="s{n}" style="break-before: page">Section {n}</h1>'
    f'<p><a href="#s{(n + 1) % 6}">next</a> <a href="#s0">first</a></p>' for n in range(6)) + \
    "</body></html>"


def _pdf() -> bytes:
    return render_pdf(LINKED, base_dir=ROOT, stylesheets=[], roots=(ROOT,),
                      where=SourceLocation(ROOT / "x.html", 1)).pdf


def test_the_libraries_here_are_ones_the_patches_know() -> None:
    assert weasyprint_patches.supported()
    assert pydyf_patches.supported()


def test_a_pydyf_the_patch_does_not_know_writes_the_same_bytes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    patched = _pdf()
    monkeypatch.setattr(pydyf_patches, "KNOWN_VERSIONS", ())
    before = vars(pydyf.PDF)["page_references"]
    with pydyf_patches.page_references_kept():
        assert vars(pydyf.PDF)["page_references"] is before
    assert _pdf() == patched


def test_the_patched_libraries_are_as_they_were_after_each_block() -> None:
    references = vars(pydyf.PDF)["page_references"]
    with pydyf_patches.page_references_kept():
        assert vars(pydyf.PDF)["page_references"] is not references
    assert vars(pydyf.PDF)["page_references"] is references
    pages = weasyprint.layout.make_all_pages
    with pytest.raises(ZeroDivisionError), weasyprint_patches.revising(lambda *args: None):
        assert weasyprint.layout.make_all_pages is not pages
        1 / 0  # noqa: B018
    assert weasyprint.layout.make_all_pages is pages


def test_the_collector_is_as_it_was_after_each_block() -> None:
    thresholds = gc.get_threshold()
    with pytest.raises(ZeroDivisionError), collector.no_full_collections():
        assert gc.get_threshold()[2] == collector.FULL_COLLECTIONS_AFTER
        1 / 0  # noqa: B018
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0
    with collector.kept_apart() as settle:
        settle()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


#: An assignment to an attribute of a library cuebook renders with.
#: A patch: an attribute of the library set, or swapped for a block (cuebook.render.swap).
_PATCHES = re.compile(r"^\s*(weasyprint|pydyf)(\.\w+)+\s*=[^=]|\bswapped\((weasyprint|pydyf)\b",
                      re.M)


def test_libraries_are_patched_only_in_the_modules_named_for_them() -> None:
    allowed = {ROOT / "cuebook" / "render" / f"{name}_patches.py"
               for name in ("weasyprint", "pydyf")}
    found = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "cuebook").rglob("*.py"))
             if path not in allowed and _PATCHES.search(path.read_text("utf-8"))]
    assert found == []
    assert all(_PATCHES.search(path.read_text("utf-8")) for path in allowed)


#: A contents line: its title, a dotted leader, the page number.
LEADERED = ('<html><body style="font: 10pt sans-serif; width: 120mm">'
            '<p id="a">Chapter</p><p style="break-before: page">'
            '<a href="#a" style="display: block" class="entry">Chapter one</a></p>'
            "<style>.entry::after { content: leader(dotted) ' ' "
            "target-counter(attr(href url), page) }</style></body></html>")


def _leader_boxes(document: object) -> list[object]:
    from weasyprint.formatting_structure import boxes

    def walk(box: object) -> list[object]:
        own = [box] if isinstance(box, boxes.TextBox) and box.element_tag == "a::after" else []
        return own + [b for child in getattr(box, "children", ()) for b in walk(child)]
    return [b for page in document.pages for b in walk(page._page_box)]  # type: ignore[attr-defined]


def _leader_dots(pdf: bytes) -> list[float]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        return [c["x0"] for page in opened.pages for c in page.chars if c["text"] == "."]


def test_a_leader_is_one_run_of_its_dots_where_they_were(
        monkeypatch: pytest.MonkeyPatch) -> None:
    where = SourceLocation(ROOT / "x.html", 1)
    joined = render_pdf(LEADERED, base_dir=ROOT, stylesheets=[], roots=(ROOT,), where=where)
    monkeypatch.setattr(weasyprint_patches, "LEADER_VERSIONS", ())
    apart = render_pdf(LEADERED, base_dir=ROOT, stylesheets=[], roots=(ROOT,), where=where)
    dots = _leader_dots(apart.pdf)
    assert len(dots) > 50
    assert [box.text for box in _leader_boxes(joined.document)][0] == "." * len(dots)
    assert len(_leader_boxes(apart.document)) > len(dots)  # a box per dot, and the number's
    # The same dots, within a twentieth of a point (the PDF's glyph widths are in thousandths
    # of an em).
    assert max(abs(a - b) for a, b in zip(sorted(_leader_dots(joined.pdf)), sorted(dots),
                                          strict=True)) < 0.05


def test_weasyprint_reads_its_c_declarations_parsed_beforehand() -> None:
    """The tables are those of the WeasyPrint installed here (after an update:
    ``python -m cuebook.render.weasyprint_loading``), and a writer's first import of WeasyPrint
    uses them: pycparser, cffi's C parser, is never imported; nor are fontTools' subsetter and
    instancer, until asked for."""
    from cuebook.render import weasyprint_ffi, weasyprint_loading

    source = weasyprint_loading.declaring_file()
    assert source is not None
    written = (ROOT / "cuebook" / "render" / "weasyprint_ffi.py").read_text("utf-8")
    assert weasyprint_loading.declarations_module(source.read_text("utf-8")) == written
    assert weasyprint_ffi.SOURCE in written
    probe = ("import sys\n"
             "from cuebook.render.weasyprint_loading import imported\n"
             "imported('cuebook.formats.pdf.writer')\n"
             "from weasyprint.text.ffi import ffi\n"
             "print(type(ffi).__name__, 'pycparser' in sys.modules)\n"
             "print(any(m.startswith(('fontTools.subset.', 'fontTools.varLib'))"
             " for m in sys.modules))\n"
             "from weasyprint.pdf.fonts import subset\n"
             "print(subset.Options.__module__)\n")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["Declared", "False", "False", "fontTools.subset"]


def test_fonts_read_their_files_only_when_used_and_write_the_same_bytes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.pdf.fonts

    init = weasyprint.pdf.fonts.Font.__init__
    patched = _pdf()
    assert weasyprint.pdf.fonts.Font.__init__ is init
    assert "file_content" not in vars(weasyprint.pdf.fonts.Font)
    monkeypatch.setattr(weasyprint_patches, "FACE_VERSIONS", ())
    assert _pdf() == patched


#: Text in two faces (a serif and a sans), each subset.
TWO_FACES = ('<html><body><p style="font-family: serif">Serif text, 字</p>'
             '<p style="font-family: sans-serif">Sans text, 字</p></body></html>')


def test_faces_subset_side_by_side_write_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.pdf

    def pdf() -> bytes:
        return render_pdf(TWO_FACES, base_dir=ROOT, stylesheets=[], roots=(ROOT,),
                          where=SourceLocation(ROOT / "x.html", 1)).pdf

    build = weasyprint.pdf.build_fonts_dictionary
    side_by_side = weasyprint_patches._side_by_side
    faces: list[int] = []
    monkeypatch.setattr(weasyprint_patches, "_side_by_side",
                        lambda jobs, hinting: (faces.append(len(jobs)),
                                               side_by_side(jobs, hinting)))
    together = pdf()
    assert faces and faces[0] >= 2
    assert weasyprint.pdf.build_fonts_dictionary is build
    monkeypatch.setattr(weasyprint_patches, "SUBSET_VERSIONS", ())
    assert pdf() == together
