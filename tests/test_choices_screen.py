"""Multiple-choice questions on screen: the e-book's two editions and the study site, read from
the real outputs (the EPUBs unzipped, the site's HTML, the study page in Chromium).

The model side (which options, which letters) is tested in test_choices.py; here: the options
are a lettered list, the answer opens with the right option(s) and their text, the study card
lets the learner pick, says right or wrong in words, marks the right option(s), shows the
explanation and grades the card in the schedule.
"""

from __future__ import annotations

import datetime
import json
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html
import pytest
from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from cuebook.book.model import Book, Choices, Question
from tests import browser
from tests.conftest import FIXTURES, LIBRARY, ROOT, clean_book, cuebook_build, write_book
from tests.validators import ACE, CHROMIUM, run_ace, run_epubcheck

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

XHTML = "http://www.w3.org/1999/xhtml"
NS = {"x": XHTML}
CHOICE_EN = FIXTURES / "choice-en"
ZH_FILES = {
    "book.yaml": "title: 选择题\nauthor: 作者\nlanguage: zh-CN\n",
    "01.md": "# 第一章\n\n## 1. 哪个是质数？\n\n**题目：** 选出质数。\n\n"
             "- A．4\n- B．7\n- C．9\n\n**答案：** B。7 只能被 1 和它自身整除。\n\n"
             "## 2. 哪些是偶数？\n\n**题目：** 选出全部偶数。\n\n"
             "- A．2\n- B．3\n- C．4\n\n**答案：** A、C。能被 2 整除。\n\n"
             "## 3. 哪段代码输出 1？\n\n**题目：** 选一段。\n\n"
             "- A．这段\n\n  ```js\n  console.log(0 + 1);\n  ```\n\n"
             "- B．那段\n\n  ```js\n  console.log(\"1\" - 0 + 1);\n  ```\n\n"
             "**答案：** A\n\n0 + 1 是 1。\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """choice-en, a small Chinese multiple-choice book and a book without any (the interview
    fixture), e-book and site, built strict."""
    zh = write_book(tmp_path_factory.mktemp("zh") / "choice-zh", ZH_FILES)
    out = tmp_path_factory.mktemp("out")
    done = cuebook_build(str(CHOICE_EN), str(zh), str(LIBRARY / "interview"), "--formats",
                         "epub,site", "--out", str(out), "--strict", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    # The Chinese fixture book (tests/fixtures/choice-zh), for the validators.
    done = cuebook_build(str(FIXTURES / "choice-zh"), "--formats", "epub", "--out",
                         str(out / "fixture"), "--strict", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def book() -> Book:
    return clean_book(CHOICE_EN)


def words(text: str) -> str:
    return " ".join(text.split())


def choices_of(question: Question) -> Choices:
    assert question.choices is not None, f"question {question.number} is multiple choice"
    return question.choices


# ---- the e-book --------------------------------------------------------------------------------


class Epub:
    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(f"EPUB/{name}"))

    def question(self, name: str, qid: str) -> etree._Element:
        (found,) = self.xml(name).xpath("//x:section[@id=$id]", namespaces=NS, id=qid)
        return found


def text_of(element: etree._Element) -> str:
    return words("".join(element.itertext()))


def options_listed(part: etree._Element) -> list[tuple[str, str]]:
    """The (letter, text) of each item of the lettered list in a part, as a reader shows it:
    the list's type="A" letters, counted from each item's value when it has one."""
    (ol,) = part.xpath(".//x:ol[contains(@class, 'choices')]", namespaces=NS)
    assert ol.get("type") == "A"
    found, number = [], 0
    for li in ol.iterfind("x:li", NS):
        number = int(li.get("value") or number + 1)
        found.append((chr(ord("A") + number - 1), text_of(li)))
    return found


def expected_options(choices: Choices, right_only: bool = False) -> list[tuple[str, str]]:
    return [(o.letter, words(o.content.text)) for o in choices.options
            if o.correct or not right_only]


def part(section: etree._Element, key: str) -> etree._Element:
    (found,) = section.xpath(f"x:section[contains(@class, 'part-{key}')]", namespaces=NS)
    return found


def check_answer_part(answer: etree._Element, choices: Choices) -> None:
    """The answer opens with the right option(s), letter and text, then the explanation."""
    body = answer.find("x:div[@class='part-body']", NS)
    assert body is not None
    first = body[0]
    assert first.tag == f"{{{XHTML}}}ol" and "choices-right" in first.get("class", "")
    assert options_listed(answer) == expected_options(choices, right_only=True)
    after = words("".join(t for el in body[1:] for t in el.itertext()))
    assert after == words(choices.explanation.text)


def test_the_reading_edition_letters_the_options_and_opens_the_answer_with_the_right_one(
        built: Path, book: Book) -> None:
    epub = Epub(built / "choice-en.epub")
    for question in book.questions:
        choices = choices_of(question)
        section = epub.question("chapter-1.xhtml", question.id)
        asked = part(section, "question")
        assert options_listed(asked) == expected_options(choices)
        # The author's "A:" / "(B)" / "c)" are gone from the text: the list letters them.
        assert asked.xpath(".//x:ul", namespaces=NS) == []
        for letter in "ABCD":
            for mark in (f"{letter}:", f"{letter}.", f"({letter})", f"{letter.lower()})"):
                assert mark not in text_of(asked), (question.number, mark)
        if choices.stem.text.strip():
            assert words(choices.stem.text) in text_of(asked)
        check_answer_part(part(section, "answer"), choices)


def test_the_quiz_edition_asks_with_the_options_and_its_answer_page_names_the_right_one(
        built: Path, book: Book) -> None:
    epub = Epub(built / "choice-en-quiz.epub")
    for question in book.questions:
        choices = choices_of(question)
        section = epub.question("chapter-1.xhtml", question.id)
        assert options_listed(part(section, "question")) == expected_options(choices)
        assert section.xpath("x:section[contains(@class, 'part-answer')]", namespaces=NS) == []
        # The answer is a page of its own, where the question's link leads.
        (link,) = section.xpath(".//x:a[@id=$id]", namespaces=NS, id=f"ask-{question.id}")
        name, _, anchor = link.get("href").partition("#")
        assert name != "chapter-1.xhtml"
        page = epub.question(name, anchor)
        restated = page.find("x:header", NS)
        assert restated is not None
        assert options_listed(part(restated, "question")) == expected_options(choices)
        check_answer_part(part(page, "answer"), choices)


def test_only_a_book_with_choices_gets_their_styles(built: Path) -> None:
    def css(name: str) -> str:
        return zipfile.ZipFile(built / name).read("EPUB/styles/epub.css").decode()

    shared = (ROOT / "styles" / "epub.css").read_text()
    rules = (ROOT / "styles" / "epub-choices.css").read_text()
    assert css("choice-en.epub").startswith(shared) and rules in css("choice-en.epub")
    assert rules not in css("interview.epub") and rules not in css("interview-quiz.epub")
    chapter = zipfile.ZipFile(built / "interview.epub").read("EPUB/chapter-1.xhtml")
    assert b"choices" not in chapter


def test_a_chinese_book_letters_its_options_too(built: Path) -> None:
    epub = Epub(built / "choice-zh-quiz.epub")
    section = epub.question("chapter-1.xhtml", "q1")
    assert options_listed(part(section, "question")) == [("A", "4"), ("B", "7"), ("C", "9")]
    page = epub.question("answer-1-1.xhtml", "answer-q1")
    answer = part(page, "answer")
    assert options_listed(answer) == [("B", "7")]
    assert text_of(answer).endswith("7 只能被 1 和它自身整除。")


@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed: EPUBCheck "
                    "cannot run (apt-get install default-jre-headless)")
def test_epubcheck_reports_nothing_for_the_choice_editions(built: Path) -> None:
    paths = [built / "choice-en.epub", built / "choice-en-quiz.epub",
             built / "fixture" / "choice-zh.epub", built / "fixture" / "choice-zh-quiz.epub"]
    assert run_epubcheck(paths) == {p.name: [] for p in paths}


@pytest.mark.skipif(ACE is None or CHROMIUM is None, reason="Ace by DAISY is not installed "
                    "(npm install -g @daisy/ace-cli)")
def test_ace_reports_no_violation_for_the_choice_editions(built: Path) -> None:
    paths = [built / "choice-en.epub", built / "choice-en-quiz.epub",
             built / "fixture" / "choice-zh.epub", built / "fixture" / "choice-zh-quiz.epub"]
    assert run_ace(paths) == {p.name: [] for p in paths}


# ---- the site, as files ----------------------------------------------------------------------


def html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def test_the_study_page_has_a_button_per_option_and_the_right_letters(built: Path,
                                                                       book: Book) -> None:
    doc = html(built / "choice-en" / "study.html")
    for question in book.questions:
        choices = choices_of(question)
        (item,) = doc.xpath("//li[@data-id=$id]", id=question.id)
        (group,) = item.xpath(".//*[contains(@class, 'choice-pick')]")
        assert group.get("role") == "group" and group.get("aria-label")
        assert group.get("data-key") == choices.key
        buttons = group.xpath(".//button[contains(@class, 'choice')"
                              " and not(contains(@class, 'choice-check'))]")
        assert [b.get("type") for b in buttons] == ["button"] * len(choices.options)
        assert [(b.get("data-letter"), words(b.find_class("choice-letter")[0].text_content()),
                 words(b.find_class("choice-text")[0].text_content())) for b in buttons] == \
            [(o.letter, o.letter, words(o.content.text)) for o in choices.options]
        several = len(choices.correct) > 1
        assert (group.get("data-several") == "true") is several
        assert len(group.find_class("choice-check")) == (1 if several else 0)
        # The stem is asked above the buttons; the options are not listed a second time.
        prompt = item.find_class("study-prompt")[0]
        assert prompt.xpath(".//ul") == []
        if choices.stem.text.strip():
            assert words(choices.stem.text) in words(prompt.text_content())
        # The folded answer (no script) names the right options first.
        (right,) = item.xpath(".//details//ol[contains(@class, 'choices-right')]")
        assert [(chr(ord("A") + int(li.get("value")) - 1), words(li.text_content()))
                for li in right.iterfind("li")] == expected_options(choices, right_only=True)
    script_words = json.loads(doc.get_element_by_id("study-strings").text)
    assert "{key}" in script_words["choice_wrong"]


def test_the_reading_page_letters_the_options_and_names_the_right_one(built: Path,
                                                                      book: Book) -> None:
    doc = html(built / "choice-en" / "index.html")
    for question in book.questions:
        choices = choices_of(question)
        (article,) = doc.xpath("//article[@id=$id]", id=question.id)
        (asked,) = article.xpath(".//section[contains(@class, 'part-question')]//ol")
        assert asked.get("type") == "A" and asked.xpath("..//ul") == []
        assert [words(li.text_content()) for li in asked.iterfind("li")] == \
            [words(o.content.text) for o in choices.options]
        (answer,) = article.xpath(".//section[contains(@class, 'part-answer')]")
        body = answer.find_class("part-body")[0]
        first = body[0]
        assert first.tag == "ol" and "choices-right" in first.get("class")
        assert [(chr(ord("A") + int(li.get("value")) - 1), words(li.text_content()))
                for li in first.iterfind("li")] == expected_options(choices, right_only=True)
        assert words(choices.explanation.text) in words(body.text_content())


def test_a_book_without_choices_has_none_of_their_markup_words_or_styles(built: Path) -> None:
    folder = built / "interview"
    for name in ("index.html", "study.html"):
        assert b"choice" not in (folder / name).read_bytes(), name
    shared = b"\n".join((ROOT / "styles" / n).read_bytes()
                        for n in ("site.css", "code.css", "codelines.css"))
    choices = (ROOT / "styles" / "site-choices.css").read_bytes()
    # The interview book is Chinese, so it has the CJK finish's rules, but not the choices'.
    assert (folder / "site.css").read_bytes().startswith(shared)
    assert choices not in (folder / "site.css").read_bytes()
    assert (built / "choice-en" / "site.css").read_bytes() == shared + b"\n" + choices


def test_a_chinese_study_page_speaks_chinese(built: Path) -> None:
    doc = html(built / "choice-zh" / "study.html")
    script_words = json.loads(doc.get_element_by_id("study-strings").text)
    assert script_words["choice_wrong"] == "✗ 答错了。正确答案是 {key}。"
    groups = doc.find_class("choice-pick")
    assert [g.get("aria-label") for g in groups] == ["选项"] * 3
    assert [g.get("data-key") for g in groups] == ["B", "A, C", "A"]


def test_nothing_inside_an_option_button_takes_the_focus(built: Path) -> None:
    """An option that holds a code block: the block, which takes the focus elsewhere (to be
    scrolled), does not inside a button (nested interaction)."""
    doc = html(built / "choice-zh" / "study.html")
    (item,) = doc.xpath("//li[@data-id='q3']")
    buttons = item.xpath(".//button[contains(@class, 'choice')]")
    assert [len(b.xpath(".//pre")) for b in buttons] == [1, 1]
    assert [b.xpath(".//*[@tabindex or self::a or self::button or self::input]")
            for b in buttons] == [[], []]
    # The same code elsewhere (the folded answer) still takes the focus.
    assert item.xpath(".//details//pre/@tabindex") == ["0"]


# ---- the study card in a browser ---------------------------------------------------------------


@contextmanager
def study_page(chromium: Browser, built: Path, slug: str) -> Iterator[Page]:
    """A book's study page on a phone-sized screen, its own empty localStorage; any
    JavaScript error fails the test."""
    errors: list[str] = []
    with browser.serve(built) as url:
        context = chromium.new_context(viewport=browser.PHONE, service_workers="block")
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}{slug}/study.html")
        page.wait_for_selector("#study-app", state="visible")
        yield page
        context.close()
    assert errors == [], "JavaScript errors on the page"


@pytest.fixture
def study(chromium: Browser, built: Path) -> Iterator[Page]:
    with study_page(chromium, built, "choice-en") as page:
        yield page


def said(page: Page) -> dict[str, str]:
    words_: dict[str, str] = json.loads(page.text_content("#study-strings") or "{}")
    return words_


def option(letter: str) -> str:
    return f"#study-card-prompt button.choice[data-letter='{letter}']"


def mark(page: Page, letter: str) -> str:
    return words(page.text_content(option(letter) + " .choice-mark") or "")


def saved(page: Page) -> dict[str, dict[str, object]]:
    text = page.evaluate("localStorage.getItem('cuebook:choice-en:schedule')")
    cards: dict[str, dict[str, object]] = json.loads(text or '{"cards": {}}')["cards"]
    return cards


def local_day(page: Page, later: int = 0) -> str:
    day = page.evaluate("() => { const d = new Date(); return [d.getFullYear(),"
                        " d.getMonth() + 1, d.getDate()]; }")
    return (datetime.date(*day) + datetime.timedelta(days=later)).isoformat()


def test_a_wrong_pick_says_so_marks_the_right_option_shows_why_and_is_graded_again(
        study: Page, book: Book) -> None:
    page, text = study, said(study)
    first = choices_of(book.questions[0])
    assert page.get_attribute("#study-card", "data-id") == "q1"
    assert page.is_enabled(option("B")), "the script turns the options on"
    assert page.inner_html("#study-card-answer").strip() == ""

    page.click(option("B"))
    result = words(page.text_content("#study-card-prompt .choice-verdict") or "")
    assert result == text["choice_wrong"].replace("{key}", "A") and "✗" in result
    assert page.text_content("#study-card-prompt .choice-counted") == \
        text["choice_counted_again"]
    assert text["choice_wrong"].replace("{key}", "A") in (page.text_content("#study-status")
                                                          or "")
    # Marked in words, not by colour alone: the right option and the wrong pick.
    assert mark(page, "A") == text["mark_right"] and "✓" in mark(page, "A")
    assert mark(page, "B") == text["mark_picked_wrong"] and "✗" in mark(page, "B")
    assert mark(page, "C") == ""
    assert "is-right" in (page.get_attribute(option("A"), "class") or "")
    assert "is-wrong" in (page.get_attribute(option("B"), "class") or "")
    # The explanation is shown, under the right option named again.
    answer = words(page.inner_text("#study-card-answer"))
    assert words(first.explanation.text) in answer and "0" in answer
    # Graded Again in the schedule, at once; a second pick changes nothing.
    assert saved(page) == {"q1": {"box": 1, "due": local_day(page), "last": "again"}}
    assert page.get_attribute(option("A"), "aria-disabled") == "true"
    page.click(option("A"), force=True)  # aria-disabled: Playwright would wait for it
    assert mark(page, "B") == text["mark_picked_wrong"]
    assert saved(page)["q1"]["last"] == "again"
    assert page.is_disabled("#study-known") and page.is_disabled("#study-again")
    assert page.text_content("#study-card-mark") == text["again"]

    # Next: the card goes back in the round (Again 1) and the next one is fresh.
    page.click("#study-next")
    assert page.get_attribute("#study-card", "data-id") == "q2"
    counts = text["counts"].replace("{left}", "4").replace("{good}", "0").replace("{again}", "1")
    assert page.text_content("#study-counts") == counts
    assert page.text_content("#study-card-prompt .choice-result") == ""
    assert page.get_attribute(option("A"), "aria-disabled") is None


def test_several_right_options_are_selected_by_keyboard_then_checked(study: Page) -> None:
    page, text = study, said(study)
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#study-card", "data-id") == "q2"
    assert page.is_disabled("#study-card-prompt .choice-check"), "nothing selected yet"
    for letter in ("A", "C"):
        browser.tab_to(page, option(letter))
        page.keyboard.press("Space")
        assert page.get_attribute(option(letter), "aria-pressed") == "true"
    assert page.get_attribute(option("B"), "aria-pressed") == "false"
    assert saved(page) == {}, "selecting is not answering"
    browser.tab_to(page, "#study-card-prompt .choice-check")
    page.keyboard.press("Enter")
    result = words(page.text_content("#study-card-prompt .choice-verdict") or "")
    assert result == text["choice_right"] and "✓" in result
    assert page.text_content("#study-card-prompt .choice-counted") == \
        text["choice_counted_known"]
    assert mark(page, "A") == mark(page, "C") == text["mark_picked_right"]
    assert mark(page, "B") == mark(page, "D") == ""
    assert saved(page) == {"q2": {"box": 1, "due": local_day(page, 1), "last": "good"}}
    # Moving on takes the card out of the round, as "know it" does.
    page.keyboard.press("ArrowRight")
    counts = text["counts"].replace("{left}", "3").replace("{good}", "1").replace("{again}", "0")
    assert page.text_content("#study-counts") == counts


def test_showing_the_answer_without_picking_marks_the_right_option_and_leaves_grading(
        study: Page) -> None:
    page, text = study, said(study)
    page.keyboard.press("Space")
    assert mark(page, "A") == text["mark_right"] and mark(page, "B") == ""
    assert page.get_attribute(option("B"), "aria-disabled") == "true"
    assert page.text_content("#study-card-prompt .choice-result") == ""
    assert saved(page) == {}
    page.keyboard.press("k")
    assert saved(page)["q1"]["last"] == "good"


def test_a_judged_card_has_no_serious_accessibility_violation(study: Page) -> None:
    page = study
    page.click(option("B"))
    bad = browser.serious(page)
    page.keyboard.press("ArrowRight")
    page.click(option("A"))  # selected, not yet checked
    bad += browser.serious(page)
    page.click(option("C"))
    page.click("#study-card-prompt .choice-check")
    assert bad + browser.serious(page) == []


def test_a_chinese_card_names_the_right_letters_the_chinese_way(chromium: Browser,
                                                                built: Path) -> None:
    with study_page(chromium, built, "choice-zh") as page:
        page.keyboard.press("ArrowRight")
        page.click(option("A"))
        page.click("#study-card-prompt .choice-check")
        verdict = page.text_content("#study-card-prompt .choice-verdict")
        assert verdict == "✗ 答错了。正确答案是 A、C。"
        assert mark(page, "A") == "✓ 你的选择，正确" and mark(page, "C") == "✓ 正确答案"
        # Options holding code blocks, checked: nothing serious for axe either.
        page.keyboard.press("ArrowRight")
        page.click(option("B"))
        assert mark(page, "A") == "✓ 正确答案"
        assert browser.serious(page) == []
