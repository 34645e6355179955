"""Code blocks as one block per source line: pages break well inside them, and a wrapped
line hangs under its own indentation instead of restarting at column 0.

In a ``pre`` that is one block of text, WeasyPrint can only keep lines together with
``orphans``/``widows`` and carries blank lines over to the top of the next page. As a block per
line, a blank line becomes the next line's top margin, which a page break truncates (CSS
Fragmentation 3, 5.5), and the first two and last two lines of a block are each kept with
their neighbour (``break-after``/``break-before: avoid``): at least three lines on each side of
a break; a line holding a comment alone is kept with the line after it. On screens (the
e-book, the site: ``paged`` off) every line keeps its newline and a blank line stays a line
of its own, so the code's text is exactly the author's.

Every line carries ``hang<n>`` (n its indentation, at most MAX_INDENT): styles give it a left
padding of n + 2 characters and the same negative first-line indent, so its first line starts
where it always did and its continuation lines two characters right of its indentation.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

#: Lines kept together at each end of a code block.
KEEP = 3
#: Indentation (in characters) up to which a wrapped line hangs under its own indentation.
MAX_INDENT = 24


def _segments(element: etree._Element, cls: str | None) -> list[tuple[str, str | None]]:
    """The text under ``element`` as (text, innermost Pygments class) pairs, in order."""
    found = [(element.text, cls)] if element.text else []
    for child in element:
        if isinstance(child.tag, str):
            found += _segments(child, child.get("class") or cls)
        if child.tail:
            found.append((child.tail, cls))
    return found


def _lines(segments: list[tuple[str, str | None]]) -> list[list[tuple[str, str | None]]]:
    lines: list[list[tuple[str, str | None]]] = [[]]
    for text, cls in segments:
        for n, piece in enumerate(text.split("\n")):
            if n:
                lines.append([])
            if piece:
                lines[-1].append((piece, cls))
    while lines and not lines[-1]:
        lines.pop()
    return lines


#: Pygments' classes for comments (not "cp", a preprocessor line, nor "cpf", its file name).
_COMMENTS = {"c", "c1", "ch", "cm", "cs"}


def _comment(line: list[tuple[str, str | None]]) -> bool:
    """Whether the line holds a comment alone: it speaks of the line after it, and stays on
    its page."""
    shown = [cls for text, cls in line if text.strip()]
    return bool(shown) and all(cls in _COMMENTS for cls in shown)


def _line_element(line: list[tuple[str, str | None]], classes: list[str]) -> etree._Element:
    text = "".join(t for t, _ in line)
    indent = min(len(text) - len(text.lstrip(" ")), MAX_INDENT)
    element = etree.Element("span", {"class": " ".join(["code-line", *classes,
                                                         f"hang{indent}"])})
    previous: etree._Element | None = None
    for piece, cls in line:
        if cls is None:
            if previous is None:
                element.text = (element.text or "") + piece
            else:
                previous.tail = (previous.tail or "") + piece
            continue
        previous = etree.SubElement(element, "span", {"class": cls})
        previous.text = piece
    return element


def split_lines(root: etree._Element, *, paged: bool = True) -> None:
    """Rewrite every ``pre`` under ``root`` as line blocks (see the module's note)."""
    for pre in list(root.iter("pre")):
        holder = pre.find("code")
        holder = pre if holder is None else holder
        lines = _lines(_segments(holder, None))
        for child in list(holder):
            holder.remove(child)
        holder.text = None
        if paged:
            _paged_lines(holder, lines)
            continue
        for line in lines:
            # Each line keeps its newline: the text is the author's, for copying, search and
            # a reader that ignores the styles; a block's last newline makes no empty line.
            holder.append(_line_element([*line, ("\n", None)], [] if line else ["blank"]))


def _paged_lines(holder: etree._Element, lines: list[list[tuple[str, str | None]]]) -> None:
    total = sum(1 for line in lines if line)
    blank_before = written = 0
    for line in lines:
        if not line:
            blank_before += 1
            continue
        classes = []
        if written < KEEP - 1 or _comment(line):
            classes.append("keep-next")
        if written > total - KEEP:
            classes.append("keep-previous")
        if blank_before and written:
            classes.append(f"gap{min(blank_before, 3)}")
        holder.append(_line_element(line, classes))
        blank_before = 0
        written += 1


def keep_short_inline(root: etree._Element, longest: int) -> None:
    """Mark inline code of at most ``longest`` characters ``short`` (styles keep it on one
    line: "(i, j)" broken after "(i," leaves a stub of grey box at a line end), but not code
    the CJK finish lets break (class ``breaks``, :func:`cuebook.render.cjk.break_inline_code`)."""
    for code in root.iter("code"):
        parent = code.getparent()
        if "breaks" in (code.get("class") or "").split():
            continue
        if parent is not None and parent.tag != "pre" and len("".join(code.itertext())) <= longest:
            code.set("class", " ".join(filter(None, [code.get("class"), "short"])))
