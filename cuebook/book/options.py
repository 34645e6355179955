"""The book's own ``book.yaml`` keys, declared as the formats declare theirs.

Each key is an :class:`~cuebook.formats.options.Option`: its help, default and check live
here once, and :mod:`cuebook.book.config` reads ``book.yaml`` through them (unknown keys with a
"did you mean", bad values located at their line). The top-level keys are :data:`BOOK`; the
mappings under ``output:``, ``questions:``, ``markdown:`` and ``fonts:`` are :data:`SECTIONS`;
every other top-level key is a format's section (``cards:``, ``epub:``…), declared with that
format (cuebook.formats.registry).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cuebook.book.paper import PAPER_SIZES
from cuebook.formats.options import Option, OptionError, Section, boolean, choice

NUMBERING_MODES = ("continuous", "per-chapter", "none")
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


# Readers: the value as YAML gives it in, the typed value out (no scope: read with the file).

def plain_text(value: Any, scope: object = None) -> str:
    """Text, numbers as written (``version: 2``); not true/false, a list or a mapping."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise OptionError("must be text")
    return str(value).strip()


def language(value: Any, scope: object = None) -> str:
    tag = plain_text(value)
    if tag and not _LANGUAGE_RE.match(tag):
        raise OptionError(f"'{tag}' is not a BCP 47 tag (such as zh-CN or en)")
    return tag


def author(value: Any, scope: object = None) -> str:
    """One name, or a list of names (joined with commas)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value)
    return plain_text(value)


def date(value: Any, scope: object = None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise OptionError(f"'{value}' is not a date like 2024-05-01") from None


def phrases(value: Any, scope: object = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(k, str) and k.strip() for k in value):
        raise OptionError("must be a list of words or phrases")
    return tuple(dict.fromkeys(k.strip() for k in value))


def file_names(value: Any, scope: object = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise OptionError("must be a list of Markdown file names")
    return tuple(value)


def as_written(value: Any, scope: object = None) -> Any:
    """Read further by :mod:`cuebook.book.config` (``parts``: labels by language)."""
    return value


def heading_level(value: Any, scope: object = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
        raise OptionError("must be a whole number from 1 to 6")
    return value


def font_family(value: Any, scope: object = None) -> str:
    from cuebook.safety.css import css_font_family  # the stylesheet reader: not needed by a
    # book that names no font, nor by a build that finds nothing changed

    name = plain_text(value)
    # Written into the stylesheets: cuebook.safety.css lets no quote or bracket through.
    if name and css_font_family(name) is None:
        raise OptionError(f"{name!r} is not a font family name (letters, digits, spaces, '-' "
                          "or '.')")
    return name


def font_families(value: Any, scope: object = None) -> tuple[str, ...]:
    from cuebook.safety.css import css_font_family

    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(f, str) for f in names):
        raise OptionError("must be a list of font family names")
    bad = [repr(n) for n in names if n.strip() and css_font_family(n.strip()) is None]
    if bad:  # every one at once: the message names them all
        said = "is not a font family name" if len(bad) == 1 else "are not font family names"
        raise OptionError(f"{', '.join(bad)} {said} (letters, digits, spaces, '-' or '.')")
    return tuple(f.strip() for f in names if f.strip())


#: The top-level keys, besides the sections below and the formats' (``slug``, ``parts``: the
#: reader takes them as written; cuebook.book.config checks them with what they depend on).
BOOK = Section("", (
    Option("title", "the book's title", plain_text, "", required=True),
    Option("author", "one name or a list of names (without one, the outputs show no byline)",
           author, ""),
    Option("language", "a BCP 47 tag (zh-CN, en): labels, fonts and typesetting follow it",
           language, "", required=True),
    Option("subtitle", "a line under the title", plain_text, ""),
    Option("slug", "the outputs' file name (default: the folder's name)", plain_text, ""),
    Option("version", "shown on the cover and the title page", plain_text, ""),
    Option("date", "the edition's date, like 2024-05-01", date, None),
    Option("description", "a paragraph for the e-book, the deck and the library page",
           plain_text, ""),
    Option("keywords", "the handout's PDF keywords (default: the questions' tags)", phrases,
           ()),
    Option("files", "the Markdown files in reading order (default: every one, by name)",
           file_names, ()),
    Option("parts", "the parts a question may have: their labels, aliases and which are "
           "required (default: question, answer, example in the book's language)",
           as_written, None),
))

OUTPUT = Section("output", (
    Option("paper", "the handout's paper; the cards and the site follow it",
           choice(*PAPER_SIZES), PAPER_SIZES[0], flag="--paper", choices=PAPER_SIZES),
))
QUESTIONS = Section("questions", (
    Option("heading_level", "the heading level of a question (default: found from where the "
           "part labels sit)", heading_level, None),
    Option("numbering", "question numbers: one sequence, one per chapter, or none",
           choice(*NUMBERING_MODES), NUMBERING_MODES[0], choices=NUMBERING_MODES),
))
MARKDOWN = Section("markdown", (
    Option("raw_html", "keep HTML in the Markdown, through the sanitizer (default: shown as "
           "text)", boolean, False),
))
FONTS = Section("fonts", (
    Option("body", "the family for text (default: the language's own)", font_family, ""),
    Option("headings", "the family for headings", font_family, ""),
    Option("code", "the family for code", font_family, ""),
    Option("fallbacks", "families tried before cuebook's own for characters the others lack",
           font_families, ()),
))
#: The book's sections, in the order the documentation lists them.
SECTIONS = (OUTPUT, QUESTIONS, MARKDOWN, FONTS)
