"""A book's language gives it its words: the parts' default labels (each language's own, and
the English ones it also reads), every word the outputs show around the content, and how a
number of questions is counted; an import writes its labels in the bank's language.

The tables are checked whole for every language; two books (Japanese and Arabic) are built
end to end and read back from the handout, the e-book and the site, and the Persian and Urdu
fixture books (tests/fixtures/rtl-fa, rtl-ur) are read back from every output for any English
word around their content."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from lxml import etree, html

from cuebook import i18n
from cuebook.book.config import default_parts
from cuebook.formats.anki.writer import part_labels
from cuebook.formats.tsv.writer import back_text
from cuebook.i18n import colon, part_languages, part_names, question_count, strings
from tests.conftest import ROOT, built_once, clean_book, shared_dir, strict_build, write_book
from tests.importing import run_import
from tests.pdftools import pdftotext

FIXTURES = ROOT / "tests" / "fixtures"
SHAPES = FIXTURES / "import-shapes"
#: Every word table of cuebook.i18n, by name.
TABLES: dict[str, Mapping[str, Mapping[str, str]]] = {
    "strings": i18n._STRINGS, "epub": i18n._EPUB, "site": i18n._SITE, "study": i18n._STUDY,
    "choice study": i18n._CHOICE_STUDY, "calibration": i18n._CALIBRATION,
    "interview": i18n._INTERVIEW}
LANGUAGES = [lang for lang in part_languages() if lang != "en"]
#: Languages that read other names than their own: all but English and Chinese.
WITH_ENGLISH = [lang for lang in LANGUAGES if lang != "zh"]
_FIELD = re.compile(r"\{[^{}]*\}")


# The tables --------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_has_every_english_word_in_each_language(language: str) -> None:
    for name, table in TABLES.items():
        assert language in table, f"{name} has no {language}"
        words, english = table[language], table["en"]
        assert set(english) <= set(words), (name, set(english) - set(words))
        # Beyond English's words: only the forms a count takes (questions_few …).
        assert all(k.startswith("questions_") for k in set(words) - set(english)), name
        for key, text in english.items():
            assert sorted(_FIELD.findall(words[key])) == sorted(_FIELD.findall(text)), \
                (name, key, words[key])
            assert words[key].strip(), (name, key)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "zh"])
def test_a_language_with_words_does_not_show_english(language: str) -> None:
    """Words that are a language's own, not the English left in (a table copied over)."""
    for name, key in [("strings", "contents"), ("strings", "answer_link"), ("epub", "quiz_note"),
                      ("site", "skip"), ("site", "study_link"), ("study", "position"),
                      ("choice study", "choice_wrong"), ("calibration", "how"),
                      ("interview", "intro"), ("interview", "shortcuts")]:
        assert TABLES[name][language][key] != TABLES[name]["en"][key], (name, key)


def _prose(text: str) -> str:
    """The words of a table's text without its fields and command-line bits."""
    return re.sub(r"--[\w-]+ X,Y|X,Y", "", _FIELD.sub("", text))


def test_french_sets_no_break_spaces_before_its_double_punctuation() -> None:
    for name, table in TABLES.items():
        for key, text in table["fr"].items():
            assert not re.search(r"[^\u00a0\u202f][:;?!]", _prose(text)), (name, key, text)
            assert "«" not in text or "«\u00a0" in text, (name, key, text)
    assert colon("fr") == "\u00a0: "


def test_spanish_opens_its_questions_and_arabic_writes_its_own_punctuation() -> None:
    for name, table in TABLES.items():
        for key, text in table["es"].items():
            assert text.count("¿") == text.count("?"), (name, key, text)
        for language in ("ar", "fa", "ur"):
            for key, text in table[language].items():
                # The Arabic script has its own comma, semicolon and question mark (،؛؟), in
                # Arabic, Persian and Urdu alike (key_separator too).
                assert not re.search(r"[,;?]", _prose(text)), (name, language, key, text)
        # Urdu ends a sentence with its own full stop, "۔".
        for key, text in table["ur"].items():
            assert not re.search(r"\.(\s|$)", _prose(text)), (name, key, text)
    assert {i18n.list_separator(lang) for lang in ("ar", "fa", "ur")} == {"، "}


def test_persian_and_urdu_write_their_own_letters_not_arabics() -> None:
    """Persian and Urdu write keheh and farsi yeh (ک ی), not Arabic's kaf and yeh (ك ي), and
    Urdu its own heh (ہ ھ), not Arabic's (ه): the same-looking letters are other characters,
    and a search for a word typed in the language would not find them."""
    for language, foreign in (("fa", "كي"), ("ur", "كيه")):
        words = [*(w for t in TABLES.values() for w in t[language].values()),
                 *(n for names in part_names(language).values() for n in names),
                 i18n.language_name(language)]
        assert not [w for w in words if set(w) & set(foreign)], language


@pytest.mark.parametrize(("language", "n", "written"), [
    ("en", 1, "1 question"), ("en", 12, "12 questions"), ("zh-CN", 12, "12 道题"),
    ("ja", 10, "10問"), ("ko", 10, "10문제"), ("th", 10, "10 ข้อ"),
    ("ru", 1, "1 вопрос"), ("ru", 3, "3 вопроса"), ("ru", 5, "5 вопросов"),
    ("ru", 12, "12 вопросов"), ("ru", 21, "21 вопрос"), ("ru", 24, "24 вопроса"),
    ("ar", 1, "1 سؤال"), ("ar", 2, "2 سؤالان"), ("ar", 7, "7 أسئلة"), ("ar", 11, "11 سؤالًا"),
    ("ar", 100, "100 سؤال"), ("ar", 103, "103 أسئلة"), ("he", 1, "1 שאלה"), ("he", 4, "4 שאלות"),
    ("fa", 1, "1 سؤال"), ("fa", 3, "3 سؤال"), ("fa", 12, "12 سؤال"), ("ur", 1, "1 سوال"),
    ("ur", 4, "4 سوال"), ("ur", 21, "21 سوال"),
    ("fr", 1, "1 question"), ("fr", 2, "2 questions"), ("de", 2, "2 Fragen"),
    ("es", 1, "1 pregunta"), ("pt", 3, "3 perguntas"),
])
def test_a_number_of_questions_is_counted_as_the_language_counts(
        language: str, n: int, written: str) -> None:
    assert question_count(language, n) == written


# Labels ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_labels_its_parts_and_no_name_is_two_parts(language: str) -> None:
    parts = default_parts(language)
    assert [(p.key, p.required) for p in parts] == [
        ("question", True), ("answer", True), ("example", False)]
    names = [n.casefold() for p in parts for n in p.names]
    assert len(names) == len(set(names))
    english = {n for p in default_parts("en") for n in p.names}
    assert not {p.label for p in parts} & english or language == "fr"  # "Question" is French
    if language in WITH_ENGLISH:
        assert english <= {n for p in parts for n in p.names}
    else:
        assert not english & {n for p in parts for n in p.names}


def test_the_format_docs_list_each_languages_labels() -> None:
    """docs/content-format.md's table of labels is the languages' own names, label first."""
    doc = (ROOT / "docs" / "content-format.md").read_text("utf-8")
    rows = {m[1]: [re.fullmatch(r"(.*?)(?: \((.*)\))?", c.strip()) for c in m[2].split("|")]
            for m in re.finditer(r"^\| `(\w+)…?`[^|]* \|(.*)\|$", doc, re.M)}
    for language in part_languages():
        own = i18n._PART_NAMES[language]
        written = [(m[1], *(m[2].split(", ") if m[2] else ())) for m in rows[language] if m]
        assert written == [own["question"], own["answer"], own["example"]], language


def _book(language: str, labels: Mapping[str, str], mark: str = ":") -> dict[str, str]:
    body = "".join(
        f"## {n}. Q{n}\n\n**{labels['question']}{mark}** Ask {n}?\n\n"
        f"**{labels['answer']}{mark}** Answer {n}.\n\n**{labels['example']}{mark}** `x = {n}`\n\n"
        for n in (1, 2))
    return {"book.yaml": f"title: T\nlanguage: {language}\n", "01.md": f"# C\n\n{body}"}


def _parts(folder: Path) -> list[list[tuple[str, str, str]]]:
    return [[(p.key, p.label, p.content.text) for p in q.parts]
            for q in clean_book(folder).questions]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_book_written_with_its_languages_labels_checks_clean(language: str,
                                                               tmp_path: Path) -> None:
    """Each label as the language writes it after its colon (``**解答：**``,
    ``**Réponse :**``)."""
    own = {key: names[0] for key, names in part_names(language).items()}
    folder = write_book(tmp_path / "book", _book(language, own, colon(language).rstrip()))
    assert _parts(folder) == [[("question", own["question"], f"Ask {n}?"),
                               ("answer", own["answer"], f"Answer {n}."),
                               ("example", own["example"], f"x = {n}")] for n in (1, 2)]


@pytest.mark.parametrize("language", WITH_ENGLISH)
def test_a_book_labelled_in_english_reads_as_before_in_any_language(
        language: str, tmp_path: Path) -> None:
    """A book that says ``language: ja`` but writes ``**Question:**`` (as every such book did
    before Japanese had labels) keeps every part; only the label shown is the language's."""
    english = {"question": "Question", "answer": "Answer", "example": "Example"}
    before = _parts(write_book(tmp_path / "en", _book("en", english)))
    after = _parts(write_book(tmp_path / language, _book(language, english)))
    own = {key: names[0] for key, names in part_names(language).items()}
    assert after == [[(key, own[key], text) for key, _, text in q] for q in before]
    # The short names too: **Q:** and **A:**.
    short = _parts(write_book(tmp_path / "short", _book(language, {
        "question": "Q", "answer": "A", "example": "Examples"})))
    assert short == after


def test_the_anki_deck_and_the_tsv_label_parts_in_the_books_language(tmp_path: Path) -> None:
    """Anki's templates take the labels of the book's parts; the TSV writes each part after its
    label and the language's colon."""
    english = {"question": "Question", "answer": "Answer", "example": "Example"}
    book = clean_book(write_book(tmp_path / "book", _book("ja", english)))
    assert part_labels(book) == {"question": "問題", "answer": "解答", "example": "例"}
    assert back_text(book, book.questions[0]).split("\n\n") == ["Answer 1.", "例：x = 1"]


# Imports -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "question", "answer"), [
    ("mc-ar", "السؤال", "الإجابة"), ("mc-ja", "問題", "解答")])
def test_an_import_writes_its_labels_in_the_banks_language(
        fixture: str, question: str, answer: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, diags = run_import(capsys, SHAPES / fixture, tmp_path / "book")
    assert (code, diags) == (0, [])
    text = "".join(p.read_text("utf-8") for p in sorted((tmp_path / "book").glob("*.md")))
    count = text.count("\n## ")
    assert count > 1
    assert (text.count(f"**{question}:**"), text.count(f"**{answer}:**")) == (count, count)
    assert "**Question:**" not in text and "**Answer:**" not in text
    book = clean_book(tmp_path / "book")
    assert all([p.label for p in q.parts][:2] == [question, answer] and q.choices
               for q in book.questions)


@pytest.mark.parametrize(("text", "language"), [
    ("## ۱. فهرست و تاپل چه فرقی دارند؟\n\nفهرست تغییرپذیر است و تاپل نه؛ `tuple` کلید می‌شود.",
     "fa"),
    ("## 1. لسٹ اور ٹپل میں کیا فرق ہے؟\n\nلسٹ بدلی جا سکتی ہے اور ٹپل نہیں؛ `tuple` کلید بنتا ہے۔",
     "ur"),
    ("## 1. ما الفرق بين القائمة والصف؟\n\nالقائمة قابلة للتغيير والصف لا؛ `tuple` يصلح مفتاحًا.",
     "ar"),
    # An Arabic text with a Persian or Urdu name in it is still Arabic.
    ("ما هي مكتبة پانداس؟ " + "القائمة قابلة للتغيير والصف لا، ويصلح الصف مفتاحًا. " * 3, "ar"),
])
def test_an_import_tells_persian_and_urdu_from_arabic_by_their_letters(
        text: str, language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert i18n.detect_language(text) == language
    bank = write_book(tmp_path / "bank", {"README.md": f"# T\n\n{text}\n\n## 2. Q2\n\nA2\n"})
    code, diags = run_import(capsys, bank, tmp_path / "book")
    assert (code, diags) == (0, [])
    assert f"language: {language}\n" in (tmp_path / "book" / "book.yaml").read_text("utf-8")


# Outputs -----------------------------------------------------------------------------------------

JA = {"01.md": "# 基本\n\n## 1. クロージャとは {difficulty=hard}\n\n**問題：** クロージャとは？\n\n"
               "**解答：** 作られた場所の変数を覚えている関数です。\n\n**例：** `f()`\n\n"
               "## 2. let と const\n\n**問題：** どう違いますか？\n\n"
               "**解答：** 再代入できません。\n"}
AR = {"01.md": "# الأساسيات\n\n## 1. ما هو الإغلاق؟ {difficulty=hard}\n\n"
               "**السؤال:** ما هو الإغلاق؟\n\n**الإجابة:** دالة تتذكر متغيرات مكانها.\n\n"
               "**مثال:** `f()`\n\n## 2. let و const\n\n**السؤال:** ما الفرق؟\n\n"
               "**الإجابة:** لا يمكن إعادة الإسناد.\n"}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Japanese and an Arabic book, handout, e-books and site, built strict once."""
    books = shared_dir(tmp_path_factory, "language-books")
    for slug, language, files in (("ja", "ja", JA), ("ar", "ar", AR)):
        write_book(books / slug, {"book.yaml": f"title: T {slug}\nlanguage: {language}\n",
                                  **files})
    return built_once(shared_dir(tmp_path_factory, "language-outputs"),
                      strict_build(str(books), "--formats", "pdf,epub,site", "-j", "1"))


def _as_extracted(word: str) -> str:
    """A word as pdftotext gives it back: without spaces, and with each Arabic lam-alef
    ligature (لإ, لا …) in the order of its glyph's name (إل, ال)."""
    return re.sub("ل([اأإآ])", r"\1ل", word.replace(" ", ""))


def _unfinished(markup: str) -> str:
    """``markup`` without the CJK finish's spans (cuebook.render.cjk), which wrap a gap, a
    compressed mark or a paragraph's bound end: the words as written, to look for."""
    return re.sub(r'<span class="(?:cjk-gap|cjk-halt|nobr|phrase)">|</span>', "", markup)


def _epub(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return _unfinished("".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                                   if n.endswith((".xhtml", ".opf", ".ncx"))))


@pytest.mark.parametrize("language", ["ja", "ar"])
def test_the_handout_ebook_and_site_speak_the_books_language(language: str,
                                                             built: Path) -> None:
    t, labels = strings(language), {k: v[0] for k, v in part_names(language).items()}
    epub_words, site_words = i18n.epub_words(language), i18n.site_words(language)
    study_words = i18n.study_words(language)
    # pdftotext writes right-to-left lines in visual order: compare words without the marks
    # and spaces it puts around them.
    handout = re.sub(r"[\u200e\u200f\u202a-\u202e\s]", "", pdftotext(built / f"{language}.pdf"))
    for word in (t["contents"], labels["question"], labels["answer"], labels["example"],
                 t["hard"]):
        assert _as_extracted(word) in handout, word
    assert "Contents" not in handout and "Question" not in handout
    book = _epub(built / f"{language}.epub")
    for word in (t["contents"], epub_words["start"], labels["answer"], t["cover"]):
        assert word in book, word
    quiz = _epub(built / f"{language}-quiz.epub")
    assert epub_words["quiz_note"] in quiz and t["answer_link"] in quiz
    assert "self-test" not in quiz.lower() and "Back to question" not in quiz
    site = _unfinished((built / language / "index.html").read_text("utf-8"))
    assert question_count(language, 2) in site
    assert site_words["skip"] in site and site_words["study_link"] in site
    study = _unfinished((built / language / "study.html").read_text("utf-8"))
    assert study_words["reveal"] in study and site_words["shuffle"] in study
    assert "Show answer" not in study and "Skip to content" not in site
    library = (built / "index.html").read_text("utf-8")
    assert question_count(language, 2) in library and i18n.language_name(language) in library


#: The Persian and Urdu fixture books (tests/test_rtl.py builds the same ones).
RTL_BOOKS = {"fa": "rtl-fa", "ur": "rtl-ur"}
#: The Latin words an output may show beside the book's own: names of formats and programs,
#: keys, and the size unit on the library page (one letter is a key or a paper size: "A4").
NAMES = {"Anki", "APKG", "EPUB", "PDF", "Quizlet", "TSV", "TXT", "KB", "JavaScript", "cuebook",
         "Enter", "Tab"}
_LATIN = re.compile(r"[A-Za-z]{2,}")


def _strings(value: object) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) \
        else []
    return [_FIELD.sub("", s) for item in items for s in _strings(item)]


def _shown(root: etree._Element) -> str:
    """What a page shows and says: its text outside scripts and styles, the labels and
    alternatives of its elements, and the words its scripts read from JSON."""
    said = [v for e in root.iter() if isinstance(e.tag, str)
            for k in ("aria-label", "title", "alt", "placeholder") if (v := e.get(k))]
    data = [s for e in root.iter("{*}script") if e.get("type") == "application/json"
            for s in _strings(json.loads(e.text or "null"))]
    text = [t for e in root.iter() if isinstance(e.tag, str)
            and etree.QName(e).localname not in ("script", "style")
            for t in (e.text, *(c.tail for c in e)) if t]
    return " ".join((*text, *said, *data))


@pytest.fixture(scope="module")
def rtl_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Persian and Urdu fixture books, every format, built strict once."""
    return {lang: built_once(shared_dir(tmp_path_factory, name),
                             strict_build(str(FIXTURES / name)))
            for lang, name in RTL_BOOKS.items()}


@pytest.mark.parametrize("language", RTL_BOOKS)
def test_persian_and_urdu_books_show_no_english_word_around_their_content(
        language: str, rtl_built: dict[str, Path]) -> None:
    """The handout, the cards, both e-books, the site's pages and the library show the book's
    words (the contents' title, its difficulties, its count of questions) and no Latin word
    but the content's own and the names of things."""
    name, out = RTL_BOOKS[language], rtl_built[language]
    t = strings(language)
    source = "".join(p.read_text("utf-8") for p in (FIXTURES / name).iterdir())
    difficulties = [t[d] for d in ("easy", "medium", "hard") if f"difficulty={d}" in source]
    assert difficulties
    pdfs = {pdf: subprocess.run(["pdftotext", str(out / pdf), "-"], capture_output=True,
                                text=True, check=True).stdout
            for pdf in (f"{name}.pdf", f"{name}-cards.pdf", f"{name}-cards-fold.pdf")}
    bare = {k: re.sub(r"[\u200e\u200f\u202a-\u202e\s]", "", v) for k, v in pdfs.items()}
    for word in (t["contents"], *difficulties):
        assert _as_extracted(word) in bare[f"{name}.pdf"], word
    for word in difficulties:
        assert _as_extracted(word) in bare[f"{name}-cards.pdf"], word
    shown = dict(pdfs)
    for epub in (f"{name}.epub", f"{name}-quiz.epub"):
        with zipfile.ZipFile(out / epub) as archive:
            shown[epub] = " ".join(_shown(etree.fromstring(archive.read(n)))
                                   for n in archive.namelist() if n.endswith(".xhtml"))
    for page in ("index.html", "study.html", "interview.html"):
        shown[page] = _shown(html.fromstring((out / name / page).read_text("utf-8")))
    shown["library"] = _shown(html.fromstring((out / "index.html").read_text("utf-8")))
    assert t["contents"] in shown[f"{name}.epub"] and t["contents"] in shown["index.html"]
    count = question_count(language, 4)
    assert count in shown["index.html"] and count in shown["library"]
    assert all(d in shown["index.html"] for d in difficulties)
    assert i18n.interview_words(language)["start"] in shown["interview.html"]
    allowed = set(_LATIN.findall(source)) | NAMES
    english = {where: sorted(set(_LATIN.findall(text)) - allowed)
               for where, text in shown.items()}
    assert english == dict.fromkeys(shown, [])
