"""The words the web site itself shows, per language (a book's content is never translated)."""

from __future__ import annotations

_WORDS: dict[str, dict[str, str]] = {
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
    },
}

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

#: Language names as their speakers write them, for the library page.
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "ja": "日本語", "ko": "한국어", "fr": "Français",
                  "de": "Deutsch", "es": "Español"}


def _primary(language: str) -> str:
    return language.split("-")[0].lower()


def words(language: str) -> dict[str, str]:
    return _WORDS.get(_primary(language), _WORDS["en"])


def study_strings(language: str) -> dict[str, str]:
    return _STUDY.get(_primary(language), _STUDY["en"])


def language_name(language: str) -> str:
    return LANGUAGE_NAMES.get(_primary(language), language)
