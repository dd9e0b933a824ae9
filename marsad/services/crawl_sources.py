"""Reading one source during a crawl: which article URLs it lists now, and its health.

Feeds and page sources are fetched with a conditional GET (the validators of the
last copy are stored per source), so an unchanged source costs the server one 304.
A sitemap is walked with `read_sitemaps`, its root conditionally and its children
only when their `lastmod` is newer than the source's last success. A `page` source
(a site with no feed or sitemap) lists the same-site links of the page.

A source that answered is a success for the scheduler even if it listed nothing new;
a source that could not be read (or, for a sitemap index, had a child that could not
be read, so its next walk must not skip that child) is a failure with a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from marsad.errors import BAD_HTML, HTTP_ERROR, MarsadError
from marsad.ingest.discover import FEED, SITEMAP
from marsad.ingest.feeds import parse_feed
from marsad.ingest.fetch import Fetcher, FetchResult, Problem
from marsad.ingest.schedule import SchedulePolicy, SourceState, after_failure, after_success
from marsad.ingest.sitemaps import read_sitemaps
from marsad.services.crawl_archive import WarcArchive
from marsad.services.sources import health_of, state_of
from marsad.store.protocol_sources import SourceRow, SourceStore, iso
from marsad.urls import canonical_url

# Links of a page source that are never articles.
_ASSET_SUFFIXES = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf", ".xml", ".ico")


@dataclass(frozen=True, slots=True)
class SourceRead:
    """What one poll of a source found: article URLs, validators, or why it failed."""

    urls: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None
    message: str = ""
    retry_after: float | None = None
    skipped: tuple[Problem, ...] = ()  # links listed that could not be used, with why


class SourceReader:
    """Polls sources through one fetcher, archiving every body it reads."""

    def __init__(
        self, fetcher: Fetcher, archive: WarcArchive | None = None, max_links: int = 200
    ) -> None:
        self.fetcher = fetcher
        self.archive = archive
        self.max_links = max_links

    def read(self, row: SourceRow, state: SourceState) -> SourceRead:
        if row.kind == SITEMAP:
            return self._read_sitemap(row, state)
        result = self._fetch(row.url, row.etag, row.last_modified)
        if result.not_modified:
            return SourceRead(etag=row.etag, last_modified=row.last_modified, not_modified=True)
        if not result.ok:
            return _failure(result, row)
        if row.kind == FEED:
            return _feed_read(result, row)
        return self._page_read(result, row)

    def _page_read(self, result: FetchResult, row: SourceRow) -> SourceRead:
        """The links of a page source, or why its page could not be read."""
        try:
            links = self._page_links(result)
        except MarsadError as error:  # its message without `where`, the source's own URL
            code, message = error.code, error.message
        except (etree.ParserError, ValueError) as error:
            code, message = BAD_HTML, str(error)
        else:
            return SourceRead(links, result.etag, result.last_modified)
        return SourceRead(
            error=code,
            message=message or "unreadable page",
            etag=row.etag,
            last_modified=row.last_modified,
        )

    def _fetch(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        result = self.fetcher.fetch(url, etag=etag, last_modified=last_modified)
        if self.archive is not None:
            self.archive.record(result)
        return result

    def _read_sitemap(self, row: SourceRow, state: SourceState) -> SourceRead:
        roots: list[FetchResult] = []

        def fetch(url: str) -> FetchResult:
            if url != row.url:
                return self._fetch(url)
            roots.append(self._fetch(url, row.etag, row.last_modified))
            return roots[-1]

        since = iso(state.last_success)
        crawl = read_sitemaps(row.url, fetch, modified_since=since)
        root = roots[0]
        if root.not_modified:
            return SourceRead(etag=row.etag, last_modified=row.last_modified, not_modified=True)
        if not root.ok:
            return _failure(root, row)
        urls = tuple(entry.url for entry in crawl.urls)
        if crawl.problems:
            first = crawl.problems[0]
            # the source's own URL is printed beside its error: name only another file
            message = first.message if first.url == row.url else f"{first.url}: {first.message}"
            return SourceRead(
                urls,
                row.etag,
                row.last_modified,
                error=first.code,
                message=message,
                skipped=crawl.skipped,
            )
        return SourceRead(urls, root.etag, root.last_modified, skipped=crawl.skipped)

    def _page_links(self, result: FetchResult) -> tuple[str, ...]:
        """Same-site links of a page (its article list), minus itself and assets.

        A page that cannot be decoded or parsed raises: the source's failure, not an
        empty success.
        """
        tree = lxml_html.fromstring(result.text())
        host = urlsplit(result.final_url).netloc.lower()
        own = canonical_url(result.final_url)
        found: dict[str, str] = {}
        for anchor in tree.iter("a"):
            href = (anchor.get("href") or "").strip()
            if not href or href.startswith(("#", "mailto:", "javascript:")):
                continue
            url = urldefrag(urljoin(result.final_url, href))[0]
            parts = urlsplit(url)
            if parts.netloc.lower() != host or parts.path.lower().endswith(_ASSET_SUFFIXES):
                continue
            key = canonical_url(url)
            if key is not None and key != own and parts.path not in ("", "/"):
                found.setdefault(key, url)
            if len(found) >= self.max_links:
                break
        return tuple(found.values())


def _feed_read(result: FetchResult, row: SourceRow) -> SourceRead:
    """The article URLs of a fetched feed, or why it gave none.

    The HTTP headers go to the parser: a charset named only in Content-Type, and
    Content-Location, the base of relative links. A document that holds no feed, and a
    broken feed from which no link was recovered, fail the source with their reason:
    `parse_feed` gives both as a `Feed` with its `bad-feed` error and one-line message
    (`read_feed` would raise `FeedError` for the first and return the second), so one
    check records both on the source.
    """
    feed = parse_feed(
        result.body or b"",
        url=result.final_url,
        content_type=result.content_type,
        content_location=result.content_location,
    )
    urls = tuple(entry.url for entry in feed.entries if entry.url)
    if feed.error is not None and not urls:
        return SourceRead(
            error=feed.error,
            message=feed.message,
            etag=row.etag,
            last_modified=row.last_modified,
            skipped=feed.skipped,
        )
    return SourceRead(urls, result.etag, result.last_modified, skipped=feed.skipped)


def _failure(result: FetchResult, row: SourceRow) -> SourceRead:
    return SourceRead(
        etag=row.etag,
        last_modified=row.last_modified,
        error=result.error or HTTP_ERROR,
        message=result.message,
        retry_after=result.retry_after,
    )


def save_poll(
    store: SourceStore,
    row: SourceRow,
    read: SourceRead,
    queued: int,
    now: datetime,
    policy: SchedulePolicy,
) -> None:
    """Advance the source's schedule after a poll and store it with its validators."""
    state = state_of(row)
    if read.error is None:
        new_state = after_success(state, now, queued, policy)
    else:
        new_state = after_failure(
            state, now, read.error, retry_after=read.retry_after, policy=policy
        )
    store.save_source_poll(
        row.id,
        health_of(new_state),
        etag=read.etag,
        last_modified=read.last_modified,
        failed=read.error is not None,
        message=read.message or None,
    )
