"""JSON Lines -> Articles, one record per line, streamed.

Each line stands alone: a broken line becomes a `Rejected` naming the file and line,
and reading goes on. Field names of common corpora are accepted as aliases (`date`
for `published`, `source_name` for `site`, `content` for `text`), so a corpus export
can be ingested as it is. A record with `html` is extracted like a page, and its
explicit fields override what the page says.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from marsad import errors
from marsad.errors import MarsadError
from marsad.ingest.html import extract_html
from marsad.ingest.published import normalize_published
from marsad.model import Article, Rejected
from marsad.steps.language import with_language

# Our field -> the record keys that can hold it, in order of preference.
FIELD_ALIASES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article"),
    "external_id": ("id", "external_id", "doc_id"),
    "url": ("url", "link", "uri"),
    "title": ("title", "headline"),
    "site": ("site", "source_name", "site_name", "publisher", "newspaper"),
    "source": ("source",),
    "author": ("author", "authors", "byline"),
    "published": ("published", "date", "published_at", "datePublished", "pubdate"),
    "tags": ("tags", "keywords", "topics"),
}
MAX_LINE_BYTES = 20 * 1024 * 1024


def read_jsonl(path: Path) -> Iterator[Article | Rejected]:
    """Yield one Article or Rejected per non-blank line of a .jsonl / .ndjson (optionally .gz)."""
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as compressed:
            yield from read_jsonl_stream(compressed, str(path))
    else:
        with open(path, "rb") as stream:
            yield from read_jsonl_stream(stream, str(path))


def read_jsonl_stream(stream: Iterable[bytes], name: str) -> Iterator[Article | Rejected]:
    """The records of an open binary stream, read line by line (bounded memory)."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        if len(raw) > MAX_LINE_BYTES:
            yield Rejected(errors.TOO_LARGE, f"line is larger than {MAX_LINE_BYTES} bytes", where)
            continue
        yield parse_line(raw, where)


def parse_line(raw: bytes, where: str) -> Article | Rejected:
    """One JSON Lines record as an Article, or the reason it cannot be one."""
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Rejected(errors.BAD_ENCODING, f"line is not valid UTF-8 ({error.reason})", where)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejected(
            errors.BAD_JSON, f"invalid JSON: {error.msg} at column {error.colno}", where
        )
    if not isinstance(record, dict):
        return Rejected(errors.BAD_RECORD, "a record must be a JSON object", where)
    return article_from_record(record, where)


def article_from_record(record: Mapping[str, Any], where: str) -> Article | Rejected:
    """Build an Article from a record's fields (and its `html`, when given)."""
    fields = _fields(record)
    base: Article | None = None
    html = record.get("html")
    if isinstance(html, str) and html.strip():
        try:
            base = extract_html(html, url=_as_str(fields.get("url")), where=where)
        except MarsadError as error:
            if not fields.get("text"):
                return Rejected(error.code, error.message, where)
    text = _as_str(fields.get("text"))
    if text is None and base is None:
        return Rejected(errors.MISSING_TEXT, "the record has no `text`", where)
    text = text.strip() if text is not None else None
    if not text and base is None:
        return Rejected(errors.EMPTY_TEXT, "the record's `text` is empty", where)
    article = base or Article(text="")
    overrides = _overrides(fields, text)
    article = dataclasses.replace(article, origin=where, **overrides)
    return with_language(article)


def _fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """Our field names mapped to the first alias present and non-empty in the record."""
    found: dict[str, Any] = {}
    for field, keys in FIELD_ALIASES.items():
        for key in keys:
            value = record.get(key)
            if value not in (None, "", [], {}):
                found[field] = value
                break
    return found


def _overrides(fields: Mapping[str, Any], text: str | None) -> dict[str, Any]:
    """The explicit record fields as Article attributes (explicit beats extracted)."""
    overrides: dict[str, Any] = {}
    if text:
        overrides["text"] = text
    for name in ("external_id", "url", "title", "site", "source"):
        value = _as_str(fields.get(name))
        if value:
            overrides[name] = value.strip()
    author = _author(fields.get("author"))
    if author:
        overrides["author"] = author
    published = fields.get("published")
    if published is not None:
        overrides["published"] = normalize_published(str(published))
    tags = _tags(fields.get("tags"))
    if tags:
        overrides["tags"] = tags
    return overrides


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [str(v).strip() for v in value if isinstance(v, str) and v.strip()]
        return ", ".join(names) or None
    return value.strip() or None if isinstance(value, str) else None


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part for part in value.replace("،", ",").split(",")]
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(t.strip() for t in value if isinstance(t, str) and t.strip()))
