"""Whether a new mention reports an event already known: type, day, place, figures.

A mention joins an event when all of these hold:

* the same ACLED type (outlets differ on sub-types: one says air strike, another
  shelling, of the same bombardment);
* dates at most `DAY_WINDOW` day apart (an outlet dates by its own publication day);
* the same country, and the same place, or one name inside the other ("ريف إدلب" and
  "إدلب"), or points within `NEAR_KM` (a village and its district's town); a mention
  without a place joins only when its (type, day) has one candidate;
* compatible fatalities: when both give a number, they differ by at most
  `FIGURE_SLACK` or by half of the larger (tolls rise as bodies are found).

Among several candidates the nearest wins (same name first, then distance, then
days apart, then the older event).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.text.countries import name_key

DAY_WINDOW = 1
NEAR_KM = 25.0
FIGURE_SLACK = 3
_EARTH_KM = 6371.0


@dataclass(frozen=True, slots=True)
class Anchor:
    """What grouping compares: of a new mention, or of a known event."""

    type: str
    day: str | None
    country: str | None
    place: str | None
    lat: float | None
    lon: float | None
    fatalities: int | None
    event_id: int = 0

    @property
    def place_key(self) -> str | None:
        return place_key(self.place)


def place_key(place: str | None) -> str | None:
    """The folded form of a place name, without the article ال, for matching."""
    return name_key(place) if place else None


def nearby_days(day: str) -> list[str]:
    """The days within `DAY_WINDOW` of `day` (ISO), `day` first."""
    center = date.fromisoformat(day)
    offsets = [0, *(sign * step for step in range(1, DAY_WINDOW + 1) for sign in (-1, 1))]
    return [(center + timedelta(days=offset)).isoformat() for offset in offsets]


def distance_km(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*first, *second))
    half = math.sin((lat2 - lat1) / 2) ** 2
    half += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(half)))


def _place_gap(mention: Anchor, event: Anchor) -> float | None:
    """How far apart two places are (0 for the same name), or None if incompatible."""
    if mention.country != event.country:
        return None
    first, second = mention.place_key, event.place_key
    if first and second and (first == second or first in second or second in first):
        return 0.0
    if None in (mention.lat, mention.lon, event.lat, event.lon):
        return None
    here = (mention.lat or 0.0, mention.lon or 0.0)
    gap = distance_km(here, (event.lat or 0.0, event.lon or 0.0))
    return gap if gap <= NEAR_KM else None


def figures_agree(first: int | None, second: int | None) -> bool:
    """Whether two death tolls can be of one incident."""
    if first is None or second is None:
        return True
    return abs(first - second) <= max(FIGURE_SLACK, max(first, second) // 2)


def _days_apart(first: str | None, second: str | None) -> int:
    if first is None or second is None:
        return 0
    return abs((date.fromisoformat(first) - date.fromisoformat(second)).days)


def best_match(mention: Anchor, candidates: Sequence[Anchor]) -> int | None:
    """The id of the event `mention` joins among `candidates`, or None for a new event."""
    fitting = [
        event
        for event in candidates
        if event.type == mention.type
        and _days_apart(mention.day, event.day) <= DAY_WINDOW
        and figures_agree(mention.fatalities, event.fatalities)
    ]
    if mention.place is None:
        return fitting[0].event_id if len(fitting) == 1 else None
    scored: list[tuple[float, int, int]] = []
    for event in fitting:
        gap = _place_gap(mention, event)
        if gap is not None:
            scored.append((gap, _days_apart(mention.day, event.day), event.event_id))
    return min(scored)[2] if scored else None
