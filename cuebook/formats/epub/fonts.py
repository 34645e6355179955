"""The e-book's own fonts: the book's faces, subset to the characters its documents show.

Kindle ("Publisher font"), Kobo ("Publisher default"), Apple Books and KOReader use embedded
faces declared with ``@font-face``; a reader with no CJK font would otherwise show boxes.

The fallback faces of the stack (math, symbols, other scripts) join each family as further
``@font-face`` rules limited by ``unicode-range`` to the characters they draw, declared before
the main face: a reader without ``unicode-range`` keeps the last rule, the main face, and
shows its own fonts for the rest, as it would with no fallback at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cuebook.diagnostics import CuebookError, Diagnostic, Severity, SourceLocation
from cuebook.formats.epub.content import XHTML_NS, Doc
from cuebook.render.fonts import FontStack, locate, not_installed
from cuebook.render.math import FormulaError, math_font
from cuebook.render.subset import Subset, SubsetError, cmap_characters, subset_font

#: Elements set in the monospaced face (styles/epub.css): its subset needs only their text.
_CODE_TAGS = {f"{{{XHTML_NS}}}{tag}" for tag in ("pre", "code", "kbd", "samp")}
#: Highlighted tokens styles/code.css sets in bold (keywords, function and class names): the
#: only text that needs the monospaced bold face.
BOLD_CODE_CLASSES = frozenset({"k", "kn", "kd", "kc", "kr", "kt", "ow", "nf", "nc", "fm"})
#: Elements styles/epub.css sets in the sans face at normal weight (tags, difficulty).
_SANS_REGULAR_CLASSES = frozenset({"question-meta"})


#: The families styles/epub.css uses; a fallback face joins each of them.
_FAMILIES = ("cuebook serif", "cuebook sans", "cuebook mono")
_MATHML = "{http://www.w3.org/1998/Math/MathML}math"
_RADICALS = {f"{{http://www.w3.org/1998/Math/MathML}}{t}" for t in ("msqrt", "mroot")}


@dataclass(frozen=True)
class EmbeddedFont:
    family: str  # the CSS family styles/epub.css uses, or "cuebook fallback N"
    weight: str  # "normal" | "bold"
    subset: Subset

    @property
    def file_name(self) -> str:
        family = self.family.replace(" ", "-")
        return f"fonts/{family}-{self.weight}.{self.subset.extension}"

    @property
    def is_fallback(self) -> bool:
        return self.family.startswith("cuebook fallback")


def embedded_fonts(stack: FontStack, docs: Sequence[Doc],
                   where: SourceLocation) -> list[EmbeddedFont]:
    """The faces the text is set in, each subset to the text set in it: serif regular and bold
    for text, sans bold for headings, sans regular for tags, mono regular for code and mono
    bold for its keywords. A face no text uses is left out (a reader would synthesise nothing
    then: every weight shown is a real face)."""
    text = "".join(_text(doc, code_only=False) for doc in docs)
    code = "".join(_text(doc, code_only=True) for doc in docs)
    faces = [("cuebook serif", stack.serif, "normal", text),
             ("cuebook serif", stack.serif, "bold", text),
             ("cuebook sans", stack.sans, "normal", _class_text(docs, _SANS_REGULAR_CLASSES)),
             ("cuebook sans", stack.sans, "bold", text),
             ("cuebook mono", stack.mono, "normal", code),
             ("cuebook mono", stack.mono, "bold", _class_text(docs, BOLD_CODE_CLASSES))]
    fonts = []
    for css_family, family, weight, characters in faces:
        if not characters.strip():
            continue
        font = locate(family, bold=weight == "bold")
        if font is None:
            raise CuebookError([Diagnostic(where, Severity.ERROR, not_installed(family),
                                           "font.not-installed")])
        try:
            subset = subset_font(font, set(characters))
        except SubsetError as exc:
            raise CuebookError([Diagnostic(where, Severity.ERROR, str(exc),
                                           "epub.font-subset")]) from exc
        fonts.append(EmbeddedFont(css_family, weight, subset))
    return _fallbacks(stack, text, where) + fonts + _math_font(docs, where)


def _math_font(docs: Sequence[Doc], where: SourceLocation) -> list[EmbeddedFont]:
    """A subset of the math face (styles/epub.css sets ``math`` in it) with the characters
    of the book's formulas, and the radical sign that ``msqrt`` draws without writing it."""
    formulas = [math for doc in docs for math in doc.root.iter(_MATHML)]
    if not formulas:
        return []
    characters = {c for math in formulas for c in "".join(math.itertext()) if not c.isspace()}
    if any(el.tag in _RADICALS for math in formulas for el in math.iter()):
        characters.add("\u221a")
    try:
        subset = subset_font(math_font(), characters)
    except (SubsetError, FormulaError) as exc:
        raise CuebookError([Diagnostic(where, Severity.ERROR, str(exc),
                                       "epub.font-subset")]) from exc
    return [EmbeddedFont("cuebook math", "normal", subset)]


def _fallbacks(stack: FontStack, text: str, where: SourceLocation) -> list[EmbeddedFont]:
    """A subset of each fallback face with the characters it draws that the main faces (all
    three: code shows the same characters) and earlier fallbacks do not."""
    lacking = set(text) - set(" \u00a0\n\t")
    mains = [locate(family) for family in (stack.serif, stack.sans, stack.mono)]
    if stack.fallbacks and all(mains):
        lacking -= frozenset.intersection(*(cmap_characters(f) for f in mains if f))
    found: list[EmbeddedFont] = []
    for family in stack.fallbacks:
        font = locate(family)
        if font is None or not lacking:
            continue
        try:
            subset = subset_font(font, lacking)
        except SubsetError as exc:
            raise CuebookError([Diagnostic(where, Severity.ERROR, str(exc),
                                           "epub.font-subset")]) from exc
        if subset.characters:
            found.append(EmbeddedFont(f"cuebook fallback {len(found) + 1}", "normal", subset))
            lacking -= subset.characters
    return found


def _text(doc: Doc, code_only: bool) -> str:
    body = doc.root.find(f"{{{XHTML_NS}}}body")
    if body is None:
        return ""
    if not code_only:
        return "".join(body.itertext())
    return "".join("".join(el.itertext()) for el in body.iter(*_CODE_TAGS))


def _class_text(docs: Sequence[Doc], classes: frozenset[str]) -> str:
    """The text of the elements that carry one of ``classes``."""
    return "".join("".join(el.itertext()) for doc in docs for el in doc.root.iter()
                   if isinstance(el.tag, str) and classes & set((el.get("class") or "").split()))


def fonts_css(fonts: Sequence[EmbeddedFont]) -> str:
    """The @font-face rules; paths are relative to styles/, where this sheet is stored."""
    rules = ["/* Subsets of the book's fonts: only the characters this book shows. */"]
    for font in fonts:
        if not font.is_fallback:
            rules.append(_face(font.family, font.weight, font.file_name))
            continue
        ranges = unicode_ranges(font.subset.characters)
        rules.extend(_face(family, weight, font.file_name, ranges)
                     for family in _FAMILIES for weight in ("normal", "bold"))
    return "\n".join(rules) + "\n"


def _face(family: str, weight: str, file_name: str, ranges: str = "") -> str:
    limit = f"\n  unicode-range: {ranges};" if ranges else ""
    return (f'@font-face {{\n  font-family: "{family}";\n  font-weight: {weight};\n'
            f'  font-style: normal;\n  src: url("../{file_name}");{limit}\n}}')


def unicode_ranges(characters: frozenset[str]) -> str:
    """CSS ``unicode-range`` for a set of characters: runs of code points as ``U+A-B``."""
    codes = sorted(map(ord, characters))
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)
