"""The few words cuebook itself puts on a page, per language (content is never translated)."""

from __future__ import annotations

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
    """The words for a BCP 47 language tag, falling back to English."""
    return _STRINGS.get(language.split("-")[0].lower(), _STRINGS["en"])


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and an English noun in the right number, for cuebook's own messages:
    "1 question", "2 questions", "1 continuation card"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
