"""RSS 2.0, Atom and RSS 1.0 (RDF) feeds -> entries, broken feeds included.

Arabic news feeds are often hand-made: HTML entities like `&nbsp;` that XML does not
know, a bare `&` in a title, a file cut off mid-item. A strict parse is tried first;
when it fails, lxml's recovering parser reads what it can and the result carries the
`bad-feed` code with the parser's message, so a broken feed is counted and shown
even when some entries were saved from it. Elements are matched by local name, since
feeds mix namespaces (dc:, content:, Atom 0.3) freely. External entities are never
resolved and the network is never touched while parsing.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from marsad.errors import BAD_FEED
from marsad.ingest.published import normalize_published

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SPACES = re.compile(r"\s+")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    `entries` then holds whatever could be recovered (possibly nothing)."""

    kind: str  # "rss", "atom", "rdf", or "unknown"
    title: str
    link: str | None
    entries: tuple[FeedEntry, ...]
    error: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_feed(data: bytes, *, url: str | None = None) -> Feed:
    """Parse feed bytes; relative links are resolved against `url` (the feed's address)."""
    root, problem = parse_xml(data)
    if root is None:
        return Feed("unknown", "", None, (), BAD_FEED, problem or "empty document")
    kind = _kind(root)
    if kind == "unknown":
        message = f"not a feed: the root element is <{_local(root)}>"
        return Feed(kind, "", None, (), BAD_FEED, message)
    reader = {"rss": _read_rss, "atom": _read_atom, "rdf": _read_rdf}[kind]
    title, link, entries = reader(root, url)
    if problem is None:
        return Feed(kind, title, link, tuple(entries))
    message = f"malformed XML ({problem}); {len(entries)} entries recovered"
    return Feed(kind, title, link, tuple(entries), BAD_FEED, message)


def parse_xml(data: bytes) -> tuple[etree._Element | None, str | None]:
    """The root of an XML document, and the strict parser's complaint if it had to recover."""
    body = data if data.startswith(b"\xef\xbb\xbf") else data.lstrip()
    strict = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        return etree.fromstring(body, strict), None
    except etree.XMLSyntaxError as error:
        problem = str(error) or "malformed XML"
    loose = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, recover=True
    )
    try:
        root = etree.fromstring(body, loose)
    except etree.XMLSyntaxError:
        root = None
    return root, problem


def _kind(root: etree._Element) -> str:
    name = _local(root).lower()
    if name == "rss":
        return "rss"
    if name == "feed":
        return "atom"
    if name == "rdf":
        return "rdf"
    return "unknown"


def _read_rss(root: etree._Element, url: str | None) -> tuple[str, str | None, list[FeedEntry]]:
    channel = _child(root, "channel")
    scope = channel if channel is not None else root
    link = _absolute(url, _text(scope, "link"))
    entries = [_rss_entry(item, link or url) for item in _children(scope, "item")]
    if channel is not None:  # RSS 0.9x sometimes puts items beside the channel
        entries += [_rss_entry(item, link or url) for item in _children(root, "item")]
    return _text(scope, "title"), link, entries


def _rss_entry(item: etree._Element, base: str | None) -> FeedEntry:
    guid_element = _child(item, "guid")
    guid = _text(item, "guid") or None
    link = _text(item, "link") or _text(item, "origLink")
    permalink = guid_element is not None and guid_element.get("isPermaLink", "true") != "false"
    if not link and guid and permalink and guid.startswith(("http://", "https://")):
        link = guid
    return FeedEntry(
        url=_absolute(base, link),
        title=_plain(_text(item, "title")),
        published=iso_datetime(_text(item, "pubDate") or _text(item, "date")),
        summary=_plain(_text(item, "description") or _text(item, "encoded")),
        guid=guid,
    )


def _read_atom(root: etree._Element, url: str | None) -> tuple[str, str | None, list[FeedEntry]]:
    link = _atom_link(root, url)
    entries = [_atom_entry(entry, url) for entry in _children(root, "entry")]
    return _plain(_text(root, "title")), link, entries


def _atom_entry(entry: etree._Element, url: str | None) -> FeedEntry:
    published = (
        _text(entry, "published")
        or _text(entry, "issued")
        or _text(entry, "updated")
        or _text(entry, "modified")
    )
    return FeedEntry(
        url=_atom_link(entry, url),
        title=_plain(_text(entry, "title")),
        published=iso_datetime(published),
        summary=_plain(_text(entry, "summary") or _text(entry, "content")),
        guid=_text(entry, "id") or None,
    )


def _atom_link(element: etree._Element, url: str | None) -> str | None:
    """The `rel="alternate"` (or rel-less) link, resolved against xml:base and `url`."""
    for link in _children(element, "link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            base = urljoin(url or "", element.base or "") or None
            return _absolute(base, link.get("href"))
    return None


def _read_rdf(root: etree._Element, url: str | None) -> tuple[str, str | None, list[FeedEntry]]:
    channel = _child(root, "channel")
    title = _text(channel, "title") if channel is not None else ""
    link = _absolute(url, _text(channel, "link")) if channel is not None else None
    entries = []
    for item in _children(root, "item"):
        about = item.get(f"{{{RDF_NS}}}about")
        entries.append(
            FeedEntry(
                url=_absolute(link or url, _text(item, "link") or about),
                title=_plain(_text(item, "title")),
                published=iso_datetime(_text(item, "date") or _text(item, "pubDate")),
                summary=_plain(_text(item, "description") or _text(item, "encoded")),
                guid=about,
            )
        )
    return title, link, entries


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


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local(child) == name:
            return child
    return None


def _text(element: etree._Element, name: str) -> str:
    child = _child(element, name)
    if child is None:
        return ""
    return "".join(str(piece) for piece in child.itertext()).strip()


def _plain(value: str) -> str:
    """Text without markup (descriptions often hold escaped HTML), spaces collapsed.

    HTML entities that XML does not know (`&nbsp;`), kept as text by the recovering
    parser, are decoded too.
    """
    if "<" in value and ">" in value:
        with contextlib.suppress(etree.ParserError, ValueError):
            value = lxml_html.fragment_fromstring(value, create_parent="div").text_content()
    if "&" in value:
        value = html.unescape(value)
    return _SPACES.sub(" ", value).strip()


def _absolute(base: str | None, link: str | None) -> str | None:
    if not link or not link.strip():
        return None
    return urljoin(base, link.strip()) if base else link.strip()
