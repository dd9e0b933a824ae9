"""Fixtures for the ingest tests: real local HTTP servers serving real articles.

The articles (`site_articles`) and the site itself come from `tests/conftest.py` and
`tests/support/`; the sites here announce a longer Crawl-delay than the crawls' site.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from support.site import running_site
from support.site_server import MakeSite, SiteArticle, SiteServer

# Small delays keep the suite fast while still letting the spacing be checked.
CRAWL_DELAY = 0.05


@pytest.fixture
def make_site(site_articles: list[SiteArticle]) -> Iterator[MakeSite]:
    """Start fixture sites (each its own host:port); all are stopped after the test."""
    with ExitStack() as started:

        def make(crawl_delay: float = CRAWL_DELAY) -> SiteServer:
            return started.enter_context(running_site(site_articles, crawl_delay))

        yield make


@pytest.fixture
def site(make_site: MakeSite) -> SiteServer:
    return make_site()
