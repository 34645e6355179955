"""Synthetic books for the benchmark: N questions of Chinese prose, lists, tables and code.

Deterministic (seeded), written in the real book format, so cuebook and pandoc read the same
Markdown.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("大模型", "产品经理", "用户体验", "数据隐私", "推理成本", "微调", "检索增强", "评估指标",
         "冷启动", "增长", "留存", "转化率", "提示词", "向量数据库", "延迟", "吞吐量", "灰度发布",
         "A/B 测试", "知识库", "多模态", "合规", "算力", "标注数据", "幻觉", "上下文窗口")
PUNCT = ("，", "，", "，", "；", "。")
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


def _question(rng: random.Random, n: int) -> str:
    rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)}% | {_sentence(rng, 2)} |"
                     for _ in range(3))
    bullets = "\n".join(f"- **{rng.choice(WORDS)}**：{_sentence(rng, 6)}" for _ in range(4))
    code = CODE.format(w=rng.choice((0.5, 1.0, 2.0))) if n % 3 == 0 else ""
    table = f"| 方面 | 占比 | 说明 |\n|---|---|---|\n{rows}" if n % 2 == 0 else ""
    return (f"#### {n}. {rng.choice(WORDS)}与{rng.choice(WORDS)}如何权衡？ {{#q-{n:04d}}}\n\n"
            f"**题目：** {_sentence(rng, 8)}\n\n"
            f"**答案：** {_sentence(rng, 12)}\n\n{bullets}\n\n{table}\n\n{code}\n\n"
            f"**举例：** {_sentence(rng, 10)}\n\n")


def write_book(folder: Path, questions: int, seed: int = 7) -> Path:
    """A book of ``questions`` questions in chapters of 25; returns the folder."""
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
        for _ in range(min(25, questions - number + 1)):
            body.append(_question(rng, number))
            number += 1
        (folder / f"{chapter:03d}.md").write_text("".join(body), encoding="utf-8")
        chapter += 1
    return folder
