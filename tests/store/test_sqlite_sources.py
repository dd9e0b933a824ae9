"""The sources table and the fetch queue: what survives a restart, what is skipped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from marsad.errors import InputError, NotFound
from marsad.model import Article
from marsad.store import SQLiteStore
from marsad.store.migrations import applied_migrations
from marsad.store.sqlite_sources import DONE, FAILED, PageOutcome, SourceHealth, iso

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
HEALTH = SourceHealth(interval=timedelta(minutes=30), added=T0)


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory_store:
        yield memory_store


def test_sources_and_queue_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with SQLiteStore(path) as first:
        source, created = first.add_source("https://news.example/rss", "feed", HEALTH, name="خبر")
        first.enqueue(source.id, ["https://news.example/a/1"], T0)
    with SQLiteStore(path) as second:
        assert "020_sources" in applied_migrations(second._db)
        assert second.applied == []
        assert created and second.get_source(source.id) == source
        [item] = second.due_pages(T0, 10)
        assert (item.fetch_url, item.source_id, item.attempts) == (
            "https://news.example/a/1",
            source.id,
            0,
        )


def test_a_source_url_is_registered_once_in_canonical_form(store: SQLiteStore) -> None:
    first, created = store.add_source("https://News.example/rss/", "feed", HEALTH)
    again, created_again = store.add_source("https://news.example/rss?utm_source=x", "feed", HEALTH)
    assert created and not created_again and again.id == first.id
    assert first.url == "https://News.example/rss/"  # shown as the user gave it
    with pytest.raises(InputError):
        store.add_source("https://news.example/x", "podcast", HEALTH)


def test_poll_state_round_trips_with_its_validators(store: SQLiteStore) -> None:
    source, _ = store.add_source("https://news.example/rss", "feed", HEALTH)
    riyadh = timezone(timedelta(hours=3))
    health = SourceHealth(
        interval=timedelta(minutes=45),
        added=T0,
        last_attempt=T0 + timedelta(hours=1),
        last_success=datetime(2024, 5, 1, 11, 0, tzinfo=riyadh),  # stored in UTC
        consecutive_failures=0,
        last_new_article=T0,
        articles_per_day=12.5,
    )
    store.save_source_poll(source.id, health, etag='"v2"', last_modified=None, failed=False)
    saved = store.get_source(source.id)
    assert saved.health == health and saved.etag == '"v2"' and saved.errors == 0
    failed = SourceHealth(
        interval=health.interval, added=T0, last_error="timeout", consecutive_failures=1
    )
    store.save_source_poll(
        source.id, failed, etag='"v2"', last_modified=None, failed=True, message="timed out"
    )
    saved = store.get_source(source.id)
    assert (saved.errors, saved.last_error_message, saved.health.last_error) == (
        1,
        "timed out",
        "timeout",
    )


def test_enqueue_skips_stored_articles_and_urls_already_queued(store: SQLiteStore) -> None:
    store.add_articles([Article(text="نص الخبر", title="خبر", url="https://news.example/a/1")])
    urls = [
        "https://news.example/a/1#comments",  # stored already
        "https://news.example/a/2",
        "https://news.example/a/2?utm_medium=rss",  # the same page
        "https://news.example/a/3",
    ]
    assert store.enqueue(None, urls, T0) == 2
    assert store.enqueue(None, ["https://news.example/a/3"], T0) == 0
    assert [item.fetch_url for item in store.due_pages(T0, 10)] == [
        "https://news.example/a/2",
        "https://news.example/a/3",
    ]


def test_failed_pages_wait_for_their_retry_time_or_are_given_up(store: SQLiteStore) -> None:
    urls = [f"https://news.example/a/{n}" for n in range(4)]
    store.enqueue(None, urls, T0)
    keys = [item.url for item in store.due_pages(T0, 10)]
    store.finish_pages(
        [
            PageOutcome(keys[0], DONE, article_id=1),
            PageOutcome(keys[1], FAILED, error="timeout", next_try=T0 + timedelta(minutes=5)),
            PageOutcome(keys[2], FAILED, error="http-error"),
        ],
        T0,
    )
    assert store.queue_counts() == {"pending": 1, "done": 1, "failed": 1, "retrying": 1}
    assert [item.url for item in store.due_pages(T0, 10)] == [keys[3]]
    later = store.due_pages(T0 + timedelta(minutes=5), 10)
    assert [(item.url, item.attempts) for item in later] == [(keys[3], 0), (keys[1], 1)]
    assert store.next_page_try() == T0 + timedelta(minutes=5)


def test_removing_a_source_drops_its_queue(store: SQLiteStore) -> None:
    source, _ = store.add_source("https://news.example/rss", "feed", HEALTH)
    store.enqueue(source.id, ["https://news.example/a/1"], T0)
    store.delete_source(source.id)
    assert store.due_pages(T0, 10) == [] and store.list_sources() == []
    with pytest.raises(NotFound):
        store.delete_source(source.id)


def test_stored_times_compare_as_text_in_time_order() -> None:
    early = datetime(2024, 5, 1, 8, 0, 0, tzinfo=UTC)
    later = datetime(2024, 5, 1, 8, 0, 0, 500, tzinfo=UTC)
    riyadh_same = datetime(2024, 5, 1, 11, 0, 0, tzinfo=timezone(timedelta(hours=3)))
    assert iso(early) < iso(later)  # type: ignore[operator]
    assert iso(early) == iso(riyadh_same)
    with pytest.raises(ValueError):
        iso(datetime(2024, 5, 1))
