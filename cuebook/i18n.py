"""Every word cuebook itself puts on a page, and every rule that depends on a book's language.

Content is never translated: these are the few words around it (a table of contents' title,
the cards' "cont.", the web site's buttons), one table per output, each by primary language
subtag with English for any other. The rules say what a language's writing needs: whether it
is written in Han characters, kana or hangul (faces, the smallest card type), whether its
punctuation is full width (a colon "：", a list "、", brackets "（…）"), and which regional
variant of the CJK faces draws it. Each rule is decided here once; writers ask, never test
language tags themselves.
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


def colon(language: str) -> str:
    """What follows a label: "答案：…", "Answer: …"."""
    return "：" if full_width_punctuation(language) else ": "


def list_separator(language: str) -> str:
    """Between the items of a run-in list: "动态规划、贪心", "a, b"."""
    return "、" if full_width_punctuation(language) else ", "


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

def _words(table: Mapping[str, dict[str, str]], language: str) -> dict[str, str]:
    return table.get(primary(language), table["en"])


_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents", "question": "question", "questions": "questions",
        "version": "Version",
        "tags": "Tags", "difficulty": "Difficulty", "easy": "Easy", "medium": "Medium",
        "hard": "Hard", "continued": "cont.", "continued_title": "(continued)",
        "answer_link": "Answer", "back": "Back to question",
        "introduction": "Introduction", "summary": "Summary", "cover": "Cover",
        "page_list": "Pages", "landmarks": "Landmarks",
        "full_answer": "Full answer: handout p. {page}",
        "full_answer_nopage": "Full answer: in the handout",
    },
    "zh": {
        "contents": "目录", "question": "道题", "questions": "道题", "version": "版本",
        "tags": "标签",
        "difficulty": "难度", "easy": "简单", "medium": "中等", "hard": "困难",
        "continued": "续", "continued_title": "（续）", "answer_link": "查看答案",
        "back": "返回题目",
        "introduction": "引言", "summary": "总结", "cover": "封面", "page_list": "页码",
        "landmarks": "导航", "full_answer": "完整答案见讲义第 {page} 页",
        "full_answer_nopage": "完整答案见讲义",
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
}


def epub_words(language: str) -> dict[str, str]:
    return _words(_EPUB, language)


#: The words the web site itself shows.
_SITE: dict[str, dict[str, str]] = {
    "en": {
        "skip": "Skip to content", "library": "Library", "read": "Read", "study": "Study",
        "site_nav": "Site", "downloads": "Downloads",
        "question": "question", "questions": "questions", "language": "Language: ",
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
        "question": "道题", "questions": "道题", "language": "语言：", "chapters": "章",
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
}

#: Language names as their speakers write them, for the library page.
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "ja": "日本語", "ko": "한국어", "fr": "Français",
                  "de": "Deutsch", "es": "Español"}


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


def detect_language(text: str) -> str:
    """The language tag of a text from the scripts of its letters, in one pass: a script other
    than Latin with a fifth of the letters (code and English terms fill the rest of a bank)
    names it; Han with kana among it is Japanese (a twentieth of the Han and kana letters:
    Japanese prose is about a third kana, Chinese has none); else English."""
    counts: Counter[str] = Counter(_script(c) for c in text if c.isalpha())
    letters = sum(counts.values())
    counts["han"] += counts["kana"]
    if counts["kana"] and counts["kana"] * 20 >= counts["han"]:
        counts["kana"], counts["han"] = counts["han"], 0
    else:
        counts["kana"] = 0
    found = [(n, s) for s, n in counts.items() if s != "latin" and n * 5 >= letters > 0]
    return _SCRIPT_LANGUAGE[max(found)[1]] if found else "en"
