"""Work in forked processes: a forked child has this process's laid-out pages, fonts and
book as they are, which WeasyPrint's pages cannot otherwise leave; it sends back what it made
(pickled, down a pipe). Not multiprocessing: a build's jobs run in its daemon processes,
which multiprocessing does not let start others."""

from __future__ import annotations

import logging
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Children:
    """Forked processes, each sending one result down a pipe."""

    started: list[tuple[int, int]]  # (pid, read end)

    def __call__(self) -> list[Any]:
        """Wait for each; the results of those that succeeded."""

        results = []
        for pid, read in self.started:
            with os.fdopen(read, "rb") as given:
                data = given.read()
            _, status = os.waitpid(pid, 0)
            if status == 0 and data:
                results.append(pickle.loads(data))
        self.started = []
        return results

    def stop(self) -> None:
        for pid, read in self.started:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
        self.started = []


def forked(chunks: Sequence[Any], work: Callable[[Any], Any]) -> Children:
    """Start ``work`` of each chunk, each in a forked process of its own (the book, the fonts
    and the renderer are there as they are here); returns how to wait for the results. A
    process that fails gives nothing. Not multiprocessing: a build's jobs run in its daemon
    processes, which multiprocessing does not let start others."""
    children = []
    for chunk in chunks:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send, leave without running the parent's exits
            code = 1
            try:
                os.close(read)
                logging.getLogger("weasyprint.progress").handlers.clear()
                with os.fdopen(write, "wb") as out:
                    pickle.dump(work(chunk), out)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        children.append((pid, read))

    return Children(children)
