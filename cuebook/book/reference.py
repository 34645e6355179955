"""``cuebook help config``: every ``book.yaml`` key with what it does and its default, made
from the declarations themselves (cuebook.book.options and each format's options), so an
installed package has the reference and it never drifts from what the reader accepts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cuebook.book.options import BOOK, SECTIONS
from cuebook.formats.options import Option, Section

_WIDTH = 24  # the key column


def config_reference() -> str:
    from cuebook.formats.registry import sections  # the registry imports the book's options

    lines = ["book.yaml: every key, what it does and its default. title and language",
             "are required; everything else is optional.", ""]
    lines.extend(_options(BOOK, ""))
    lines.append(f"{'':{_WIDTH}}each part: {{label: …, aliases: […], required: true|false}}")
    for section in (*SECTIONS, *sections()):
        if not section.options:
            continue
        lines.extend(["", f"{section.name}:"])
        lines.extend(_options(section, "  "))
    return "\n".join(lines) + "\n"


def _options(section: Section, indent: str) -> Iterator[str]:
    for option in section.options:
        key = f"{indent}{option.key}"
        said = option.help + ("" if "default" in option.help else _default(option))
        if option.flag:
            said += f" [{option.flag}]"
        first, *rest = _wrap(said, 96 - _WIDTH)
        yield f"{key:<{_WIDTH}}{first}" if len(key) < _WIDTH else f"{key}\n{'':{_WIDTH}}{first}"
        yield from (f"{'':{_WIDTH}}{line}" for line in rest)


def _default(option: Option) -> str:
    if option.required:
        return " (required)"
    if option.choices:
        return f" ({' | '.join(option.choices)}; default: {option.choices[0]})" \
            if option.default == option.choices[0] else f" ({' | '.join(option.choices)})"
    value = option.default
    if value is None or value == "" or value == () or callable(value):
        return ""
    if isinstance(value, bool):
        return f" (default: {'true' if value else 'false'})"
    if isinstance(value, (int, float, str, dt.date)):
        return f" (default: {value})"
    return ""


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


__all__ = ["config_reference"]
