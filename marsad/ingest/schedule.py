"""When to poll each source next: an adaptive, pure policy (no I/O, no clock).

A wire service publishes every few minutes, a weekly column once a week; polling
both every ten minutes wastes their bandwidth and ours. Each source keeps an interval
that shrinks when a poll found new articles and grows (×1.5 up to a ceiling) when it
did not, so it settles near the source's own rhythm. Failures are separate: they back
off exponentially from a short base and respect the server's Retry-After, and the
interval is kept for when the source recovers. A source is *stale* when it stopped
working (no success for a day) or went quiet far longer than its usual gap between
articles; the crawl service shows that on its health page.

Every function takes `now` (an aware datetime) and returns a new `SourceState`, so
the store can persist states and tests need no clock.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

DAY = timedelta(days=1)
NEVER_SUCCEEDED = "never-succeeded"
FAILING = "no-success"
QUIET = "no-new-articles"

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True, slots=True)
class SchedulePolicy:
    """The knobs of the policy; defaults suit news sites."""

    initial_interval: timedelta = timedelta(minutes=30)
    min_interval: timedelta = timedelta(minutes=5)
    max_interval: timedelta = timedelta(hours=6)
    slow_down: float = 1.5  # interval factor after a poll with nothing new
    speed_up: float = 0.5  # interval factor after a poll with new articles
    error_base: timedelta = timedelta(minutes=5)
    error_max: timedelta = timedelta(hours=24)
    rate_weight: float = 0.3  # weight of the newest poll in the articles/day average
    stale_gaps: float = 4.0  # quiet for this many usual gaps -> stale
    stale_min_quiet: timedelta = timedelta(hours=12)
    stale_quiet_unknown_rate: timedelta = timedelta(days=7)
    stale_no_success: timedelta = timedelta(hours=24)


DEFAULT_POLICY = SchedulePolicy()


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the scheduler knows of one source. Times are aware datetimes."""

    interval: timedelta
    added: datetime
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None  # the stable code of the last failure, cleared on success
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    last_new_article: datetime | None = None
    articles_per_day: float | None = None
    retry_not_before: datetime | None = None  # from a Retry-After header


def new_state(now: datetime, policy: SchedulePolicy = DEFAULT_POLICY) -> SourceState:
    """The state of a source just added: due at once, at the initial interval."""
    return SourceState(interval=policy.initial_interval, added=now)


def after_success(
    state: SourceState, now: datetime, new_articles: int, policy: SchedulePolicy = DEFAULT_POLICY
) -> SourceState:
    """The state after a successful poll (a 304 counts, with no new articles)."""
    if new_articles > 0:
        interval = max(policy.min_interval, state.interval * policy.speed_up)
    else:
        interval = min(policy.max_interval, state.interval * policy.slow_down)
    return replace(
        state,
        interval=interval,
        last_attempt=now,
        last_success=now,
        last_error=None,
        consecutive_failures=0,
        retry_not_before=None,
        last_new_article=now if new_articles > 0 else state.last_new_article,
        articles_per_day=_updated_rate(state, now, new_articles, policy),
    )


def after_failure(
    state: SourceState,
    now: datetime,
    error: str,
    *,
    retry_after: float | None = None,
    policy: SchedulePolicy = DEFAULT_POLICY,
) -> SourceState:
    """The state after a failed poll; `retry_after` is the server's wait in seconds."""
    not_before = now + timedelta(seconds=retry_after) if retry_after is not None else None
    return replace(
        state,
        last_attempt=now,
        last_error=error,
        last_error_at=now,
        consecutive_failures=state.consecutive_failures + 1,
        retry_not_before=not_before,
    )


def next_due(state: SourceState, policy: SchedulePolicy = DEFAULT_POLICY) -> datetime:
    """When the source should next be polled (a time in the past means now)."""
    if state.last_attempt is None:
        return state.added
    if state.consecutive_failures == 0:
        return state.last_attempt + state.interval
    exponent = min(state.consecutive_failures - 1, 30)
    wait = min(policy.error_max, policy.error_base * (2**exponent))
    due: datetime = state.last_attempt + wait
    if state.retry_not_before is not None and state.retry_not_before > due:
        return state.retry_not_before
    return due


def is_due(state: SourceState, now: datetime, policy: SchedulePolicy = DEFAULT_POLICY) -> bool:
    return next_due(state, policy) <= now


def due_sources(
    states: Mapping[Key, SourceState], now: datetime, policy: SchedulePolicy = DEFAULT_POLICY
) -> list[Key]:
    """The keys of the sources due at `now`, the longest overdue first."""
    due = [(next_due(state, policy), key) for key, state in states.items()]
    return [key for when, key in sorted(due, key=lambda pair: pair[0]) if when <= now]


def typical_gap(state: SourceState) -> timedelta | None:
    """The usual time between two new articles, from the articles/day estimate."""
    if not state.articles_per_day or state.articles_per_day <= 0:
        return None
    return DAY / state.articles_per_day


def staleness(
    state: SourceState, now: datetime, policy: SchedulePolicy = DEFAULT_POLICY
) -> str | None:
    """Why the source looks dead, or None: never worked, stopped working, went quiet."""
    if state.last_success is None:
        return NEVER_SUCCEEDED if now - state.added > policy.stale_no_success else None
    if state.consecutive_failures and now - state.last_success > policy.stale_no_success:
        return FAILING
    gap = typical_gap(state)
    quiet_limit = (
        max(policy.stale_min_quiet, gap * policy.stale_gaps)
        if gap is not None
        else policy.stale_quiet_unknown_rate
    )
    last_news = state.last_new_article or state.added
    return QUIET if now - last_news > quiet_limit else None


def is_stale(state: SourceState, now: datetime, policy: SchedulePolicy = DEFAULT_POLICY) -> bool:
    return staleness(state, now, policy) is not None


def _updated_rate(
    state: SourceState, now: datetime, new_articles: int, policy: SchedulePolicy
) -> float | None:
    """Articles per day, a moving average over polls.

    The first success has no earlier poll to measure from (and brings the whole
    backlog of the feed), so it sets no rate; later polls count new articles over the
    time since the previous success, never less than the minimum interval.
    """
    if state.last_success is None:
        return state.articles_per_day
    elapsed = max(now - state.last_success, policy.min_interval)
    sample = new_articles / (elapsed / DAY)
    if state.articles_per_day is None:
        return sample
    weight = policy.rate_weight
    return (1 - weight) * state.articles_per_day + weight * sample
