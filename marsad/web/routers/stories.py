"""Stories: the list (latest or growing) and one story's timeline across outlets."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from marsad.store.protocol import Store
from marsad.web.params import Limit, Offset, PageNumber, StoryId
from marsad.web.render import features_of, page, store_of

router = APIRouter()
Order = Literal["latest", "growing"]
PAGE = 30


@router.get("/api/stories", tags=["stories"])
def api_stories(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    order: Order = "latest",
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stories, latest first or fastest-growing first, with their outlet counts."""
    stories = features_of(request).list_stories(store, limit=limit, offset=offset, order=order)
    return {
        "ok": True,
        "stories": [asdict(story) for story in stories],
        "limit": limit,
        "offset": offset,
        "order": order,
    }


@router.get("/stories", include_in_schema=False)
def stories_page(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    order: Order = "latest",
    page_number: PageNumber = 1,
) -> Response:
    features = features_of(request)
    stories = []
    if features.stories is not None:
        offset = (page_number - 1) * PAGE
        stories = features.list_stories(store, limit=PAGE, offset=offset, order=order)
    context = {"stories": stories, "order": order, "page_number": page_number, "size": PAGE}
    return page(request, "stories/list.html", context)


@router.get("/api/stories/{story_id}", tags=["stories"])
def api_story(
    request: Request, story_id: StoryId, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """One story: its articles in time order, who published first, entities and places."""
    return {"ok": True, **_jsonable(features_of(request).story_view(store, story_id))}


def _jsonable(view: dict[str, Any]) -> dict[str, Any]:
    """The story view with plain values: a `Story` record becomes its fields."""
    story = view.get("story")
    if story is not None and not isinstance(story, dict):
        view = {**view, "story": asdict(story)}
    return view


def _named(items: list[Any]) -> list[dict[str, Any]]:
    """Entities or places as dicts, whether the service gave dicts or bare names."""
    return [item if isinstance(item, dict) else {"name": item} for item in items]


def _for_page(view: dict[str, Any]) -> dict[str, Any]:
    first = view.get("first")
    return {
        **view,
        "first": first.get("id") if isinstance(first, dict) else first,
        "entities": _named(view.get("entities") or []),
        "places": _named(view.get("places") or []),
    }


def _copies_collapsed(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The articles in their order, each copy folded under its original when present."""
    timeline: list[dict[str, Any]] = []
    by_id: dict[Any, dict[str, Any]] = {}
    for article in articles:
        if not article.get("duplicate_of"):
            by_id[article["id"]] = dict(article, copies=[])
    for article in articles:
        original = by_id.get(article.get("duplicate_of"))
        if original is not None:
            original["copies"].append(article)
        else:
            timeline.append(by_id.get(article["id"]) or dict(article, copies=[]))
    return timeline


@router.get("/stories/{story_id}", include_in_schema=False)
def story_page(
    request: Request, story_id: StoryId, store: Annotated[Store, Depends(store_of)]
) -> Response:
    view = _for_page(_jsonable(features_of(request).story_view(store, story_id)))
    context = {"view": view, "timeline": _copies_collapsed(view.get("articles", []))}
    return page(request, "stories/story.html", context)
