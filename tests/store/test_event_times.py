"""The estimated event time and the first-seen time are kept with the article."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from marsad.model import Article
from marsad.store import SQLiteStore


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory_store:
        yield memory_store


def _undated(number: int, estimated: str | None = "2019-04-11") -> Article:
    return Article(
        text=f"نص الخبر رقم {number} عن قصف المدينة",
        url=f"https://news.example/{number}",
        published_estimated=estimated,
        published_estimated_source="dateline" if estimated else None,
        published_estimated_confidence=0.8 if estimated else None,
        first_seen="2019-04-12T06:30:00+00:00",
    )


def test_estimate_and_first_seen_survive_the_store(store: SQLiteStore) -> None:
    results = store.add_articles([_undated(1), _undated(2, None), _undated(3)])
    ids = [result.id for result in results if result.id is not None]
    first = store.get(ids[0])
    assert (first.published_estimated, first.published_estimated_source) == (
        "2019-04-11",
        "dateline",
    )
    assert first.published_estimated_confidence == 0.8
    assert first.first_seen == "2019-04-12T06:30:00+00:00"
    assert store.get(ids[1]).published_estimated is None
    assert [article.published_estimated for article in store.iter_articles()] == [
        "2019-04-11",
        None,
        "2019-04-11",
    ]
    assert store.event_times(ids).keys() == {ids[0], ids[2]}


def test_an_article_without_a_first_seen_time_gets_the_time_it_was_stored(
    store: SQLiteStore,
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    [result] = store.add_articles([Article(text="خبر بلا وقت")])
    assert result.id is not None
    seen = store.get(result.id).first_seen
    assert seen is not None
    assert before <= datetime.fromisoformat(seen) <= datetime.now(UTC)


def test_a_rejected_article_leaves_no_estimate(store: SQLiteStore) -> None:
    bad = Article(text="نص", url="http://[::1/x", published_estimated="2019-04-11")
    good = _undated(4)
    results = store.add_articles([bad, good])
    assert results[0].error is not None and results[1].new
    assert list(store.event_times(range(1, 10))) == [results[1].id]
