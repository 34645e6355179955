"""``--watch`` and ``serve``: rebuild on save; the output folder on localhost while authoring,
reloaded after each rebuild.

The files are served as they are on disk; only on the way out does an HTML page get one extra
script, which asks the server for the build number every second and reloads the page when it
moves. The built site itself never carries that script, so what is served is what is published.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from cuebook.pipeline import EXIT_OK, Request, UsageError, run
from cuebook.render.theme import theme_dir

#: Where the preview's own endpoints live; no output file can have this name (a dot folder).
PREFIX = "/.cuebook-preview/"
_RELOAD_JS = b"""(function () {
  "use strict";
  var seen = null;
  function poll() {
    fetch("%(prefix)sbuild", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (build) {
        if (seen !== null && build !== seen) { location.reload(); return; }
        seen = build;
        setTimeout(poll, 1000);
      }, function () { setTimeout(poll, 2000); });
  }
  poll();
}());
""" % {b"prefix": PREFIX.encode()}


class Preview:
    """A local web server for one folder, with a build counter pages can watch."""

    def __init__(self, folder: Path, port: int, host: str = "127.0.0.1") -> None:
        self.build = 0
        handler = functools.partial(_Handler, self, directory=str(folder))
        self._server = http.server.ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> None:
        self._thread.start()

    def rebuilt(self) -> None:
        """A build finished: open pages reload."""
        self.build += 1

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    #: Seconds a connection may sit idle before it is closed (a browser reconnects; a page
    #: polls every second, so a live one never idles this long).
    timeout = 5

    def __init__(self, preview: Preview, *args: Any, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        if self._refused():
            return
        if self.path.startswith(PREFIX):
            self._endpoint(self.path[len(PREFIX):].split("?")[0])
            return
        # translate_path keeps the path inside the folder; a folder without its "/" is left to
        # the standard handler, which redirects so relative links resolve.
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._page(path)
            return
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._refused():
            super().do_HEAD()

    def _refused(self) -> bool:
        """Answers a request the preview does not serve, and says so: a Host other than the
        preview's own (a page of another site, by DNS rebinding, could read the preview), a
        NUL or dot folder in the path (the build cache under ``.cache/``)."""
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.preview.port
        if host not in {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}:
            self.send_error(421, "This preview answers only to its own address")
            return True
        path = urllib.parse.unquote(self.path.split("?")[0].split("#")[0])
        if "\x00" in path or "\\" in path:
            self.send_error(400, "Bad path")
            return True
        if any(part.startswith(".") for part in path.split("/")) and \
                not self.path.startswith(PREFIX):
            self.send_error(404)
            return True
        return False

    def _endpoint(self, name: str) -> None:
        body = {"build": str(self.preview.build).encode(), "reload.js": _RELOAD_JS}.get(name)
        if body is None:
            self.send_error(404)
            return
        kind = "text/javascript" if name.endswith(".js") else "text/plain"
        self._send(body, kind)

    def _page(self, path: Path) -> None:
        """An HTML page with the reload script added before ``</body>``."""
        html = path.read_bytes()
        tag = f'<script src="{PREFIX}reload.js"></script>'.encode()
        at = html.rfind(b"</body>")
        self._send(html[:at] + tag + html[at:] if at >= 0 else html + tag,
                   "text/html; charset=utf-8")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # a request per second from every open page: not worth a line each


def watch(request: Request, on_built: Callable[[], None] = lambda: None) -> int:
    """Build, then rebuild whenever a file of a book, a template or a style is saved.

    The cache makes each rebuild redo only the books whose files changed; a content error is
    printed and watching goes on. Ctrl-C stops. ``on_built`` is called after every build.
    """
    from watchfiles import watch as changes

    run(request)
    on_built()
    roots = [*request.paths, theme_dir() / "templates", theme_dir() / "styles"]
    out_dir = request.out_dir.resolve()
    announced = False
    # watchfiles debounces (a burst of saves is one rebuild); the empty batch it yields after
    # its first timeout says the watcher is running, so "watching" is only printed then.
    for batch in changes(*[r for r in roots if r.exists()], debounce=400, rust_timeout=300,
                         yield_on_timeout=True,
                         watch_filter=lambda _, path: _watched(Path(path), out_dir)):
        if not announced:
            print(f"watching {', '.join(str(r) for r in roots)} (Ctrl-C to stop)", flush=True)
            announced = True
        if not batch:
            continue
        names = sorted({Path(p).name for _, p in batch})
        print(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}", flush=True)
        try:
            run(request)
        except UsageError as exc:
            print(f"cuebook: error: {exc}", file=sys.stderr, flush=True)
        on_built()
    return EXIT_OK


def serve(request: Request, port: int) -> int:
    """Build with the site, serve the output folder on localhost, rebuild and reload on save."""
    if "site" not in request.formats:
        request = replace(request, formats=(*request.formats, "site"))
    out_dir = request.out_dir.resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        preview = Preview(out_dir, port)
    except OSError as exc:
        raise UsageError(f"cannot serve {request.out_dir} on port {port}: "
                         f"{exc.strerror or exc} (choose another with --port)") from exc
    preview.start()
    print(f"serving {request.out_dir} at {preview.url} (Ctrl-C to stop)", flush=True)
    try:
        return watch(request, on_built=preview.rebuilt)
    finally:
        preview.stop()


def _watched(path: Path, out_dir: Path) -> bool:
    """Sources only: not our outputs, not editors' swap or temporary files."""
    name = path.name
    return not (path.is_relative_to(out_dir) or name.startswith((".", "#")) or
                name.endswith(("~", ".tmp", ".swp")) or "__pycache__" in path.parts)
