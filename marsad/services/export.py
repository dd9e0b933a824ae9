"""Export every stored article as rows of the contract's fields (JSON Lines or CSV).

Rows are streamed from the store, so an export of any size runs in bounded memory.
`entities` are the canonical names of the entity spans and `places` the names of
the place spans, each without repeats, in order of first mention. An undated
article's estimated event time (`published_estimated`: an ISO date or month), where
it was read (`url`, `dateline`, `text`, `relative`) and how sure (0-1) follow the
contract's fields; they are null for an article with a `published` time.

In CSV, the two lists are joined with `|` (one cell a spreadsheet user can split),
and a missing value is an empty cell; JSON Lines keeps lists and nulls as such.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from marsad.model import Article
from marsad.store.protocol import Store

FIELDS = (
    "id",
    "external_id",
    "url",
    "title",
    "site",
    "source",
    "published",
    "story",
    "duplicate_of",
    "entities",
    "places",
    "published_estimated",
    "published_estimated_source",
    "published_estimated_confidence",
)
LIST_SEPARATOR = "|"


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))


def article_row(article: Article) -> dict[str, Any]:
    """The export fields of one article, in the contract's order."""
    return {
        "id": article.id,
        "external_id": article.external_id,
        "url": article.url,
        "title": article.title,
        "site": article.site,
        "source": article.source,
        "published": article.published,
        "story": article.story,
        "duplicate_of": article.duplicate_of,
        "entities": _unique(span.name for span in article.entities),
        "places": _unique(span.name for span in article.places),
        "published_estimated": article.published_estimated,
        "published_estimated_source": article.published_estimated_source,
        "published_estimated_confidence": article.published_estimated_confidence,
    }


def export_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per stored article, by id."""
    for article in store.iter_articles():
        yield article_row(article)


def write_jsonl(rows: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write one JSON object per line (UTF-8 text, not escaped); return the count."""
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def write_csv(rows: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write a header and one CSV record per row; return the number of rows."""
    writer = csv.DictWriter(stream, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({name: _csv_cell(row.get(name)) for name in FIELDS})
        count += 1
    return count
