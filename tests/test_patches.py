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
_PATCHES = re.compile(r"^\s*(weasyprint|pydyf)(\.\w+)+\s*=[^=]", re.M)


def test_libraries_are_patched_only_in_the_modules_named_for_them() -> None:
    allowed = {ROOT / "cuebook" / "render" / f"{name}_patches.py"
               for name in ("weasyprint", "pydyf")}
    found = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "cuebook").rglob("*.py"))
             if path not in allowed and _PATCHES.search(path.read_text("utf-8"))]
    assert found == []
    assert all(_PATCHES.search(path.read_text("utf-8")) for path in allowed)
