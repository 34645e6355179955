"""What one format makes for others: products of the build.

The handout's page map (where each question lands) feeds the EPUB's page-list and the cue
cards' "full answer: handout p. 18". The pdf format declares in the registry that it
*provides* it; epub and cards declare that they *need* it. A writer asks its context
(:meth:`cuebook.formats.base.WriterContext.need`), which resolves the product once per book
and content key (:mod:`cuebook.keys`), from the first of:

1. **this run**: the job of this run that provides it (running beside the one that asks, or
   done earlier) hands it to the engine, which sends it down the asking worker's pipe; the
   asker waits on that pipe, without polling, or hears that the provider ended without it;
2. **the store**: one folder per output folder, ``<out>/.cache/store/``, holding each product
   under its key, what the provider's output in the output folder was made from, and the
   writers' memories (the cards' fit);
3. **computing it**: the providing format's own function, in the job that needs it (the
   handout laid out for its page map only); kept in the store for the next build.

A need ``as_built`` (the cards') wants the product as the provider's output *in the output
folder* was made, when this run does not make that output: the cards cite the pages of the
handout the reader has, even when the book changed since. No format imports another: a
product's key and computation are the providing format's, loaded through the registry.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from cuebook import __version__
from cuebook.keys import code
from cuebook.output import write_atomic

if TYPE_CHECKING:
    from cuebook.book.model import Book
    from cuebook.formats.base import WriterContext

#: The handout's page map (a :class:`cuebook.render.pagemap.HandoutLayout`), of the book's
#: own paper.
PAGEMAP = "pagemap"

Origin = Literal["this run", "store", "computed"]
SCHEMA = 1


@dataclass(frozen=True)
class Need:
    """What a format needs of a product, as the registry declares it."""

    product: str
    #: As the provider's output in the output folder was made, when this run does not make
    #: it (then part of the needing output's cache key); else of the book as it is now.
    as_built: bool = False
    #: The job cannot start before it has it (the EPUB's page-list is its first step); else
    #: it starts beside the provider and waits only when it comes to need it.
    at_start: bool = False


@dataclass(frozen=True)
class Product:
    """How a product is keyed, made and kept: the providing format's functions."""

    name: str
    provider: str  # the format that makes it in a build
    #: The key of the product for the book as it is now (:func:`cuebook.keys.key`).
    key: Callable[[Book, WriterContext], str]
    compute: Callable[[Book, WriterContext], Any]
    dumps: Callable[[Any], str]
    loads: Callable[[str], Any]  # raises ValueError, KeyError or TypeError on foreign text
    #: The provider's output the product describes, in the output folder.
    output: Callable[[Book], str]


@dataclass(frozen=True)
class Supplied:
    """A product as a writer receives it."""

    value: Any
    origin: Origin
    #: For a need ``as_built``: the provider's output it describes, when that was made from
    #: another state of the book (or another paper) than the one now; else None.
    stale: Path | None = None
    #: For a need ``as_built`` with no provider's output in the output folder: the product as
    #: last computed, for an earlier state of the book (laying the handout out again for its
    #: pages alone would cost an edit more than everything else it redoes).
    earlier: bool = False


class Run(Protocol):
    """The jobs of this run, as a job sees them."""

    def ask(self, slug: str, product: str) -> Any | None:
        """The product of book ``slug`` from this run's job that provides it, waiting for it
        while that job runs; None when no job of this run provides it, or it ended without."""

    def tell(self, slug: str, product: str, value: Any) -> None:
        """Hand a product to the jobs of this run that need it."""


class NoRun:
    """A writer used on its own: no other job."""

    def ask(self, slug: str, product: str) -> Any | None:
        return None

    def tell(self, slug: str, product: str, value: Any) -> None:
        pass


@dataclass
class LocalRun:
    """The jobs of a run built one after the other in this process."""

    given: dict[tuple[str, str], Any] = field(default_factory=dict)

    def ask(self, slug: str, product: str) -> Any | None:
        return self.given.get((slug, product))

    def tell(self, slug: str, product: str, value: Any) -> None:
        self.given[(slug, product)] = value


@dataclass(frozen=True)
class Store:
    """The one on-disk store of an output folder: products by key, what each provider's
    output was made from, and the writers' memories. Anything unreadable or written by
    another cuebook is ignored, never trusted."""

    root: Path

    def memory(self, slug: str, name: str) -> Path:
        """Where a writer keeps what it learned for later builds of the book."""
        return self.root / slug / f"{name}.json"

    def get(self, slug: str, product: Product, key: str) -> Any | None:
        data = self._read(self.root / slug / f"{product.name}.json")
        if data is None or data.get("key") != key:
            return None
        return self._value(product, data)

    def last(self, slug: str, product: Product) -> Any | None:
        """The product as last kept for the book, whatever state of it it was made from."""
        data = self._read(self.root / slug / f"{product.name}.json")
        return None if data is None else self._value(product, data)

    def put(self, slug: str, product: Product, key: str, value: Any) -> None:
        """Keep the product of the book as it is now (one per book: the last)."""
        self._write(self.root / slug / f"{product.name}.json", product, key, value)

    def made(self, slug: str, product: Product, output: Path) -> tuple[str, Any] | None:
        """(key, product) of the provider's ``output`` as it is in the output folder, if the
        store recorded making exactly that file."""
        data = self._read(self.root / slug / f"{product.name}.made.json")
        try:
            if data is None or _sha256(output) != data.get("output"):
                return None
        except OSError:
            return None
        value = self._value(product, data)
        return None if value is None else (str(data["key"]), value)

    def record_made(self, slug: str, product: Product, key: str, value: Any,
                    output: Path) -> None:
        """Record that the provider wrote ``output`` from the product under ``key``."""
        self._write(self.root / slug / f"{product.name}.made.json", product, key, value,
                    output=_sha256(output))

    def _write(self, path: Path, product: Product, key: str, value: Any,
               **more: str) -> None:
        data = {"schema": SCHEMA, "cuebook": __version__, "code": code(), "key": key,
                "value": json.loads(product.dumps(value)), **more}
        write_atomic(path, json.dumps(data, sort_keys=True).encode())

    @staticmethod
    def _read(path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not (isinstance(data, dict) and data.get("schema") == SCHEMA and
                data.get("cuebook") == __version__ and data.get("code") == code() and
                isinstance(data.get("key"), str)):
            return None
        return data

    @staticmethod
    def _value(product: Product, data: dict[str, Any]) -> Any | None:
        try:
            return product.loads(json.dumps(data["value"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Products:
    """A job's products: the run it is part of, the store, and where each product it used
    came from (the build's report says so)."""

    run: Run = field(default_factory=NoRun)
    store: Store | None = None
    used: list[tuple[str, Origin]] = field(default_factory=list)

    def for_job(self, run: Run) -> Products:
        """The same store, for a job of ``run``, its record of use its own."""
        return Products(run, self.store)

    def need(self, ctx: WriterContext, name: str, book: Book, as_built: bool) -> Supplied:
        product = product_named(name)
        supplied = self._resolve(ctx, product, book, as_built)
        self.used.append((name, supplied.origin))
        return supplied

    def _resolve(self, ctx: WriterContext, product: Product, book: Book,
                 as_built: bool) -> Supplied:
        given = self.run.ask(book.slug, product.name)
        if given is not None:
            return Supplied(given, "this run")
        key = product.key(book, ctx)
        if self.store is not None and as_built:
            output = ctx.out_dir / product.output(book)
            made = self.store.made(book.slug, product, output)
            if made is not None:
                return Supplied(made[1], "store", None if made[0] == key else output)
        found = None if self.store is None else self.store.get(book.slug, product, key)
        if found is not None:
            return Supplied(found, "store")
        last = self.store.last(book.slug, product) if self.store is not None and as_built \
            else None
        if last is not None:
            return Supplied(last, "store", earlier=True)
        value = product.compute(book, ctx)
        if self.store is not None:
            self.store.put(book.slug, product, key, value)
        return Supplied(value, "computed")

    def provide(self, name: str, book: Book, key: str, value: Any,
                output: Path | None = None) -> None:
        """Hand ``value`` (the product under ``key``) to the jobs of this run that need it and
        keep it; with ``output``, once that output is written: record it was made from it."""
        product = product_named(name)
        if output is None:
            self.run.tell(book.slug, name, value)
        if self.store is not None:
            if output is None:
                self.store.put(book.slug, product, key, value)
            else:
                self.store.record_made(book.slug, product, key, value, output)


def product_named(name: str) -> Product:
    from cuebook.formats.registry import PRODUCTS  # the registry imports the writers' context

    return PRODUCTS[name]


def owned_by(pid: int) -> bool:
    """True in process ``pid``: a pipe to the engine is its worker's alone (a process the
    writer forks inherits it, but must not read from it)."""
    return os.getpid() == pid
