"""The one Jinja environment: a book's own ``templates/`` first, then the project's.

Autoescape is on for HTML, XHTML and ``.j2`` files and undefined values fail. Rendered Markdown
enters templates only through the ``html`` filter, the one place where a
:class:`~cuebook.book.model.Fragment` is marked safe.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from cuebook.book.model import Fragment


def make_environment(book_root: Path, project_dir: Path) -> jinja2.Environment:
    search = [p for p in (book_root / "templates", project_dir / "templates") if p.is_dir()]
    # Sandboxed: a template may read the model but never reach Python's internals (a book's
    # own template once ran a shell command through ``__class__`` attributes).
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=jinja2.select_autoescape(["html", "xhtml", "j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["html"] = fragment_html
    return env


def fragment_html(fragment: Fragment | None) -> Markup:
    """Markdown rendered by cuebook's own renderer (raw HTML off): safe to embed as is."""
    return Markup(fragment.html) if fragment is not None else Markup("")
