"""The deck's options: ``book.yaml``'s ``anki:`` section."""

from __future__ import annotations

from typing import Any

from cuebook.formats.options import Option, OptionError, Scope, Section, boolean


def _identity(value: Any, scope: Scope) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OptionError("must be non-empty text: the deck's permanent identity (default: the "
                          "book's slug)")
    return value.strip()


SECTION = Section("anki", (
    Option("id", "the deck's permanent identity, from which every note id derives (default: "
           "the slug); never change it once the deck is published", _identity,
           lambda config: config.slug),
    Option("reverse", "also a reversed card per note, answer first (term/definition banks); "
           "such a deck gets a note type of its own", boolean, False),
))
