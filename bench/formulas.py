#!/usr/bin/env python3
"""TeX → MathML converters compared on the formulas books hold, measured in one run.

    python bench/formulas.py --corpus katex-ss_data.yaml [--node-modules DIR] [--pandoc PATH]
    python bench/formulas.py --corpus katex-ss_data.yaml --only latex2mathml --convert-only

The corpus is KaTeX's screenshot-test list (``test/screenshotter/ss_data.yaml`` in KaTeX's
repository, MIT): its single-paragraph cases without ``$`` (the others test KaTeX's text mode
and HTML). With them, the shapes real notes use (:data:`NOTES`). For each converter: how many
of each it turns into MathML that cuebook's sanitiser keeps AND ziamath can draw (what the
handout and the cards need), and the time per formula of the conversion alone, all formulas in
one batch in one process (node and pandoc are started once).

The converters:

- ``cuebook``: latex2mathml with cuebook's preparation (cuebook.render.math.tex_to_mathml)
- ``latex2mathml``: latex2mathml as it is (PyPI, pure Python)
- ``texmath``: pandoc's texmath (PyPI ``pypandoc-binary``, or Debian's ``pandoc``)
- ``mathjax``, ``katex``: npm ``mathjax-full`` and ``katex`` under node
  (``npm install --prefix DIR mathjax-full katex``, then ``--node-modules DIR/node_modules``)

``--convert-only`` converts the corpus with one converter and exits: time that whole process
from outside (``/usr/bin/time``, hyperfine) for start-up included figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import yaml
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cuebook.render.fonts import locate  # noqa: E402
from cuebook.render.math import FormulaError, mathml_to_svg, sanitised, tex_to_mathml, undrawable  # noqa: E402
from cuebook.render.subset import cmap_characters  # noqa: E402

#: The shapes Chinese and English machine-learning notes write (issue: formulas as real notes
#: write them); the fixture tests/fixtures/formulas-notes holds each in a book.
NOTES = {
    "aligned": r"\begin{aligned} f(x) &= (x+1)^2 \\ &= x^2 + 2x + 1 \end{aligned}",
    "alignedat": r"\begin{alignedat}{2} x &= a &\quad y &= b \\ u &= c & v &= d \end{alignedat}",
    "align": r"\begin{align} a &= b + c \\ d &= e \end{align}",
    "align*": r"\begin{align*} a &= b + c \\ d &= e \end{align*}",
    "gather": r"\begin{gather} a = b \\ c = d + e \end{gather}",
    "cases": r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    "case split": r"\left\{\begin{aligned} x + y &= 1 \\ x - y &= 0 \end{aligned}\right.",
    "matrix": r"\begin{matrix} a & b \\ c & d \end{matrix}",
    "pmatrix": r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
    "bmatrix": r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}",
    "vmatrix": r"\begin{vmatrix} a & b \\ c & d \end{vmatrix}",
    "array": r"\begin{array}{c|cc} x & 1 & 2 \\ \hline y & 3 & 4 \end{array}",
    "boxed": r"\boxed{E = mc^2}",
    "color": r"{\color{red} a} + \color{blue} b",
    "operatorname": r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
    "boldsymbol": r"\boldsymbol{\theta}^\top \boldsymbol{x}",
    "mathbb": r"x \in \mathbb{R}^n",
    "mathcal": r"\mathcal{L}(\theta)",
    "tag": r"E = mc^2 \tag{1}",
    "equation": r"\begin{equation} a^2 + b^2 = c^2 \end{equation}",
    "sized delimiters": r"\Bigg( \bigg[ \Big\{ \big( x \big) \Big\} \bigg] \Bigg)",
    "text in Chinese": r"L = \text{损失} + \lambda \|w\|^2",
    "bare Chinese": r"设X=[x_1,\dots,x_n]，则 y_i = W x_i",
    "Cyrillic": r"\text{Пусть } x > 0",
}


def corpus_cases(path: Path) -> dict[str, tuple[str, bool]]:
    """KaTeX's cases with one paragraph of TeX and no ``$``: name -> (TeX, display)."""
    cases = {}
    for name, value in yaml.safe_load(path.read_text("utf-8")).items():
        tex = value if isinstance(value, str) else value.get("tex")
        if tex is None or "$" in tex or "\n\n" in tex.strip():
            continue
        display = isinstance(value, dict) and bool(value.get("display"))
        cases[name] = (tex.strip(), display)
    return cases


Batch = list[tuple[str, bool]]
Result = list[str | Exception]  # MathML, or why there is none


def run_cuebook(batch: Batch) -> Result:
    out: Result = []
    for tex, display in batch:
        try:
            out.append(tex_to_mathml(tex, display))
        except FormulaError as exc:
            out.append(exc)
    return out


def run_latex2mathml(batch: Batch) -> Result:
    from latex2mathml.converter import convert

    out: Result = []
    for tex, display in batch:
        try:
            out.append(convert(tex, display="block" if display else "inline"))
        except Exception as exc:  # noqa: BLE001 (any error: no MathML)
            out.append(exc)
    return out


def texmath_runner(pandoc: str) -> Callable[[Batch], Result]:
    def run(batch: Batch) -> Result:
        """One pandoc process for the batch: each formula a paragraph of pandoc's own tree
        (no Markdown reading in between), written as HTML with MathML."""
        blocks = [{"t": "Para", "c": [{"t": "Math", "c": [
            {"t": "DisplayMath" if display else "InlineMath"}, tex]}]} for tex, display in batch]
        version = json.loads(subprocess.run([pandoc, "-f", "markdown", "-t", "json"], input="",
                                            capture_output=True, text=True).stdout)
        doc = {"pandoc-api-version": version["pandoc-api-version"], "meta": {}, "blocks": blocks}
        html = subprocess.run([pandoc, "-f", "json", "-t", "html", "--mathml"],
                              input=json.dumps(doc), capture_output=True, text=True,
                              check=True).stdout
        paragraphs = re.findall(r"<p>(.*?)</p>", html, re.S)
        assert len(paragraphs) == len(batch), (len(paragraphs), len(batch))
        return [p.strip() if p.strip().startswith("<math") else ValueError("not converted")
                for p in paragraphs]
    return run


def node_runner(which: str, node_modules: Path) -> Callable[[Batch], Result]:
    def run(batch: Batch) -> Result:
        script = Path(__file__).with_name("formula_converters.js")
        done = subprocess.run(["node", str(script), which], input=json.dumps(batch),
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "NODE_PATH": str(node_modules)})
        return [r["mathml"] if "mathml" in r else ValueError(r["error"])
                for r in json.loads(done.stdout)]
    return run


#: The text faces a Chinese book draws formula text in the math font lacks (its serif face
#: first, then Japanese and Korean, as cuebook's fallbacks order them).
TEXT_FACES = ("Noto Serif CJK SC", "Noto Serif CJK JP", "Noto Serif CJK KR")


def typeset(mathml: str | Exception, tex: str) -> str | None:
    """None if the MathML passes cuebook's sanitiser and ziamath draws it, with every
    character in the math font or a text face; else why not."""
    if isinstance(mathml, Exception):
        return f"conversion: {mathml}"[:120]
    try:
        root = sanitised(mathml)
        root.set("alttext", tex)
        mathml = etree.tostring(root, encoding="unicode")
        missing = set(undrawable(mathml))
        for family in TEXT_FACES:
            face = locate(family)
            missing -= cmap_characters(face) if face else set()
        if missing:
            return f"no face has a glyph for {''.join(sorted(missing))!r}"
        mathml_to_svg(mathml, TEXT_FACES)
    except FormulaError as exc:
        return str(exc)[:120]
    return None


def converters(args: argparse.Namespace) -> dict[str, Callable[[Batch], Result]]:
    found: dict[str, Callable[[Batch], Result]] = {
        "cuebook": run_cuebook, "latex2mathml": run_latex2mathml}
    pandoc = args.pandoc or shutil.which("pandoc")
    if pandoc:
        found["texmath"] = texmath_runner(pandoc)
    if args.node_modules and shutil.which("node"):
        for which in ("mathjax", "katex"):
            found[which] = node_runner(which, Path(args.node_modules))
    return found


def weight(name: str, args: argparse.Namespace) -> str:
    def size(path: Path) -> float:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        return sum(p.stat().st_size for p in files) / 1e6

    if name in ("cuebook", "latex2mathml"):
        import latex2mathml
        return f"{size(Path(latex2mathml.__file__).parent):.1f} MB, pure Python (PyPI)"
    if name == "texmath":
        pandoc = Path(args.pandoc or shutil.which("pandoc") or "")
        return f"{size(pandoc):.0f} MB pandoc binary (PyPI pypandoc-binary or Debian pandoc)"
    modules = Path(args.node_modules)
    package = {"mathjax": "mathjax-full", "katex": "katex"}[name]
    deps = ["mathjax-full", "mhchemparser", "speech-rule-engine", "@xmldom", "esm",
            "mj-context-menu", "wicked-good-xpath", "commander"] if name == "mathjax" else [
            "katex", "commander"]
    total = sum(size(modules / d) for d in deps if (modules / d).exists())
    return f"{total:.0f} MB npm {package} with its dependencies, and node"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--node-modules")
    parser.add_argument("--pandoc")
    parser.add_argument("--only")
    parser.add_argument("--convert-only", action="store_true")
    parser.add_argument("--failures", action="store_true", help="list each case left out")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    corpus = corpus_cases(args.corpus)
    batch = list(corpus.values())
    notes = [(tex, True) for tex in NOTES.values()]
    found = converters(args)
    if args.only:
        found = {args.only: found[args.only]}
    if args.convert_only:
        for run in found.values():
            run(batch)
        return
    print(f"{len(batch)} KaTeX corpus cases, {len(notes)} real-notes shapes\n")
    print("| converter | KaTeX corpus typeset | notes shapes typeset | ms per formula "
          "(batch, converting only) | install weight |")
    print("|---|---|---|---|---|")
    for name, run in found.items():
        started = time.perf_counter()
        results = run(batch)
        per = (time.perf_counter() - started) * 1000 / len(batch)
        failed = {case: why for case, (tex, _), out in zip(corpus, batch, results, strict=True)
                  if (why := typeset(out, tex)) is not None}
        shapes = {shape: why for shape, (tex, _), out in zip(NOTES, notes, run(notes), strict=True)
                  if (why := typeset(out, tex)) is not None}
        ok = len(batch) - len(failed)
        print(f"| {name} | {ok}/{len(batch)} ({100 * ok / len(batch):.1f} %) | "
              f"{len(notes) - len(shapes)}/{len(notes)} | {per:.2f} | {weight(name, args)} |")
        if args.failures:
            for case, why in {**failed, **shapes}.items():
                print(f"|   left out: {case} | {why} | | | |")


if __name__ == "__main__":
    main()
