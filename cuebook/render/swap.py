"""One attribute of a library swapped for the length of a block: how cuebook's patches of
WeasyPrint (:mod:`cuebook.render.weasyprint_patches`) and the loading of its libraries
(:mod:`cuebook.render.weasyprint_loading`) change the library and leave it as it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def swapped(owner: Any, name: str, value: Any) -> Iterator[None]:
    """Inside the block ``owner.name`` is ``value``; after it, what it was before, also when
    the block raises."""
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)
