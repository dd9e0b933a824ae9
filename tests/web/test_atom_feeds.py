"""Atom feeds: well-formed Atom 1.0 with the same articles as their pages."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient
from lxml import etree
from web_data import HOSTILE_WORD, SCRIPT

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client: TestClient, url: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, response.text[:200]
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    for entry in root.iter(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
        assert entry.findtext(f"{ATOM}updated", "").endswith("Z")
    return root


def _entry_ids(root: etree._Element) -> list[int]:
    return [
        int(str(entry.find(f"{ATOM}link").get("href")).rsplit("/", 1)[1])  # type: ignore[union-attr]
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_search_feed_matches_search(client: TestClient) -> None:
    root = _feed(client, "/feeds/search.atom?q=" + quote("السعودية"))
    found = client.get("/api/search", params={"q": "السعودية", "sort": "date", "limit": 30})
    assert _entry_ids(root) == [hit["id"] for hit in found.json()["hits"]]


def test_story_feed(client: TestClient) -> None:
    story = client.get("/api/stories?order=growing&limit=1").json()["stories"][0]
    root = _feed(client, f"/feeds/stories/{story['id']}.atom")
    assert len(_entry_ids(root)) == story["article_count"]


def test_entity_feed(client: TestClient) -> None:
    top = client.get("/api/entities?limit=1").json()["entities"][0]
    root = _feed(client, f"/feeds/entities/{quote(top['id'], safe=':')}.atom")
    assert len(_entry_ids(root)) == min(top["count"], 30)


def test_feed_escapes_hostile_titles(client: TestClient) -> None:
    response = client.get("/feeds/search.atom", params={"q": HOSTILE_WORD})
    assert SCRIPT not in response.text
    root = etree.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert any(title and SCRIPT in title for title in titles)  # kept as text, not markup


def test_missing_feed_is_404(client: TestClient) -> None:
    assert client.get("/feeds/stories/999999.atom").status_code == 404
    assert client.get("/feeds/search.atom").status_code == 422
