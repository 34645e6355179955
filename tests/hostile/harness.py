"""The hostile corpus and what proves it harmless: a canary server, a secret, output readers.

Each folder under ``tests/hostile/`` is a tiny book from a stranger plus ``expected.txt``::

    # what the case tries
    refused                         (or: checked | built | build-refused)
    01.md:3:1: error: … [code]      (refused, build-refused: the exact diagnostics)
    shows: <script>                 (built: text the handout must show, as text)
    never: 1337                     (built: text no output may hold)

Placeholders in the book's files and in ``expected.txt`` are filled in when the case is copied
into a test's temporary folder: ``{canary}`` (the loopback server's URL), ``{secret}`` and
``{secret_png}`` (absolute paths of files outside the book), ``{marker}`` (a file that must
never be created). Cases that need a symbolic link, a FIFO or a large or binary file are
completed by :data:`GENERATORS`.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import secrets
import shutil
import socket
import struct
import subprocess
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import Image
from pypdf import PdfReader

from cuebook.safety.css import stylesheet_urls

CORPUS = Path(__file__).resolve().parent
OUTCOMES = ("refused", "checked", "built", "build-refused")
DEFAULT_YAML = "title: Hostile\nauthor: Stranger\nlanguage: en\n"
#: A well-formed question, for cases whose payload is elsewhere.
GOOD = "## 1. What is it?\n\n**Question:** What?\n\n**Answer:** This.\n"


@dataclass(frozen=True)
class Case:
    name: str
    summary: str
    outcome: str
    diagnostics: tuple[str, ...] = ()
    shows: tuple[str, ...] = ()
    never: tuple[str, ...] = ()


def load_cases() -> list[Case]:
    return [read_case(p) for p in sorted(CORPUS.iterdir()) if (p / "expected.txt").is_file()]


def read_case(folder: Path) -> Case:
    lines = (folder / "expected.txt").read_text("utf-8").splitlines()
    summary = " ".join(line[1:].strip() for line in lines if line.startswith("#"))
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    outcome = body[0].strip()
    assert outcome in OUTCOMES, f"{folder.name}: first line must be one of {OUTCOMES}"
    rest = body[1:]
    return Case(folder.name, summary, outcome,
                tuple(line for line in rest if not line.startswith(("shows: ", "never: "))),
                tuple(line[7:] for line in rest if line.startswith("shows: ")),
                tuple(line[7:] for line in rest if line.startswith("never: ")))


# The canary: a loopback server that records every connection --------------------------------

@dataclass
class Canary:
    """A TCP listener on 127.0.0.1 that answers anything with a small HTTP page and notes it.

    Any protocol counts (an ftp:// or https:// attempt is a connection too), so zero
    connections means nothing in the build reached for the network at this address.
    """

    hits: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(4096) or b"(connected)")
                    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/css\r\n\r\n"
                                 b"body { color: red }")
                except OSError:
                    self.hits.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()


@contextmanager
def running_canary() -> Iterator[Canary]:
    canary = Canary()
    try:
        yield canary
    finally:
        canary.close()


# The sandbox: where a case is copied, next to a secret --------------------------------------

@dataclass
class Sandbox:
    """``root/secret.txt`` and ``root/secret.png`` sit two folders above each book
    (``root/library/<case>/``), where ``../../secret.txt`` from the book reaches them."""

    root: Path
    canary: Canary

    def __post_init__(self) -> None:
        self.token = f"CUEBOOK-SECRET-{secrets.token_hex(8)}"
        self.secret = self.root / "secret.txt"
        self.secret.write_text(f"{self.token}\n", "utf-8")
        self.secret_png = self.root / "secret.png"
        self.secret_png.write_bytes(png_with_text(self.token))
        self.marker = self.root / "pwned-marker"
        self.library = self.root / "library"

    @property
    def placeholders(self) -> dict[str, str]:
        return {"{canary}": self.canary.url, "{secret}": str(self.secret),
                "{secret_png}": str(self.secret_png), "{marker}": str(self.marker)}

    def fill(self, text: str) -> str:
        for key, value in self.placeholders.items():
            text = text.replace(key, value)
        return text

    def materialise(self, case: Case, folder: str = "") -> Path:
        """Copy the case's book into the library, placeholders filled, generators run."""
        book = self.library / (folder or case.name)
        shutil.copytree(CORPUS / case.name, book, symlinks=True,
                        ignore=shutil.ignore_patterns("expected.txt"))
        for path in book.rglob("*"):
            if path.is_file() and not path.is_symlink():
                with contextlib.suppress(UnicodeDecodeError):  # binary files stay as they are
                    path.write_text(self.fill(path.read_bytes().decode("utf-8")), "utf-8")
        if not (book / "book.yaml").exists():
            (book / "book.yaml").write_text(DEFAULT_YAML, "utf-8")
        generate = GENERATORS.get(case.name)
        if generate is not None:
            generate(book, self)
        return book


# Files the corpus cannot hold as plain text -----------------------------------------------------

def png_with_text(text: str) -> bytes:
    """A small valid PNG whose bytes carry ``text`` (a tEXt chunk): found if copied anywhere."""
    image = Image.new("RGB", (4, 4), "white")
    buffer = io.BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text)
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def png_bomb(side: int = 30_000) -> bytes:
    """A valid 1-bit PNG of side×side pixels (900 megapixels) in about 110 KB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + \
        chunk(b"IEND", b"")


def corrupt_jpeg() -> bytes:
    """A JPEG cut off half way through its scan data."""
    buffer = io.BytesIO()
    Image.linear_gradient("L").convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def _symlink(name: str, target: Callable[[Path, Sandbox], str]) -> Callable[[Path, Sandbox], None]:
    def make(book: Path, sandbox: Sandbox) -> None:
        link = book / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target(book, sandbox))

    return make


def _write(name: str, data: Callable[[], bytes]) -> Callable[[Path, Sandbox], None]:
    def make(book: Path, sandbox: Sandbox) -> None:
        (book / name).parent.mkdir(parents=True, exist_ok=True)
        (book / name).write_bytes(data())

    return make


def _fifo(name: str) -> Callable[[Path, Sandbox], None]:
    def make(book: Path, sandbox: Sandbox) -> None:
        (book / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(book / name)

    return make


def _sparse(name: str, size: int) -> Callable[[Path, Sandbox], None]:
    def make(book: Path, sandbox: Sandbox) -> None:
        with (book / name).open("wb") as handle:
            handle.truncate(size)  # sparse: st_size is what a book's size is judged by

    return make


def _many_files(count: int) -> Callable[[Path, Sandbox], None]:
    def make(book: Path, sandbox: Sandbox) -> None:
        (book / "notes").mkdir()
        for i in range(count):
            (book / "notes" / f"{i}.txt").write_bytes(b"")

    return make


def _questions(count: int) -> bytes:
    return "".join(f"## {n}. Q{n}\n\n**Question:** q\n\n**Answer:** a\n\n"
                   for n in range(1, count + 1)).encode()


GOOD_BYTES = GOOD.encode()
GENERATORS: dict[str, Callable[[Path, Sandbox], None]] = {
    "image-symlink-out": _symlink("images/pic.png", lambda b, s: str(s.secret_png)),
    "markdown-symlink-out": _symlink("02.md", lambda b, s: str(s.secret)),
    "folder-symlink-out": _symlink("images", lambda b, s: "/"),
    "book-templates-link": _symlink("templates/site", lambda b, s: str(b / "notes")),
    "stylesheet-symlink-out": _symlink("styles/handout.css", lambda b, s: str(s.secret)),
    "dev-zero": _symlink("images/zero.png", lambda b, s: "/dev/zero"),
    "image-fifo": _fifo("images/pipe.png"),
    "stylesheet-fifo": _fifo("styles/handout.css"),
    "png-bomb": _write("images/bomb.png", png_bomb),
    "corrupt-jpeg": _write("images/photo.jpg", corrupt_jpeg),
    "invalid-utf8": _write("01.md", lambda: GOOD_BYTES + b"caf\xe9 au lait\n"),
    "utf16": _write("01.md", lambda: GOOD.encode("utf-16")),
    "bom-crlf": _write("01.md", lambda: b"\xef\xbb\xbf" + GOOD_BYTES.replace(b"\n", b"\r\n")),
    "nul-bytes": _write("01.md", lambda: GOOD_BYTES + b"\x00\x00hidden\n"),
    "lone-surrogate": _write("01.md", lambda: GOOD_BYTES + b"half a pair: \xed\xa0\x80\n"),
    "control-chars": _write("01.md", lambda: GOOD_BYTES + b"\nbell \x07 and escape \x1b[31m\n"),
    "ten-megabyte-line": _write("01.md", lambda: GOOD_BYTES + b"x" * (10 * 1024 * 1024)),
    "deep-nesting": _write("01.md", lambda: GOOD_BYTES + b"\n" + b"- " * 10_000 + b"deep\n"),
    "deep-quotes": _write("01.md", lambda: GOOD_BYTES + b"\n" + b">" * 10_000 + b" deep\n"),
    "long-paragraph": _write("01.md", lambda: GOOD_BYTES + b"\n" + b"_a " * 40_000 + b"\n"),
    "reference-run": _write("01.md", lambda: GOOD_BYTES + b"\n" + b"[a]: b\n" * 5_000),
    "too-many-questions": _write("01.md", lambda: _questions(5_001)),
    "book-too-large": _sparse("video.bin", 65 * 1024 * 1024),
    "too-many-files": _many_files(2_001),
    "hostile-file-names": _write("images/图 片 a b&c;$(id)'.png", lambda: png_with_text("ok")),
}


# Reading outputs back ---------------------------------------------------------------------------

def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=120).stdout


def pdf_attachments(pdf: Path) -> list[str]:
    """Embedded files and file-attachment annotations: a cuebook PDF has none."""
    reader = PdfReader(str(pdf))
    found = list(reader.attachments)
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append("annotation")
    return found


def pdf_uris(pdf: Path) -> list[str]:
    reader = PdfReader(str(pdf))
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get_object().get("/URI") is not None:
                uris.append(str(action.get_object()["/URI"]))
    return uris


def output_members(path: Path) -> dict[str, bytes]:
    """An output's parts as bytes: a zip's members (EPUB, Anki), or the file itself."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return {f"{path.name}!{n}": archive.read(n) for n in archive.namelist()}
    return {path.name: path.read_bytes()}


def searchable_text(paths: list[Path]) -> dict[str, str]:
    """Every output as text to search: PDF text, and each member's bytes decoded leniently."""
    found: dict[str, str] = {}
    for path in paths:
        if path.suffix == ".pdf":
            found[f"{path.name} (text)"] = pdftotext(path)
        for name, data in output_members(path).items():
            found[name] = data.decode("utf-8", "replace")
    return found


#: Zip member names cuebook chooses: ASCII, no spaces, relative, no "..".
SAFE_MEMBER = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._/-]*$")
_XML_MEMBER = re.compile(r"\.(xhtml|html|opf|ncx|xml|svg)$")
_REFERENCE_ATTRIBUTES = ("src", "href", "{http://www.w3.org/1999/xlink}href", "poster", "data",
                         "action", "srcset", "background")


def anki_problems(path: Path) -> list[str]:
    """An Anki package's members and media names must be cuebook's (Anki unpacks media into
    the user's collection folder under those names)."""
    import json

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist() + list(json.loads(archive.read("media")).values())
    return [f"name {n!r} was not chosen by cuebook" for n in names
            if not SAFE_MEMBER.match(n) or ".." in n.split("/")]


def epub_problems(path: Path) -> list[str]:
    """What would make an e-book unsafe or broken: XML that is not well-formed, script,
    event handlers, and references that leave the package (an e-reader would fetch them)."""
    problems: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not SAFE_MEMBER.match(name) or ".." in name.split("/"):
                problems.append(f"member name {name!r} was not chosen by cuebook")
            data = archive.read(name)
            if _XML_MEMBER.search(name):
                problems.extend(f"{name}: {p}" for p in _xml_problems(data))
            elif name.endswith(".css"):
                urls = stylesheet_urls(data.decode("utf-8", "replace"))
                problems.extend(f"{name}: url {u.url}" for u in urls if _leaves(u.url, True))
    return problems


def _xml_problems(data: bytes) -> list[str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in ("script", "iframe", "object", "embed", "base", "form"):
            problems.append(f"<{local}>")
        for key, value in element.attrib.items():
            name = etree.QName(key).localname
            if name.lower().startswith("on"):
                problems.append(f"{name}= handler")
            if key in _REFERENCE_ATTRIBUTES and _leaves(value, local != "a"):
                problems.append(f"{local} {name}={value!r}")
    return problems


#: The only scripts a site page may hold: cuebook's own study and mock-interview scripts and
#: their words (JSON data, never run).
_OWN_SCRIPTS = ({"src": "cards.js", "defer": "defer"},
                {"src": "study.js", "defer": "defer"},
                {"type": "application/json", "id": "study-strings"},
                {"src": "interview.js", "defer": "defer"},
                {"type": "application/json", "id": "interview-strings"})


def site_problems(path: Path) -> list[str]:
    """What would make a site page unsafe on a web host: a script other than cuebook's own,
    an event handler, a frame, object, form or ``<base>``, a ``javascript:`` or other
    scheme, or anything fetched from elsewhere (the page must work offline)."""
    import lxml.html

    problems = []
    for element in lxml.html.fromstring(path.read_bytes()).iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and dict(element.attrib) not in _OWN_SCRIPTS:
            problems.append(f"<script {dict(element.attrib)}>")
        if element.tag in ("iframe", "object", "embed", "base", "frame"):
            problems.append(f"<{element.tag}>")
        if element.tag == "form" and (element.get("action") is not None or
                                      element.get("id") != "iv-form"):
            problems.append("<form>")  # only the mock interview's set-up, which posts nowhere
        if element.tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        for key, value in element.attrib.items():
            if key.lower().startswith("on"):
                problems.append(f"{key}= handler")
            if key in _REFERENCE_ATTRIBUTES and _leaves(value, element.tag != "a"):
                problems.append(f"{element.tag} {key}={value!r}")
    return problems


def _leaves(reference: str, fetched: bool) -> bool:
    """True if a reference points outside the package: anything with a scheme or ``//``
    when it would be fetched (images, styles), any scheme but http(s)/mailto for a link."""
    value = reference.strip().lower()
    if value.startswith("#") or value.startswith("data:image/"):
        return False
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", value)
    if value.startswith("//"):
        return True
    if scheme is None:
        return False
    return fetched or scheme.group(1) not in ("http", "https", "mailto")
