"""One alert run: every active watchlist checked for new matches (and spikes), delivered.

Per channel (webhook, e-mail) a watchlist has a cursor: the highest article id of its
recorded deliveries. A run first retries that channel's deliveries not yet delivered
(the same article set, the same delivery id, so the receiver never gets a set twice),
then records and sends the matches above the cursor. A delivery is recorded before it
is sent, keyed by its article set: a run killed mid-send leaves a pending row that
the next run retries, never a second set. A failed delivery is retried by the next
runs up to `MAX_RUNS` times, then left failed (with its reason) and skipped.

An e-mail in digest mode waits until a day has passed since the last one.

An event watchlist runs the same way over event ids: each new matching event is
delivered once (its key `events:<hash of the ids>`); an event that later gains
reports keeps its id, stays below the cursor and is not sent again. It has no spikes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from marsad.errors import MarsadError
from marsad.services.alerts.errors import DeliveryError
from marsad.services.alerts.event_items import (
    event_html_body,
    event_item,
    event_subject,
    event_text_body,
)
from marsad.services.alerts.items import AlertItem, fold_copies
from marsad.services.alerts.mail import MailSettings, build_message, send_mail
from marsad.services.alerts.render import (
    Spike,
    html_body,
    spike_html,
    spike_subject,
    spike_text,
    subject,
    text_body,
)
from marsad.services.alerts.retry import Backoff
from marsad.services.alerts.webhook import post_webhook
from marsad.services.volume import volume_series
from marsad.services.watchlists import event_filters_of, selection_of, watches_events
from marsad.store.protocol import Store
from marsad.store.protocol_alerts import AlertStore

log = logging.getLogger("marsad.alerts")
BATCH = 200  # matches per delivery
MAX_BATCHES = 5  # deliveries per channel per run; the rest waits for the next run
MAX_RUNS = 5  # runs that retry one failed delivery before it is left failed
DIGEST_EVERY = timedelta(days=1)


@dataclass(slots=True)
class AlertOptions:
    """Where to send from and how hard to try."""

    mail: MailSettings | None = None
    base_url: str | None = None
    backoff: Backoff = field(default_factory=Backoff)
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = lambda: datetime.now(UTC)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AlertOptions:
        env = os.environ if environ is None else environ
        base = env.get("MARSAD_BASE_URL", "").rstrip("/") or None
        return cls(mail=MailSettings.from_env(env), base_url=base)


@dataclass(slots=True)
class AlertReport:
    """What a run did; `problems` are `watchlist id: channel: reason` lines."""

    watchlists: int = 0
    delivered: int = 0
    failed: int = 0
    articles: int = 0
    problems: list[str] = field(default_factory=list)


def article_key(kind: str, ids: list[int]) -> str:
    """The idempotency key of a delivery: its kind and exact article set."""
    joined = ",".join(str(article_id) for article_id in sorted(ids))
    return f"{kind}:" + hashlib.sha256(joined.encode()).hexdigest()


def _channels(watchlist: dict[str, Any], options: AlertOptions, report: AlertReport) -> list[str]:
    channels = []
    if watchlist.get("webhook_url") and watchlist.get("webhook_secret"):
        channels.append("webhook")
    if watchlist.get("email_to"):
        if options.mail is None:
            report.problems.append(f"{watchlist['id']}: email: MARSAD_SMTP_URL is not set")
        else:
            channels.append("email")
    return channels


class _Sender:
    """Sends one recorded delivery on one channel and records the outcome."""

    def __init__(self, alerts: Store, options: AlertOptions, report: AlertReport) -> None:
        self.alerts, self.options, self.report = alerts, options, report

    def send(self, watchlist: dict[str, Any], channel: str, delivery: dict[str, Any]) -> None:
        try:
            if channel == "webhook":
                self._webhook(watchlist, delivery)
            else:
                self._email(watchlist, delivery)
        except DeliveryError as error:
            self.alerts.finish_delivery(delivery["id"], ok=False, error=str(error))
            self.report.failed += 1
            self.report.problems.append(f"{watchlist['id']}: {channel}: {error}")
            return
        self.alerts.finish_delivery(delivery["id"], ok=True, error=None)
        self.report.delivered += 1
        self.report.articles += len(delivery["article_ids"])

    def _items(self, delivery: dict[str, Any]) -> list[AlertItem]:
        return fold_copies(self.alerts.matches_by_id(delivery["article_ids"]))

    def _event_items(self, delivery: dict[str, Any]) -> list[dict[str, Any]]:
        base = self.options.base_url
        return [event_item(self.alerts.event(i), base) for i in delivery["article_ids"]]

    def payload(self, watchlist: dict[str, Any], delivery: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "delivery": delivery["id"],
            "kind": delivery["kind"],
            "watchlist": {
                "id": watchlist["id"],
                "name": watchlist["name"],
                "query": watchlist["query"],
            },
        }
        if delivery["kind"] == "spike":
            return body | {"spike": delivery["payload"]}
        if watches_events(watchlist):
            events = self._event_items(delivery)
            return body | {"kind": "events", "events": len(events), "items": events}
        items = self._items(delivery)
        return body | {
            "articles": len(delivery["article_ids"]),
            "items": [item.as_json(self.options.base_url) for item in items],
        }

    def _webhook(self, watchlist: dict[str, Any], delivery: dict[str, Any]) -> None:
        post_webhook(
            watchlist["webhook_url"],
            watchlist["webhook_secret"],
            self.payload(watchlist, delivery),
            backoff=self.options.backoff,
            sleep=self.options.sleep,
        )

    def _email(self, watchlist: dict[str, Any], delivery: dict[str, Any]) -> None:
        settings = self.options.mail
        assert settings is not None  # _channels offers e-mail only when configured
        name = watchlist["name"]
        if delivery["kind"] == "spike":
            spike = Spike(**{key: delivery["payload"][key] for key in Spike.__dataclass_fields__})
            title, text, html = spike_subject(name, spike), spike_text(name, spike), ""
            html = spike_html(name, spike)
        elif watches_events(watchlist):
            events = self._event_items(delivery)
            title = event_subject(name, len(events))
            text, html = event_text_body(name, events), event_html_body(name, events)
        else:
            items = self._items(delivery)
            digest = watchlist["email_mode"] == "digest"
            count = len(delivery["article_ids"])
            title = subject(name, count, digest=digest)
            text = text_body(name, items, base_url=self.options.base_url)
            html = html_body(name, items, base_url=self.options.base_url)
        recipients = [part.strip() for part in watchlist["email_to"].split(",") if part.strip()]
        message = build_message(settings, recipients, title, text, html)
        send_mail(settings, message, backoff=self.options.backoff, sleep=self.options.sleep)


def _digest_due(alerts: AlertStore, watchlist: dict[str, Any], channel: str, now: datetime) -> bool:
    if channel != "email" or watchlist["email_mode"] != "digest":
        return True
    last = alerts.last_delivery_time(watchlist["id"], channel)
    return last is None or now - datetime.fromisoformat(last) >= DIGEST_EVERY


def _deliver_events(sender: _Sender, watchlist: dict[str, Any], channel: str) -> None:
    """Record and send the events made since this channel's cursor, in batches."""
    alerts = sender.alerts
    filters = event_filters_of(watchlist)
    for _ in range(MAX_BATCHES):
        cursor = alerts.channel_cursor(watchlist["id"], channel)
        ids = alerts.new_event_ids(filters, cursor, BATCH)
        if not ids:
            return
        key = article_key("events", ids)
        delivery = alerts.record_delivery(watchlist["id"], channel, "matches", key, ids, {})
        if delivery["status"] != "delivered":
            sender.send(watchlist, channel, delivery)
        if len(ids) < BATCH:
            return


def _deliver_matches(sender: _Sender, watchlist: dict[str, Any], channel: str) -> None:
    if watches_events(watchlist):
        _deliver_events(sender, watchlist, channel)
        return
    alerts = sender.alerts
    selection = selection_of(watchlist)
    for _ in range(MAX_BATCHES):
        cursor = alerts.channel_cursor(watchlist["id"], channel)
        matches = alerts.new_matches(selection, cursor, BATCH)
        if not matches:
            return
        ids = [match.id for match in matches]
        delivery = alerts.record_delivery(
            watchlist["id"], channel, "matches", article_key("matches", ids), ids, {}
        )
        if delivery["status"] != "delivered":
            sender.send(watchlist, channel, delivery)
        if len(matches) < BATCH:
            return


def _spike(store: Store, watchlist: dict[str, Any], now: datetime) -> dict[str, Any] | None:
    """The watchlist query's spike today, if today's count is one."""
    facets = {key: watchlist.get(key) for key in ("site", "entity", "place", "source", "lang")}
    series = volume_series(store, "query", watchlist["query"], end=now.isoformat(), facets=facets)
    found = series["spike"]
    return found if found and found["spike"] else None


def run_watchlist(
    store: Store, watchlist: dict[str, Any], options: AlertOptions, report: AlertReport
) -> None:
    """Retry, then deliver, one watchlist's alerts on each of its channels."""
    alerts = store
    sender = _Sender(alerts, options, report)
    now = options.now()
    channels = _channels(watchlist, options, report)
    spike = None
    if channels and watchlist["alert_on"] in ("spikes", "both") and not watches_events(watchlist):
        spike = _spike(store, watchlist, now)  # one count for every channel
    for channel in channels:
        for delivery in alerts.open_deliveries(watchlist["id"], channel, MAX_RUNS):
            sender.send(watchlist, channel, delivery)
        if watchlist["alert_on"] in ("matches", "both") and _digest_due(
            alerts, watchlist, channel, now
        ):
            _deliver_matches(sender, watchlist, channel)
        if spike is not None:
            key = f"spike:{spike['bucket']}"
            delivery = alerts.record_delivery(watchlist["id"], channel, "spike", key, [], spike)
            if delivery["status"] != "delivered" and delivery["attempts"] == 0:
                sender.send(watchlist, channel, delivery)


def run_alerts(store: Store, options: AlertOptions | None = None) -> AlertReport:
    """Check every active watchlist and deliver what is new; one report for the run."""
    options = options or AlertOptions.from_env()
    alerts = store
    report = AlertReport()
    for watchlist in alerts.saved_searches(active_only=True):
        report.watchlists += 1
        try:
            run_watchlist(store, watchlist, options, report)
        except MarsadError as error:  # one watchlist must not stop the others
            report.problems.append(f"{watchlist['id']}: {error.code}: {error}")
    return report


def alerts_after_round(store: Store) -> AlertReport | None:
    """The crawl loop's hook: deliver alerts after a round, never stopping the crawl.

    Any failure of
    the run is logged and returned as the report's problem; the crawl goes on, as it
    does past a failing source.
    """
    try:
        report = run_alerts(store)
    except MarsadError as error:
        report = AlertReport(problems=[f"{error.code}: {error}"])
    except Exception as error:  # a bug in alerts must not stop the crawl
        log.exception("alerts: internal error")
        report = AlertReport(problems=[f"internal-error: {type(error).__name__}: {error}"])
    for problem in report.problems:
        log.warning("alerts: %s", problem)
    return report
