"""Atom feeds: a search, a story, an entity, a watchlist — each from its page's service."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from marsad.services.entities import entity_view
from marsad.services.facets import SearchRequest, faceted_search
from marsad.services.feeds import atom_feed, entries_from_articles
from marsad.services.watchlists import watchlist_view
from marsad.store.protocol import Store
from marsad.web.params import EntityId, StoryId, WatchlistId
from marsad.web.render import absolute_url, base_url, features_of, store_of

router = APIRouter(prefix="/feeds", tags=["feeds"])
ATOM_TYPE = "application/atom+xml; charset=utf-8"
FEED_SIZE = 30


def _atom(body: bytes) -> Response:
    return Response(body, media_type=ATOM_TYPE)


def _feed(
    request: Request,
    feed_id: str,
    title: str,
    page: str,
    articles: list[Any],
    summary_key: str | None = None,
) -> Response:
    base = base_url(request)
    return _atom(
        atom_feed(
            feed_id=feed_id,
            title=title,
            self_url=absolute_url(request),
            page_url=base + page,
            entries=entries_from_articles(articles, base, summary_key),
        )
    )


@router.get("/search.atom")
def search_feed(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    q: Annotated[str, Query(min_length=1, max_length=500)],
) -> Response:
    """The newest articles matching `q`."""
    found = faceted_search(
        store, SearchRequest(query=q, sort="date", limit=FEED_SIZE), facets=False
    )
    page = "/search?" + urlencode({"q": q})
    return _feed(request, f"search:{q}", f"مرصد — بحث: {q}", page, found["hits"], "snippet")


@router.get("/stories/{story_id}.atom")
def story_feed(
    request: Request, story_id: StoryId, store: Annotated[Store, Depends(store_of)]
) -> Response:
    """Every article of one story."""
    view = features_of(request).story_view(store, story_id)
    story = view.get("story")
    title = story.get("title") if isinstance(story, dict) else getattr(story, "title", "")
    return _feed(
        request,
        f"story:{story_id}",
        f"مرصد — قصة: {title}",
        f"/stories/{story_id}",
        view.get("articles", []),
    )


@router.get("/entities/{entity_id}.atom")
def entity_feed(
    request: Request, entity_id: EntityId, store: Annotated[Store, Depends(store_of)]
) -> Response:
    """The newest articles naming one entity."""
    view = entity_view(store, entity_id, limit=FEED_SIZE)
    name = view["entity"]["name"]
    return _feed(
        request,
        f"entity:{entity_id}",
        f"مرصد — {name}",
        f"/entities/{quote(entity_id, safe=':')}",
        view["articles"],
    )


@router.get("/watchlists/{watchlist_id}.atom")
def watchlist_feed(
    request: Request, watchlist_id: WatchlistId, store: Annotated[Store, Depends(store_of)]
) -> Response:
    """A watchlist's newest matches."""
    view = watchlist_view(store, watchlist_id, limit=FEED_SIZE)
    name = view["watchlist"]["name"]
    return _feed(
        request,
        f"watchlist:{watchlist_id}",
        f"مرصد — {name}",
        f"/watchlists/{watchlist_id}",
        view["matches"],
        "snippet",
    )
