"""RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and CDF feeds -> entries, broken feeds included.

Arabic news feeds are often hand-made: HTML entities that XML does not know, a bare
`&` in a link, an undeclared `itunes:` prefix, a file cut off mid-item. The parsing
is feedparser's, which reads well-formed feeds strictly and everything else with a
tolerant parser; what it cannot read strictly is flagged with the `bad-feed` code
and the parser's complaint, so a broken feed is counted and shown even when entries
were saved from it.

Two things are done before and after feedparser. Before: a bare `&` that does not
start an entity is escaped (`?id=1&lang=ar` would otherwise become `?id=1〈=ar`, the
tolerant parser reading `&lang` as an HTML entity). After: every entry link is
resolved (xml:base, Content-Location, the feed's address; feedparser does it) and
checked (`links.resolve_link`); a link that cannot be fetched is skipped with its
reason in `Feed.skipped`, never raised. Nothing but `FeedError` leaves this module.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import struct_time
from typing import Any
from urllib.parse import urljoin

import feedparser
from feedparser.exceptions import (
    CharacterEncodingOverride,
    CharacterEncodingUnknown,
    NonXMLContentType,
)
from lxml import etree
from lxml import html as lxml_html

from marsad.errors import BAD_FEED, BAD_URL, MarsadError
from marsad.ingest.fetch import Problem
from marsad.ingest.links import BadLink, is_web_url, resolve_link
from marsad.ingest.published import normalize_published
from marsad.ingest.xmldoc import document_start, parse_xml

__all__ = [
    "BAD_FEED",
    "Feed",
    "FeedEntry",
    "FeedError",
    "iso_datetime",
    "parse_feed",
    "parse_xml",
    "read_feed",
]

_SPACES = re.compile(r"\s+")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A bare `&`: not the start of `&name;`, `&#123;` or `&#x1F;`.
_BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)")
# CDATA sections and comments, inside which an `&` is left alone.
_SECTION_START = re.compile(rb"<!\[CDATA\[|<!--")
_SECTION_ENDS = {b"<![CDATA[": b"]]>", b"<!--": b"-->"}
_ROOT_TAG = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.DOTALL)
# Bozo reasons that say nothing about the document itself.
_HARMLESS_BOZO = (NonXMLContentType, CharacterEncodingOverride)
_KINDS = {"atom": "atom", "rss10": "rdf", "rss090": "rdf", "rss": "rss", "cdf": "cdf"}


class FeedError(MarsadError):
    """A document that holds no feed at all (empty, an HTML page, unreadable)."""

    code = BAD_FEED


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: the article it points at, as the feed describes it."""

    url: str | None
    title: str
    published: str | None  # ISO 8601 datetime (or date) when the feed gave one
    summary: str  # plain text, markup removed
    guid: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed. `error` is `bad-feed` when the XML was broken or not a feed at all;
    `entries` then holds whatever could be recovered (possibly nothing). `skipped` holds
    the entry links that could not be used (their entry is kept with `url` None)."""

    kind: str  # "rss", "atom", "rdf", "cdf" or "unknown"
    title: str
    link: str | None
    entries: tuple[FeedEntry, ...]
    error: str | None = None
    message: str = ""
    skipped: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_feed(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    content_location: str | None = None,
) -> Feed:
    """Parse feed bytes; never raises. A document that is no feed at all gives a `Feed`
    of kind "unknown" with the `bad-feed` error and no entries (see `read_feed`)."""
    try:
        return read_feed(
            data, url=url, content_type=content_type, content_location=content_location
        )
    except FeedError as error:
        return Feed("unknown", "", None, (), BAD_FEED, error.message)


def read_feed(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    content_location: str | None = None,
) -> Feed:
    """Parse feed bytes; raises FeedError (one line) when they hold no feed at all.

    Relative links are resolved against xml:base, then `content_location` (the HTTP
    header, itself relative to `url`), then `url`, the address the feed was read from.
    """
    base = _document_base(url, content_location)
    parsed = _feedparser_result(data, base, content_type)
    version = str(parsed.get("version") or "")
    entries_found = list(parsed.get("entries") or [])
    kind = _kind(version, data)
    if kind == "unknown" and not entries_found:
        raise FeedError(_not_a_feed(data, parsed))
    entries: list[FeedEntry] = []
    skipped: list[Problem] = []
    for raw in entries_found:
        entry, problem = _entry(raw, base)
        entries.append(entry)
        if problem is not None:
            skipped.append(problem)
    channel = parsed.get("feed") or {}
    title = _plain(_string(channel.get("title")))
    link = _usable(_string(channel.get("link")), base)
    error, message = _bozo(parsed, len(entries))
    return Feed(kind, title, link, tuple(entries), error, message, tuple(skipped))


def _document_base(url: str | None, content_location: str | None) -> str | None:
    """Content-Location resolved against the address read, when it is a web URL."""
    if content_location and content_location.strip():
        with contextlib.suppress(ValueError):
            located = urljoin(url or "", content_location.strip())
            if is_web_url(located):
                return located
    return url


def _feedparser_result(data: bytes, base: str | None, content_type: str | None) -> Any:
    """feedparser's reading of the bytes, from a stream (never a path or URL to open)."""
    headers = {"content-location": base or ""}
    if content_type:
        headers["content-type"] = content_type
    try:
        return feedparser.parse(
            io.BytesIO(escape_bare_ampersands(data)),
            response_headers=headers,
            resolve_relative_uris=False,
        )
    except Exception as error:  # any failure of the third-party parser on hostile bytes
        detail = _one_line(f"{type(error).__name__}: {error}")
        raise FeedError(f"not a feed: the feed parser failed ({detail})") from error


def escape_bare_ampersands(data: bytes) -> bytes:
    """`&` that starts no entity reference written as `&amp;`, outside CDATA and comments.

    One pass, linear in the size of the document whatever it holds. Left as it is for
    UTF-16 and UTF-32 documents, where a byte 0x26 is not always `&`.
    """
    head = data[:4]
    if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"&" not in data:
        return data
    pieces: list[bytes] = []
    position = 0
    while section := _SECTION_START.search(data, position):
        pieces.append(_BARE_AMPERSAND.sub(b"&amp;", data[position : section.start()]))
        closer = _SECTION_ENDS[section.group(0)]
        end = data.find(closer, section.end())
        if end == -1:  # an unterminated section: the rest is left as it is
            pieces.append(data[section.start() :])
            return b"".join(pieces)
        pieces.append(data[section.start() : end + len(closer)])
        position = end + len(closer)
    pieces.append(_BARE_AMPERSAND.sub(b"&amp;", data[position:]))
    return b"".join(pieces)


def _not_a_feed(data: bytes, parsed: Any) -> str:
    """Why bytes that gave nothing are not a feed, in one line."""
    if not document_start(data):
        return "not a feed: empty document"
    root = root_name(data)
    if root is not None:
        return f"not a feed: the root element is <{root}>"
    reason = parsed.get("bozo_exception")
    detail = _one_line(str(reason)) if not isinstance(reason, _HARMLESS_BOZO) else ""
    return "not a feed: no RSS, Atom or CDF markup found" + (f" ({detail})" if detail else "")


def root_name(data: bytes) -> str | None:
    """The name of the first element in the first 4 kB, after declarations and comments."""
    body = document_start(data)[:4096]
    position = 0
    while prolog := _PROLOG.match(body, position):
        if prolog.end() == position:
            break
        position = prolog.end()
    root = _ROOT_TAG.match(body, position)
    return root.group(1).decode("ascii", "replace") if root else None


def _kind(version: str, data: bytes) -> str:
    """Feed kind from feedparser's version; CDF is recognised by its <CHANNEL> root."""
    if not version:
        root = (root_name(data) or "").lower()
        return "cdf" if root == "channel" else "unknown"
    return next((kind for prefix, kind in _KINDS.items() if version.startswith(prefix)), "unknown")


def _bozo(parsed: Any, entries: int) -> tuple[str | None, str]:
    """The `bad-feed` code and a message when the XML had to be read tolerantly."""
    reason = parsed.get("bozo_exception")
    if not parsed.get("bozo") or reason is None or isinstance(reason, _HARMLESS_BOZO):
        return None, ""
    what = "unknown encoding" if isinstance(reason, CharacterEncodingUnknown) else "malformed XML"
    detail = _one_line(str(reason)) or type(reason).__name__
    return BAD_FEED, f"{what} ({detail}); {entries} entries recovered"


def _entry(raw: Any, base: str | None) -> tuple[FeedEntry, Problem | None]:
    """One feedparser entry as a FeedEntry, and the problem with its link if it had one."""
    guid = _string(raw.get("id")) or None
    url, problem = _entry_link(raw, guid, base)
    published = (
        _string(raw.get("published")) or _string(raw.get("updated")) or _string(raw.get("created"))
    )
    parsed_date = (
        raw.get("published_parsed") or raw.get("updated_parsed") or raw.get("created_parsed")
    )
    contents = raw.get("content") or []
    summary = _string(raw.get("summary")) or (_string(contents[0].get("value")) if contents else "")
    entry = FeedEntry(
        url=url,
        title=_plain(_string(raw.get("title"))),
        published=iso_datetime(published) or _from_struct(parsed_date),
        summary=_plain(summary),
        guid=guid,
    )
    return entry, problem


def _entry_link(raw: Any, guid: str | None, base: str | None) -> tuple[str | None, Problem | None]:
    """The article an entry points at: feedparser's `link` (its alternate link, RSS
    `<link>` text, CDF `HREF`), else the first other alternate link (an Atom `<link>`
    with text and no `href` included; feedparser reads a rel-less link as alternate),
    else a permalink guid, Atom `id` or RDF `rdf:about` that is a web URL. Links with
    another relation (license, related, via, self, enclosure) are not the article."""
    link = _string(raw.get("link"))
    from_id = bool(raw.get("guidislink")) and link == guid
    elements = [each for each in raw.get("links") or [] if each.get("rel") == "alternate"]
    written = [link] if link and not from_id else []
    written += [_string(each.get("href")) for each in elements]
    first_problem: Problem | None = None
    for candidate in filter(None, written):
        try:
            return resolve_link(candidate, base), None
        except BadLink as error:
            first_problem = first_problem or Problem(candidate, error.code, error.message)
    if guid and (from_id or not link) and raw.get("guidislink", True) and is_web_url(guid):
        return guid, None
    if first_problem is None and elements:
        first_problem = Problem("", BAD_URL, "a link that is not a valid URL")
    return None, first_problem


def _usable(link: str, base: str | None) -> str | None:
    """A feed-level link resolved and checked; None when missing or unusable."""
    try:
        return resolve_link(link, base) if link else None
    except BadLink:
        return None


def _string(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _from_struct(value: object) -> str | None:
    """feedparser's parsed date (a UTC struct_time) as ISO 8601, for shapes it alone reads."""
    if not isinstance(value, struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def iso_datetime(value: str | None) -> str | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, dc:date) date as ISO 8601; None if unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if _DATE_ONLY.fullmatch(text):
        return text
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return normalize_published(text)


def _plain(value: str) -> str:
    """Text without markup (descriptions often hold escaped HTML), spaces collapsed.

    HTML entities left as text (`&nbsp` without its `;`) are decoded too.
    """
    if "<" in value and ">" in value:
        with contextlib.suppress(etree.ParserError, ValueError):
            value = lxml_html.fragment_fromstring(value, create_parent="div").text_content()
    if "&" in value:
        value = html.unescape(value)
    return _SPACES.sub(" ", value).strip()
