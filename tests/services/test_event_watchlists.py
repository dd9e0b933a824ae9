"""Event watchlists: saved `/events` filters, new events since seen, alerts sent once."""

from __future__ import annotations

import json

import pytest
from support.alert_receivers import http_receiver, smtp_server

from marsad.errors import InputError
from marsad.model import Article, EventSpan
from marsad.services.alerts import AlertOptions, run_alerts
from marsad.services.alerts.mail import MailSettings
from marsad.services.alerts.retry import Backoff
from marsad.services.alerts.webhook import SIGNATURE_HEADER, verify
from marsad.services.watchlists import (
    mark_all_seen,
    save_event_watchlist,
    watchlist_view,
)
from marsad.store import SQLiteStore

FAST = Backoff(attempts=3, first=0.01, cap=0.02)
OPTIONS = AlertOptions(base_url="https://marsad.example", backoff=FAST)


def _strike(place: str, day: str, killed: int, sub_type: str = "air_drone_strike") -> EventSpan:
    kind = "explosions_remote_violence" if sub_type != "armed_clash" else "battles"
    return EventSpan(
        "غارات", 0, 5, kind, sub_type, date=day, place=place, country="SY",
        fatalities=killed, confidence=0.9,
    )  # fmt: skip


def _report(site: str, number: int, span: EventSpan) -> Article:
    return Article(
        title=f"غارات على {span.place} ({site})",
        text=f"غارات على {span.place} وقتلى {number}",
        url=f"https://{site}/{number}",
        site=site,
        lang="ar",
        published=f"{span.date}T09:00:00",
        events=(span,),
    )


def _header(headers: dict[str, str], name: str) -> str:
    return next(value for key, value in headers.items() if key.lower() == name.lower())


def test_saved_filters_match_type_and_place_and_flag_new_events(store: SQLiteStore) -> None:
    store.add_articles([_report("a.example", 1, _strike("إدلب", "2026-03-01", 2))])
    watch = save_event_watchlist(store, {"type": "air_drone_strike", "place": "إدلب"})
    assert watch["watches"] == "events" and watch["event_type"] == "air_drone_strike"
    store.add_articles(
        [
            _report("a.example", 2, _strike("إدلب", "2026-03-05", 4)),
            _report("a.example", 3, _strike("حلب", "2026-03-05", 1)),
            _report("a.example", 4, _strike("إدلب", "2026-03-06", 0, "armed_clash")),
        ]
    )
    view = watchlist_view(store, watch["id"])
    assert [(e["place"], e["date"], e["new"]) for e in view["events"]] == [
        ("إدلب", "2026-03-05", True),
        ("إدلب", "2026-03-01", False),
    ]
    assert view["total"] == 2 and view["new"] == 1
    mark_all_seen(store, watch["id"])
    assert watchlist_view(store, watch["id"])["new"] == 0


def test_first_day_narrows_and_an_empty_watchlist_is_refused(store: SQLiteStore) -> None:
    watch = save_event_watchlist(store, {"place": "إدلب", "from": "2026-03-03"})
    store.add_articles(
        [
            _report("a.example", 1, _strike("إدلب", "2026-03-01", 2)),
            _report("a.example", 2, _strike("إدلب", "2026-03-04", 3)),
        ]
    )
    assert [e["date"] for e in watchlist_view(store, watch["id"])["events"]] == ["2026-03-04"]
    with pytest.raises(InputError):
        save_event_watchlist(store, {"type": "", "place": " "})
    with pytest.raises(InputError):
        save_event_watchlist(store, {"type": "not_a_type"})


def test_webhook_delivers_each_new_event_once_with_arabic_type_and_outlets(
    store: SQLiteStore,
) -> None:
    with http_receiver([500]) as (url, received):
        watch = save_event_watchlist(
            store, {"type": "explosions_remote_violence", "place": "إدلب", "webhook_url": url}
        )
        store.add_articles([_report("a.example", 1, _strike("إدلب", "2026-03-05", 3))])
        store.add_articles([_report("b.example", 2, _strike("إدلب", "2026-03-05", 3))])
        report = run_alerts(store, OPTIONS)
        assert report.delivered == 1 and report.failed == 0
        assert received.statuses == [500, 200]
        headers, body = received.requests[-1]
        assert verify(watch["webhook_secret"], body, _header(headers, SIGNATURE_HEADER))
        payload = json.loads(body)
        assert payload["kind"] == "events" and payload["events"] == 1
        [item] = payload["items"]
        assert item["sub_type_ar"] == "غارة جوية أو بمسيرة"
        assert item["type_ar"] == "انفجارات وعنف عن بعد"
        assert (item["place"], item["date"], item["fatalities"]) == ("إدلب", "2026-03-05", 3)
        assert item["outlets"] == 2
        # A third outlet reports the same strike: the event gains a report, no new alert.
        store.add_articles([_report("c.example", 3, _strike("إدلب", "2026-03-05", 3))])
        assert run_alerts(store, OPTIONS).delivered == 0
        # A new strike is sent, alone.
        store.add_articles([_report("a.example", 4, _strike("إدلب", "2026-03-09", 1))])
        assert run_alerts(store, OPTIONS).delivered == 1
        last = json.loads(received.requests[-1][1])
        assert [(i["date"], i["outlets"]) for i in last["items"]] == [("2026-03-09", 1)]
        assert run_alerts(store, OPTIONS).delivered == 0
        assert len(received.requests) == 3


def test_email_lists_each_event_in_arabic_rtl_and_escaped(store: SQLiteStore) -> None:
    with smtp_server() as (mail_url, box):
        save_event_watchlist(store, {"place": "إدلب", "email_to": "desk@example.org"})
        hostile = _strike("إدلب <script>", "2026-03-05", 3)
        store.add_articles([_report("a.example", 1, hostile)])
        store.add_articles([_report("a.example", 2, _strike("إدلب", "2026-03-07", 1))])
        mail = MailSettings.from_url(mail_url, "marsad@example.org")
        options = AlertOptions(mail=mail, backoff=FAST)
        assert run_alerts(store, options).delivered == 1
        [message] = box.messages
        assert "حدثان" in str(message["Subject"])
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert text.count("• ") == 2 and "غارة جوية أو بمسيرة" in text
        assert "قتلى: 3" in text and "بحسب مصدر واحد" in text
        assert 'dir="rtl"' in html and "<script>" not in html and "&lt;script&gt;" in html
        assert run_alerts(store, options).delivered == 0
