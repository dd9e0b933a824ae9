"""Watchlists: saved, listed, new matches flagged until marked seen, each with a feed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_data import TOKEN

from marsad.model import Article
from marsad.store import SQLiteStore

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _csrf(client: TestClient, url: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get(url).text)
    assert match
    return match.group(1)


def test_new_matches_stay_flagged_until_marked_seen(fresh_client: TestClient) -> None:
    created = fresh_client.post(
        "/api/watchlists",
        json={"name": "مراقبة", "kind": "search", "target": "زلزال"},
        headers=AUTH,
    ).json()["watchlist"]
    watch_id = created["id"]
    assert fresh_client.get(f"/api/watchlists/{watch_id}").json()["new"] == 0
    store: SQLiteStore = fresh_client.app.state.store  # type: ignore[attr-defined]
    store.add_articles([Article(title="زلزال قوي", text="ضرب زلزال قوي المنطقة صباح اليوم.")])
    view = fresh_client.get(f"/api/watchlists/{watch_id}").json()
    assert view["new"] == 1 and view["matches"][0]["new"] is True
    page = fresh_client.get(f"/watchlists/{watch_id}").text
    assert "1 جديدة" in page and 'class="item new"' in page
    # Viewing the page writes nothing: the match is still new.
    assert fresh_client.get(f"/api/watchlists/{watch_id}").json()["new"] == 1
    assert store.watchlist(watch_id)["visited_at"] is None
    form = {"token": TOKEN, "csrf": _csrf(fresh_client, f"/watchlists/{watch_id}")}
    marked = fresh_client.post(f"/watchlists/{watch_id}/seen", data=form, follow_redirects=False)
    assert marked.status_code == 303
    assert fresh_client.get(f"/api/watchlists/{watch_id}").json()["new"] == 0
    assert 'class="item new"' not in fresh_client.get(f"/watchlists/{watch_id}").text
    feed = fresh_client.get(f"/feeds/watchlists/{watch_id}.atom")
    assert feed.status_code == 200 and "زلزال قوي" in feed.text


def test_marking_seen_needs_the_token(fresh_client: TestClient) -> None:
    body = {"kind": "search", "target": "زلزال"}
    created = fresh_client.post("/api/watchlists", json=body, headers=AUTH).json()["watchlist"]
    url = f"/watchlists/{created['id']}/seen"
    form = {"token": "guess", "csrf": _csrf(fresh_client, "/watchlists")}
    assert fresh_client.post(url, data=form).status_code == 403
    assert fresh_client.post(f"/api{url}").status_code == 403
    assert fresh_client.post(f"/api{url}", headers=AUTH).json() == {"ok": True}


def test_entity_watchlist(fresh_client: TestClient) -> None:
    top = fresh_client.get("/api/entities?limit=1").json()["entities"][0]
    body = {"kind": "entity", "target": top["id"]}
    created = fresh_client.post("/api/watchlists", json=body, headers=AUTH).json()["watchlist"]
    assert created["name"] == top["id"]
    view = fresh_client.get(f"/api/watchlists/{created['id']}").json()
    assert view["total"] == top["count"]
    listed = fresh_client.get("/watchlists").text
    assert f'href="/watchlists/{created["id"]}"' in listed


def test_unknown_entity_or_kind_is_refused(fresh_client: TestClient) -> None:
    unknown = {"kind": "entity", "target": "per:nobody-at-all"}
    assert fresh_client.post("/api/watchlists", json=unknown, headers=AUTH).status_code == 404
    bad_kind = {"kind": "weather", "target": "x"}
    assert fresh_client.post("/api/watchlists", json=bad_kind, headers=AUTH).status_code == 422
