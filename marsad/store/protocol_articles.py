"""The core of the `Store` protocol: storing, reading and searching articles.

`AddResult` is the value `add_articles` answers with. Every backend implements
this; the other concerns (copies, stories, sources, web reads) have their own
protocol modules beside it, and `protocol.Store` joins them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

from marsad.model import Article, SearchHit
from marsad.store.highlight import DEFAULT_MARKERS, Markers


@dataclass(frozen=True, slots=True)
class AddResult:
    """What happened to one article given to `Store.add_articles`.

    `new` is True when the article was stored under `id`; False with an `id` when it
    duplicates the stored article `id`; False with `error` (and no `id`) when this
    one article could not be stored — the others of its batch are unaffected.
    """

    id: int | None
    new: bool
    error: str | None = None

    @property
    def duplicate(self) -> bool:
        return not self.new and self.id is not None


class ArticleStore(Protocol):
    """Storage of articles, their annotations and the full-text index."""

    # Articles written per store transaction: the grouping tracking follows.
    batch_size: int

    def add_articles(self, articles: Iterable[Article]) -> list[AddResult]:
        """Store the articles not stored yet; one result per article, in order."""
        ...

    def stored_id(self, article: Article) -> int | None:
        """The id of the stored article `article` duplicates (same canonical URL, same
        folded content, or same id from the same site), else None: what
        `add_articles` would answer as a duplicate, asked before the costly work."""
        ...

    def get(self, article_id: int) -> Article:
        """The stored article with its spans; raises `errors.NotFound`."""
        ...

    def search(
        self, query: str, limit: int, offset: int = 0, *, markers: Markers = DEFAULT_MARKERS
    ) -> list[SearchHit]:
        """Articles matching `query` (Arabic-aware), best first, with snippets."""
        ...

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article with its spans, by id, streamed."""
        ...

    def count(self) -> int:
        """How many articles are stored."""
        ...

    def close(self) -> None:
        """Release the connection; the store is unusable afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
