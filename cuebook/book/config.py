"""``book.yaml``: a book's metadata and options, validated with located diagnostics."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from cuebook.book.paper import PAPER_SIZES
from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.safety.css import css_font_family
from cuebook.safety.limits import MAX_CONFIG_BYTES
from cuebook.safety.safeyaml import YamlProblem, parse_yaml
from cuebook.safety.sources import SourceText, display_path, read_text

CONFIG_NAME = "book.yaml"
NUMBERING_MODES = ("continuous", "per-chapter", "none")
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
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


#: Labels per primary language subtag; any other language uses the English ones.
DEFAULT_PARTS: dict[str, tuple[PartSpec, ...]] = {
    "zh": (
        PartSpec("question", "题目", ("问题", "题干"), required=True),
        PartSpec("answer", "答案", ("解答", "参考答案", "回答"), required=True),
        PartSpec("example", "举例", ("示例", "例子"), required=False),
    ),
    "en": (
        PartSpec("question", "Question", ("Q", "Prompt"), required=True),
        PartSpec("answer", "Answer", ("A", "Solution"), required=True),
        PartSpec("example", "Example", ("Examples",), required=False),
    ),
}


_FONT_KEYS = ("body", "headings", "code", "fallbacks")


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
    #: Writer sections (``cards:``, ``epub:``, ``anki:``…) as read; each writer validates its own.
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Line of each key, dotted ("cards.size"), so writers can locate their own errors.
    lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def primary_language(self) -> str:
        return self.language.split("-")[0].lower()

    def section(self, name: str) -> Mapping[str, Any]:
        return self.sections.get(name, {})

    def at(self, key: str) -> SourceLocation:
        """Where a dotted key ("cards.size") is written, for diagnostics."""
        line = self.lines.get(key) or self.lines.get(key.rsplit(".", 1)[0], 1)
        return SourceLocation(self.location.path, line)

    def part_spec(self, key: str) -> PartSpec | None:
        return next((p for p in self.parts if p.key == key), None)


#: Sections that belong to one writer each; read as mappings, validated by that writer.
WRITER_SECTIONS = ("pdf", "epub", "cards", "anki", "site")
_KNOWN_KEYS = {
    "slug", "title", "subtitle", "author", "language", "version", "date", "description",
    "keywords", "questions", "parts", "files", "output", "markdown", "fonts",
    *WRITER_SECTIONS,
}
_REQUIRED_KEYS = ("title", "author", "language")


class _Reader:
    """Reads values out of the parsed YAML, reporting each problem at its line."""

    def __init__(self, source: SourceText, root: yaml.Node, diags: Diagnostics) -> None:
        self.source = source
        self.lines: dict[str, int] = {}
        self.diags = diags
        self._index(root, "", 0)

    def _index(self, node: yaml.Node, prefix: str, depth: int) -> None:
        if depth > 4 or not isinstance(node, yaml.MappingNode):
            return
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                path = f"{prefix}{key_node.value}"
                self.lines.setdefault(path, key_node.start_mark.line + 1)
                self._index(value_node, path + ".", depth + 1)

    def at(self, key: str) -> SourceLocation:
        line = self.lines.get(key) or self.lines.get(key.rsplit(".", 1)[0], 1)
        return SourceLocation(self.source.display, line, 1)

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
                    f"book has no {CONFIG_NAME} (title, author and language are required)",
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
        node, data = parse_yaml(source.text, CONFIG_NAME, frozenset(_KNOWN_KEYS))
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
    for key in data:
        if str(key) not in _KNOWN_KEYS:
            hint = difflib.get_close_matches(str(key), sorted(_KNOWN_KEYS), n=1)
            suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
            diags.warning(r.at(str(key)), f"unknown key '{key}'{suffix}", "config.unknown-key")
    for key in _REQUIRED_KEYS:
        if key not in data:
            diags.error(SourceLocation(source.display),
                        f"required field '{key}' is missing", "config.missing-field")
        elif data[key] is None or str(data[key]).strip() == "":
            diags.error(r.at(key), f"required field '{key}' is empty", "config.missing-field")
    language = r.text(data, "language")
    if language and not _LANGUAGE_RE.match(language):
        diags.error(r.at("language"),
                    f"language '{language}' is not a BCP 47 tag (such as zh-CN or en)",
                    "config.invalid-value")
    slug = r.text(data, "slug") or book_dir.name
    if not _SLUG_RE.match(slug):
        diags.error(r.at("slug") if "slug" in data else SourceLocation(source.display),
                    f"book slug '{slug}' must be lower-case letters, digits, '.', '_' or '-'",
                    "config.invalid-slug")
    questions = _mapping(data, "questions", r)
    parts = _parts(data.get("parts"), language, r)
    config = BookConfig(
        slug=slug,
        title=r.text(data, "title"),
        author=_author(data, r),
        language=language,
        subtitle=r.text(data, "subtitle"),
        version=r.text(data, "version"),
        date=_date(data, r),
        description=r.text(data, "description"),
        keywords=_keywords(data, r),
        heading_level=_heading_level(questions, r),
        numbering=_choice(questions, "numbering", NUMBERING_MODES, "questions.", r),
        parts=parts,
        files=_files(data, r),
        paper=_choice(_mapping(data, "output", r), "paper", PAPER_SIZES, "output.", r),
        raw_html=_raw_html(_mapping(data, "markdown", r), r),
        fonts=_fonts(_mapping(data, "fonts", r), r),
        location=SourceLocation(source.display),
        sections=MappingProxyType({k: MappingProxyType(dict(_mapping(data, k, r)))
                                   for k in WRITER_SECTIONS if k in data}),
        lines=MappingProxyType(dict(r.lines)),
    )
    return None if len(diags.errors) > errors_before else config


def _mapping(data: dict[str, Any], key: str, r: _Reader) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        r.diags.error(r.at(key), f"'{key}' must be a mapping", "config.invalid-value")
        return {}
    return value


def _keywords(data: dict[str, Any], r: _Reader) -> tuple[str, ...]:
    value = data.get("keywords")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(k, str) and k.strip() for k in value):
        r.diags.error(r.at("keywords"), "'keywords' must be a list of words or phrases",
                      "config.invalid-value")
        return ()
    return tuple(dict.fromkeys(k.strip() for k in value))


def _raw_html(markdown: dict[str, Any], r: _Reader) -> bool:
    for key in markdown:
        if key != "raw_html":
            r.diags.warning(r.at(f"markdown.{key}"), f"unknown key 'markdown.{key}' (known: "
                            "raw_html)", "config.unknown-key")
    value = markdown.get("raw_html", False)
    if not isinstance(value, bool):
        r.diags.error(r.at("markdown.raw_html"), "'markdown.raw_html' must be true or false",
                      "config.invalid-value")
        return False
    return value


def _fonts(fonts: dict[str, Any], r: _Reader) -> FontChoice:
    for key in fonts:
        if key not in _FONT_KEYS:
            r.diags.warning(r.at(f"fonts.{key}"), f"unknown key 'fonts.{key}' (known: "
                            f"{', '.join(_FONT_KEYS)})", "config.unknown-key")
    names = {key: r.text(fonts, key, "fonts.") for key in _FONT_KEYS[:3]}
    fallbacks = fonts.get("fallbacks") or []
    if isinstance(fallbacks, str):
        fallbacks = [fallbacks]
    if not isinstance(fallbacks, list) or not all(isinstance(f, str) for f in fallbacks):
        r.diags.error(r.at("fonts.fallbacks"), "'fonts.fallbacks' must be a list of font "
                      "family names", "config.invalid-value")
        fallbacks = []
    for key, name in [*names.items(), *(("fallbacks", f) for f in fallbacks)]:
        # Written into the stylesheets: cuebook.safety.css lets no quote or bracket through.
        if name and css_font_family(name) is None:
            r.diags.error(r.at(f"fonts.{key}"), f"'fonts.{key}': {name!r} is not a font family "
                          "name (letters, digits, spaces, '-' or '.')", "config.invalid-value")
    return FontChoice(names["body"], names["headings"], names["code"],
                      tuple(f.strip() for f in fallbacks if f.strip()))


def _author(data: dict[str, Any], r: _Reader) -> str:
    value = data.get("author")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value)
    return r.text(data, "author")


def _date(data: dict[str, Any], r: _Reader) -> dt.date | None:
    value = data.get("date")
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        r.diags.error(r.at("date"), f"date '{value}' is not a date like 2024-05-01",
                      "config.invalid-value")
        return None


def _heading_level(questions: dict[str, Any], r: _Reader) -> int | None:
    value = questions.get("heading_level")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
        r.diags.error(r.at("questions.heading_level"),
                      "'questions.heading_level' must be a whole number from 1 to 6",
                      "config.invalid-value")
        return None
    return value


def _choice(data: dict[str, Any], key: str, choices: tuple[str, ...], prefix: str,
            r: _Reader) -> str:
    value = data.get(key, choices[0])
    if str(value).lower() not in choices:
        r.diags.error(r.at(prefix + key),
                      f"'{prefix}{key}' must be one of {', '.join(choices)}; got '{value}'",
                      "config.invalid-value")
        return choices[0]
    return str(value).lower()


def _files(data: dict[str, Any], r: _Reader) -> tuple[str, ...]:
    value = data.get("files")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        r.diags.error(r.at("files"), "'files' must be a list of Markdown file names",
                      "config.invalid-value")
        return ()
    return tuple(value)


def _parts(value: Any, language: str, r: _Reader) -> tuple[PartSpec, ...]:
    defaults = DEFAULT_PARTS.get(language.split("-")[0].lower(), DEFAULT_PARTS["en"])
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
