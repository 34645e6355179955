"""How cuebook reaches the C libraries under it: fontconfig asked in process, WeasyPrint's
libraries opened by their file names. Each must give what the slow way gave."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cuebook.render import fontconfig, fonts

ROOT = Path(__file__).resolve().parent.parent

#: A Chinese book's faces and fallbacks, an English book's, and a family no one has.
FAMILIES = ("Noto Serif CJK SC", "Noto Sans Mono CJK SC", "Noto Serif", "DejaVu Sans Mono",
            *fonts.fallback_candidates("zh-CN"), "No Such Family 7")


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig's programs missing")
@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_fontconfig_in_process_answers_as_fc_match(weight: str) -> None:
    patterns = [f"{family}:weight={weight}" for family in FAMILIES]
    found = fontconfig.match(patterns, fonts._FORMAT)
    assert found is not None, "libfontconfig.so.1 could not be used"
    assert found == fonts._fc_match(FAMILIES, weight)
    located = [fonts._matched(family, answer) for family, answer in zip(FAMILIES, found,
                                                                         strict=True)]
    assert located[-1] is None  # substituted by another family: not installed
    assert located[0] is not None and located[0].path.is_file()


#: Prints the system's shared objects the process has opened after importing the handout's
#: writer, patched (``imported``) or not (Python's own extension modules left out: the patched
#: import also leaves fontTools' instancer unloaded until a variable font needs it).
LOADED = """
import sys
from cuebook.render import weasyprint_loading
if sys.argv[1] == "patched":
    weasyprint_loading.imported("cuebook.formats.pdf.writer")
else:
    import cuebook.formats.pdf.writer
import weasyprint.text.ffi as ffi
maps = open("/proc/self/maps").read().split()
print(sorted({p for p in maps if ".so" in p and p.startswith(("/usr/", "/lib"))}))
print(ffi.harfbuzz_subset is not None, ffi.harfbuzz_vector is not None)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the patch is Linux's only")
def test_weasyprint_opens_the_same_libraries_by_their_file_names() -> None:
    def loaded(how: str) -> str:
        done = subprocess.run([sys.executable, "-c", LOADED, how], cwd=ROOT, text=True,
                              capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    patched = loaded("patched")
    assert "libpango-1.0.so" in patched and "libharfbuzz-subset.so" in patched
    assert patched == loaded("plain")
