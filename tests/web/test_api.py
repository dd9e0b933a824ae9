"""The JSON twins: same service call as the page, paginated, errors as values."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_data import DEMO_ARTICLES

from marsad.services.search import search
from marsad.store import open_store


def test_articles_are_paginated_with_total(client: TestClient) -> None:
    first = client.get("/api/articles?limit=5").json()
    second = client.get("/api/articles?limit=5&offset=5").json()
    assert first["ok"] and first["total"] == second["total"] >= DEMO_ARTICLES
    ids = [a["id"] for a in first["articles"] + second["articles"]]
    assert len(ids) == len(set(ids)) == 10
    published = [a["published"] for a in first["articles"]]
    assert published == sorted(published, reverse=True)


def test_article_has_spans_pointing_into_its_text(client: TestClient) -> None:
    article = client.get("/api/articles/1").json()["article"]
    assert article["entities"], "the enriched demo article names people and places"
    for span in article["entities"] + article["places"] + article["dates"]:
        assert article["text"][span["start"] : span["end"]] == span["text"]


def test_search_agrees_with_the_search_service(client: TestClient, web_db: object) -> None:
    api = client.get("/api/search", params={"q": "اللاجئين السوريين", "limit": 5}).json()
    with open_store(str(web_db)) as store:
        direct = search(store, "اللاجئين السوريين", limit=5)
    assert [hit["id"] for hit in api["hits"]] == [hit.id for hit in direct]
    # Both mark the matched words with the same markers (the web scans the lead first).
    assert all("[" in hit["snippet"] for hit in api["hits"])
    assert all("[" in hit.snippet for hit in direct)


def test_search_by_place_without_words(client: TestClient) -> None:
    place = client.get("/api/places?limit=1").json()["places"][0]
    found = client.get("/api/search", params={"place": place["name"], "limit": 200}).json()
    assert found["total"] == place["count"]


def test_search_date_range_is_inclusive(client: TestClient) -> None:
    day = client.get("/api/articles/1").json()["article"]["published"][:10]
    found = client.get("/api/search", params={"from": day, "to": day, "limit": 200}).json()
    assert found["total"] >= 1
    assert all(hit["published"].startswith(day) for hit in found["hits"])


def test_stories_and_story(client: TestClient) -> None:
    stories = client.get("/api/stories?order=growing&limit=3").json()["stories"]
    assert stories and {"id", "title", "article_count", "outlet_count"} <= set(stories[0])
    view = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert view["ok"] and len(view["articles"]) == stories[0]["article_count"]


def test_entity(client: TestClient) -> None:
    top = client.get("/api/entities?limit=1").json()["entities"][0]
    view = client.get(f"/api/entities/{quote(top['id'], safe=':')}").json()
    assert view["entity"]["articles"] == top["count"] == view["total"]
    assert sum(point["count"] for point in view["timeline"]) <= view["total"]


def test_places_have_coordinates(client: TestClient) -> None:
    places = client.get("/api/places").json()
    assert places["total"] >= len(places["places"]) > 0
    for place in places["places"]:
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180


def test_sources_answer(client: TestClient) -> None:
    body = client.get("/api/sources").json()
    assert body == {"ok": True, "sources": []}  # the fixture registers none


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/articles/999999", 404, "not-found"),
        ("/api/articles/abc", 422, "bad-input"),
        ("/api/stories/999999", 404, "not-found"),
        ("/api/entities/per:nobody-at-all", 404, "not-found"),
        ("/api/watchlists/999999", 404, "not-found"),
        ("/api/search?limit=0", 422, "bad-input"),
        ("/api/search?from=yesterday", 422, "bad-input"),
        ("/api/search?sort=random", 422, "bad-input"),
        ("/api/nothing-here", 404, "not-found"),
    ],
)
def test_errors_are_values(client: TestClient, url: str, status: int, code: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.json() == {"ok": False, "error": response.json()["error"], "code": code}


def test_openapi_describes_every_api_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/search",
        "/api/entities/{entity_id}",
        "/api/places",
        "/api/sources",
        "/api/watchlists",
    ):
        assert path in paths
