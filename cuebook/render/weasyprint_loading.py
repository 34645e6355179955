"""How WeasyPrint is loaded (its C libraries, its C declarations, its font tools), changed at
run time: the only module that does. Three patches, all for the first import of WeasyPrint in a
process (:func:`imported`).

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

**C declarations read parsed** (:func:`_declarations_parsed`, ``cffi.FFI`` giving
``weasyprint.text.ffi`` an FFI made from declarations parsed beforehand, while a writer's
modules are first imported). ``weasyprint/text/ffi.py`` hands cffi some 450 lines of C
declarations (Pango, HarfBuzz, fontconfig) on every import, which cffi parses with pycparser,
a C parser written in Python; and each C type WeasyPrint then names (``ffi.new("char[]")``,
``"PangoRectangle *"``: some 15 in a handout) is parsed by pycparser again, after the names of
every declared type. :mod:`cuebook.render.weasyprint_ffi` holds those declarations as cffi's
own compiled tables (what cffi writes for an "out-of-line" module,
``FFI.emit_python_code``), made from that same file: the FFI built from them declares the same
functions, types and constants, and parses a type's name in C. The same libraries are opened,
the same functions called with the same values: the same bytes are written.

- Version guard: only when the installed ``weasyprint/text/ffi.py`` is, byte for byte, the
  file the tables were made from (its SHA-256, :data:`cuebook.render.weasyprint_ffi.SOURCE`;
  read without importing WeasyPrint), and only for the ``cffi.FFI()`` that module makes; when
  cffi refuses the tables (another cffi), WeasyPrint parses its declarations as it does.
  After a WeasyPrint update, ``python -m cuebook.render.weasyprint_loading`` writes the tables
  again (tests/test_patches.py fails until then; meanwhile nothing changes).
- Measured reason: pycparser's import, the declarations and 15 type names parsed, 3 runs on a
  busy 2-core machine: 0.08–0.10 s of CPU in a handout build of 1.5 s, none with the tables.
- Retired by: WeasyPrint shipping its declarations compiled (cffi's out-of-line ABI mode, a
  module built when the package is), or cffi caching what it parsed.

**fontTools' subsetter and instancer loaded when used** (:func:`_font_tools_deferred`).
``weasyprint/pdf/fonts.py`` imports ``fontTools.subset`` and
``fontTools.varLib.instancer.instantiateVariableFont`` as it loads, and uses them only for a
font HarfBuzz cannot subset and for a variable font: the faces cuebook uses are subset by
HarfBuzz and are not variable. While WeasyPrint is first imported, ``fontTools.subset`` is a
stand-in that imports the module when one of its names is first asked for, and
``instantiateVariableFont`` a function that imports the real one when first called; once
WeasyPrint is imported, anyone else imports either module as it is.

- Version guard: with the WeasyPrint versions in :data:`KNOWN_VERSIONS`, like the first
  patch; not when either module is already loaded.
- Measured reason: the two imports took 0.10–0.12 s of CPU (3 runs, ``fontTools.ttLib``
  loaded already), a fourteenth of the seed's handout built alone.
- Retired by: WeasyPrint importing them inside the functions that use them.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import io
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from cuebook.render.swap import swapped

#: The WeasyPrint versions whose library names this module was checked against.
KNOWN_VERSIONS = ("70.0",)


def imported(module: str) -> ModuleType:
    """``importlib.import_module(module)``, WeasyPrint's libraries found by their file names
    when it is the first import of WeasyPrint here and the patch applies."""
    if not _applies():
        return importlib.import_module(module)
    try:
        with contextlib.redirect_stdout(io.StringIO()), _found_by_file_name(), \
                _declarations_parsed(), _font_tools_deferred():
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

    with swapped(ctypes.util, "find_library", _not_found):
        yield


def _not_found(name: str) -> None:
    return None


#: What weasyprint/pdf/fonts.py imports and seldom uses.
_SUBSET, _INSTANCER = "fontTools.subset", "fontTools.varLib.instancer"


class _Deferred(ModuleType):
    """Stands in for a module until one of its names is asked for: the module is then
    imported (this stand-in no longer in its place) and answers. What the import system asks
    of any module (``__path__``, ``__file__``…) is not one of its names."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def _instantiate_variable_font(*args: Any, **kwargs: Any) -> Any:
    """fontTools' ``instantiateVariableFont``, imported when first called."""
    return importlib.import_module(_INSTANCER).instantiateVariableFont(*args, **kwargs)


@contextlib.contextmanager
def _font_tools_deferred() -> Iterator[None]:
    if _SUBSET in sys.modules or _INSTANCER in sys.modules:
        yield
        return
    subset, instancer = _Deferred(_SUBSET), _Deferred(_INSTANCER)
    instancer.instantiateVariableFont = _instantiate_variable_font  # type: ignore[attr-defined]
    sys.modules.update({_SUBSET: subset, _INSTANCER: instancer})
    try:
        yield
    finally:
        for name, stand_in in ((_SUBSET, subset), (_INSTANCER, instancer)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


#: The module whose ``cffi.FFI()`` is given the parsed declarations.
_DECLARING = "weasyprint.text.ffi"


@contextlib.contextmanager
def _declarations_parsed() -> Iterator[None]:
    declared = _declared()
    if declared is None:
        yield
        return
    import cffi  # type: ignore[import-untyped,unused-ignore]

    original = cffi.FFI

    def made(*args: Any, **kwargs: Any) -> Any:
        if args or kwargs or sys._getframe(1).f_globals.get("__name__") != _DECLARING:
            return original(*args, **kwargs)
        return declared

    with swapped(cffi, "FFI", made):
        yield


def _declared() -> Any:
    """The FFI made from :mod:`cuebook.render.weasyprint_ffi`, or None when the installed
    WeasyPrint's declarations are not the ones it holds, or cffi refuses its tables."""
    from cuebook.render import weasyprint_ffi

    source = declaring_file()
    if source is None or _digest(source.read_bytes()) != weasyprint_ffi.SOURCE:
        return None
    import _cffi_backend  # type: ignore[import-untyped,import-not-found,unused-ignore]

    class Declared(_cffi_backend.FFI):  # type: ignore[misc,name-defined,unused-ignore]
        """cffi's FFI for the parsed tables; ``cdef`` has nothing left to declare (the file
        it is called from is the one the tables were made from)."""

        def cdef(self, csource: str, override: bool = False, packed: bool = False,
                 pack: int | None = None) -> None:
            return None

    try:
        return Declared(_DECLARING, **weasyprint_ffi.TABLES)
    except Exception:  # another cffi's tables: WeasyPrint parses its declarations itself
        return None


def declaring_file() -> Path | None:
    """The installed ``weasyprint/text/ffi.py``, found without importing WeasyPrint."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "text" / "ffi.py"
    return path if path.is_file() else None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def declarations_module(source: str, parse: Callable[[str], str] | None = None) -> str:
    """The text of :mod:`cuebook.render.weasyprint_ffi` for the text of
    ``weasyprint/text/ffi.py``: the declarations it gives ``ffi.cdef``, parsed by cffi into
    the tables of an out-of-line module (``parse``: declarations to that module's text)."""
    opening = "ffi.cdef(" + "'" * 3
    begin = source.index(opening) + len(opening)
    declarations = source[begin:source.index("'" * 3 + ")", begin)]
    emitted = (parse or _emitted)(declarations)
    head = "ffi = _cffi_backend.FFI('weasyprint_ffi',"
    tables = emitted[emitted.index(head) + len(head):].rstrip()
    return "\n".join([
        '"""WeasyPrint\'s C declarations (``weasyprint/text/ffi.py``), parsed by cffi into the '
        "tables of",
        "an out-of-line module: written by ``python -m cuebook.render.weasyprint_loading``, "
        "never by hand",
        '(see cuebook.render.weasyprint_loading)."""',
        "# ruff: noqa",
        "",
        "#: SHA-256 of the weasyprint/text/ffi.py these tables were made from.",
        f'SOURCE = "{_digest(source.encode())}"',
        "",
        "#: The arguments of cffi's FFI for these declarations.",
        f"TABLES = dict({tables}",
        "",
    ])


def _emitted(declarations: str) -> str:
    import tempfile

    import cffi  # type: ignore[import-untyped,unused-ignore]

    builder = cffi.FFI()
    builder.cdef(declarations)
    builder.set_source("weasyprint_ffi", None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "weasyprint_ffi.py"
        builder.emit_python_code(str(path))
        return path.read_text("utf-8")


def main() -> int:
    """Write cuebook/render/weasyprint_ffi.py for the installed WeasyPrint."""
    source = declaring_file()
    if source is None:
        print("WeasyPrint is not installed here", file=sys.stderr)
        return 1
    target = Path(__file__).with_name("weasyprint_ffi.py")
    target.write_text(declarations_module(source.read_bytes().decode("utf-8")), "utf-8")
    print(f"wrote {target} from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
