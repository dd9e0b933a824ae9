"""From a news site's home page to the feeds and sitemaps worth polling.

A user adds "the site"; what Marsad polls is its feeds (cheap, newest first) and its
sitemaps (complete, often with publication times). Discovery looks where sites
announce them — `<link rel="alternate">` in the page head, `Sitemap:` lines in
robots.txt — and only when nothing is announced probes a few well-known paths, one
polite request each, stopping at the first that answers with a real feed or sitemap.
`classify` tells the kinds apart by their content, since servers label feeds as
`text/html`, sitemaps as `text/plain` and everything as `application/octet-stream`.
A home page that could not be reached at all (timeout, refused, no such host, or its
robots.txt unreachable) ends discovery at once: the same host would fail each probe
the same way, a dozen deadlines for one answer. A home page that answered with an
error (a 404) still lets the well-known paths be probed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from marsad.errors import BAD_URL, CANCELLED, CONNECT_ERROR, NETWORK_ERROR, TIMEOUT, MarsadError
from marsad.ingest.fetch import Fetcher, FetchResult, Problem
from marsad.ingest.guard import PRIVATE_ADDRESS
from marsad.ingest.links import BadLink, resolve_link
from marsad.ingest.robots import ROBOTS_UNREACHABLE
from marsad.ingest.sitemaps import GZIP_MAGIC, gunzip
from marsad.ingest.xmldoc import document_start
from marsad.urls import canonical_url

FEED = "feed"
SITEMAP = "sitemap"
PAGE = "page"
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/rss"}
)
COMMON_FEED_PATHS = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feeds/posts/default",
    "/?feed=rss2",
)
COMMON_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
# A home page that failed so says the host cannot be read now: nothing else is tried.
UNREACHABLE = frozenset(
    {
        TIMEOUT,
        CONNECT_ERROR,
        NETWORK_ERROR,
        PRIVATE_ADDRESS,
        ROBOTS_UNREACHABLE,
        BAD_URL,
        CANCELLED,
    }
)
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Candidate:
    """A feed or sitemap found for a site, and how it was found."""

    url: str
    kind: str  # FEED or SITEMAP
    title: str | None
    found_by: str  # "self", "link", "robots" or "probe"


@dataclass(frozen=True, slots=True)
class Discovery:
    home_url: str
    candidates: tuple[Candidate, ...]
    problems: tuple[Problem, ...]


def classify(url: str, body: bytes | None, content_type: str | None) -> str:
    """`feed`, `sitemap` or `page`, from the document's first element, then its type."""
    data = document_start(body or b"")
    if data.startswith(GZIP_MAGIC):
        try:
            data = gunzip(data)
        except MarsadError:
            return PAGE
    root = _root_name(data[:_SNIFF_BYTES])
    if root in ("rss", "feed", "rdf", "channel"):  # <CHANNEL>: a CDF feed
        return FEED
    if root in ("urlset", "sitemapindex"):
        return SITEMAP
    if root is None and _looks_like_url_list(data[:_SNIFF_BYTES]) and "sitemap" in url.lower():
        return SITEMAP
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if root is None and media_type in FEED_TYPES:
        return FEED
    return PAGE


def feed_links(
    html: str | bytes, base_url: str, problems: list[Problem] | None = None
) -> list[Candidate]:
    """Feeds a page announces with `<link rel="alternate" type="application/rss+xml">`;
    an announced address that is not a usable URL goes to `problems`."""
    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    base_element = tree.find(".//base")
    base_href = base_element.get("href") if base_element is not None else None
    try:
        base = urljoin(base_url, (base_href or "").strip())
    except ValueError:  # a <base href> with a malformed host
        base = base_url
    found = []
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        media_type = (link.get("type") or "").split(";", 1)[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rels and media_type in FEED_TYPES and href:
            title = (link.get("title") or "").strip() or None
            try:
                found.append(Candidate(resolve_link(href, base), FEED, title, "link"))
            except BadLink as error:
                if problems is not None:
                    problems.append(Problem(href, error.code, error.message))
    return found


def discover(home_url: str, fetcher: Fetcher, *, probe: str = "auto") -> Discovery:
    """Feeds and sitemaps of the site at `home_url`.

    `probe`: "auto" probes common paths only when nothing is announced, "always"
    probes anyway, "never" does not probe.
    """
    problems: list[Problem] = []
    home = fetcher.fetch(home_url)
    if home.error in UNREACHABLE:
        return Discovery(home_url, (), (Problem(home_url, home.error, home.message),))
    if not home.ok:
        problems.append(Problem(home_url, home.error or "no-body", home.message))
        found: list[Candidate] = []
    else:
        kind = classify(home.final_url, home.body, home.content_type)
        if kind != PAGE:
            return Discovery(home_url, (Candidate(home.final_url, kind, None, "self"),), ())
        found = _announced_feeds(home, problems)
    origin = home.final_url if home.ok else home_url
    if probe == "always" or (probe == "auto" and not found):
        found += _probe(fetcher, origin, COMMON_FEED_PATHS, FEED)
    sitemaps = [
        Candidate(url, SITEMAP, None, "robots") for url in fetcher.robots_for(origin).sitemaps
    ]
    if probe == "always" or (probe == "auto" and not sitemaps):
        sitemaps += _probe(fetcher, origin, COMMON_SITEMAP_PATHS, SITEMAP)
    return Discovery(home_url, _unique(found + sitemaps), tuple(problems))


def _announced_feeds(home: FetchResult, problems: list[Problem]) -> list[Candidate]:
    try:
        markup = home.text()
    except MarsadError as error:
        problems.append(Problem(home.final_url, error.code, error.message))
        return []
    return feed_links(markup, home.final_url, problems)


def _probe(fetcher: Fetcher, origin: str, paths: tuple[str, ...], kind: str) -> list[Candidate]:
    """The first well-known path that serves a document of `kind` (a 404 is no problem)."""
    for path in paths:
        result = fetcher.fetch(urljoin(origin, path))
        if result.ok and classify(result.final_url, result.body, result.content_type) == kind:
            return [Candidate(result.final_url, kind, None, "probe")]
    return []


def _unique(candidates: list[Candidate]) -> tuple[Candidate, ...]:
    seen: set[str | None] = set()
    unique = []
    for candidate in candidates:
        key = canonical_url(candidate.url)
        if key not in seen:
            seen.add(key)
            unique.append(candidate)
    return tuple(unique)


def _root_name(head: bytes) -> str | None:
    """The local name of the first element, past the XML declaration, comments, doctype."""
    text = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.S | re.I)
    match = _ROOT_TAG.search(text)
    return match.group(2).decode("ascii").lower() if match else None


def _looks_like_url_list(head: bytes) -> bool:
    """Mostly URL lines: a text sitemap may hold a stray line that is not one."""
    lines = [line.strip() for line in document_start(head).splitlines() if line.strip()][:20]
    urls = sum(1 for line in lines if line.startswith((b"http://", b"https://")))
    return urls > 0 and urls * 2 > len(lines)
