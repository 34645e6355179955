"""Synthetic books for the benchmark, in the shapes real banks have.

- ``labelled``: N questions of Chinese prose, lists, tables and code under 题目/答案/举例 labels.
- ``lead-ins``: an English bank with no part labels ("one heading per question, answer below"),
  whose answers use bold lead-ins (``**Pros:**``, ``**Explanation:**``), an ``**Example:**`` in
  every fourth question, code, tables and emoji.
- ``formulas``: ``labelled`` with inline and display TeX (and a price with "$") in every answer,
  as study notes on machine learning have.
- ``mixed-scripts``: ``labelled`` with a line of math symbols, Greek, kana, Hangul, Cyrillic,
  arrows and Arabic in every answer, which takes the fallback faces.

Deterministic (seeded), written in the real book format, so cuebook and pandoc read the same
Markdown.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Literal

Shape = Literal["labelled", "lead-ins", "formulas", "mixed-scripts"]
SHAPES: tuple[Shape, ...] = ("labelled", "lead-ins", "formulas", "mixed-scripts")
FORMULAS = (
    "复杂度为 $O(n \\log n)$，单价在 $5 and $10 之间。\n\n"
    "$$\n\\mathrm{{softmax}}(z)_i = \\frac{{e^{{z_i}}}}{{\\sum_{{k=1}}^{{{k}}} e^{{z_k}}}}\n$$\n\n"
    "其中 \\(\\sqrt{{d_k}} = {k}\\)，损失 \\[L = -\\sum_i y_i \\log p_i\\] 越小越好。")
SCRIPTS = ("符号：q⋅k ≤ ‖v‖ ∀x ∈ ℝ，希腊 αβγΔΣ，日语 こんにちは カタカナ，韩语 안녕하세요，"
           "俄语 Привет，箭头 ← → ⇒ ↦，阿拉伯语 مرحبا。")

WORDS = ("大模型", "产品经理", "用户体验", "数据隐私", "推理成本", "微调", "检索增强", "评估指标",
         "冷启动", "增长", "留存", "转化率", "提示词", "向量数据库", "延迟", "吞吐量", "灰度发布",
         "A/B 测试", "知识库", "多模态", "合规", "算力", "标注数据", "幻觉", "上下文窗口")
PUNCT = ("，", "，", "，", "；", "。")
TERMS = ("generator", "closure", "decorator", "context manager", "iterator", "coroutine",
         "descriptor", "metaclass", "hash table", "binary heap", "B-tree", "bloom filter",
         "consistent hashing", "rate limiter", "event loop", "thread pool", "garbage collector",
         "write-ahead log", "vector index", "tokenizer")
VERBS = ("stores", "returns", "yields", "caches", "schedules", "compares", "splits", "merges",
         "retries", "streams", "indexes", "evicts")
LEADS = ("Explanation", "Pros", "Cons", "Key point", "Usage Example", "Note", "Iterable",
         "Time complexity", "Pitfall", "Why it matters")
CODE = '''```python
def score(items: list[float], weight: float = {w}) -> float:
    """Weighted mean of the top half."""
    top = sorted(items, reverse=True)[: max(1, len(items) // 2)]
    return weight * sum(top) / len(top)


assert score([1.0, 2.0, 3.0, 4.0]) == {w} * 3.5
```'''


def _sentence(rng: random.Random, words: int) -> str:
    out = []
    for i in range(words):
        out.append(rng.choice(WORDS))
        out.append(rng.choice(PUNCT) if i < words - 1 else "。")
    return "".join(out)


def _extra(shape: Shape, rng: random.Random) -> str:
    if shape == "formulas":
        return FORMULAS.format(k=rng.randint(2, 512)) + "\n\n"
    if shape == "mixed-scripts":
        return SCRIPTS + "\n\n"
    return ""


def _question(rng: random.Random, n: int, shape: Shape = "labelled") -> str:
    rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)}% | {_sentence(rng, 2)} |"
                     for _ in range(3))
    bullets = "\n".join(f"- **{rng.choice(WORDS)}**：{_sentence(rng, 6)}" for _ in range(4))
    code = CODE.format(w=rng.choice((0.5, 1.0, 2.0))) if n % 3 == 0 else ""
    table = f"| 方面 | 占比 | 说明 |\n|---|---|---|\n{rows}" if n % 2 == 0 else ""
    return (f"#### {n}. {rng.choice(WORDS)}与{rng.choice(WORDS)}如何权衡？ {{#q-{n:04d}}}\n\n"
            f"**题目：** {_sentence(rng, 8)}\n\n"
            f"**答案：** {_sentence(rng, 12)}\n\n{_extra(shape, rng)}{bullets}\n\n{table}\n\n"
            f"{code}\n\n"
            f"**举例：** {_sentence(rng, 10)}\n\n")


def _english(rng: random.Random, words: int) -> str:
    out = [rng.choice(TERMS).capitalize()]
    for _ in range(words - 1):
        out.append(rng.choice(VERBS) if len(out) % 3 == 1 else rng.choice(TERMS))
    return " ".join(out) + rng.choice((".", ".", ".", " ✅.", " ❌."))


def _lead_in_question(rng: random.Random, n: int) -> str:
    """A label-free question: the heading asks, the text answers, with bold lead-ins."""
    leads = "\n\n".join(f"**{lead}:** {_english(rng, 9)}" for lead in rng.sample(LEADS, 3))
    rows = "\n".join(f"| {rng.choice(TERMS)} | O({rng.choice(('1', 'n', 'log n'))}) | "
                     f"{_english(rng, 4)} |" for _ in range(3))
    table = f"| Structure | Cost | Note |\n|---|---|---|\n{rows}\n\n" if n % 2 == 0 else ""
    code = CODE.format(w=rng.choice((0.5, 1.0, 2.0)))
    example = f"**Example:**\n\n{code}\n\n" if n % 4 == 0 else \
        (f"{code}\n\n" if n % 3 == 0 else "")
    return (f"## {n}. How does a {rng.choice(TERMS)} differ from a {rng.choice(TERMS)}?\n\n"
            f"{_english(rng, 14)} {_english(rng, 10)}\n\n{leads}\n\n{table}{example}")


def write_book(folder: Path, questions: int, seed: int = 7, shape: Shape = "labelled",
               per_chapter: int = 25) -> Path:
    """A book of ``questions`` questions in chapters of ``per_chapter`` (a large README bank is
    one chapter); returns the folder."""
    if shape == "lead-ins":
        return _write_lead_in_book(folder, questions, seed, per_chapter)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.yaml").write_text(
        f"title: 基准测试题库（{questions} 题）\nauthor: cuebook bench\nlanguage: zh-CN\n"
        "version: \"1.0\"\ndate: 2026-01-01\n"
        "parts:\n  question: {label: 题目}\n  answer: {label: 答案}\n  example: {label: 举例}\n",
        encoding="utf-8")
    number = 1
    chapter = 1
    while number <= questions:
        body = [f"### 第 {chapter} 章\n\n{_sentence(rng, 20)}\n\n"]
        for _ in range(min(per_chapter, questions - number + 1)):
            body.append(_question(rng, number, shape))
            number += 1
        (folder / f"{chapter:03d}.md").write_text("".join(body), encoding="utf-8")
        chapter += 1
    return folder


def _write_lead_in_book(folder: Path, questions: int, seed: int, per_chapter: int) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.yaml").write_text(
        f"title: Benchmark bank ({questions} questions, no labels)\nauthor: cuebook bench\n"
        "language: en\nversion: \"1.0\"\ndate: 2026-01-01\n", encoding="utf-8")
    for chapter, first in enumerate(range(1, questions + 1, per_chapter), 1):
        body = [f"# Part {chapter}\n\n{_english(rng, 12)}\n\n"]
        body += [_lead_in_question(rng, n)
                 for n in range(first, min(first + per_chapter, questions + 1))]
        (folder / f"{chapter:03d}.md").write_text("".join(body), encoding="utf-8")
    return folder
