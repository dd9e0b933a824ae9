"""Per-host politeness: one request at a time per host, spaced by a minimum delay.

A news site that is polled every few minutes must never see Marsad as a burst. Each
host (scheme + host + port) gets a `HostSlot`: a lock held for the length of one
request and the earliest time the next request may start. A wait the server asked
for (Retry-After, a backoff after errors) pushes that time later for every caller,
so retries and other fetches to the same host all slow down together.

Also here, because they are pure and easy to test alone: the backoff formula and the
reading of a Retry-After header.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """The politeness unit of a URL: scheme, lower-cased host and explicit port."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@dataclass(slots=True)
class HostSlot:
    """One host's turn: `lock` is held during a request, `next_start` is monotonic time."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    crawl_delay: float = 0.0


class HostGates:
    """The slots of every host seen; thread-safe, one per `Fetcher`."""

    def __init__(self, delay: float, stop: threading.Event | None = None) -> None:
        self.delay = delay
        self._slots: dict[str, HostSlot] = {}
        self._guard = threading.Lock()
        self._stop = stop or threading.Event()

    def slot(self, key: str) -> HostSlot:
        with self._guard:
            return self._slots.setdefault(key, HostSlot())

    def set_crawl_delay(self, key: str, seconds: float) -> None:
        """Use a robots.txt Crawl-delay for this host when it is longer than our delay.

        Called right after robots.txt was read, so the delay also applies from now.
        """
        self.slot(key).crawl_delay = max(0.0, seconds)
        self.push_back(key, seconds)

    def spacing(self, key: str) -> float:
        return max(self.delay, self.slot(key).crawl_delay)

    def push_back(self, key: str, seconds: float) -> None:
        """No request to this host before `seconds` from now (Retry-After, backoff)."""
        slot = self.slot(key)
        slot.next_start = max(slot.next_start, time.monotonic() + max(0.0, seconds))

    @contextmanager
    def turn(self, key: str, until: float | None = None) -> Iterator[bool]:
        """Hold the host for one request, after waiting for its next start time.

        Yields False when the gates were stopped while waiting, or when the host's
        turn comes after `until` (monotonic time: a crawl round's end): the caller must
        then not send anything. On exit the host's next start is set to now + spacing,
        so the delay counts from the end of a response, not its start.
        """
        slot = self.slot(key)
        with slot.lock:
            if until is not None and slot.next_start > until:
                yield False
                return
            wait = slot.next_start - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                yield False
                return
            try:
                yield not self._stop.is_set()
            finally:
                slot.next_start = max(slot.next_start, time.monotonic() + self.spacing(key))


def backoff_seconds(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with jitter before retry number `attempt` (1 = first retry).

    Half the delay is fixed and half random ("equal jitter"), so retries from many
    workers spread out but never come back sooner than half the exponential step.
    """
    step = min(cap, base * 2.0 ** max(0, attempt - 1))
    return step / 2 + rng.uniform(0, step / 2)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())
