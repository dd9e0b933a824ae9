"""Event watchlists from the web: saved in one click from /events, their page flags new events."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_data import TOKEN

from marsad.model import Article, EventSpan
from marsad.store import SQLiteStore


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match
    return match.group(1)


def _strike(number: int, day: str) -> Article:
    span = EventSpan(
        "غارات", 0, 5, "explosions_remote_violence", "air_drone_strike", date=day,
        place="معرة النعمان", country="SY", fatalities=number, confidence=0.9,
    )  # fmt: skip
    return Article(
        title=f"غارات على معرة النعمان {number}",
        text="غارات على معرة النعمان",
        url=f"https://a.example/strike-{number}",
        site="a.example",
        lang="ar",
        published=f"{day}T08:00:00",
        events=(span,),
    )


def test_save_from_events_page_then_page_flags_new_events(fresh_client: TestClient) -> None:
    store: SQLiteStore = fresh_client.app.state.store  # type: ignore[attr-defined]
    store.add_articles([_strike(2, "2026-04-01")])
    url = "/events?type=air_drone_strike&place=معرة+النعمان&from=2026-03-01"
    events_page = fresh_client.get(url).text
    assert 'action="/watchlists/events"' in events_page
    form = {
        "csrf": _csrf(events_page),
        "token": TOKEN,
        "type": "air_drone_strike",
        "place": "معرة النعمان",
        "from": "2026-03-01",
    }
    refused = fresh_client.post("/watchlists/events", data=form | {"token": "guess"})
    assert refused.status_code == 403
    assert fresh_client.post("/watchlists/events", data=form | {"csrf": "x"}).status_code == 403
    saved = fresh_client.post("/watchlists/events", data=form, follow_redirects=False)
    assert saved.status_code == 303
    watch_url = saved.headers["location"]
    watch = fresh_client.get(f"/api{watch_url}").json()
    assert watch["watchlist"]["watches"] == "events"
    assert watch["watchlist"]["event_type"] == "air_drone_strike"
    assert watch["total"] == 1 and watch["new"] == 0
    store.add_articles([_strike(5, "2026-04-03")])
    page = fresh_client.get(watch_url).text
    assert "غارة جوية أو بمسيرة" in page and "معرة النعمان" in page
    assert page.count('class="event new"') == 1 and "قتلى: 5" in page
    seen = {"token": TOKEN, "csrf": _csrf(page)}
    assert fresh_client.post(f"{watch_url}/seen", data=seen).status_code == 200
    assert 'class="event new"' not in fresh_client.get(watch_url).text
