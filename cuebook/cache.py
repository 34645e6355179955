"""The build cache: an output is rebuilt only when something it is made from has changed.

A format's key hashes everything its output depends on (:mod:`cuebook.keys`, the one key
function of outputs, products and memories): the book folder's files, the project's templates
and styles, cuebook's own source, the versions of the libraries that lay it out, the fonts, and
the options of the run. The cache is a JSON file per book in ``<out>/.cache/``; one
that cannot be read, or was written by another cuebook version, is ignored and rebuilt, never
trusted, and a cached output whose bytes changed since is rebuilt too.

Beside the outputs, the file keeps the book's last check that passed (its key and what it
reported): a build whose books and outputs are all as the last one left them answers from it
without reading the book's Markdown (:func:`cuebook.pipeline.up_to_date`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cuebook import __version__
from cuebook.keys import key
from cuebook.output import write_atomic

SCHEMA = 2


def environment_key(project_dir: Path, font_files: Iterable[Path]) -> str:
    """What every output of a run depends on besides its book: code, templates, libraries,
    fonts (:func:`cuebook.keys.key`)."""
    return key(f"environment schema {SCHEMA}",
               trees=(project_dir / "templates", project_dir / "styles"), fonts=font_files)


def output_key(environment: str, book_root: Path, fmt: str, options: Mapping[str, str]) -> str:
    return key(f"output {fmt}", trees=(book_root,),
               options={**options, "environment": environment})


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class BookCache:
    """The cached state of one book's outputs: format -> key and output digests."""

    path: Path
    entries: dict[str, dict[str, Any]]
    #: The last check of the book that passed: its key, what it said of the book and the
    #: diagnostics it reported (:mod:`cuebook.pipeline`); None when there is none.
    check: dict[str, Any] | None = None

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
            check = data.get("check")
        except (OSError, ValueError):  # missing, corrupt or foreign: start afresh
            entries, check = {}, None
        return cls(path, entries, check if isinstance(check, dict) and
                   isinstance(check.get("key"), str) else None)

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
        data: dict[str, Any] = {"schema": SCHEMA, "cuebook": __version__,
                                "formats": self.entries}
        if self.check is not None:
            data["check"] = self.check
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode())


def _valid_entry(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("key"), str) and
            isinstance(value.get("outputs"), dict) and
            all(isinstance(k, str) and isinstance(v, str) and ".." not in k
                for k, v in value["outputs"].items()))
