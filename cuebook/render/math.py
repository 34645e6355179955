"""Formulas: TeX in the Markdown, MathML in the model, pictures on paper.

The Markdown renderer turns each formula into MathML once (latex2mathml) and keeps the TeX as
``alttext``: e-readers and browsers typeset MathML themselves and screen readers read it. The
handout and the cards are laid out by WeasyPrint, which has no MathML, so there each ``<math>``
becomes an SVG drawn by ziamath in a real math font (STIX Two Math, bundled with it: no TeX
installation). Anki typesets ``\\(…\\)`` and ``\\[…\\]`` itself.

latex2mathml copies ``\\text{…}`` into the MathML unescaped, so its output is parsed as XML and
kept only if every element and attribute is MathML: a formula is content, never markup.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import re
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import lxml.html  # type: ignore[import-untyped,unused-ignore]
from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from cuebook.book.model import Book, Choices, Entry, Fragment, Question
from cuebook.render.fonts import FontFile
from cuebook.safety.limits import MAX_FORMULA_DEPTH

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_ELEMENTS = frozenset((
    "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "ms", "mfrac", "msqrt", "mroot", "mstyle",
    "merror", "mpadded", "mphantom", "mfenced", "menclose", "msub", "msup", "msubsup", "munder",
    "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mlabeledtr",
    "mtd", "semantics", "annotation"))
_ATTRIBUTES = frozenset((
    "display", "stretchy", "fence", "separator", "mathvariant", "width", "height", "depth",
    "lspace", "rspace", "columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines",
    "rowlines", "frame", "accent", "accentunder", "movablelimits", "minsize", "maxsize",
    "symmetric", "linethickness", "displaystyle", "scriptlevel", "form", "largeop", "notation",
    "open", "close", "separators", "align", "voffset"))
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False)
#: Size ziamath draws at; the SVG is then scaled in em, so a formula takes the size of the
#: text around it.
_DRAW_SIZE = 10.0


class FormulaError(ValueError):
    """A formula that cannot be converted; the message says why."""


def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for a TeX formula, with the TeX as ``alttext``; :class:`FormulaError` if the
    TeX is malformed, uses an unknown command or holds markup."""
    from latex2mathml.converter import convert  # here: books without formulas never load it

    depth = nesting(tex)
    if depth > MAX_FORMULA_DEPTH:
        raise FormulaError(f"it nests groups {depth} deep; the limit is {MAX_FORMULA_DEPTH} "
                           "(drawing it takes about three times as long for each level more)")
    try:
        raw = convert(tex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many types, all meaning "cannot parse"
        raise FormulaError(_reason(exc)) from exc
    root = _checked(raw)
    root.set("alttext", tex)
    return _serialise(root)


_GROUPING = re.compile(r"\\(?:left|right)(?![a-zA-Z])|\\[{}]|\\[a-zA-Z]+|[{}]")


def nesting(tex: str) -> int:
    """How deep ``{…}`` groups and ``\\left … \\right`` pairs nest in a formula, in one pass
    (an escaped ``\\{`` is a brace to draw, not a group)."""
    depth = deepest = 0
    for token in _GROUPING.findall(tex):
        if token in ("{", "\\left"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("}", "\\right"):
            depth = max(0, depth - 1)
    return deepest


#: latex2mathml's exceptions, said as a reader would (any other: its name in words).
_REASONS = {
    "NoAvailableTokensError": "it ends before a group or an argument is complete",
    "ExtraLeftOrMissingRightError": "a \\left has no matching \\right",
    "MissingEndError": "a \\begin has no matching \\end",
    "NumeratorNotFoundError": "a fraction has no numerator",
    "DenominatorNotFoundError": "a fraction has no denominator",
    "MissingSuperScriptOrSubscriptError": "a ^ or _ has nothing after it",
    "DoubleSubscriptsError": "a term has two subscripts",
    "DoubleSuperscriptsError": "a term has two superscripts",
}


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    if name in _REASONS:
        return _REASONS[name]
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in name.removesuffix("Error"))
    return f"{words.strip()}: {exc}" if str(exc) else words.strip()


def _checked(raw: str) -> etree._Element:
    try:
        root = etree.fromstring(raw.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FormulaError("it holds text that reads as markup") from exc
    for element in root.iter():
        if not isinstance(element.tag, str):
            raise FormulaError("it holds text that reads as markup")
        name = etree.QName(element).localname
        if etree.QName(element).namespace != MATHML_NS or name not in _ELEMENTS:
            raise FormulaError(f"it holds <{name}>, which is not MathML")
        for attribute in list(element.attrib):
            if attribute not in _ATTRIBUTES:
                del element.attrib[attribute]
        if name in ("mi", "mo") and (element.text or "").startswith("\\"):
            raise FormulaError(f"unknown command {element.text}")
    return root


def _serialise(root: etree._Element) -> str:
    """MathML as HTML can carry it: every element closed with an end tag (an HTML parser
    reads ``<mspace/>`` as an open element that swallows what follows)."""
    for element in root.iter():
        if element.text is None and len(element) == 0:
            element.text = ""
    etree.cleanup_namespaces(root)
    return str(etree.tostring(root, encoding="unicode", method="xml"))


@functools.lru_cache(maxsize=4096)
def tex_to_svg(tex: str, display: bool) -> str:
    """An SVG of the formula, sized in em and set on the text's baseline (inline formulas) or
    scaled down to the line's width (display formulas)."""
    with warnings.catch_warnings():
        # ziamath 0.13 finds its font with importlib.resources.path, deprecated in 3.11.
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath  # here: only the handout and the cards draw formulas

        # Plain paths: no <symbol> ids shared between formulas.
        ziamath.config.svg2 = False  # type: ignore[attr-defined]
        drawn = ziamath.Latex(tex, size=_DRAW_SIZE,  # type: ignore[attr-defined]
                              inline=not display).svg()
    svg = etree.fromstring(drawn.encode("utf-8"), _PARSER)
    _, top, width, height = (float(v) for v in svg.get("viewBox").split())
    depth = top + height  # how far the picture reaches below the baseline (y = 0)
    em = _DRAW_SIZE
    style = f"width: {width / em:.3f}em; height: {height / em:.3f}em"
    if display:
        svg.set("preserveAspectRatio", "xMidYMid meet")
        style += "; max-width: 100%"
    else:
        style += f"; vertical-align: {-depth / em:.3f}em"
    for name in ("width", "height"):
        del svg.attrib[name]
    svg.set("style", style)
    svg.set("class", "math-display" if display else "math")
    svg.set("role", "img")
    svg.set("aria-label", tex)
    return str(etree.tostring(svg, encoding="unicode"))


def math_font() -> FontFile:
    """STIX Two Math as ziamath bundles it (SIL OFL): the face formulas are drawn in, and the
    one the e-book embeds for MathML (it has the OpenType MATH table that stretches brackets;
    Debian's Noto Sans Math 2020 has none)."""
    spec = importlib.util.find_spec("ziamath")  # its path, without importing it yet
    if spec is None or spec.origin is None:
        raise FormulaError("ziamath is not installed (pip install ziamath)")
    return FontFile("STIX Two Math",
                    Path(spec.origin).parent / "fonts" / "STIXTwoMath-Regular.ttf", 0)


@functools.lru_cache(maxsize=1)
def math_font_characters() -> frozenset[str]:
    """The characters ziamath's math font can draw (text in ``\\text{}`` included)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(math_font().path)))
    return frozenset(chr(code) for code in face.unicodes)


def undrawable(mathml: str) -> str:
    """The characters of a formula the math font has no glyph for, in order."""
    root = etree.fromstring(mathml.encode("utf-8"), _PARSER)
    text = "".join(root.itertext())
    have = math_font_characters()
    return "".join(dict.fromkeys(c for c in text if c not in have and not c.isspace()))


def as_tex(element: etree._Element) -> str:
    """The Anki form of a ``<math>`` element: its TeX in ``\\(…\\)`` or ``\\[…\\]``."""
    tex = element.get("alttext", "")
    return f"\\[{tex}\\]" if element.get("display") == "block" else f"\\({tex}\\)"


def escaped(tex: str) -> str:
    return html.escape(tex, quote=True)


def has_formulas(book: Book) -> bool:
    return any("<math" in fragment.html for fragment, _ in book.fragments())


def with_drawn_formulas(book: Book) -> Book:
    """The book with every ``<math>`` drawn as SVG, for WeasyPrint (the handout, the cards)."""
    return map_fragments(book, _drawn) if has_formulas(book) else book


def with_tex_formulas(book: Book) -> Book:
    """The book with every ``<math>`` as ``\\(…\\)`` or ``\\[…\\]`` text, for Anki."""
    return map_fragments(book, _as_tex_html) if has_formulas(book) else book


def _drawn(html_text: str) -> str:
    return _rewrite_math(html_text, lambda el: etree.fromstring(
        tex_to_svg(el.get("alttext", ""), el.get("display") == "block")))


def _as_tex_html(html_text: str) -> str:
    def text(element: etree._Element) -> etree._Element:
        span = etree.Element("span", {"class": "math"})
        span.text = as_tex(element)
        return span

    return _rewrite_math(html_text, text)


def _rewrite_math(html_text: str,
                  replacement: Callable[[etree._Element], etree._Element]) -> str:
    """``html_text`` with each ``<math>`` element replaced; unchanged if it has none."""
    if "<math" not in html_text:
        return html_text
    holder = lxml.html.fragment_fromstring(html_text, create_parent="div")
    for element in list(holder.iter("math")):
        new = replacement(element)
        new.tail = element.tail
        element.getparent().replace(element, new)
    parts = [html.escape(holder.text or "", quote=False)]
    parts.extend(etree.tostring(child, method="xml", encoding="unicode", with_tail=True)
                 for child in holder)
    return "".join(parts)


def map_fragments(book: Book, convert: Callable[[str], str]) -> Book:
    """A new book whose every fragment's HTML (footnotes too) went through ``convert``."""
    def fragment(f: Fragment) -> Fragment:
        notes = tuple(replace(n, html=convert(n.html)) for n in f.footnotes)
        return replace(f, html=convert(f.html), footnotes=notes)

    def choices(c: Choices | None) -> Choices | None:
        if c is None:
            return None
        return replace(c, stem=fragment(c.stem), explanation=fragment(c.explanation),
                       options=tuple(replace(o, content=fragment(o.content)) for o in c.options))

    def entry(e: Entry) -> Entry:
        if isinstance(e, Question):
            return replace(e, title=fragment(e.title),
                           parts=tuple(replace(p, content=fragment(p.content)) for p in e.parts),
                           choices=choices(e.choices))
        return replace(e, title=fragment(e.title) if e.title else None,
                       content=fragment(e.content))

    chapters = tuple(replace(c, title=fragment(c.title), entries=tuple(map(entry, c.entries)))
                     for c in book.chapters)
    return replace(book, chapters=chapters)
