"""Full exports: every field of the articles a search, a story or a watchlist selects.

`marsad export` without options keeps the contract's rows (`export.article_row`);
a researcher taking a corpus out wants everything: the text, the language, the tags,
the entities with their ids and types, the places with coordinates, the dates, the
figures and the events it reports (ACLED's fields, the trigger and its offsets). The
rows here are the contract's fields followed by those.

Selection walks keyset pages of ids (`matching_ids`) and loads one article at a
time, so an export of any size is a stream in bounded memory; nothing is capped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.model import Article, EventSpan
from marsad.services.export import FIELDS, article_row
from marsad.services.facets import SearchFilters
from marsad.services.query import parse_query
from marsad.store.protocol import Store

SELECT_PAGE = 500
DETAIL_FIELDS = (
    "lang",
    "text",
    "tags",
    "entity_details",
    "place_details",
    "dates",
    "quantities",
    "events",
)
FULL_FIELDS = (*FIELDS, *DETAIL_FIELDS)


@dataclass(frozen=True, slots=True)
class ExportSelection:
    """Which articles to export: a query in the query language, facets, a story."""

    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    story: int | None = None

    def is_everything(self) -> bool:
        return not self.query.strip() and self.filters.is_empty() and self.story is None


def selected_articles(store: Store, selection: ExportSelection) -> Iterator[Article]:
    """The selected articles by id, streamed (a malformed query raises `QueryError`)."""
    parse_query(selection.query)
    if selection.is_everything():
        yield from store.iter_articles()
        return
    after = 0
    while True:
        ids = store.matching_ids(
            selection.query,
            selection.filters,
            story=selection.story,
            after=after,
            limit=SELECT_PAGE,
        )
        for article_id in ids:
            yield store.get(article_id)
        if len(ids) < SELECT_PAGE:
            return
        after = ids[-1]


def full_row(article: Article) -> dict[str, Any]:
    """The contract's fields of `article`, then everything else it carries."""
    return {
        **article_row(article),
        "lang": article.lang,
        "text": article.text,
        "tags": list(article.tags),
        "entity_details": _entity_details(article),
        "place_details": _place_details(article),
        "dates": [{"text": span.text, "value": span.value} for span in article.dates],
        "quantities": [
            {"text": span.text, "value": span.value, "unit": span.unit, "kind": span.kind}
            for span in article.quantities
        ],
        "events": [_event_detail(span) for span in article.events],
    }


EVENT_FIELDS = (
    "type",
    "sub_type",
    "date",
    "place",
    "country",
    "lat",
    "lon",
    "actor1",
    "actor2",
    "fatalities",
    "injured",
    "displaced",
    "arrested",
)


def _event_detail(span: EventSpan) -> dict[str, Any]:
    """One event the article reports: its trigger as written, offsets, ACLED fields."""
    return {"trigger": span.text, "start": span.start, "end": span.end} | {
        name: getattr(span, name) for name in EVENT_FIELDS
    }


def _entity_details(article: Article) -> list[dict[str, Any]]:
    """Each entity once (by id), in order of first mention."""
    seen: dict[str, dict[str, Any]] = {}
    for span in article.entities:
        seen.setdefault(span.id, {"id": span.id, "name": span.name, "type": span.type})
    return list(seen.values())


def _place_details(article: Article) -> list[dict[str, Any]]:
    """Each place once (by name), in order of first mention, with its coordinates."""
    seen: dict[str, dict[str, Any]] = {}
    for span in article.places:
        seen.setdefault(
            span.name,
            {"name": span.name, "country": span.country, "lat": span.lat, "lon": span.lon},
        )
    return list(seen.values())


def full_rows(store: Store, selection: ExportSelection) -> Iterator[dict[str, Any]]:
    """One full row per selected article, streamed."""
    for article in selected_articles(store, selection):
        yield full_row(article)
