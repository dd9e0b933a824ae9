"""One crawler per database: an exclusive OS file lock next to the SQLite file.

Two `marsad crawl` processes on one database would poll every source and fetch every
page twice, and each would keep its own per-host turns, so a site would see twice the
rate it allowed. The lock is `fcntl.flock` on `<database>.crawl.lock`: the kernel
releases it when its holder exits in any way, `kill -9` and power loss included, so a
dead crawler never blocks the next one (a lease row in the database would have to
wait for its expiry). The file holds the holder's pid, for the message the second
process prints. The file itself is left in place: removing it would let a third
process lock a new file while the second still holds the old one.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from marsad.errors import MarsadError

LOCK_SUFFIX = ".crawl.lock"


class CrawlRunning(MarsadError):
    """Another crawl holds the database's crawl lock."""

    code = "crawl-running"


def lock_path(database: str) -> Path | None:
    """Where the lock of `database` lives; None for an in-memory database."""
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database + LOCK_SUFFIX)


@contextmanager
def crawl_lock(database: str) -> Iterator[None]:
    """Hold the crawl lock of `database` while inside; CrawlRunning if another holds it."""
    path = lock_path(database)
    if path is None:
        yield
        return
    with path.open("a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise CrawlRunning(f"another crawl is running (pid {holder})", database) from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
