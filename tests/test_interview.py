"""The site's mock-interview page: key points derived at build time (cuebook/formats/site/
interview.py), read back from the built page, and whole interviews driven by keyboard in
Chromium on an English and a Chinese book (tests/fixtures/interview-en, interview-zh): the
clock running into overtime, key points ticked, an option picked, the report, "drill these"
studying exactly the missed questions, past reports kept across a reload, axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lxml.html
import pytest

from cuebook.book.model import Fragment, Question
from cuebook.formats.site.interview import MAX_POINTS, key_points, points_of, sentences
from tests import browser
from tests.conftest import FIXTURES, clean_book, cuebook_build, write_book

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

EN = FIXTURES / "interview-en"
ZH = FIXTURES / "interview-zh"


def question(folder: Path, qid: str) -> Question:
    return next(q for q in clean_book(folder).questions if q.id == qid)


# ---- key points, in Python -------------------------------------------------------------------


def test_the_answers_first_level_list_items_are_its_key_points() -> None:
    assert key_points(question(EN, "hash-map")) == (
        "The key is hashed to a number.",
        "The number, modulo the table size, picks a bucket.",
        "Keys in the bucket are compared until one is equal.")


def test_a_sub_list_and_a_code_block_are_not_points_of_their_own() -> None:
    points = key_points(question(EN, "cache-api"))
    assert points == ("Choose the key: the request's parameters.",
                      "Choose the expiry from how fresh the data must be.",
                      "Protect the partner from a stampede when an entry expires.")
    assert not any("Normalise" in p or "cache.get" in p for p in points)


def test_a_prose_answer_gives_its_first_sentences() -> None:
    assert key_points(question(EN, "stack-queue")) == (
        "A stack gives back the newest item first.",
        "Use it for undo and for depth-first search!",
        "A queue gives back the oldest item first.",
        "Is that fair?")


def test_chinese_sentences_end_at_the_chinese_full_stop_and_marks() -> None:
    assert key_points(question(ZH, "zh-stack")) == (
        "栈先取出最新放入的元素。", "撤销操作和深度优先搜索都用栈！",
        "队列先取出最早放入的元素。", "为什么？")
    assert key_points(question(ZH, "zh-hash")) == (
        "先对键计算哈希值；", "用哈希值对表长取模，找到桶；", "在桶里逐个比较键，直到相等。")
    assert sentences("他说：“好。”然后走了。Fine. Done") == ["他说：“好。”", "然后走了。", "Fine.",
                                                         "Done"]


def test_a_multiple_choice_question_has_no_points_to_tick() -> None:
    q = question(EN, "binary-search")
    assert q.choices is not None and key_points(q) == ()
    assert key_points(question(ZH, "zh-binary")) == ()


def test_points_are_capped_and_a_long_one_is_cut() -> None:
    items = "".join(f"<li>Point {n}</li>" for n in range(1, 10))
    long = "word " * 60
    capped = points_of(Fragment(f"<ul>{items}</ul>", "x"))
    assert capped == tuple(f"Point {n}" for n in range(1, MAX_POINTS + 1))
    (cut,) = points_of(Fragment(f"<ul><li>{long}</li></ul>", long))
    assert cut.endswith("…") and len(cut) <= 161 and "wor…" not in cut
    assert points_of(Fragment("", "")) == ()


def test_the_authors_own_key_points_part_comes_first(tmp_path: Path) -> None:
    folder = write_book(tmp_path / "own", {
        "book.yaml": "title: Own\nlanguage: en\nparts:\n  question: {label: Question}\n"
                     "  answer: {label: Answer}\n  keypoints: {label: Key points}\n",
        "01.md": "# One\n\n## 1. Why? {#why}\n\n**Question:** Why?\n\n**Answer:**\n\n- long a\n"
                 "- long b\n\n**Key points:** First this. Then that.\n"})
    assert key_points(question(folder, "why")) == ("First this.", "Then that.")


# ---- the built page --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("interview-site")
    done = cuebook_build(str(EN), str(ZH), "--formats", "site", "--out", str(out), "--strict",
                         "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def page_of(built: Path, slug: str, name: str = "interview.html") -> Any:
    return lxml.html.fromstring((built / slug / name).read_bytes())


def test_the_page_carries_each_questions_points_and_the_books_time(built: Path) -> None:
    html = page_of(built, "interview-en")
    main = html.xpath("//main")[0]
    assert main.get("data-seconds") == "90"  # book.yaml's site.interview_seconds
    assert page_of(built, "interview-zh").xpath("//main")[0].get("data-seconds") == "120"
    for q in clean_book(EN).questions:
        item = html.get_element_by_id(f"iv-{q.id}")
        shown = tuple(li.text_content() for li in item.xpath("ol[@class='iv-item-points']/li"))
        assert shown == key_points(q)
        assert item.get("data-chapter-title") in ("Data structures", "Systems")
    # No inline script: the words travel as JSON.
    assert all(s.get("src") or s.get("type") == "application/json"
               for s in html.iter("script"))


def test_the_reading_and_study_pages_link_to_it(built: Path) -> None:
    for slug, word in (("interview-en", "Mock interview"), ("interview-zh", "模拟面试")):
        for name in ("index.html", "study.html", "interview.html"):
            links = page_of(built, slug, name).xpath(
                "//nav[@class='site-nav']/a[@href='interview.html']")
            assert [a.text_content() for a in links] == [word]


def test_a_bad_time_per_answer_is_a_located_error(tmp_path: Path) -> None:
    folder = write_book(tmp_path / "bad", {
        "book.yaml": "title: Bad\nlanguage: en\nsite:\n  interview_seconds: 0\n",
        "01.md": "# One\n\n## 1. Q\n\n**Question:** Q?\n\n**Answer:** A.\n"})
    done = cuebook_build(str(folder), "--formats", "site", "--out", str(tmp_path / "out"), "-q")
    assert done.returncode != 0
    assert "book.yaml:4" in done.stdout + done.stderr
    assert "interview_seconds" in done.stdout + done.stderr


# ---- in the browser ---------------------------------------------------------------------------

if browser.missing() is None:
    from playwright.sync_api import sync_playwright


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if (reason := browser.missing()) is not None:
        pytest.skip(reason)
    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="module")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    launched = browser.launch(playwright)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def base_url(built: Path) -> Iterator[str]:
    with browser.serve(built) as url:
        yield url


class Opened:
    def __init__(self, chromium: Browser, viewport: dict[str, int], init: str = "") -> None:
        self.context = chromium.new_context(viewport=viewport, service_workers="block")
        if init:
            self.context.add_init_script(init)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))


@pytest.fixture
def opened(chromium: Browser) -> Iterator[Opened]:
    tab = Opened(chromium, browser.DESKTOP)
    yield tab
    tab.context.close()
    assert tab.errors == [], "JavaScript errors on the page"


def set_up(page: Page, seconds: str) -> None:
    """The setup form by keyboard: the time per answer typed, Enter starts."""
    page.wait_for_selector("#iv-setup", state="visible")
    page.focus("#iv-seconds")
    page.keyboard.press("Control+A")
    page.keyboard.type(seconds)
    page.keyboard.press("Enter")
    page.wait_for_selector("#iv-run", state="visible")


def answer_open(page: Page, ticks: str, rating: str) -> list[str]:
    """Enter ends the answer; the key points come up; digits tick them; a letter rates."""
    page.keyboard.press("Enter")
    page.wait_for_selector("#iv-review", state="visible")
    points = [t.strip() for t in page.locator("#iv-points label").all_text_contents()]
    for key in ticks:
        page.keyboard.press(key)
    checked = page.eval_on_selector_all("#iv-points input", "boxes => boxes.map(b => b.checked)")
    assert checked == [str(n + 1) in ticks for n in range(len(points))]
    page.keyboard.press(rating)
    return points


def interview(page: Page, first: str, mc_key: str, ids: list[str]) -> dict[str, Any]:
    """A whole interview of four questions at 1 s each, by keyboard: the first runs into
    overtime and is missed (nothing ticked, "missed it"), the second is all ticked, the third
    is a multiple-choice pick, the fourth has one point of three and "partly"."""
    set_up(page, "1")
    seen: dict[str, Any] = {}
    assert page.text_content("#iv-card") and first in page.text_content("#iv-title")
    start = page.text_content("#iv-timer")
    assert start in ("0:01", "0:00")
    # The clock runs on past zero: overtime shown with a "+", and said once.
    page.wait_for_function("document.getElementById('iv-timer').textContent === '+0:01'")
    seen["label"] = page.text_content("#iv-clock-label")
    seen["status"] = page.text_content("#iv-status")
    seen["timer_class"] = page.get_attribute("#iv-timer", "class")
    seen["axe"] = browser.serious(page)
    seen["points"] = [answer_open(page, "", "w")]
    page.wait_for_function("document.querySelector('#iv-progress').textContent.includes('2')")
    seen["points"].append(answer_open(page, "1234", "s"))
    # The multiple-choice question: a digit picks the option, which ends the answer.
    assert page.locator("#iv-prompt button.choice").count() == 3
    page.keyboard.press(mc_key)
    page.wait_for_selector("#iv-review", state="visible")
    seen["verdict"] = page.text_content("#iv-prompt .choice-result")
    seen["picked"] = page.get_attribute(f"#iv-prompt button.choice >> nth={int(mc_key) - 1}",
                                        "class")
    seen["axe"] += browser.serious(page)
    page.keyboard.press("s")
    # The last: one of three ticked, then un-ticked and ticked again (a toggle).
    page.keyboard.press("Enter")
    page.wait_for_selector("#iv-review", state="visible")
    page.keyboard.press("1")
    page.keyboard.press("2")
    page.keyboard.press("2")
    seen["axe"] += browser.serious(page)
    page.keyboard.press("f")
    page.wait_for_selector("#iv-report", state="visible")
    seen["focused"] = page.evaluate("document.activeElement.id")
    rows = page.locator("#iv-results tbody tr")
    seen["rows"] = {rows.nth(i).get_attribute("data-id"): [
        c.strip() for c in rows.nth(i).locator("th, td").all_text_contents()]
        for i in range(rows.count())}
    seen["weak"] = page.locator("#iv-weak li").all_text_contents()
    seen["drill"] = page.get_attribute("#iv-drill", "href")
    seen["command"] = page.text_content("#iv-command")
    seen["axe"] += browser.serious(page)
    assert list(seen["rows"]) == ids
    return seen


def drill(page: Page) -> set[str]:
    """"Drill these", by keyboard: the study page studies exactly the missed questions."""
    page.focus("#iv-drill")
    # The study page rewrites its address to the card it shows as soon as it starts, so wait
    # for the navigation the key press makes, not for an address that may be gone already.
    with page.expect_navigation(url=re.compile(r"study\.html")):
        page.keyboard.press("Enter")
    page.wait_for_selector("#study-app", state="visible")
    studied = set()
    for _ in range(6):  # Next wraps round: every card of the round comes up
        studied.add(page.get_attribute("#study-card", "data-id") or "")
        page.keyboard.press("ArrowRight")
    return studied


def test_a_whole_english_interview_by_keyboard(opened: Opened, base_url: str) -> None:
    page = opened.page
    page.goto(base_url + "interview-en/interview.html")
    assert page.locator("#iv-history li").count() == 0
    assert page.input_value("#iv-seconds") == "90"
    ids = ["hash-map", "stack-queue", "binary-search", "cache-api"]
    seen = interview(page, "hash map", "2", ids)
    assert seen["label"] == "Overtime" and "is-over" in seen["timer_class"]
    assert seen["status"].startswith("Time is up")
    assert seen["points"][0][0].endswith("The key is hashed to a number.")
    assert len(seen["points"][1]) == 4
    assert seen["verdict"] == "Right: B." and "is-right" in seen["picked"]
    rows = seen["rows"]
    # The first took over a second past its one: its time says so.
    assert re.fullmatch(r"0:0[1-9] \(\+0:0\d over\)", rows["hash-map"][1]), rows["hash-map"]
    assert [r[2] for r in rows.values()] == ["0 / 3", "4 / 4", "right pick", "1 / 3"]
    assert [r[3] for r in rows.values()] == ["Missed it", "Nailed it", "Nailed it", "Partly"]
    # hashing: the missed question and the partly one (21%); caching only the partly one.
    assert seen["weak"][0] == "Tag hashing: 21%"
    assert "Tag caching: 42%" in seen["weak"] and "Chapter Systems: 42%" in seen["weak"]
    assert not any("lists" in w or "complexity" in w for w in seen["weak"])
    assert seen["drill"] == "study.html#ids=hash-map,cache-api"
    assert seen["command"] == "cuebook --book interview-en --formats cards --ids hash-map,cache-api"
    assert seen["focused"] == "iv-report-title"
    assert seen["axe"] == []
    assert drill(page) == {"hash-map", "cache-api"}
    # Back on the interview page after a reload: the past report is there.
    page.goto(base_url + "interview-en/interview.html")
    page.reload()
    history = page.locator("#iv-history li").all_text_contents()
    assert len(history) == 1 and "4 questions, score 60%" in history[0]
    assert page.is_hidden("#iv-history-none")


def test_a_whole_chinese_interview_by_keyboard(opened: Opened, base_url: str) -> None:
    page = opened.page
    page.goto(base_url + "interview-zh/interview.html")
    ids = ["zh-hash", "zh-stack", "zh-binary", "zh-cache"]
    seen = interview(page, "哈希表", "1", ids)  # A: a wrong pick
    assert seen["label"] == "超时" and seen["status"].startswith("时间到")
    assert seen["points"][0][0].endswith("先对键计算哈希值；")
    assert seen["verdict"] == "答错了：正确答案是 B。" and "is-wrong" in seen["picked"]
    rows = seen["rows"]
    # The overtime aside in full-width brackets, as Chinese sets them.
    assert re.fullmatch(r"0:0[1-9]（超时 \+0:0\d）", rows["zh-hash"][1]), rows["zh-hash"]
    assert [r[2] for r in rows.values()] == ["0 / 3", "4 / 4", "选错", "1 / 3"]
    assert [r[3] for r in rows.values()] == ["没答上", "答得很好", "答得很好", "答了一部分"]
    assert seen["weak"][0] == "标签 哈希：21%"
    assert seen["drill"] == "study.html#ids=zh-hash,zh-binary,zh-cache"
    assert seen["axe"] == []
    assert drill(page) == {"zh-hash", "zh-binary", "zh-cache"}
    page.goto(base_url + "interview-zh/interview.html")
    assert page.locator("#iv-history li").count() == 1


def test_past_reports_show_progress_and_can_be_cleared(opened: Opened, base_url: str) -> None:
    page = opened.page
    page.goto(base_url + "interview-en/interview.html")
    for rating in ("w", "s"):
        page.fill("#iv-count", "1")
        set_up(page, "60")
        answer_open(page, "123" if rating == "s" else "", rating)
        page.wait_for_selector("#iv-report", state="visible")
        page.click("#iv-again")
    page.reload()
    history = page.locator("#iv-history li").all_text_contents()
    assert len(history) == 2 and "score 100%" in history[0]
    assert history[0].endswith(" (up 100 points)")
    page.fill("#iv-count", "1")
    set_up(page, "60")
    answer_open(page, "", "w")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#iv-clear")
    assert page.locator("#iv-report-history li").count() == 0
    page.reload()
    assert page.locator("#iv-history li").count() == 0
    assert page.is_visible("#iv-history-none")


def test_without_a_microphone_the_interview_works_and_says_why(chromium: Browser,
                                                               base_url: str) -> None:
    tab = Opened(chromium, browser.DESKTOP,
                 "Object.defineProperty(navigator, 'mediaDevices', {value: undefined});")
    page = tab.page
    try:
        page.goto(base_url + "interview-en/interview.html")
        page.fill("#iv-count", "1")
        set_up(page, "60")
        assert page.is_hidden("#iv-record")
        assert "not available" in (page.text_content("#iv-record-note") or "")
        page.keyboard.press("r")  # nothing happens
        answer_open(page, "1", "s")
        page.wait_for_selector("#iv-report", state="visible")
        assert tab.errors == []
    finally:
        tab.context.close()


def test_with_a_microphone_the_button_is_offered(opened: Opened, base_url: str) -> None:
    page = opened.page
    page.goto(base_url + "interview-en/interview.html")
    set_up(page, "60")
    assert page.is_visible("#iv-record")
    assert page.get_attribute("#iv-record", "aria-pressed") == "false"
    assert "nothing is sent" in (page.text_content("#iv-record-note") or "")


def test_from_file_and_at_320_px(chromium: Browser, built: Path) -> None:
    tab = Opened(chromium, {"width": 320, "height": 640})
    page = tab.page
    try:
        page.goto((built / "interview-zh" / "interview.html").as_uri())
        wide = "document.documentElement.scrollWidth"
        assert page.evaluate(wide) <= 320
        page.fill("#iv-count", "2")
        set_up(page, "30")
        assert page.evaluate(wide) <= 320
        answer_open(page, "12", "s")
        answer_open(page, "1", "w")
        page.wait_for_selector("#iv-report", state="visible")
        assert page.evaluate(wide) <= 320
        assert page.locator("#iv-results tbody tr").count() == 2
        page.reload()
        assert page.locator("#iv-history li").count() == 1  # file:// keeps them too
        assert tab.errors == []
    finally:
        tab.context.close()


def test_the_setup_says_when_nothing_matches(opened: Opened, base_url: str) -> None:
    page = opened.page
    page.goto(base_url + "interview-en/interview.html")
    page.select_option("#iv-tag", "complexity")
    page.select_option("#iv-difficulty", "hard")
    page.focus("#iv-start")
    page.keyboard.press("Enter")
    assert page.is_visible("#iv-none") and page.is_visible("#iv-setup")
    page.select_option("#iv-difficulty", "")
    page.click("#iv-start")
    assert page.locator("#iv-prompt button.choice").count() == 3  # only the complexity question
    assert page.text_content("#iv-progress") == "Question 1 of 1"
    assert browser.serious(page) == []


def test_areas_that_every_question_shares_are_not_compared(opened: Opened,
                                                           base_url: str) -> None:
    page = opened.page
    page.goto(base_url + "interview-en/interview.html")
    page.select_option("#iv-chapter", label="Systems")
    set_up(page, "60")
    answer_open(page, "", "w")
    page.wait_for_selector("#iv-report", state="visible")
    assert page.locator("#iv-weak li").all_text_contents() == [
        "These questions share their chapter and tags: no areas to compare."]
    assert page.get_attribute("#iv-drill", "href") == "study.html#ids=cache-api"


def test_a_recorded_answer_plays_back_beside_the_key_points(playwright: Playwright,
                                                            base_url: str) -> None:
    """Chromium's fake microphone (allowed without asking): R records, Enter ends the answer
    and the recording, which comes back as a blob of the page itself, a second or so long."""
    fake = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
    launched = playwright.chromium.launch(executable_path=str(browser.CHROMIUM),
                                          args=browser.CHROMIUM_ARGS + fake)
    try:
        page = launched.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base_url + "interview-en/interview.html")
        page.fill("#iv-count", "1")
        set_up(page, "60")
        page.keyboard.press("r")
        page.wait_for_selector("#iv-record[aria-pressed=true]")
        page.wait_for_timeout(800)
        page.keyboard.press("Enter")
        page.wait_for_selector("#iv-playback-block", state="visible")
        assert (page.get_attribute("#iv-playback", "src") or "").startswith(
            "blob:" + base_url.rstrip("/"))
        page.wait_for_function("document.getElementById('iv-playback').duration > 0.3")
        assert page.locator("#iv-points li").count() == 3  # beside the key points
        assert errors == []
    finally:
        launched.close()
