"""The site's options: ``book.yaml``'s ``site:`` section."""

from __future__ import annotations

from typing import Any

from cuebook.formats.options import Option, OptionError, Scope, Section

#: The mock interview's time per answer, in seconds, unless the book says otherwise.
INTERVIEW_SECONDS = 120
_LONGEST = 3600


def _seconds(value: Any, scope: Scope) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _LONGEST:
        raise OptionError(f"must be a whole number of seconds from 1 to {_LONGEST} (default: "
                          f"{INTERVIEW_SECONDS})")
    return value


SECTION = Section("site", (
    Option("interview_seconds", "the mock interview's time per answer, in seconds (the learner "
           "can change it before starting)", _seconds, INTERVIEW_SECONDS),
))
