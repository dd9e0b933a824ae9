"""Search: the one place the CLI, the web pages and the API ask for hits."""

from __future__ import annotations

from marsad.errors import InputError
from marsad.model import SearchHit
from marsad.services.query import parse_query
from marsad.store.highlight import DEFAULT_MARKERS, Markers
from marsad.store.protocol import Store

MAX_LIMIT = 1000


def search(
    store: Store,
    query: str,
    limit: int = 10,
    offset: int = 0,
    *,
    markers: Markers = DEFAULT_MARKERS,
) -> list[SearchHit]:
    """Arabic-aware full-text search, best first; an empty query finds nothing.

    `query` is in the query language (`docs/search.md`): words, OR, -word, "phrase",
    parentheses, site:/source:/entity:/place:/lang:/from:/to:. A malformed query
    raises `QueryError` (Arabic, with the position); a limit outside 1..MAX_LIMIT or
    a negative offset raises `InputError`, so a bad `--limit` or `?limit=` is
    reported to the user instead of silently changed.
    """
    parse_query(query)  # a malformed query is reported as such, before the store
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise InputError(f"offset must not be negative, not {offset}")
    return store.search(query, limit, offset, markers=markers)
