"""The static site in a real browser: headless Chromium driven by Playwright (tests/browser.py).

The two content books are built once for the module into a temporary folder and served from a
local http.server; one browser serves every test, each test gets a fresh context (so its own
empty localStorage). Every context refuses requests that leave the server's origin, and any
uncaught JavaScript error fails the test that caused it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests import browser
from tests.conftest import LIBRARY, ROOT, clean_book

if (_reason := browser.missing()) is not None:
    pytest.skip(_reason, allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402 (only once we know it is there)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

BOOKS = ["interview", "drills"]
DOWNLOADS = ["{slug}.pdf", "{slug}.epub", "{slug}-quiz.epub", "{slug}-cards.pdf",
             "{slug}-cards-fold.pdf", "{slug}.apkg", "{slug}.tsv", "{slug}-quizlet.txt"]
PAGES = ["index.html"] + [f"{slug}/{name}" for slug in BOOKS for name in ("index.html",
                                                                          "study.html")]
# A fixed Math.random for the shuffle test: a mulberry32 generator, so the order is the same
# on every run and cannot come out as the original order by chance.
SEEDED_RANDOM = """
(() => { let a = 20261129; Math.random = () => { a |= 0; a = a + 0x6D2B79F5 | 0;
  let t = Math.imul(a ^ a >>> 15, 1 | a); t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
  return ((t ^ t >>> 14) >>> 0) / 4294967296; }; })();
"""


# ---- the module's build, server and browser ---------------------------------------------------


@pytest.fixture(scope="module")
def site(library: Path) -> Path:
    """The session's build of both fixture books, every format: the site and its downloads."""
    return library


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with browser.serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = browser.launch(playwright)
        yield launched
        launched.close()


@dataclass
class Tab:
    """One browser context with one page, and what it asked the network for."""

    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def open_tab(chromium: Browser, origin: str, **options: Any) -> Tab:
    context = chromium.new_context(service_workers="block", **{"viewport": browser.DESKTOP,
                                                              **options})
    tab = Tab(context, context.new_page())
    tab.page.on("request", lambda request: tab.requests.append(request.url))
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.page.on("requestfailed", lambda request: tab.failed.append(request.url))

    def guard(route: Route) -> None:
        # Refused, not fetched: a test must never reach the internet, even when it fails.
        if same_origin(route.request.url, origin):
            route.continue_()
        else:
            route.abort()

    if origin.startswith("http"):
        context.route("**/*", guard)
    return tab


def same_origin(url: str, origin: str) -> bool:
    if url.startswith(("data:", "blob:")):
        return True  # made by the page itself, never sent anywhere
    if origin.startswith("file:"):
        return url.startswith("file:")
    return urlsplit(url)[:2] == urlsplit(origin)[:2]


@pytest.fixture
def tab(chromium: Browser, base_url: str) -> Iterator[Tab]:
    opened = open_tab(chromium, base_url)
    yield opened
    opened.context.close()
    assert opened.errors == [], "JavaScript errors on the page"


# ---- helpers ------------------------------------------------------------------------------------


def strings(page: Page) -> dict[str, str]:
    return json.loads(page.text_content("#study-strings") or "{}")


def fill(template: str, **values: object) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def deck_ids(page: Page) -> list[str]:
    return page.eval_on_selector_all(".study-item", "items => items.map(i => i.dataset.id)")


def card(page: Page) -> str:
    """The id of the question on the card (study.js sets data-id on #study-card)."""
    return page.get_attribute("#study-card", "data-id") or ""


def status(page: Page) -> str:
    return page.text_content("#study-status") or ""


def answer_html(page: Page) -> str:
    return page.inner_html("#study-card-answer").strip()


def focus_is_visible(page: Page) -> bool:
    return bool(page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
            || s.boxShadow !== 'none'; }"""))


def schedule(page: Page, slug: str) -> dict[str, dict[str, Any]]:
    """The Leitner schedule study.js keeps: {id: {box, due, last}}."""
    saved = json.loads(page.evaluate("k => localStorage.getItem(k)", f"cuebook:{slug}:schedule")
                       or '{"version": 1, "cards": {}}')
    assert saved["version"] == 1
    cards: dict[str, dict[str, Any]] = saved["cards"]
    return cards


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id"))


def iso(day: list[int], later: int) -> str:
    """The ISO date ``later`` days after [year, month, day]."""
    return (datetime.date(*day) + datetime.timedelta(days=later)).isoformat()


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))


def open_study(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#study-app", state="visible")


# ---- the library page ---------------------------------------------------------------------------


def test_library_lists_both_books_and_every_download_is_a_file(tab: Tab, base_url: str,
                                                                site: Path) -> None:
    page = tab.page
    page.goto(base_url + "index.html")
    slugs = page.eval_on_selector_all("article[data-slug]", "bs => bs.map(b => b.dataset.slug)")
    assert sorted(slugs) == sorted(BOOKS)
    for slug in BOOKS:
        book = page.locator(f'article[data-slug="{slug}"]')
        assert clean_book(LIBRARY / slug).config.title in book.inner_text()
        assert book.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
        hrefs = book.locator("a.download").evaluate_all("links => links.map(a => a.href)")
        names = sorted(urlsplit(href).path.rsplit("/", 1)[-1] for href in hrefs)
        assert {name.format(slug=slug) for name in DOWNLOADS} <= set(names)

    links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    for url in {link.split("#")[0] for link in links if same_origin(link, base_url)}:
        response = page.request.get(url)
        assert response.status == 200, url
        assert len(response.body()) > 0, url
    for slug in BOOKS:
        for name in DOWNLOADS:
            file = name.format(slug=slug)
            assert page.request.get(base_url + file).body() == (site / file).read_bytes()


# ---- the book pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", BOOKS)
def test_book_page_shows_every_question(tab: Tab, base_url: str, slug: str) -> None:
    book = clean_book(LIBRARY / slug)
    page = tab.page
    page.goto(f"{base_url}{slug}/index.html")
    assert page.get_attribute("html", "lang") == book.config.language
    ids = page.eval_on_selector_all("article.question", "qs => qs.map(q => q.id)")
    assert ids == [q.id for q in book.questions]
    if slug == "interview":
        assert len(ids) == 6  # the book's six questions
    for question in book.questions:
        shown = " ".join(page.locator(f'article.question[id="{question.id}"]').inner_text().split())
        assert " ".join(question.title.text.split()) in shown
    broken = page.eval_on_selector_all("img", "imgs => imgs.filter(i => !(i.complete"
                                              " && i.naturalWidth > 0)).map(i => i.src)")
    assert broken == []


def test_site_copies_study_js_unchanged(site: Path) -> None:
    for slug in BOOKS:
        assert (site / slug / "study.js").read_bytes() == (
            ROOT / "templates" / "site" / "study.js").read_bytes()


# ---- study mode ---------------------------------------------------------------------------------


def test_study_mode_by_keyboard_alone(chromium: Browser, base_url: str) -> None:
    tab = open_tab(chromium, base_url)
    tab.context.add_init_script(SEEDED_RANDOM)
    page = tab.page
    open_study(page, base_url + "interview/study.html")
    text = strings(page)
    ids = deck_ids(page)
    assert len(ids) == 6
    assert not page.is_visible("#study-list")
    assert card(page) == ids[0] and answer_html(page) == ""
    assert fill(text["position"], n=1, total=6) in status(page)

    # Reveal and hide with Space and Enter, focus on the page itself.
    page.keyboard.press("Space")
    assert answer_html(page) != ""
    assert page.get_attribute("#study-reveal", "aria-expanded") == "true"
    assert page.text_content("#study-reveal") == text["hide"]
    page.keyboard.press("Enter")
    assert answer_html(page) == ""
    assert page.text_content("#study-reveal") == text["reveal"]

    # Arrows move; the reveal button works from the Tab key too, and gives the focus back to
    # the card.
    page.keyboard.press("ArrowRight")
    assert card(page) == ids[1] and fill(text["position"], n=2, total=6) in status(page)
    page.keyboard.press("ArrowLeft")
    assert card(page) == ids[0]
    browser.tab_to(page, "#study-reveal")
    assert focus_is_visible(page), "the focused button shows no outline"
    page.keyboard.press("Enter")
    assert answer_html(page) != "" and focused(page) == "study-card"

    # Enter on "next" turns the card and the focus comes back to the card: a second Enter
    # reveals instead of pressing "next" again.
    browser.tab_to(page, "#study-next")
    page.keyboard.press("Enter")
    assert card(page) == ids[1] and answer_html(page) == "" and focused(page) == "study-card"
    page.keyboard.press("Enter")
    assert card(page) == ids[1] and answer_html(page) != ""
    page.keyboard.press("ArrowLeft")

    # Shuffle (key S): every question once, in another order; S again restores the order.
    page.keyboard.press("s")
    assert page.get_attribute("#study-shuffle", "aria-pressed") == "true"
    assert text["shuffled"] in status(page)
    seen = []
    for _ in ids:
        seen.append(card(page))
        page.keyboard.press("ArrowRight")
    assert sorted(seen) == sorted(ids) and seen != ids
    page.keyboard.press("s")
    assert page.get_attribute("#study-shuffle", "aria-pressed") == "false"
    while card(page) != ids[0]:
        page.keyboard.press("ArrowRight")

    # A held key does not run on: one step.
    page.keyboard.down("ArrowRight")
    page.keyboard.down("ArrowRight")  # a repeat (Playwright sets event.repeat)
    page.keyboard.up("ArrowRight")
    assert card(page) == ids[1]
    page.keyboard.press("ArrowRight")
    page.reload()
    page.wait_for_selector("#study-app", state="visible")
    assert card(page) == ids[2], "a reload comes back to the card shown"
    # The live status names the position and the question, not the counts again.
    title = page.text_content("#study-card-title").strip()
    assert status(page) == f"{fill(text['position'], n=3, total=6)} · {title}"
    tab.context.close()
    assert tab.errors == []


def test_a_whole_round_by_keyboard(chromium: Browser, base_url: str) -> None:
    """Space, then A (again) or K (know it), card after card until the summary; the Again
    card comes back later in the round; the schedule is in localStorage after a reload."""
    tab = open_tab(chromium, base_url)
    page = tab.page
    open_study(page, base_url + "interview/study.html")
    text = strings(page)
    ids = deck_ids(page)
    again_id = ids[1]

    # Grading keys do nothing while the answer is hidden.
    for key in ("k", "a", "1", "2"):
        page.keyboard.press(key)
    assert card(page) == ids[0] and schedule(page, "interview") == {}
    assert page.is_disabled("#study-known") and page.is_disabled("#study-again")

    shown: list[str] = []
    for _ in range(3 * len(ids)):
        if page.is_visible("#study-summary"):
            break
        assert answer_html(page) == "", "a new card starts with its answer hidden"
        page.keyboard.press("Space")
        assert answer_html(page) != "" and page.is_enabled("#study-known")
        shown.append(card(page))
        graded_again = card(page) == again_id and shown.count(again_id) == 1
        page.keyboard.press("a" if graded_again else "k")
        assert focused(page) in ("study-card", "study-summary-title")
    assert page.is_visible("#study-summary") and not page.is_visible("#study-card")
    assert focused(page) == "study-summary-title"
    # The Again card came back after three others, before the summary; every card was shown
    # before it was graded (the loop graded only after Space showed the answer).
    assert shown == ids[:2] + ids[2:5] + [again_id] + ids[5:]
    assert page.text_content("#study-summary-counts") == fill(text["summary"], total=6,
                                                              good=5, again=1)
    assert page.eval_on_selector_all("#study-summary-again li",
                                     "lis => lis.map(li => li.dataset.id)") == [again_id]
    again_title = page.text_content(f'.study-item[data-id="{again_id}"] .study-title') or ""
    assert " ".join(again_title.split()) in page.inner_text("#study-summary-again")

    # The schedule: every card left the round with Good, so each is in box 1, due tomorrow
    # (the Again card too: a lapse starts over from box 1).
    today = page.evaluate("() => { const d = new Date(); return [d.getFullYear(),"
                          " d.getMonth() + 1, d.getDate()]; }")
    tomorrow = {"box": 1, "due": iso(today, 1), "last": "good"}
    assert schedule(page, "interview") == {qid: tomorrow for qid in ids}

    # "Study these again": a round of the Again card alone, focus on the card; Again once more
    # makes it due today and not yet known.
    browser.tab_to(page, "#study-repeat")
    page.keyboard.press("Enter")
    assert card(page) == again_id and focused(page) == "study-card"
    assert fill(text["position"], n=1, total=1) in status(page)
    page.keyboard.press("Space")
    page.keyboard.press("a")
    saved = schedule(page, "interview")
    assert saved[again_id] == {"box": 1, "due": iso(today, 0), "last": "again"}

    # After a reload the schedule is still there: due today and not yet known are that card.
    page.reload()
    page.wait_for_selector("#study-app", state="visible")
    assert schedule(page, "interview") == saved
    for which in ("due", "unknown"):
        page.select_option("#study-which", which)
        assert card(page) == again_id
        assert fill(text["position"], n=1, total=1) in status(page)
    page.select_option("#study-which", "")  # the whole book again, on the same card
    assert card(page) == again_id
    assert fill(text["position"], n=ids.index(again_id) + 1, total=6) in status(page)
    tab.context.close()
    assert tab.errors == []


def test_mouse_then_keyboard_never_grades_unseen(chromium: Browser, base_url: str) -> None:
    """The reported bug: a click on "know it" left the focus on the button, and the next Space
    pressed it again, grading a card nobody had seen."""
    tab = open_tab(chromium, base_url)
    page = tab.page
    open_study(page, base_url + "interview/study.html")
    ids = deck_ids(page)
    page.click("#study-known", force=True)  # disabled before the answer: nothing happens
    assert card(page) == ids[0] and schedule(page, "interview") == {}
    page.click("#study-reveal")
    assert focused(page) == "study-card"
    page.click("#study-known")
    assert focused(page) == "study-card" and card(page) == ids[1]
    page.keyboard.press("Space")
    page.keyboard.press("Space")  # shows, then hides: never grades
    assert card(page) == ids[1] and set(schedule(page, "interview")) == {ids[0]}
    page.click("#study-next")
    assert focused(page) == "study-card" and card(page) == ids[2]
    page.keyboard.press("Space")
    assert card(page) == ids[2] and answer_html(page) != ""

    # Space on a grading button does not grade; Enter there does.
    page.focus("#study-again")
    page.keyboard.press("Space")
    assert card(page) == ids[2] and set(schedule(page, "interview")) == {ids[0]}
    page.keyboard.press("Enter")
    assert schedule(page, "interview")[ids[2]]["last"] == "again"
    assert card(page) == ids[3] and focused(page) == "study-card"
    # Space from the "next" button with the answer hidden shows the answer, not the next card.
    page.focus("#study-next")
    page.keyboard.press("Space")
    assert card(page) == ids[3] and answer_html(page) != ""
    tab.context.close()
    assert tab.errors == []


def test_marks_of_the_old_key_move_to_the_schedule(tab: Tab, base_url: str) -> None:
    page = tab.page
    open_study(page, base_url + "interview/study.html")
    ids = deck_ids(page)
    page.evaluate("m => localStorage.setItem('cuebook:interview:marks', JSON.stringify(m))",
                  {ids[0]: "known", ids[1]: "again", ids[2]: "bogus"})
    page.reload()
    page.wait_for_selector("#study-app", state="visible")
    saved = schedule(page, "interview")
    assert set(saved) == {ids[0], ids[1]}
    assert saved[ids[0]]["last"] == "good" and saved[ids[1]]["last"] == "again"
    assert page.evaluate("localStorage.getItem('cuebook:interview:marks')") is None
    page.select_option("#study-which", "unknown")
    assert fill(strings(page)["position"], n=1, total=5) in status(page)
    assert card(page) == ids[1]


def test_not_due_cards_leave_the_due_filter(tab: Tab, base_url: str) -> None:
    page = tab.page
    open_study(page, base_url + "interview/study.html")
    ids = deck_ids(page)
    page.evaluate("""([late, early]) => localStorage.setItem('cuebook:interview:schedule',
        JSON.stringify({version: 1, cards: {
          [late]: {box: 3, due: '2999-01-01', last: 'good'},
          [early]: {box: 5, due: '2000-01-01', last: 'good'}}}))""", [ids[0], ids[1]])
    page.reload()
    page.wait_for_selector("#study-app", state="visible")
    page.select_option("#study-which", "due")
    assert card(page) == ids[1]  # overdue: due; the first card is not due till 2999
    assert fill(strings(page)["position"], n=1, total=5) in status(page)
    page.keyboard.press("Space")
    page.keyboard.press("k")  # box 5 stays box 5, 16 days on
    record = schedule(page, "interview")[ids[1]]
    assert record["box"] == 5 and record["due"] > "2000-01-01"


def test_tags_are_listed_in_the_order_the_book_uses_them(tab: Tab, base_url: str) -> None:
    book = clean_book(LIBRARY / "drills")
    first_use = list(dict.fromkeys(t for q in book.questions for t in q.tags))
    assert first_use != sorted(first_use)  # else this test could not tell the orders apart
    page = tab.page
    open_study(page, base_url + "drills/study.html")
    tags = page.eval_on_selector_all("#study-tag option", "os => os.map(o => o.value)")
    assert tags == [""] + first_use


def test_tag_filter_limits_the_deck(tab: Tab, base_url: str) -> None:
    page = tab.page
    open_study(page, base_url + "drills/study.html")
    tags = page.eval_on_selector_all("#study-tag option", "os => os.map(o => o.value)")
    tag = next(t for t in tags if t)
    tagged = page.eval_on_selector_all(
        ".study-item", "items => items.map(i => [i.dataset.id, JSON.parse(i.dataset.tags)])")
    wanted = [qid for qid, item_tags in tagged if tag in item_tags]
    page.select_option("#study-tag", tag)
    seen = []
    for _ in wanted:
        seen.append(card(page))
        page.keyboard.press("ArrowRight")
    assert sorted(seen) == sorted(wanted)
    assert fill(strings(page)["position"], n=1, total=len(wanted)) in status(page)


def test_swipe_turns_the_card(chromium: Browser, base_url: str) -> None:
    tab = open_tab(chromium, base_url, viewport=browser.PHONE, has_touch=True, is_mobile=True)
    page = tab.page
    open_study(page, base_url + "interview/study.html")
    ids = deck_ids(page)

    def swipe(dx: int, dy: int = 0) -> None:
        page.eval_on_selector("#study-card", """(card, [dx, dy]) => {
            const at = (type, x, y) => card.dispatchEvent(new PointerEvent(type,
                {pointerType: 'touch', clientX: x, clientY: y, bubbles: true}));
            at('pointerdown', 200, 300); at('pointerup', 200 + dx, 300 + dy); }""", [dx, dy])

    swipe(-120)
    assert card(page) == ids[1]
    swipe(120)
    assert card(page) == ids[0]
    swipe(-30)  # too short
    swipe(-80, 200)  # a scroll, not a swipe
    assert card(page) == ids[0]
    tab.context.close()
    assert tab.errors == []


def test_no_request_leaves_the_origin(tab: Tab, base_url: str) -> None:
    page = tab.page
    for path in PAGES:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        if path.endswith("study.html"):
            for key in ["Space", "ArrowRight", "Space", "s", "k", "a", "ArrowLeft", "Space"]:
                page.keyboard.press(key)
            page.wait_for_load_state("networkidle")
    foreign = [url for url in tab.requests if not same_origin(url, base_url)]
    assert foreign == []
    loaded = {urlsplit(url).path for url in tab.requests}
    assert {"/interview/study.js", "/interview/site.css", "/site.css"} <= loaded  # recording works


def test_study_mode_works_from_file(chromium: Browser, site: Path) -> None:
    study = (site / "interview" / "study.html").as_uri()
    tab = open_tab(chromium, study)
    page = tab.page
    open_study(page, study)
    page.click("#study-reveal")
    assert answer_html(page) != ""
    page.goto((site / "index.html").as_uri())
    assert page.eval_on_selector_all("article[data-slug] img",
                                     "imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
    assert [url for url in tab.requests if not url.startswith(("file:", "data:"))] == []
    assert tab.failed == []  # a stylesheet, script or image missing from disk
    loaded = {url.rsplit("/", 2)[-2] + "/" + url.rsplit("/", 1)[-1] for url in tab.requests}
    assert {"interview/study.js", "interview/site.css", "interview/cover.png"} <= loaded
    tab.context.close()
    assert tab.errors == []


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("slug", BOOKS)
def test_phone_width_has_no_sideways_scrolling(chromium: Browser, base_url: str,
                                               slug: str, width: int) -> None:
    viewport = {**browser.PHONE, "width": width}
    tab = open_tab(chromium, base_url, viewport=viewport, has_touch=True, is_mobile=True)
    page = tab.page
    for path in ("index.html", f"{slug}/index.html"):
        page.goto(base_url + path)
        assert overflow(page) <= 0, f"{path} is wider than a phone"
    # The byline's count, version and date each on one line (one box each), not "2026- /
    # 11-29".
    facts = page.eval_on_selector_all(".book-byline .fact", "spans => spans.map(s =>"
                                      " [s.textContent, s.getClientRects().length])")
    assert any(text == "2026-12-01" for text, _ in facts), facts
    assert [text for text, lines in facts if lines != 1] == []
    open_study(page, f"{base_url}{slug}/study.html")
    for qid in deck_ids(page):
        page.keyboard.press("Space")
        assert overflow(page) <= 0, f"the study card for {qid} is wider than a phone"
        # Code wraps instead of scrolling sideways inside the swipe area.
        wide = page.eval_on_selector_all("#study-card pre", "pres => pres.filter(p =>"
                                         " p.scrollWidth > p.clientWidth + 1).length")
        assert wide == 0, f"code in the study card for {qid} scrolls sideways"
        page.keyboard.press("ArrowRight")
    tab.context.close()
    assert tab.errors == []


# ---- accessibility ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe() -> Path:
    script = browser.axe_script()
    if script is None:
        pytest.skip("axe-core is not installed (npm install -g axe-core@4)")
    return script


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violations(tab: Tab, base_url: str, axe: Path, path: str) -> None:
    page = tab.page
    page.goto(base_url + path)
    if path.endswith("study.html"):
        page.wait_for_selector("#study-app", state="visible")
        page.keyboard.press("Space")  # a graded card and a revealed answer are checked too
        page.keyboard.press("a")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("Space")
    page.add_script_tag(path=str(axe))
    bad = serious(page, "document")
    if path.endswith("study.html"):
        # Every card with its answer shown: answers differ (code, tables, footnotes).
        for _ in range(len(deck_ids(page)) - 1):
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Space")
            bad += serious(page, "document.getElementById('study-card')")
    assert bad == [], "\n".join(describe(v) for v in bad)


def test_axe_on_the_round_summary(tab: Tab, base_url: str, axe: Path) -> None:
    page = tab.page
    open_study(page, base_url + "interview/study.html")
    for index in range(len(deck_ids(page)) + 1):
        page.keyboard.press("Space")
        page.keyboard.press("a" if index == 0 else "k")
    assert page.is_visible("#study-summary")
    page.add_script_tag(path=str(axe))
    bad = serious(page, "document")
    assert bad == [], "\n".join(describe(v) for v in bad)


def serious(page: Page, context: str) -> list[dict[str, Any]]:
    found = page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}})")
    return [v for v in found["violations"] if v["impact"] in ("serious", "critical")]


def describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    where = "; ".join(" ".join(map(str, n["target"])) + ": " + n["failureSummary"].replace(
        "\n", " ") for n in nodes[:3])
    more = f" (+{len(nodes) - 3} more)" if len(nodes) > 3 else ""
    return f"{violation['impact']} {violation['id']}: {violation['help']} at {where}{more}"


def test_arrow_keys_scroll_a_focused_code_block_instead_of_turning_the_card(
        tab: Tab, base_url: str) -> None:
    page = tab.page
    open_study(page, base_url + "drills/study.html")
    first = card(page)
    page.keyboard.press("Space")
    page.focus("#study-card-answer pre")  # code blocks take focus, so they can be scrolled
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert card(page) == first and answer_html(page) != ""
    assert page.evaluate("document.activeElement.tagName") == "PRE"
