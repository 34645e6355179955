"""``--watch`` and ``serve``: rebuild on save; the output folder on localhost while authoring,
reloaded as soon as the site is rebuilt.

Builds run in a thread of their own, off the watch loop, with the site's jobs first (the
engine's ``first``): the page the author is looking at reloads when the site's files of the run
are written, and the handout, e-book and cards follow in the background. A save during a build
stops the build's jobs of the books it changed (their workers end cleanly; every output is
written atomically, so the previous file stays) and builds again at once.

The files are served as they are on disk; only on the way out does an HTML page get one extra
script, which asks the server for the state of the build (answered as soon as it changes),
reloads the page when the site's build number moves, and shows a small status badge while the
other formats are being rebuilt ("handout updating…", then a link to the fresh file). The built
site itself never carries that script, so what is served is what is published.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import threading
import traceback
import urllib.parse
from collections.abc import Iterable
from dataclasses import replace
from html import escape as html_escape
from pathlib import Path
from typing import Any

from cuebook.engine import Job, JobResult, RunEvents, Stop
from cuebook.formats.registry import FORMATS
from cuebook.patch import digest, patch
from cuebook.pipeline import EXIT_OK, Request, UsageError, find_books, run
from cuebook.render.theme import theme_dir

#: Where the preview's own endpoints live; no output file can have this name (a dot folder).
PREFIX = "/.cuebook-preview/"
#: What the badge calls each format's files (the site is the page itself: never named).
_NOUNS = {"pdf": "handout", "epub": "e-book", "cards": "cue cards", "anki": "Anki deck",
          "tsv": "TSV and Quizlet text"}


def _reload_js() -> bytes:
    """The preview's page script (templates/preview/reload.js)."""
    return (theme_dir() / "templates" / "preview" / "reload.js").read_bytes().replace(
        b"%PREFIX%", PREFIX.encode())


class PreviewState(RunEvents):
    """What the preview's pages are told: the site's build number, the version of each file
    of the site (a page swaps in what changed on it, or reloads: templates/preview/reload.js)
    and each book's formats in the latest run, as the engine reports them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self.build = 0
        self.run = 0
        self.running = False
        self._site_done = False
        #: Moves with every change: a page asks for the state after the one it has, and its
        #: request is answered as soon as there is one (a reload within milliseconds of the
        #: site's files, not at the page's next poll).
        self.version = 0
        self._guard = threading.Condition()
        self._books: dict[str, dict[str, dict[str, Any]]] = {}
        #: Each file of the site (relative to the folder) by its version, as last written.
        self._files: dict[str, str] = {}
        #: The versions of each page open in a browser, kept to work out what changed on it.
        self._pages = PageVersions()

    def run_started(self) -> None:
        with self._guard:
            self.run += 1
            self.running = True
            self._site_done = False
            self._changed()

    def queued(self, job: Job) -> None:
        self._set(job.book.slug, job.fmt, "waiting")

    def started(self, job: Job) -> None:
        self._set(job.book.slug, job.fmt, "building")

    def written(self, job: Job, path: Path) -> None:
        """The site's reading page is written ahead of its other files: open copies of it
        swap in what changed at once."""
        if job.fmt == "site":
            self._versions([path])

    def finished(self, result: JobResult) -> None:
        files = [self._relative(p) for p in result.outputs
                 if p.resolve().is_relative_to(self.folder)]
        if result.fmt == "site" and result.status in ("built", "cached"):
            self._versions(result.outputs)
        self._set(result.slug, result.fmt, result.status, files)

    def _relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.folder).as_posix()

    def _versions(self, paths: Iterable[Path]) -> None:
        """Read the versions of these files of the site (a few milliseconds a megabyte)."""
        found = {}
        for path in paths:
            if path.resolve().is_relative_to(self.folder) and path.is_file():
                name, data = self._relative(path), path.read_bytes()
                found[name] = digest(data)
                self._pages.add(name, data)
        with self._guard:
            self._files.update(found)
            self._changed()

    def page(self, name: str, data: bytes) -> str:
        """A page on its way to a browser: its version, kept for a later patch."""
        self._pages.add(name, data, opened=True)
        return digest(data)

    def patch(self, name: str, since: str) -> bytes:
        """What turns the version ``since`` of page ``name`` into the one on disk, as JSON:
        the element to swap (none when it is that version), or ``{"reload": true}``."""
        path = self.folder / name
        inside = name.endswith(".html") and path.resolve().is_relative_to(self.folder) and \
            not any(part.startswith(".") for part in Path(name).parts)
        new = path.read_bytes() if inside and path.is_file() else b""
        if new and digest(new) == since:  # written again as it was: nothing to swap
            return json.dumps({"from": since, "to": since}).encode()
        old = self._pages.get(name, since)
        self._pages.add(name, new)
        found = None if old is None or not new else patch(old, new)
        if found is None:
            return json.dumps({"reload": True}).encode()
        return json.dumps({"from": since, "to": digest(new), "target": found.target,
                           "html": found.html}, ensure_ascii=False).encode()

    def format_finished(self, fmt: str) -> None:
        if fmt == "site":
            self.rebuilt()

    def run_finished(self, code: int) -> None:
        with self._guard:
            self.running = False
            self._changed()
        if not self._site_done:  # no site in this run (a content error): pages reload anyway
            self.rebuilt()

    def rebuilt(self) -> None:
        """The site's files of the run are written: open pages reload."""
        with self._guard:
            self.build += 1
            self._site_done = True
            self._changed()

    def _set(self, slug: str, fmt: str, state: str, files: Iterable[str] = ()) -> None:
        with self._guard:
            self._books.setdefault(slug, {})[fmt] = {
                "state": state, "run": self.run, "files": list(files),
                "name": _NOUNS.get(fmt, fmt)}
            self._changed()

    def _changed(self) -> None:  # with the guard held
        self.version += 1
        self._guard.notify_all()

    def to_json(self, since: int | None = None, wait: float = 20) -> bytes:
        """The state; given ``since``, once its version has moved past it (or after
        ``wait`` seconds, unchanged)."""
        with self._guard:
            if since is not None:
                self._guard.wait_for(lambda: self.version != since, timeout=wait)
            return json.dumps({"build": self.build, "run": self.run, "running": self.running,
                               "version": self.version, "order": list(FORMATS),
                               "books": self._books, "files": self._files},
                              sort_keys=True).encode()


class PageVersions:
    """The last few versions of each page a browser opened, by version (the pages no browser
    opened are not kept: the study and mock-interview pages of a big bank are megabytes)."""

    KEPT = 4

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._pages: dict[str, dict[str, bytes]] = {}

    def add(self, name: str, data: bytes, opened: bool = False) -> None:
        if not name.endswith(".html"):
            return
        with self._guard:
            versions = self._pages.setdefault(name, {}) if opened else self._pages.get(name)
            if versions is None:
                return
            versions.pop(digest(data), None)
            versions[digest(data)] = data  # the newest last
            while len(versions) > self.KEPT:
                del versions[next(iter(versions))]

    def get(self, name: str, version: str) -> bytes | None:
        with self._guard:
            return self._pages.get(name, {}).get(version)


class Preview:
    """A local web server for one folder, with the state of the build pages can watch."""

    def __init__(self, folder: Path, port: int, host: str = "127.0.0.1") -> None:
        self.state = PreviewState(folder)
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

    @property
    def build(self) -> int:
        return self.state.build

    def rebuilt(self) -> None:
        """The site was rebuilt: open pages reload."""
        self.state.rebuilt()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    #: Seconds a connection may sit idle before it is closed (a browser reconnects; a page
    #: asks again 0.1 s after each answer, so a live one never idles this long).
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
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        since = query.get("since", [""])[0]
        body = {"build": lambda: str(self.preview.build).encode(),
                "state": lambda: self.preview.state.to_json(
                    int(since) if since.isdigit() else None),
                "patch": lambda: self.preview.state.patch(query.get("page", [""])[0], since),
                "reload.js": _reload_js}.get(name)
        if body is None:
            self.send_error(404)
            return
        kind = {"reload.js": "text/javascript", "state": "application/json",
                "patch": "application/json"}.get(name, "text/plain")
        self._send(body(), kind)

    def _page(self, path: Path) -> None:
        """An HTML page with the reload script added before ``</body>``, told the page's name
        and version."""
        html = path.read_bytes()
        folder = self.preview.state.folder
        # A page reached through a link out of the folder is served, never patched.
        name = path.resolve().relative_to(folder).as_posix() \
            if path.resolve().is_relative_to(folder) else ""
        version = self.preview.state.page(name, html)
        tag = (f'<script src="{PREFIX}reload.js" data-page="{html_escape(name)}" '
               f'data-version="{version}"></script>').encode()
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


def watch(request: Request, events: RunEvents | None = None) -> int:
    """Build, then rebuild whenever a file of a book, a template or a style is saved.

    The cache makes each rebuild redo only the books whose files changed; a content error is
    printed and watching goes on. Builds run in a thread of their own, the site's jobs first;
    a save during a build stops the build's jobs of the books it changed and builds again.
    Ctrl-C stops. ``events`` hears each run as it goes (the preview's state).
    """
    from watchfiles import watch as changes

    # The site first, and in this process: its rendered questions and compiled templates are
    # kept from one save to the next, and nothing is imported again.
    request = replace(request, first=("site",), resident=("site",))
    roots = [*request.paths, theme_dir() / "templates", theme_dir() / "styles"]
    out_dir = request.out_dir.resolve()
    builder = Builder(request, events or RunEvents(), announce=(
        f"watching {', '.join(str(r) for r in roots)} (Ctrl-C to stop)"))
    builder.start()
    try:
        # watchfiles debounces (a burst of saves is one batch); the empty batch it yields
        # after its first timeout says the watcher is running.
        for batch in changes(*[r for r in roots if r.exists()], debounce=400,
                             rust_timeout=300, yield_on_timeout=True,
                             watch_filter=lambda _, path: _watched(Path(path), out_dir)):
            builder.watching()
            if not batch:
                continue
            names = sorted({Path(p).name for _, p in batch})
            print(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}",
                  flush=True)
            builder.changed(_books_of([Path(p) for _, p in batch], request))
    finally:
        builder.close()
    return EXIT_OK


class Builder:
    """Runs the builds of :func:`watch` one at a time, in a thread of its own (so the watch
    loop hears saves while a build runs). A save during a build stops that build's jobs of
    the books it changed, and the jobs not started yet; the next build starts as soon as the
    stopped build has ended, with the site first again. One build at a time keeps the
    output folder's lock as it is: the lock is taken by each run."""

    def __init__(self, request: Request, events: RunEvents, announce: str) -> None:
        self.request = request
        self.events = events
        self.runs = 0
        self._announce = announce
        self._cond = threading.Condition()
        self._due = True  # the first build
        self._closing = False
        self._watching = False
        self._built_once = False
        self._announced = False
        self._stop: Stop | None = None
        # The workers die with the thread that forked them (the engine's parent-death
        # signal): this thread lives as long as the watch.
        self._thread = threading.Thread(target=self._loop, name="cuebook build", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def changed(self, books: set[Path] | None) -> None:
        """Files of these books (None: of every book, a template or a style) were saved."""
        with self._cond:
            self._due = True
            if self._stop is not None:
                self._stop.books(books)
            self._cond.notify()

    def watching(self) -> None:
        """The watcher runs: "watching" is printed once the first build has ended too."""
        with self._cond:
            self._watching = True
        self._say_watching()

    def close(self) -> None:
        with self._cond:
            self._closing = True
            if self._stop is not None:
                self._stop.books(None)
            self._cond.notify()
        self._thread.join(timeout=60)

    def _say_watching(self) -> None:
        with self._cond:
            if self._announced or self._closing or not (self._watching and self._built_once):
                return
            self._announced = True
        print(self._announce, flush=True)

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not (self._due or self._closing):
                    self._cond.wait()
                if self._closing:
                    return
                self._due = False
                stop = self._stop = Stop()
            self.runs += 1
            try:
                run(self.request, self.events, stop)
            except UsageError as exc:
                print(f"cuebook: error: {exc}", file=sys.stderr, flush=True)
            except Exception:  # a bug in cuebook: say so, and keep watching
                print("cuebook: internal error (a bug in cuebook; please report it):\n"
                      + traceback.format_exc(), file=sys.stderr, flush=True)
            finally:
                with self._cond:
                    self._stop = None
                    self._built_once = True
                stop.close()
            self._say_watching()


def _books_of(paths: Iterable[Path], request: Request) -> set[Path] | None:
    """The folders of the books these saved files belong to; None when one belongs to no
    book (a template, a style, a new book): every book is stale then."""
    try:
        folders = [b.resolve() for b in find_books(request.paths, request.books)]
    except UsageError:
        return None
    found: set[Path] = set()
    for path in paths:
        owner = next((f for f in folders if path.resolve().is_relative_to(f)), None)
        if owner is None:
            return None
        found.add(owner)
    return found


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
        return watch(request, events=preview.state)
    finally:
        preview.stop()


#: Editors' temporary and swap files, by name: vim's swap files (.swp, .swx, … .swa) and its
#: write test "4913", emacs' "#x#" and lock ".#x", backups "x~", sed -i's "sedXXXXXX", GNOME's
#: ".goutputstream-XXXXXX", JetBrains' "x___jb_tmp___" and "x___jb_old___", Kate's
#: "x.kate-swp". Dot files and names with no suffix are never sources either.
_TEMPORARY = re.compile(r"""^(?: \..* | \#.* | .*~ | .*\.sw[a-px] | .*\.tmp | .*\.kate-swp
                            | .*___jb_(?:tmp|old)___ | [^.]* )$""", re.X)


def _watched(path: Path, out_dir: Path) -> bool:
    """Sources only: not our outputs, not editors' swap or temporary files (a new folder is
    watched: its name has no suffix, but it may be a book)."""
    if path.is_relative_to(out_dir) or "__pycache__" in path.parts:
        return False
    if _TEMPORARY.match(path.name) is None:
        return True
    return "." not in path.name and not path.name.startswith("#") and path.is_dir()
