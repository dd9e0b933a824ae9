"""feedparser's own test feeds (a sample in `tests/fixtures/feedparser`), as test cases.

Each file may begin with a comment naming the HTTP headers feedparser's suite serves
it with (`Header: Content-Location: /feed/pg.cgi`); the suite serves the files from
`http://127.0.0.1:8097/tests/`, so that is each file's address here too. `reference_links`
asks feedparser itself, directly, which entry links it finds, with the same base.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "feedparser"
SERVED_AT = "http://127.0.0.1:8097/tests/"
# One header per line; an empty value stays empty (the next line is not its value).
_HEADER = re.compile(r"^[ \t]*Header:[ \t]*([A-Za-z-]+):[ \t]*(.*?)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class CorpusFeed:
    """One test feed: its bytes, where the suite serves it, and the headers it sends."""

    name: str  # path inside the corpus, e.g. "wellformed/base/entry_link.xml"
    data: bytes
    headers: dict[str, str]

    @property
    def url(self) -> str:
        return SERVED_AT + self.name

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def content_location(self) -> str | None:
        return self.headers.get("content-location")


def corpus_feeds() -> list[CorpusFeed]:
    """Every sampled feed, in name order."""
    feeds = []
    for path in sorted(CORPUS.rglob("*.xml")):
        data = path.read_bytes()
        head = data[:2000].decode("latin-1")
        headers = {name.lower(): value for name, value in _HEADER.findall(head)}
        feeds.append(CorpusFeed(path.relative_to(CORPUS).as_posix(), data, headers))
    return feeds


def web_url(url: object) -> bool:
    """An absolute http(s) URL with a host that parses."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def reference_links(feed: CorpusFeed, url: str | None = None) -> list[str | None]:
    """feedparser's `entry.link` for each entry (None when it is not a web URL), read
    from `url` (default: where the suite serves it) with Content-Location resolved
    against that address, as an HTTP client would."""
    address = url or feed.url
    base = address
    if feed.content_location:
        located = urljoin(address, feed.content_location)
        base = located if web_url(located) else address
    headers = {**feed.headers, "content-location": base}
    parsed = feedparser.parse(io.BytesIO(feed.data), response_headers=headers)
    links = [entry.get("link") for entry in parsed.entries]
    return [link if web_url(link) else None for link in links]
