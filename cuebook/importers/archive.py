"""A zip from a stranger (an Anki package) read member by member, within limits.

Nothing is extracted to disk: members are read into memory by name, and a name is only ever a
key, so ``../`` or ``/etc/passwd`` cannot place a file anywhere. Still, such names, links and
bombs are refused outright, since a package that holds them was not written by Anki.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cuebook.diagnostics import Diagnostics, SourceLocation
from cuebook.importers.source import ImportRefused
from cuebook.safety.limits import MAX_ARCHIVE_MEMBERS, MAX_UNPACKED_BYTES, size_text

_CHUNK = 1 << 20


@dataclass
class Archive:
    """An open zip whose member names were checked; :meth:`read` counts what it unpacks."""

    path: Path
    zip: zipfile.ZipFile
    names: frozenset[str]
    unpacked: int = 0
    where: SourceLocation = field(init=False)

    def __post_init__(self) -> None:
        self.where = SourceLocation(str(self.path))

    def read(self, name: str, limit: int, diags: Diagnostics) -> bytes:
        """A member's bytes, read in chunks: a bomb is stopped at ``limit`` (or the archive's
        total), whatever sizes its headers claim, and the package is refused."""
        data = self.read_at_most(name, limit, diags)
        if data is None:
            diags.error(self.where, f"member '{name}' unpacks to more than "
                        f"{size_text(limit)}: refused (a decompression bomb?)",
                        "import.archive-bomb")
            raise ImportRefused
        return data

    def read_at_most(self, name: str, limit: int, diags: Diagnostics) -> bytes | None:
        """A member's bytes, or None once it passes ``limit`` (a large media file is left
        out, not a reason to refuse the deck). Past the archive's total it is refused."""
        chunks, size = [], 0
        try:
            with self.zip.open(name) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    self.unpacked += len(chunk)
                    if self.unpacked > MAX_UNPACKED_BYTES:
                        diags.error(self.where, "the package unpacks to more than "
                                    f"{size_text(MAX_UNPACKED_BYTES)} in all: refused (a "
                                    "decompression bomb?)", "import.archive-bomb")
                        raise ImportRefused
                    if size > limit:
                        return None
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            diags.error(self.where, f"member '{name}' cannot be read: {exc}", "import.archive")
            raise ImportRefused from exc
        return b"".join(chunks)


def open_archive(path: Path, diags: Diagnostics) -> Archive:
    where = SourceLocation(str(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        diags.error(where, f"not a zip archive: {exc}", "import.archive")
        raise ImportRefused from exc
    infos = archive.infolist()
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        diags.error(where, f"{len(infos):,} members: more than {MAX_ARCHIVE_MEMBERS:,}",
                    "import.archive")
        raise ImportRefused
    bad = [i.filename for i in infos if not _plain_member(i)]
    for name in bad[:10]:
        diags.error(where, f"member '{name}' is a path, a link or a folder: an Anki package "
                    "holds only plain names; refused", "import.archive-member")
    if bad:
        raise ImportRefused
    return Archive(path, archive, frozenset(i.filename for i in infos))


def _plain_member(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    mode = info.external_attr >> 16
    if info.is_dir() or (mode and stat.S_ISLNK(mode)) or "\\" in name or "\x00" in name:
        return False
    pure = PurePosixPath(name)
    return not pure.is_absolute() and len(pure.parts) == 1 and name not in (".", "..") and \
        ":" not in name
