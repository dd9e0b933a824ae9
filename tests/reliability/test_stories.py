"""Stories keep working on data the event checks did not write or cannot read."""

from __future__ import annotations

import sys
from pathlib import Path

from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.store import open_store
from marsad.store.sqlite import SQLiteStore
from marsad.stories.events import EventSignature, StoryEvidence, event_time, veto

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stories"))
from story_samples import agency, rewrite


def test_stories_tracked_before_event_evidence_still_take_new_articles() -> None:
    store = open_store(":memory:")
    assert isinstance(store, SQLiteStore)
    ingest(store, [agency()], track=Tracker().track)
    store._db.execute("DELETE FROM story_evidence")  # as an older Marsad left it
    ingest(store, [rewrite()], track=Tracker().track)
    stories = {article.story for article in store.iter_articles()}
    assert len(stories) == 1 and None not in stories


def test_unreadable_times_are_no_event_time() -> None:
    for value in ("2019-13", "2019-02-30", "garbage", ""):
        article = Article(text="x", published_estimated=value, published_estimated_confidence=0.9)
        assert event_time(article) is None
    assert event_time(Article(text="x", published="not a date")) is None


def test_evidence_written_with_fewer_fields_reads_as_empty_parts() -> None:
    evidence = StoryEvidence.from_json('{"time": null}')
    assert evidence == StoryEvidence()


def test_evidence_written_before_countries_vetoes_no_place() -> None:
    older = StoryEvidence.from_json('{"lead_places": {"مراكش": 3}, "places": {"مراكش": 3}}')
    assert not older.lead_countries
    derna = EventSignature(
        lead_places=frozenset({"درنة"}),
        places=frozenset({"درنة"}),
        lead_countries=frozenset({"LY"}),
    )
    assert veto(derna, older, 3 * 24 * 3600.0) is None
