"""Articles: the latest list and one article with its annotations marked in the text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from marsad.services.events import with_event_ids
from marsad.services.facets import SearchRequest, faceted_search
from marsad.services.views import article_view
from marsad.store.protocol import Store
from marsad.web.markup import SNIPPET_MARKERS, article_highlights, marked_text
from marsad.web.params import ArticleId, Limit, Offset, PageNumber
from marsad.web.render import page, pages, store_of

router = APIRouter()
PAGE = 30


@router.get("/api/articles", tags=["articles"])
def api_articles(
    store: Annotated[Store, Depends(store_of)], limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    """The latest articles, newest first, with the total stored."""
    found = faceted_search(
        store, SearchRequest(sort="date", limit=limit, offset=offset), facets=False
    )
    return {
        "ok": True,
        "articles": found["hits"],
        "total": found["total"],
        "limit": limit,
        "offset": offset,
    }


@router.get("/articles", include_in_schema=False)
def articles_page(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    page_number: PageNumber = 1,
) -> Response:
    request_ = SearchRequest(sort="date", limit=PAGE, offset=(page_number - 1) * PAGE)
    found = faceted_search(store, request_, markers=SNIPPET_MARKERS, facets=False)
    context = {"found": found, "pages": pages(found["total"], PAGE, request_.offset)}
    return page(request, "articles/list.html", context)


@router.get("/api/articles/{article_id}", tags=["articles"])
def api_article(
    article_id: ArticleId, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """One article with its entities, places, dates, quantities and events (offsets into
    `text`; each event names the event across articles it belongs to)."""
    return {"ok": True, "article": with_event_ids(store, article_view(store, article_id))}


def _related(view: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Related stored articles (dicts) and related titles read from the page (strings)."""
    related = view.get("related") or []
    articles = [item for item in related if isinstance(item, dict)]
    titles = [item for item in related if isinstance(item, str)]
    return articles, titles


@router.get("/articles/{article_id}", include_in_schema=False)
def article_page(
    request: Request, article_id: ArticleId, store: Annotated[Store, Depends(store_of)]
) -> Response:
    view = article_view(store, article_id)
    related_articles, related_titles = _related(view)
    story = view.get("story")
    context = {
        "article": view,
        "body": marked_text(view["text"], article_highlights(view)),
        "related_articles": related_articles,
        "related_titles": related_titles,
        "story_id": story.get("id") if isinstance(story, dict) else story,
        "copies": view.get("copies") or [],
        "entities": _unique_entities(view),
        "places": sorted({p["name"] for p in view.get("places", [])}),
    }
    return page(request, "articles/article.html", context)


def _unique_entities(view: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for entity in view.get("entities", []):
        seen.setdefault(
            entity["id"], {"id": entity["id"], "name": entity["name"], "type": entity["type"]}
        )
    return list(seen.values())
