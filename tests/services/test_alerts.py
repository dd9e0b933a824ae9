"""Alerts delivered for real: a local HTTP receiver for webhooks, aiosmtpd for e-mail."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from support.alert_receivers import http_receiver, smtp_server

from marsad.ingest.fetch import Fetcher, FetchPolicy
from marsad.model import Article
from marsad.services.alerts import AlertOptions, run_alerts
from marsad.services.alerts.mail import MailSettings
from marsad.services.alerts.retry import Backoff
from marsad.services.alerts.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from marsad.services.crawl import crawl_forever
from marsad.services.watchlists import get_watchlist, save_search, update_watchlist
from marsad.store import SQLiteStore

FAST = Backoff(attempts=4, first=0.01, cap=0.02)


def _options(mail_url: str | None = None, **extra: object) -> AlertOptions:
    mail = MailSettings.from_url(mail_url, "marsad@example.org") if mail_url else None
    return AlertOptions(mail=mail, base_url="https://marsad.example", backoff=FAST, **extra)  # type: ignore[arg-type]


def _quake(title: str, url: str, site: str = "a.example") -> Article:
    return Article(
        title=title,
        text=f"{title}. ضرب زلزال قوي المنطقة صباح اليوم وخلف أضرارا.",
        url=url,
        site=site,
        published="2026-03-01T08:00:00",
    )


def _header(headers: dict[str, str], name: str) -> str:
    return next(value for key, value in headers.items() if key.lower() == name.lower())


def test_webhook_is_signed_retried_after_500_and_sent_once(store: SQLiteStore) -> None:
    with http_receiver([500, 500]) as (url, received):
        watch = save_search(store, {"query": "زلزال", "webhook_url": url})
        store.add_articles([_quake("زلزال قوي في الشمال", "https://a.example/1")])
        report = run_alerts(store, _options())
        assert report.delivered == 1 and report.failed == 0
        assert received.statuses == [500, 500, 200]
        headers, body = received.requests[-1]
        assert verify(watch["webhook_secret"], body, _header(headers, SIGNATURE_HEADER))
        assert not verify("another secret", body, _header(headers, SIGNATURE_HEADER))
        assert _header(headers, TIMESTAMP_HEADER).isdigit()
        payload = json.loads(body)
        assert payload["watchlist"]["id"] == watch["id"]
        assert [item["title"] for item in payload["items"]] == ["زلزال قوي في الشمال"]
        # The three tries carried the same delivery: one body, one id.
        assert len({request[1] for request in received.requests}) == 1
        # A second run finds nothing new: nothing is sent again.
        again = run_alerts(store, _options())
        assert again.delivered == 0 and len(received.requests) == 3


def test_a_refused_webhook_is_not_retried_and_is_recorded(store: SQLiteStore) -> None:
    with http_receiver([404]) as (url, received):
        watch = save_search(store, {"query": "زلزال", "webhook_url": url})
        store.add_articles([_quake("زلزال", "https://a.example/1")])
        report = run_alerts(store, _options())
        assert report.failed == 1 and received.statuses == [404]
        [delivery] = store.deliveries(watch["id"], 10)
        assert delivery["status"] == "failed" and "404" in delivery["last_error"]


def test_a_failed_delivery_is_retried_next_run_with_the_same_articles(store: SQLiteStore) -> None:
    with http_receiver([503, 503, 503, 503]) as (url, received):
        watch = save_search(store, {"query": "زلزال", "webhook_url": url})
        store.add_articles([_quake("زلزال أول", "https://a.example/1")])
        assert run_alerts(store, _options()).failed == 1
        store.add_articles([_quake("زلزال ثان", "https://a.example/2")])
        report = run_alerts(store, _options())
        assert report.delivered == 2
        bodies = [json.loads(body) for _, body in received.requests if body]
        sent = [[item["title"] for item in body["items"]] for body in bodies[4:]]
        # The failed set first, unchanged, then only the article that came after it.
        assert sent == [["زلزال أول"], ["زلزال ثان"]]
        assert [d["status"] for d in store.deliveries(watch["id"], 10)] == [
            "delivered",
            "delivered",
        ]


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


def _copies(store: SQLiteStore) -> None:
    """A wire story and two copies of it, and an article of its own; all match."""
    results = store.add_articles(
        [
            _quake("زلزال قوي يضرب <script>alert(1)</script> الشمال", "https://wire.example/1"),
            _quake("زلزال قوي يضرب الشمال - نقلا عن الوكالة", "https://b.example/1", "b.example"),
            _quake("زلزال يضرب الشمال", "https://c.example/1", "c.example"),
            _quake("زلزال آخر في الجنوب", "https://d.example/1", "d.example"),
        ]
    )
    head, first_copy, second_copy = (result.id for result in results[:3])
    assert head and first_copy and second_copy
    with store.tracking():
        store.set_duplicate(first_copy, head)
        store.set_duplicate(second_copy, head)


def test_email_is_rtl_escaped_multipart_with_copies_folded(store: SQLiteStore) -> None:
    with smtp_server() as (mail_url, box):
        save_search(store, {"name": "زلازل", "query": "زلزال", "email_to": "editor@example.org"})
        _copies(store)
        report = run_alerts(store, _options(mail_url))
        assert report.delivered == 1 and report.articles == 4
        [message] = box.messages
        assert box.envelopes[0] == ("marsad@example.org", ["editor@example.org"])
        assert "زلازل" in str(message["Subject"]) and "4 مقالات" in str(message["Subject"])
        text, html = _parts(message)
        assert 'dir="rtl"' in html and 'lang="ar"' in html
        assert "<script>" not in html and "&lt;script&gt;" in html
        # One item for the wire story and its two copies, one for the other article.
        assert html.count("<li") == 2 and text.count("• ") == 2
        assert "ونسختان (b.example، c.example)" in text
        assert "ونسختان" in html


def test_daily_digest_waits_a_day(store: SQLiteStore) -> None:
    with smtp_server() as (mail_url, box):
        fields = {"query": "زلزال", "email_to": "editor@example.org", "email_mode": "digest"}
        save_search(store, fields)
        store.add_articles([_quake("زلزال أول", "https://a.example/1")])
        assert run_alerts(store, _options(mail_url)).delivered == 1
        store.add_articles([_quake("زلزال ثان", "https://a.example/2")])
        store.add_articles([_quake("زلزال ثالث", "https://a.example/3")])
        assert run_alerts(store, _options(mail_url)).delivered == 0
        tomorrow = datetime.now(UTC) + timedelta(days=1, minutes=1)
        later = run_alerts(store, _options(mail_url, now=lambda: tomorrow))
        assert later.delivered == 1 and len(box.messages) == 2
        digest = box.messages[1]
        assert "الملخص اليومي" in str(digest["Subject"])
        text, _ = _parts(digest)
        assert "زلزال ثان" in text and "زلزال ثالث" in text and "زلزال أول" not in text


def test_paused_watchlists_and_unset_smtp(store: SQLiteStore) -> None:
    with http_receiver() as (url, received):
        watch = save_search(store, {"query": "زلزال", "webhook_url": url, "paused": True})
        mailed = save_search(store, {"query": "زلزال", "email_to": "x@example.org"})
        store.add_articles([_quake("زلزال", "https://a.example/1")])
        report = run_alerts(store, _options())
        assert received.requests == [] and report.watchlists == 1
        assert report.problems == [f"{mailed['id']}: email: MARSAD_SMTP_URL is not set"]
        assert get_watchlist(store, watch["id"])["paused"] == 1


def test_spike_alert_once_per_day(store: SQLiteStore) -> None:
    with http_receiver() as (url, received):
        save_search(store, {"query": "زلزال", "webhook_url": url, "alert_on": "spikes"})
        today = datetime.now(UTC).date().isoformat()
        store.add_articles(
            [
                Article(
                    title=f"زلزال رقم {n}",
                    text=f"زلزال جديد رقم {n} يضرب المدينة {n}.",
                    url=f"https://a.example/{n}",
                    published=f"{today}T0{n}:00:00",
                )
                for n in range(5)
            ]
        )
        assert run_alerts(store, _options()).delivered == 1
        assert run_alerts(store, _options()).delivered == 0
        [(_, body)] = received.requests
        spike = json.loads(body)["spike"]
        assert spike["bucket"] == today and spike["count"] == 5 and spike["median"] == 0


def test_the_crawl_loop_delivers_alerts_after_each_round(store: SQLiteStore) -> None:
    with http_receiver() as (url, received):
        save_search(store, {"query": "زلزال", "webhook_url": url})
        store.add_articles([_quake("زلزال", "https://a.example/1")])
        stop = threading.Event()
        with Fetcher(FetchPolicy(delay=0.0)) as fetcher:
            crawl_forever(store, fetcher, stop=stop, on_round=lambda _: stop.set(), min_sleep=0)
        assert len(received.requests) == 1
        _, body = received.requests[0]
        assert json.loads(body)["items"][0]["title"] == "زلزال"


def test_a_crawl_can_leave_alerts_out(store: SQLiteStore) -> None:
    with http_receiver() as (url, received):
        save_search(store, {"query": "زلزال", "webhook_url": url})
        store.add_articles([_quake("زلزال", "https://a.example/1")])
        stop = threading.Event()
        with Fetcher(FetchPolicy(delay=0.0)) as fetcher:
            crawl_forever(
                store,
                fetcher,
                stop=stop,
                on_round=lambda _: stop.set(),
                min_sleep=0,
                after_round=lambda _: None,
            )
        assert received.requests == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_smtp_url_carries_the_login(store: SQLiteStore) -> None:
    with smtp_server(("marsad", "p@ss word")) as (mail_url, box):
        save_search(store, {"query": "زلزال", "email_to": "editor@example.org"})
        store.add_articles([_quake("زلزال", "https://a.example/1")])
        anonymous = run_alerts(store, _options(mail_url))
        assert anonymous.failed == 1 and box.messages == []
        host = mail_url.removeprefix("smtp://")
        with_login = run_alerts(store, _options(f"smtp://marsad:p%40ss%20word@{host}"))
        assert with_login.delivered == 1 and box.logins == ["marsad"] and len(box.messages) == 1


def test_a_channel_added_later_starts_from_now(store: SQLiteStore) -> None:
    with smtp_server() as (mail_url, box), http_receiver() as (url, received):
        watch = save_search(store, {"query": "زلزال", "email_to": "editor@example.org"})
        store.add_articles([_quake("زلزال أول", "https://a.example/1")])
        update_watchlist(store, watch["id"], {"webhook_url": url})
        report = run_alerts(store, _options(mail_url))
        assert report.delivered == 1 and len(box.messages) == 1 and received.requests == []
        store.add_articles([_quake("زلزال ثان", "https://a.example/2")])
        assert run_alerts(store, _options(mail_url)).delivered == 2
        [(_, body)] = received.requests
        assert [item["title"] for item in json.loads(body)["items"]] == ["زلزال ثان"]
        assert all(d["article_ids"] for d in store.deliveries(watch["id"], 10))


def test_a_spike_reaches_both_channels_once(store: SQLiteStore) -> None:
    with smtp_server() as (mail_url, box), http_receiver() as (url, received):
        fields = {"query": "زلزال", "webhook_url": url, "email_to": "e@example.org"}
        save_search(store, {**fields, "alert_on": "spikes"})
        today = datetime.now(UTC).date().isoformat()
        store.add_articles(
            Article(
                title=f"زلزال رقم {n}",
                text=f"زلزال جديد رقم {n} يضرب البلدة {n}.",
                url=f"https://b.example/{n}",
                published=f"{today}T1{n}:00:00",
            )
            for n in range(4)
        )
        assert run_alerts(store, _options(mail_url)).delivered == 2
        assert run_alerts(store, _options(mail_url)).delivered == 0
        assert len(received.requests) == 1 and len(box.messages) == 1
        assert "ارتفاع مفاجئ" in str(box.messages[0]["Subject"])
        _, html = _parts(box.messages[0])
        assert 'dir="rtl"' in html and "4 مقالات" in html
