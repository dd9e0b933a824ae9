"""JSON Lines -> Articles, one record per line, streamed.

Each line stands alone: a broken line becomes a `Rejected` naming the file and line,
and reading goes on. Field names of common corpora are accepted as aliases (`date`
for `published`, `source_name` for `site`, `content` for `text`), so a corpus export
can be ingested as it is. A record with `html` is extracted like a page, and its
explicit fields override what the page says.

Lines are read with a bounded read (a line above the size cap is skipped, never held
whole). A line with a few stray bytes, or strings holding lone surrogates (`"\\udc80"`,
which no UTF-8 store can hold), is repaired with U+FFFD and reported to the
`RepairSink`, so one bad character never costs the record.
"""

from __future__ import annotations

import codecs
import dataclasses
import gzip
import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from marsad import errors
from marsad.errors import MarsadError
from marsad.ingest.encoding import is_mostly_utf8, lenient_utf8
from marsad.ingest.html import extract_html
from marsad.ingest.limits import describe_size, document_limit
from marsad.ingest.published import normalize_published
from marsad.ingest.repairs import Repair, RepairSink, ignore_repair, repair_value
from marsad.model import Article, Rejected
from marsad.text.language import with_language

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
_READ_CHUNK = 1024 * 1024
_SURROGATE_ESCAPE = b"\\ud"


def read_jsonl(
    path: Path, *, on_repair: RepairSink = ignore_repair, max_line_bytes: int | None = None
) -> Iterator[Article | Rejected]:
    """Yield one Article or Rejected per non-blank line of a .jsonl / .ndjson (optionally .gz).

    A damaged gzip stream or an unreadable file ends the file with one `Rejected`.
    """
    name = str(path)
    limit = document_limit(max_line_bytes)
    state = _Position()
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as compressed:
                yield from read_jsonl_stream(compressed, name, on_repair, limit, state)
        else:
            with open(path, "rb") as stream:
                yield from read_jsonl_stream(stream, name, on_repair, limit, state)
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        yield Rejected(errors.TRUNCATED, f"cannot read on: {reason}", f"{name}:{state.line + 1}")


class LineStream(Protocol):
    """What the reader needs of an open file or gzip stream."""

    def readline(self, size: int = -1, /) -> bytes: ...


@dataclasses.dataclass(slots=True)
class _Position:
    """The last line number read, so a read failure can say where it happened."""

    line: int = 0


def read_jsonl_stream(
    stream: LineStream,
    name: str,
    on_repair: RepairSink = ignore_repair,
    max_line_bytes: int | None = None,
    position: _Position | None = None,
) -> Iterator[Article | Rejected]:
    """The records of an open binary stream, read line by line (bounded memory)."""
    limit = document_limit(max_line_bytes)
    position = position or _Position()
    for number, raw in enumerate(_bounded_lines(stream, limit), start=1):
        position.line = number
        where = f"{name}:{number}"
        if raw is None:
            yield Rejected(
                errors.TOO_LARGE, f"line is larger than the limit of {describe_size(limit)}", where
            )
            continue
        if not raw.strip():
            continue
        yield parse_line(raw, where, on_repair)


def _bounded_lines(stream: LineStream, limit: int) -> Iterator[bytes | None]:
    """Each line of `stream`, or None for a line longer than `limit` (skipped, not held)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            yield line
            continue
        while line and not line.endswith(b"\n"):  # skip the rest of the long line
            line = stream.readline(_READ_CHUNK)
        yield None


def parse_line(raw: bytes, where: str, on_repair: RepairSink = ignore_repair) -> Article | Rejected:
    """One JSON Lines record as an Article, or the reason it cannot be one."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    decoded = lenient_utf8(raw)
    if decoded.replaced and not is_mostly_utf8(decoded):
        return Rejected(
            errors.BAD_ENCODING,
            f"line is not valid UTF-8 ({decoded.replaced} invalid byte sequences)",
            where,
        )
    try:
        record = json.loads(decoded.text)
    except json.JSONDecodeError as error:
        return Rejected(
            errors.BAD_JSON, f"invalid JSON: {error.msg} at column {error.colno}", where
        )
    except RecursionError:
        return Rejected(errors.BAD_JSON, "invalid JSON: nested too deeply", where)
    if not isinstance(record, dict):
        return Rejected(errors.BAD_RECORD, "a record must be a JSON object", where)
    if decoded.replaced:
        on_repair(Repair(errors.REPLACED_BYTES, decoded.replaced, where))
    if _SURROGATE_ESCAPE in raw.lower():
        try:
            record, surrogates = repair_value(record)
        except RecursionError:
            return Rejected(errors.BAD_JSON, "invalid JSON: nested too deeply", where)
        if surrogates:
            on_repair(Repair(errors.REPLACED_SURROGATES, surrogates, where))
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
