"""Where cuebook's own templates and styles are.

In the repository they are the top-level ``templates/`` and ``styles/`` folders. The wheel and
the sdist carry them inside the package, as ``cuebook/_theme/templates`` and
``cuebook/_theme/styles`` (pyproject.toml maps them in), found here with
:mod:`importlib.resources`; a checkout or an editable install falls back to the repository's
folders. Neither found is a broken installation, said as such.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from cuebook.diagnostics import CuebookError, Diagnostic, Severity, SourceLocation

_FOLDERS = ("templates", "styles")


@functools.cache
def theme_dir() -> Path:
    """The folder holding ``templates/`` and ``styles/``."""
    # A checkout first: an editable install may also hold a copy, made when it was installed.
    checkout = Path(__file__).resolve().parents[2]
    if _complete(checkout) and (checkout / "pyproject.toml").is_file():
        return checkout
    packaged = resources.files("cuebook") / "_theme"
    if isinstance(packaged, Path) and _complete(packaged):
        return packaged
    raise CuebookError([Diagnostic(
        SourceLocation(str(Path(__file__).resolve().parents[1])), Severity.ERROR,
        "this installation of cuebook is broken: its templates and styles are missing "
        "(reinstall it: pip install --force-reinstall cuebook, or pip install . in a checkout)",
        "install.broken")])


def _complete(folder: Path) -> bool:
    return all((folder / name).is_dir() for name in _FOLDERS) and \
        (folder / "templates" / "handout.html.j2").is_file()
