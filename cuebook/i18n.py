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

from collections import Counter
from collections.abc import Mapping

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


_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents", "question": "question", "questions": "questions",
        "count": "{n} {noun}", "version": "Version",
        "tags": "Tags", "difficulty": "Difficulty", "easy": "Easy", "medium": "Medium",
        "hard": "Hard", "continued": "cont.", "continued_title": "(continued)",
        "answer_link": "Answer", "back": "Back to question",
        "introduction": "Introduction", "summary": "Summary", "cover": "Cover",
        "page_list": "Pages", "landmarks": "Landmarks",
        "full_answer": "Full answer: handout p. {page}",
        "full_answer_nopage": "Full answer: in the handout",
    },
    "zh": {
        "contents": "目录", "question": "道题", "questions": "道题", "count": "{n} {noun}",
        "version": "版本",
        "tags": "标签",
        "difficulty": "难度", "easy": "简单", "medium": "中等", "hard": "困难",
        "continued": "续", "continued_title": "（续）", "answer_link": "查看答案",
        "back": "返回题目",
        "introduction": "引言", "summary": "总结", "cover": "封面", "page_list": "页码",
        "landmarks": "导航", "full_answer": "完整答案见讲义第 {page} 页",
        "full_answer_nopage": "完整答案见讲义",
    },
    "ja": {
        "contents": "目次", "question": "問", "questions": "問", "count": "{n}{noun}",
        "version": "バージョン", "tags": "タグ", "difficulty": "難易度", "easy": "初級",
        "medium": "中級", "hard": "上級", "continued": "続き", "continued_title": "（続き）",
        "answer_link": "解答を見る", "back": "問題に戻る",
        "introduction": "はじめに", "summary": "まとめ", "cover": "表紙", "page_list": "ページ一覧",
        "landmarks": "ガイド", "full_answer": "解答の全文は資料の {page} ページ",
        "full_answer_nopage": "解答の全文は資料にあります",
    },
    "ko": {
        "contents": "목차", "question": "문제", "questions": "문제", "count": "{n}{noun}",
        "version": "버전", "tags": "태그", "difficulty": "난이도", "easy": "쉬움",
        "medium": "보통", "hard": "어려움", "continued": "계속", "continued_title": "(계속)",
        "answer_link": "답변 보기", "back": "문제로 돌아가기",
        "introduction": "들어가며", "summary": "정리", "cover": "표지", "page_list": "페이지 목록",
        "landmarks": "길잡이", "full_answer": "전체 답변: 유인물 {page}쪽",
        "full_answer_nopage": "전체 답변: 유인물 참고",
    },
    "ar": {
        # Counted as Arabic counts: 1 سؤال, 2 سؤالان, 3–10 أسئلة, 11–99 سؤالًا, 100 سؤال.
        "contents": "المحتويات", "question": "سؤال", "questions": "سؤال",
        "questions_two": "سؤالان", "questions_few": "أسئلة", "questions_many": "سؤالًا",
        "count": "{n} {noun}",
        "version": "الإصدار", "tags": "الوسوم", "difficulty": "الصعوبة", "easy": "سهل",
        "medium": "متوسط", "hard": "صعب", "continued": "تتمة", "continued_title": "(تتمة)",
        "answer_link": "عرض الإجابة", "back": "العودة إلى السؤال",
        "introduction": "مقدمة", "summary": "خلاصة", "cover": "الغلاف", "page_list": "الصفحات",
        "landmarks": "معالم الكتاب", "full_answer": "الإجابة الكاملة في الكتيّب، ص {page}",
        "full_answer_nopage": "الإجابة الكاملة في الكتيّب",
    },
    "he": {
        "contents": "תוכן העניינים", "question": "שאלה", "questions": "שאלות",
        "count": "{n} {noun}",
        "version": "גרסה", "tags": "תגיות", "difficulty": "רמת קושי", "easy": "קל",
        "medium": "בינוני", "hard": "קשה", "continued": "המשך", "continued_title": "(המשך)",
        "answer_link": "לתשובה", "back": "חזרה לשאלה",
        "introduction": "מבוא", "summary": "סיכום", "cover": "כריכה", "page_list": "עמודים",
        "landmarks": "ציוני דרך", "full_answer": "התשובה המלאה בחוברת, עמ׳ {page}",
        "full_answer_nopage": "התשובה המלאה בחוברת",
    },
    "fa": {
        "contents": "فهرست مطالب", "question": "سؤال", "questions": "سؤال", "count": "{n} {noun}",
        "version": "نسخه", "tags": "برچسب‌ها", "difficulty": "دشواری", "easy": "آسان",
        "medium": "متوسط", "hard": "دشوار", "continued": "ادامه", "continued_title": "(ادامه)",
        "answer_link": "دیدن پاسخ", "back": "بازگشت به سؤال",
        "introduction": "مقدمه", "summary": "جمع‌بندی", "cover": "جلد", "page_list": "صفحه‌ها",
        "landmarks": "راهنمای کتاب", "full_answer": "پاسخ کامل در جزوه، ص {page}",
        "full_answer_nopage": "پاسخ کامل در جزوه",
    },
    "ur": {
        "contents": "فہرست", "question": "سوال", "questions": "سوال", "count": "{n} {noun}",
        "version": "ورژن", "tags": "ٹیگ", "difficulty": "مشکل کی سطح", "easy": "آسان",
        "medium": "درمیانہ", "hard": "مشکل", "continued": "جاری", "continued_title": "(جاری)",
        "answer_link": "جواب دیکھیں", "back": "سوال پر واپس جائیں",
        "introduction": "تعارف", "summary": "خلاصہ", "cover": "سرورق", "page_list": "صفحات",
        "landmarks": "کتاب کے اہم مقامات", "full_answer": "مکمل جواب: کتابچہ، صفحہ {page}",
        "full_answer_nopage": "مکمل جواب: کتابچے میں",
    },
    "th": {
        "contents": "สารบัญ", "question": "ข้อ", "questions": "ข้อ", "count": "{n} {noun}",
        "version": "เวอร์ชัน", "tags": "แท็ก", "difficulty": "ระดับความยาก", "easy": "ง่าย",
        "medium": "ปานกลาง", "hard": "ยาก", "continued": "ต่อ", "continued_title": "(ต่อ)",
        "answer_link": "ดูคำตอบ", "back": "กลับไปที่คำถาม",
        "introduction": "บทนำ", "summary": "สรุป", "cover": "ปก", "page_list": "เลขหน้า",
        "landmarks": "จุดนำทาง", "full_answer": "คำตอบฉบับเต็ม: เอกสารประกอบ หน้า {page}",
        "full_answer_nopage": "คำตอบฉบับเต็มอยู่ในเอกสารประกอบ",
    },
    "ru": {
        # Counted as Russian counts: 1 вопрос, 2–4 вопроса, 5–20 вопросов, 21 вопрос.
        "contents": "Содержание", "question": "вопрос", "questions": "вопросов",
        "questions_few": "вопроса", "count": "{n} {noun}",
        "version": "Версия", "tags": "Теги", "difficulty": "Сложность", "easy": "Лёгкий",
        "medium": "Средний", "hard": "Сложный", "continued": "продолжение",
        "continued_title": "(продолжение)", "answer_link": "Ответ", "back": "Назад к вопросу",
        "introduction": "Введение", "summary": "Итоги", "cover": "Обложка",
        "page_list": "Страницы", "landmarks": "Ориентиры",
        "full_answer": "Полный ответ: пособие, с. {page}",
        "full_answer_nopage": "Полный ответ: в пособии",
    },
    "es": {
        "contents": "Índice", "question": "pregunta", "questions": "preguntas",
        "count": "{n} {noun}",
        "version": "Versión", "tags": "Etiquetas", "difficulty": "Dificultad", "easy": "Fácil",
        "medium": "Media", "hard": "Difícil", "continued": "cont.",
        "continued_title": "(continuación)", "answer_link": "Respuesta",
        "back": "Volver a la pregunta",
        "introduction": "Introducción", "summary": "Resumen", "cover": "Cubierta",
        "page_list": "Páginas", "landmarks": "Puntos de referencia",
        "full_answer": "Respuesta completa: apuntes, pág. {page}",
        "full_answer_nopage": "Respuesta completa: en los apuntes",
    },
    "fr": {
        # French sets a no-break space before a colon (U+00A0) and a thin one before ; ! ?
        # (U+202F), and inside « guillemets ».
        "contents": "Sommaire", "question": "question", "questions": "questions",
        "count": "{n} {noun}",
        "version": "Version", "tags": "Étiquettes", "difficulty": "Difficulté",
        "easy": "Facile", "medium": "Moyen", "hard": "Difficile", "continued": "suite",
        "continued_title": "(suite)", "answer_link": "Réponse", "back": "Retour à la question",
        "introduction": "Introduction", "summary": "Synthèse", "cover": "Couverture",
        "page_list": "Pages", "landmarks": "Repères",
        "full_answer": "Réponse complète\u00a0: polycopié, p.\u00a0{page}",
        "full_answer_nopage": "Réponse complète\u00a0: dans le polycopié",
    },
    "de": {
        "contents": "Inhalt", "question": "Frage", "questions": "Fragen", "count": "{n} {noun}",
        "version": "Version", "tags": "Schlagwörter", "difficulty": "Schwierigkeit",
        "easy": "Leicht", "medium": "Mittel", "hard": "Schwer", "continued": "Forts.",
        "continued_title": "(Fortsetzung)", "answer_link": "Antwort", "back": "Zurück zur Frage",
        "introduction": "Einleitung", "summary": "Zusammenfassung", "cover": "Cover",
        "page_list": "Seiten", "landmarks": "Orientierungspunkte",
        "full_answer": "Vollständige Antwort: Handout, S.\u00a0{page}",
        "full_answer_nopage": "Vollständige Antwort: im Handout",
    },
    "pt": {
        "contents": "Sumário", "question": "pergunta", "questions": "perguntas",
        "count": "{n} {noun}",
        "version": "Versão", "tags": "Etiquetas", "difficulty": "Dificuldade", "easy": "Fácil",
        "medium": "Média", "hard": "Difícil", "continued": "cont.",
        "continued_title": "(continuação)", "answer_link": "Resposta",
        "back": "Voltar à pergunta",
        "introduction": "Introdução", "summary": "Resumo", "cover": "Capa",
        "page_list": "Páginas", "landmarks": "Pontos de referência",
        "full_answer": "Resposta completa: apostila, p. {page}",
        "full_answer_nopage": "Resposta completa: na apostila",
    },
}


def strings(language: str) -> dict[str, str]:
    """The words every output shares, for a BCP 47 language tag, falling back to English."""
    return _words(_STRINGS, language)


#: Words the e-book needs beyond the shared ones.
_EPUB: dict[str, dict[str, str]] = {
    "en": {
        "quiz": "self-test edition", "quiz_band": "QUIZ EDITION", "answers": "Answers",
        "quiz_note": "Self-test edition: each question shows only what is asked. Answer it "
                     "yourself, then follow “Answer” to check; “Back to question” returns.",
        "summary": "All text is reflowable and read in order; headings and a table of contents "
                   "give structural navigation; every question is listed in the navigation; "
                   "footnotes are EPUB 3 notes; the page list follows the PDF handout; code is "
                   "text, not images; the cover image has a text alternative.",
        "title": "Title page", "start": "Start of content",
    },
    "zh": {
        "quiz": "自测版", "quiz_band": "自测版", "answers": "答案",
        "quiz_note": "自测版：每道题只列出题目。请先自己作答，"
                     "再点“查看答案”核对；答案后的“返回题目”回到原处。",
        "summary": "全书为可重排文本，按阅读顺序排列；标题层级与目录提供结构导航，"
                   "每道题都列在目录中；脚注为 EPUB 3 注释；页码列表与 PDF 讲义的页码一致；"
                   "代码为文本而非图片；封面图片附有文字说明。",
        "title": "书名页", "start": "正文",
    },
    "ja": {
        "quiz": "セルフテスト版", "quiz_band": "セルフテスト版", "answers": "解答",
        "quiz_note": "セルフテスト版：各問題には問いだけを載せています。まず自分で答えてから"
                     "「解答を見る」で確かめ、解答の後の「問題に戻る」で元の場所に戻ります。",
        "summary": "全文がリフロー可能なテキストで、読む順に並んでいます。見出しと目次で構造を"
                   "たどることができ、すべての問題がナビゲーションに載っています。脚注は EPUB 3 の"
                   "注釈、ページ一覧は PDF 資料のページに対応し、コードは画像ではなくテキストで、"
                   "表紙画像には代替テキストがあります。",
        "title": "扉", "start": "本文",
    },
    "ko": {
        "quiz": "셀프 테스트판", "quiz_band": "셀프 테스트판", "answers": "답변",
        "quiz_note": "셀프 테스트판: 각 문제에는 묻는 내용만 실려 있습니다. 먼저 스스로 답한 뒤 "
                     "‘답변 보기’로 확인하고, ‘문제로 돌아가기’로 제자리에 돌아갑니다.",
        "summary": "모든 텍스트는 리플로우되며 읽는 순서대로 놓여 있습니다. "
                   "제목과 목차로 구조를 탐색할 수 있고 모든 문제가 탐색 목록에 있습니다. "
                   "각주는 EPUB 3 주석이고, 페이지 목록은 PDF 유인물의 쪽 번호를 따르며, "
                   "코드는 이미지가 아닌 텍스트이고, 표지 이미지에는 대체 텍스트가 있습니다.",
        "title": "속표지", "start": "본문 시작",
    },
    "ar": {
        "quiz": "نسخة الاختبار الذاتي", "quiz_band": "نسخة الاختبار الذاتي", "answers": "الإجابات",
        "quiz_note": "نسخة الاختبار الذاتي: لا يعرض كل سؤال إلا المطلوب. أجب عنه بنفسك، ثم اتبع "
                     "«عرض الإجابة» لتتحقق؛ و«العودة إلى السؤال» تعيدك إليه.",
        "summary": "النص كله قابل لإعادة التدفق ويُقرأ بالترتيب؛ العناوين وجدول المحتويات تتيح "
                   "التنقل في البنية؛ كل سؤال مدرج في قائمة التنقل؛ الحواشي ملاحظات EPUB 3؛ قائمة "
                   "الصفحات تتبع الكتيّب بصيغة PDF؛ الشيفرة نص لا صور؛ ولصورة الغلاف نص بديل.",
        "title": "صفحة العنوان", "start": "بداية المحتوى",
    },
    "he": {
        "quiz": "מהדורת תרגול עצמי", "quiz_band": "מהדורת תרגול עצמי", "answers": "תשובות",
        "quiz_note": "מהדורת תרגול עצמי: בכל שאלה מוצג רק מה שנשאל. ענו בעצמכם, ואז עברו אל "
                     "„לתשובה” כדי לבדוק; „חזרה לשאלה” מחזירה אתכם.",
        "summary": "כל הטקסט ניתן לזרימה מחדש ונקרא לפי הסדר; כותרות ותוכן העניינים מאפשרים ניווט "
                   "לפי המבנה; כל שאלה מופיעה בניווט; הערות השוליים הן הערות EPUB 3; רשימת "
                   "העמודים תואמת את חוברת ה־PDF; הקוד הוא טקסט ולא תמונות; לתמונת הכריכה יש "
                   "חלופה טקסטואלית.",
        "title": "שער", "start": "תחילת התוכן",
    },
    "fa": {
        "quiz": "نسخهٔ خودآزمایی", "quiz_band": "نسخهٔ خودآزمایی", "answers": "پاسخ‌ها",
        "quiz_note": "نسخهٔ خودآزمایی: هر سؤال فقط آنچه را پرسیده می‌شود نشان می‌دهد. خودتان پاسخ "
                     "دهید، سپس با «دیدن پاسخ» آن را بسنجید؛ «بازگشت به سؤال» شما را برمی‌گرداند.",
        "summary": "همهٔ متن بازچینی‌پذیر است و به ترتیب خوانده می‌شود؛ سرفصل‌ها و فهرست مطالب "
                   "پیمایش ساختاری فراهم می‌کنند؛ همهٔ سؤال‌ها در فهرست پیمایش آمده‌اند؛ پانوشت‌ها "
                   "یادداشت‌های EPUB 3 هستند؛ فهرست صفحه‌ها از جزوهٔ PDF پیروی می‌کند؛ کدها متن‌اند "
                   "نه تصویر؛ و تصویر جلد متن جایگزین دارد.",
        "title": "صفحهٔ عنوان", "start": "آغاز محتوا",
    },
    "ur": {
        "quiz": "خود آزمائی کا نسخہ", "quiz_band": "خود آزمائی", "answers": "جوابات",
        "quiz_note": "خود آزمائی کا نسخہ: ہر سوال میں صرف وہی دکھایا گیا ہے جو پوچھا گیا ہے۔ پہلے "
                     "خود جواب دیں، پھر جانچنے کے لیے “جواب دیکھیں” پر جائیں؛ “سوال پر واپس جائیں” "
                     "آپ کو واپس لے آتا ہے۔",
        "summary": "تمام متن نئے سرے سے ترتیب پا سکتا ہے اور ترتیب وار پڑھا جاتا ہے؛ سرخیاں اور "
                   "فہرست ڈھانچے کے مطابق رہنمائی دیتی ہیں؛ ہر سوال فہرستِ رہنمائی میں درج ہے؛ "
                   "حواشی EPUB 3 نوٹس ہیں؛ صفحات کی فہرست PDF کتابچے کے مطابق ہے؛ کوڈ متن ہے، "
                   "تصویریں نہیں؛ اور سرورق کی تصویر کا متبادل متن موجود ہے۔",
        "title": "عنوان کا صفحہ", "start": "مواد کا آغاز",
    },
    "th": {
        "quiz": "ฉบับทดสอบตัวเอง", "quiz_band": "ฉบับทดสอบตัวเอง", "answers": "คำตอบ",
        "quiz_note": "ฉบับทดสอบตัวเอง: แต่ละข้อแสดงเฉพาะสิ่งที่ถาม ลองตอบด้วยตัวเองก่อน "
                     "แล้วไปที่ “ดูคำตอบ” เพื่อตรวจ และ “กลับไปที่คำถาม” เพื่อกลับมาที่เดิม",
        "summary": "ข้อความทั้งหมดจัดหน้าใหม่ได้และอ่านตามลำดับ หัวเรื่องและสารบัญช่วยนำทางตาม"
                   "โครงสร้าง ทุกข้ออยู่ในเมนูนำทาง เชิงอรรถเป็นหมายเหตุแบบ EPUB 3 "
                   "รายการเลขหน้าตรงกับเอกสารประกอบ PDF โค้ดเป็นข้อความไม่ใช่รูปภาพ "
                   "และภาพปกมีข้อความแทนภาพ",
        "title": "หน้าชื่อเรื่อง", "start": "เริ่มเนื้อหา",
    },
    "ru": {
        "quiz": "версия для самопроверки", "quiz_band": "САМОПРОВЕРКА", "answers": "Ответы",
        "quiz_note": "Версия для самопроверки: у каждого вопроса показано только то, что "
                     "спрашивается. Ответьте сами, затем перейдите по ссылке «Ответ», чтобы "
                     "проверить себя; «Назад к вопросу» возвращает обратно.",
        "summary": "Весь текст перетекаемый и читается по порядку; заголовки и оглавление дают "
                   "навигацию по структуре; каждый вопрос есть в навигации; сноски оформлены как "
                   "примечания EPUB 3; список страниц соответствует PDF-пособию; код — это текст, "
                   "а не изображения; у обложки есть текстовое описание.",
        "title": "Титульная страница", "start": "Начало текста",
    },
    "es": {
        "quiz": "edición de autoevaluación", "quiz_band": "AUTOEVALUACIÓN",
        "answers": "Respuestas",
        "quiz_note": "Edición de autoevaluación: cada pregunta muestra solo lo que se pregunta. "
                     "Respóndela tú primero y sigue «Respuesta» para comprobarla; «Volver a la "
                     "pregunta» te devuelve a ella.",
        "summary": "Todo el texto es adaptable y se lee en orden; los encabezados y el índice "
                   "permiten navegar por la estructura; cada pregunta figura en la navegación; "
                   "las notas al pie son notas de EPUB 3; la lista de páginas sigue los apuntes "
                   "en PDF; el código es texto, no imágenes; la imagen de cubierta tiene un texto "
                   "alternativo.",
        "title": "Portadilla", "start": "Inicio del contenido",
    },
    "fr": {
        "quiz": "édition d’autoévaluation", "quiz_band": "AUTOÉVALUATION", "answers": "Réponses",
        "quiz_note": "Édition d’autoévaluation\u00a0: chaque question ne montre que ce qui est "
                     "demandé. Répondez-y vous-même, puis suivez «\u00a0Réponse\u00a0» pour "
                     "vérifier\u202f; «\u00a0Retour à la question\u00a0» vous y ramène.",
        "summary": "Tout le texte est recomposable et se lit dans l’ordre\u202f; les titres et le "
                   "sommaire permettent une navigation structurée\u202f; chaque question figure "
                   "dans la navigation\u202f; les notes de bas de page sont des notes EPUB\u00a03"
                   "\u202f; la liste des pages suit le polycopié PDF\u202f; le code est du texte, "
                   "pas des images\u202f; l’image de couverture a un texte alternatif.",
        "title": "Page de titre", "start": "Début du contenu",
    },
    "de": {
        "quiz": "Selbsttest-Ausgabe", "quiz_band": "SELBSTTEST", "answers": "Antworten",
        "quiz_note": "Selbsttest-Ausgabe: Jede Frage zeigt nur, was gefragt ist. Beantworten Sie "
                     "sie zuerst selbst und folgen Sie dann „Antwort“, um zu prüfen; „Zurück zur "
                     "Frage“ führt zurück.",
        "summary": "Der gesamte Text ist umbrechbar und wird der Reihe nach gelesen; Überschriften "
                   "und Inhaltsverzeichnis erlauben eine Navigation nach der Struktur; jede Frage "
                   "steht in der Navigation; Fußnoten sind EPUB-3-Anmerkungen; die Seitenliste "
                   "folgt dem PDF-Handout; Code ist Text, keine Bilder; das Titelbild hat einen "
                   "Alternativtext.",
        "title": "Titelseite", "start": "Beginn des Inhalts",
    },
    "pt": {
        "quiz": "edição de autoavaliação", "quiz_band": "AUTOAVALIAÇÃO", "answers": "Respostas",
        "quiz_note": "Edição de autoavaliação: cada pergunta mostra só o que se pergunta. "
                     "Responda você mesmo e depois siga “Resposta” para conferir; “Voltar à "
                     "pergunta” leva você de volta.",
        "summary": "Todo o texto é refluível e lido em ordem; títulos e sumário permitem navegar "
                   "pela estrutura; cada pergunta está na navegação; as notas de rodapé são notas "
                   "EPUB 3; a lista de páginas segue a apostila em PDF; o código é texto, não "
                   "imagens; a imagem de capa tem texto alternativo.",
        "title": "Folha de rosto", "start": "Início do conteúdo",
    },
}


def epub_words(language: str) -> dict[str, str]:
    return _words(_EPUB, language)


#: The words the web site itself shows.
_SITE: dict[str, dict[str, str]] = {
    "en": {
        "skip": "Skip to content", "library": "Library", "read": "Read", "study": "Study",
        "site_nav": "Site", "downloads": "Downloads",
        "language": "Language: ",
        "chapters": "chapters",
        "library_title": "Question banks", "library_intro":
            "Handouts to print, e-books to read and cue cards to drill, made from one source.",
        "study_title": "Study", "study_app": "Study cards", "tag": "Tag", "all_tags": "All tags",
        "shuffle": "Shuffle", "reset": "Clear progress", "reveal": "Show answer",
        "previous": "Previous", "next": "Next", "known": "Know it", "again": "Again",
        "which": "Cards", "which_all": "All", "which_due": "Due today",
        "which_unknown": "Not yet known", "round_done": "Round done",
        "again_list": "Marked again", "study_again": "Study these again",
        "new_round": "New round",
        "shortcuts": "Keys: Space shows the answer · then A or 1 again, K or 2 know it · "
                "← → skip back and on · S shuffle", "answer": "Answer", "footnotes": "Notes",
        "study_link": "Study these questions as cards", "made_with": "Made with cuebook",
        "no_js": "Without JavaScript the questions are listed below; open each answer.",
        "pdf": "PDF handout", "epub": "EPUB e-book", "epub-quiz": "EPUB self-test edition",
        "cards": "Cue cards, duplex", "cards-fold": "Cue cards, fold", "cards-calibration":
            "Card calibration sheet", "anki": "Anki deck",
        "tsv": "TSV (Anki text import, spreadsheets)", "quizlet": "Quizlet import (plain text)",
        "empty": "No books have been built into this folder yet.", "paper": " ({paper})",
        "choices": "Options", "choice_check": "Check",
        "choice_several": "More than one option is right: select each, then Check.",
    },
    "zh": {
        "skip": "跳到正文", "library": "书库", "read": "阅读", "study": "学习模式",
        "site_nav": "站点导航", "downloads": "下载",
        "language": "语言：", "chapters": "章",
        "library_title": "题库",
        "library_intro": "可打印的讲义、可阅读的电子书、可练习的卡片，出自同一份源稿。",
        "study_title": "学习模式", "study_app": "学习卡片", "tag": "标签", "all_tags": "全部标签",
        "shuffle": "打乱顺序", "reset": "清除学习记录", "reveal": "显示答案",
        "previous": "上一题", "next": "下一题", "known": "记住了", "again": "再来一次",
        "which": "题目", "which_all": "全部", "which_due": "今天到期",
        "which_unknown": "还没记住", "round_done": "本轮完成",
        "again_list": "需要再来一次的题目", "study_again": "再学一遍这些题",
        "new_round": "开始新一轮",
        "shortcuts": "快捷键：空格显示答案 · 然后 A 或 1 再来一次，K 或 2 记住了 · "
                "← → 跳到上一题、下一题 · S 打乱顺序", "answer": "答案", "footnotes": "注释",
        "study_link": "用卡片学习这些题目", "made_with": "由 cuebook 生成",
        "no_js": "未启用 JavaScript：下面列出全部题目，点开即可查看答案。",
        "pdf": "PDF 讲义", "epub": "EPUB 电子书", "epub-quiz": "EPUB 自测版",
        "cards": "双面卡片", "cards-fold": "对折卡片", "cards-calibration": "卡片校准页",
        "anki": "Anki 卡组", "tsv": "TSV 文本，可导入 Anki、表格",
        "quizlet": "Quizlet 导入用纯文本",
        "empty": "这个文件夹里还没有生成任何书。", "paper": "（{paper}）",
        "choices": "选项", "choice_check": "提交",
        "choice_several": "本题不止一个正确选项：选出全部后点“提交”。",
    },
    "ja": {
        "skip": "本文へ移動", "library": "ライブラリ", "read": "読む", "study": "学習",
        "site_nav": "サイト", "downloads": "ダウンロード",
        "language": "言語：", "chapters": "章",
        "library_title": "問題集",
        "library_intro": "印刷する資料、読む電子書籍、練習するカードを、ひとつの原稿から。",
        "study_title": "学習", "study_app": "学習カード", "tag": "タグ", "all_tags": "すべてのタグ",
        "shuffle": "シャッフル", "reset": "学習記録を消去", "reveal": "解答を表示",
        "previous": "前へ", "next": "次へ", "known": "覚えた", "again": "もう一度",
        "which": "カード", "which_all": "すべて", "which_due": "今日の復習",
        "which_unknown": "まだ覚えていない", "round_done": "このラウンドは終了",
        "again_list": "「もう一度」にした問題", "study_again": "これらをもう一度学習",
        "new_round": "新しいラウンド",
        "shortcuts": "キー：スペースで解答を表示 · 続けて A か 1 でもう一度、K か 2 で覚えた · "
                     "← → で前後へ · S でシャッフル", "answer": "解答", "footnotes": "注",
        "study_link": "これらの問題をカードで学習", "made_with": "cuebook で作成",
        "no_js": "JavaScript が無効なため、問題を下に一覧表示しています。各解答を開いてください。",
        "pdf": "PDF 資料", "epub": "EPUB 電子書籍", "epub-quiz": "EPUB セルフテスト版",
        "cards": "暗記カード（両面印刷）", "cards-fold": "暗記カード（二つ折り）",
        "cards-calibration": "カード位置合わせシート", "anki": "Anki デッキ",
        "tsv": "TSV（Anki のテキスト取り込み、表計算）", "quizlet": "Quizlet 取り込み用テキスト",
        "empty": "このフォルダーにはまだ本が作成されていません。", "paper": "（{paper}）",
        "choices": "選択肢", "choice_check": "答え合わせ",
        "choice_several": "正解は複数あります。すべて選んでから「答え合わせ」を押してください。",
    },
    "ko": {
        "skip": "본문으로 건너뛰기", "library": "서재", "read": "읽기", "study": "학습",
        "site_nav": "사이트", "downloads": "내려받기",
        "language": "언어: ", "chapters": "장",
        "library_title": "문제집",
        "library_intro": "인쇄할 유인물, 읽을 전자책, 연습할 카드를 하나의 원고에서 만듭니다.",
        "study_title": "학습", "study_app": "학습 카드", "tag": "태그", "all_tags": "모든 태그",
        "shuffle": "섞기", "reset": "학습 기록 지우기", "reveal": "답변 보기",
        "previous": "이전", "next": "다음", "known": "알아요", "again": "다시",
        "which": "카드", "which_all": "전체", "which_due": "오늘 복습할 카드",
        "which_unknown": "아직 모르는 카드", "round_done": "이번 라운드 끝",
        "again_list": "‘다시’로 표시한 문제", "study_again": "이 문제들 다시 학습하기",
        "new_round": "새 라운드",
        "shortcuts": "키: Space로 답변 보기 · 이어서 A 또는 1은 다시, K 또는 2는 알아요 · "
                     "← →로 이전·다음 · S로 섞기", "answer": "답변", "footnotes": "주석",
        "study_link": "이 문제들을 카드로 학습하기", "made_with": "cuebook으로 만듦",
        "no_js": "JavaScript가 꺼져 있어 문제를 아래에 모두 나열했습니다. 각 답변을 펼쳐 보세요.",
        "pdf": "PDF 유인물", "epub": "EPUB 전자책", "epub-quiz": "EPUB 셀프 테스트판",
        "cards": "암기 카드(양면 인쇄)", "cards-fold": "암기 카드(반 접기)",
        "cards-calibration": "카드 위치 보정 용지", "anki": "Anki 덱",
        "tsv": "TSV(Anki 텍스트 가져오기, 스프레드시트)", "quizlet": "Quizlet 가져오기용 텍스트",
        "empty": "이 폴더에는 아직 만든 책이 없습니다.", "paper": " ({paper})",
        "choices": "보기", "choice_check": "채점",
        "choice_several": "정답이 여러 개입니다. 모두 고른 뒤 ‘채점’을 누르세요.",
    },
    "ar": {
        "skip": "انتقل إلى المحتوى", "library": "المكتبة", "read": "اقرأ", "study": "ذاكر",
        "site_nav": "الموقع", "downloads": "التنزيلات",
        "language": "اللغة: ", "chapters": "فصول",
        "library_title": "بنوك الأسئلة",
        "library_intro": "كتيّبات للطباعة وكتب إلكترونية للقراءة وبطاقات للمراجعة، من مصدر واحد.",
        "study_title": "المذاكرة", "study_app": "بطاقات المذاكرة", "tag": "الوسم",
        "all_tags": "كل الوسوم",
        "shuffle": "خلط", "reset": "مسح التقدم", "reveal": "عرض الإجابة",
        "previous": "السابق", "next": "التالي", "known": "أعرفه", "again": "مرة أخرى",
        "which": "البطاقات", "which_all": "الكل", "which_due": "المستحقة اليوم",
        "which_unknown": "لم أحفظها بعد", "round_done": "انتهت الجولة",
        "again_list": "المعلَّمة «مرة أخرى»", "study_again": "ذاكر هذه مرة أخرى",
        "new_round": "جولة جديدة",
        "shortcuts": "المفاتيح: المسافة تعرض الإجابة · ثم A أو 1 «مرة أخرى»، وK أو 2 «أعرفه» · "
                     "← → للرجوع والتقدم · S للخلط", "answer": "الإجابة", "footnotes": "الحواشي",
        "study_link": "ذاكر هذه الأسئلة كبطاقات", "made_with": "صُنع باستخدام cuebook",
        "no_js": "دون JavaScript تُعرض الأسئلة أدناه؛ افتح كل إجابة.",
        "pdf": "كتيّب PDF", "epub": "كتاب EPUB إلكتروني", "epub-quiz": "EPUB نسخة الاختبار الذاتي",
        "cards": "بطاقات، طباعة على الوجهين", "cards-fold": "بطاقات للطي",
        "cards-calibration": "صفحة معايرة البطاقات", "anki": "مجموعة Anki",
        "tsv": "TSV (استيراد نص إلى Anki، جداول البيانات)",
        "quizlet": "نص عادي للاستيراد في Quizlet",
        "empty": "لم يُنشأ أي كتاب في هذا المجلد بعد.", "paper": " ({paper})",
        "choices": "الخيارات", "choice_check": "تحقق",
        "choice_several": "أكثر من خيار صحيح: اختر كلًّا منها ثم «تحقق».",
    },
    "he": {
        "skip": "דילוג לתוכן", "library": "ספרייה", "read": "קריאה", "study": "תרגול",
        "site_nav": "האתר", "downloads": "הורדות",
        "language": "שפה: ", "chapters": "פרקים",
        "library_title": "מאגרי שאלות",
        "library_intro": "חוברות להדפסה, ספרים אלקטרוניים לקריאה וכרטיסיות לתרגול, ממקור אחד.",
        "study_title": "תרגול", "study_app": "כרטיסיות תרגול", "tag": "תגית",
        "all_tags": "כל התגיות",
        "shuffle": "ערבוב", "reset": "מחיקת ההתקדמות", "reveal": "הצגת התשובה",
        "previous": "הקודם", "next": "הבא", "known": "יודע/ת", "again": "שוב",
        "which": "כרטיסיות", "which_all": "הכול", "which_due": "לחזרה היום",
        "which_unknown": "עוד לא ידועות", "round_done": "הסבב הסתיים",
        "again_list": "סומנו „שוב”", "study_again": "תרגול שלהן שוב",
        "new_round": "סבב חדש",
        "shortcuts": "מקשים: רווח מציג את התשובה · אחר כך A או 1 „שוב”, K או 2 „יודע/ת” · "
                     "← → אחורה וקדימה · S ערבוב", "answer": "תשובה", "footnotes": "הערות",
        "study_link": "תרגול השאלות האלה בכרטיסיות", "made_with": "נוצר באמצעות cuebook",
        "no_js": "בלי JavaScript השאלות מוצגות למטה; פתחו כל תשובה.",
        "pdf": "חוברת PDF", "epub": "ספר אלקטרוני EPUB", "epub-quiz": "EPUB מהדורת תרגול עצמי",
        "cards": "כרטיסיות, הדפסה דו־צדדית", "cards-fold": "כרטיסיות לקיפול",
        "cards-calibration": "דף כיול לכרטיסיות", "anki": "חפיסת Anki",
        "tsv": "TSV (ייבוא טקסט ל־Anki, גיליונות)", "quizlet": "טקסט לייבוא ל־Quizlet",
        "empty": "עדיין לא נבנו ספרים בתיקייה הזו.", "paper": " ({paper})",
        "choices": "אפשרויות", "choice_check": "בדיקה",
        "choice_several": "יותר מאפשרות אחת נכונה: בחרו את כולן ואז „בדיקה”.",
    },
    "fa": {
        "skip": "رفتن به محتوا", "library": "کتابخانه", "read": "خواندن", "study": "مرور",
        "site_nav": "سایت", "downloads": "دریافت‌ها",
        "language": "زبان: ", "chapters": "فصل",
        "library_title": "بانک‌های سؤال",
        "library_intro": "جزوه برای چاپ، کتاب الکترونیکی برای خواندن و کارت برای تمرین، همه از یک "
                         "منبع.",
        "study_title": "مرور", "study_app": "کارت‌های مرور", "tag": "برچسب",
        "all_tags": "همهٔ برچسب‌ها",
        "shuffle": "بُر زدن", "reset": "پاک کردن پیشرفت", "reveal": "نمایش پاسخ",
        "previous": "قبلی", "next": "بعدی", "known": "بلدم", "again": "دوباره",
        "which": "کارت‌ها", "which_all": "همه", "which_due": "نوبت امروز",
        "which_unknown": "هنوز بلد نیستم", "round_done": "این دور تمام شد",
        "again_list": "علامت‌خورده با «دوباره»", "study_again": "مرور دوبارهٔ این‌ها",
        "new_round": "دور تازه",
        "shortcuts": "کلیدها: فاصله پاسخ را نشان می‌دهد · سپس A یا 1 «دوباره»، K یا 2 «بلدم» · "
                     "← → عقب و جلو · S بُر زدن", "answer": "پاسخ", "footnotes": "پانوشت‌ها",
        "study_link": "مرور این سؤال‌ها با کارت", "made_with": "ساخته‌شده با cuebook",
        "no_js": "بدون JavaScript سؤال‌ها در پایین فهرست شده‌اند؛ هر پاسخ را باز کنید.",
        "pdf": "جزوهٔ PDF", "epub": "کتاب الکترونیکی EPUB", "epub-quiz": "EPUB نسخهٔ خودآزمایی",
        "cards": "کارت‌ها، چاپ دورو", "cards-fold": "کارت‌های تاشو",
        "cards-calibration": "صفحهٔ تنظیم کارت‌ها", "anki": "دستهٔ Anki",
        "tsv": "TSV (ورود متن به Anki، صفحه‌گسترده‌ها)",
        "quizlet": "متن ساده برای ورود به Quizlet",
        "empty": "هنوز هیچ کتابی در این پوشه ساخته نشده است.", "paper": " ({paper})",
        "choices": "گزینه‌ها", "choice_check": "بررسی",
        "choice_several": "بیش از یک گزینه درست است: همه را انتخاب کنید، سپس «بررسی».",
    },
    "ur": {
        "skip": "مواد پر جائیں", "library": "کتب خانہ", "read": "پڑھیں", "study": "مشق",
        "site_nav": "سائٹ", "downloads": "ڈاؤن لوڈ",
        "language": "زبان: ", "chapters": "ابواب",
        "library_title": "سوالات کے ذخیرے",
        "library_intro": "چھاپنے کے لیے کتابچے، پڑھنے کے لیے ای بکس اور مشق کے لیے کارڈ، سب ایک ہی "
                         "ماخذ سے۔",
        "study_title": "مشق", "study_app": "مشق کے کارڈ", "tag": "ٹیگ",
        "all_tags": "تمام ٹیگ",
        "shuffle": "ترتیب بدلیں", "reset": "پیش رفت مٹائیں", "reveal": "جواب دکھائیں",
        "previous": "پچھلا", "next": "اگلا", "known": "یاد ہے", "again": "دوبارہ",
        "which": "کارڈ", "which_all": "سب", "which_due": "آج کی باری",
        "which_unknown": "ابھی یاد نہیں", "round_done": "دور مکمل",
        "again_list": "“دوبارہ” والے", "study_again": "انہیں دوبارہ دہرائیں",
        "new_round": "نیا دور",
        "shortcuts": "کلیدیں: اسپیس جواب دکھاتی ہے · پھر A یا 1 “دوبارہ”، K یا 2 “یاد ہے” · "
                     "← → پیچھے اور آگے · S ترتیب بدلیں", "answer": "جواب", "footnotes": "حواشی",
        "study_link": "کارڈز کے ذریعے ان سوالات کی مشق کریں", "made_with": "cuebook سے تیار کردہ",
        "no_js": "JavaScript کے بغیر سوالات نیچے درج ہیں؛ ہر جواب کھول کر دیکھیں۔",
        "pdf": "PDF کتابچہ", "epub": "EPUB ای بک", "epub-quiz": "EPUB خود آزمائی کا نسخہ",
        "cards": "کارڈ، دو رخی چھپائی", "cards-fold": "تہ کرنے والے کارڈ",
        "cards-calibration": "کارڈز کی سیدھ کا صفحہ", "anki": "Anki ڈیک",
        "tsv": "TSV (Anki میں متن کی درآمد، اسپریڈشیٹ)",
        "quizlet": "Quizlet میں درآمد کے لیے سادہ متن",
        "empty": "اس فولڈر میں ابھی کوئی کتاب نہیں بنائی گئی۔", "paper": " ({paper})",
        "choices": "اختیارات", "choice_check": "جانچیں",
        "choice_several": "ایک سے زیادہ اختیارات درست ہیں: ہر ایک کو منتخب کریں، پھر “جانچیں”۔",
    },
    "th": {
        "skip": "ข้ามไปยังเนื้อหา", "library": "คลังหนังสือ", "read": "อ่าน", "study": "ทบทวน",
        "site_nav": "เว็บไซต์", "downloads": "ดาวน์โหลด",
        "language": "ภาษา: ", "chapters": "บท",
        "library_title": "คลังข้อสอบ",
        "library_intro": "เอกสารสำหรับพิมพ์ อีบุ๊กสำหรับอ่าน และบัตรคำสำหรับฝึก จากต้นฉบับเดียวกัน",
        "study_title": "ทบทวน", "study_app": "บัตรคำทบทวน", "tag": "แท็ก", "all_tags": "ทุกแท็ก",
        "shuffle": "สลับลำดับ", "reset": "ล้างความคืบหน้า", "reveal": "แสดงคำตอบ",
        "previous": "ก่อนหน้า", "next": "ถัดไป", "known": "จำได้แล้ว", "again": "อีกครั้ง",
        "which": "บัตร", "which_all": "ทั้งหมด", "which_due": "ถึงกำหนดวันนี้",
        "which_unknown": "ยังจำไม่ได้", "round_done": "จบรอบนี้แล้ว",
        "again_list": "ที่ทำเครื่องหมายว่าอีกครั้ง", "study_again": "ทบทวนข้อเหล่านี้อีกครั้ง",
        "new_round": "เริ่มรอบใหม่",
        "shortcuts": "ปุ่มลัด: Space แสดงคำตอบ · จากนั้น A หรือ 1 อีกครั้ง, K หรือ 2 จำได้แล้ว · "
                     "← → ย้อนกลับและไปต่อ · S สลับลำดับ", "answer": "คำตอบ",
        "footnotes": "เชิงอรรถ",
        "study_link": "ทบทวนคำถามเหล่านี้ด้วยบัตรคำ", "made_with": "สร้างด้วย cuebook",
        "no_js": "เมื่อไม่มี JavaScript คำถามทั้งหมดจะแสดงด้านล่าง เปิดดูคำตอบแต่ละข้อได้",
        "pdf": "เอกสาร PDF", "epub": "อีบุ๊ก EPUB", "epub-quiz": "EPUB ฉบับทดสอบตัวเอง",
        "cards": "บัตรคำ พิมพ์สองหน้า", "cards-fold": "บัตรคำ แบบพับ",
        "cards-calibration": "แผ่นปรับตำแหน่งบัตรคำ", "anki": "สำรับ Anki",
        "tsv": "TSV (นำเข้าข้อความใน Anki, สเปรดชีต)", "quizlet": "ข้อความสำหรับนำเข้า Quizlet",
        "empty": "ยังไม่มีหนังสือที่สร้างไว้ในโฟลเดอร์นี้", "paper": " ({paper})",
        "choices": "ตัวเลือก", "choice_check": "ตรวจคำตอบ",
        "choice_several": "มีตัวเลือกที่ถูกมากกว่าหนึ่งข้อ เลือกให้ครบแล้วกด “ตรวจคำตอบ”",
    },
    "ru": {
        "skip": "Перейти к содержанию", "library": "Библиотека", "read": "Читать",
        "study": "Учить", "site_nav": "Сайт", "downloads": "Скачать",
        "language": "Язык: ",
        "chapters": "главы",
        "library_title": "Сборники вопросов",
        "library_intro": "Пособия для печати, электронные книги для чтения и карточки для "
                         "тренировки — из одного источника.",
        "study_title": "Учить", "study_app": "Карточки", "tag": "Тег", "all_tags": "Все теги",
        "shuffle": "Перемешать", "reset": "Сбросить прогресс", "reveal": "Показать ответ",
        "previous": "Назад", "next": "Дальше", "known": "Знаю", "again": "Ещё раз",
        "which": "Карточки", "which_all": "Все", "which_due": "На сегодня",
        "which_unknown": "Ещё не выучены", "round_done": "Круг пройден",
        "again_list": "Отмечены «Ещё раз»", "study_again": "Повторить эти",
        "new_round": "Новый круг",
        "shortcuts": "Клавиши: пробел показывает ответ · затем A или 1 — ещё раз, K или 2 — "
                     "знаю · ← → назад и вперёд · S — перемешать", "answer": "Ответ",
        "footnotes": "Примечания",
        "study_link": "Учить эти вопросы по карточкам", "made_with": "Сделано в cuebook",
        "no_js": "Без JavaScript вопросы перечислены ниже; раскройте каждый ответ.",
        "pdf": "Пособие PDF", "epub": "Электронная книга EPUB",
        "epub-quiz": "EPUB для самопроверки",
        "cards": "Карточки, двусторонняя печать", "cards-fold": "Карточки, сгиб",
        "cards-calibration": "Лист калибровки карточек", "anki": "Колода Anki",
        "tsv": "TSV (импорт текста в Anki, таблицы)", "quizlet": "Текст для импорта в Quizlet",
        "empty": "В этой папке ещё не собрано ни одной книги.", "paper": " ({paper})",
        "choices": "Варианты", "choice_check": "Проверить",
        "choice_several": "Верных вариантов несколько: отметьте все, затем нажмите «Проверить».",
    },
    "es": {
        "skip": "Saltar al contenido", "library": "Biblioteca", "read": "Leer",
        "study": "Estudiar", "site_nav": "Sitio", "downloads": "Descargas",
        "language": "Idioma: ",
        "chapters": "capítulos",
        "library_title": "Bancos de preguntas",
        "library_intro": "Apuntes para imprimir, libros electrónicos para leer y tarjetas para "
                         "practicar, hechos de una misma fuente.",
        "study_title": "Estudiar", "study_app": "Tarjetas de estudio", "tag": "Etiqueta",
        "all_tags": "Todas las etiquetas",
        "shuffle": "Barajar", "reset": "Borrar el progreso", "reveal": "Mostrar respuesta",
        "previous": "Anterior", "next": "Siguiente", "known": "Me la sé", "again": "Otra vez",
        "which": "Tarjetas", "which_all": "Todas", "which_due": "Para hoy",
        "which_unknown": "Aún no sabidas", "round_done": "Ronda terminada",
        "again_list": "Marcadas «Otra vez»", "study_again": "Estudiar estas otra vez",
        "new_round": "Nueva ronda",
        "shortcuts": "Teclas: Espacio muestra la respuesta · luego A o 1 otra vez, K o 2 me la "
                     "sé · ← → atrás y adelante · S barajar", "answer": "Respuesta",
        "footnotes": "Notas",
        "study_link": "Estudiar estas preguntas con tarjetas", "made_with": "Hecho con cuebook",
        "no_js": "Sin JavaScript las preguntas se listan abajo; abre cada respuesta.",
        "pdf": "Apuntes en PDF", "epub": "Libro electrónico EPUB",
        "epub-quiz": "EPUB de autoevaluación",
        "cards": "Tarjetas, a doble cara", "cards-fold": "Tarjetas, plegadas",
        "cards-calibration": "Hoja de calibración de tarjetas", "anki": "Mazo de Anki",
        "tsv": "TSV (importación de texto en Anki, hojas de cálculo)",
        "quizlet": "Importación a Quizlet (texto plano)",
        "empty": "Todavía no se ha generado ningún libro en esta carpeta.", "paper": " ({paper})",
        "choices": "Opciones", "choice_check": "Comprobar",
        "choice_several": "Hay más de una opción correcta: marca todas y pulsa «Comprobar».",
    },
    "fr": {
        "skip": "Aller au contenu", "library": "Bibliothèque", "read": "Lire",
        "study": "Réviser", "site_nav": "Site", "downloads": "Téléchargements",
        "language": "Langue\u00a0: ",
        "chapters": "chapitres",
        "library_title": "Banques de questions",
        "library_intro": "Des polycopiés à imprimer, des livres numériques à lire et des fiches "
                         "à réviser, tirés d’une même source.",
        "study_title": "Réviser", "study_app": "Fiches de révision", "tag": "Étiquette",
        "all_tags": "Toutes les étiquettes",
        "shuffle": "Mélanger", "reset": "Effacer la progression",
        "reveal": "Afficher la réponse",
        "previous": "Précédente", "next": "Suivante", "known": "Je sais", "again": "À revoir",
        "which": "Fiches", "which_all": "Toutes", "which_due": "À revoir aujourd’hui",
        "which_unknown": "Pas encore sues", "round_done": "Tour terminé",
        "again_list": "Marquées «\u00a0À revoir\u00a0»", "study_again": "Revoir celles-ci",
        "new_round": "Nouveau tour",
        "shortcuts": "Touches\u00a0: Espace affiche la réponse · puis A ou 1 à revoir, K ou 2 je "
                     "sais · ← → précédente et suivante · S mélanger", "answer": "Réponse",
        "footnotes": "Notes",
        "study_link": "Réviser ces questions sur fiches", "made_with": "Fait avec cuebook",
        "no_js": "Sans JavaScript, les questions sont listées ci-dessous\u202f; ouvrez chaque "
                 "réponse.",
        "pdf": "Polycopié PDF", "epub": "Livre numérique EPUB",
        "epub-quiz": "EPUB d’autoévaluation",
        "cards": "Fiches, recto verso", "cards-fold": "Fiches à plier",
        "cards-calibration": "Page de calibrage des fiches", "anki": "Paquet Anki",
        "tsv": "TSV (import de texte dans Anki, tableurs)",
        "quizlet": "Import Quizlet (texte brut)",
        "empty": "Aucun livre n’a encore été produit dans ce dossier.", "paper": " ({paper})",
        "choices": "Options", "choice_check": "Vérifier",
        "choice_several": "Plusieurs options sont justes\u00a0: cochez-les toutes, puis "
                          "«\u00a0Vérifier\u00a0».",
    },
    "de": {
        "skip": "Zum Inhalt springen", "library": "Bibliothek", "read": "Lesen",
        "study": "Lernen", "site_nav": "Website", "downloads": "Downloads",
        "language": "Sprache: ",
        "chapters": "Kapitel",
        "library_title": "Fragensammlungen",
        "library_intro": "Handouts zum Drucken, E-Books zum Lesen und Karteikarten zum Üben, "
                         "aus einer Quelle.",
        "study_title": "Lernen", "study_app": "Lernkarten", "tag": "Schlagwort",
        "all_tags": "Alle Schlagwörter",
        "shuffle": "Mischen", "reset": "Fortschritt löschen", "reveal": "Antwort zeigen",
        "previous": "Zurück", "next": "Weiter", "known": "Kann ich", "again": "Nochmal",
        "which": "Karten", "which_all": "Alle", "which_due": "Heute fällig",
        "which_unknown": "Noch nicht gekonnt", "round_done": "Runde beendet",
        "again_list": "Als „Nochmal“ markiert", "study_again": "Diese nochmal lernen",
        "new_round": "Neue Runde",
        "shortcuts": "Tasten: Leertaste zeigt die Antwort · dann A oder 1 nochmal, K oder 2 kann "
                     "ich · ← → zurück und weiter · S mischen", "answer": "Antwort",
        "footnotes": "Anmerkungen",
        "study_link": "Diese Fragen mit Karten lernen", "made_with": "Erstellt mit cuebook",
        "no_js": "Ohne JavaScript stehen die Fragen unten; öffnen Sie jede Antwort.",
        "pdf": "PDF-Handout", "epub": "EPUB-E-Book", "epub-quiz": "EPUB-Selbsttest-Ausgabe",
        "cards": "Karteikarten, beidseitig", "cards-fold": "Karteikarten zum Falten",
        "cards-calibration": "Kalibrierblatt für Karten", "anki": "Anki-Stapel",
        "tsv": "TSV (Textimport in Anki, Tabellen)", "quizlet": "Quizlet-Import (reiner Text)",
        "empty": "In diesem Ordner wurden noch keine Bücher erstellt.", "paper": " ({paper})",
        "choices": "Optionen", "choice_check": "Prüfen",
        "choice_several": "Mehr als eine Option ist richtig: Wählen Sie alle, dann „Prüfen“.",
    },
    "pt": {
        "skip": "Pular para o conteúdo", "library": "Biblioteca", "read": "Ler",
        "study": "Estudar", "site_nav": "Site", "downloads": "Downloads",
        "language": "Idioma: ",
        "chapters": "capítulos",
        "library_title": "Bancos de perguntas",
        "library_intro": "Apostilas para imprimir, e-books para ler e cartões para praticar, "
                         "feitos de uma única fonte.",
        "study_title": "Estudar", "study_app": "Cartões de estudo", "tag": "Etiqueta",
        "all_tags": "Todas as etiquetas",
        "shuffle": "Embaralhar", "reset": "Apagar o progresso", "reveal": "Mostrar resposta",
        "previous": "Anterior", "next": "Próxima", "known": "Já sei", "again": "De novo",
        "which": "Cartões", "which_all": "Todos", "which_due": "Para hoje",
        "which_unknown": "Ainda não sei", "round_done": "Rodada concluída",
        "again_list": "Marcados “De novo”", "study_again": "Estudar estes de novo",
        "new_round": "Nova rodada",
        "shortcuts": "Teclas: Espaço mostra a resposta · depois A ou 1 de novo, K ou 2 já sei · "
                     "← → voltar e avançar · S embaralhar", "answer": "Resposta",
        "footnotes": "Notas",
        "study_link": "Estudar estas perguntas com cartões", "made_with": "Feito com cuebook",
        "no_js": "Sem JavaScript as perguntas aparecem abaixo; abra cada resposta.",
        "pdf": "Apostila em PDF", "epub": "E-book EPUB", "epub-quiz": "EPUB de autoavaliação",
        "cards": "Cartões, frente e verso", "cards-fold": "Cartões para dobrar",
        "cards-calibration": "Folha de calibração dos cartões", "anki": "Baralho do Anki",
        "tsv": "TSV (importação de texto no Anki, planilhas)",
        "quizlet": "Importação no Quizlet (texto simples)",
        "empty": "Ainda não há livros gerados nesta pasta.", "paper": " ({paper})",
        "choices": "Opções", "choice_check": "Conferir",
        "choice_several": "Há mais de uma opção certa: marque todas e depois “Conferir”.",
    },
}

#: The site's study page (its script reads them as JSON).
_STUDY: dict[str, dict[str, str]] = {
    "en": {
        "position": "Card {n} of {total}", "known": "Know it", "again": "Again",
        "reveal": "Show answer", "hide": "Hide answer",
        "shuffled": "Shuffled", "in_order": "In order", "none": "No questions match.",
        "marked_known": "Know it: out of this round", "marked_again": "Again: back later",
        "counts": "Left {left} · Know it {good} · Again {again}",
        "new": "New", "known_box": "Know it · box {box} · next {due}",
        "round_done": "Round done", "new_round": "New round",
        "summary": "{total} cards: know it {good}, again {again}.",
        "confirm_reset": "Clear the study progress of every card of this book?",
        "cleared": "Progress cleared",
    },
    "zh": {
        "position": "第 {n} / {total} 题", "known": "记住了", "again": "再来一次",
        "reveal": "显示答案", "hide": "隐藏答案",
        "shuffled": "已打乱顺序", "in_order": "按原顺序", "none": "没有符合条件的题目",
        "marked_known": "记住了：本轮不再出现", "marked_again": "再来一次：稍后再出现",
        "counts": "剩余 {left} · 记住了 {good} · 再来一次 {again}",
        "new": "新题", "known_box": "记住了 · 第 {box} 盒 · 下次 {due}",
        "round_done": "本轮完成", "new_round": "新一轮",
        "summary": "共 {total} 题：记住了 {good}，再来一次 {again}。",
        "confirm_reset": "清除本书所有卡片的学习记录？", "cleared": "学习记录已清除",
    },
    "ja": {
        "position": "{total} 枚中 {n} 枚目", "known": "覚えた", "again": "もう一度",
        "reveal": "解答を表示", "hide": "解答を隠す",
        "shuffled": "シャッフルしました", "in_order": "元の順番",
        "none": "該当する問題はありません。",
        "marked_known": "覚えた：このラウンドから外します",
        "marked_again": "もう一度：あとでまた出します",
        "counts": "残り {left} · 覚えた {good} · もう一度 {again}",
        "new": "新規", "known_box": "覚えた · ボックス {box} · 次回 {due}",
        "round_done": "このラウンドは終了", "new_round": "新しいラウンド",
        "summary": "全 {total} 枚：覚えた {good}、もう一度 {again}。",
        "confirm_reset": "この本のすべてのカードの学習記録を消去しますか？",
        "cleared": "学習記録を消去しました",
    },
    "ko": {
        "position": "{total}장 중 {n}번째", "known": "알아요", "again": "다시",
        "reveal": "답변 보기", "hide": "답변 숨기기",
        "shuffled": "섞었습니다", "in_order": "원래 순서", "none": "조건에 맞는 문제가 없습니다.",
        "marked_known": "알아요: 이번 라운드에서 뺍니다",
        "marked_again": "다시: 나중에 또 나옵니다",
        "counts": "남은 카드 {left} · 알아요 {good} · 다시 {again}",
        "new": "새 카드", "known_box": "알아요 · {box}번 상자 · 다음 {due}",
        "round_done": "이번 라운드 끝", "new_round": "새 라운드",
        "summary": "카드 {total}장: 알아요 {good}, 다시 {again}.",
        "confirm_reset": "이 책의 모든 카드 학습 기록을 지울까요?",
        "cleared": "학습 기록을 지웠습니다",
    },
    "ar": {
        "position": "البطاقة {n} من {total}", "known": "أعرفه", "again": "مرة أخرى",
        "reveal": "عرض الإجابة", "hide": "إخفاء الإجابة",
        "shuffled": "تم الخلط", "in_order": "بالترتيب", "none": "لا أسئلة مطابقة.",
        "marked_known": "أعرفه: خارج هذه الجولة", "marked_again": "مرة أخرى: تعود لاحقًا",
        "counts": "المتبقي {left} · أعرفه {good} · مرة أخرى {again}",
        "new": "جديدة", "known_box": "أعرفه · الصندوق {box} · التالية {due}",
        "round_done": "انتهت الجولة", "new_round": "جولة جديدة",
        "summary": "عدد البطاقات: {total}؛ أعرفه {good}، مرة أخرى {again}.",
        "confirm_reset": "أتمسح تقدم المذاكرة لكل بطاقات هذا الكتاب؟",
        "cleared": "مُسح التقدم",
    },
    "he": {
        "position": "כרטיסייה {n} מתוך {total}", "known": "יודע/ת", "again": "שוב",
        "reveal": "הצגת התשובה", "hide": "הסתרת התשובה",
        "shuffled": "עורבב", "in_order": "לפי הסדר", "none": "אין שאלות מתאימות.",
        "marked_known": "יודע/ת: יוצאת מהסבב", "marked_again": "שוב: תחזור בהמשך",
        "counts": "נותרו {left} · יודע/ת {good} · שוב {again}",
        "new": "חדשה", "known_box": "יודע/ת · תיבה {box} · הבאה {due}",
        "round_done": "הסבב הסתיים", "new_round": "סבב חדש",
        "summary": "כרטיסיות: {total}; יודע/ת {good}, שוב {again}.",
        "confirm_reset": "למחוק את התקדמות התרגול של כל הכרטיסיות בספר הזה?",
        "cleared": "ההתקדמות נמחקה",
    },
    "fa": {
        "position": "کارت {n} از {total}", "known": "بلدم", "again": "دوباره",
        "reveal": "نمایش پاسخ", "hide": "پنهان کردن پاسخ",
        "shuffled": "بُر خورد", "in_order": "به ترتیب", "none": "هیچ سؤالی پیدا نشد.",
        "marked_known": "بلدم: از این دور بیرون رفت", "marked_again": "دوباره: بعداً برمی‌گردد",
        "counts": "مانده {left} · بلدم {good} · دوباره {again}",
        "new": "تازه", "known_box": "بلدم · جعبهٔ {box} · نوبت بعد {due}",
        "round_done": "این دور تمام شد", "new_round": "دور تازه",
        "summary": "{total} کارت: بلدم {good}، دوباره {again}.",
        "confirm_reset": "پیشرفت مرور همهٔ کارت‌های این کتاب پاک شود؟",
        "cleared": "پیشرفت پاک شد",
    },
    "ur": {
        "position": "{total} میں سے کارڈ {n}", "known": "یاد ہے", "again": "دوبارہ",
        "reveal": "جواب دکھائیں", "hide": "جواب چھپائیں",
        "shuffled": "ترتیب بدل دی گئی", "in_order": "ترتیب وار",
        "none": "کوئی سوال مطابقت نہیں رکھتا۔",
        "marked_known": "یاد ہے: اس دور سے باہر", "marked_again": "دوبارہ: بعد میں پھر آئے گا",
        "counts": "باقی {left} · یاد ہے {good} · دوبارہ {again}",
        "new": "نیا", "known_box": "یاد ہے · خانہ {box} · اگلی باری {due}",
        "round_done": "دور مکمل", "new_round": "نیا دور",
        "summary": "{total} کارڈ: یاد ہے {good}، دوبارہ {again}۔",
        "confirm_reset": "کیا اس کتاب کے تمام کارڈز کی پیش رفت مٹا دی جائے؟",
        "cleared": "پیش رفت مٹا دی گئی",
    },
    "th": {
        "position": "บัตรที่ {n} จาก {total}", "known": "จำได้แล้ว", "again": "อีกครั้ง",
        "reveal": "แสดงคำตอบ", "hide": "ซ่อนคำตอบ",
        "shuffled": "สลับลำดับแล้ว", "in_order": "ตามลำดับเดิม", "none": "ไม่มีคำถามที่ตรงเงื่อนไข",
        "marked_known": "จำได้แล้ว: ออกจากรอบนี้", "marked_again": "อีกครั้ง: จะกลับมาอีกภายหลัง",
        "counts": "เหลือ {left} · จำได้แล้ว {good} · อีกครั้ง {again}",
        "new": "ใหม่", "known_box": "จำได้แล้ว · กล่อง {box} · ครั้งถัดไป {due}",
        "round_done": "จบรอบนี้แล้ว", "new_round": "เริ่มรอบใหม่",
        "summary": "บัตร {total} ใบ: จำได้แล้ว {good} อีกครั้ง {again}",
        "confirm_reset": "ล้างความคืบหน้าการทบทวนของบัตรทุกใบในหนังสือเล่มนี้หรือไม่",
        "cleared": "ล้างความคืบหน้าแล้ว",
    },
    "ru": {
        "position": "Карточка {n} из {total}", "known": "Знаю", "again": "Ещё раз",
        "reveal": "Показать ответ", "hide": "Скрыть ответ",
        "shuffled": "Перемешано", "in_order": "По порядку", "none": "Подходящих вопросов нет.",
        "marked_known": "Знаю: вне этого круга", "marked_again": "Ещё раз: вернётся позже",
        "counts": "Осталось {left} · Знаю {good} · Ещё раз {again}",
        "new": "Новая", "known_box": "Знаю · ящик {box} · дальше {due}",
        "round_done": "Круг пройден", "new_round": "Новый круг",
        "summary": "Карточек: {total}; знаю — {good}, ещё раз — {again}.",
        "confirm_reset": "Сбросить прогресс всех карточек этой книги?",
        "cleared": "Прогресс сброшен",
    },
    "es": {
        "position": "Tarjeta {n} de {total}", "known": "Me la sé", "again": "Otra vez",
        "reveal": "Mostrar respuesta", "hide": "Ocultar respuesta",
        "shuffled": "Barajadas", "in_order": "En orden", "none": "Ninguna pregunta coincide.",
        "marked_known": "Me la sé: fuera de esta ronda", "marked_again": "Otra vez: vuelve luego",
        "counts": "Quedan {left} · Me la sé {good} · Otra vez {again}",
        "new": "Nueva", "known_box": "Me la sé · caja {box} · próxima {due}",
        "round_done": "Ronda terminada", "new_round": "Nueva ronda",
        "summary": "Tarjetas: {total}; me la sé {good}, otra vez {again}.",
        "confirm_reset": "¿Borrar el progreso de estudio de todas las tarjetas de este libro?",
        "cleared": "Progreso borrado",
    },
    "fr": {
        "position": "Fiche {n} sur {total}", "known": "Je sais", "again": "À revoir",
        "reveal": "Afficher la réponse", "hide": "Masquer la réponse",
        "shuffled": "Mélangées", "in_order": "Dans l’ordre",
        "none": "Aucune question ne correspond.",
        "marked_known": "Je sais\u00a0: hors de ce tour",
        "marked_again": "À revoir\u00a0: elle reviendra plus tard",
        "counts": "Restantes {left} · Je sais {good} · À revoir {again}",
        "new": "Nouvelle", "known_box": "Je sais · boîte {box} · prochaine {due}",
        "round_done": "Tour terminé", "new_round": "Nouveau tour",
        "summary": "Fiches\u00a0: {total}\u202f; je sais {good}, à revoir {again}.",
        "confirm_reset": "Effacer la progression de toutes les fiches de ce livre\u202f?",
        "cleared": "Progression effacée",
    },
    "de": {
        "position": "Karte {n} von {total}", "known": "Kann ich", "again": "Nochmal",
        "reveal": "Antwort zeigen", "hide": "Antwort verbergen",
        "shuffled": "Gemischt", "in_order": "Der Reihe nach", "none": "Keine Frage passt.",
        "marked_known": "Kann ich: raus aus dieser Runde",
        "marked_again": "Nochmal: kommt später wieder",
        "counts": "Übrig {left} · Kann ich {good} · Nochmal {again}",
        "new": "Neu", "known_box": "Kann ich · Fach {box} · nächste {due}",
        "round_done": "Runde beendet", "new_round": "Neue Runde",
        "summary": "Karten: {total}; kann ich {good}, nochmal {again}.",
        "confirm_reset": "Den Lernfortschritt aller Karten dieses Buchs löschen?",
        "cleared": "Fortschritt gelöscht",
    },
    "pt": {
        "position": "Cartão {n} de {total}", "known": "Já sei", "again": "De novo",
        "reveal": "Mostrar resposta", "hide": "Ocultar resposta",
        "shuffled": "Embaralhados", "in_order": "Em ordem", "none": "Nenhuma pergunta corresponde.",
        "marked_known": "Já sei: fora desta rodada", "marked_again": "De novo: volta mais tarde",
        "counts": "Restam {left} · Já sei {good} · De novo {again}",
        "new": "Novo", "known_box": "Já sei · caixa {box} · próxima {due}",
        "round_done": "Rodada concluída", "new_round": "Nova rodada",
        "summary": "Cartões: {total}; já sei {good}, de novo {again}.",
        "confirm_reset": "Apagar o progresso de estudo de todos os cartões deste livro?",
        "cleared": "Progresso apagado",
    },
}

#: The study page's words for multiple-choice questions, added to the script's words only in a
#: book that has such questions.
_CHOICE_STUDY: dict[str, dict[str, str]] = {
    "en": {
        "choice_right": "✓ Right.", "choice_wrong": "✗ Wrong. The answer is {key}.",
        "mark_picked_right": "✓ your pick, right", "mark_right": "✓ right answer",
        "mark_picked_wrong": "✗ your pick, wrong", "key_separator": ", ",
        "choice_counted_known": "Counted as “Know it”.",
        "choice_counted_again": "Counted as “Again”: it comes back later in this round.",
    },
    "zh": {
        "choice_right": "✓ 答对了。", "choice_wrong": "✗ 答错了。正确答案是 {key}。",
        "mark_picked_right": "✓ 你的选择，正确", "mark_right": "✓ 正确答案",
        "mark_picked_wrong": "✗ 你的选择，错误", "key_separator": "、",
        "choice_counted_known": "已记为“记住了”。",
        "choice_counted_again": "已记为“再来一次”：本轮稍后会再出现。",
    },
    "ja": {
        "choice_right": "✓ 正解です。", "choice_wrong": "✗ 不正解です。正解は {key} です。",
        "mark_picked_right": "✓ あなたの選択、正解", "mark_right": "✓ 正解",
        "mark_picked_wrong": "✗ あなたの選択、不正解", "key_separator": "、",
        "choice_counted_known": "「覚えた」として数えました。",
        "choice_counted_again": "「もう一度」として数えました。このラウンドのあとでまた出ます。",
    },
    "ko": {
        "choice_right": "✓ 정답입니다.", "choice_wrong": "✗ 틀렸습니다. 정답은 {key}입니다.",
        "mark_picked_right": "✓ 내 선택, 정답", "mark_right": "✓ 정답",
        "mark_picked_wrong": "✗ 내 선택, 오답", "key_separator": ", ",
        "choice_counted_known": "‘알아요’로 기록했습니다.",
        "choice_counted_again": "‘다시’로 기록했습니다. 이번 라운드에서 나중에 또 나옵니다.",
    },
    "ar": {
        "choice_right": "✓ صحيح.", "choice_wrong": "✗ خطأ. الإجابة هي {key}.",
        "mark_picked_right": "✓ اختيارك، صحيح", "mark_right": "✓ الإجابة الصحيحة",
        "mark_picked_wrong": "✗ اختيارك، خطأ", "key_separator": "، ",
        "choice_counted_known": "حُسبت «أعرفه».",
        "choice_counted_again": "حُسبت «مرة أخرى»: تعود لاحقًا في هذه الجولة.",
    },
    "he": {
        "choice_right": "✓ נכון.", "choice_wrong": "✗ לא נכון. התשובה היא {key}.",
        "mark_picked_right": "✓ הבחירה שלך, נכונה", "mark_right": "✓ התשובה הנכונה",
        "mark_picked_wrong": "✗ הבחירה שלך, שגויה", "key_separator": ", ",
        "choice_counted_known": "נספר כ„יודע/ת”.",
        "choice_counted_again": "נספר כ„שוב”: השאלה תחזור בהמשך הסבב.",
    },
    "fa": {
        "choice_right": "✓ درست است.", "choice_wrong": "✗ نادرست است. پاسخ {key} است.",
        "mark_picked_right": "✓ انتخاب شما، درست", "mark_right": "✓ پاسخ درست",
        "mark_picked_wrong": "✗ انتخاب شما، نادرست", "key_separator": "، ",
        "choice_counted_known": "«بلدم» حساب شد.",
        "choice_counted_again": "«دوباره» حساب شد: در همین دور دوباره می‌آید.",
    },
    "ur": {
        "choice_right": "✓ درست۔", "choice_wrong": "✗ غلط۔ جواب {key} ہے۔",
        "mark_picked_right": "✓ آپ کا انتخاب، درست", "mark_right": "✓ درست جواب",
        "mark_picked_wrong": "✗ آپ کا انتخاب، غلط", "key_separator": "، ",
        "choice_counted_known": "“یاد ہے” میں شمار ہوا۔",
        "choice_counted_again": "“دوبارہ” میں شمار ہوا: اسی دور میں بعد میں پھر آئے گا۔",
    },
    "th": {
        "choice_right": "✓ ถูกต้อง", "choice_wrong": "✗ ไม่ถูก คำตอบคือ {key}",
        "mark_picked_right": "✓ ที่คุณเลือก ถูก", "mark_right": "✓ คำตอบที่ถูก",
        "mark_picked_wrong": "✗ ที่คุณเลือก ผิด", "key_separator": ", ",
        "choice_counted_known": "นับเป็น “จำได้แล้ว”",
        "choice_counted_again": "นับเป็น “อีกครั้ง” จะกลับมาอีกในรอบนี้",
    },
    "ru": {
        "choice_right": "✓ Верно.", "choice_wrong": "✗ Неверно. Правильный ответ: {key}.",
        "mark_picked_right": "✓ ваш выбор, верно", "mark_right": "✓ правильный ответ",
        "mark_picked_wrong": "✗ ваш выбор, неверно", "key_separator": ", ",
        "choice_counted_known": "Засчитано как «Знаю».",
        "choice_counted_again": "Засчитано как «Ещё раз»: вопрос вернётся позже в этом круге.",
    },
    "es": {
        "choice_right": "✓ Correcto.", "choice_wrong": "✗ Incorrecto. La respuesta es {key}.",
        "mark_picked_right": "✓ tu elección, correcta", "mark_right": "✓ respuesta correcta",
        "mark_picked_wrong": "✗ tu elección, incorrecta", "key_separator": ", ",
        "choice_counted_known": "Contada como «Me la sé».",
        "choice_counted_again": "Contada como «Otra vez»: vuelve más adelante en esta ronda.",
    },
    "fr": {
        "choice_right": "✓ Juste.", "choice_wrong": "✗ Faux. La réponse est {key}.",
        "mark_picked_right": "✓ votre choix, juste", "mark_right": "✓ bonne réponse",
        "mark_picked_wrong": "✗ votre choix, faux", "key_separator": ", ",
        "choice_counted_known": "Comptée comme «\u00a0Je sais\u00a0».",
        "choice_counted_again": "Comptée comme «\u00a0À revoir\u00a0»\u00a0: elle reviendra "
                                "plus tard dans ce tour.",
    },
    "de": {
        "choice_right": "✓ Richtig.", "choice_wrong": "✗ Falsch. Die Antwort ist {key}.",
        "mark_picked_right": "✓ Ihre Wahl, richtig", "mark_right": "✓ richtige Antwort",
        "mark_picked_wrong": "✗ Ihre Wahl, falsch", "key_separator": ", ",
        "choice_counted_known": "Gezählt als „Kann ich“.",
        "choice_counted_again": "Gezählt als „Nochmal“: kommt später in dieser Runde wieder.",
    },
    "pt": {
        "choice_right": "✓ Certo.", "choice_wrong": "✗ Errado. A resposta é {key}.",
        "mark_picked_right": "✓ sua escolha, certa", "mark_right": "✓ resposta certa",
        "mark_picked_wrong": "✗ sua escolha, errada", "key_separator": ", ",
        "choice_counted_known": "Contada como “Já sei”.",
        "choice_counted_again": "Contada como “De novo”: volta mais tarde nesta rodada.",
    },
}

#: The site's mock-interview page: the page's own words and its script's (read as JSON).
_INTERVIEW: dict[str, dict[str, str]] = {
    "en": {
        "nav": "Mock interview", "title": "Mock interview", "app": "Mock interview",
        "setup": "Set up the interview", "count": "Questions", "seconds": "Seconds per answer",
        "chapter": "Chapter", "all_chapters": "All chapters", "tag": "Tag",
        "all_tags": "All tags", "difficulty": "Difficulty", "all_difficulties": "Any",
        "shuffle": "Shuffle the questions", "start": "Start the interview",
        "none": "No questions match these choices.",
        "intro": "Answer each question aloud against the clock, then check the key points, "
                 "tick those you covered and rate yourself. The report says what to drill next.",
        "progress": "Question {n} of {total}", "clock": "Time left",
        "time_up": "Time is up: finish your answer, the clock counts the overtime.",
        "overtime": "Overtime", "record": "Record my answer", "stop": "Stop recording",
        "recording": "Recording…", "recorded": "Recorded: play it back beside the key points.",
        "no_record": "Recording is not available here (no microphone access in this "
                     "browser); the interview works the same without it.",
        "record_denied": "The microphone was not allowed; go on without recording.",
        "record_local": "The recording stays in this page: nothing is sent anywhere.",
        "playback": "Your answer", "done": "Done: show the key points",
        "points": "Key points", "points_hint": "Tick the points you covered.",
        "no_points": "This question has no key points to tick: compare with the answer.",
        "full_answer": "The full answer", "rate": "How did it go?", "weak": "Missed it",
        "fair": "Partly", "strong": "Nailed it", "picked_right": "Right: {key}.",
        "picked_wrong": "Wrong: the answer is {key}.", "key_separator": ", ",
        "ticked": "Ticked: {point}", "unticked": "Not ticked: {point}",
        "report": "Report", "report_summary": "{total} questions, score {score}%, "
                "{missed} to drill, {time} in all.",
        "col_question": "Question", "col_time": "Time", "col_points": "Key points",
        "col_rating": "Self-rating", "results": "Each question",
        "pick_right": "right pick", "pick_wrong": "wrong pick", "over_by": "{time} over",
        "weakest": "Weakest areas", "weak_tag": "Tag {name}: {score}%",
        "weak_chapter": "Chapter {name}: {score}%", "no_weak": "No weak areas: well done.",
        "no_areas": "These questions share their chapter and tags: no areas to compare.",
        "drill_title": "Drill what you missed", "drill": "Drill these",
        "drill_none": "Nothing missed this time.",
        "command": "Print cue cards for exactly these (run where you build the book):",
        "copy_command": "Copy the command", "copied": "Command copied",
        "history": "Past interviews", "history_item": "{date}: {total} questions, "
                "score {score}%", "better": "up {by} points", "worse": "down {by} points",
        "same": "no change", "history_none": "No interview finished yet.",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "again": "New interview", "clear_runs": "Clear past results",
        "confirm_clear": "Clear the results of every past interview of this book?",
        "cleared": "Past results cleared",
        "shortcuts": "Keys: Enter starts and ends an answer · R records · 1–9 pick an option or "
                "tick a key point · W missed it, F partly, S nailed it (then the next "
                "question) · Tab reaches every button.",
        "no_js": "The mock interview needs JavaScript; the questions and their key points "
                 "are listed below.",
    },
    "zh": {
        "nav": "模拟面试", "title": "模拟面试", "app": "模拟面试",
        "setup": "设置本次面试", "count": "题数", "seconds": "每题限时（秒）",
        "chapter": "章节", "all_chapters": "全部章节", "tag": "标签", "all_tags": "全部标签",
        "difficulty": "难度", "all_difficulties": "不限", "shuffle": "打乱题目顺序",
        "start": "开始面试", "none": "没有符合这些条件的题目。",
        "intro": "对着计时器把每道题大声答出来，然后查看要点，勾选你讲到的，再给自己打分。"
                 "结束后的报告会告诉你接下来该练什么。",
        "progress": "第 {n} / {total} 题", "clock": "剩余时间",
        "time_up": "时间到：请收尾，计时器会继续记录超时。", "overtime": "超时",
        "record": "录下我的回答", "stop": "停止录音", "recording": "正在录音…",
        "recorded": "已录音：可以对照要点回放。",
        "no_record": "此处无法录音（浏览器不能使用麦克风）；不录音也能完整进行面试。",
        "record_denied": "没有获得麦克风权限；请不录音继续。",
        "record_local": "录音只保存在本页面中，不会发送到任何地方。",
        "playback": "你的回答", "done": "答完了：显示要点", "points": "要点",
        "points_hint": "勾选你讲到的要点。", "no_points": "本题没有可勾选的要点：请对照答案。",
        "full_answer": "完整答案", "rate": "答得怎么样？", "weak": "没答上",
        "fair": "答了一部分", "strong": "答得很好", "picked_right": "答对了：{key}。",
        "picked_wrong": "答错了：正确答案是 {key}。", "key_separator": "、",
        "ticked": "已勾选：{point}", "unticked": "已取消：{point}",
        "report": "面试报告",
        "report_summary": "共 {total} 题，得分 {score}%，需要练习 {missed} 题，总用时 {time}。",
        "col_question": "题目", "col_time": "用时", "col_points": "要点", "col_rating": "自评",
        "results": "每道题", "pick_right": "选对", "pick_wrong": "选错",
        "over_by": "超时 {time}", "weakest": "最薄弱的部分", "weak_tag": "标签 {name}：{score}%",
        "weak_chapter": "章节 {name}：{score}%", "no_weak": "没有薄弱的部分，很好。",
        "no_areas": "这些题目同属一章、标签相同，没有可比较的部分。",
        "drill_title": "练习没答好的题", "drill": "练习这些题",
        "drill_none": "这次没有没答好的题。",
        "command": "只为这些题打印卡片（在生成本书的文件夹中运行）：",
        "copy_command": "复制命令", "copied": "命令已复制",
        "history": "以往的面试", "history_item": "{date}：{total} 题，得分 {score}%",
        "better": "提高 {by} 分", "worse": "下降 {by} 分", "same": "持平",
        "aside": "{text}（{note}）", "titled": "{title}：{text}",
        "history_none": "还没有完成过面试。", "again": "再来一次面试", "clear_runs": "清除以往结果",
        "confirm_clear": "清除本书所有以往面试的结果？", "cleared": "以往结果已清除",
        "shortcuts": "快捷键：Enter 开始、结束回答 · R 录音 · 1–9 选择选项或勾选要点 · "
                "W 没答上，F 答了一部分，S 答得很好（然后进入下一题） · Tab 可到达每个按钮。",
        "no_js": "模拟面试需要 JavaScript；下面列出全部题目及其要点。",
    },
    "ja": {
        "nav": "模擬面接", "title": "模擬面接", "app": "模擬面接",
        "setup": "面接の設定", "count": "問題数", "seconds": "1 問あたりの秒数",
        "chapter": "章", "all_chapters": "すべての章", "tag": "タグ", "all_tags": "すべてのタグ",
        "difficulty": "難易度", "all_difficulties": "指定なし",
        "shuffle": "問題の順番をシャッフル", "start": "面接を始める",
        "none": "この条件に合う問題はありません。",
        "intro": "時間を計りながら各問題に声に出して答え、要点を確認して話せたものにチェックを"
                 "入れ、自己評価します。最後のレポートで、次に練習すべきところがわかります。",
        "progress": "{total} 問中 {n} 問目", "clock": "残り時間",
        "time_up": "時間です。回答をまとめてください。超過した時間も計測します。",
        "overtime": "超過時間", "record": "回答を録音", "stop": "録音を停止",
        "recording": "録音中…", "recorded": "録音しました。要点と見比べながら再生できます。",
        "no_record": "ここでは録音できません（このブラウザーではマイクを使えません）。"
                     "録音しなくても面接は同じように進められます。",
        "record_denied": "マイクの使用が許可されませんでした。録音せずに続けてください。",
        "record_local": "録音はこのページの中だけに残り、どこにも送信されません。",
        "playback": "あなたの回答", "done": "回答終了：要点を表示",
        "points": "要点", "points_hint": "話せた要点にチェックを入れてください。",
        "no_points": "この問題にはチェックする要点がありません。解答と見比べてください。",
        "full_answer": "解答の全文", "rate": "どうでしたか？", "weak": "できなかった",
        "fair": "一部できた", "strong": "完璧", "picked_right": "正解：{key}。",
        "picked_wrong": "不正解：正解は {key} です。", "key_separator": "、",
        "ticked": "チェックしました：{point}", "unticked": "チェックを外しました：{point}",
        "report": "レポート",
        "report_summary": "全 {total} 問、スコア {score}%、要練習 {missed} 問、合計時間 {time}。",
        "col_question": "問題", "col_time": "時間", "col_points": "要点",
        "col_rating": "自己評価", "results": "問題ごとの結果",
        "pick_right": "正しい選択", "pick_wrong": "誤った選択", "over_by": "{time} 超過",
        "weakest": "弱点", "weak_tag": "タグ {name}：{score}%",
        "weak_chapter": "章 {name}：{score}%", "no_weak": "弱点はありません。よくできました。",
        "no_areas": "これらの問題は章もタグも同じなので、比べる分野がありません。",
        "drill_title": "できなかった問題を練習", "drill": "これらを練習",
        "drill_none": "今回はできなかった問題はありません。",
        "command": "これらの問題だけのカードを印刷する（本を作成する場所で実行）：",
        "copy_command": "コマンドをコピー", "copied": "コマンドをコピーしました",
        "history": "これまでの面接", "history_item": "{date}：{total} 問、スコア {score}%",
        "better": "{by} ポイント上昇", "worse": "{by} ポイント低下", "same": "変化なし",
        "aside": "{text}（{note}）", "titled": "{title}：{text}",
        "history_none": "終えた面接はまだありません。", "again": "新しい面接",
        "clear_runs": "過去の結果を消去",
        "confirm_clear": "この本の過去の面接の結果をすべて消去しますか？",
        "cleared": "過去の結果を消去しました",
        "shortcuts": "キー：Enter で回答の開始・終了 · R で録音 · 1–9 で選択肢を選ぶか要点に"
                     "チェック · W で「できなかった」、F で「一部できた」、S で「完璧」"
                     "（そのまま次の問題へ） · Tab ですべてのボタンに移動",
        "no_js": "模擬面接には JavaScript が必要です。問題とその要点を下に一覧表示しています。",
    },
    "ko": {
        "nav": "모의 면접", "title": "모의 면접", "app": "모의 면접",
        "setup": "면접 설정", "count": "문제 수", "seconds": "답변당 시간(초)",
        "chapter": "장", "all_chapters": "모든 장", "tag": "태그", "all_tags": "모든 태그",
        "difficulty": "난이도", "all_difficulties": "전체",
        "shuffle": "문제 순서 섞기", "start": "면접 시작",
        "none": "이 조건에 맞는 문제가 없습니다.",
        "intro": "시간을 재며 각 질문에 소리 내어 답한 뒤 핵심 내용을 확인하고, 말한 항목에 "
                 "체크하고 스스로 평가하세요. 마지막 보고서가 다음에 연습할 내용을 알려 줍니다.",
        "progress": "{total}문제 중 {n}번째", "clock": "남은 시간",
        "time_up": "시간이 다 되었습니다. 답변을 마무리하세요. 초과한 시간도 계속 잽니다.",
        "overtime": "초과 시간", "record": "내 답변 녹음", "stop": "녹음 중지",
        "recording": "녹음 중…", "recorded": "녹음했습니다. 핵심 내용과 비교하며 들어 보세요.",
        "no_record": "여기서는 녹음할 수 없습니다(이 브라우저에서 마이크를 쓸 수 없음). 녹음하지 "
                     "않아도 면접은 똑같이 진행됩니다.",
        "record_denied": "마이크 사용이 허용되지 않았습니다. 녹음 없이 계속하세요.",
        "record_local": "녹음은 이 페이지 안에만 남으며 어디로도 전송되지 않습니다.",
        "playback": "내 답변", "done": "답변 완료: 핵심 내용 보기",
        "points": "핵심 내용", "points_hint": "말한 항목에 체크하세요.",
        "no_points": "이 문제에는 체크할 핵심 내용이 없습니다. 답변과 비교해 보세요.",
        "full_answer": "전체 답변", "rate": "어땠나요?", "weak": "못 했어요",
        "fair": "일부만", "strong": "완벽해요", "picked_right": "정답: {key}.",
        "picked_wrong": "오답: 정답은 {key}입니다.", "key_separator": ", ",
        "ticked": "체크함: {point}", "unticked": "체크 해제: {point}",
        "report": "보고서",
        "report_summary": "{total}문제, 점수 {score}%, 연습할 문제 {missed}개, 총 {time}.",
        "col_question": "문제", "col_time": "시간", "col_points": "핵심 내용",
        "col_rating": "자기 평가", "results": "문제별 결과",
        "pick_right": "맞게 고름", "pick_wrong": "틀리게 고름", "over_by": "{time} 초과",
        "weakest": "약한 부분", "weak_tag": "태그 {name}: {score}%",
        "weak_chapter": "장 {name}: {score}%", "no_weak": "약한 부분이 없습니다. 잘했어요.",
        "no_areas": "이 문제들은 장과 태그가 모두 같아 비교할 부분이 없습니다.",
        "drill_title": "놓친 문제 연습", "drill": "이 문제들 연습하기",
        "drill_none": "이번에는 놓친 문제가 없습니다.",
        "command": "바로 이 문제들의 카드만 인쇄하기(책을 만드는 곳에서 실행):",
        "copy_command": "명령 복사", "copied": "명령을 복사했습니다",
        "history": "지난 면접", "history_item": "{date}: {total}문제, 점수 {score}%",
        "better": "{by}점 상승", "worse": "{by}점 하락", "same": "변화 없음",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "아직 마친 면접이 없습니다.", "again": "새 면접",
        "clear_runs": "지난 결과 지우기",
        "confirm_clear": "이 책의 지난 면접 결과를 모두 지울까요?",
        "cleared": "지난 결과를 지웠습니다",
        "shortcuts": "키: Enter로 답변 시작·끝 · R로 녹음 · 1–9로 보기 선택 또는 핵심 내용 체크 · "
                     "W는 ‘못 했어요’, F는 ‘일부만’, S는 ‘완벽해요’(이어서 다음 문제) · Tab으로 "
                     "모든 버튼에 이동",
        "no_js": "모의 면접에는 JavaScript가 필요합니다. 문제와 핵심 내용을 아래에 나열했습니다.",
    },
    "ar": {
        "nav": "مقابلة تجريبية", "title": "مقابلة تجريبية", "app": "مقابلة تجريبية",
        "setup": "إعداد المقابلة", "count": "عدد الأسئلة", "seconds": "الثواني لكل إجابة",
        "chapter": "الفصل", "all_chapters": "كل الفصول", "tag": "الوسم",
        "all_tags": "كل الوسوم", "difficulty": "الصعوبة", "all_difficulties": "أي مستوى",
        "shuffle": "اخلط ترتيب الأسئلة", "start": "ابدأ المقابلة",
        "none": "لا أسئلة تطابق هذه الاختيارات.",
        "intro": "أجب عن كل سؤال بصوت مسموع والوقت يجري، ثم راجع النقاط الأساسية وعلّم ما "
                 "ذكرته منها وقيّم نفسك. يبيّن لك التقرير ما تتدرّب عليه بعد ذلك.",
        "progress": "السؤال {n} من {total}", "clock": "الوقت المتبقي",
        "time_up": "انتهى الوقت: أكمل إجابتك، والمؤقّت يحسب الوقت الإضافي.",
        "overtime": "وقت إضافي", "record": "سجّل إجابتي", "stop": "أوقف التسجيل",
        "recording": "جارٍ التسجيل…", "recorded": "سُجّلت: استمع إليها بجانب النقاط الأساسية.",
        "no_record": "التسجيل غير متاح هنا (لا وصول إلى الميكروفون في هذا المتصفح)؛ والمقابلة "
                     "تجري كما هي من دونه.",
        "record_denied": "لم يُسمح باستخدام الميكروفون؛ تابع من دون تسجيل.",
        "record_local": "يبقى التسجيل في هذه الصفحة: لا يُرسل شيء إلى أي مكان.",
        "playback": "إجابتك", "done": "انتهيت: اعرض النقاط الأساسية",
        "points": "النقاط الأساسية", "points_hint": "علّم النقاط التي ذكرتها.",
        "no_points": "لا نقاط أساسية لهذا السؤال: قارن إجابتك بالإجابة.",
        "full_answer": "الإجابة كاملة", "rate": "كيف كان أداؤك؟", "weak": "فاتني",
        "fair": "جزئيًا", "strong": "أتقنته", "picked_right": "صحيح: {key}.",
        "picked_wrong": "خطأ: الإجابة هي {key}.", "key_separator": "، ",
        "ticked": "معلَّمة: {point}", "unticked": "غير معلَّمة: {point}",
        "report": "التقرير",
        "report_summary": "عدد الأسئلة: {total}؛ النتيجة {score}%، وللتدرّب {missed}، والوقت "
                          "كله {time}.",
        "col_question": "السؤال", "col_time": "الوقت", "col_points": "النقاط الأساسية",
        "col_rating": "تقييمك", "results": "كل سؤال",
        "pick_right": "اختيار صحيح", "pick_wrong": "اختيار خاطئ", "over_by": "تجاوز {time}",
        "weakest": "أضعف الجوانب", "weak_tag": "الوسم {name}: {score}%",
        "weak_chapter": "الفصل {name}: {score}%", "no_weak": "لا جوانب ضعيفة: أحسنت.",
        "no_areas": "تشترك هذه الأسئلة في فصلها ووسومها: لا جوانب للمقارنة.",
        "drill_title": "تدرّب على ما فاتك", "drill": "تدرّب على هذه",
        "drill_none": "لم يفتك شيء هذه المرة.",
        "command": "اطبع بطاقات هذه الأسئلة بالضبط (شغّله حيث تبني الكتاب):",
        "copy_command": "انسخ الأمر", "copied": "نُسخ الأمر",
        "history": "المقابلات السابقة",
        "history_item": "{date}: عدد الأسئلة {total}، النتيجة {score}%",
        "better": "تحسّن بمقدار {by}", "worse": "تراجع بمقدار {by}", "same": "دون تغيير",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "لم تُنهِ أي مقابلة بعد.", "again": "مقابلة جديدة",
        "clear_runs": "امسح النتائج السابقة",
        "confirm_clear": "أتمسح نتائج كل المقابلات السابقة لهذا الكتاب؟",
        "cleared": "مُسحت النتائج السابقة",
        "shortcuts": "المفاتيح: Enter يبدأ الإجابة وينهيها · R للتسجيل · 1–9 لاختيار خيار أو "
                     "تعليم نقطة أساسية · W «فاتني»، وF «جزئيًا»، وS «أتقنته» (ثم السؤال "
                     "التالي) · Tab يصل إلى كل زر",
        "no_js": "تحتاج المقابلة التجريبية إلى JavaScript؛ الأسئلة ونقاطها الأساسية مدرجة أدناه.",
    },
    "he": {
        "nav": "ראיון דמה", "title": "ראיון דמה", "app": "ראיון דמה",
        "setup": "הגדרת הראיון", "count": "שאלות", "seconds": "שניות לתשובה",
        "chapter": "פרק", "all_chapters": "כל הפרקים", "tag": "תגית", "all_tags": "כל התגיות",
        "difficulty": "רמת קושי", "all_difficulties": "כל רמה",
        "shuffle": "ערבוב השאלות", "start": "התחלת הראיון",
        "none": "אין שאלות שמתאימות לבחירות האלה.",
        "intro": "ענו על כל שאלה בקול מול השעון, אחר כך בדקו את נקודות המפתח, סמנו את אלה "
                 "שכיסיתם ודרגו את עצמכם. הדוח יראה מה כדאי לתרגל בהמשך.",
        "progress": "שאלה {n} מתוך {total}", "clock": "הזמן שנותר",
        "time_up": "הזמן נגמר: סיימו את התשובה, השעון סופר את החריגה.",
        "overtime": "חריגה מהזמן", "record": "הקלטת התשובה שלי", "stop": "עצירת ההקלטה",
        "recording": "בהקלטה…", "recorded": "הוקלט: השמיעו את ההקלטה לצד נקודות המפתח.",
        "no_record": "אין כאן אפשרות להקליט (אין גישה למיקרופון בדפדפן הזה); הראיון עובד "
                     "אותו דבר גם בלי הקלטה.",
        "record_denied": "לא ניתנה הרשאה למיקרופון; המשיכו בלי הקלטה.",
        "record_local": "ההקלטה נשארת בדף הזה: שום דבר לא נשלח לשום מקום.",
        "playback": "התשובה שלך", "done": "סיימתי: הצגת נקודות המפתח",
        "points": "נקודות מפתח", "points_hint": "סמנו את הנקודות שכיסיתם.",
        "no_points": "לשאלה הזו אין נקודות מפתח לסימון: השוו לתשובה.",
        "full_answer": "התשובה המלאה", "rate": "איך הלך?", "weak": "פספסתי",
        "fair": "חלקית", "strong": "הצלחתי", "picked_right": "נכון: {key}.",
        "picked_wrong": "לא נכון: התשובה היא {key}.", "key_separator": ", ",
        "ticked": "סומן: {point}", "unticked": "לא סומן: {point}",
        "report": "דוח",
        "report_summary": "שאלות: {total}; ציון {score}%, לתרגול {missed}, זמן כולל {time}.",
        "col_question": "שאלה", "col_time": "זמן", "col_points": "נקודות מפתח",
        "col_rating": "הערכה עצמית", "results": "כל שאלה",
        "pick_right": "בחירה נכונה", "pick_wrong": "בחירה שגויה", "over_by": "חריגה של {time}",
        "weakest": "התחומים החלשים ביותר", "weak_tag": "תגית {name}: {score}%",
        "weak_chapter": "פרק {name}: {score}%", "no_weak": "אין תחומים חלשים: כל הכבוד.",
        "no_areas": "לשאלות האלה אותו פרק ואותן תגיות: אין תחומים להשוואה.",
        "drill_title": "תרגול מה שפספסתם", "drill": "תרגול השאלות האלה",
        "drill_none": "הפעם לא פספסתם כלום.",
        "command": "הדפסת כרטיסיות בדיוק לשאלות האלה (הריצו במקום שבו אתם בונים את הספר):",
        "copy_command": "העתקת הפקודה", "copied": "הפקודה הועתקה",
        "history": "ראיונות קודמים", "history_item": "{date}: ציון {score}%, שאלות: {total}",
        "better": "עלייה של {by} נק׳", "worse": "ירידה של {by} נק׳", "same": "ללא שינוי",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "עוד לא הסתיים אף ראיון.", "again": "ראיון חדש",
        "clear_runs": "מחיקת התוצאות הקודמות",
        "confirm_clear": "למחוק את התוצאות של כל הראיונות הקודמים בספר הזה?",
        "cleared": "התוצאות הקודמות נמחקו",
        "shortcuts": "מקשים: Enter מתחיל ומסיים תשובה · R מקליט · 1–9 בחירת אפשרות או סימון "
                     "נקודת מפתח · W „פספסתי”, F „חלקית”, S „הצלחתי” (ואז השאלה הבאה) · Tab "
                     "מגיע לכל כפתור",
        "no_js": "ראיון הדמה דורש JavaScript; השאלות ונקודות המפתח שלהן מוצגות למטה.",
    },
    "fa": {
        "nav": "مصاحبهٔ آزمایشی", "title": "مصاحبهٔ آزمایشی", "app": "مصاحبهٔ آزمایشی",
        "setup": "تنظیم مصاحبه", "count": "تعداد سؤال‌ها", "seconds": "ثانیه برای هر پاسخ",
        "chapter": "فصل", "all_chapters": "همهٔ فصل‌ها", "tag": "برچسب",
        "all_tags": "همهٔ برچسب‌ها", "difficulty": "دشواری", "all_difficulties": "هر سطحی",
        "shuffle": "بُر زدن سؤال‌ها", "start": "شروع مصاحبه",
        "none": "هیچ سؤالی با این انتخاب‌ها جور نیست.",
        "intro": "به هر سؤال با صدای بلند و زیر فشار زمان پاسخ دهید، سپس نکته‌های کلیدی را ببینید، "
                 "آن‌هایی را که گفتید علامت بزنید و به خودتان نمره دهید. گزارش می‌گوید چه چیزی را "
                 "بعداً تمرین کنید.",
        "progress": "سؤال {n} از {total}", "clock": "زمان باقی‌مانده",
        "time_up": "وقت تمام شد: پاسختان را کامل کنید؛ زمان‌سنج وقت اضافه را می‌شمارد.",
        "overtime": "وقت اضافه", "record": "ضبط پاسخ من", "stop": "توقف ضبط",
        "recording": "در حال ضبط…", "recorded": "ضبط شد: آن را کنار نکته‌های کلیدی پخش کنید.",
        "no_record": "ضبط در اینجا ممکن نیست (این مرورگر به میکروفون دسترسی ندارد)؛ مصاحبه بدون "
                     "آن هم همان‌طور پیش می‌رود.",
        "record_denied": "اجازهٔ میکروفون داده نشد؛ بدون ضبط ادامه دهید.",
        "record_local": "ضبط در همین صفحه می‌ماند: چیزی به جایی فرستاده نمی‌شود.",
        "playback": "پاسخ شما", "done": "تمام شد: نکته‌های کلیدی را نشان بده",
        "points": "نکته‌های کلیدی", "points_hint": "نکته‌هایی را که گفتید علامت بزنید.",
        "no_points": "این سؤال نکتهٔ کلیدی برای علامت زدن ندارد: با پاسخ مقایسه کنید.",
        "full_answer": "پاسخ کامل", "rate": "چطور پیش رفت؟", "weak": "از دستم رفت",
        "fair": "تا حدی", "strong": "عالی بود", "picked_right": "درست: {key}.",
        "picked_wrong": "نادرست: پاسخ {key} است.", "key_separator": "، ",
        "ticked": "علامت‌خورده: {point}", "unticked": "بی‌علامت: {point}",
        "report": "گزارش",
        "report_summary": "{total} سؤال، امتیاز {score}%، {missed} برای تمرین، در مجموع {time}.",
        "col_question": "سؤال", "col_time": "زمان", "col_points": "نکته‌های کلیدی",
        "col_rating": "ارزیابی خود", "results": "هر سؤال",
        "pick_right": "انتخاب درست", "pick_wrong": "انتخاب نادرست", "over_by": "{time} بیشتر",
        "weakest": "ضعیف‌ترین بخش‌ها", "weak_tag": "برچسب {name}: {score}%",
        "weak_chapter": "فصل {name}: {score}%", "no_weak": "بخش ضعیفی نیست: آفرین.",
        "no_areas": "این سؤال‌ها فصل و برچسب‌های یکسانی دارند: بخشی برای مقایسه نیست.",
        "drill_title": "تمرین آنچه از دست رفت", "drill": "تمرین این‌ها",
        "drill_none": "این بار چیزی از دست نرفت.",
        "command": "دقیقاً برای همین‌ها کارت چاپ کنید (آن را جایی اجرا کنید که کتاب را می‌سازید):",
        "copy_command": "کپی فرمان", "copied": "فرمان کپی شد",
        "history": "مصاحبه‌های پیشین", "history_item": "{date}: {total} سؤال، امتیاز {score}%",
        "better": "{by} امتیاز بهتر", "worse": "{by} امتیاز بدتر", "same": "بدون تغییر",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "هنوز هیچ مصاحبه‌ای تمام نشده است.", "again": "مصاحبهٔ تازه",
        "clear_runs": "پاک کردن نتیجه‌های پیشین",
        "confirm_clear": "نتیجه‌های همهٔ مصاحبه‌های پیشین این کتاب پاک شود؟",
        "cleared": "نتیجه‌های پیشین پاک شد",
        "shortcuts": "کلیدها: Enter پاسخ را آغاز و تمام می‌کند · R ضبط می‌کند · 1–9 گزینه‌ای را "
                     "برمی‌گزیند یا نکتهٔ کلیدی را علامت می‌زند · W «از دستم رفت»، F «تا حدی»، "
                     "S «عالی بود» (سپس سؤال بعدی) · Tab به همهٔ دکمه‌ها می‌رسد.",
        "no_js": "مصاحبهٔ آزمایشی به JavaScript نیاز دارد؛ سؤال‌ها و نکته‌های کلیدی‌شان در پایین "
                 "فهرست شده‌اند.",
    },
    "ur": {
        "nav": "مشقی انٹرویو", "title": "مشقی انٹرویو", "app": "مشقی انٹرویو",
        "setup": "انٹرویو کی ترتیب", "count": "سوالات کی تعداد",
        "seconds": "ہر جواب کے لیے سیکنڈ",
        "chapter": "باب", "all_chapters": "تمام ابواب", "tag": "ٹیگ",
        "all_tags": "تمام ٹیگ", "difficulty": "مشکل کی سطح", "all_difficulties": "کوئی بھی",
        "shuffle": "سوالات کی ترتیب بدلیں", "start": "انٹرویو شروع کریں",
        "none": "ان انتخابات سے کوئی سوال مطابقت نہیں رکھتا۔",
        "intro": "ہر سوال کا جواب گھڑی کے سامنے بلند آواز سے دیں، پھر اہم نکات دیکھیں، جن کا ذکر "
                 "کیا ان پر نشان لگائیں اور خود کو درجہ دیں۔ رپورٹ بتائے گی کہ آگے کس چیز کی مشق "
                 "کرنی ہے۔",
        "progress": "{total} میں سے سوال {n}", "clock": "باقی وقت",
        "time_up": "وقت ختم: اپنا جواب مکمل کریں، گھڑی اضافی وقت گن رہی ہے۔",
        "overtime": "اضافی وقت", "record": "میرا جواب ریکارڈ کریں", "stop": "ریکارڈنگ روکیں",
        "recording": "ریکارڈنگ جاری ہے…",
        "recorded": "ریکارڈ ہو گیا: اسے اہم نکات کے ساتھ چلا کر سنیں۔",
        "no_record": "یہاں ریکارڈنگ دستیاب نہیں (اس براؤزر میں مائیکروفون تک رسائی نہیں)؛ انٹرویو "
                     "اس کے بغیر بھی ویسے ہی چلتا ہے۔",
        "record_denied": "مائیکروفون کی اجازت نہیں ملی؛ ریکارڈنگ کے بغیر جاری رکھیں۔",
        "record_local": "ریکارڈنگ اسی صفحے میں رہتی ہے: کچھ بھی کہیں نہیں بھیجا جاتا۔",
        "playback": "آپ کا جواب", "done": "ہو گیا: اہم نکات دکھائیں",
        "points": "اہم نکات", "points_hint": "جن نکات کا آپ نے ذکر کیا ان پر نشان لگائیں۔",
        "no_points": "اس سوال کے کوئی اہم نکات نہیں: جواب سے موازنہ کریں۔",
        "full_answer": "مکمل جواب", "rate": "کیسا رہا؟", "weak": "رہ گیا",
        "fair": "کچھ حد تک", "strong": "بہترین", "picked_right": "درست: {key}۔",
        "picked_wrong": "غلط: جواب {key} ہے۔", "key_separator": "، ",
        "ticked": "نشان زدہ: {point}", "unticked": "بغیر نشان: {point}",
        "report": "رپورٹ",
        "report_summary": "{total} سوال، اسکور {score}%، مشق کے لیے {missed}، کل وقت {time}۔",
        "col_question": "سوال", "col_time": "وقت", "col_points": "اہم نکات",
        "col_rating": "خود تشخیص", "results": "ہر سوال",
        "pick_right": "درست انتخاب", "pick_wrong": "غلط انتخاب", "over_by": "{time} زیادہ",
        "weakest": "سب سے کمزور پہلو", "weak_tag": "ٹیگ {name}: {score}%",
        "weak_chapter": "باب {name}: {score}%", "no_weak": "کوئی کمزور پہلو نہیں: شاباش۔",
        "no_areas": "ان سوالات کا باب اور ٹیگ ایک ہی ہیں: موازنے کے لیے کوئی پہلو نہیں۔",
        "drill_title": "جو رہ گیا اس کی مشق کریں", "drill": "ان کی مشق کریں",
        "drill_none": "اس بار کچھ نہیں رہ گیا۔",
        "command": "بالکل انہی سوالات کے کارڈ چھاپیں (جہاں کتاب بناتے ہیں وہیں چلائیں):",
        "copy_command": "کمانڈ کاپی کریں", "copied": "کمانڈ کاپی ہو گئی",
        "history": "پچھلے انٹرویو", "history_item": "{date}: {total} سوال، اسکور {score}%",
        "better": "{by} پوائنٹ بہتر", "worse": "{by} پوائنٹ کم", "same": "کوئی تبدیلی نہیں",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "ابھی کوئی انٹرویو مکمل نہیں ہوا۔", "again": "نیا انٹرویو",
        "clear_runs": "پچھلے نتائج مٹائیں",
        "confirm_clear": "کیا اس کتاب کے تمام پچھلے انٹرویوز کے نتائج مٹا دیے جائیں؟",
        "cleared": "پچھلے نتائج مٹا دیے گئے",
        "shortcuts": "کلیدیں: Enter جواب شروع اور ختم کرتا ہے · R ریکارڈ کرتا ہے · 1–9 کوئی اختیار "
                     "چنتا ہے یا اہم نکتے پر نشان لگاتا ہے · W “رہ گیا”، F “کچھ حد تک”، S “بہترین” "
                     "(پھر اگلا سوال) · Tab ہر بٹن تک پہنچتا ہے۔",
        "no_js": "مشقی انٹرویو کے لیے JavaScript درکار ہے؛ سوالات اور ان کے اہم نکات نیچے درج ہیں۔",
    },
    "th": {
        "nav": "สัมภาษณ์จำลอง", "title": "สัมภาษณ์จำลอง", "app": "สัมภาษณ์จำลอง",
        "setup": "ตั้งค่าการสัมภาษณ์", "count": "จำนวนคำถาม", "seconds": "วินาทีต่อคำตอบ",
        "chapter": "บท", "all_chapters": "ทุกบท", "tag": "แท็ก", "all_tags": "ทุกแท็ก",
        "difficulty": "ระดับความยาก", "all_difficulties": "ทุกระดับ",
        "shuffle": "สลับลำดับคำถาม", "start": "เริ่มสัมภาษณ์",
        "none": "ไม่มีคำถามที่ตรงกับตัวเลือกเหล่านี้",
        "intro": "ตอบคำถามแต่ละข้อออกเสียงภายในเวลาที่กำหนด จากนั้นดูประเด็นสำคัญ ติ๊กข้อที่คุณ"
                 "พูดถึงแล้ว และให้คะแนนตัวเอง รายงานจะบอกว่าควรฝึกอะไรต่อ",
        "progress": "คำถามที่ {n} จาก {total}", "clock": "เวลาที่เหลือ",
        "time_up": "หมดเวลาแล้ว ตอบให้จบได้เลย นาฬิกาจะนับเวลาที่เกินต่อไป",
        "overtime": "เกินเวลา", "record": "บันทึกเสียงคำตอบ", "stop": "หยุดบันทึก",
        "recording": "กำลังบันทึก…", "recorded": "บันทึกแล้ว เปิดฟังเทียบกับประเด็นสำคัญได้",
        "no_record": "บันทึกเสียงที่นี่ไม่ได้ (เบราว์เซอร์นี้เข้าถึงไมโครโฟนไม่ได้) "
                     "การสัมภาษณ์ยังทำได้เหมือนเดิมโดยไม่ต้องบันทึก",
        "record_denied": "ไม่ได้รับอนุญาตให้ใช้ไมโครโฟน ทำต่อได้โดยไม่บันทึกเสียง",
        "record_local": "เสียงที่บันทึกอยู่ในหน้านี้เท่านั้น ไม่มีการส่งไปที่ใด",
        "playback": "คำตอบของคุณ", "done": "ตอบเสร็จแล้ว: แสดงประเด็นสำคัญ",
        "points": "ประเด็นสำคัญ", "points_hint": "ติ๊กประเด็นที่คุณพูดถึงแล้ว",
        "no_points": "คำถามนี้ไม่มีประเด็นสำคัญให้ติ๊ก ให้เทียบกับคำตอบ",
        "full_answer": "คำตอบฉบับเต็ม", "rate": "เป็นอย่างไรบ้าง", "weak": "พลาด",
        "fair": "ได้บางส่วน", "strong": "ได้ครบ", "picked_right": "ถูกต้อง: {key}",
        "picked_wrong": "ผิด คำตอบคือ {key}", "key_separator": ", ",
        "ticked": "ติ๊กแล้ว: {point}", "unticked": "ไม่ได้ติ๊ก: {point}",
        "report": "รายงาน",
        "report_summary": "{total} ข้อ คะแนน {score}% ต้องฝึก {missed} ข้อ ใช้เวลารวม {time}",
        "col_question": "คำถาม", "col_time": "เวลา", "col_points": "ประเด็นสำคัญ",
        "col_rating": "ประเมินตนเอง", "results": "ผลรายข้อ",
        "pick_right": "เลือกถูก", "pick_wrong": "เลือกผิด", "over_by": "เกิน {time}",
        "weakest": "จุดที่อ่อนที่สุด", "weak_tag": "แท็ก {name}: {score}%",
        "weak_chapter": "บท {name}: {score}%", "no_weak": "ไม่มีจุดอ่อน ทำได้ดีมาก",
        "no_areas": "คำถามเหล่านี้อยู่บทเดียวกันและมีแท็กเหมือนกัน จึงไม่มีส่วนให้เปรียบเทียบ",
        "drill_title": "ฝึกข้อที่พลาด", "drill": "ฝึกข้อเหล่านี้",
        "drill_none": "รอบนี้ไม่พลาดเลย",
        "command": "พิมพ์บัตรคำเฉพาะข้อเหล่านี้ (รันในที่ที่คุณสร้างหนังสือ):",
        "copy_command": "คัดลอกคำสั่ง", "copied": "คัดลอกคำสั่งแล้ว",
        "history": "การสัมภาษณ์ที่ผ่านมา", "history_item": "{date}: {total} ข้อ คะแนน {score}%",
        "better": "ขึ้น {by} คะแนน", "worse": "ลง {by} คะแนน", "same": "เท่าเดิม",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "ยังไม่มีการสัมภาษณ์ที่ทำจนจบ", "again": "สัมภาษณ์ใหม่",
        "clear_runs": "ล้างผลที่ผ่านมา",
        "confirm_clear": "ล้างผลการสัมภาษณ์ที่ผ่านมาทั้งหมดของหนังสือเล่มนี้หรือไม่",
        "cleared": "ล้างผลที่ผ่านมาแล้ว",
        "shortcuts": "ปุ่มลัด: Enter เริ่มและจบคำตอบ · R บันทึกเสียง · 1–9 เลือกตัวเลือกหรือติ๊ก"
                     "ประเด็นสำคัญ · W พลาด, F ได้บางส่วน, S ได้ครบ (แล้วไปข้อถัดไป) · Tab "
                     "ไปถึงทุกปุ่ม",
        "no_js": "การสัมภาษณ์จำลองต้องใช้ JavaScript คำถามและประเด็นสำคัญแสดงไว้ด้านล่าง",
    },
    "ru": {
        "nav": "Пробное собеседование", "title": "Пробное собеседование",
        "app": "Пробное собеседование",
        "setup": "Настройка собеседования", "count": "Вопросов", "seconds": "Секунд на ответ",
        "chapter": "Глава", "all_chapters": "Все главы", "tag": "Тег", "all_tags": "Все теги",
        "difficulty": "Сложность", "all_difficulties": "Любая",
        "shuffle": "Перемешать вопросы", "start": "Начать собеседование",
        "none": "Под эти условия не подходит ни один вопрос.",
        "intro": "Отвечайте на каждый вопрос вслух, пока идёт время, затем сверьтесь с ключевыми "
                 "пунктами, отметьте те, что раскрыли, и оцените себя. Отчёт подскажет, что "
                 "отработать дальше.",
        "progress": "Вопрос {n} из {total}", "clock": "Осталось",
        "time_up": "Время вышло: завершайте ответ, таймер считает перерасход.",
        "overtime": "Перерасход", "record": "Записать ответ", "stop": "Остановить запись",
        "recording": "Идёт запись…", "recorded": "Записано: прослушайте, сверяясь с пунктами.",
        "no_record": "Запись здесь недоступна (у браузера нет доступа к микрофону); "
                     "собеседование работает и без неё.",
        "record_denied": "Доступ к микрофону не разрешён; продолжайте без записи.",
        "record_local": "Запись остаётся на этой странице: никуда ничего не отправляется.",
        "playback": "Ваш ответ", "done": "Готово: показать ключевые пункты",
        "points": "Ключевые пункты", "points_hint": "Отметьте пункты, которые вы раскрыли.",
        "no_points": "У этого вопроса нет пунктов для отметки: сравните с ответом.",
        "full_answer": "Полный ответ", "rate": "Как прошло?", "weak": "Мимо",
        "fair": "Частично", "strong": "Отлично", "picked_right": "Верно: {key}.",
        "picked_wrong": "Неверно: правильный ответ — {key}.", "key_separator": ", ",
        "ticked": "Отмечено: {point}", "unticked": "Не отмечено: {point}",
        "report": "Отчёт",
        "report_summary": "Вопросов: {total}; результат {score}%, на отработку — {missed}, "
                          "всего времени — {time}.",
        "col_question": "Вопрос", "col_time": "Время", "col_points": "Ключевые пункты",
        "col_rating": "Самооценка", "results": "По вопросам",
        "pick_right": "верный выбор", "pick_wrong": "неверный выбор",
        "over_by": "перерасход {time}",
        "weakest": "Слабые места", "weak_tag": "Тег {name}: {score}%",
        "weak_chapter": "Глава {name}: {score}%", "no_weak": "Слабых мест нет: отлично.",
        "no_areas": "У этих вопросов одна глава и одни теги: сравнивать нечего.",
        "drill_title": "Отработать упущенное", "drill": "Отработать эти",
        "drill_none": "На этот раз ничего не упущено.",
        "command": "Напечатать карточки ровно для этих вопросов (запускайте там, где собираете "
                   "книгу):",
        "copy_command": "Скопировать команду", "copied": "Команда скопирована",
        "history": "Прошлые собеседования",
        "history_item": "{date}: вопросов — {total}, результат {score}%",
        "better": "выше на {by} п.\u00a0п.", "worse": "ниже на {by} п.\u00a0п.",
        "same": "без изменений",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "Ещё ни одно собеседование не завершено.",
        "again": "Новое собеседование", "clear_runs": "Удалить прошлые результаты",
        "confirm_clear": "Удалить результаты всех прошлых собеседований по этой книге?",
        "cleared": "Прошлые результаты удалены",
        "shortcuts": "Клавиши: Enter начинает и заканчивает ответ · R — запись · 1–9 — выбрать "
                     "вариант или отметить пункт · W — «Мимо», F — «Частично», S — «Отлично» "
                     "(и следующий вопрос) · Tab доходит до каждой кнопки",
        "no_js": "Для пробного собеседования нужен JavaScript; вопросы и их ключевые пункты "
                 "перечислены ниже.",
    },
    "es": {
        "nav": "Entrevista simulada", "title": "Entrevista simulada",
        "app": "Entrevista simulada",
        "setup": "Prepara la entrevista", "count": "Preguntas",
        "seconds": "Segundos por respuesta",
        "chapter": "Capítulo", "all_chapters": "Todos los capítulos", "tag": "Etiqueta",
        "all_tags": "Todas las etiquetas", "difficulty": "Dificultad",
        "all_difficulties": "Cualquiera",
        "shuffle": "Barajar las preguntas", "start": "Empezar la entrevista",
        "none": "Ninguna pregunta coincide con estas opciones.",
        "intro": "Responde cada pregunta en voz alta contra el reloj; luego revisa los puntos "
                 "clave, marca los que cubriste y califícate. El informe te dice qué practicar "
                 "después.",
        "progress": "Pregunta {n} de {total}", "clock": "Tiempo restante",
        "time_up": "Se acabó el tiempo: termina tu respuesta, el reloj cuenta el tiempo extra.",
        "overtime": "Tiempo extra", "record": "Grabar mi respuesta",
        "stop": "Detener la grabación", "recording": "Grabando…",
        "recorded": "Grabada: escúchala junto a los puntos clave.",
        "no_record": "Aquí no se puede grabar (este navegador no tiene acceso al micrófono); "
                     "la entrevista funciona igual sin grabar.",
        "record_denied": "No se permitió el micrófono; sigue sin grabar.",
        "record_local": "La grabación se queda en esta página: no se envía a ninguna parte.",
        "playback": "Tu respuesta", "done": "Listo: ver los puntos clave",
        "points": "Puntos clave", "points_hint": "Marca los puntos que cubriste.",
        "no_points": "Esta pregunta no tiene puntos clave que marcar: compárala con la "
                     "respuesta.",
        "full_answer": "La respuesta completa", "rate": "¿Qué tal te fue?",
        "weak": "Fallé", "fair": "A medias", "strong": "La clavé",
        "picked_right": "Correcto: {key}.", "picked_wrong": "Incorrecto: la respuesta es {key}.",
        "key_separator": ", ",
        "ticked": "Marcado: {point}", "unticked": "Sin marcar: {point}",
        "report": "Informe",
        "report_summary": "Preguntas: {total}; puntuación {score}%, {missed} por practicar, "
                          "{time} en total.",
        "col_question": "Pregunta", "col_time": "Tiempo", "col_points": "Puntos clave",
        "col_rating": "Autoevaluación", "results": "Pregunta por pregunta",
        "pick_right": "elección correcta", "pick_wrong": "elección incorrecta",
        "over_by": "{time} de más",
        "weakest": "Áreas más débiles", "weak_tag": "Etiqueta {name}: {score}%",
        "weak_chapter": "Capítulo {name}: {score}%",
        "no_weak": "Sin áreas débiles: bien hecho.",
        "no_areas": "Estas preguntas comparten capítulo y etiquetas: no hay áreas que comparar.",
        "drill_title": "Practica lo que fallaste", "drill": "Practicar estas",
        "drill_none": "Esta vez no fallaste nada.",
        "command": "Imprime tarjetas solo de estas preguntas (ejecútalo donde generas el "
                   "libro):",
        "copy_command": "Copiar el comando", "copied": "Comando copiado",
        "history": "Entrevistas anteriores",
        "history_item": "{date}: {total} preguntas, puntuación {score}%",
        "better": "sube {by} puntos", "worse": "baja {by} puntos", "same": "sin cambios",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "Aún no has terminado ninguna entrevista.",
        "again": "Nueva entrevista", "clear_runs": "Borrar los resultados anteriores",
        "confirm_clear": "¿Borrar los resultados de todas las entrevistas anteriores de este "
                         "libro?",
        "cleared": "Resultados anteriores borrados",
        "shortcuts": "Teclas: Enter empieza y termina una respuesta · R graba · 1–9 elige una "
                     "opción o marca un punto clave · W «Fallé», F «A medias», S «La clavé» "
                     "(y pasa a la siguiente pregunta) · Tab llega a cada botón",
        "no_js": "La entrevista simulada necesita JavaScript; las preguntas y sus puntos clave "
                 "se listan abajo.",
    },
    "fr": {
        "nav": "Entretien blanc", "title": "Entretien blanc", "app": "Entretien blanc",
        "setup": "Préparer l’entretien", "count": "Questions",
        "seconds": "Secondes par réponse",
        "chapter": "Chapitre", "all_chapters": "Tous les chapitres", "tag": "Étiquette",
        "all_tags": "Toutes les étiquettes", "difficulty": "Difficulté",
        "all_difficulties": "Toutes",
        "shuffle": "Mélanger les questions", "start": "Commencer l’entretien",
        "none": "Aucune question ne correspond à ces choix.",
        "intro": "Répondez à voix haute à chaque question, chronomètre en marche, puis "
                 "consultez les points clés, cochez ceux que vous avez abordés et notez-vous. "
                 "Le bilan indique quoi retravailler ensuite.",
        "progress": "Question {n} sur {total}", "clock": "Temps restant",
        "time_up": "Temps écoulé\u00a0: terminez votre réponse, le chronomètre compte le "
                   "dépassement.",
        "overtime": "Dépassement", "record": "Enregistrer ma réponse",
        "stop": "Arrêter l’enregistrement", "recording": "Enregistrement…",
        "recorded": "Enregistrée\u00a0: réécoutez-la en regard des points clés.",
        "no_record": "L’enregistrement n’est pas disponible ici (pas d’accès au micro dans ce "
                     "navigateur)\u202f; l’entretien fonctionne de la même façon sans lui.",
        "record_denied": "Le micro n’a pas été autorisé\u202f; continuez sans enregistrer.",
        "record_local": "L’enregistrement reste dans cette page\u00a0: rien n’est envoyé "
                        "nulle part.",
        "playback": "Votre réponse", "done": "Terminé\u00a0: voir les points clés",
        "points": "Points clés", "points_hint": "Cochez les points que vous avez abordés.",
        "no_points": "Cette question n’a pas de points clés à cocher\u00a0: comparez avec la "
                     "réponse.",
        "full_answer": "La réponse complète", "rate": "Comment ça s’est passé\u202f?",
        "weak": "Raté", "fair": "En partie", "strong": "Réussi",
        "picked_right": "Juste\u00a0: {key}.", "picked_wrong": "Faux\u00a0: la réponse est {key}.",
        "key_separator": ", ",
        "ticked": "Coché\u00a0: {point}", "unticked": "Non coché\u00a0: {point}",
        "report": "Bilan",
        "report_summary": "Questions\u00a0: {total}\u202f; score {score}\u00a0%, {missed} à "
                          "retravailler, {time} au total.",
        "col_question": "Question", "col_time": "Temps", "col_points": "Points clés",
        "col_rating": "Autoévaluation", "results": "Question par question",
        "pick_right": "bon choix", "pick_wrong": "mauvais choix",
        "over_by": "dépassé de {time}",
        "weakest": "Points faibles", "weak_tag": "Étiquette {name}\u00a0: {score}\u00a0%",
        "weak_chapter": "Chapitre {name}\u00a0: {score}\u00a0%",
        "no_weak": "Aucun point faible\u00a0: bravo.",
        "no_areas": "Ces questions ont le même chapitre et les mêmes étiquettes\u00a0: rien à "
                    "comparer.",
        "drill_title": "Retravailler ce qui a été raté", "drill": "Retravailler celles-ci",
        "drill_none": "Rien de raté cette fois.",
        "command": "Imprimer les fiches de ces questions exactement (à lancer là où vous "
                   "produisez le livre)\u00a0:",
        "copy_command": "Copier la commande", "copied": "Commande copiée",
        "history": "Entretiens précédents",
        "history_item": "{date}\u00a0: {total} questions, score {score}\u00a0%",
        "better": "en hausse de {by} points", "worse": "en baisse de {by} points",
        "same": "sans changement",
        "aside": "{text} ({note})", "titled": "{title}\u00a0: {text}",
        "history_none": "Aucun entretien terminé pour l’instant.",
        "again": "Nouvel entretien", "clear_runs": "Effacer les résultats précédents",
        "confirm_clear": "Effacer les résultats de tous les entretiens précédents de ce "
                         "livre\u202f?",
        "cleared": "Résultats précédents effacés",
        "shortcuts": "Touches\u00a0: Enter commence et termine une réponse · R enregistre · 1–9 "
                     "choisit une option ou coche un point clé · W «\u00a0Raté\u00a0», "
                     "F «\u00a0En partie\u00a0», S «\u00a0Réussi\u00a0» (puis la question "
                     "suivante) · Tab atteint chaque bouton",
        "no_js": "L’entretien blanc a besoin de JavaScript\u202f; les questions et leurs points "
                 "clés sont listés ci-dessous.",
    },
    "de": {
        "nav": "Probeinterview", "title": "Probeinterview", "app": "Probeinterview",
        "setup": "Interview einrichten", "count": "Fragen", "seconds": "Sekunden pro Antwort",
        "chapter": "Kapitel", "all_chapters": "Alle Kapitel", "tag": "Schlagwort",
        "all_tags": "Alle Schlagwörter", "difficulty": "Schwierigkeit",
        "all_difficulties": "Beliebig",
        "shuffle": "Fragen mischen", "start": "Interview beginnen",
        "none": "Keine Frage passt zu dieser Auswahl.",
        "intro": "Beantworten Sie jede Frage laut gegen die Uhr, prüfen Sie dann die "
                 "Kernpunkte, haken Sie ab, was Sie genannt haben, und bewerten Sie sich selbst. "
                 "Der Bericht zeigt, was Sie als Nächstes üben sollten.",
        "progress": "Frage {n} von {total}", "clock": "Restzeit",
        "time_up": "Die Zeit ist um: Bringen Sie Ihre Antwort zu Ende, die Uhr zählt die "
                   "Überziehung mit.",
        "overtime": "Überzogen", "record": "Antwort aufnehmen", "stop": "Aufnahme beenden",
        "recording": "Aufnahme läuft…",
        "recorded": "Aufgenommen: Hören Sie sie neben den Kernpunkten an.",
        "no_record": "Aufnehmen ist hier nicht möglich (kein Mikrofonzugriff in diesem "
                     "Browser); das Interview funktioniert auch ohne.",
        "record_denied": "Das Mikrofon wurde nicht erlaubt; machen Sie ohne Aufnahme weiter.",
        "record_local": "Die Aufnahme bleibt auf dieser Seite: Nichts wird irgendwohin "
                        "gesendet.",
        "playback": "Ihre Antwort", "done": "Fertig: Kernpunkte zeigen",
        "points": "Kernpunkte", "points_hint": "Haken Sie die Punkte ab, die Sie genannt haben.",
        "no_points": "Diese Frage hat keine Kernpunkte zum Abhaken: Vergleichen Sie mit der "
                     "Antwort.",
        "full_answer": "Die ganze Antwort", "rate": "Wie lief es?", "weak": "Verpasst",
        "fair": "Teilweise", "strong": "Sitzt", "picked_right": "Richtig: {key}.",
        "picked_wrong": "Falsch: Die Antwort ist {key}.", "key_separator": ", ",
        "ticked": "Abgehakt: {point}", "unticked": "Nicht abgehakt: {point}",
        "report": "Bericht",
        "report_summary": "Fragen: {total}; Ergebnis {score}\u00a0%, {missed} zum Üben, "
                          "{time} insgesamt.",
        "col_question": "Frage", "col_time": "Zeit", "col_points": "Kernpunkte",
        "col_rating": "Selbsteinschätzung", "results": "Die Fragen einzeln",
        "pick_right": "richtig gewählt", "pick_wrong": "falsch gewählt",
        "over_by": "{time} überzogen",
        "weakest": "Schwächste Bereiche", "weak_tag": "Schlagwort {name}: {score}\u00a0%",
        "weak_chapter": "Kapitel {name}: {score}\u00a0%",
        "no_weak": "Keine schwachen Bereiche: gut gemacht.",
        "no_areas": "Diese Fragen teilen Kapitel und Schlagwörter: keine Bereiche zum "
                    "Vergleichen.",
        "drill_title": "Verpasstes üben", "drill": "Diese üben",
        "drill_none": "Diesmal nichts verpasst.",
        "command": "Karteikarten für genau diese Fragen drucken (dort ausführen, wo Sie das "
                   "Buch erstellen):",
        "copy_command": "Befehl kopieren", "copied": "Befehl kopiert",
        "history": "Frühere Interviews",
        "history_item": "{date}: {total} Fragen, Ergebnis {score}\u00a0%",
        "better": "{by} Punkte besser", "worse": "{by} Punkte schlechter",
        "same": "unverändert",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "Noch kein Interview abgeschlossen.",
        "again": "Neues Interview", "clear_runs": "Frühere Ergebnisse löschen",
        "confirm_clear": "Die Ergebnisse aller früheren Interviews dieses Buchs löschen?",
        "cleared": "Frühere Ergebnisse gelöscht",
        "shortcuts": "Tasten: Enter beginnt und beendet eine Antwort · R nimmt auf · 1–9 wählt "
                     "eine Option oder hakt einen Kernpunkt ab · W „Verpasst“, F „Teilweise“, "
                     "S „Sitzt“ (dann die nächste Frage) · Tab erreicht jede Schaltfläche",
        "no_js": "Das Probeinterview braucht JavaScript; die Fragen und ihre Kernpunkte stehen "
                 "unten.",
    },
    "pt": {
        "nav": "Entrevista simulada", "title": "Entrevista simulada",
        "app": "Entrevista simulada",
        "setup": "Configurar a entrevista", "count": "Perguntas",
        "seconds": "Segundos por resposta",
        "chapter": "Capítulo", "all_chapters": "Todos os capítulos", "tag": "Etiqueta",
        "all_tags": "Todas as etiquetas", "difficulty": "Dificuldade",
        "all_difficulties": "Qualquer",
        "shuffle": "Embaralhar as perguntas", "start": "Começar a entrevista",
        "none": "Nenhuma pergunta corresponde a essas escolhas.",
        "intro": "Responda a cada pergunta em voz alta contra o relógio, depois confira os "
                 "pontos-chave, marque os que você cobriu e avalie-se. O relatório diz o que "
                 "praticar em seguida.",
        "progress": "Pergunta {n} de {total}", "clock": "Tempo restante",
        "time_up": "O tempo acabou: termine sua resposta, o relógio conta o tempo extra.",
        "overtime": "Tempo extra", "record": "Gravar minha resposta",
        "stop": "Parar a gravação", "recording": "Gravando…",
        "recorded": "Gravada: ouça ao lado dos pontos-chave.",
        "no_record": "Não é possível gravar aqui (este navegador não tem acesso ao "
                     "microfone); a entrevista funciona igual sem gravação.",
        "record_denied": "O microfone não foi permitido; continue sem gravar.",
        "record_local": "A gravação fica nesta página: nada é enviado para lugar nenhum.",
        "playback": "Sua resposta", "done": "Pronto: mostrar os pontos-chave",
        "points": "Pontos-chave", "points_hint": "Marque os pontos que você cobriu.",
        "no_points": "Esta pergunta não tem pontos-chave para marcar: compare com a resposta.",
        "full_answer": "A resposta completa", "rate": "Como foi?", "weak": "Errei",
        "fair": "Em parte", "strong": "Acertei", "picked_right": "Certo: {key}.",
        "picked_wrong": "Errado: a resposta é {key}.", "key_separator": ", ",
        "ticked": "Marcado: {point}", "unticked": "Desmarcado: {point}",
        "report": "Relatório",
        "report_summary": "Perguntas: {total}; nota {score}%, {missed} para praticar, "
                          "{time} no total.",
        "col_question": "Pergunta", "col_time": "Tempo", "col_points": "Pontos-chave",
        "col_rating": "Autoavaliação", "results": "Pergunta por pergunta",
        "pick_right": "escolha certa", "pick_wrong": "escolha errada",
        "over_by": "{time} a mais",
        "weakest": "Áreas mais fracas", "weak_tag": "Etiqueta {name}: {score}%",
        "weak_chapter": "Capítulo {name}: {score}%",
        "no_weak": "Nenhuma área fraca: muito bem.",
        "no_areas": "Estas perguntas têm o mesmo capítulo e as mesmas etiquetas: não há áreas "
                    "para comparar.",
        "drill_title": "Pratique o que você errou", "drill": "Praticar estas",
        "drill_none": "Você não errou nada desta vez.",
        "command": "Imprima cartões exatamente destas perguntas (execute onde você gera o "
                   "livro):",
        "copy_command": "Copiar o comando", "copied": "Comando copiado",
        "history": "Entrevistas anteriores",
        "history_item": "{date}: {total} perguntas, nota {score}%",
        "better": "subiu {by} pontos", "worse": "caiu {by} pontos", "same": "sem mudança",
        "aside": "{text} ({note})", "titled": "{title}: {text}",
        "history_none": "Nenhuma entrevista concluída ainda.",
        "again": "Nova entrevista", "clear_runs": "Apagar os resultados anteriores",
        "confirm_clear": "Apagar os resultados de todas as entrevistas anteriores deste livro?",
        "cleared": "Resultados anteriores apagados",
        "shortcuts": "Teclas: Enter começa e termina uma resposta · R grava · 1–9 escolhe uma "
                     "opção ou marca um ponto-chave · W “Errei”, F “Em parte”, S “Acertei” (e "
                     "vai para a próxima pergunta) · Tab alcança cada botão",
        "no_js": "A entrevista simulada precisa de JavaScript; as perguntas e seus pontos-chave "
                 "estão listados abaixo.",
    },
}


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
_CALIBRATION: dict[str, dict[str, str]] = {
    "zh": {
        "title": "双面打印校准页",
        "how": "用打印卡片时相同的设置双面打印本页（{edge}翻转）。对着光看：背面的粗线"
               "穿过正面刻度的数字，就是还需要的修正（毫米）。横向刻度读 X，纵向刻度读 Y，"
               "把它们加到当前偏移上，用 --back-offset X,Y 或 book.yaml 的 "
               "cards.back_offset 设置。三处读数相差超过 1 毫米时，取中间那处。",
        "current": "当前背面偏移：X {x:+g} 毫米，Y {y:+g} 毫米",
        "long": "长边", "short": "短边", "back": "背面：对光时这些线应穿过正面刻度的 0。",
    },
    "en": {
        "title": "Duplex calibration sheet",
        "how": "Print this page on both sides with the settings you print cards with ({edge} "
               "edge flip). Hold it against the light: where the back's bold lines cross the "
               "front's scales is the correction still needed, in mm. Read X on the horizontal "
               "scale and Y on the vertical one, add them to the current offset and set it with "
               "--back-offset X,Y or cards.back_offset in book.yaml. If the three readings "
               "differ by more than 1 mm, use the centre one.",
        "current": "Current back offset: X {x:+g} mm, Y {y:+g} mm",
        "long": "long", "short": "short",
        "back": "Back: against the light these lines should cross the front's scales at 0.",
    },
    "ja": {
        "title": "両面印刷の位置合わせシート",
        "how": "カードを印刷するときと同じ設定でこのページを両面印刷します（{edge}とじ）。光に"
               "かざすと、裏の太い線が表の目盛りと交わる数字が、まだ必要な補正量（mm）です。"
               "横の目盛りで X、縦の目盛りで Y を読み、今のオフセットに足して --back-offset X,Y "
               "または book.yaml の cards.back_offset に設定します。3 か所の読みが 1 mm より"
               "大きく違うときは、中央の値を使います。",
        "current": "現在の裏面オフセット：X {x:+g} mm、Y {y:+g} mm",
        "long": "長辺", "short": "短辺",
        "back": "裏面：光にかざすと、これらの線が表の目盛りの 0 と重なるはずです。",
    },
    "ko": {
        "title": "양면 인쇄 보정 용지",
        "how": "카드를 인쇄할 때와 같은 설정으로 이 쪽을 양면 인쇄합니다({edge} 넘김). 빛에 비춰 "
               "보면 뒷면의 굵은 선이 앞면 눈금과 만나는 곳이 아직 필요한 보정값(mm)입니다. 가로 "
               "눈금에서 X, 세로 눈금에서 Y를 읽어 현재 오프셋에 더한 뒤 --back-offset X,Y 또는 "
               "book.yaml의 cards.back_offset으로 설정합니다. 세 곳의 값이 1mm 넘게 다르면 가운데 "
               "값을 씁니다.",
        "current": "현재 뒷면 오프셋: X {x:+g}mm, Y {y:+g}mm",
        "long": "긴 쪽", "short": "짧은 쪽",
        "back": "뒷면: 빛에 비추면 이 선들이 앞면 눈금의 0을 지나야 합니다.",
    },
    "ar": {
        "title": "صفحة معايرة الطباعة على الوجهين",
        "how": "اطبع هذه الصفحة على الوجهين بالإعدادات التي تطبع بها البطاقات (القلب على "
               "الحافة {edge}). ارفعها أمام الضوء: حيث تعبر الخطوط العريضة في الظهر مقاييس "
               "الوجه هو التصحيح الذي ما زال لازمًا، بالمليمتر. اقرأ X على المقياس الأفقي وY على "
               "العمودي، وأضفهما إلى "
               "الإزاحة الحالية واضبطها بـ --back-offset X,Y أو cards.back_offset في book.yaml. "
               "إذا اختلفت القراءات الثلاث بأكثر من 1 مم فخذ القراءة الوسطى.",
        "current": "إزاحة الظهر الحالية: X {x:+g} مم، Y {y:+g} مم",
        "long": "الطويلة", "short": "القصيرة",
        "back": "الظهر: أمام الضوء يجب أن تعبر هذه الخطوط مقاييس الوجه عند 0.",
    },
    "he": {
        "title": "דף כיול להדפסה דו־צדדית",
        "how": "הדפיסו את הדף הזה משני הצדדים בהגדרות שבהן אתם מדפיסים כרטיסיות (היפוך "
               "לאורך הצלע ה{edge}). החזיקו אותו מול האור: המקום שבו הקווים העבים שבגב חוצים "
               "את הסרגלים שבחזית "
               "הוא התיקון שעוד נדרש, במ״מ. קראו את X בסרגל האופקי ואת Y באנכי, הוסיפו אותם להיסט "
               "הנוכחי וקבעו אותו ב־--back-offset X,Y או ב־cards.back_offset שב־book.yaml. אם שלוש "
               "הקריאות שונות ביותר ממ״מ אחד, השתמשו בקריאה האמצעית.",
        "current": "היסט הגב הנוכחי: X {x:+g} מ״מ, Y {y:+g} מ״מ",
        "long": "ארוכה", "short": "קצרה",
        "back": "גב: מול האור הקווים האלה אמורים לחצות את סרגלי החזית ב־0.",
    },
    "fa": {
        "title": "صفحهٔ تنظیم چاپ دورو",
        "how": "این صفحه را با همان تنظیم‌هایی که کارت‌ها را چاپ می‌کنید دورو چاپ کنید (برگرداندن "
               "از لبهٔ {edge}). آن را جلوی نور بگیرید: جایی که خط‌های پررنگ پشت، درجه‌های روی "
               "صفحه را قطع می‌کنند همان اصلاحی است که هنوز لازم است، به میلی‌متر. X را روی درجهٔ "
               "افقی و Y را روی درجهٔ عمودی بخوانید، آن‌ها را به جابه‌جایی کنونی بیفزایید و با "
               "--back-offset X,Y یا cards.back_offset در book.yaml تنظیم کنید. اگر سه خوانش "
               "بیش از 1 میلی‌متر با هم فرق داشتند، خوانش میانی را بگیرید.",
        "current": "جابه‌جایی کنونی پشت: X {x:+g} میلی‌متر، Y {y:+g} میلی‌متر",
        "long": "بلند", "short": "کوتاه",
        "back": "پشت: جلوی نور، این خط‌ها باید درجه‌های روی صفحه را در 0 قطع کنند.",
    },
    "ur": {
        "title": "دو رخی چھپائی کی سیدھ کا صفحہ",
        "how": "یہ صفحہ انہی ترتیبات کے ساتھ دونوں طرف چھاپیں جن سے آپ کارڈ چھاپتے ہیں ({edge} "
               "کنارے سے پلٹ)۔ اسے روشنی کے سامنے رکھیں: جہاں پشت کی موٹی لکیریں سامنے کے پیمانوں "
               "کو کاٹتی ہیں، وہی وہ درستی ہے جو ابھی درکار ہے، ملی میٹر میں۔ افقی پیمانے پر X اور "
               "عمودی پر Y پڑھیں، انہیں موجودہ آفسیٹ میں جمع کریں اور --back-offset X,Y یا "
               "book.yaml میں cards.back_offset سے مقرر کریں۔ اگر تینوں پیمائشوں میں 1 ملی میٹر "
               "سے زیادہ فرق ہو تو درمیان والی لیں۔",
        "current": "پشت کا موجودہ آفسیٹ: X {x:+g} ملی میٹر، Y {y:+g} ملی میٹر",
        "long": "لمبے", "short": "چھوٹے",
        "back": "پشت: روشنی کے سامنے ان لکیروں کو سامنے کے پیمانوں کو 0 پر کاٹنا چاہیے۔",
    },
    "th": {
        "title": "แผ่นปรับตำแหน่งการพิมพ์สองหน้า",
        "how": "พิมพ์หน้านี้สองหน้าด้วยการตั้งค่าเดียวกับที่ใช้พิมพ์บัตรคำ (พลิกด้าน{edge}) "
               "แล้วส่องกับแสง จุดที่เส้นหนาด้านหลังตัดกับสเกลด้านหน้าคือค่าที่ยังต้องแก้ไข หน่วยเป็นมม. "
               "อ่าน X จากสเกลแนวนอนและ Y จากสเกลแนวตั้ง บวกเข้ากับค่าเลื่อนปัจจุบัน แล้วตั้งค่าด้วย "
               "--back-offset X,Y หรือ cards.back_offset ใน book.yaml ถ้าค่าที่อ่านได้ทั้งสามจุดต่างกัน"
               "เกิน 1 มม. ให้ใช้ค่าตรงกลาง",
        "current": "ค่าเลื่อนด้านหลังปัจจุบัน: X {x:+g} มม. Y {y:+g} มม.",
        "long": "ยาว", "short": "สั้น",
        "back": "ด้านหลัง: เมื่อส่องกับแสง เส้นเหล่านี้ควรตัดสเกลด้านหน้าที่ 0",
    },
    "ru": {
        "title": "Лист калибровки двусторонней печати",
        "how": "Напечатайте эту страницу с двух сторон с теми же настройками, что и карточки "
               "(переворот по {edge} краю). Посмотрите на просвет: где жирные линии оборота "
               "пересекают шкалы лицевой стороны, там и нужная ещё поправка в мм. Прочтите X по "
               "горизонтальной шкале и Y по вертикальной, прибавьте их к текущему смещению и "
               "задайте его через --back-offset X,Y или cards.back_offset в book.yaml. Если три "
               "отсчёта расходятся больше чем на 1 мм, берите средний.",
        "current": "Текущее смещение оборота: X {x:+g} мм, Y {y:+g} мм",
        "long": "длинному", "short": "короткому",
        "back": "Оборот: на просвет эти линии должны пересекать шкалы лицевой стороны на 0.",
    },
    "es": {
        "title": "Hoja de calibración a doble cara",
        "how": "Imprime esta página a doble cara con los mismos ajustes que las tarjetas (giro "
               "por el borde {edge}). Mírala a contraluz: donde las líneas gruesas del dorso "
               "cruzan las escalas del anverso está la corrección que aún falta, en mm. Lee X en "
               "la escala horizontal e Y en la vertical, súmalas al desplazamiento actual y "
               "fíjalo con --back-offset X,Y o cards.back_offset en book.yaml. Si las tres "
               "lecturas difieren en más de 1 mm, usa la del centro.",
        "current": "Desplazamiento actual del dorso: X {x:+g} mm, Y {y:+g} mm",
        "long": "largo", "short": "corto",
        "back": "Dorso: a contraluz, estas líneas deberían cruzar las escalas del anverso en 0.",
    },
    "fr": {
        "title": "Page de calibrage recto verso",
        "how": "Imprimez cette page recto verso avec les réglages de vos fiches (retournement sur "
               "le bord {edge}). Regardez-la par transparence\u00a0: là où les traits épais du "
               "verso croisent les échelles du recto se lit la correction encore nécessaire, en "
               "mm. Lisez X sur l’échelle horizontale et Y sur la verticale, ajoutez-les au "
               "décalage actuel et réglez-le avec --back-offset X,Y ou cards.back_offset dans "
               "book.yaml. Si les trois lectures diffèrent de plus de 1\u00a0mm, prenez celle du "
               "centre.",
        "current": "Décalage actuel du verso\u00a0: X {x:+g}\u00a0mm, Y {y:+g}\u00a0mm",
        "long": "long", "short": "court",
        "back": "Verso\u00a0: par transparence, ces traits doivent croiser les échelles du recto "
                "à 0.",
    },
    "de": {
        "title": "Kalibrierblatt für beidseitigen Druck",
        "how": "Drucken Sie diese Seite beidseitig mit den Einstellungen, mit denen Sie Karten "
               "drucken (Wenden an der {edge} Kante). Halten Sie sie gegen das Licht: Wo die "
               "dicken Linien der Rückseite die Skalen der Vorderseite kreuzen, steht die noch "
               "nötige Korrektur in mm. Lesen Sie X auf der waagrechten und Y auf der senkrechten "
               "Skala ab, addieren Sie sie zum aktuellen Versatz und setzen Sie ihn mit "
               "--back-offset X,Y oder cards.back_offset in book.yaml. Weichen die drei Werte um "
               "mehr als 1\u00a0mm ab, nehmen Sie den mittleren.",
        "current": "Aktueller Versatz der Rückseite: X {x:+g}\u00a0mm, Y {y:+g}\u00a0mm",
        "long": "langen", "short": "kurzen",
        "back": "Rückseite: Gegen das Licht sollten diese Linien die Skalen der Vorderseite "
                "bei 0 kreuzen.",
    },
    "pt": {
        "title": "Folha de calibração frente e verso",
        "how": "Imprima esta página frente e verso com as configurações dos cartões (virar pela "
               "borda {edge}). Olhe contra a luz: onde as linhas grossas do verso cruzam as "
               "escalas da frente está a correção que ainda falta, em mm. Leia X na escala "
               "horizontal e Y na vertical, some-os ao deslocamento atual e defina-o com "
               "--back-offset X,Y ou cards.back_offset no book.yaml. Se as três leituras "
               "diferirem mais de 1 mm, use a do centro.",
        "current": "Deslocamento atual do verso: X {x:+g} mm, Y {y:+g} mm",
        "long": "longa", "short": "curta",
        "back": "Verso: contra a luz, estas linhas devem cruzar as escalas da frente no 0.",
    },
}


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
