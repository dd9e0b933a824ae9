"""The story tracker's part of the `Store` protocol, and the rows it reads.

`TrackingStore` is what the tracker writes through: the story and copy tables and
the pending marks, in one `tracking()` transaction per batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from typing import NamedTuple, Protocol

from marsad.model import Story
from marsad.store.protocol_copies import CopyStore
from marsad.store.protocol_pending import PendingStore

RELATED_DEPTH = 100  # postings read per term, heaviest first


class StoryRow(NamedTuple):
    id: int
    centroid: dict[str, float]
    first_at: float
    last_at: float
    title_article: int | None
    title_score: float
    title: str


class EventTimeRow(NamedTuple):
    """An article's estimated event time (see `marsad.steps.event_time`)."""

    estimated: str
    source: str
    confidence: float


class StoryStore(Protocol):
    """What the story tracker and the story use-cases need from a store."""

    def document_frequencies(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]: ...
    def count_documents(self, frequencies: Mapping[str, int], documents: int) -> None: ...
    def story_candidates(self, terms: list[str], since: float, limit: int) -> list[StoryRow]: ...
    def story_row(self, story_id: int) -> StoryRow: ...
    def advance_clock(self, published_at: float) -> float: ...
    def story_of(self, article_id: int) -> int | None: ...
    def save_story(
        self,
        story: StoryRow,
        terms: list[str],
        title: str,
        published: str | None,
        site: str | None,
    ) -> int: ...
    def set_story(self, article_id: int, story: int) -> None: ...
    def save_vector(self, article_id: int, vector: Mapping[str, float], terms: int) -> None: ...
    def vector_of(self, article_id: int) -> dict[str, float] | None: ...
    def close_stories(self, before: float) -> int: ...
    def get_story(self, story_id: int) -> Story: ...
    def list_story_rows(
        self, *, limit: int, offset: int = 0, order: str = "latest"
    ) -> list[Story]: ...
    def story_article_ids(self, story_id: int) -> list[int]: ...
    def untracked_ids(self, limit: int) -> list[int]: ...
    def related_candidates(
        self, terms: list[str], depth: int = RELATED_DEPTH
    ) -> list[tuple[int, int, dict[str, float]]]: ...
    def story_evidence(self, story_ids: Iterable[int]) -> dict[int, str]: ...
    def stories_sharing(self, terms: list[str], limit: int) -> list[StoryRow]: ...
    def save_story_evidence(self, story_id: int, evidence: str) -> None: ...
    def save_event_time(self, article_id: int, found: EventTimeRow) -> None: ...
    def event_times(self, article_ids: Iterable[int]) -> dict[int, EventTimeRow]: ...


class TrackingStore(CopyStore, StoryStore, PendingStore, Protocol):
    """What the tracker needs: the copy and story tables, written in one transaction
    that also clears the articles' pending marks (`sqlite_pending`)."""

    def tracking(self) -> AbstractContextManager[None]: ...
