"""Bounds of every integer a URL carries, shared by the routers.

SQLite stores 64-bit integers: an id of 2^63 or more cannot be bound to a query
and used to end in a 500. Declared here once, out-of-range values are answered
422 by validation, before any service runs; `limit`, `offset` and page numbers get
ranges a page can actually use.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

MAX_ID = 2**63 - 1  # SQLite's largest INTEGER
MAX_OFFSET = 1_000_000  # deeper pages cost a scan of every row skipped
MAX_PAGE = 10_000
MAX_LIMIT = 200  # results per page of any list
MAX_ENTITY_ID = 300  # characters of an entity id such as "per:…"

ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="An article id")]
StoryId = Annotated[int, Path(ge=1, le=MAX_ID, description="A story id")]
WatchlistId = Annotated[int, Path(ge=1, le=MAX_ID, description="A watchlist id")]
EntityId = Annotated[str, Path(min_length=1, max_length=MAX_ENTITY_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
PageNumber = Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)]


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results per page")]
TopLimit = Annotated[int, Query(ge=1, le=500, description="How many of the most named")]
MapLimit = Annotated[int, Query(ge=1, le=1000, description="Places per page")]
