"""Headless Chromium for the site tests and the site screenshots.

Playwright (PyPI) drives the Debian ``chromium`` package: Playwright's own browser download does
not work here, so ``playwright install`` is never run. axe-core comes from npm
(``npm install -g axe-core@4``, done by scripts/setup.sh).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path(os.environ.get("CUEBOOK_CHROMIUM", "/usr/bin/chromium"))
# No sandbox: containers and CI runners lack the user namespaces Chromium's sandbox needs. The
# rest keep the browser from phoning home (updates, sync, field trials) during a test.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def missing() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def axe_script() -> Path | None:
    """axe.min.js from the global npm packages (or $AXE_CORE_JS), if installed."""
    if os.environ.get("AXE_CORE_JS"):
        return Path(os.environ["AXE_CORE_JS"])
    npm = shutil.which("npm")
    if npm is None:
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False)
    path = Path(root.stdout.strip()) / "axe-core" / "axe.min.js"
    return path if root.returncode == 0 and path.is_file() else None


def serious(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page (skips when axe is missing)."""
    import pytest

    script = axe_script()
    if script is None:
        pytest.skip("axe-core is not installed (npm install -g axe-core@4)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found["violations"]
            if v["impact"] in ("serious", "critical")]


def tab_to(page: Page, selector: str, presses: int = 80) -> None:
    """Press Tab until the element matching selector has the focus (at most ``presses``)."""
    import pytest

    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1 (a free port) from a thread; yields the base URL with a slash."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
