"""Options, declared once: the ``book.yaml`` key, the command-line flag, the help text, the
default and the check come from one :class:`Option`. The book's own keys (``output.paper``,
``questions.numbering``, ``fonts``… in :mod:`cuebook.book.options`) and every format's
section (``cards:``, ``epub:``…) are declared and read the same way.

The book's keys are read when ``book.yaml`` is loaded; every format's section is read and
checked in the main process, by ``--check`` and by every build, before any writer runs. A bad
value is an error at ``book.yaml:line`` (or at the flag), an unknown key a warning (an error
with ``--strict``) with a "did you mean" when one is close, all reported together. Writers
receive the checked, typed values in ``WriterContext.options`` and never parse them again.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cuebook.diagnostics import Diagnostic, Severity, SourceLocation

if TYPE_CHECKING:  # the book's own keys are declared here too (cuebook.book.options)
    from cuebook.book.config import BookConfig
    from cuebook.book.model import Book


class OptionError(ValueError):
    """A value an option cannot take; the message says what it can take."""


@dataclass(frozen=True)
class Scope:
    """What a reader may need besides the value: the book's config, the handout paper, and
    (for checks against the content, such as ``--ids``) the parsed book when there is one."""

    config: BookConfig
    paper: str
    book: Book | None = None


#: Turns a value (from YAML, or the flag's text) into the option's typed value.
Reader = Callable[[Any, Scope], Any]


@dataclass(frozen=True)
class Option:
    key: str  # in the format's book.yaml section: ``cards: {size: a7}``
    help: str
    read: Reader
    #: The value when neither book.yaml nor the flag gives one (a callable: from the config).
    default: Any = None
    flag: str | None = None  # "--cards-size"; None: book.yaml only
    metavar: str | None = None
    choices: tuple[str, ...] = ()  # shown by --help; the reader does the checking
    switch: bool = False  # a flag without a value (``--cards-calibrate``)
    required: bool = False  # the book's title and language

    def default_for(self, scope: Scope) -> Any:
        return self.default(scope.config) if callable(self.default) else self.default


#: Checks across options once each is read: (key, message) for every problem.
CrossCheck = Callable[[Mapping[str, Any], Scope], list[tuple[str, str]]]


@dataclass(frozen=True)
class Section:
    name: str  # the book.yaml section and the prefix of its problems: "cards"
    options: tuple[Option, ...]
    cross_check: CrossCheck | None = None
    title: str = ""  # the --help group's title

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)

    def dotted(self, key: str) -> str:
        """The key as diagnostics name it: "cards.size"; a top-level one ("title") as is."""
        return f"{self.name}.{key}" if self.name else key


@dataclass(frozen=True)
class FlagDiagnostic(Diagnostic):
    """A problem with a command-line flag: there is no file and line to point at."""

    flag: str = ""

    def __str__(self) -> str:
        return f"{self.flag}: {self.severity.value}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Resolved:
    values: Mapping[str, Any]
    problems: list[Diagnostic] = field(default_factory=list)


def flag_dest(section: Section, option: Option) -> str:
    """The key a flag's value has in the flags mapping: "cards.size"."""
    return f"{section.name}.{option.key}"


#: Where a dotted key ("cards.size") is written in book.yaml, for diagnostics.
Locator = Callable[[str], SourceLocation]


def resolve(section: Section, config: BookConfig, flags: Mapping[str, Any], paper: str,
            book: Book | None = None) -> Resolved:
    """Every option of ``section``: from its flag when given, else book.yaml, else default."""
    return read_section(section, config.section(section.name), config.at, flags,
                        Scope(config, paper, book))


def read_section(section: Section, written: Mapping[str, Any], at: Locator,
                 flags: Mapping[str, Any], scope: Any,
                 elsewhere: Sequence[str] = ()) -> Resolved:
    """Every option of ``section`` from ``written`` (its mapping in book.yaml) or its flag,
    each problem located by ``at``. ``scope`` is what readers may need besides the value: a
    :class:`Scope` for a format's section, nothing for the book's own keys (read before there
    is a config). ``elsewhere``: keys read by others (the formats' sections at the top)."""
    values: dict[str, Any] = {}
    known = (*section.keys, *elsewhere)
    problems: list[Diagnostic] = [_unknown(at, section, str(key), known)
                                  for key in written if key not in known]
    for option in section.options:
        given = flags.get(flag_dest(section, option))
        from_flag = given is not None and given is not False
        raw = given if from_flag else written.get(option.key)
        if option.required and not from_flag and _blank(raw):
            problems.append(_missing(at, section, option, option.key in written))
            values[option.key] = option.default_for(scope)
            continue
        try:
            values[option.key] = (option.default_for(scope) if raw is None
                                  else option.read(raw, scope))
        except OptionError as exc:
            problems.append(_invalid(at, section, option, str(exc), from_flag))
            values[option.key] = option.default_for(scope)
    if section.cross_check is not None:  # on the values read, defaults standing in for errors
        for key, message in section.cross_check(values, scope):
            option = next(o for o in section.options if o.key == key)
            from_flag = flags.get(flag_dest(section, option)) not in (None, False)
            problems.append(_invalid(at, section, option, message, from_flag))
    return Resolved(values, problems)


def did_you_mean(key: str, known: Sequence[str]) -> str | None:
    """The known key closest to a typo ("sise" -> "size"), if one is close."""
    hint = difflib.get_close_matches(key, sorted(known), n=1)
    return hint[0] if hint else None


def _unknown(at: Locator, section: Section, key: str, known: Sequence[str]) -> Diagnostic:
    hint = did_you_mean(key, known)
    said = (f" (did you mean '{section.dotted(hint)}'?)" if hint is not None else
            "" if not section.name else  # the top level: the documentation lists its keys
            f" (known: {', '.join(known)})" if known else " (it takes no keys)")
    return Diagnostic(at(section.dotted(key)), Severity.WARNING,
                      f"unknown key '{section.dotted(key)}'{said}", "config.unknown-key")


def _blank(raw: Any) -> bool:
    return raw is None or (not isinstance(raw, (list, dict)) and str(raw).strip() == "")


def _missing(at: Locator, section: Section, option: Option, written: bool) -> Diagnostic:
    """A required key not given (at the file's top) or given empty (at its line)."""
    return Diagnostic(at(section.dotted(option.key)), Severity.ERROR,
                      f"required field '{section.dotted(option.key)}' is "
                      f"{'empty' if written else 'missing'}", "config.missing-field")


def _invalid(at: Locator, section: Section, option: Option, message: str,
             from_flag: bool) -> Diagnostic:
    if from_flag and option.flag:
        return FlagDiagnostic(SourceLocation("<command line>"), Severity.ERROR, message,
                              f"{section.name}.invalid-option", option.flag)
    return Diagnostic(at(section.dotted(option.key)), Severity.ERROR,
                      f"{section.dotted(option.key)}: {message}", "config.invalid-value")


# Readers -------------------------------------------------------------------------------------

def boolean(value: Any, scope: Scope) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes"):
        return True
    if text in ("false", "no"):
        return False
    raise OptionError(f"{value!r} is not true or false")


def text(value: Any, scope: Scope) -> str:
    if isinstance(value, (list, dict)):
        raise OptionError("must be text")
    return str(value).strip()


def choice(*choices: str) -> Reader:
    def read(value: Any, scope: Scope) -> str:
        found = str(value).strip().lower()
        if found not in choices:
            raise OptionError(f"{value!r} is not one of {', '.join(choices)}")
        return found
    return read


def words(value: Any, scope: Scope) -> tuple[str, ...]:
    """A YAML list or a comma-separated text (full-width commas too), without repeats."""
    if isinstance(value, dict):
        raise OptionError("must be a list or comma-separated text")
    items = value if isinstance(value, list) else re.split(r"[,，]", str(value))
    return tuple(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))


def list_of(*choices: str) -> Reader:
    def read(value: Any, scope: Scope) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise OptionError(f"must be a list of {', '.join(choices)}")
        unknown = [str(v) for v in value if v not in choices]
        if unknown:
            raise OptionError(f"must be a list of {', '.join(choices)}; not "
                              f"{', '.join(unknown)}")
        return tuple(dict.fromkeys(value))
    return read


def book_file(value: Any, scope: Scope) -> str:
    """The path of a file inside the book (checked to exist by the content check)."""
    if not isinstance(value, str) or not value.strip():
        raise OptionError("must be the path of a file in the book")
    return value.strip()


def resolve_all(sections: Sequence[Section], config: BookConfig, flags: Mapping[str, Any],
                paper: str, book: Book | None = None
                ) -> tuple[dict[str, Mapping[str, Any]], list[Diagnostic]]:
    """Each section's values by its name, and every problem of them all."""
    values: dict[str, Mapping[str, Any]] = {}
    problems: list[Diagnostic] = []
    for section in sections:
        resolved = resolve(section, config, flags, paper, book)
        values[section.name] = resolved.values
        problems.extend(resolved.problems)
    return values, problems


def checked(section: Section, config: BookConfig, flags: Mapping[str, Any], paper: str,
            book: Book | None = None) -> Mapping[str, Any]:
    """The section's values, raising every error at once (for tools and tests)."""
    from cuebook.diagnostics import CuebookError

    resolved = resolve(section, config, flags, paper, book)
    errors = [p for p in resolved.problems if p.severity is Severity.ERROR]
    if errors:
        raise CuebookError(errors)
    return resolved.values
