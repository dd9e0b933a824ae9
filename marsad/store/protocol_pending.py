"""Articles stored but not tracked yet: the part of the `Store` protocol that lets a
killed run be resumed (every backend marks new articles pending in their insert
transaction and clears the marks in the tracking one)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol


class PendingStore(Protocol):
    """What resuming and tracking need to know of the articles left pending."""

    def next_pending_batch(self, after: int = 0) -> tuple[int, list[int]] | None: ...
    def pending_count(self) -> int: ...
    def clear_pending(self, article_ids: Iterable[int]) -> None: ...
    def untracked_among(self, article_ids: Sequence[int]) -> set[int]: ...
