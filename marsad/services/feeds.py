"""Atom 1.0 feeds of searches, stories, entities and watchlists.

A feed is built from the same service call as its page, as an element tree (lxml),
so every title and summary is escaped by the serializer, never by hand. Text that
XML 1.0 cannot carry at all (control characters of crawled titles, a query's `%01`)
is removed by `xml_text` on its way into the tree, so a stray byte in one article
cannot turn a whole feed into an error. Entry ids are tag URIs derived from the
article id, stable across hosts and restarts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
TAG_AUTHORITY = "marsad"
_EPOCH = "1970-01-01T00:00:00Z"
# What XML 1.0 forbids: C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF.
_NOT_XML = re.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (the serializer refuses them)."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One article in a feed."""

    article_id: int
    title: str
    link: str
    updated: str  # RFC 3339
    summary: str = ""
    site: str | None = None


def rfc3339(published: str | None) -> str:
    """An article's ISO date or datetime as the RFC 3339 timestamp Atom requires.

    A bare date becomes midnight UTC, a naive time is taken as UTC, and a missing or
    unreadable value becomes the epoch (Atom requires a date on every entry).
    """
    if not published:
        return _EPOCH
    try:
        moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return _EPOCH
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entries_from_articles(
    articles: Iterable[dict[str, Any]], base_url: str, summary_key: str | None = None
) -> list[FeedEntry]:
    """Entries from article summaries (`id`, `title`, `published`, `site`…) of a page."""
    return [
        FeedEntry(
            article_id=int(article["id"]),
            title=str(article.get("title") or f"#{article['id']}"),
            link=f"{base_url}/articles/{article['id']}",
            updated=rfc3339(article.get("published")),
            summary=str(article.get(summary_key) or "") if summary_key else "",
            site=article.get("site"),
        )
        for article in articles
    ]


def _add(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> None:
    """Append an Atom element; its text and attribute values pass through `xml_text`."""
    safe = {key: xml_text(value) for key, value in attributes.items()}
    element = etree.SubElement(parent, f"{{{ATOM}}}{name}", safe)
    if text is not None:
        element.text = xml_text(text)


def atom_feed(
    *, feed_id: str, title: str, self_url: str, page_url: str, entries: list[FeedEntry]
) -> bytes:
    """A complete Atom document (UTF-8, with XML declaration)."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})  # type: ignore[dict-item]
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "ar")
    _add(feed, "id", f"tag:{TAG_AUTHORITY},2024:{feed_id}")
    _add(feed, "title", title)
    updated = max((entry.updated for entry in entries), default=_EPOCH)
    _add(feed, "updated", updated)
    _add(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _add(feed, "link", rel="alternate", href=page_url, type="text/html")
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    _add(author, "name", "Marsad")
    _add(feed, "generator", "Marsad")
    for entry in entries:
        item = etree.SubElement(feed, f"{{{ATOM}}}entry")
        _add(item, "id", f"tag:{TAG_AUTHORITY},2024:article:{entry.article_id}")
        _add(item, "title", entry.title)
        _add(item, "link", rel="alternate", href=entry.link, type="text/html")
        _add(item, "updated", entry.updated)
        if entry.site:
            entry_author = etree.SubElement(item, f"{{{ATOM}}}author")
            _add(entry_author, "name", entry.site)
        if entry.summary:
            _add(item, "summary", entry.summary, type="text")
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True))
