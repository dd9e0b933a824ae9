"""Exponential backoff with a cap, shared by the webhook and the mail sender."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from marsad.services.alerts.errors import DeliveryError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Backoff:
    """`attempts` tries, waiting `first`, then twice as long each time, at most `cap` s."""

    attempts: int = 5
    first: float = 1.0
    cap: float = 30.0

    def delays(self) -> list[float]:
        """The waits between tries: first, 2·first, 4·first… each at most `cap`."""
        return [min(self.cap, self.first * 2**index) for index in range(self.attempts - 1)]


DEFAULT_BACKOFF = Backoff()


def with_retries(
    send: Callable[[], T],
    backoff: Backoff,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[T, int]:
    """`send()`'s result and the number of tries; a retryable `DeliveryError` is tried
    again after the next delay, any other (or the last) is raised."""
    delays = backoff.delays()
    tries = 0
    while True:
        tries += 1
        try:
            return send(), tries
        except DeliveryError as error:
            if not error.retryable or tries > len(delays):
                raise
            sleep(delays[tries - 1])
