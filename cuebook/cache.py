"""The build cache: an output is rebuilt only when something it is made from has changed.

A format's key hashes everything its output depends on: the book folder's files, the project's
templates and styles, cuebook's own source, the versions of the libraries that lay it out, the
fonts, and the options of the run. The cache is a JSON file per book in ``<out>/.cache/``; one
that cannot be read, or was written by another cuebook version, is ignored and rebuilt, never
trusted, and a cached output whose bytes changed since is rebuilt too.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cuebook import __version__
from cuebook.output import is_output_folder, write_atomic

SCHEMA = 1
_DEPENDENCIES = ("weasyprint", "pydyf", "tinycss2", "ebooklib", "markdown-it-py",
                 "mdit-py-plugins", "mdit-py-cjk-friendly", "jinja2", "pygments", "pyyaml",
                 "fonttools", "uharfbuzz", "pillow", "genanki", "lxml")
_PACKAGE = Path(__file__).resolve().parent


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__" and
                         not is_output_folder(Path(folder, d)))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(folder) / name


def _hash_tree(digest: Any, root: Path) -> None:
    for path in _files(root):
        digest.update(str(path.relative_to(root.parent)).encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")


def _versions() -> str:
    installed = _installed()
    return ",".join(f"{name}={installed.get(_normal(name)) or _metadata_version(name)}"
                    for name in _DEPENDENCIES)


def _installed() -> dict[str, str]:
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
                found.setdefault(_normal(name), version)
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _metadata_version(name: str) -> str:
    """The slow way, for a package installed without a dist-info folder (an egg)."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def environment_key(project_dir: Path, font_files: Iterable[Path]) -> str:
    """What every output of a run depends on besides its book: code, templates, libraries."""
    digest = hashlib.sha256(f"cuebook {__version__} schema {SCHEMA}\n".encode())
    digest.update(_versions().encode())
    for root in (_PACKAGE, project_dir / "templates", project_dir / "styles"):
        if root.exists():
            _hash_tree(digest, root)
    for font in sorted(set(font_files)):
        stat = font.stat() if font.exists() else None
        digest.update(f"{font}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}"
                      .encode())
    return digest.hexdigest()


def output_key(environment: str, book_root: Path, fmt: str, options: Mapping[str, str]) -> str:
    digest = hashlib.sha256(environment.encode())
    _hash_tree(digest, book_root)
    digest.update(fmt.encode())
    digest.update(json.dumps(dict(options), sort_keys=True).encode())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class BookCache:
    """The cached state of one book's outputs: format -> key and output digests."""

    path: Path
    entries: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, out_dir: Path, slug: str) -> BookCache:
        path = out_dir / ".cache" / f"{slug}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not (isinstance(data, dict) and data.get("schema") == SCHEMA and
                    data.get("cuebook") == __version__ and isinstance(data.get("formats"),
                                                                      dict)):
                raise ValueError("foreign cache")
            entries = {k: v for k, v in data["formats"].items() if _valid_entry(v)}
        except (OSError, ValueError):  # missing, corrupt or foreign: start afresh
            entries = {}
        return cls(path, entries)

    def fresh(self, fmt: str, key: str, out_dir: Path) -> list[Path] | None:
        """The cached outputs of ``fmt`` if its key matches and they are as written."""
        entry = self.entries.get(fmt)
        if entry is None or entry["key"] != key:
            return None
        paths = []
        for name, digest in entry["outputs"].items():
            path = out_dir / name
            try:
                if file_digest(path) != digest:
                    return None
            except OSError:
                return None
            paths.append(path)
        return paths

    def record(self, fmt: str, key: str, outputs: list[Path], out_dir: Path) -> set[str]:
        """Remember what a job of ``fmt`` wrote; the names its last recorded job wrote and
        this one did not (an edition switched off: ``epub: {quiz: false}``)."""
        before = set(self.entries.get(fmt, {}).get("outputs", {}))
        self.entries[fmt] = {"key": key, "outputs": {
            str(p.relative_to(out_dir)): file_digest(p) for p in outputs}}
        return before - set(self.entries[fmt]["outputs"])

    def forget(self, fmt: str) -> None:
        self.entries.pop(fmt, None)

    def save(self) -> None:
        data = {"schema": SCHEMA, "cuebook": __version__, "formats": self.entries}
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode())


def _valid_entry(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("key"), str) and
            isinstance(value.get("outputs"), dict) and
            all(isinstance(k, str) and isinstance(v, str) and ".." not in k
                for k, v in value["outputs"].items()))
