"""Fonts: which faces a book is set in, where they are, and whether they cover its text.

A book is set in its language's faces (Noto CJK in the language's variant for Chinese,
Japanese and Korean; Noto Serif and Noto Sans, with real italics and bold, and DejaVu Sans Mono
for any other language), or in the families its ``book.yaml`` names under ``fonts:``. After them
comes a fallback list (math and symbols, other scripts, CJK for a non-CJK book, emoji), of which
only the faces the book's text needs go into the stack: the first face in the list wins each
character, so Han in a Chinese book stays in the SC face whatever else is on the line.

The families named here are the only ones the stylesheets use (the templates write them into
the CSS), so the coverage check and the PDF's embedded fonts agree: a character no face covers
fails the build with its location instead of becoming a tofu box or a stray fallback face.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cuebook.book.config import FontChoice
from cuebook.diagnostics import Diagnostic, Severity, SourceLocation
from cuebook.i18n import cjk_region, is_cjk
from cuebook.render import fontconfig

if TYPE_CHECKING:
    from cuebook.book.model import Book

EMOJI = "Noto Color Emoji"
EMOJI_ALIAS = "cuebook emoji"
#: Where emoji are (Unicode's emoji-data: pictographs, dingbats, arrows and symbols with an
#: emoji form, variation selector 16, the zero-width joiner, tags, keycap); not digits, "#",
#: "*" or the space, which are emoji components too.
EMOJI_RANGES = ("U+A9, U+AE, U+200D, U+203C, U+2049, U+20E3, U+2122, U+2139, U+2194-21AA, "
                "U+231A-23FF, U+24C2, U+25AA-27BF, U+2934-2935, U+2B05-2B55, U+3030, U+303D, "
                "U+3297, U+3299, U+FE0F, U+1F000-1FAFF, U+E0020-E007F")
_IGNORED = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF} | set(range(0xFE00, 0xFE10))
#: Bidirectional overrides and isolates: they reorder how code reads ("Trojan Source") and no
#: text face draws them. DejaVu Sans maps them, so they never count as covered: a fallback
#: face must not let them through.
_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))

#: Faces for symbols the text faces lack, in the order they are tried: Noto Sans Math has the
#: operators (U+22C5 DOT OPERATOR is in none of the Noto CJK faces), Symbols 2 the technical
#: and dingbat blocks.
SYMBOL_FACES = ("Noto Sans Math", "Noto Sans Symbols2", "Noto Sans Symbols", EMOJI)
#: The last resort, after the script faces: DejaVu Sans is broad (modifier letters such as
#: U+1D62) but would otherwise set Arabic in its own plainer design and emoji in black.
LAST_RESORT = "DejaVu Sans"
#: One face per script the language faces do not draw (all in Debian's fonts-noto-core).
#: Noto Sans Arabic sets Persian and Urdu too: Urdu's own Nastaliq (Noto Nastaliq Urdu) is
#: shaped right by WeasyPrint, but its letters reach 1.8 em above the baseline and 1.4 em below,
#: and at the handout's and the cards' line heights (1.75, 1.3) they ran into the line above.
SCRIPT_FACES = ("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari",
                "Noto Sans Bengali", "Noto Sans Tamil", "Noto Sans Thai", "Noto Sans Armenian",
                "Noto Sans Georgian", "Noto Sans Ethiopic")
#: The Debian package that installs a family, by the start of its name (first match wins).
_PACKAGES = (("Noto Sans Mono CJK", "fonts-noto-cjk"), ("Noto Sans CJK", "fonts-noto-cjk"),
             ("Noto Serif CJK", "fonts-noto-cjk"), (EMOJI, "fonts-noto-color-emoji"),
             ("DejaVu", "fonts-dejavu-core"), ("STIX", "fonts-stix"), ("Noto", "fonts-noto-core"))


def package_of(family: str) -> str | None:
    """The Debian package that provides ``family``, when it is one cuebook knows."""
    return next((package for prefix, package in _PACKAGES if family.startswith(prefix)), None)


def not_installed(family: str) -> str:
    """The message for a family fontconfig does not have, naming the package to install."""
    package = package_of(family)
    how = (f"install the Debian package {package} (scripts/setup.sh does)" if package
           else "install it, or name an installed family under 'fonts:' in book.yaml")
    return f"font {family!r} is not installed: {how}"


@dataclass(frozen=True)
class FontStack:
    """The families of one book: serif for text, sans for headings and labels, mono for code,
    then the fallback faces its text needs (none for most books: with a face in the list that
    no character needed, Pango still set some digits in Noto Color Emoji)."""

    serif: str
    sans: str
    mono: str
    fallbacks: tuple[str, ...] = ()

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.serif, self.sans, self.mono, *self.fallbacks)))

    @property
    def emoji(self) -> bool:
        return EMOJI in self.fallbacks

    def css(self, family: str) -> str:
        """A CSS font-family value: the family, then the fallbacks; nothing else. The emoji
        face is named through :data:`EMOJI_ALIAS` (see :meth:`face_rules`)."""
        names = dict.fromkeys((family, *self.fallbacks))
        return ", ".join(f'"{EMOJI_ALIAS if name == EMOJI else name}"' for name in names)

    def face_files(self) -> tuple[Path, ...]:
        """The font files :meth:`face_rules` makes WeasyPrint read (its fetcher must allow
        them: they are cuebook's choice, never the book's)."""
        found = locate(EMOJI) if self.emoji else None
        return (found.path,) if found is not None else ()

    def files(self) -> list[Path]:
        """Every font file a page set in this stack may use: the families' and the faces'."""
        found = [f.path for f in locate_all(self.families) if f is not None]
        return [*found, *self.face_files()]

    def face_rules(self) -> str:
        """The ``@font-face`` rules a page using :meth:`css` needs: the emoji face limited to
        emoji. With Noto Color Emoji itself in a family list, Pango sets the digits and spaces
        of a line that holds an emoji in it (measured: "2 0 2 4", word gaps of an em, inline
        code drawn over its neighbours); its unicode-range keeps them in the text's face."""
        if not self.emoji:
            return ""
        return (f'@font-face {{ font-family: "{EMOJI_ALIAS}"; src: local("{EMOJI}"); '
                f"unicode-range: {EMOJI_RANGES}; }}")


def stack_for(language: str, choice: FontChoice | None = None) -> FontStack:
    """The language's faces, or those ``book.yaml`` names; no fallbacks yet."""
    region = cjk_region(language)
    if region:  # Pango picks CJK glyph shapes by language: the variant must match it
        base = FontStack(f"Noto Serif CJK {region}", f"Noto Sans CJK {region}",
                         f"Noto Sans Mono CJK {region}")
    else:
        base = FontStack("Noto Serif", "Noto Sans", "DejaVu Sans Mono")
    if choice is None:
        return base
    return FontStack(choice.body or base.serif, choice.headings or base.sans,
                     choice.code or base.mono)


def fallback_candidates(language: str, choice: FontChoice | None = None) -> tuple[str, ...]:
    """Every face that may follow the language's: the book's own, CJK for a book in another
    language (Simplified Chinese shapes unless the book says otherwise), symbols, scripts."""
    own = choice.fallbacks if choice else ()
    cjk = () if is_cjk(language) else ("Noto Sans CJK SC",)
    return tuple(dict.fromkeys((*own, *cjk, *SYMBOL_FACES, *SCRIPT_FACES, LAST_RESORT)))


def stack_for_book(book: Book) -> FontStack:
    """The book's stack: its faces, then each fallback that draws a character they lack."""
    config = book.config
    base = stack_for(config.language, config.fonts)
    faces = [locate(name) for name in (base.serif, base.sans, base.mono)]
    if any(face is None for face in faces):
        return base  # reported by uncovered(): nothing to measure against
    common = functools.reduce(frozenset.intersection, (_cmap(f) for f in faces if f))
    lacking = {ord(c) for c in _characters(book)} - common - _BIDI_CONTROLS
    chosen: list[str] = []
    candidates = fallback_candidates(config.language, config.fonts)
    for name, font in zip(candidates, locate_all(candidates), strict=True):
        if not lacking:
            break
        if font is not None and lacking & _cmap(font):
            chosen.append(name)
            lacking -= _cmap(font)
    return FontStack(base.serif, base.sans, base.mono, tuple(chosen))


def _characters(book: Book) -> set[str]:
    return {c for text, _ in _book_text(book) for c in text}


@dataclass(frozen=True)
class FontFile:
    family: str
    path: Path
    index: int  # the face inside a .ttc collection


@functools.lru_cache(maxsize=128)
def locate(family: str, bold: bool = False) -> FontFile | None:
    """The file fontconfig uses for a family, or ``None`` when the family is not installed."""
    return locate_all([family], bold)[0]


#: What fontconfig answered in this process, by (family, bold): a build asks for the same
#: families several times (the glyph check, the cache key, each writer's font stack), and the
#: answers (then from 17 ``fc-match`` processes) were a fifth of the seed handout's
#: whole-process time.
_LOCATED: dict[tuple[str, bool], FontFile | None] = {}


def locate_all(families: Sequence[str], bold: bool = False) -> list[FontFile | None]:
    """:func:`locate` for several families, once per process: fontconfig's own answer, asked
    in this process through its library (:mod:`cuebook.render.fontconfig`), or from
    ``fc-match`` where the library cannot be loaded."""
    weight = "bold" if bold else "regular"
    unknown = list(dict.fromkeys(f for f in families if (f, bold) not in _LOCATED))
    if unknown:
        answers = fontconfig.match([f"{family}:weight={weight}" for family in unknown],
                                   _FORMAT)
        if answers is None:
            answers = _fc_match(unknown, weight)
            if answers is None:
                return [None for _ in families]
        for family, answer in zip(unknown, answers, strict=True):
            _LOCATED[family, bold] = _matched(family, answer)
    return [_LOCATED[family, bold] for family in families]


#: What each match prints: the family names, the file, the face's index in it.
_FORMAT = "%{family}\n%{file}\n%{index}"


def _fc_match(families: Sequence[str], weight: str) -> list[str | None] | None:
    """``fc-match``'s answer for each family, all asked at once (each takes ~5 ms, most of
    it starting up); None without fontconfig's programs."""
    try:
        asked = [subprocess.Popen(["fc-match", f"--format={_FORMAT}", f"{family}:weight={weight}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                 for family in families]
    except OSError:
        return None
    answers: list[str | None] = []
    for process in asked:
        try:
            out, _ = process.communicate(timeout=30)
        except subprocess.SubprocessError:
            process.kill()
            process.wait()
            out = None
        answers.append(out if process.returncode == 0 else None)
    return answers


def _matched(family: str, answer: str | None) -> FontFile | None:
    if answer is None:
        return None
    lines = answer.split("\n")
    if len(lines) < 3 or family not in lines[0].split(","):
        return None  # fontconfig substituted another family: ours is missing
    return FontFile(family, Path(lines[1]), int(lines[2] or 0))


@functools.lru_cache(maxsize=128)
@functools.cache
def code_points(font: FontFile) -> frozenset[int]:
    """The code points a face maps, read once per process."""
    return _cmap(font)


def _cmap(font: FontFile) -> frozenset[int]:
    """The code points a face maps. HarfBuzz reads a CJK cmap in ~1 ms; fontTools took ~0.1 s."""
    import uharfbuzz as hb  # here: a run that builds nothing checks no glyphs

    face = hb.Face(hb.Blob.from_file_path(str(font.path)), font.index)
    return frozenset(face.unicodes)


def missing_fonts(stack: FontStack) -> list[str]:
    return [family for family in stack.families if locate(family) is None]


def _book_text(book: Book) -> list[tuple[str, SourceLocation]]:
    config = book.config
    meta = " ".join((config.title, config.subtitle, config.author, config.description,
                     config.version))
    found = [(meta, config.location)]
    for fragment, where in book.fragments():
        found.append((fragment.text, where))
        found.extend((note.html, where) for note in fragment.footnotes)
    for question in book.questions:
        for part in question.parts:
            found.append((part.label, part.location))
    return found


def _exact(where: SourceLocation, char: str) -> SourceLocation:
    """Narrow a fragment's location to the line and column where ``char`` first appears."""
    try:
        lines = Path(where.path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return where
    for number in range(where.line, len(lines) + 1):
        col = lines[number - 1].find(char)
        if col >= 0:
            return SourceLocation(where.path, number, col + 1)
    return where


def _where_named(book: Book, family: str) -> SourceLocation:
    """The book.yaml line that names ``family``, or the language line for a default face."""
    choice = book.config.fonts
    for key, value in (("body", choice.body), ("headings", choice.headings),
                       ("code", choice.code)):
        if value == family:
            return book.config.at(f"fonts.{key}")
    if family in choice.fallbacks:
        return book.config.at("fonts.fallbacks")
    return book.config.at("language")


def uncovered(book: Book, stack: FontStack, limit: int = 10) -> list[Diagnostic]:
    """A located error for each face of the stack that is not installed, else for each
    character (up to ``limit``) that no face of the stack has."""
    missing = missing_fonts(stack)
    if missing:
        return [Diagnostic(_where_named(book, name), Severity.ERROR, not_installed(name),
                           "font.not-installed") for name in missing]
    covered: set[int] = set()
    for family in stack.families:
        font = locate(family)
        if font is not None:
            covered |= _cmap(font)
    first = _first_uses(_book_text(book), covered - _BIDI_CONTROLS)
    hint = _install_hint(book) if first else ""
    diags = []
    for char, (where, count) in list(first.items())[:limit]:
        where = _exact(where, char)
        name = unicodedata.name(char, "unnamed")
        uses = f"; first of {count} uses" if count > 1 else ""
        diags.append(Diagnostic(where, Severity.ERROR,
                                f"character {char!r} (U+{ord(char):04X} {name}) has no glyph in "
                                f"the book's fonts ({', '.join(stack.families)}){uses}{hint}",
                                "font.missing-glyph"))
    return diags


def _first_uses(texts: Iterable[tuple[str, SourceLocation]],
                covered: set[int]) -> dict[str, tuple[SourceLocation, int]]:
    first: dict[str, tuple[SourceLocation, int]] = {}
    for text, where in texts:
        for char in text:
            code = ord(char)
            if code in covered or code in _IGNORED or char.isspace() or \
                    unicodedata.category(char) == "Cc":
                continue
            seen = first.get(char)
            first[char] = (seen[0], seen[1] + 1) if seen else (where, 1)
    return first


def _install_hint(book: Book) -> str:
    """Which packages of fallback faces are missing here: one of them may have the glyph."""
    candidates = fallback_candidates(book.config.language, book.config.fonts)
    absent = [name for name, font in zip(candidates, locate_all(candidates), strict=True)
              if font is None]
    packages = sorted({p for p in map(package_of, absent) if p})
    return f" (not installed here: {', '.join(packages)})" if packages else ""

