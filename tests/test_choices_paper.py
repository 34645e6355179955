"""Multiple-choice questions on paper and in the flashcard files, read back from the real
outputs of tests/fixtures/choice-en and choice-zh (built strict once per session): the
handout's text, every cue card's front and back (found on the duplex sheets as the printer
puts them), the TSV and Quizlet lines, and the Anki package's note type and fields.

What is expected comes from the book model (``Question.choices``), never from the outputs."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import chevron
import pdfplumber
import pytest

from cuebook.book.model import Book, Choices, Question
from cuebook.formats.anki.writer import CHOICE_FIELDS, CHOICE_TEMPLATE_NAME, FIELDS
from cuebook.formats.cards import fit as cards_fit
from cuebook.formats.cards.geometry import Box, grid_for
from cuebook.formats.cards.summary import summarise
from cuebook.formats.cards.writer import build_deck, read_options
from cuebook.formats.registry import WriterContext, available
from cuebook.i18n import colon
from cuebook.render.choices import laid_out, with_choices_laid_out
from cuebook.render.fonts import stack_for_book
from cuebook.render.notes import note_guid, stable_id
from tests.conftest import (
    EPOCH,
    FIXTURES,
    ROOT,
    built_once,
    clean_book,
    shared_dir,
    strict_build,
)
from tests.pdftools import page_texts
from tests.test_anki import Package, open_apkg, visible_text
from tests.test_tsv import decode, read_quizlet, read_tsv

BOOKS = ["choice-en", "choice-zh"]
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Built:
    book: Book
    out: Path

    def path(self, suffix: str) -> Path:
        return self.out / f"{self.book.slug}{suffix}"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """The fixture book's handout, cards, Anki deck and TSV, built strict once."""
    def get(name: str) -> Built:
        out = built_once(shared_dir(tmp_path_factory, f"paper-{name}"),
                         strict_build(str(FIXTURES / name), "--formats", "pdf,cards,anki,tsv"))
        return Built(clean_book(FIXTURES / name), out)
    return get


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_order(text: str, pieces: list[str]) -> list[str]:
    """The pieces not found in ``text`` one after the other (empty: all there, in order)."""
    missing, at = [], 0
    for piece in pieces:
        found = text.find(piece, at)
        if found < 0:
            missing.append(piece)
        else:
            at = found + len(piece)
    return missing


def choices_of(question: Question) -> Choices:
    assert question.choices is not None, f"question {question.number} is not multiple choice"
    return question.choices


def option_pieces(choices: Choices, right_only: bool = False) -> list[str]:
    """Each option as it reads on paper, white space dropped: its letter, then its text."""
    options = choices.correct if right_only else choices.options
    return [squash(o.letter + o.content.text) for o in options]


def explanation_start(choices: Choices) -> str:
    return squash(choices.explanation.text)[:12]


def answer_label(book: Book) -> str:
    spec = book.config.part_spec("answer")
    assert spec is not None
    return spec.label


# Handout ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "kicker"), [("choice-en", "4 questions"),
                                              ("choice-zh", "5 道题")])
def test_the_covers_count_copies_as_the_language_writes_it(
        built: Callable[[str], Built], name: str, kicker: str) -> None:
    """The gap between number and noun is a space where the language has one, so copying,
    searching and reading aloud get "4 questions", not "4questions"."""
    cover = page_texts(built(name).path(".pdf"))[0]
    assert kicker in cover.splitlines()



@pytest.mark.parametrize("name", BOOKS)
def test_the_handout_lists_the_options_and_opens_each_answer_with_the_right_ones(
        built: Callable[[str], Built], name: str) -> None:
    done = built(name)
    book = done.book
    text = squash("".join(page_texts(done.path(".pdf"))[2:]))  # after the cover and contents
    titles = [squash(q.title.text) for q in book.questions]
    starts = [text.index(t) for t in titles]
    assert starts == sorted(starts)
    label = squash(answer_label(book))
    for question, start, end in zip(book.questions, starts, [*starts[1:], len(text)],
                                    strict=True):
        choices = choices_of(question)
        segment = text[start:end]
        ask, _, answer = segment.partition(label)
        assert answer, f"question {question.number}: no {label!r} in {segment!r}"
        # The options under the question, lettered, in order; no bullet, no "A:" in the text.
        assert in_order(ask, [squash(choices.stem.text)[:10], *option_pieces(choices)]) == []
        assert "•" not in ask
        first = choices.options[0]
        assert squash(f"{first.letter}:{first.content.text}") not in ask
        # The answer: every right option, letter and text, then the explanation.
        right = option_pieces(choices, right_only=True)
        assert in_order(answer, [*right, explanation_start(choices)]) == [], answer
        assert answer.startswith(right[0])


# Cue cards -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CardFaces:
    front: str
    back: str


def _box_text(page: pdfplumber.page.Page, box: Box) -> str:
    """The text on one card of a sheet, in reading order (pdfplumber sorts it by position)."""
    bbox = (box.x * PT_PER_MM, box.y * PT_PER_MM, box.right * PT_PER_MM,
            box.bottom * PT_PER_MM)
    return squash(page.within_bbox(bbox).extract_text() or "")


def _mirrored(box: Box, paper: tuple[float, float]) -> Box:
    """Where a card's back is: long-edge duplex mirrors the columns (FACTS: print geometry)."""
    return Box(paper[0] - box.x - box.width, box.y, box.width, box.height)


def card_faces(done: Built) -> Iterator[CardFaces]:
    """Every card of the duplex sheets, front and back, in the order they were placed."""
    ctx = WriterContext(out_dir=done.out, project_dir=ROOT, source_date_epoch=EPOCH,
                        log=logging.getLogger("tests.choices"))
    options = read_options(done.book, ctx)
    assert options.duplex == "long"
    size = options.size
    grid = grid_for(size.width, size.height, size.paper_size)
    with pdfplumber.open(done.path("-cards.pdf")) as pdf:
        pages = pdf.pages
        for sheet in range(0, len(pages), 2):
            front_page, back_page = pages[sheet], pages[sheet + 1]
            for slot in range(grid.capacity):
                box = grid.place(slot).box(size.width, size.height)
                front = _box_text(front_page, box)
                if front:
                    yield CardFaces(front, _box_text(back_page, _mirrored(box, grid.paper)))


@pytest.mark.parametrize("name", BOOKS)
def test_each_card_front_has_every_option_and_its_back_the_right_ones_and_why(
        built: Callable[[str], Built], name: str) -> None:
    done = built(name)
    cards = list(card_faces(done))
    questions = done.book.questions
    assert len(cards) == len(questions)  # one card each: nothing ran on
    total = len(questions)
    for question, card in zip(questions, cards, strict=True):
        choices = choices_of(question)
        number = f"{question.number}/{total}"
        assert number in card.front and number in card.back, (number, card)
        assert in_order(card.front, [squash(question.title.text)[:8],
                                     *option_pieces(choices)]) == [], card.front
        if choices.stem.text.strip():
            assert squash(choices.stem.text)[:10] in card.front
        # The answer stays off the front.
        assert explanation_start(choices) not in card.front
        assert in_order(card.back, [squash(answer_label(done.book)),
                                    *option_pieces(choices, right_only=True),
                                    explanation_start(choices)]) == [], card.back
        wrong = [o for o in choices.options if not o.correct]
        assert not any(squash(o.letter + o.content.text) in card.back for o in wrong)


def test_the_fit_measures_the_options_a_front_shows(make_book: Callable[..., Path],
                                                    tmp_path: Path) -> None:
    """Long options make a front smaller than its stem alone would be: the options are laid
    out when the card is fitted, not added after."""
    long = "一个相当长的选项，描述了一种做法以及它在什么情况下适用"
    options = "".join(f"- {letter}．{long}（{letter}）\n" for letter in "ABCDE")
    folder = make_book({"01.md": "# 第一章\n\n"
                        "## 1. 选哪个？\n\n**题目：** 下面哪一种做法最合适？\n\n"
                        f"{options}\n**答案：** C\n\n因为它最简单。\n\n"
                        "## 2. 选哪个？\n\n**题目：** 下面哪一种做法最合适？\n\n"
                        "**答案：** 因为它最简单。\n"})
    book = clean_book(folder)
    ctx = WriterContext(out_dir=tmp_path, project_dir=ROOT, source_date_epoch=EPOCH,
                        flags={"cards.size": "a7"}, log=logging.getLogger("tests.choices"))
    options_read = read_options(book, ctx)
    deck = build_deck(with_choices_laid_out(book), ctx, options_read, stack_for_book(book))
    with_options, without = deck.fits["c1-front"], deck.fits["c2-front"]
    assert len(with_options.pages) == 1 and len(without.pages) == 1
    assert with_options.size < without.size
    assert with_options.size in cards_fit.sizes_for(deck.faces["c1-front"], "zh-CN", "summary")


def test_a_summary_back_keeps_every_right_option(make_book: Callable[..., Path]) -> None:
    """A back cut to its first block still says which options are right, all of them."""
    folder = make_book({"01.md": "# 第一章\n\n## 1. 选哪些？\n\n**题目：** 哪些对？\n\n"
                        "- A．甲\n- B．乙\n- C．丙\n\n**答案：** A、C\n\n第一段解释。\n\n"
                        "第二段解释。\n"})
    question = laid_out(clean_book(folder).questions[0])
    answer = question.part("answer")
    assert answer is not None
    [kept] = summarise([answer], 1).parts
    assert squash(visible_text(kept.content.html)) == "A甲C丙"


# TSV and Quizlet -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", BOOKS)
def test_tsv_rows_hold_stem_and_options_in_front_and_the_right_option_behind(
        built: Callable[[str], Built], name: str) -> None:
    done = built(name)
    mark = colon(done.book.config.language)
    _, records = read_tsv(done.path(".tsv"))
    assert len(records) == len(done.book.questions)
    for question, record in zip(done.book.questions, records, strict=True):
        choices = choices_of(question)
        front, back = decode(record[0]).split("\n"), decode(record[1]).split("\n")
        options = [f"{o.letter}{mark}{o.content.text}" for o in choices.options]
        assert front[0] == question.title.text
        assert front[-len(options):] == options
        assert squash("".join(front[1:-len(options)])) == squash(choices.stem.text)
        right = [f"{o.letter}{mark}{o.content.text}" for o in choices.correct]
        assert back[:len(right)] == right
        assert squash("".join(back[len(right):])) == squash(choices.explanation.text)
        assert record[4] == note_guid(done.book.slug, question.id)


@pytest.mark.parametrize("name", BOOKS)
def test_quizlet_terms_hold_every_option_and_differ(built: Callable[[str], Built],
                                                    name: str) -> None:
    done = built(name)
    mark = colon(done.book.config.language)
    cards = read_quizlet(done.path("-quizlet.txt"))
    assert len({term for term, _ in cards}) == len(cards) == len(done.book.questions)
    for question, (term, definition) in zip(done.book.questions, cards, strict=True):
        choices = choices_of(question)
        assert in_order(term, [f"{o.letter}{mark}{o.content.text}"
                               for o in choices.options]) == []
        right = [f"{o.letter}{mark}{o.content.text}" for o in choices.correct]
        assert definition.startswith(right[0])
        assert in_order(definition, [*right, choices.explanation.text.strip()[:10]]) == []


def test_questions_titled_alike_get_different_terms_and_keep_the_guards(
        make_book: Callable[..., Path], tmp_path: Path) -> None:
    """The code and the options tell them apart; a question that repeats another whole (a
    bank's copy-paste) gets its term marked "(2)"."""
    question = ("## {n}. =What's the output?\n\n```js\nconsole.log({x});\n```\n\n"
                "- A: `{x}`\n- B: `undefined`\n\n**Answer:** A\n\nIt prints {x}.\n\n")
    folder = make_book({"book.yaml": "title: T\nauthor: A\nlanguage: en\n",
                        "01.md": "# C\n\n" + "".join(question.format(n=n, x=x)
                                                       for n, x in ((1, 1), (2, 2), (3, 1)))})
    book = clean_book(folder)
    ctx = WriterContext(out_dir=tmp_path, project_dir=ROOT, source_date_epoch=EPOCH,
                        log=logging.getLogger("tests.choices"))
    tsv, quizlet = available()["tsv"].write(book, ctx)
    terms = [term for term, _ in read_quizlet(quizlet)]
    assert len(set(terms)) == 3
    assert all(t.startswith(" =") for t in terms)  # a spreadsheet reads text, not a formula
    assert [t.rsplit(" ↵ ", 2)[1:] for t in terms] == [
        ["A: 1", "B: undefined"], ["A: 2", "B: undefined"], ["A: 1", "B: undefined (2)"]]
    _, records = read_tsv(tsv)
    assert all(r[0].startswith("&#61;") for r in records)


# Anki ------------------------------------------------------------------------------------------

def _choice_model(package: Package, book: Book) -> dict[str, object]:
    [model] = [m for m in package.models.values() if m["name"].endswith("(multiple choice)")]
    assert int(model["id"]) == stable_id("notetype", book.slug, "choice")
    return model


def _filled(template: str, fields: dict[str, str]) -> str:
    """A card's side as Anki fills it: fields as they are (Anki does not escape them)."""
    return str(chevron.render(re.sub(r"\{\{([A-Za-z]+)\}\}", r"{{{\1}}}", template), fields))


@pytest.mark.parametrize("name", BOOKS)
def test_anki_multiple_choice_notes_have_their_own_note_type_and_fields(
        built: Callable[[str], Built], name: str) -> None:
    done = built(name)
    package = open_apkg(done.path(".apkg"))
    model = _choice_model(package, done.book)
    assert [f["name"] for f in model["flds"]] == list(CHOICE_FIELDS)  # type: ignore[index]
    [template] = model["tmpls"]  # type: ignore[misc]
    assert template["name"] == CHOICE_TEMPLATE_NAME
    assert len(package.notes) == len(done.book.questions)
    for question in done.book.questions:
        choices = choices_of(question)
        note = package.notes[note_guid(done.book.slug, question.id)]
        fields = note.fields
        assert list(fields) == list(CHOICE_FIELDS)
        assert fields["Key"] == choices.key
        assert visible_text(fields["Options"]) == "".join(option_pieces(choices))
        assert visible_text(fields["Right"]) == "".join(option_pieces(choices, True))
        assert visible_text(fields["Stem"]) == squash(choices.stem.text)
        assert visible_text(fields["Explanation"]) == squash(choices.explanation.text)
        front = _filled(template["qfmt"], fields)
        back = _filled(template["afmt"], {**fields, "FrontSide": front})
        assert in_order(visible_text(front), option_pieces(choices)) == []
        assert explanation_start(choices) not in visible_text(front)
        after = visible_text(back.split('<hr id="answer">', 1)[1])
        assert in_order(after, [*option_pieces(choices, True),
                                explanation_start(choices)]) == []


def test_anki_marks_the_right_options_with_more_than_colour(
        built: Callable[[str], Built]) -> None:
    done = built("choice-en")
    model = _choice_model(open_apkg(done.path(".apkg")), done.book)
    css = str(model["css"])
    rule = re.search(r"\.right \.choice-letter::before \{ content: \"([^\"]+)\"; \}", css)
    assert rule is not None and rule.group(1).startswith("\\2713")  # a check mark
    assert '<div class="right">{{Right}}</div>' in model["tmpls"][0]["afmt"]  # type: ignore[index]


def test_a_book_with_both_kinds_keeps_the_basic_note_type_for_the_others(
        make_book: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_book({"01.md": "# 第一章\n\n## 1. 什么是闭包？ {#closure}\n\n"
                        "**题目：** 说说闭包。\n\n**答案：** 函数和它的词法环境。\n\n"
                        "## 2. 哪个是质数？ {#prime}\n\n**题目：** 选出质数。\n\n"
                        "- A．4\n- B．7\n\n**答案：** B\n"})
    book = clean_book(folder)
    ctx = WriterContext(out_dir=tmp_path, project_dir=ROOT, source_date_epoch=EPOCH,
                        log=logging.getLogger("tests.choices"))
    [path] = available()["anki"].write(book, ctx)
    package = open_apkg(path)
    plain = package.notes[note_guid(book.slug, "closure")]
    choice = package.notes[note_guid(book.slug, "prime")]
    assert list(plain.fields) == list(FIELDS)
    assert list(choice.fields) == list(CHOICE_FIELDS)
    assert choice.fields["Key"] == "B" and html.unescape(choice.fields["Right"]).count("7") == 1
    assert {int(m["id"]) for m in package.models.values()} == {
        stable_id("notetype", book.slug), stable_id("notetype", book.slug, "choice")}


def test_a_book_without_an_author_shows_no_byline(built: Callable[[str], Built]) -> None:
    """choice-en's book.yaml names no author (as an imported README often cannot): the
    handout has no Author in its metadata and no byline on its cover."""
    from pypdf import PdfReader

    handout = built("choice-en").out / "choice-en.pdf"
    assert PdfReader(handout).metadata.get("/Author") is None
    with pdfplumber.open(handout) as pdf:
        cover = pdf.pages[0].extract_text()
    assert cover.split() == ["4questions", "JavaScript", "Output", "Quiz"]
