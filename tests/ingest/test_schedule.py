"""The polling policy: adaptive intervals, error backoff, staleness (pure, no clock)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from marsad.ingest.schedule import (
    FAILING,
    NEVER_SUCCEEDED,
    QUIET,
    after_failure,
    after_success,
    due_sources,
    is_due,
    is_stale,
    new_state,
    next_due,
    staleness,
    typical_gap,
)

T0 = datetime(2015, 8, 9, 6, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def test_a_new_source_is_due_at_once() -> None:
    state = new_state(T0)
    assert next_due(state) == T0 and is_due(state, T0)
    assert state.interval == 30 * MINUTE


def test_new_articles_speed_polling_up_to_the_floor() -> None:
    state = new_state(T0)
    intervals = []
    now = T0
    for _ in range(4):
        state = after_success(state, now, new_articles=5)
        intervals.append(state.interval)
        now = next_due(state)
    assert intervals == [15 * MINUTE, 7.5 * MINUTE, 5 * MINUTE, 5 * MINUTE]


def test_nothing_new_slows_polling_down_to_the_ceiling() -> None:
    state = new_state(T0)
    now = T0
    seen = []
    for _ in range(8):
        state = after_success(state, now, new_articles=0)
        seen.append(state.interval)
        now = next_due(state)
    assert seen[:3] == [45 * MINUTE, 67.5 * MINUTE, 101.25 * MINUTE]
    assert seen[-1] == 6 * HOUR and max(seen) == 6 * HOUR
    assert state.last_attempt is not None
    assert next_due(state) == state.last_attempt + 6 * HOUR


def test_errors_back_off_exponentially_and_keep_the_interval() -> None:
    state = after_success(new_state(T0), T0, new_articles=1)
    waits = []
    now = T0
    for _ in range(12):
        state = after_failure(state, now, "timeout")
        waits.append(next_due(state) - now)
        now = next_due(state)
    assert waits[:4] == [5 * MINUTE, 10 * MINUTE, 20 * MINUTE, 40 * MINUTE]
    assert waits[-1] == 24 * HOUR
    assert state.consecutive_failures == 12 and state.last_error == "timeout"
    assert state.interval == 15 * MINUTE
    recovered = after_success(state, now, new_articles=0)
    assert recovered.consecutive_failures == 0 and recovered.last_error is None
    assert next_due(recovered) == now + 22.5 * MINUTE


def test_retry_after_is_respected_when_longer_than_the_backoff() -> None:
    state = after_failure(new_state(T0), T0, "http-error", retry_after=3600)
    assert next_due(state) == T0 + HOUR
    short = after_failure(new_state(T0), T0, "http-error", retry_after=10)
    assert next_due(short) == T0 + 5 * MINUTE


def test_articles_per_day_estimate() -> None:
    state = after_success(new_state(T0), T0, new_articles=40)  # backlog: no rate yet
    assert state.articles_per_day is None
    state = after_success(state, T0 + 6 * HOUR, new_articles=3)
    assert state.articles_per_day == 12.0
    state = after_success(state, T0 + 12 * HOUR, new_articles=0)
    assert state.articles_per_day is not None
    assert abs(state.articles_per_day - 8.4) < 1e-9
    assert typical_gap(replace(state, articles_per_day=24.0)) == HOUR


def test_due_sources_longest_overdue_first() -> None:
    fresh = new_state(T0)
    polled = after_success(new_state(T0 - HOUR), T0 - HOUR, new_articles=0)  # due T0-15m
    waiting = after_success(new_state(T0), T0, new_articles=0)  # due T0+45m
    states = {"fresh": fresh, "polled": polled, "waiting": waiting}
    assert due_sources(states, T0) == ["polled", "fresh"]
    assert due_sources(states, T0 + HOUR) == ["polled", "fresh", "waiting"]


def test_staleness_reasons() -> None:
    added = new_state(T0)
    assert staleness(added, T0 + 23 * HOUR) is None
    assert staleness(added, T0 + 25 * HOUR) == NEVER_SUCCEEDED

    busy = replace(after_success(added, T0, new_articles=5), articles_per_day=24.0)
    assert staleness(busy, T0 + 11 * HOUR) is None  # quiet, but within the 12 h floor
    assert staleness(busy, T0 + 13 * HOUR) == QUIET

    weekly = replace(busy, articles_per_day=1.0)  # usual gap 1 day: stale after 4 days
    assert not is_stale(weekly, T0 + 3 * 24 * HOUR)
    assert staleness(weekly, T0 + 5 * 24 * HOUR) == QUIET

    failing = after_failure(busy, T0 + 2 * HOUR, "connect-error")
    assert staleness(failing, T0 + 10 * HOUR) is None
    assert staleness(failing, T0 + 25 * HOUR) == FAILING
