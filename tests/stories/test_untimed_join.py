"""A join on words alone (no trusted time on one side) needs a higher similarity."""

from __future__ import annotations

from dataclasses import replace

from story_samples import agency, rewrite

from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.store import open_store


def _stories(articles: list[Article], tracker: Tracker) -> int:
    with open_store(":memory:") as store:
        ingest(store, articles, track=tracker.track)
        return len({article.story for article in store.iter_articles()})


def test_dated_pages_join_on_the_usual_threshold() -> None:
    strict = Tracker(untimed_threshold=0.99)
    assert _stories([agency(), rewrite()], strict) == 1


def test_undated_pages_join_only_above_the_untimed_threshold() -> None:
    undated = [replace(agency(), published=None), replace(rewrite(), published=None)]
    assert _stories(undated, Tracker(untimed_threshold=0.99)) == 2
    assert _stories(undated, Tracker()) == 1
