"""One idea of "out of date": the key of what a build makes or keeps.

Every output (the build cache), every product one format makes for others (the handout's page
map) and every memory a writer keeps for later builds (the cards' fit of each face) is kept
under a key made here, and only here, from what it depends on: its content (text, files,
folders), its options, the fonts it may use, the versions of the libraries that make it and
cuebook's own code. Two places that each hashed part of that disagreed about what is stale:
the cache hashed cuebook's source, the layouts only its version number.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from cuebook import __version__
from cuebook.output import is_output_folder

#: The libraries an output's bytes may depend on.
DEPENDENCIES = ("weasyprint", "pydyf", "tinycss2", "ebooklib", "markdown-it-py",
                "mdit-py-plugins", "mdit-py-cjk-friendly", "jinja2", "pygments", "pyyaml",
                "fonttools", "uharfbuzz", "pillow", "genanki", "lxml")
_PACKAGE = Path(__file__).resolve().parent


def key(kind: str, *, text: str = "", files: Iterable[Path] = (), trees: Iterable[Path] = (),
        fonts: Iterable[Path] = (), options: Mapping[str, str] | None = None) -> str:
    """The key of a ``kind`` of thing made from ``text``, the bytes of ``files``, the folders
    ``trees``, the font files ``fonts`` (path, size and date: a font package's upgrade) and
    ``options``; always with the libraries' versions and cuebook's code."""
    digest = hashlib.sha256(f"cuebook {__version__} {kind}\n{versions()}\n{code()}\n".encode())
    for root in trees:
        digest.update(f"tree {root}\n".encode())
        if root.exists():
            hash_tree(digest, root)
    for path in files:
        digest.update(f"file {path}\n".encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    for font in sorted(set(fonts)):
        try:
            status = font.stat()
            digest.update(f"font {font}:{status.st_size}:{status.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"font {font}:absent\n".encode())
    digest.update(json.dumps(dict(options or {}), sort_keys=True).encode())
    digest.update(text.encode())
    return digest.hexdigest()


@cache
def code() -> str:
    """cuebook's own source: a change to any module changes every key (computed once per
    process; the build's workers inherit it)."""
    digest = hashlib.sha256()
    hash_tree(digest, _PACKAGE)
    return digest.hexdigest()


def hash_tree(digest: Any, root: Path) -> None:
    """Every file's relative path and bytes, in a fixed order; version control, Python's
    caches and output folders inside left out. Dot folders count: a book may keep its
    images in ``.img/`` (an edit there kept the old image until ``--force``)."""
    for path in _files(root):
        digest.update(str(path.relative_to(root.parent)).encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_SOURCES and
                         not is_output_folder(Path(folder, d)))
        for name in sorted(names):
            yield Path(folder) / name


#: Folders under a book or cuebook's code that hold no source: version control and caches.
_NOT_SOURCES = frozenset({".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".ruff_cache",
                          ".pytest_cache"})


@cache
def versions() -> str:
    """``name=version`` of each library in :data:`DEPENDENCIES`."""
    installed = installed_versions()
    return ",".join(f"{name}={installed.get(normal_name(name)) or _metadata_version(name)}"
                    for name in DEPENDENCIES)


def installed_versions() -> dict[str, str]:
    """Installed versions from the names of the ``name-version.dist-info`` folders (the wheel
    spec's), the first on ``sys.path`` winning as it does for imports: one folder listing
    instead of importing importlib.metadata and parsing each package's metadata, which took
    15 ms of a 0.2 s build with nothing to rebuild."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            stem = folder.removesuffix(".dist-info")
            if stem != folder and stem.count("-") == 1:
                name, version = stem.split("-")
                found.setdefault(normal_name(name), version)
    return found


def normal_name(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _metadata_version(name: str) -> str:
    """The slow way, for a package installed without a dist-info folder (an egg)."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
