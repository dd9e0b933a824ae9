"""Sitemaps: URL sets, sitemap indexes, Google News sitemaps, gzipped or plain.

Sites that offer no feed almost always offer a sitemap, and news sites a Google News
sitemap with each article's title and publication time. An index can name hundreds of
child sitemaps going back years, so `read_sitemaps` walks it breadth-first with a
bound on depth and count, and skips children whose `lastmod` is older than what the
caller has already seen. Gzip is recognised by its magic bytes, not by the file name,
and decompression is capped so a small file cannot expand without limit; a gzip file
cut short keeps the URLs read before the cut and says it was truncated.

What servers call a sitemap is not always one: a UTF-8 BOM before the XML, an RSS or
Atom feed at the sitemap's address (read as a feed, through `feeds`), a text list
with a stray line. Each `<loc>` and each line is checked like a feed's links; one that
cannot be fetched is skipped and counted, and never stops the file or the crawl.
Nothing but `SitemapError` is raised here, and `parse_sitemap` raises nothing.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from marsad.errors import BAD_SITEMAP, TOO_LARGE, TRUNCATED, MarsadError
from marsad.ingest.feeds import iso_datetime, parse_feed, root_name
from marsad.ingest.fetch import FetchResult, Problem
from marsad.ingest.links import BadLink, resolve_link
from marsad.ingest.xmldoc import document_start, local_name, parse_xml

# The sitemaps protocol caps a file at 50 MB uncompressed.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})


class SitemapError(MarsadError):
    """A sitemap file that cannot be read (broken or truncated gzip, not a sitemap)."""

    code = BAD_SITEMAP


class SitemapTooLarge(SitemapError):
    """Gzip content that expands beyond the protocol's 50 MB cap."""

    code = TOO_LARGE


class SitemapTruncated(SitemapError):
    """Gzip data that ends before its compressed stream does (a download cut short)."""

    code = TRUNCATED


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    """A `<url>` of a URL set, or a `<sitemap>` of an index (then the news fields are None)."""

    url: str
    lastmod: str | None = None
    news_title: str | None = None
    news_published: str | None = None
    news_language: str | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """One parsed sitemap file: page URLs (`urlset`, `text`, `feed`) or child sitemaps
    (`index`). `skipped` holds the locations and lines that were not usable URLs."""

    kind: str  # "urlset", "index", "text", "feed" or "unknown"
    urls: tuple[SitemapUrl, ...] = ()
    sitemaps: tuple[SitemapUrl, ...] = ()
    error: str | None = None
    message: str = ""
    skipped: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class SitemapCrawl:
    """Everything read from one root sitemap: page URLs, files read, what went wrong,
    and the entries skipped as unusable (counted, not failures of the source)."""

    urls: tuple[SitemapUrl, ...]
    fetched: tuple[str, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[Problem, ...] = ()


def parse_sitemap(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    content_location: str | None = None,
) -> Sitemap:
    """Parse one sitemap file (XML, a feed or a plain-text list, gzipped or not).

    `content_type` and `content_location` (HTTP headers) are passed on to the feed
    parser when the file is a feed. Never raises: what is wrong with the file is in
    `error` and `message`.
    """
    headers = _Headers(content_type, content_location)
    truncation: SitemapTruncated | None = None
    if data.startswith(GZIP_MAGIC):
        try:
            data, truncation = _inflate(data)
        except SitemapError as error:
            return Sitemap("unknown", error=error.code, message=error.message)
    if truncation is None:
        return _parse_plain(document_start(data), url, headers)
    sitemap = _parse_plain(_complete_part(document_start(data)), url, headers)
    found = len(sitemap.urls) + len(sitemap.sitemaps)
    message = f"{truncation.message}; {found} URL{'' if found == 1 else 's'} read before the cut"
    return Sitemap(
        sitemap.kind, sitemap.urls, sitemap.sitemaps, truncation.code, message, sitemap.skipped
    )


def _complete_part(data: bytes) -> bytes:
    """The part of a cut document that ends with a whole `<loc>` or a whole line, so the
    last URL read is never one cut in the middle."""
    if data[:1] == b"<":
        end = data.rfind(b"</loc>")
        return data[: end + len(b"</loc>")] if end != -1 else data
    return data[: data.rfind(b"\n") + 1]


@dataclass(frozen=True, slots=True)
class _Headers:
    """The HTTP headers a feed served as a sitemap is read with."""

    content_type: str | None = None
    content_location: str | None = None


def _parse_plain(data: bytes, url: str | None, headers: _Headers) -> Sitemap:
    """An uncompressed sitemap whose BOM and leading whitespace are already gone."""
    if data[:1] != b"<":
        return _text_sitemap(data, url)
    if (root_name(data) or "").split(":")[-1].lower() in FEED_ROOTS:
        return _feed_sitemap(data, url, headers)
    root, problem = parse_xml(data)
    if root is None:
        return Sitemap("unknown", error=BAD_SITEMAP, message=problem or "empty document")
    name = local_name(root)
    if name == "urlset":
        urls, skipped = _entries(root, "url", url)
        sitemap = Sitemap("urlset", urls=urls, skipped=skipped)
    elif name == "sitemapindex":
        sitemaps, skipped = _entries(root, "sitemap", url)
        sitemap = Sitemap("index", sitemaps=sitemaps, skipped=skipped)
    else:
        return Sitemap("unknown", error=BAD_SITEMAP, message=f"root element is <{name}>")
    if problem is not None:
        return Sitemap(
            sitemap.kind, sitemap.urls, sitemap.sitemaps, BAD_SITEMAP, problem, sitemap.skipped
        )
    return sitemap


def _feed_sitemap(data: bytes, url: str | None, headers: _Headers) -> Sitemap:
    """An RSS, Atom or CDF feed served where a sitemap was expected: its entry links."""
    feed = parse_feed(
        data,
        url=url,
        content_type=headers.content_type,
        content_location=headers.content_location,
    )
    urls = tuple(
        SitemapUrl(entry.url, lastmod=entry.published) for entry in feed.entries if entry.url
    )
    return Sitemap("feed", urls=urls, error=feed.error, message=feed.message, skipped=feed.skipped)


def read_sitemaps(
    root_url: str,
    fetch: Callable[[str], FetchResult],
    *,
    max_depth: int = 3,
    max_files: int = 100,
    modified_since: str | None = None,
) -> SitemapCrawl:
    """Read a sitemap and, for an index, its children: breadth-first, bounded.

    `fetch` is usually `Fetcher.fetch` (polite, robots-aware). Children whose lastmod
    is before `modified_since` (ISO) are skipped: they hold nothing new.
    """
    since = _moment(modified_since)
    pending: deque[tuple[str, int]] = deque([(root_url, 0)])
    seen = {root_url}
    urls: list[SitemapUrl] = []
    fetched: list[str] = []
    problems: list[Problem] = []
    skipped: list[Problem] = []
    while pending and len(fetched) < max_files:
        url, depth = pending.popleft()
        fetched.append(url)
        result = fetch(url)
        if result.not_modified:
            continue
        if not result.ok:
            problems.append(Problem(url, result.error or "no-body", result.message))
            continue
        sitemap = parse_sitemap(
            result.body or b"",
            url=result.final_url,
            content_type=result.content_type,
            content_location=result.content_location,
        )
        if sitemap.error is not None:
            problems.append(Problem(url, sitemap.error, sitemap.message))
        skipped.extend(sitemap.skipped)
        urls.extend(sitemap.urls)
        for child in sitemap.sitemaps:
            if child.url in seen or _older(child.lastmod, since):
                continue
            if depth + 1 > max_depth:
                problems.append(Problem(child.url, BAD_SITEMAP, "sitemaps nested too deep"))
                continue
            seen.add(child.url)
            pending.append((child.url, depth + 1))
    problems.extend(
        Problem(url, BAD_SITEMAP, f"not read: more than {max_files} sitemap files")
        for url, _ in pending
    )
    return SitemapCrawl(tuple(urls), tuple(fetched), tuple(problems), tuple(skipped))


def gunzip(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress gzip bytes, refusing output larger than `limit` (a gzip bomb guard)
    and data cut short (SitemapTruncated)."""
    out, truncation = _inflate(data, limit)
    if truncation is not None:
        raise truncation
    return out


def _inflate(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> tuple[bytes, SitemapTruncated | None]:
    """Decompressed bytes, and whether the stream ended early (the bytes read are kept)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise SitemapError(f"bad gzip data: {error}") from error
    if len(out) > limit:
        raise SitemapTooLarge(f"gzip content larger than {limit} bytes")
    if inflater.eof:
        return out, None
    cut = f"gzip data truncated: the file ends before its compressed stream ({len(data)} bytes)"
    return out, SitemapTruncated(cut)


def _entries(
    root: etree._Element, name: str, base: str | None
) -> tuple[tuple[SitemapUrl, ...], tuple[Problem, ...]]:
    """The `<url>` or `<sitemap>` children with a usable `<loc>`, and those skipped."""
    entries: list[SitemapUrl] = []
    skipped: list[Problem] = []
    for element in root:
        if local_name(element) != name:
            continue
        fields = _fields(element)
        loc = fields.get("loc")
        if not loc:
            skipped.append(Problem("", BAD_SITEMAP, f"<{name}> without <loc>"))
            continue
        try:
            location = resolve_link(loc, base)
        except BadLink as error:
            skipped.append(Problem(loc, error.code, error.message))
            continue
        entries.append(
            SitemapUrl(
                url=location,
                lastmod=iso_datetime(fields.get("lastmod")),
                news_title=fields.get("title"),
                news_published=iso_datetime(fields.get("publication_date")),
                news_language=fields.get("language"),
            )
        )
    return tuple(entries), tuple(skipped)


def _fields(element: etree._Element) -> dict[str, str]:
    """Local name -> text of every descendant, so `news:news/news:title` is `title`."""
    fields: dict[str, str] = {}
    for child in element.iter():
        if child is element or not isinstance(child.tag, str):
            continue
        text = (child.text or "").strip()
        if text:
            fields.setdefault(local_name(child), text)
    return fields


def _text_sitemap(data: bytes, base: str | None) -> Sitemap:
    """The protocol's plain-text form: one absolute URL per line, UTF-8. Lines that are
    not web URLs are skipped and counted; a file with no URL at all is an error."""
    urls: list[SitemapUrl] = []
    skipped: list[Problem] = []
    for line in data.decode("utf-8", "replace").splitlines():
        text = line.strip()
        if not text:
            continue
        try:
            urls.append(SitemapUrl(resolve_link(text, None)))
        except BadLink as error:
            skipped.append(Problem(text[:200], error.code, error.message))
    if not urls:
        return Sitemap(
            "unknown", error=BAD_SITEMAP, message="neither XML nor a list of URLs", skipped=()
        )
    return Sitemap("text", urls=tuple(urls), skipped=tuple(skipped))


def _moment(iso: str | None) -> datetime | None:
    """An ISO date or datetime as an aware datetime (naive means UTC)."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _older(lastmod: str | None, since: datetime | None) -> bool:
    moment = _moment(lastmod)
    return since is not None and moment is not None and moment < since
