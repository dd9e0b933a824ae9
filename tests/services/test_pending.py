"""Resuming tracking an interrupted run left pending, as that run would have tracked."""

from __future__ import annotations

import gzip
import json
import logging
from functools import cache
from pathlib import Path

import pytest

from marsad.errors import InputError
from marsad.model import Article
from marsad.services.ingest import BATCH_SIZE, BATCH_VARIABLE, batch_size_setting, ingest
from marsad.services.pending import resume_pending
from marsad.services.stories import Tracker, track_untracked
from marsad.steps.pipeline import Enricher
from marsad.store.sqlite import SQLiteStore

DEMO = Path(__file__).resolve().parents[2] / "marsad" / "resources" / "demo" / "articles.jsonl.gz"


@cache
def demo(count: int) -> tuple[Article, ...]:
    with gzip.open(DEMO, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line, _ in zip(lines, range(count), strict=False)]
    return tuple(
        Article(
            text=record["text"],
            title=record["title"],
            url=record["url"],
            site=record["site"],
            published=record["published"],
            external_id=record["id"],
        )
        for record in records
    )


@cache
def enricher() -> Enricher:
    return Enricher.load()


def _outcome(store: SQLiteStore) -> tuple[frozenset[frozenset[str]], frozenset[tuple[str, str]]]:
    articles = list(store.iter_articles())
    names = {article.id: article.external_id or "" for article in articles}
    stories: dict[int, set[str]] = {}
    for article in articles:
        assert article.story is not None, f"{article.external_id} has no story"
        stories.setdefault(article.story, set()).add(article.external_id or "")
    copies = frozenset(
        (article.external_id or "", names[article.duplicate_of])
        for article in articles
        if article.duplicate_of is not None
    )
    return frozenset(frozenset(group) for group in stories.values()), copies


def test_an_enriched_run_stopped_after_storing_resumes_as_a_clean_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    articles = list(demo(60))
    with SQLiteStore(":memory:") as clean:
        ingest(clean, articles, enrich=enricher(), track=Tracker().track, batch_size=10)
        expected = _outcome(clean)
    with SQLiteStore(":memory:") as store:
        # The first 30 stored as an interrupted run leaves them: written, not tracked.
        ingest(store, articles[:30], enrich=enricher(), batch_size=10)
        assert store.pending_count() == 30
        with caplog.at_level(logging.WARNING):
            report = ingest(
                store, articles, enrich=enricher(), track=Tracker().track, batch_size=10
            )
        assert "resumed 30 articles left pending by an interrupted run" in caplog.text
        assert (report.new, report.duplicates) == (30, 30)
        assert store.pending_count() == 0
        assert _outcome(store) == expected


def test_track_untracked_resumes_pending_batches_first() -> None:
    articles = list(demo(40))
    with SQLiteStore(":memory:") as clean:
        ingest(clean, articles, track=Tracker().track, batch_size=8)
        expected = _outcome(clean)
    with SQLiteStore(":memory:") as store:
        ingest(store, articles, batch_size=8)
        assert track_untracked(store) == 40
        assert store.pending_count() == 0
        assert _outcome(store) == expected


def test_a_batch_is_tracked_once_even_when_two_runs_resume_it() -> None:
    articles = list(demo(12))
    with SQLiteStore(":memory:") as store:
        ingest(store, articles, batch_size=6)
        first = store.next_pending_batch()
        assert first is not None
        stale = [store.get(article_id) for article_id in first[1]]
        assert resume_pending(store, Tracker().track) == 12
        counts = store._db.execute("SELECT sum(article_count) FROM stories").fetchone()[0]
        Tracker().track(store, stale)  # a second process, late with the same batch
        assert store._db.execute("SELECT sum(article_count) FROM stories").fetchone()[0] == counts
        assert counts == 12


def test_resuming_nothing_is_silent(caplog: pytest.LogCaptureFixture) -> None:
    with SQLiteStore(":memory:") as store, caplog.at_level(logging.WARNING):
        assert resume_pending(store, Tracker().track) == 0
    assert not caplog.text


def test_the_batch_size_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BATCH_VARIABLE, raising=False)
    assert batch_size_setting() == BATCH_SIZE
    monkeypatch.setenv(BATCH_VARIABLE, "25")
    assert batch_size_setting() == 25
    for wrong in ("0", "many"):
        monkeypatch.setenv(BATCH_VARIABLE, wrong)
        with pytest.raises(InputError, match=BATCH_VARIABLE):
            batch_size_setting()
