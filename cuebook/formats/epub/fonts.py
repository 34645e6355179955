"""The e-book's own fonts: the book's CJK faces, subset to the characters its documents show.

Kindle ("Publisher font"), Kobo ("Publisher default"), Apple Books and KOReader use embedded
faces declared with ``@font-face``; a reader with no CJK font would otherwise show boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cuebook.diagnostics import CuebookError, Diagnostic, Severity, SourceLocation
from cuebook.formats.epub.content import XHTML_NS, Doc
from cuebook.render.fonts import FontStack, locate
from cuebook.render.subset import Subset, SubsetError, subset_font

#: Elements set in the monospaced face (styles/epub.css): its subset needs only their text.
_CODE_TAGS = {f"{{{XHTML_NS}}}{tag}" for tag in ("pre", "code", "kbd", "samp")}
#: Highlighted tokens styles/code.css sets in bold (keywords, function and class names): the
#: only text that needs the monospaced bold face.
BOLD_CODE_CLASSES = frozenset({"k", "kn", "kd", "kc", "kr", "kt", "ow", "nf", "nc", "fm"})
#: Elements styles/epub.css sets in the sans face at normal weight (tags, difficulty).
_SANS_REGULAR_CLASSES = frozenset({"question-meta"})


@dataclass(frozen=True)
class EmbeddedFont:
    family: str  # the CSS family styles/epub.css uses
    weight: str  # "normal" | "bold"
    subset: Subset

    @property
    def file_name(self) -> str:
        family = self.family.replace(" ", "-")
        return f"fonts/{family}-{self.weight}.{self.subset.extension}"


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
            raise CuebookError([Diagnostic(where, Severity.ERROR, f"font {family!r} is not "
                                           "installed (run scripts/setup.sh)",
                                           "font.not-installed")])
        try:
            subset = subset_font(font, set(characters))
        except SubsetError as exc:
            raise CuebookError([Diagnostic(where, Severity.ERROR, str(exc),
                                           "epub.font-subset")]) from exc
        fonts.append(EmbeddedFont(css_family, weight, subset))
    return fonts


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
        rules.append(f'@font-face {{\n  font-family: "{font.family}";\n'
                     f"  font-weight: {font.weight};\n  font-style: normal;\n"
                     f'  src: url("../{font.file_name}");\n}}')
    return "\n".join(rules) + "\n"
