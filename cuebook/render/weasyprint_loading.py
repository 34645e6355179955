"""How WeasyPrint finds its C libraries, changed at run time: the only module that does. One
patch.

**Libraries loaded by their file names** (:func:`imported`, ``ctypes.util.find_library``
answering "not found" while a writer's modules are first imported, on Linux only). WeasyPrint
loads Pango, HarfBuzz, fontconfig and GObject through cffi, trying several names for each
(``libgobject-2.0-0``, ``gobject-2.0-0``, ``gobject-2.0``, ``libgobject-2.0.so.0``…); for
each name that is not a file name, cffi asks ``ctypes.util.find_library``, which on Linux
starts ``ldconfig -p``, then the C compiler, then the linker: about 50 processes before the
first page is laid out. Answered "not found", cffi goes on to the next name, and the file
names (``libgobject-2.0.so.0``) are opened by the dynamic loader itself, which reads the
same cache as ``ldconfig -p`` (and ``LD_LIBRARY_PATH`` as the linker does): the same files
are loaded, so the same bytes are written.

- Version guard: used only with the WeasyPrint versions in :data:`KNOWN_VERSIONS` (read from
  the installed package's name, without importing it), whose ``weasyprint/text/ffi.py`` tries
  a file name for every library; only on Linux; not when ``LIBRARY_PATH`` is set (the compiler
  step of ``find_library`` searches it, the dynamic loader does not); only for the first
  import of WeasyPrint in a process.
- Fallback: when the import fails that way (a library only ``find_library`` finds), its
  modules are forgotten and imported again with ``find_library`` as it is (what WeasyPrint
  printed meanwhile is dropped). With any other version or system nothing changes.
- Measured reason: ``import weasyprint`` alone, whole process, 3 runs each on a busy 2-core
  machine: 1.13–1.21 s of user CPU as it is, 0.83–0.92 s with the names answered "not found"
  (and 0.5–0.8 s less wall time): a sixth of the seed's handout built alone.
- Retired by: WeasyPrint trying the platform's file names first (``_dlopen``'s order), or cffi
  opening a name with the dynamic loader before asking ``find_library`` (its
  ``_load_backend_lib`` does so only for a name with a dot or a slash, and then asks anyway
  when that fails).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
from collections.abc import Iterator
from types import ModuleType

#: The WeasyPrint versions whose library names this module was checked against.
KNOWN_VERSIONS = ("70.0",)


def imported(module: str) -> ModuleType:
    """``importlib.import_module(module)``, WeasyPrint's libraries found by their file names
    when it is the first import of WeasyPrint here and the patch applies."""
    if not _applies():
        return importlib.import_module(module)
    try:
        with contextlib.redirect_stdout(io.StringIO()), _found_by_file_name():
            return importlib.import_module(module)
    except OSError:  # a library only find_library finds: the modules it left are retried
        for name in [n for n in sys.modules if n == "weasyprint" or
                     n.startswith("weasyprint.")]:
            del sys.modules[name]
    return importlib.import_module(module)


def _applies() -> bool:
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux") or \
            os.environ.get("LIBRARY_PATH"):
        return False
    from cuebook.keys import installed_versions

    return installed_versions().get("weasyprint") in KNOWN_VERSIONS


@contextlib.contextmanager
def _found_by_file_name() -> Iterator[None]:
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _not_found(name: str) -> None:
    return None
