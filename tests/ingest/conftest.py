"""Fixtures for the ingest tests: a real local HTTP server serving real articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from site_server import RIYADH, MakeSite, SiteArticle, SiteServer, build_site

SAUDINEWSNET = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "saudinewsnet"
) / "articles.jsonl"
SITE_ARTICLES = 10
# Small delays keep the suite fast while still letting the spacing be checked.
CRAWL_DELAY = 0.05


@pytest.fixture(scope="session")
def site_articles() -> list[SiteArticle]:
    """Ten real articles with a title, one per outlet where possible."""
    if not SAUDINEWSNET.exists():
        pytest.skip("the SaudiNewsNet data is not beside the repository")
    chosen: list[SiteArticle] = []
    outlets: set[str] = set()
    with SAUDINEWSNET.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if not record["title"].strip() or len(record["text"]) < 300:
                continue
            if record["source"] in outlets:
                continue
            outlets.add(record["source"])
            published = datetime.fromisoformat(record["date"]).replace(tzinfo=RIYADH)
            chosen.append(
                SiteArticle(
                    slug=f"a{len(chosen)}",
                    title=record["title"].strip(),
                    text=record["text"][:1500],
                    published=published,
                    source=record["source"],
                )
            )
            if len(chosen) == SITE_ARTICLES:
                break
    return chosen


@pytest.fixture
def make_site(site_articles: list[SiteArticle]) -> Iterator[MakeSite]:
    """Start fixture sites (each its own host:port); all are stopped after the test."""
    servers: list[SiteServer] = []

    def make(crawl_delay: float = CRAWL_DELAY) -> SiteServer:
        server = SiteServer()
        server.routes.update(build_site(server.base, site_articles, crawl_delay))
        servers.append(server.start())
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def site(make_site: MakeSite) -> SiteServer:
    return make_site()
