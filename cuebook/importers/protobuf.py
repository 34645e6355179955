"""Just enough of the protocol-buffer wire format to read what Anki's current packages keep
in it: the media list (``MediaEntries``) and a note type's kind. Hostile bytes end the read
with :class:`ValueError`, never a loop: every step consumes at least one byte."""

from __future__ import annotations

from collections.abc import Iterator


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if not byte & 0x80:
            return value, pos


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value): an int for varints, bytes for length-delimited values."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise ValueError("truncated field")
            yield number, data[pos:pos + size]
            pos += size
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            raise ValueError(f"unsupported wire type {wire}")


def media_names(data: bytes) -> dict[str, str]:
    """``MediaEntries``: member name (the entry's index, as a string) -> file name."""
    names = {}
    entries = [value for number, value in fields(data) if number == 1]
    for index, entry in enumerate(entries):
        if isinstance(entry, bytes):
            name = next((v for n, v in fields(entry) if n == 1 and isinstance(v, bytes)), b"")
            names[str(index)] = name.decode("utf-8", "replace")
    return names
