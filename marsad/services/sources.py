"""Sources as data: register, list (with health), remove, import and export OPML.

A user adds "a site"; what Marsad polls is what the site publishes for machines. So
`add_source` fetches the URL once: a feed or a sitemap is registered as it is; a home
page is resolved by discovery into the feeds it announces (`<link rel=alternate>`)
and the sitemaps robots.txt names, each registered as its own source (probing a few
well-known paths when nothing is announced). A page with neither is registered as
kind `page`: the crawler then reads its same-site links, as for a section front page.
Each request of discovery ends at the fetcher's deadline, and discovery as a whole at
`DISCOVERY_REQUESTS` deadlines, so a site that trickles bytes cannot hang `add`.

Health is computed when listed, from the stored scheduling state and the clock:
last success, last error, consecutive failures, articles per day, and whether the
source looks stale (`ingest.schedule.staleness`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from marsad.errors import CANCELLED, InputError, NotFound
from marsad.ingest.discover import PAGE, Candidate, discover
from marsad.ingest.fetch import Fetcher, FetchPolicy
from marsad.ingest.opml import OpmlFeed, read_opml, write_opml
from marsad.ingest.schedule import (
    DEFAULT_POLICY,
    SchedulePolicy,
    SourceState,
    new_state,
    next_due,
    staleness,
)
from marsad.store.protocol_sources import SourceHealth, SourceRow, SourceStore

Clock = Callable[[], datetime]
# Discovery with its own fetcher stops after this many request deadlines in all.
DISCOVERY_REQUESTS = 2


def utc_now() -> datetime:
    return datetime.now(UTC)


def state_of(row: SourceRow) -> SourceState:
    """The scheduler's view of a stored source."""
    health = row.health
    return SourceState(
        interval=health.interval,
        added=health.added,
        last_attempt=health.last_attempt,
        last_success=health.last_success,
        last_error=health.last_error,
        last_error_at=health.last_error_at,
        consecutive_failures=health.consecutive_failures,
        last_new_article=health.last_new_article,
        articles_per_day=health.articles_per_day,
        retry_not_before=health.retry_not_before,
    )


def health_of(state: SourceState) -> SourceHealth:
    """The stored form of a scheduler state (the same fields)."""
    return SourceHealth(
        interval=state.interval,
        added=state.added,
        last_attempt=state.last_attempt,
        last_success=state.last_success,
        last_error=state.last_error,
        last_error_at=state.last_error_at,
        consecutive_failures=state.consecutive_failures,
        last_new_article=state.last_new_article,
        articles_per_day=state.articles_per_day,
        retry_not_before=state.retry_not_before,
    )


@dataclass(frozen=True, slots=True)
class AddedSources:
    """What `add_source` did: sources registered now, sources already known, problems."""

    added: tuple[SourceRow, ...]
    existing: tuple[SourceRow, ...]
    problems: tuple[str, ...] = ()


def check_url(url: str) -> str:
    """`url` stripped, if it is an absolute http(s) URL; else InputError."""
    cleaned = url.strip()
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"not an http(s) URL: {url!r}")
    return cleaned


def add_source(
    store: SourceStore,
    url: str,
    name: str | None = None,
    *,
    fetcher: Fetcher | None = None,
    kind: str | None = None,
    now: datetime | None = None,
    policy: SchedulePolicy = DEFAULT_POLICY,
    fetch_policy: FetchPolicy | None = None,
) -> AddedSources:
    """Register `url`: classified (or discovered, for a home page) unless `kind` is given.

    Discovery needs the network once; with `kind` given nothing is fetched. A URL
    that cannot be fetched at all is refused (InputError) rather than registered blind.
    Without a `fetcher`, one is made with `fetch_policy` and discovery as a whole is
    bounded (`DISCOVERY_REQUESTS` request deadlines); a given fetcher is the caller's.
    """
    cleaned = check_url(url)
    moment = now or utc_now()
    if kind is not None:
        candidates = [Candidate(cleaned, kind, None, "given")]
        home_url = None
        problems: tuple[str, ...] = ()
    else:
        candidates, home_url, problems = _discover(cleaned, fetcher, fetch_policy)
    added: list[SourceRow] = []
    existing: list[SourceRow] = []
    for candidate in candidates:
        row, is_new = store.add_source(
            candidate.url,
            candidate.kind,
            health_of(new_state(moment, policy)),
            name=name or candidate.title,
            home_url=home_url if candidate.url != home_url else None,
        )
        (added if is_new else existing).append(row)
    return AddedSources(tuple(added), tuple(existing), problems)


def _discover(
    url: str, fetcher: Fetcher | None, fetch_policy: FetchPolicy | None = None
) -> tuple[list[Candidate], str | None, tuple[str, ...]]:
    """The candidates found at `url`, the home page they came from, the problems met."""
    own = fetcher is None
    active = fetcher or Fetcher(fetch_policy or FetchPolicy())
    limit = DISCOVERY_REQUESTS * active.policy.deadline
    late = threading.Event()

    def out_of_time() -> None:
        late.set()
        active.stop()

    timer = threading.Timer(limit, out_of_time) if own else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        found = discover(url, active)
    finally:
        if timer is not None:
            timer.cancel()
        if own:
            active.close()
    problems = tuple(f"{p.url}: {p.code}: {p.message}" for p in found.problems)
    home = [p for p in found.problems if p.url == url]
    if home and home[0].code == CANCELLED and late.is_set():
        raise InputError(f"cannot add the source: no answer within {limit:g} s", url)
    if home:  # what the site offers elsewhere is not what the user asked for
        raise InputError(f"cannot add the source: {home[0].code}: {home[0].message}", url)
    if found.candidates and found.candidates[0].found_by == "self":
        return list(found.candidates), None, problems
    if found.candidates:
        return list(found.candidates), url, problems
    return [Candidate(url, PAGE, None, "page")], None, problems


def find(store: SourceStore, id_or_url: str) -> SourceRow:
    """A source named by its id or its URL; NotFound otherwise."""
    text = id_or_url.strip()
    if text.isdigit():
        return store.get_source(int(text))
    row = store.find_source(text)
    if row is None:
        raise NotFound(f"no source with URL {text}")
    return row


def remove_source(store: SourceStore, id_or_url: str) -> SourceRow:
    """Forget a source and its pending URLs (its stored articles stay); the row removed."""
    row = find(store, id_or_url)
    store.delete_source(row.id)
    return row


def source_health(
    row: SourceRow, now: datetime, policy: SchedulePolicy = DEFAULT_POLICY
) -> dict[str, Any]:
    """The contract's fields of a source, then its health (extra keys)."""
    state = state_of(row)
    stale = staleness(state, now, policy)
    rate = state.articles_per_day
    return {
        "id": row.id,
        "url": row.url,
        "name": row.name,
        "kind": row.kind,
        "last_success": _iso(state.last_success),
        "last_error": state.last_error,
        "articles": row.articles,
        "errors": row.errors,
        "stale": stale is not None,
        "stale_reason": stale,
        "articles_per_day": None if rate is None else round(rate, 2),
        "consecutive_failures": state.consecutive_failures,
        "last_error_message": row.last_error_message,
        "last_error_at": _iso(state.last_error_at),
        "next_poll": _iso(next_due(state, policy)),
    }


def list_sources(
    store: SourceStore, *, now: datetime | None = None, policy: SchedulePolicy = DEFAULT_POLICY
) -> list[dict[str, Any]]:
    """Every source with its health, in the order they were added."""
    moment = now or utc_now()
    return [source_health(row, moment, policy) for row in store.list_sources()]


@dataclass(frozen=True, slots=True)
class OpmlImport:
    added: int
    existing: int
    warning: str | None = None


def import_opml(
    store: SourceStore,
    data: bytes,
    *,
    where: str = "-",
    now: datetime | None = None,
    policy: SchedulePolicy = DEFAULT_POLICY,
) -> OpmlImport:
    """Register every feed of an OPML file (no fetching: OPML lists feeds by definition)."""
    document = read_opml(data, where)
    moment = now or utc_now()
    added = existing = 0
    for feed in document.feeds:
        try:
            url = check_url(feed.xml_url)
        except InputError as error:
            raise InputError(error.message, where) from None
        _, is_new = store.add_source(
            url,
            "feed",
            health_of(new_state(moment, policy)),
            name=feed.title if feed.title != feed.xml_url else None,
            home_url=feed.html_url,
            category=feed.category,
        )
        added, existing = (added + 1, existing) if is_new else (added, existing + 1)
    return OpmlImport(added, existing, document.warning)


def export_opml(store: SourceStore, title: str = "Marsad sources") -> bytes:
    """The feed sources as OPML 2.0 (sitemaps and pages are not feeds and are left out)."""
    feeds = [
        OpmlFeed(row.url, row.name or row.url, row.home_url, row.category)
        for row in store.list_sources()
        if row.kind == "feed"
    ]
    return write_opml(feeds, title)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")
