"""Copies, provenance, stories and related articles through ingest, on a real store."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from marsad.model import Article
from marsad.services.export import export_rows
from marsad.services.ingest import ingest
from marsad.services.stories import (
    Tracker,
    get_story,
    list_stories,
    outlet_copies,
    provenance,
    related_articles,
    story_view,
    track_untracked,
)
from marsad.services.views import article_view, render_article
from marsad.store import open_store
from marsad.store.sqlite import SQLiteStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stories"))
from story_samples import agency, copy, rewrite, unrelated


def _ingest(store: SQLiteStore, articles: list[Article]) -> dict[str, Article]:
    """Ingest with tracking; the stored articles by url."""
    ingest(store, articles, track=Tracker().track)
    return {article.url or "": article for article in store.iter_articles()}


@pytest.fixture
def store() -> SQLiteStore:
    return open_store(":memory:")  # type: ignore[return-value]


def test_a_republished_copy_points_at_the_original(store: SQLiteStore) -> None:
    stored = _ingest(store, [agency(), copy(), rewrite(), unrelated()])
    original, republished = stored[agency().url or ""], stored[copy().url or ""]
    assert original.duplicate_of is None
    assert republished.duplicate_of == original.id
    assert stored[rewrite().url or ""].duplicate_of is None  # same event, own words
    assert stored[unrelated().url or ""].duplicate_of is None
    assert republished.story == original.story


def test_a_late_original_becomes_the_head_of_its_group(store: SQLiteStore) -> None:
    # Two papers' copies arrive first; the agency's own, earlier article comes last.
    _ingest(store, [copy(site="اليوم"), copy(published="2018-04-08T12:00:00+00:00", site="عكاظ")])
    stored = _ingest(store, [agency()])
    original = stored[agency().url or ""]
    assert original.duplicate_of is None
    copies = [a for a in stored.values() if a.id != original.id]
    assert [a.duplicate_of for a in copies] == [original.id, original.id]
    assert len({a.story for a in stored.values()}) == 1


def test_provenance_and_outlet_counts(store: SQLiteStore) -> None:
    stored = _ingest(store, [agency(), copy(site="اليوم"), copy("2018-04-08T13:00:00", "عكاظ")])
    copy_id = stored[copy(site="عكاظ").url or ""].id
    assert copy_id is not None
    found = provenance(store, copy_id)
    assert found["is_copy"] is True
    assert found["first_site"] == "واس"
    assert [c["site"] for c in found["copies"]] == ["اليوم", "عكاظ"]
    assert found["credited_sources"] == ["واس"]
    assert sorted(outlet_copies(store)) == [("اليوم", "واس", 1), ("عكاظ", "واس", 1)]


def test_same_event_shares_a_story_unrelated_news_does_not(store: SQLiteStore) -> None:
    stored = _ingest(store, [agency(), copy(), rewrite(), unrelated()])
    assert stored[rewrite().url or ""].story == stored[agency().url or ""].story
    assert stored[unrelated().url or ""].story != stored[agency().url or ""].story
    story_id = stored[agency().url or ""].story
    assert story_id is not None
    story = get_story(store, story_id)
    assert (story.article_count, story.outlet_count) == (3, 3)
    assert story.first_published == agency().published
    assert story.title in {agency().title, copy().title, rewrite().title}
    view = story_view(store, story_id)
    assert [item["site"] for item in view["articles"]] == ["واس", "اليوم", "المدينة"]
    assert {s.id for s in list_stories(store, limit=10)} == {a.story for a in stored.values()}


def test_an_article_outside_the_time_window_starts_a_new_story(store: SQLiteStore) -> None:
    stored = _ingest(store, [agency(), rewrite(published="2018-04-20T09:00:00+00:00")])
    assert stored[rewrite().url or ""].story != stored[agency().url or ""].story
    story = get_story(store, stored[agency().url or ""].story or 0)
    assert not story.is_open  # nothing joined it for more than the window


def test_related_articles_leave_out_the_article_and_its_copies(store: SQLiteStore) -> None:
    stored = _ingest(store, [agency(), copy(), rewrite(), unrelated()])
    original = stored[agency().url or ""]
    assert original.id is not None
    related = related_articles(store, original.id, k=5)
    ids = [item["id"] for item in related]
    assert stored[rewrite().url or ""].id in ids
    assert original.id not in ids
    assert stored[copy().url or ""].id not in ids


def test_export_and_article_view_carry_story_and_copies(store: SQLiteStore) -> None:
    stored = _ingest(store, [agency(), copy(), rewrite()])
    original, republished = stored[agency().url or ""], stored[copy().url or ""]
    rows = {row["url"]: row for row in export_rows(store)}
    assert rows[copy().url]["duplicate_of"] == original.id
    assert rows[agency().url]["duplicate_of"] is None
    assert rows[copy().url]["story"] == rows[agency().url]["story"] == original.story
    assert republished.id is not None
    view = article_view(store, republished.id)
    assert view["story"]["id"] == original.story
    assert [c["id"] for c in view["copies"]] == [original.id]
    text = render_article(view)
    assert "copies:" in text and f"[{original.id}]" in text


def test_the_index_persists_across_opening_the_database(tmp_path: Path) -> None:
    path = tmp_path / "marsad.db"
    with open_store(path) as first:
        ingest(first, [agency()], track=Tracker().track)
    with open_store(path) as second:
        ingest(second, [copy()], track=Tracker().track)
        articles = list(second.iter_articles())
    assert articles[1].duplicate_of == articles[0].id


def test_untracked_articles_are_tracked_later(store: SQLiteStore) -> None:
    ingest(store, [agency(), copy()])  # no tracking
    assert [a.story for a in store.iter_articles()] == [None, None]
    assert track_untracked(store) == 2
    assert track_untracked(store) == 0
    first, second = store.iter_articles()
    assert second.duplicate_of == first.id and first.story == second.story is not None


def test_a_story_of_an_untitled_article_is_named_by_its_text(store: SQLiteStore) -> None:
    untitled = Article(text=unrelated().text, url="https://sport.example/5", site="x")
    stored = _ingest(store, [untitled])
    story = get_story(store, stored["https://sport.example/5"].story or 0)
    assert story.title.startswith("فاز فريق الهلال") and story.title.endswith("…")


# A third write-up of the hospital opening, in words of its own.
FOLLOW_UP_TEXT = (
    "بدأ مستشفى الأطفال الجديد في الطائف استقبال أول المرضى بعد افتتاحه بيوم، وقال مدير "
    "المستشفى إن أقسام الطوارئ والعناية المركزة تعمل بكامل طاقتها وإن مئتي سرير جاهزة."
)


def _undated(text: str, url: str, site: str) -> Article:
    """A page about the hospital opening with no publication time; its URL has a date."""
    return Article(text=text, title="مستشفى الأطفال في الطائف", url=url, site=site)


def test_undated_pages_of_different_years_make_different_stories(store: SQLiteStore) -> None:
    from marsad.steps.event_time import with_event_time

    pages = [
        _undated(rewrite().text, "https://a.example/2018/04/08/hospital", "أ"),
        _undated(agency().text, "https://b.example/2021/04/08/hospital", "ب"),
        _undated(FOLLOW_UP_TEXT, "https://c.example/2018/04/09/hospital", "ج"),
    ]
    ingest(store, pages, enrich=with_event_time, track=Tracker().track)
    first, later, follow_up = list(store.iter_articles())
    assert first.story == follow_up.story != later.story
    assert first.story is not None and later.story is not None
    view = article_view(store, later.id or 0)
    assert view["published"] is None
    assert view["published_estimated"] == "2021-04-08"
    assert view["published_estimated_source"] == "url"
    related = story_view(store, first.story)["related"]
    assert [item["id"] for item in related] == [later.story]


def test_an_undated_article_is_placed_in_time_when_it_was_first_seen(
    store: SQLiteStore,
) -> None:
    from datetime import datetime

    seen = "2016-05-02T10:00:00+00:00"
    page = replace(_undated(FOLLOW_UP_TEXT, "https://c.example/hospital", "ج"), first_seen=seen)
    ingest(store, [page], track=Tracker().track)
    [stored] = store.iter_articles()
    assert stored.story is not None and stored.first_seen == seen
    row = store.story_row(stored.story)
    assert row.first_at == row.last_at == datetime.fromisoformat(seen).timestamp()
