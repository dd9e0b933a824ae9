"""The home page: the latest and the fastest-growing stories, or the latest articles.

"Fastest-growing" is measured: a story is listed when its articles on the archive's
newest day spike over its own previous week (median and MAD, `services.volume`),
ranked by how far above that baseline it is, not by its size.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import FileResponse, Response

from marsad.services.entities import top_entities
from marsad.services.facets import SearchRequest, faceted_search
from marsad.services.volume import growing_stories
from marsad.store.protocol import Store
from marsad.web.markup import SNIPPET_MARKERS
from marsad.web.render import STATIC, features_of, page, store_of

router = APIRouter()
FAVICON = STATIC / "favicon.svg"
HOME_STORIES = 12
HOME_ARTICLES = 20


@router.get("/", include_in_schema=False)
def home(request: Request, store: Annotated[Store, Depends(store_of)]) -> Response:
    features = features_of(request)
    latest, growing = [], []
    if features.stories is not None:
        latest = features.list_stories(store, limit=HOME_STORIES, order="latest")
        growing = [
            {**found, "s": features.stories.get_story(store, found["story"])}
            for found in growing_stories(store, limit=HOME_STORIES)
        ]
    articles = faceted_search(
        store,
        SearchRequest(sort="date", limit=HOME_ARTICLES),
        markers=SNIPPET_MARKERS,
        facets=False,
    )
    context = {
        "latest": latest,
        "growing": growing,
        "articles": articles,
        "entities": top_entities(store, 15),
    }
    return page(request, "home/home.html", context)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The site icon where browsers and crawlers look first, so they do not log a 404."""
    return FileResponse(
        FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )
