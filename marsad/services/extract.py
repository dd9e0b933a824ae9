"""One page in, the contract's fields out: the `marsad extract` use-case."""

from __future__ import annotations

from typing import Any

from marsad.ingest import extract_document
from marsad.ingest.repairs import RepairSink, ignore_repair
from marsad.model import Article
from marsad.text.language import with_language


def page_fields(article: Article) -> dict[str, Any]:
    """The fields `marsad extract` prints, in the contract's order."""
    return {
        "title": article.title,
        "site": article.site,
        "source": article.source,
        "author": article.author,
        "published": article.published,
        "tags": list(article.tags),
        "text": article.text,
        "related": list(article.related),
        "lang": article.lang,
    }


def extract_page(
    data: bytes,
    *,
    url: str | None = None,
    where: str = "-",
    on_repair: RepairSink = ignore_repair,
) -> dict[str, Any]:
    """Extract an HTML page or a plain-text page dump into the contract's fields."""
    article = extract_document(data, url=url, where=where, on_repair=on_repair)
    if article.lang is None:
        article = with_language(article)
    return page_fields(article)
