"""``book.yaml``: a book's metadata and options, validated with located diagnostics."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from cuebook.book.options import BOOK, SECTIONS
from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.formats.options import Section, did_you_mean, read_section
from cuebook.i18n import part_languages, part_names, primary
from cuebook.safety.limits import MAX_CONFIG_BYTES
from cuebook.safety.safeyaml import YamlProblem, parse_yaml
from cuebook.safety.sources import SourceText, display_path, read_text

CONFIG_NAME = "book.yaml"
#: The keys of one part under ``parts:``.
_PART_OPTIONS = ("label", "aliases", "required")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_PART_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class PartSpec:
    """One part a question may have (题目, 答案, 举例…): its key, label and aliases."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


def _default_parts(language: str) -> tuple[PartSpec, ...]:
    names = part_names(language)
    return (PartSpec("question", names["question"][0], names["question"][1:], required=True),
            PartSpec("answer", names["answer"][0], names["answer"][1:], required=True),
            PartSpec("example", names["example"][0], names["example"][1:], required=False))


#: Labels per primary language subtag (the words: cuebook.i18n); any other language uses the
#: English ones.
DEFAULT_PARTS: dict[str, tuple[PartSpec, ...]] = {
    language: _default_parts(language) for language in part_languages()}


def default_parts(language: str) -> tuple[PartSpec, ...]:
    """The parts a book in ``language`` has when its book.yaml names none."""
    return DEFAULT_PARTS.get(primary(language), DEFAULT_PARTS["en"])


@dataclass(frozen=True)
class FontChoice:
    """``fonts:`` in book.yaml: families for text, headings and code (empty: the language's
    own faces) and fallbacks tried before cuebook's own (cuebook.render.fonts)."""

    body: str = ""
    headings: str = ""
    code: str = ""
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class BookConfig:
    slug: str
    title: str
    author: str
    language: str
    subtitle: str = ""
    version: str = ""
    date: dt.date | None = None
    description: str = ""
    #: ``keywords: [...]``: the handout PDF's /Keywords (default there: the questions' tags).
    keywords: tuple[str, ...] = ()
    heading_level: int | None = None
    numbering: str = "continuous"
    parts: tuple[PartSpec, ...] = DEFAULT_PARTS["en"]
    files: tuple[str, ...] = ()
    paper: str = "a4"
    #: ``markdown: {raw_html: true}``: HTML in the Markdown is kept, through the sanitizer
    #: (cuebook.safety.sanitize); by default it is shown as text.
    raw_html: bool = False
    fonts: FontChoice = FontChoice()
    location: SourceLocation = SourceLocation(CONFIG_NAME)
    #: The formats' sections (``cards:``, ``epub:``, ``anki:``…) as written; the pipeline
    #: reads each with its format's declared options (cuebook.formats.options).
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Line of each key, dotted ("cards.size"), so writers can locate their own errors.
    lines: Mapping[str, int] = field(default_factory=dict)
    columns: Mapping[str, int] = field(default_factory=dict)  # where each key starts

    @property
    def primary_language(self) -> str:
        return self.language.split("-")[0].lower()

    def section(self, name: str) -> Mapping[str, Any]:
        return self.sections.get(name, {})

    def at(self, key: str) -> SourceLocation:
        """Where a dotted key ("cards.size") is written, for diagnostics."""
        if key not in self.lines:
            key = key.rsplit(".", 1)[0]
        return SourceLocation(self.location.path, self.lines.get(key, 1),
                              self.columns.get(key, 1))

    def part_spec(self, key: str) -> PartSpec | None:
        return next((p for p in self.parts if p.key == key), None)


def slug_of(name: str) -> str:
    """The slug a folder's name gives when book.yaml sets none: "My Book" -> "my-book";
    a name with no letter or digit of ASCII (``面试题``) gives "book"."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    return slug or "book"


def format_sections() -> tuple[str, ...]:
    """The top-level keys that are the formats' sections (``cards:``, ``epub:``…): one per
    format, each read and checked with that format's options (cuebook.formats.registry)."""
    from cuebook.formats.registry import names  # the registry's formats import this module

    return names()


def known_keys() -> frozenset[str]:
    """Every top-level key of book.yaml: the book's, its sections, the formats'."""
    return frozenset((*BOOK.keys, *(s.name for s in SECTIONS), *format_sections()))


class _Reader:
    """Reads values out of the parsed YAML, reporting each problem at its line."""

    def __init__(self, source: SourceText, root: yaml.Node, diags: Diagnostics) -> None:
        self.source = source
        self.lines: dict[str, int] = {}
        self.columns: dict[str, int] = {}
        self.diags = diags
        self._index(root, "", 0)

    def _index(self, node: yaml.Node, prefix: str, depth: int) -> None:
        if depth > 4 or not isinstance(node, yaml.MappingNode):
            return
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                path = f"{prefix}{key_node.value}"
                if path not in self.lines:
                    self.lines[path] = key_node.start_mark.line + 1
                    self.columns[path] = key_node.start_mark.column + 1
                self._index(value_node, path + ".", depth + 1)

    def at(self, key: str) -> SourceLocation:
        if key not in self.lines:
            key = key.rsplit(".", 1)[0]
        return SourceLocation(self.source.display, self.lines.get(key, 1),
                              self.columns.get(key, 1))

    def text(self, data: dict[str, Any], key: str, path: str = "") -> str:
        value = data.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.diags.error(self.at(path + key), f"'{path}{key}' must be text",
                             "config.invalid-value")
            return ""
        return str(value).strip()


def load_config(book_dir: Path, diags: Diagnostics) -> BookConfig | None:
    """Load and validate ``book_dir/book.yaml``; ``None`` if it cannot be used."""
    path = book_dir / CONFIG_NAME
    if not path.exists():
        diags.error(SourceLocation(display_path(path)),
                    f"book has no {CONFIG_NAME} (title and language are required)",
                    "config.missing")
        return None
    source = read_text(path, diags, limit=MAX_CONFIG_BYTES)
    if source is None:
        return None
    parsed = _parse_yaml(source, diags)
    if parsed is None:
        return None
    node, data = parsed
    if not isinstance(data, dict):
        diags.error(SourceLocation(source.display),
                    f"{CONFIG_NAME} must be a mapping of keys to values", "config.invalid")
        return None
    return _build_config(book_dir, source, _Reader(source, node, diags), data, diags)


def _parse_yaml(source: SourceText, diags: Diagnostics) -> tuple[yaml.Node, Any] | None:
    try:
        node, data = parse_yaml(source.text, CONFIG_NAME, known_keys())
    except YamlProblem as problem:
        diags.error(SourceLocation(source.display, problem.line, problem.col),
                    f"invalid YAML: {problem.message}", "config.yaml")
        return None
    if node is None:
        diags.error(SourceLocation(source.display), f"{CONFIG_NAME} is empty", "config.invalid")
        return None
    return node, data


def _build_config(book_dir: Path, source: SourceText, r: _Reader, data: dict[str, Any],
                  diags: Diagnostics) -> BookConfig | None:
    errors_before = len(diags.errors)
    top = _read(BOOK, data, r, elsewhere=tuple(sorted(known_keys() - set(BOOK.keys))))
    slug = top["slug"] or slug_of(book_dir.name)
    if not _SLUG_RE.match(slug):
        diags.error(r.at("slug") if "slug" in data else SourceLocation(source.display),
                    f"book slug '{slug}' must be lower-case letters, digits, '.', '_' or '-'",
                    "config.invalid-slug")
    output, questions, markdown, fonts = (_read(s, _mapping(data, s.name, r), r)
                                          for s in SECTIONS)
    config = BookConfig(
        slug=slug,
        title=top["title"],
        author=top["author"],
        language=top["language"],
        subtitle=top["subtitle"],
        version=top["version"],
        date=top["date"],
        description=top["description"],
        keywords=top["keywords"],
        heading_level=questions["heading_level"],
        numbering=questions["numbering"],
        parts=_parts(top["parts"], top["language"], r),
        files=top["files"],
        paper=output["paper"],
        raw_html=markdown["raw_html"],
        fonts=FontChoice(**fonts),
        location=SourceLocation(source.display),
        sections=MappingProxyType({k: MappingProxyType(dict(_mapping(data, k, r)))
                                   for k in format_sections() if k in data}),
        lines=MappingProxyType(dict(r.lines)),
        columns=MappingProxyType(dict(r.columns)),
    )
    return None if len(diags.errors) > errors_before else config


def _read(section: Section, written: dict[str, Any], r: _Reader,
          elsewhere: tuple[str, ...] = ()) -> Mapping[str, Any]:
    """The section's values by their declarations (cuebook.book.options), each problem
    reported at its line."""
    resolved = read_section(section, written, r.at, {}, None, elsewhere)
    r.diags.extend(resolved.problems)
    return resolved.values


def _mapping(data: dict[str, Any], key: str, r: _Reader) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        r.diags.error(r.at(key), f"'{key}' must be a mapping", "config.invalid-value")
        return {}
    return value


def _parts(value: Any, language: str, r: _Reader) -> tuple[PartSpec, ...]:
    defaults = default_parts(language)
    if value is None:
        return defaults
    if not isinstance(value, dict) or not value:
        r.diags.error(r.at("parts"), "'parts' must map part keys (question, answer…) to "
                      "their label and options", "config.invalid-value")
        return defaults
    specs = []
    by_key = {p.key: p for p in defaults}
    for key, options in value.items():
        where = f"parts.{key}"
        if not isinstance(key, str) or not _PART_KEY_RE.match(key):
            r.diags.error(r.at(where), f"part key '{key}' must be a lower-case identifier",
                          "config.invalid-value")
            continue
        options = options if options is not None else {}
        if isinstance(options, str):
            options = {"label": options}
        if not isinstance(options, dict):
            r.diags.error(r.at(where), f"'{where}' must be a label or a mapping",
                          "config.invalid-value")
            continue
        for written in options:
            if written not in _PART_OPTIONS:
                hint = did_you_mean(str(written), _PART_OPTIONS)
                said = f"did you mean '{where}.{hint}'?" if hint else \
                    f"known: {', '.join(_PART_OPTIONS)}"
                r.diags.warning(r.at(f"{where}.{written}"),
                                f"unknown key '{where}.{written}' ({said})", "config.unknown-key")
        base = by_key.get(key)
        label = r.text(options, "label", where + ".") or (base.label if base else "")
        if not label:
            r.diags.error(r.at(where), f"part '{key}' needs a label", "config.invalid-value")
            continue
        aliases = options.get("aliases", list(base.aliases) if base else [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            r.diags.error(r.at(where + ".aliases"), f"'{where}.aliases' must be a list of labels",
                          "config.invalid-value")
            aliases = []
        required = options.get("required", base.required if base else False)
        if not isinstance(required, bool):
            r.diags.error(r.at(where + ".required"), f"'{where}.required' must be true or false",
                          "config.invalid-value")
            required = False
        specs.append(PartSpec(key, label, tuple(aliases), required))
    return tuple(specs) or defaults
