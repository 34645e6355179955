"""The preview's patch (cuebook/patch.py): the one element whose swap turns an open page into
its rewritten version, exact to the byte, or none (the page reloads)."""

from __future__ import annotations

import json
from pathlib import Path

from cuebook.patch import digest, patch

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><title>Bank</title></head>
<body>
<main id="main">
<nav class="toc"><a href="#q-1">One</a> <a href="#q-2">Two</a></nav>
<section class="chapter" id="ch-1">
  <section class="prose" id="intro"><p>Before the questions.</p></section>
  <article class="question" id="q-1"><h3 id="q-1-title">One</h3><p>ANSWER1</p></article>
  <article class="question" id="q-2"><h3 id="q-2-title">Two</h3><p>ANSWER2</p></article>
</section>
<section class="chapter" id="ch-2"><p>CHAPTER2</p></section>
</main>
</body>
</html>
"""


def _swapped(old: str, new: str) -> str:
    """``old`` with the patch's element in place of its target, as a browser's swap does."""
    found = patch(old.encode(), new.encode())
    assert found is not None
    start = old.index(f'id="{found.target}"')
    start = old.rindex("<", 0, start)
    tag = old[start + 1:old.index(" ", start)]
    depth, at = 0, start
    while True:
        opening, closing = old.find(f"<{tag}", at), old.find(f"</{tag}>", at)
        if opening != -1 and opening < closing:
            depth, at = depth + 1, opening + 1
        else:
            depth, at = depth - 1, closing + 1
            if depth == 0:
                return old[:start] + found.html + old[old.index(">", closing) + 1:]


def test_an_edited_answer_is_its_question_alone() -> None:
    new = PAGE.replace("ANSWER2", "A longer answer")
    found = patch(PAGE.encode(), new.encode())
    assert found is not None and found.target == "q-2"
    assert found.html.startswith('<article class="question" id="q-2">')
    assert found.html.endswith("</article>")
    assert _swapped(PAGE, new) == new


def test_a_change_inside_a_nested_element_of_the_same_name_swaps_the_inner_one() -> None:
    new = PAGE.replace("Before the", "Ahead of the")
    found = patch(PAGE.encode(), new.encode())
    assert found is not None and found.target == "intro"
    assert _swapped(PAGE, new) == new


def test_changes_in_two_questions_swap_what_holds_both() -> None:
    new = PAGE.replace("ANSWER1", "first").replace("CHAPTER2", "second")
    found = patch(PAGE.encode(), new.encode())
    assert found is not None and found.target == "main"
    assert _swapped(PAGE, new) == new


def test_an_edited_id_is_swapped_by_the_old_one() -> None:
    new = PAGE.replace('id="q-2"', 'id="q-two"')
    found = patch(PAGE.encode(), new.encode())
    assert found is not None and found.target == "q-2" and 'id="q-two"' in found.html


def test_what_cannot_be_swapped_reloads() -> None:
    cases = {
        "outside every element with an id": PAGE.replace("<title>Bank", "<title>Banks"),
        "a page that runs scripts": PAGE.replace("</body>", "<script>go()</script></body>"),
        "markup not read as elements": PAGE.replace("ANSWER2", "<!-- a note -->"),
    }
    for why, new in cases.items():
        assert patch(PAGE.encode(), new.encode()) is None, why
    assert patch(PAGE.encode(), PAGE.encode()) is None  # nothing changed


def test_the_preview_answers_a_page_with_its_patch(tmp_path: Path) -> None:
    from cuebook.serve import PreviewState

    (tmp_path / "bank").mkdir()
    page = tmp_path / "bank" / "index.html"
    page.write_text(PAGE, "utf-8")
    state = PreviewState(tmp_path)
    version = state.page("bank/index.html", PAGE.encode())  # served to a browser
    assert version == digest(PAGE.encode())
    page.write_text(PAGE.replace("ANSWER1", "edited"), "utf-8")
    answer = json.loads(state.patch("bank/index.html", version))
    assert answer["from"] == version and answer["target"] == "q-1"
    assert answer["to"] == digest(page.read_bytes())
    now = answer["to"]
    assert json.loads(state.patch("bank/index.html", now)) == {"from": now, "to": now}
    assert json.loads(state.patch("bank/index.html", "unknown")) == {"reload": True}
    assert json.loads(state.patch("../outside.html", version)) == {"reload": True}
    assert json.loads(state.patch(".cache/x.html", version)) == {"reload": True}
    (tmp_path / "bank" / "notes.txt").write_text(PAGE, "utf-8")
    assert json.loads(state.patch("bank/notes.txt", version)) == {"reload": True}
