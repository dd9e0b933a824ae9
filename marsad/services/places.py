"""The places view: every geocoded place mentioned, with how many articles name it."""

from __future__ import annotations

from typing import Any

from marsad.errors import InputError
from marsad.store.protocol import Store

MAX_PLACES = 1000


def list_places(store: Store, *, limit: int = 200, offset: int = 0) -> dict[str, Any]:
    """`{"places": [{name, country, lat, lon, count}], "total", "limit", "offset"}`."""
    if not 1 <= limit <= MAX_PLACES:
        raise InputError(f"limit must be between 1 and {MAX_PLACES}, not {limit}")
    if offset < 0:
        raise InputError(f"offset must not be negative, not {offset}")
    places, total = store.place_counts(limit, offset)
    return {"places": places, "total": total, "limit": limit, "offset": offset}
