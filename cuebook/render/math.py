"""Formulas: TeX in the Markdown, MathML in the model, pictures on paper.

The Markdown renderer turns each formula into MathML once (latex2mathml, after the rewrites of
:mod:`cuebook.render.tex`), sanitised once, and keeps the TeX as ``alttext``: e-readers and
browsers typeset MathML themselves and screen readers read it. The handout and the cards are
laid out by WeasyPrint, which has no MathML, so there ziamath draws that same MathML as an SVG
in a real math font (STIX Two Math, bundled with it: no TeX installation), and the check draws
it too, so that what it accepts every writer can show. Anki typesets ``\\(…\\)`` and
``\\[…\\]`` itself.

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
from cuebook.render.fonts import FontFile, stack_for_book
from cuebook.render.mathtext import text_faces, text_glyphs
from cuebook.render.tex import FormulaError as FormulaError
from cuebook.render.tex import prepared, split_tag
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
    "open", "close", "separators", "align", "voffset", "mathcolor", "mathbackground"))
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False)
#: Size ziamath draws at; the SVG is then scaled in em, so a formula takes the size of the
#: text around it.
_DRAW_SIZE = 10.0


def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for a TeX formula, with the TeX as ``alttext``; :class:`FormulaError` if the
    TeX is malformed, uses an unknown command or holds markup.

    This is the one conversion: the check runs it, the e-book and the site carry its result,
    and the handout and the cards draw that same MathML (:func:`mathml_to_svg`)."""
    from latex2mathml.converter import convert  # here: books without formulas never load it

    depth = nesting(tex)
    if depth > MAX_FORMULA_DEPTH:
        raise FormulaError(f"it nests groups {depth} deep; the limit is {MAX_FORMULA_DEPTH} "
                           "(drawing it takes about three times as long for each level more)")
    body, tag = split_tag(tex)
    try:
        raw = convert(prepared(body), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many types, all meaning "cannot parse"
        raise FormulaError(_reason(exc)) from exc
    root = sanitised(raw)
    _aligned_cells(root)
    if tag is not None:
        # The number after the formula, as e-readers show it (MathML Core has no
        # mlabeledtr), and as the handout draws it.
        etree.SubElement(root, f"{{{MATHML_NS}}}mspace", width="2em")
        etree.SubElement(root, f"{{{MATHML_NS}}}mtext").text = f"({tag})"
    root.set("alttext", tex)
    return _serialise(root)


def _aligned_cells(root: etree._Element) -> None:
    """Each table cell's ``columnalign`` also as CSS: browsers that follow MathML Core
    (Chromium) ignore the attribute and centre every column, so ``aligned`` lost its
    alignment on the site and in e-readers built on them. The value is cuebook's own (the
    sanitiser has dropped any style a formula wrote)."""
    mtd = f"{{{MATHML_NS}}}mtd"
    for table in root.iter(f"{{{MATHML_NS}}}mtable"):
        columns = (table.get("columnalign") or "").split()
        for row in table:
            cells = [cell for cell in row if cell.tag == mtd]
            for index, cell in enumerate(cells):
                align = cell.get("columnalign") or (
                    columns[min(index, len(columns) - 1)] if columns else "center")
                if align in ("left", "right"):  # and no padding where the pair meets
                    side = "right" if align == "right" else "left"
                    cell.set("style", f"text-align: {align}; padding-{side}: 0")


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


def sanitised(raw: str) -> etree._Element:
    """The converter's MathML parsed as XML and kept only if every element is MathML; any
    attribute that is not presentational MathML is dropped (``style``, event handlers)."""
    try:
        root = etree.fromstring(raw.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FormulaError(_unreadable(raw)) from exc
    for semantics in list(root.iter(f"{{{MATHML_NS}}}semantics")):
        # The TeX a converter annotates its MathML with is the alttext already; the
        # presentation (the first child) takes the place of the wrapper.
        presentation = semantics[0] if len(semantics) else etree.Element(f"{{{MATHML_NS}}}mrow")
        presentation.tail = semantics.tail
        semantics.getparent().replace(semantics, presentation)
    for element in root.iter():
        if not isinstance(element.tag, str):
            raise FormulaError("it holds text that reads as markup (a comment or an instruction)")
        name = etree.QName(element).localname
        if etree.QName(element).namespace != MATHML_NS or name not in _ELEMENTS:
            raise FormulaError(f"it holds <{name}>, which is not MathML: text in a formula "
                               "cannot be markup (write < as \\lt)")
        for attribute in list(element.attrib):
            colour = attribute in ("mathcolor", "mathbackground")
            if attribute not in _ATTRIBUTES or (
                    colour and not _COLOUR.fullmatch(element.get(attribute))):
                del element.attrib[attribute]
        if name in ("mi", "mo") and (element.text or "").startswith("\\"):
            element.text = _symbol(element.text)
    return root


def _symbol(command: str) -> str:
    """The character of a delimiter latex2mathml leaves as its command after ``\\big`` and
    its kin (``\\Big\\{``); :class:`FormulaError` for a command it does not know."""
    from latex2mathml.symbols_parser import convert_symbol

    code = convert_symbol(command)
    if code is not None:
        return chr(int(code, 16))
    hint = (f" (if it names an operator, write \\operatorname{{{command[1:]}}})"
            if command[1:].isalpha() else "")
    raise FormulaError(f"unknown command {command}{hint}")


_COLOUR = re.compile(r"#?[a-zA-Z0-9]{1,20}")
_BARE_AMPERSAND = re.compile(r"&(?!#x?[0-9a-fA-F]+;|[a-zA-Z]+;)")


def _unreadable(raw: str) -> str:
    """Why the converter's output is not XML, said in TeX terms."""
    if _BARE_AMPERSAND.search(raw):
        return ("it has an & outside an alignment: & separates columns only inside aligned, "
                "cases, matrix or array (write \\& for the sign itself)")
    return "it holds text that reads as markup (write < as \\lt and > as \\gt)"


def _serialise(root: etree._Element) -> str:
    """MathML as HTML can carry it: every element closed with an end tag (an HTML parser
    reads ``<mspace/>`` as an open element that swallows what follows)."""
    for element in root.iter():
        if element.text is None and len(element) == 0:
            element.text = ""
    etree.cleanup_namespaces(root)
    return str(etree.tostring(root, encoding="unicode", method="xml"))


@functools.lru_cache(maxsize=4096)
def mathml_to_svg(mathml: str, text_families: tuple[str, ...] = ()) -> str:
    """An SVG of a formula as :func:`tex_to_mathml` made it, sized in em and set on the text's
    baseline (inline formulas) or scaled down to the line's width (display formulas).
    Characters the math font lacks (Chinese in ``\\text{}``) are drawn in the first of
    ``text_families`` that has them (the book's faces). :class:`FormulaError` if ziamath
    cannot lay it out."""
    root = etree.fromstring(mathml.encode("utf-8"), _PARSER)
    display = root.get("display") == "block"
    tex = root.get("alttext", "")
    for element in root.iter():  # the cells' CSS is for browsers; ziamath reads columnalign
        element.attrib.pop("style", None)
    _flatten_styles(root)
    # A \tag is drawn as the e-book shows it, after the formula: ziamath's own numbering
    # sets it at the right of a 6.5-inch line, and scaled to the column the formula shrank.
    missing = undrawable(mathml)
    faces = text_faces(text_families, frozenset(missing)) if missing and text_families else ()
    with text_glyphs(faces):
        drawn = _draw(etree.tostring(root, encoding="unicode"))
    svg = etree.fromstring(drawn.encode("utf-8"), _PARSER)
    _, top, width, height = (float(v) for v in svg.get("viewBox").split())
    depth = top + height  # how far the picture reaches below the baseline (y = 0)
    em = _DRAW_SIZE
    style = f"width: {width / em:.3f}em; height: {height / em:.3f}em"
    if display:
        svg.set("preserveAspectRatio", "xMidYMid meet")
        style += "; max-width: 100%"
    else:
        # Wider than the line (a long sum in a paragraph): scaled down to it, as display
        # formulas are.
        svg.set("preserveAspectRatio", "xMinYMax meet")
        style += f"; vertical-align: {-depth / em:.3f}em; max-width: 100%"
    for name in ("width", "height"):
        del svg.attrib[name]
    svg.set("style", style)
    svg.set("class", "math-display" if display else "math")
    svg.set("role", "img")
    svg.set("aria-label", tex)
    return str(etree.tostring(svg, encoding="unicode"))


def _flatten_styles(root: etree._Element) -> None:
    """Each ``<mstyle>``'s attributes given to its children and the element taken out, as
    ziamath 0.13 does itself, but as a tree: its regular expression for it reads
    ``<mstyle><mi>`` as one tag when the mstyle has no attribute, and the MathML breaks."""
    for style in list(root.iter(f"{{{MATHML_NS}}}mstyle")):  # outermost first
        for child in style:
            for name, value in style.attrib.items():
                if name not in child.attrib:
                    child.set(name, value)
    for style in reversed(list(root.iter(f"{{{MATHML_NS}}}mstyle"))):
        row = style.getparent()
        index = row.index(style)
        children = list(style)
        if not children:
            row.remove(style)  # its tail is lost only if it had one: MathML has none
            continue
        for offset, child in enumerate(children):
            row.insert(index + offset, child)
        row.remove(style)


def _draw(mathml: str) -> str:
    import xml.etree.ElementTree as ET  # ziamath reads the standard library's elements

    with warnings.catch_warnings():
        # ziamath 0.13 finds its font with importlib.resources.path, deprecated in 3.11.
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath  # here: only the check and the writers that print draw formulas

        # Plain paths: no <symbol> ids shared between formulas.
        ziamath.config.svg2 = False  # type: ignore[attr-defined]
        try:
            # An element, not a string: ziamath unescapes a string's entities (&amp; and
            # &lt; in \\text) before it parses it.
            return str(ziamath.Math(ET.fromstring(mathml),  # type: ignore[attr-defined]
                                    size=_DRAW_SIZE).svg())
        except Exception as exc:  # ziamath's errors are of many types, all "cannot lay out"
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise FormulaError(f"the math renderer for print cannot lay it out ({detail}); "
                               "write the construct another way") from exc


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
    if not has_formulas(book):
        return book
    families = stack_for_book(book).families
    return map_fragments(book, functools.partial(_drawn, families=families))


def with_tex_formulas(book: Book) -> Book:
    """The book with every ``<math>`` as ``\\(…\\)`` or ``\\[…\\]`` text, for Anki."""
    return map_fragments(book, _as_tex_html) if has_formulas(book) else book


def _drawn(html_text: str, families: tuple[str, ...]) -> str:
    return _rewrite_math(html_text, lambda el: etree.fromstring(
        mathml_to_svg(etree.tostring(el, encoding="unicode", with_tail=False), families)))


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
