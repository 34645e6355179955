"""``cuebook new DIR``: a new book that checks clean and shows every feature in a few
questions, with a commented ``book.yaml``; English or Chinese."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from cuebook.output import write_atomic

EN_YAML = """\
# The book's metadata and options: `cuebook help config` lists every key.
title: {title}
author: {author}
language: en              # en, zh-CN, …: labels, fonts and hyphenation follow it
description: A few questions that show what a cuebook book can hold.
# version: "1.0"
# date: 2026-01-01

# questions:
#   heading_level: 2      # the heading level of a question (found by itself when omitted)
#   numbering: continuous # or per-chapter, or none

# Parts each question has, with their labels (these are the English defaults):
# parts:
#   question: {{label: Question, required: true}}
#   answer: {{label: Answer, required: true}}
#   example: {{label: Example}}

# output:
#   paper: a4             # or letter: the handout's paper
# pdf:
#   papers: [letter]      # also print the handout on these papers
# epub:
#   quiz: true            # also write the self-test edition
#   cover: images/cover.png
# cards:
#   size: a6              # a6, a7, 4x6in, 3x5in, business, or WIDTHxHEIGHT in mm
#   duplex: long          # the edge your printer flips on
# anki:
#   id: org.example.my-book   # set once before you publish a deck, never change it
"""

EN_BASICS = """\
# Basics

A chapter starts with a top-level heading; text before its first question is its
introduction.

## 1. What does `is` compare in Python? {#is-vs-eq tags="python, operators" difficulty=easy}

**Question:** What is the difference between `a is b` and `a == b`?

**Answer:** `is` asks whether both names refer to *the same object*; `==` asks whether
the two objects are *equal*, as their `__eq__` method decides.

- Use `is` for singletons: `x is None`.
- Use `==` for values: strings, numbers, lists.

**Example:**

```python
a = [1, 2]
b = [1, 2]
assert a == b and a is not b
```

## 2. What is a generator? {#generators tags="python, functions" difficulty=medium}

**Question:** What does a function with `yield` return, and when is its body run?

**Answer:** It returns a generator: an iterator whose body runs only as values are asked
for, one `yield` at a time.[^lazy] Compare with [the `is` question](#is-vs-eq).

| call            | runs the body? |
|-----------------|----------------|
| `gen = f()`     | no             |
| `next(gen)`     | up to a `yield` |

**Example:** `sum(x * x for x in range(10**9))` never builds the list of squares.

[^lazy]: This is what "lazy" means here: no work until a value is needed.
"""

EN_MORE = """\
# Practice

## 3. How do you read a file line by line? {#read-lines tags="python, files"}

**Question:** How do you read a large text file without loading all of it?

**Answer:** Iterate over the open file: each step reads one line.

```python
with open("big.log", encoding="utf-8") as handle:
    for line in handle:
        print(line.rstrip())
```
"""

ZH_YAML = """\
# 书的信息与选项：全部键见 `cuebook help config`。
title: {title}
author: {author}
language: zh-CN           # 决定标签、字体与断行
description: 几道示例题，展示 cuebook 一本书能写些什么。
# version: "1.0"

# questions:
#   heading_level: 2      # 题目标题的级别（不写时自动判断）
#   numbering: continuous # 或 per-chapter（每章重新编号）、none

# 每道题的部分与标签（以下是中文默认值）：
# parts:
#   question: {{label: 题目, required: true}}
#   answer: {{label: 答案, required: true}}
#   example: {{label: 举例}}

# output:
#   paper: a4             # 讲义纸张：a4 或 letter
# epub:
#   quiz: true            # 同时生成自测版
# cards:
#   size: a6              # a6、a7、4x6in、3x5in、business，或 宽x高（毫米）
#   duplex: long          # 打印机翻面的边
# anki:
#   id: org.example.my-book   # 发布牌组前设定一次，之后不要改
"""

ZH_BASICS = """\
# 基础

一级标题开始一章；章内第一道题之前的文字是本章导语。

## 1. Python 里的 `is` 比较什么？ {#is-vs-eq tags="Python, 运算符" difficulty=easy}

**题目：** `a is b` 和 `a == b` 有什么区别？

**答案：** `is` 判断两个名字是否指向*同一个对象*；`==` 判断两个对象是否*相等*，由
`__eq__` 决定。

- 单例用 `is`：`x is None`。
- 值用 `==`：字符串、数字、列表。

**举例：**

```python
a = [1, 2]
b = [1, 2]
assert a == b and a is not b
```

## 2. 什么是生成器？ {#generators tags="Python, 函数" difficulty=medium}

**题目：** 带 `yield` 的函数返回什么？函数体何时执行？

**答案：** 返回一个生成器：只有在取值时才执行函数体，每次执行到下一个 `yield`。[^lazy]
可以对照[`is` 那道题](#is-vs-eq)。

| 调用 | 是否执行函数体 |
|------|----------------|
| `gen = f()` | 否 |
| `next(gen)` | 执行到 `yield` |

**举例：** `sum(x * x for x in range(10**9))` 从不生成整张平方数列表。

[^lazy]: 这就是“惰性”的含义：需要值时才做事。
"""

ZH_MORE = """\
# 练习

## 3. 如何逐行读取大文件？ {#read-lines tags="Python, 文件"}

**题目：** 怎样读取一个很大的文本文件而不一次载入内存？

**答案：** 直接遍历打开的文件对象，每次读取一行。

```python
with open("big.log", encoding="utf-8") as handle:
    for line in handle:
        print(line.rstrip())
```
"""

BOOKS = {
    "en": (EN_YAML, EN_BASICS, EN_MORE, "My question bank", "Your Name"),
    "zh-CN": (ZH_YAML, ZH_BASICS, ZH_MORE, "我的题库", "作者"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cuebook new",
                                     description="Start a new book in DIR.")
    parser.add_argument("folder", type=Path, metavar="DIR", help="the new book's folder")
    parser.add_argument("--language", choices=tuple(BOOKS), default="en",
                        help="the book's language (default: en)")
    parser.add_argument("--title", help="the book's title")
    return parser


def new_book(folder: Path, language: str = "en", title: str | None = None) -> list[Path]:
    """Write the starter book; refuses a folder that already has files."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(f"{folder} exists and is not empty; choose a new folder")
    yaml, basics, more, default_title, author = BOOKS[language]
    files = {"book.yaml": yaml.format(title=_yaml_text(title or default_title),
                                      author=_yaml_text(author)),
             "01-basics.md": basics, "02-practice.md": more}
    written = []
    for name, text in files.items():
        written.append(folder / name)
        write_atomic(written[-1], text.encode("utf-8"))
    return written


def _yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        new_book(args.folder, args.language, args.title)
    except (FileExistsError, OSError) as exc:
        print(f"cuebook new: error: {exc}", file=sys.stderr)
        return 2
    folder = shlex.quote(str(args.folder))
    print(f"wrote a new book in {args.folder}/: book.yaml, 01-basics.md, 02-practice.md\n"
          f"check it:  cuebook check {folder}\n"
          f"build it:  cd {folder} && cuebook")
    return 0
