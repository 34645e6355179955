"""Every word cuebook itself puts on a page, and every rule that depends on a book's language.

Content is never translated: these are the few words around it (a table of contents' title,
the cards' "cont.", the web site's buttons), one table per output, each by primary language
subtag with English for any other; the parts' default labels (题目, Question, 問題, السؤال …);
and how a number of questions is counted ("12 questions", "12問", "3 вопроса").

The rules say what a language's writing needs: whether it is written in Han characters, kana
or hangul (faces, the smallest card type), whether its punctuation is full width (a colon "：",
a list "、", brackets "（…）"), and which regional variant of the CJK faces draws it. Each rule
is decided here once; writers ask, never test language tags themselves.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

# Rules -------------------------------------------------------------------------------------------

#: Languages written in Han characters, kana or hangul.
_CJK = frozenset({"zh", "ja", "ko"})
#: Languages whose punctuation is full width: Chinese and Japanese (Korean uses Latin
#: punctuation with spaces).
_FULL_WIDTH = frozenset({"zh", "ja"})
#: The CJK faces' regional variant (Noto CJK SC, TC, HK, JP, KR) by language tag; Pango picks
#: glyph shapes by language, so the face's variant must match it.
_CJK_REGION = {"zh": "SC", "zh-tw": "TC", "zh-hk": "HK", "zh-hant": "TC", "ja": "JP", "ko": "KR"}


def primary(language: str) -> str:
    """The primary language subtag of a BCP 47 tag: "zh" for "zh-CN"."""
    return language.split("-")[0].lower()


def is_cjk(language: str) -> bool:
    """Whether the language is written in Han characters, kana or hangul."""
    return primary(language) in _CJK


#: Languages written right to left (primary subtags): Arabic, Hebrew, Persian, Urdu, Pashto,
#: Sindhi, Uyghur, Yiddish, Dhivehi, Central Kurdish.
_RTL = {"ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}


def is_rtl(language: str) -> bool:
    """Whether the language is written right to left."""
    return primary(language) in _RTL


def direction(language: str) -> str:
    """The base direction of the language's text, for ``dir`` and the EPUB spine."""
    return "rtl" if is_rtl(language) else "ltr"


def full_width_punctuation(language: str) -> bool:
    return primary(language) in _FULL_WIDTH


#: What follows a label, where a language writes it otherwise than ": " (French: a no-break
#: space before the colon).
_COLON = {"fr": "\u00a0: "}
#: Between the items of a run-in list, where not ", " (Arabic: its own comma, "،").
_LIST_SEPARATOR = {"ar": "، ", "fa": "، ", "ur": "، "}


def colon(language: str) -> str:
    """What follows a label: "答案：…", "Answer: …", "Réponse : …"."""
    return "：" if full_width_punctuation(language) else _COLON.get(primary(language), ": ")


def list_separator(language: str) -> str:
    """Between the items of a run-in list: "动态规划、贪心", "a, b", "أ، ب"."""
    return "、" if full_width_punctuation(language) else \
        _LIST_SEPARATOR.get(primary(language), ", ")


def parenthesised(language: str, text: str) -> str:
    """A remark after a title: "书名（自测版）", "Title (self-test edition)"."""
    return f"（{text}）" if full_width_punctuation(language) else f" ({text})"


def cjk_region(language: str) -> str:
    """The regional variant of the CJK faces that draws the language ("SC", "TC", "HK", "JP",
    "KR"), or "" for a language not written in CJK characters."""
    tag = language.lower()
    region = _CJK_REGION.get(tag) or _CJK_REGION.get(tag.split("-")[0], "")
    if tag.startswith("zh-") and any(t in tag for t in ("hant", "tw", "hk", "mo")):
        region = "HK" if "hk" in tag else "TC"
    return region


# Words -------------------------------------------------------------------------------------------

#: Each part's default label, then its other names, by primary language subtag (a book's
#: ``parts:`` may set its own; any other language reads the English ones). The names are those
#: interview banks are written with: ``**Answer:**``, ``**答案：**``, ``**解答：**``,
#: ``**الإجابة:**``, ``**Ответ:**``; one-letter ones where banks write ``**Q:** … **A:**``.
_PART_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"question": ("Question", "Q", "Prompt"), "answer": ("Answer", "A", "Solution"),
           "example": ("Example", "Examples")},
    "zh": {"question": ("题目", "问题", "题干"), "answer": ("答案", "解答", "参考答案", "回答"),
           "example": ("举例", "示例", "例子")},
    "ja": {"question": ("問題", "質問", "設問", "問い"), "answer": ("解答", "答え", "回答", "正解"),
           "example": ("例", "具体例", "使用例")},
    "ko": {"question": ("질문", "문제", "문항"), "answer": ("답변", "답", "정답", "해답"),
           "example": ("예시", "예", "예제")},
    "ar": {"question": ("السؤال", "سؤال"),
           "answer": ("الإجابة", "الاجابة", "إجابة", "اجابة", "الجواب", "جواب", "الحل"),
           "example": ("مثال", "المثال", "أمثلة")},
    "he": {"question": ("שאלה",), "answer": ("תשובה", "פתרון"),
           "example": ("דוגמה", "דוגמא", "דוגמאות")},
    "fa": {"question": ("سؤال", "پرسش", "سوال"), "answer": ("پاسخ", "جواب"),
           "example": ("مثال", "نمونه")},
    "ur": {"question": ("سوال", "سؤال"), "answer": ("جواب", "حل"), "example": ("مثال", "مثالیں")},
    "th": {"question": ("คำถาม", "โจทย์"), "answer": ("คำตอบ", "เฉลย"), "example": ("ตัวอย่าง",)},
    "ru": {"question": ("Вопрос", "В"), "answer": ("Ответ", "О", "Решение"),
           "example": ("Пример", "Примеры")},
    "es": {"question": ("Pregunta", "P"), "answer": ("Respuesta", "R", "Solución"),
           "example": ("Ejemplo", "Ejemplos")},
    "fr": {"question": ("Question",), "answer": ("Réponse", "R"),
           "example": ("Exemple", "Exemples")},
    "de": {"question": ("Frage", "F"), "answer": ("Antwort", "Lösung"),
           "example": ("Beispiel", "Beispiele")},
    "pt": {"question": ("Pergunta", "P", "Questão"), "answer": ("Resposta", "R", "Solução"),
           "example": ("Exemplo", "Exemplos")},
}
#: Languages whose books read only their own names: Chinese had labels of its own before the
#: others, and its books read as they always did.
_OWN_NAMES_ONLY = frozenset({"en", "zh"})


def part_names(language: str) -> dict[str, tuple[str, ...]]:
    """Each part's default names for a language, its label first: the language's own, then
    (but in Chinese) the English ones, so a book that wrote ``**Question:**`` before its
    language had labels keeps reading as it did."""
    lang = primary(language)
    own = _PART_NAMES.get(lang, _PART_NAMES["en"])
    if lang in _OWN_NAMES_ONLY or lang not in _PART_NAMES:
        return dict(own)
    names = {}
    for key, written in own.items():
        seen = {n.casefold() for n in written}
        names[key] = (*written, *(n for n in _PART_NAMES["en"][key] if n.casefold() not in seen))
    return names


def part_languages() -> tuple[str, ...]:
    """The languages with part labels of their own."""
    return tuple(_PART_NAMES)


def _plural(language: str, n: int) -> str:
    """The plural category of a whole number (Unicode CLDR's names: "one", "two", "few",
    "many", "other", "zero"), for the languages whose counting needs more than "one"."""
    lang = primary(language)
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        return "few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "many"
    if lang == "ar":
        return {0: "zero", 1: "one", 2: "two"}.get(n) or (
            "few" if 3 <= n % 100 <= 10 else "many" if 11 <= n % 100 <= 99 else "other")
    if lang == "fr":
        return "one" if n in (0, 1) else "other"
    return "one" if n == 1 else "other"


def question_noun(language: str, n: int) -> str:
    """The noun beside a number of questions: "question", "questions"; "вопроса" for 3,
    "вопросов" for 5; "سؤالًا" for 11; "問" in Japanese, which has no plural."""
    words = strings(language)
    category = _plural(language, n)
    return words["question"] if category == "one" else \
        words.get(f"questions_{category}", words["questions"])


def question_count(language: str, n: int) -> str:
    """A number of questions as the language writes it: "12 questions", "12 道题", "12問",
    "12문제", "12 вопросов"."""
    return strings(language)["count"].format(n=n, noun=question_noun(language, n))


def _words(table: Mapping[str, dict[str, str]], language: str) -> dict[str, str]:
    return table.get(primary(language), table["en"])


#: Every word cuebook itself puts on a page, one file per language
#: (``cuebook/words/<language>.json``), each holding its tables: "strings" (what every output
#: shares), "epub", "site", "study", "choice_study", "interview" and "calibration". A
#: translation is one file; English is every table's fallback, and ``tests/test_languages.py``
#: checks that each file has every key English has.
WORDS_DIR = Path(__file__).resolve().parent / "words"
#: The languages with words of their own, in the order the tables list them.
LANGUAGES = ("en", "zh", "ja", "ko", "ar", "he", "fa", "ur", "th", "ru", "es", "fr", "de", "pt")


@functools.cache
def _files() -> dict[str, dict[str, dict[str, str]]]:
    return {language: json.loads((WORDS_DIR / f"{language}.json").read_text(encoding="utf-8"))
            for language in LANGUAGES}


def _table(name: str) -> dict[str, dict[str, str]]:
    """One table of every language's words, by language."""
    return {language: words[name] for language, words in _files().items() if name in words}


_STRINGS = _table("strings")


def strings(language: str) -> dict[str, str]:
    """The words every output shares, for a BCP 47 language tag, falling back to English."""
    return _words(_STRINGS, language)


#: Words the e-book needs beyond the shared ones.
_EPUB = _table("epub")


def epub_words(language: str) -> dict[str, str]:
    return _words(_EPUB, language)


#: The words the web site itself shows.
_SITE = _table("site")

#: The site's study page (its script reads them as JSON).
_STUDY = _table("study")

#: The study page's words for multiple-choice questions, added to the script's words only in a
#: book that has such questions.
_CHOICE_STUDY = _table("choice_study")

#: The site's mock-interview page: the page's own words and its script's (read as JSON).
_INTERVIEW = _table("interview")


def interview_words(language: str) -> dict[str, str]:
    return _words(_INTERVIEW, language)


#: Language names as their speakers write them, for the library page.
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "ja": "日本語", "ko": "한국어", "fr": "Français",
                  "de": "Deutsch", "es": "Español", "pt": "Português", "ru": "Русский",
                  "ar": "العربية", "he": "עברית", "fa": "فارسی", "ur": "اردو", "th": "ไทย"}


def site_words(language: str) -> dict[str, str]:
    return _words(_SITE, language)


def study_words(language: str) -> dict[str, str]:
    return _words(_STUDY, language)


def choice_study_words(language: str) -> dict[str, str]:
    return _words(_CHOICE_STUDY, language)


def language_name(language: str) -> str:
    return LANGUAGE_NAMES.get(primary(language), language)


#: The cards' duplex calibration sheet.
_CALIBRATION = _table("calibration")


def calibration_words(language: str) -> dict[str, str]:
    return _words(_CALIBRATION, language)


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and an English noun in the right number, for cuebook's own messages:
    "1 question", "2 questions", "1 continuation card"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


#: Letters of each script a language is told by, as ranges of code points (the main blocks,
#: their supplements and presentation forms).
_SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    ("han", ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))),
    ("hangul", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))),
    ("arabic", ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                (0xFE70, 0xFEFF))),
    ("hebrew", ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    ("thai", ((0x0E00, 0x0E7F),)),
    ("cyrillic", ((0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F))),
)
#: The language a book is written in when its letters are mostly of one script.
_SCRIPT_LANGUAGE = {"kana": "ja", "han": "zh-CN", "hangul": "ko", "arabic": "ar",
                    "hebrew": "he", "thai": "th", "cyrillic": "ru"}


def _script(char: str) -> str:
    point = ord(char)
    for name, ranges in _SCRIPTS:
        if any(low <= point <= high for low, high in ranges):
            return name
    return "latin"


#: Letters of the Arabic script that Arabic does not write: Urdu's own (ٹ ڈ ڑ ں ے ھ ہ), and
#: those Persian writes (پ چ ژ گ ک ی), which Urdu writes too.
_URDU_LETTERS = frozenset("ٹڈڑںےھہ")
_PERSIAN_LETTERS = frozenset("پچژگکی")


def _arabic_script_language(text: str) -> str:
    """Which language a text in the Arabic script is written in: Urdu where its own letters
    are a fiftieth of the script's letters, else Persian where Persian's are, else Arabic (a
    borrowed name or two does not decide it)."""
    letters = [c for c in text if c.isalpha() and _script(c) == "arabic"]
    urdu = sum(c in _URDU_LETTERS for c in letters)
    persian = sum(c in _PERSIAN_LETTERS for c in letters)
    if urdu * 50 >= len(letters) > 0:
        return "ur"
    return "fa" if persian * 50 >= len(letters) > 0 else "ar"


def detect_language(text: str) -> str:
    """The language tag of a text from the scripts of its letters, in one pass: a script other
    than Latin with a fifth of the letters (code and English terms fill the rest of a bank)
    names it; Han with kana among it is Japanese (a twentieth of the Han and kana letters:
    Japanese prose is about a third kana, Chinese has none); the Arabic script is Arabic,
    Persian or Urdu by the letters only those write (one more pass over such a text); else
    English."""
    counts: Counter[str] = Counter(_script(c) for c in text if c.isalpha())
    letters = sum(counts.values())
    counts["han"] += counts["kana"]
    if counts["kana"] and counts["kana"] * 20 >= counts["han"]:
        counts["kana"], counts["han"] = counts["han"], 0
    else:
        counts["kana"] = 0
    found = [(n, s) for s, n in counts.items() if s != "latin" and n * 5 >= letters > 0]
    language = _SCRIPT_LANGUAGE[max(found)[1]] if found else "en"
    return _arabic_script_language(text) if language == "ar" else language
