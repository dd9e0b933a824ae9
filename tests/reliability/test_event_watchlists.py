"""Event alerts under failure: a refused webhook is retried with the same event set."""

from __future__ import annotations

import json

from support.alert_receivers import http_receiver

from marsad.model import Article, EventSpan
from marsad.services.alerts import AlertOptions, run_alerts
from marsad.services.alerts.retry import Backoff
from marsad.services.watchlists import save_event_watchlist
from marsad.store import SQLiteStore

ONE_TRY = AlertOptions(backoff=Backoff(attempts=1, first=0.01, cap=0.01))


def _clash(number: int, day: str) -> Article:
    span = EventSpan(
        "اشتباكات", 0, 8, "battles", "armed_clash", date=day, place="دير الزور",
        country="SY", fatalities=number, confidence=0.9,
    )  # fmt: skip
    return Article(
        title=f"اشتباكات في دير الزور {number}",
        text="اشتباكات في دير الزور",
        url=f"https://a.example/clash-{number}",
        site="a.example",
        published=f"{day}T08:00:00",
        events=(span,),
    )


def test_a_failed_event_delivery_is_retried_with_the_same_events_and_id() -> None:
    with SQLiteStore(":memory:") as store, http_receiver([503]) as (url, received):
        save_event_watchlist(store, {"type": "battles", "webhook_url": url})
        store.add_articles([_clash(2, "2026-05-01")])
        first = run_alerts(store, ONE_TRY)
        assert first.failed == 1 and first.delivered == 0
        store.add_articles([_clash(4, "2026-05-03")])
        second = run_alerts(store, ONE_TRY)
        assert second.delivered == 2  # the retried set, then the new event on its own
        bodies = [json.loads(body) for _, body in received.requests]
        assert bodies[0] == bodies[1]  # the same delivery, the same events
        assert [len(body["items"]) for body in bodies] == [1, 1, 1]
        assert bodies[2]["items"][0]["date"] == "2026-05-03"
        assert run_alerts(store, ONE_TRY).delivered == 0
