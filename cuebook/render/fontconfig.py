"""fontconfig asked in this process: which file it uses for a family, as ``fc-match`` says.

A build asks fontconfig where a book's faces are (the glyph check, the cache key's font files):
about 17 families for a Chinese book. One ``fc-match`` process per family cost ~0.25 s of CPU
on a build with nothing to rebuild (most of each one is starting up and reading fontconfig's
configuration); through the library the configuration is read once and each match takes well
under a millisecond. The steps are ``fc-match``'s own (parse the pattern, the configuration's
substitutions, the defaults, the best match, the match formatted), so the answers are the same.

The library is the one WeasyPrint's Pango uses (``libfontconfig.so.1``), loaded by its file
name: ``ctypes.util.find_library`` starts a compiler and the linker to look for it. Where it
cannot be loaded, :func:`match` says so and the caller asks ``fc-match``.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Sequence
from functools import cache

#: The library's file name by platform (the soname of fontconfig 2.x).
_NAMES = ("libfontconfig.1.dylib",) if sys.platform == "darwin" else ("libfontconfig.so.1",)
_FC_MATCH_PATTERN = 0  # FcMatchKind FcMatchPattern


def match(patterns: Sequence[str], fmt: str) -> list[str | None] | None:
    """For each fontconfig pattern (``"Noto Sans:weight=bold"``), the best match formatted with
    ``fmt`` (``FcPatternFormat``, as ``fc-match --format``), or None when there is none; None
    for all when the library cannot be used here."""
    lib = _library()
    if lib is None:
        return None
    return [_match(lib, pattern, fmt) for pattern in patterns]


def _match(lib: ctypes.CDLL, pattern: str, fmt: str) -> str | None:
    parsed = lib.FcNameParse(pattern.encode())
    if not parsed:
        return None
    try:
        lib.FcConfigSubstitute(None, parsed, _FC_MATCH_PATTERN)
        lib.FcDefaultSubstitute(parsed)
        result = ctypes.c_int()
        found = lib.FcFontMatch(None, parsed, ctypes.byref(result))
        if not found:
            return None
        try:
            text = lib.FcPatternFormat(found, fmt.encode())
            if not text:
                return None
            try:
                return ctypes.string_at(text).decode("utf-8", "replace")
            finally:
                lib.FcStrFree(text)
        finally:
            lib.FcPatternDestroy(found)
    finally:
        lib.FcPatternDestroy(parsed)


@cache
def _library() -> ctypes.CDLL | None:
    """fontconfig, initialised, with the signatures used here; None where it is missing."""
    for name in _NAMES:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            _declare(lib)
        except AttributeError:  # not fontconfig as this module knows it
            return None
        return lib if lib.FcInit() else None
    return None


def _declare(lib: ctypes.CDLL) -> None:
    pointer = ctypes.c_void_p
    lib.FcInit.restype = ctypes.c_int
    lib.FcInit.argtypes = []
    lib.FcNameParse.restype = pointer
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcConfigSubstitute.restype = ctypes.c_int
    lib.FcConfigSubstitute.argtypes = [pointer, pointer, ctypes.c_int]
    lib.FcDefaultSubstitute.restype = None
    lib.FcDefaultSubstitute.argtypes = [pointer]
    lib.FcFontMatch.restype = pointer
    lib.FcFontMatch.argtypes = [pointer, pointer, ctypes.POINTER(ctypes.c_int)]
    lib.FcPatternFormat.restype = pointer
    lib.FcPatternFormat.argtypes = [pointer, ctypes.c_char_p]
    lib.FcPatternDestroy.restype = None
    lib.FcPatternDestroy.argtypes = [pointer]
    lib.FcStrFree.restype = None
    lib.FcStrFree.argtypes = [pointer]
