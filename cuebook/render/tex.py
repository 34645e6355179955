"""TeX as latex2mathml reads it: what it lacks, written as what it has.

Each rewrite was measured against KaTeX's screenshot-test formulas and the shapes real notes
use (bench/formulas.py, docs/formulas.md): an environment latex2mathml does not know
(``aligned``, ``gather``, ``rcases``), a command it reads wrongly (``x'^2``, ``\\binom`` under a
superscript, ``\\over`` in a table's cell) or lacks (KaTeX's accents, ``\\verb``), as the
nearest TeX it draws the same.
"""

from __future__ import annotations

import re


class FormulaError(ValueError):
    """A formula that cannot be converted; the message says why."""


_TAG = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
_UNNUMBERED = re.compile(r"\\(?:notag|nonumber)(?![a-zA-Z])")


def split_tag(tex: str) -> tuple[str, str | None]:
    """The formula without its ``\\tag{…}`` (and ``\\notag``), and the tag."""
    tags = _TAG.findall(tex)
    if len(tags) > 1:
        raise FormulaError("it has more than one \\tag (number each formula once, or split it)")
    body = _UNNUMBERED.sub(" ", _TAG.sub(" ", tex))
    return body, (tags[0].strip() if tags else None)


#: Environments latex2mathml lacks, written as ones it has with the same layout.
_ENVIRONMENTS = (
    (re.compile(r"\\begin\{alignedat\*?\}\s*\{\d+\}"), r"\\begin{align*}"),
    (re.compile(r"\\end\{alignedat\*?\}"), r"\\end{align*}"),
    (re.compile(r"\\(begin|end)\{(?:aligned|split|flalign\*?|align)\}"), r"\\\1{align*}"),
    (re.compile(r"\\begin\{(?:gathered|gather\*?|multline\*?)\}"), r"\\begin{array}{c}"),
    (re.compile(r"\\end\{(?:gathered|gather\*?|multline\*?)\}"), r"\\end{array}"),
    (re.compile(r"\\(?:begin|end)\{equation\*?\}"), " "),
)


#: Commands latex2mathml lacks, as ones it has that draw the same (or as near as text can).
_COMMANDS = (
    (re.compile(r"\\(KaTeX|LaTeX|TeX)(?![a-zA-Z])"), r"\\text{\1}"),
    (re.compile(r"\\(red|blue|green|orange|purple|gray|magenta|teal|pink)(?![a-zA-Z])"),
     r"\\textcolor{\1}"),
    (re.compile(r"\\newline(?![a-zA-Z])"), r"\\\\"),
    (re.compile(r"\\(?:nobreak|allowbreak)(?![a-zA-Z])"), " "),
)


#: Accents and arrows latex2mathml lacks, as the nearest it has (a character over or under).
_ACCENTS = {
    "Overrightarrow": r"\overset{⇒}", "overgroup": r"\overset{⏜}",
    "undergroup": r"\underset{⏝}", "overlinesegment": r"\overline",
    "underlinesegment": r"\underline", "overleftharpoon": r"\overset{↼}",
    "overrightharpoon": r"\overset{⇀}", "widecheck": r"\check", "utilde": r"\underset{˜}",
    "phase": r"\angle", "xrightleftarrows": r"\xrightleftharpoons",
    "xrightequilibrium": r"\xrightleftharpoons", "xleftequilibrium": r"\xrightleftharpoons",
    "hdashline": r"\hline", "cr": r"\\", "angln": r"\overline{n\rvert}",
}
_ACCENT = re.compile(r"\\(" + "|".join(sorted(_ACCENTS, key=len, reverse=True)) + r")(?![a-zA-Z])")
_PRIMES = re.compile(r"('+)\^")
#: Environments that open and close around other ones.
_WRAPPED = (
    (re.compile(r"\\begin\{d?rcases\}"), r"\\left.\\begin{array}{ll}"),
    (re.compile(r"\\end\{d?rcases\}"), r"\\end{array}\\right\\}"),
    (re.compile(r"\\(begin|end)\{dcases\}"), r"\\\1{cases}"),
)


_VERB = re.compile(r"\\verb(\*?)([^a-zA-Z\s])(.*?)\2", re.S)
#: ``1\\over2`` alone in a cell of a table: latex2mathml's \\over takes the whole row.
_CELL_OVER = re.compile(r"(&|\\\\)([^&{}\\]*?)\\over(?![a-zA-Z])([^&{}\\]*?)(?=&|\\\\)")


def _verbatim(match: re.Match[str]) -> str:
    """``\\verb|…|`` as text, each sign a character reference (latex2mathml copies text
    into its MathML as it is: the reference is what keeps ``<x>`` a sign, not markup)."""
    text = match[3].replace(" ", "␣") if match[1] else match[3]
    return "\\texttt{" + "".join(
        c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in text) + "}"


def prepared(tex: str) -> str:
    """TeX as latex2mathml reads it: environments and commands it lacks written as ones it
    has."""
    tex = _VERB.sub(_verbatim, tex)
    for pattern, replacement in (*_ENVIRONMENTS, *_WRAPPED, *_COMMANDS):
        tex = pattern.sub(replacement, tex)
    tex = _ACCENT.sub(lambda m: _ACCENTS[m[1]], tex)
    tex = _with_arguments(tex)
    tex = _CELL_OVER.sub(r"\1{\2\\over\3}", tex)
    return _joined_primes(tex)


def _joined_primes(tex: str) -> str:
    """``x'^2`` as ``x^{\\prime 2}``: the prime is a superscript, and TeX joins the next one
    to it (latex2mathml reads two superscripts)."""
    out, position = [], 0
    for match in _PRIMES.finditer(tex):
        found = _argument(tex, match.end())
        if match.start() < position or found is None:
            continue
        out.append(tex[position:match.start()] + "^{" + "\\prime" * len(match[1]) +
                   " " + found[0] + "}")
        position = found[1]
    return "".join(out) + tex[position:]


#: Commands with arguments, by name: how many, and the TeX they become ({0}, {1}: the
#: arguments' contents).
_ARGUMENTS = {
    "htmlId": (2, "{{{1}}}"), "htmlClass": (2, "{{{1}}}"), "htmlStyle": (2, "{{{1}}}"),
    "htmlData": (2, "{{{1}}}"), "colorbox": (2, "{{\\text{{{1}}}}}"),
    "angl": (1, "\\overline{{{0}\\rvert}}"),
    "Set": (1, "\\left\\{{{0}\\right\\}}"), "set": (1, "\\{{{0}\\}}"),
    "Braket": (1, "\\left\\langle{{{0}}}\\right\\rangle"),
    # ziamath 0.13 fails on a superscript after latex2mathml's binomial (an assertion in
    # its layout); as \\atop in fences, as ziamath's own TeX reader writes it, it draws.
    "binom": (2, "{{\\left({0}\\atop {1}\\right)}}"),
    "dbinom": (2, "{{\\displaystyle\\left({0}\\atop {1}\\right)}}"),
    "tbinom": (2, "{{\\textstyle\\left({0}\\atop {1}\\right)}}"),
    "genfrac": (6, "{{\\left{0}{{{4}}}\\above{2}{{{5}}}\\right{1}}}"),
}
_ARGUMENT_COMMAND = re.compile(r"\\(" + "|".join(_ARGUMENTS) + r")(?![a-zA-Z])")


def _with_arguments(tex: str) -> str:
    """Each command of :data:`_ARGUMENTS` written out with its arguments (a group in braces
    or one character, as TeX reads them); one left without its arguments stays as it is."""
    out, position = [], 0
    for match in _ARGUMENT_COMMAND.finditer(tex):
        if match.start() < position:
            continue
        count, template = _ARGUMENTS[match[1]]
        arguments, end = [], match.end()
        for _ in range(count):
            found = _argument(tex, end)
            if found is None:
                break
            arguments.append(found[0])
            end = found[1]
        if len(arguments) < count:
            continue
        if match[1] == "genfrac":  # an empty delimiter is none
            arguments[:2] = [a.strip() or "." for a in arguments[:2]]
        if match[1] in ("Set", "Braket"):  # { x | P }: the bar between is a relation
            arguments = [re.sub(r"(?<!\\)\|", r"\\mid ", a) for a in arguments]
        out.append(tex[position:match.start()] + template.format(
            *(_with_arguments(a) for a in arguments)))
        position = end
    return "".join(out) + tex[position:]


def _argument(tex: str, start: int) -> tuple[str, int] | None:
    """The argument at ``start`` (spaces skipped): its content and where it ends."""
    while start < len(tex) and tex[start].isspace():
        start += 1
    if start >= len(tex):
        return None
    if tex[start] == "\\":  # a command: its name, or the one sign after the backslash
        name = re.match(r"\\(?:[a-zA-Z]+|.)", tex[start:], re.S)
        return (name[0], start + len(name[0])) if name else None
    if tex[start] != "{":
        return tex[start], start + 1
    depth = 0
    for index in range(start, len(tex)):
        if tex[index] == "\\":
            continue
        if tex[index] == "{" and tex[index - 1:index] != "\\":
            depth += 1
        elif tex[index] == "}" and tex[index - 1:index] != "\\":
            depth -= 1
            if depth == 0:
                return tex[start + 1:index], index + 1
    return None
