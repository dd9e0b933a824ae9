"""Metadata read straight from a page's DOM: meta tags, JSON-LD, `<time>`, related lists.

Generic extractors guess metadata; publishers state it in `og:*`, `article:*` meta tags
and JSON-LD. Reading those first gives the publisher's own title, site name, tags,
author and publication time. The related-articles list is found here too, because
the extracted main text may or may not keep it and must never contain it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html

from marsad.ingest.arabic_meta import is_related_heading, looks_like_title, same_text

MAX_TAGS = 30
MAX_HEADINGS = 3
MAX_TAG_CHARS = 60
MAX_RELATED = 30
MIN_RELATED_WORDS = 3
_HEADING_PARENTS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "span",
        "p",
        "strong",
        "b",
        "header",
        "section",
        "aside",
        "label",
        "li",
        "em",
    }
)
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
)
_AUTHOR_META = (
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "byl",
    "sailthru.author",
)
# A cheap test run on every short text node before the exact heading match.
_RELATED_HINT = re.compile(r"صل|ض|زيد|يهم|علاق|related|read", re.I)
_TAG_SPLIT = re.compile(r"\s*[,،;؛]\s*")
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "webpage")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page states about itself, before any main-text extraction."""

    title: str | None
    document_title: str | None
    site_name: str | None
    author: str | None
    published: str | None
    tags: tuple[str, ...]
    related: tuple[str, ...]
    headings: tuple[str, ...] = ()  # the page's visible headlines (`<h1>`, JSON-LD headline)


def read_page_meta(tree: lxml_html.HtmlElement) -> PageMeta:
    """Collect the page's own metadata and its related-articles list (does not modify `tree`)."""
    metas = _meta_values(tree)
    ld = list(_json_ld_objects(tree))
    document_title = _first_text(tree.xpath("//head/title//text()")) or _first_text(
        tree.xpath("//title//text()")
    )
    return PageMeta(
        title=_first(metas.get("og:title"), metas.get("twitter:title"), _ld_value(ld, "headline")),
        document_title=document_title,
        site_name=_first(metas.get("og:site_name"), metas.get("application-name")),
        author=_author(metas, ld),
        published=_published(tree, metas, ld),
        tags=_tags(tree, metas, ld),
        related=tuple(find_related_links(tree)),
        headings=_headings(tree, ld),
    )


def _headings(tree: lxml_html.HtmlElement, ld: list[dict[str, Any]]) -> tuple[str, ...]:
    """The texts of the first few `<h1>` and the JSON-LD headline: the headline as shown."""
    found: list[str] = []
    for heading in tree.iter("h1"):
        text = " ".join(heading.text_content().split())
        if text and text not in found:
            found.append(text)
        if len(found) >= MAX_HEADINGS:
            break
    headline = _ld_value(ld, "headline")
    if headline and headline not in found:
        found.append(headline)
    return tuple(found)


def _meta_values(tree: lxml_html.HtmlElement) -> dict[str, list[str]]:
    """Every `<meta>` content by lowercased name/property/itemprop, in page order."""
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), []).append(" ".join(content.split()))
    return values


def _first(*candidates: list[str] | str | None) -> str | None:
    for candidate in candidates:
        if isinstance(candidate, list):
            candidate = candidate[0] if candidate else None
        if candidate and candidate.strip():
            return candidate.strip()
    return None


def _first_text(texts: list[Any]) -> str | None:
    joined = " ".join(" ".join(str(t).split()) for t in texts).strip()
    return joined or None


def _json_ld_objects(tree: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects that describe an article (nested @graph lists flattened)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError):
            continue
        yield from _walk_ld(data)


def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
            yield data
        if "@graph" in data:
            yield from _walk_ld(data["@graph"])


def _ld_value(objects: list[dict[str, Any]], key: str) -> str | None:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _author(metas: dict[str, list[str]], ld: list[dict[str, Any]]) -> str | None:
    for key in _AUTHOR_META:
        for value in metas.get(key, []):
            if not value.startswith(("http://", "https://")):
                return value
    for obj in ld:
        names = [n for n in (_person_name(a) for a in _as_list(obj.get("author"))) if n]
        if names:
            return ", ".join(names)
    return None


def _person_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        name = value.get("name")
        return name.strip() or None if isinstance(name, str) else None
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _published(
    tree: lxml_html.HtmlElement, metas: dict[str, list[str]], ld: list[dict[str, Any]]
) -> str | None:
    """The raw publication date: meta tags, then JSON-LD, then the first `<time datetime>`."""
    for key in _PUBLISHED_META:
        if metas.get(key):
            return metas[key][0]
    value = _ld_value(ld, "datePublished") or _ld_value(ld, "dateCreated")
    if value:
        return value
    for time in tree.iter("time"):
        stamp = time.get("datetime")
        if isinstance(stamp, str) and stamp.strip():
            return stamp.strip()
    return None


def _tags(
    tree: lxml_html.HtmlElement, metas: dict[str, list[str]], ld: list[dict[str, Any]]
) -> tuple[str, ...]:
    """Tags from article:tag, meta keywords, JSON-LD keywords and rel=tag links, deduplicated."""
    raw: list[str] = list(metas.get("article:tag", []))
    for value in metas.get("keywords", []) + metas.get("news_keywords", []):
        raw.extend(_TAG_SPLIT.split(value))
    for obj in ld:
        keywords = obj.get("keywords")
        if isinstance(keywords, str):
            raw.extend(_TAG_SPLIT.split(keywords))
        elif isinstance(keywords, list):
            raw.extend(k for k in keywords if isinstance(k, str))
    for link in tree.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " tag ")]'):
        raw.append(link.text_content())
    return clean_tags(raw)


def clean_tags(raw: Iterable[str], title: str | None = None) -> tuple[str, ...]:
    """Tags trimmed of punctuation and deduplicated; a "tag" that is the headline is none."""
    seen: dict[str, None] = {}
    for tag in raw:
        tag = " ".join(tag.split()).strip(" ,،;؛#")
        if not tag or len(tag) > MAX_TAG_CHARS or tag in seen:
            continue
        if title and same_text(tag, title):
            continue
        seen[tag] = None
    return tuple(list(seen)[:MAX_TAGS])


def find_related_links(tree: lxml_html.HtmlElement) -> list[str]:
    """Titles of the links listed under a heading such as "اقرأ أيضا" or "مقالات ذات صلة"."""
    titles: list[str] = []
    for text in tree.xpath("//body//text()[string-length(normalize-space(.)) < 40]"):
        if len(text.strip()) < 3 or not _RELATED_HINT.search(text):
            continue
        parent = text.getparent()
        if (
            parent is None
            or parent.tag not in _HEADING_PARENTS
            or not is_related_heading(str(text))
        ):
            continue
        if parent.xpath("ancestor::a"):
            continue  # a "more" link, not a heading
        for title in _links_after(parent):
            if title not in titles:
                titles.append(title)
        if len(titles) >= MAX_RELATED:
            break
    return titles[:MAX_RELATED]


def _links_after(heading: lxml_html.HtmlElement, max_levels: int = 3) -> list[str]:
    """Link texts after `heading`, climbing a few levels until a block of links is found."""
    node: lxml_html.HtmlElement | None = heading
    for _ in range(max_levels):
        if node is None:
            break
        found = []
        for sibling in node.itersiblings():
            for link in sibling.iter("a"):
                title = " ".join(link.text_content().split())
                if len(title.split()) >= MIN_RELATED_WORDS and looks_like_title(title):
                    found.append(title)
        if found:
            return found[:MAX_RELATED]
        node = node.getparent()
    return []
