"""Alerts under failure: a dead receiver, a run killed mid-send, an SMTP server down."""

from __future__ import annotations

import json

import pytest
from support.alert_receivers import free_port, http_receiver, smtp_server

from marsad.model import Article
from marsad.services.alerts import AlertOptions, alerts_after_round, article_key, run_alerts
from marsad.services.alerts.mail import MailSettings
from marsad.services.alerts.retry import Backoff
from marsad.services.watchlists import save_search
from marsad.store import SQLiteStore

FAST = Backoff(attempts=3, first=0.01, cap=0.01)


def _options(mail_url: str | None = None) -> AlertOptions:
    mail = MailSettings.from_url(mail_url, "marsad@example.org") if mail_url else None
    return AlertOptions(mail=mail, backoff=FAST)


def _quake(n: int) -> Article:
    return Article(title=f"زلزال {n}", text=f"زلزال رقم {n} يضرب.", url=f"https://a.example/{n}")


def test_a_dead_receiver_does_not_stop_the_other_watchlists() -> None:
    dead = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens there
    with SQLiteStore(":memory:") as store, http_receiver() as (alive, received):
        failing = save_search(store, {"query": "زلزال", "webhook_url": dead})
        save_search(store, {"query": "زلزال", "webhook_url": alive})
        store.add_articles([_quake(1)])
        report = run_alerts(store, _options())
        assert report.delivered == 1 and report.failed == 1 and len(received.requests) == 1
        assert report.problems[0].startswith(f"{failing['id']}: webhook: ")
        [delivery] = store.deliveries(failing["id"], 10)
        assert delivery["status"] == "failed" and "ConnectError" in delivery["last_error"]


def test_a_run_killed_after_recording_sends_the_same_delivery_next_time() -> None:
    with SQLiteStore(":memory:") as store, http_receiver() as (url, received):
        watch = save_search(store, {"query": "زلزال", "webhook_url": url})
        ids = [result.id for result in store.add_articles([_quake(1), _quake(2)])]
        assert all(ids)
        # What a kill between recording and sending leaves: a pending row, never sent.
        left = store.record_delivery(
            watch["id"], "webhook", "matches", article_key("matches", ids), ids, {}
        )
        report = run_alerts(store, _options())
        assert report.delivered == 1 and len(received.requests) == 1
        sent = json.loads(received.requests[0][1])
        assert sent["delivery"] == left["id"] and sent["articles"] == 2
        assert len(store.deliveries(watch["id"], 10)) == 1


def test_mail_waits_for_a_server_that_was_down() -> None:
    with SQLiteStore(":memory:") as store:
        save_search(store, {"query": "زلزال", "email_to": "editor@example.org"})
        store.add_articles([_quake(1)])
        down = run_alerts(store, _options(f"smtp://127.0.0.1:{free_port()}"))
        assert down.failed == 1 and down.delivered == 0
        store.add_articles([_quake(2)])
        with smtp_server() as (mail_url, box):
            up = run_alerts(store, _options(mail_url))
        assert up.delivered == 2 and len(box.messages) == 2
        first, second = (message.get_body(("plain",)) for message in box.messages)
        assert first is not None and second is not None
        assert "زلزال 1" in first.get_content() and "زلزال 2" in second.get_content()


def test_the_crawl_hook_reports_instead_of_raising(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_SMTP_URL", "ftp://nowhere")
    monkeypatch.setenv("MARSAD_MAIL_FROM", "m@example.org")
    with SQLiteStore(":memory:") as store:
        save_search(store, {"query": "زلزال", "email_to": "editor@example.org"})
        report = alerts_after_round(store)
    assert report is not None and report.problems[0].startswith("bad-mail-settings: ")
