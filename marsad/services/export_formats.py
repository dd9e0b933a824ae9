"""Export encoders: JSON Lines, CSV, Parquet and GeoJSON, each a stream of bytes.

Every encoder takes an iterator of rows and yields chunks as it goes, so the CLI
writes them to a file and the web answers with a `StreamingResponse` without
holding the export in memory: Parquet is written one row group at a time, GeoJSON
one feature at a time.

CSV opens with a UTF-8 byte order mark, which spreadsheet programs need to read
Arabic as Arabic; lists of names are joined with `|`, lists of records (entities
with ids and types, places with coordinates, dates, figures) are JSON in the cell.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.errors import InputError
from marsad.services.export import LIST_SEPARATOR
from marsad.services.export_full import FULL_FIELDS

FORMATS = ("jsonl", "csv", "parquet", "geojson")
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "geojson": "application/geo+json",
}
BOM = "\ufeff"
ROW_GROUP = 1000  # rows per Parquet row group: the memory an export holds at once
CSV_FLUSH = 200  # rows per CSV chunk


def check_format(name: str) -> str:
    """`name` if it is a known export format; else an `InputError` naming them."""
    if name not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, not {name!r}")
    return name


def encode(name: str, rows: Iterable[dict[str, Any]], *, bom: bool = True) -> Iterator[bytes]:
    """The export of `rows` in format `name`, chunk by chunk."""
    check_format(name)
    if name == "jsonl":
        return jsonl_chunks(rows)
    if name == "csv":
        return csv_chunks(rows, bom=bom)
    if name == "parquet":
        return parquet_chunks(rows)
    return geojson_chunks(rows)


def jsonl_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    for row in rows:
        yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        if any(isinstance(item, dict) for item in value):
            return json.dumps(value, ensure_ascii=False)
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def csv_chunks(
    rows: Iterable[dict[str, Any]], *, fields: tuple[str, ...] = FULL_FIELDS, bom: bool = True
) -> Iterator[bytes]:
    """A header, then the rows (`fields` in order), `CSV_FLUSH` rows per chunk."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n", extrasaction="ignore")
    if bom:
        buffer.write(BOM)
    writer.writeheader()
    pending = 0
    for row in rows:
        writer.writerow({name: _csv_cell(row.get(name)) for name in fields})
        pending += 1
        if pending >= CSV_FLUSH:
            yield _drain(buffer)
            pending = 0
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def geojson_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """A FeatureCollection: one Point per place an article names, with the article."""
    yield b'{"type": "FeatureCollection", "features": ['
    first = True
    for row in rows:
        for place in row.get("place_details") or ():
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": {
                    "place": place["name"],
                    "country": place["country"],
                    "article": row["id"],
                    "title": row["title"],
                    "url": row["url"],
                    "site": row["site"],
                    "published": row["published"] or row.get("published_estimated"),
                    "story": row["story"],
                },
            }
            text = json.dumps(feature, ensure_ascii=False)
            yield (("\n" if first else ",\n") + text).encode("utf-8")
            first = False
    yield b"\n]}\n"


def parquet_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """A Parquet file written `ROW_GROUP` rows at a time (pyarrow)."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    from marsad.services.export_schema import parquet_schema

    schema = parquet_schema()
    sink = _ChunkSink()
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
                yield sink.drain()
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    yield sink.drain()


class _ChunkSink(io.RawIOBase):
    """A write-only file that hands its bytes out on `drain` (pyarrow writes into it)."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks = []
        return data
