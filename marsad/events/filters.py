"""What a user may ask of the events: a date range, a type, a place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marsad.errors import InputError
from marsad.events.acled import SUB_TYPES
from marsad.text.countries import country_code, name_key

EVENT_TYPES = frozenset(SUB_TYPES.values())


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Events on days [date_from, date_to], of a type or sub-type, at a place.

    `place` matches an event whose place (as any report names it) is that place or
    contains the name ("إدلب" finds "ريف إدلب"), after Arabic folding, or, when it is a
    country's name, every event in that country."""

    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    place: str | None = None

    @property
    def place_key(self) -> str | None:
        return name_key(self.place) if self.place else None

    @property
    def country(self) -> str | None:
        return country_code(self.place) if self.place else None


def _checked_day(value: str | None, option: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{option}: not an ISO date (YYYY-MM-DD): {value!r}") from None


def event_filters(
    date_from: str | None = None,
    date_to: str | None = None,
    type: str | None = None,
    place: str | None = None,
) -> EventFilters:
    """Checked filters; a bad date or an unknown type is an `InputError`."""
    wanted = type.strip() if type else None
    if wanted and wanted not in EVENT_TYPES and wanted not in SUB_TYPES:
        known = ", ".join(sorted(EVENT_TYPES | set(SUB_TYPES)))
        raise InputError(f"--type: unknown event type {wanted!r}; one of: {known}")
    return EventFilters(
        _checked_day(date_from, "--from"),
        _checked_day(date_to, "--to"),
        wanted or None,
        place.strip() if place and place.strip() else None,
    )
