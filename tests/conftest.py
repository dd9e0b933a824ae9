"""Fixtures shared by the test folders: real articles, and the local news site serving them.

A folder that needs another site overrides `site` (the ingest tests announce a longer
Crawl-delay, so that the spacing of requests can be checked). pytest puts this folder
on the path for this file, which makes the shared code importable as `support`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.site import CRAWL_DELAY, load_site_articles, running_site
from support.site_server import SiteArticle, SiteServer

from marsad.ingest.guard import ALLOW_PRIVATE_VARIABLE


@pytest.fixture(autouse=True)
def allow_local_sites(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test sites listen on 127.0.0.1, which a deployment refuses to fetch by default:
    allow private addresses (as `MARSAD_ALLOW_PRIVATE=1` does, for the CLI's children too).
    A test of the refusal removes the variable or passes `allow_private=False`."""
    monkeypatch.setenv(ALLOW_PRIVATE_VARIABLE, "1")


@pytest.fixture(scope="session")
def site_articles() -> list[SiteArticle]:
    """Ten real articles with a title, one per outlet where possible."""
    return load_site_articles()


@pytest.fixture
def site(site_articles: list[SiteArticle]) -> Iterator[SiteServer]:
    """The site the crawls read: a tiny Crawl-delay, and the `/mixed.xml` trouble feed."""
    with running_site(site_articles, CRAWL_DELAY, trouble_feed=True) as server:
        yield server
