"""The search page's Atom link keeps the facets, so the feed follows the narrowed search."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient


def _feed_link(html: str) -> str:
    match = re.search(r'<a class="feed" href="([^"]+)">Atom</a>', html)
    assert match, "no Atom link"
    return unescape(match.group(1))


def test_the_atom_link_carries_the_facets(client: TestClient) -> None:
    site = client.get("/api/search?q=اليمن").json()["facets"]["site"][0]["value"]
    page = client.get("/search", params={"q": "اليمن", "site": site, "from": "2015-01-01"})
    link = _feed_link(page.text)
    [query] = parse_qs(urlsplit(link).query)["q"]
    assert query == f"اليمن site:{site} from:2015-01-01"
    feed = client.get(link)
    narrowed = client.get("/api/search", params={"q": query, "sort": "date", "limit": 30})
    titles = re.findall(r"<entry>.*?<title[^>]*>(.*?)</title>", feed.text, re.S)
    assert len(titles) == len(narrowed.json()["hits"]) > 0
    # Facets alone (no words) still get a feed.
    only_site = client.get("/search", params={"site": site}).text
    assert f"site%3A{site}" in _feed_link(only_site)
