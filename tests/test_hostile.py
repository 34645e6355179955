"""The hostile corpus (tests/hostile/): every case refused with its exact diagnostics, or built
by every writer with the payload neutralised, while a canary server counts connections and a
secret file sits next to the book.

Proof, per built case and per output (PDF text, PDF attachments and links, every member of an
EPUB or Anki package, any other file's bytes): no connection to the canary, the secret's text
nowhere, well-formed XML with no script and no reference out of an e-book, no attachments.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cuebook.book.model import Book
from cuebook.diagnostics import CuebookError
from cuebook.formats.registry import FORMATS, WriterContext, available
from cuebook.render.fonts import stack_for_book, uncovered
from tests.conftest import ROOT, load_and_check
from tests.hostile.harness import (
    Canary,
    Case,
    Sandbox,
    anki_problems,
    epub_problems,
    load_cases,
    pdf_attachments,
    pdf_uris,
    pdftotext,
    running_canary,
    searchable_text,
    site_problems,
)

CASES = load_cases()
BUILT = [c for c in CASES if c.outcome in ("built", "build-refused")]


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    with running_canary() as server:
        yield server


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, canary: Canary) -> Sandbox:
    return Sandbox(tmp_path_factory.mktemp("hostile"), canary)


@pytest.fixture(autouse=True)
def nothing_reaches_out(canary: Canary, sandbox: Sandbox) -> Iterator[None]:
    """After every test here: no connection to the canary, no marker file from code run."""
    yield
    assert canary.hits == [], f"the canary was contacted: {canary.hits[:3]}"
    assert not sandbox.marker.exists(), "a payload ran code during the build"


def test_the_corpus_covers_every_outcome() -> None:
    assert {c.outcome for c in CASES} == {"refused", "checked", "built", "build-refused"}
    assert len(CASES) >= 40
    for case in CASES:
        assert case.summary, f"{case.name}: say in expected.txt what the case tries"
        if case.outcome in ("refused", "build-refused"):
            assert case.diagnostics, f"{case.name}: a refusal names its diagnostics"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_refuses_exactly_as_expected(case: Case, sandbox: Sandbox,
                                           in_dir: Callable[[Path], None]) -> None:
    book = sandbox.materialise(case)
    in_dir(book)  # diagnostics name files relative to the working folder
    checked = load_and_check(Path("."))
    if case.outcome == "refused":
        assert checked.lines == [sandbox.fill(line) for line in case.diagnostics]
        assert checked.diags.failed()
    else:
        assert checked.lines == [], "a case expected to build must pass the check cleanly"
        assert checked.book is not None


@dataclass
class Built:
    outputs: list[Path] = field(default_factory=list)
    errors: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)  # formats that stopped with an error
    handout: Path | None = None


@pytest.fixture(scope="module")
def built(sandbox: Sandbox) -> dict[str, Built]:
    """Every built case through every writer that exists (whatever has been added since)."""
    results = {}
    old = Path.cwd()
    try:
        for case in BUILT:
            os.chdir(sandbox.materialise(case, folder=f"{case.name}-build"))
            book = load_and_check(Path(".")).book
            assert book is not None
            results[case.name] = _build(book, sandbox, case)
    finally:
        os.chdir(old)
    return results


def _build(book: Book, sandbox: Sandbox, case: Case) -> Built:
    out = sandbox.root / "out" / case.name
    ctx = WriterContext(out_dir=out, project_dir=ROOT, source_date_epoch=1704067200,
                        log=logging.getLogger("cuebook.hostile"))
    result = Built()
    # As a build does: characters no font has refuse every format that embeds fonts before
    # any writer runs (cuebook.pipeline.check).
    missing = uncovered(book, stack_for_book(book))
    for name, writer in available().items():
        if missing and FORMATS[name].embeds_fonts:
            result.failed.add(name)
            result.errors.update(str(d) for d in missing)
            continue
        try:
            paths = writer.write(book, ctx)
        except CuebookError as exc:
            result.failed.add(name)
            result.errors.update(str(d) for d in exc.diagnostics)
            continue
        result.outputs.extend(paths)
        if name == "pdf":
            result.handout = paths[0]
    return result


@pytest.mark.parametrize("case", [c for c in BUILT if c.outcome == "built"],
                         ids=[c.name for c in BUILT if c.outcome == "built"])
def test_built_case_shows_the_payload_as_text(case: Case, built: dict[str, Built],
                                              sandbox: Sandbox) -> None:
    result = built[case.name]
    assert result.errors == set() and result.failed == set()
    assert result.handout is not None
    text = _squash(pdftotext(result.handout))
    for shown in case.shows:
        assert _squash(sandbox.fill(shown)) in text, f"the handout does not show {shown!r}"
    everything = searchable_text(result.outputs)
    for never in case.never:
        hits = [name for name, body in everything.items() if sandbox.fill(never) in body]
        assert hits == [], f"{never!r} is in {hits}"


@pytest.mark.parametrize("case", [c for c in BUILT if c.outcome == "build-refused"],
                         ids=[c.name for c in BUILT if c.outcome == "build-refused"])
def test_build_refused_case_stops_with_a_located_error(case: Case, built: dict[str, Built],
                                                       sandbox: Sandbox) -> None:
    result = built[case.name]
    assert result.errors == {sandbox.fill(line) for line in case.diagnostics}
    assert "pdf" in result.failed
    out = sandbox.root / "out" / case.name
    written = {p.name for p in out.iterdir()} if out.exists() else set()
    assert not any(p.endswith(".pdf") and "cards" not in p for p in written)


@pytest.mark.parametrize("case", BUILT, ids=[c.name for c in BUILT])
def test_no_output_holds_the_secret_script_or_a_reference_out(
        case: Case, built: dict[str, Built], sandbox: Sandbox) -> None:
    result = built[case.name]
    assert result.outputs or result.failed == set(available())
    for name, body in searchable_text(result.outputs).items():
        assert sandbox.token not in body, f"the secret is in {name}"
    for path in result.outputs:
        if path.suffix == ".pdf":
            assert pdf_attachments(path) == []
            bad = [u for u in pdf_uris(path) if not re.match(r"(https?|mailto|file):", u)]
            assert bad == [], f"{path.name} links to {bad}"
        elif path.suffix == ".epub":
            assert epub_problems(path) == []
        elif path.suffix == ".apkg":
            assert anki_problems(path) == []
        elif path.suffix == ".html":
            assert site_problems(path) == [], path.name


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
