"""The entity view: who or what an entity is, when it was in the news, with whom."""

from __future__ import annotations

from datetime import date
from typing import Any

from marsad.errors import InputError
from marsad.store.protocol import Store

CO_OCCURRING = 15
# Beyond this many days between first and last mention, the timeline counts by month.
MAX_DAILY_SPAN = 120


def timeline_buckets(days: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Counts per day, or per month when the mentions span more than `MAX_DAILY_SPAN` days.

    Days without a valid ISO date are dropped: a chart needs a time axis.
    """
    dated = [(day, count) for day, count in days if _parse_day(day) is not None]
    if not dated:
        return []
    first, last = _parse_day(dated[0][0]), _parse_day(dated[-1][0])
    assert first is not None and last is not None
    if (last - first).days <= MAX_DAILY_SPAN:
        return [{"period": day, "count": count} for day, count in dated]
    months: dict[str, int] = {}
    for day, count in dated:
        months[day[:7]] = months.get(day[:7], 0) + count
    return [{"period": month, "count": count} for month, count in months.items()]


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def entity_view(
    store: Store, entity_id: str, *, limit: int = 20, offset: int = 0
) -> dict[str, Any]:
    """`{"entity", "timeline", "co_occurring", "articles", "total", "limit", "offset"}`.

    Raises `NotFound` for an entity no article names.
    """
    if not 1 <= limit <= 200:
        raise InputError(f"limit must be between 1 and 200, not {limit}")
    if offset < 0:
        raise InputError(f"offset must not be negative, not {offset}")
    info = store.entity_info(entity_id)
    articles, total = store.entity_articles(entity_id, limit, offset)
    return {
        "entity": info,
        "timeline": timeline_buckets(store.entity_timeline(entity_id)),
        "co_occurring": store.co_entities(entity_id, CO_OCCURRING),
        "articles": articles,
        "total": total,
        "limit": limit,
        "offset": offset,
    }


def top_entities(store: Store, limit: int = 30) -> list[dict[str, Any]]:
    """The entities named in the most articles: `{id, name, type, count}`."""
    return store.top_entities(limit)
