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


def _form_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to `action`."""
    start = html.index(f'action="{action}"')
    form = html[start : html.index("</form>", start)]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_one_click_from_a_search_page_then_edit_pause_delete(fresh_client: TestClient) -> None:
    site = fresh_client.get("/api/search?q=اليمن").json()["facets"]["site"][0]["value"]
    search = fresh_client.get("/search", params={"q": "اليمن", "site": site}).text
    fields = _form_fields(search, "/watchlists")
    assert fields["query"] == "اليمن" and fields["site"] == site
    saved = fresh_client.post(
        "/watchlists", data={**fields, "token": TOKEN}, follow_redirects=False
    )
    assert saved.status_code == 303
    watch_id = int(saved.headers["location"].rsplit("/", 1)[1])
    watch = fresh_client.get(f"/api/watchlists/{watch_id}").json()["watchlist"]
    assert (watch["query"], watch["site"], watch["paused"]) == ("اليمن", site, False)
    assert "webhook_secret" not in watch

    edit = fresh_client.get(f"/watchlists/{watch_id}/edit").text
    form = {
        "csrf": _form_fields(edit, f"/watchlists/{watch_id}/edit")["csrf"],
        "token": TOKEN,
        "name": "اليمن بلا تصفية",
        "query": "اليمن OR صنعاء",
        "site": "",
        "email_to": "editor@example.org",
        "email_mode": "digest",
    }
    assert fresh_client.post(f"/watchlists/{watch_id}/edit", data=form).status_code == 200
    watch = fresh_client.get(f"/api/watchlists/{watch_id}").json()["watchlist"]
    assert watch["site"] is None and watch["email_mode"] == "digest"
    assert watch["name"] == "اليمن بلا تصفية"

    page = fresh_client.get(f"/watchlists/{watch_id}").text
    pause = _form_fields(page, f"/watchlists/{watch_id}/pause")
    fresh_client.post(f"/watchlists/{watch_id}/pause", data={**pause, "token": TOKEN})
    assert fresh_client.get(f"/api/watchlists/{watch_id}").json()["watchlist"]["paused"]
    assert "متوقفة مؤقتًا" in fresh_client.get(f"/watchlists/{watch_id}").text

    gone = {"csrf": pause["csrf"], "token": "guess"}
    assert fresh_client.post(f"/watchlists/{watch_id}/delete", data=gone).status_code == 403
    gone["token"] = TOKEN
    fresh_client.post(f"/watchlists/{watch_id}/delete", data=gone)
    assert fresh_client.get(f"/api/watchlists/{watch_id}").status_code == 404


def test_api_edit_secret_and_delete(fresh_client: TestClient) -> None:
    body = {"query": "اليمن", "webhook_url": "https://hooks.example/marsad"}
    created = fresh_client.post("/api/watchlists", json=body, headers=AUTH).json()["watchlist"]
    secret = created["webhook_secret"]
    assert len(secret) == 64
    url = f"/api/watchlists/{created['id']}"
    assert fresh_client.patch(url, json={"paused": True}).status_code == 403
    patched = fresh_client.patch(url, json={"paused": True, "alert_on": "both"}, headers=AUTH)
    assert patched.json()["watchlist"]["paused"] is True
    assert "webhook_secret" not in patched.json()["watchlist"]
    renewed = fresh_client.post(f"{url}/secret", headers=AUTH).json()["webhook_secret"]
    assert renewed != secret and len(renewed) == 64
    bad = fresh_client.post("/api/watchlists", json={"query": '"اليمن'}, headers=AUTH)
    assert bad.status_code == 422 and bad.json()["code"] == "bad-query"
    assert fresh_client.delete(url, headers=AUTH).json() == {"ok": True}
    assert fresh_client.get(url).status_code == 404


def test_entities_and_places_are_picked_by_name(fresh_client: TestClient) -> None:
    top = fresh_client.get("/api/entities?limit=1").json()["entities"][0]
    typed = top["name"][:3]
    found = fresh_client.get("/api/suggest", params={"kind": "entity", "q": typed}).json()
    assert top["id"] in [s["value"] for s in found["suggestions"]]
    options = fresh_client.get("/watchlists/suggest", params={"kind": "entity", "entity": typed})
    assert f'<option value="{top["name"]}">' in options.text
    body = {"entity": top["name"]}
    created = fresh_client.post("/api/watchlists", json=body, headers=AUTH).json()["watchlist"]
    assert created["entity"] == top["id"]
    missing = fresh_client.post("/api/watchlists", json={"entity": "لا أحد"}, headers=AUTH)
    assert missing.status_code == 422 and "لا يوجد كيان" in missing.json()["error"]
    too_many = fresh_client.get("/api/suggest", params={"kind": "place", "q": "ا", "limit": 99})
    assert too_many.status_code == 422
