"""Volume over time for a query, story, entity, place or outlet, and spike detection.

Counts come from SQL `GROUP BY` over `articles.published` (the hour or day the
outlet's own time names, no time-zone conversion); an undated article is counted
at its estimated event time, in a separate `estimated` count, so a chart and its
CSV say which is which. A dated article whose time has no hour is left out of an
hourly series and counted in `unbucketed`.

A spike is judged against a robust baseline: the median and the median absolute
deviation (MAD) of the previous `window` buckets. The last bucket is a spike when it
holds at least `min_count` articles and more than median + k·MAD. Medians ignore one
loud day in the baseline, where a mean and a standard deviation would be dragged
along by it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from statistics import median
from typing import Any

from marsad.errors import InputError
from marsad.services.facets import SearchFilters
from marsad.services.query import parse_query
from marsad.store.protocol import Store
from marsad.store.protocol_alerts import BUCKETS, Selection

KINDS = ("query", "story", "entity", "place", "site")
MAX_DAYS = 366
MAX_HOURS = 24 * 14
DEFAULT_DAYS = 30
SPIKE_WINDOW = 14  # buckets of baseline before the one judged
SPIKE_K = 3.0
SPIKE_MIN_COUNT = 3
METHOD = (
    "counts per bucket of articles.published (as the outlet wrote it); undated articles at "
    "their estimated event time, counted apart as 'estimated'"
)


@dataclass(frozen=True, slots=True)
class SpikeCheck:
    """The last bucket against the median and MAD of the ones before it."""

    bucket: str
    count: int
    median: float
    mad: float
    threshold: float
    spike: bool
    score: float  # (count - median) / max(MAD, 1): how far above normal


def check_spike(
    periods: list[str],
    counts: list[int],
    *,
    window: int = SPIKE_WINDOW,
    k: float = SPIKE_K,
    min_count: int = SPIKE_MIN_COUNT,
) -> SpikeCheck | None:
    """Judge the last bucket against the `window` before it; None without a baseline."""
    if len(counts) < 2 or len(counts) != len(periods):
        return None
    baseline = counts[-1 - window : -1]
    middle = float(median(baseline))
    mad = float(median(abs(value - middle) for value in baseline))
    threshold = middle + k * mad
    last = counts[-1]
    return SpikeCheck(
        bucket=periods[-1],
        count=last,
        median=middle,
        mad=mad,
        threshold=threshold,
        spike=last >= min_count and last > threshold,
        score=(last - middle) / max(mad, 1.0),
    )


def selection_for(kind: str, value: str, facets: dict[str, str | None] | None = None) -> Selection:
    """The articles of one kind of page: a query (with facets), story, entity, place, outlet."""
    facets = facets or {}
    if kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "story":
        if not value.isascii() or not value.isdigit():
            raise InputError(f"a story id is a number, not {value!r}")
        return Selection(story=int(value))
    if kind == "query" and value.strip():
        parse_query(value)  # a malformed query gets its Arabic error here
    filters = SearchFilters(
        site=value if kind == "site" else facets.get("site"),
        entity=value if kind == "entity" else facets.get("entity"),
        place=value if kind == "place" else facets.get("place"),
        date_from=facets.get("date_from"),
        date_to=facets.get("date_to"),
    )
    query = value if kind == "query" else ""
    return Selection(
        query=query, filters=filters, source=facets.get("source"), lang=facets.get("lang")
    )


def _window_end(store: Store, end: str | None) -> datetime:
    """The last bucket: `end`, else the archive's newest publication time (never the future)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    if end:
        try:
            return datetime.fromisoformat(end[:19]).replace(tzinfo=None)
        except ValueError:
            raise InputError(f"end must be an ISO date or time, not {end!r}") from None
    newest = store.newest_published()
    if newest:
        try:
            found = datetime.fromisoformat(newest[:19])
        except ValueError:
            found = now
        return min(found.replace(tzinfo=None), now)
    return now


def periods(bucket: str, end: datetime, length: int) -> list[str]:
    """The `length` bucket names ending at `end`, oldest first."""
    if bucket == "day":
        last = end.date()
        return [(last - timedelta(days=back)).isoformat() for back in range(length - 1, -1, -1)]
    hour = end.replace(minute=0, second=0, microsecond=0)
    return [
        (hour - timedelta(hours=back)).isoformat(timespec="hours")
        for back in range(length - 1, -1, -1)
    ]


def volume_series(
    store: Store,
    kind: str,
    value: str,
    *,
    bucket: str = "day",
    length: int | None = None,
    end: str | None = None,
    facets: dict[str, str | None] | None = None,
) -> dict[str, Any]:
    """Counts per bucket (zeros included) over `length` buckets, with the last one judged.

    `{"kind", "value", "bucket", "points": [{"period", "count", "published",
    "estimated"}], "total", "estimated", "unbucketed", "spike", "method"}`.
    """
    if bucket not in BUCKETS:
        raise InputError(f"bucket must be one of {', '.join(BUCKETS)}, not {bucket!r}")
    limit = MAX_DAYS if bucket == "day" else MAX_HOURS
    length = length or (DEFAULT_DAYS if bucket == "day" else 48)
    if not 2 <= length <= limit:
        raise InputError(f"length must be between 2 and {limit} buckets")
    selection = selection_for(kind, value, facets)
    names = periods(bucket, _window_end(store, end), length)
    counted = store.volume(selection, bucket, names[0], names[-1])
    by_period = {row.bucket: row for row in counted}
    points: list[dict[str, Any]] = []
    for name in names:
        row = by_period.pop(name, None)
        dated, guessed = (row.published, row.estimated) if row else (0, 0)
        points.append(
            {"period": name, "count": dated + guessed, "published": dated, "estimated": guessed}
        )
    counts = [point["count"] for point in points]
    found = check_spike(names, counts)
    return {
        "kind": kind,
        "value": value,
        "bucket": bucket,
        "points": points,
        "total": sum(counts),
        "estimated": sum(point["estimated"] for point in points),
        "unbucketed": sum(row.published + row.estimated for row in by_period.values()),
        "spike": asdict(found) if found else None,
        "method": METHOD,
    }


def growing_stories(
    store: Store, *, limit: int = 12, window: int = 7, min_count: int = SPIKE_MIN_COUNT
) -> list[dict[str, Any]]:
    """Stories whose last day's articles spike over their own previous `window` days.

    Ranked by how far above the baseline (MAD units, at least 1) the last day is. The
    last day is the archive's newest publication day, so an archive fed yesterday still
    has a "today". Returns `{"story": id, "count", "median", "mad", "score", "day"}`.
    """
    last = _window_end(store, None).date()
    names = [(last - timedelta(days=back)).isoformat() for back in range(window, -1, -1)]
    series = store.story_volumes(names[0], names[-1])
    found = []
    for story, by_day in series.items():
        counts = [by_day.get(name, 0) for name in names]
        checked = check_spike(names, counts, window=window, min_count=min_count)
        if checked and checked.spike:
            found.append({"story": story, "day": checked.bucket, **_stats(checked)})
    found.sort(key=lambda item: (-item["score"], -item["count"], -item["story"]))
    return found[:limit]


def _stats(checked: SpikeCheck) -> dict[str, Any]:
    return {
        "count": checked.count,
        "median": checked.median,
        "mad": checked.mad,
        "score": round(checked.score, 2),
    }
