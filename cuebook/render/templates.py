"""The one Jinja environment: cuebook's own ``templates/``, sandboxed to plain data.

A book may not bring templates (``cuebook check`` refuses a ``templates/`` folder with anything
in it: a template decides every byte of an output), so only the project's folder is searched:
a book's folder that slipped past the check (through a symbolic link, say) is never read.

Autoescape is on for HTML, XHTML and ``.j2`` files and undefined values fail. Rendered Markdown
enters templates only through the ``html`` filter, the one place where a
:class:`~cuebook.book.model.Fragment` is marked safe.
"""

from __future__ import annotations

import functools
import io
import types
from pathlib import Path, PurePath
from typing import Any

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from cuebook.book.model import Fragment
from cuebook.i18n import is_rtl, question_count, question_noun

#: What a template may never hold or call into: a path (``book.root.joinpath('/etc/passwd')
#: .read_text()`` read the build machine's files, ``write_text`` wrote them), an open file, a
#: module or a class. Templates get plain data: strings, numbers, dates and the frozen model.
_NOT_DATA = (PurePath, io.IOBase, types.ModuleType, type)


class PlainDataSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox (no ``__class__`` walks, no mutating calls) that also refuses
    every attribute that is, or belongs to, something that reaches the file system."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return not isinstance(obj, _NOT_DATA) and not isinstance(value, _NOT_DATA) and \
            super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        return not isinstance(getattr(obj, "__self__", None), _NOT_DATA) and \
            super().is_safe_callable(obj)


def make_environment(book_root: Path, project_dir: Path) -> jinja2.Environment:
    """The environment every writer renders with (``book_root``: the book being written,
    whose own templates are never loaded; see the module's notes)."""
    del book_root  # kept in the signature: every writer passes the book it writes
    return _environment(project_dir)


@functools.lru_cache(maxsize=8)
def _environment(project_dir: Path) -> jinja2.Environment:
    """One per project folder, for as long as the process lives, with the templates it has
    compiled: ``serve`` renders the site again after each save, and compiling its templates
    took a quarter of a second of it. Jinja compiles a template again when its file changes
    (``auto_reload``, on by default)."""
    search = [p for p in (project_dir / "templates",) if p.is_dir()]
    # Sandboxed: a template may read the model but never reach Python's internals (a book's
    # own template once ran a shell command through ``__class__`` attributes).
    env = PlainDataSandbox(
        loader=jinja2.FileSystemLoader(search),
        autoescape=jinja2.select_autoescape(["html", "xhtml", "j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["html"] = fragment_html
    env.filters["dir_attr"] = dir_attr
    # "12 questions", "12問", "12 вопросов": the count beside its noun, as the language writes it.
    env.globals.update(question_count=question_count, question_noun=question_noun)
    return env


def fragment_html(fragment: Fragment | None) -> Markup:
    """Markdown rendered by cuebook's own renderer (raw HTML off): safe to embed as is."""
    return Markup(fragment.html) if fragment is not None else Markup("")


def dir_attr(language: str) -> Markup:
    """`` dir="rtl"`` for a language written right to left, else nothing (a left-to-right
    document stays as it was)."""
    return Markup(' dir="rtl"') if is_rtl(language) else Markup("")
