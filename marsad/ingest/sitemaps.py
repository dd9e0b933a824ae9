"""Sitemaps: URL sets, sitemap indexes, Google News sitemaps, gzipped or plain.

Sites that offer no feed almost always offer a sitemap, and news sites a Google News
sitemap with each article's title and publication time. An index can name hundreds of
child sitemaps going back years, so `read_sitemaps` walks it breadth-first with a
bound on depth and count, and skips children whose `lastmod` is older than what the
caller has already seen. Gzip is recognised by its magic bytes, not by the file name,
and decompression is capped so a small file cannot expand without limit.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml import etree

from marsad.errors import BAD_SITEMAP, TOO_LARGE
from marsad.ingest.feeds import iso_datetime, parse_xml
from marsad.ingest.fetch import FetchResult, Problem

# The sitemaps protocol caps a file at 50 MB uncompressed.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


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
    """One parsed sitemap file: page URLs (`urlset`, `text`) or child sitemaps (`index`)."""

    kind: str  # "urlset", "index", "text" or "unknown"
    urls: tuple[SitemapUrl, ...] = ()
    sitemaps: tuple[SitemapUrl, ...] = ()
    error: str | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class SitemapCrawl:
    """Everything read from one root sitemap: page URLs, files read, what went wrong."""

    urls: tuple[SitemapUrl, ...]
    fetched: tuple[str, ...]
    problems: tuple[Problem, ...]


def parse_sitemap(data: bytes, *, url: str | None = None) -> Sitemap:
    """Parse one sitemap file (XML or plain-text list, gzipped or not)."""
    try:
        data = gunzip(data) if data.startswith(GZIP_MAGIC) else data
    except ValueError as error:
        code = TOO_LARGE if "larger" in str(error) else BAD_SITEMAP
        return Sitemap("unknown", error=code, message=str(error))
    if data.lstrip()[:1] != b"<":
        return _text_sitemap(data, url)
    root, problem = parse_xml(data)
    if root is None:
        return Sitemap("unknown", error=BAD_SITEMAP, message=problem or "empty document")
    name = etree.QName(root.tag).localname if isinstance(root.tag, str) else ""
    if name == "urlset":
        sitemap = Sitemap("urlset", urls=tuple(_entries(root, "url", url)))
    elif name == "sitemapindex":
        sitemap = Sitemap("index", sitemaps=tuple(_entries(root, "sitemap", url)))
    else:
        return Sitemap("unknown", error=BAD_SITEMAP, message=f"root element is <{name}>")
    if problem is not None:
        return Sitemap(sitemap.kind, sitemap.urls, sitemap.sitemaps, BAD_SITEMAP, problem)
    return sitemap


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
    while pending and len(fetched) < max_files:
        url, depth = pending.popleft()
        fetched.append(url)
        result = fetch(url)
        if result.not_modified:
            continue
        if not result.ok:
            problems.append(Problem(url, result.error or "no-body", result.message))
            continue
        sitemap = parse_sitemap(result.body or b"", url=result.final_url)
        if sitemap.error is not None:
            problems.append(Problem(url, sitemap.error, sitemap.message))
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
    return SitemapCrawl(tuple(urls), tuple(fetched), tuple(problems))


def gunzip(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress gzip bytes, refusing output larger than `limit` (a gzip bomb guard)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise ValueError(f"bad gzip data: {error}") from error
    if len(out) > limit:
        raise ValueError(f"gzip content larger than {limit} bytes")
    return out


def _entries(root: etree._Element, name: str, base: str | None) -> list[SitemapUrl]:
    entries = []
    for element in root:
        if not isinstance(element.tag, str) or etree.QName(element.tag).localname != name:
            continue
        fields = _fields(element)
        loc = fields.get("loc")
        if not loc:
            continue
        entries.append(
            SitemapUrl(
                url=urljoin(base, loc) if base else loc,
                lastmod=iso_datetime(fields.get("lastmod")),
                news_title=fields.get("title"),
                news_published=iso_datetime(fields.get("publication_date")),
                news_language=fields.get("language"),
            )
        )
    return entries


def _fields(element: etree._Element) -> dict[str, str]:
    """Local name -> text of every descendant, so `news:news/news:title` is `title`."""
    fields: dict[str, str] = {}
    for child in element.iter():
        if child is element or not isinstance(child.tag, str):
            continue
        text = (child.text or "").strip()
        if text:
            fields.setdefault(etree.QName(child.tag).localname, text)
    return fields


def _text_sitemap(data: bytes, base: str | None) -> Sitemap:
    """The protocol's plain-text form: one absolute URL per line, UTF-8."""
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    urls = [line for line in lines if line]
    if not urls or not all(url.startswith(("http://", "https://")) for url in urls):
        return Sitemap("unknown", error=BAD_SITEMAP, message="neither XML nor a list of URLs")
    return Sitemap("text", urls=tuple(SitemapUrl(url) for url in urls))


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
