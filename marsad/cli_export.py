"""`marsad export`: the contract's rows by default, every field on request, any format.

Without options the output is the contract's (`docs/CLI.md`): one row per article,
its fields exactly. `--query` and `--story` narrow the articles (the query language
of `marsad search`); `--full` adds the text, language, tags, entity ids and types,
coordinates, dates and figures; Parquet and GeoJSON always carry every field. A file
given with `--output` is written beside its name first and renamed when complete,
so a failed export never leaves half a file under the name asked for; a CSV file
opens with a byte order mark for spreadsheet programs (standard output does not,
for pipes).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from marsad.services.export import FIELDS, article_row, write_csv, write_jsonl
from marsad.services.export_formats import check_format, csv_chunks, encode
from marsad.services.export_full import ExportSelection, full_rows, selected_articles
from marsad.store.protocol import Store

FORMAT_HELP = "jsonl, csv, parquet or geojson"


def run_export(
    store: Store,
    *,
    output_format: str,
    query: str = "",
    story: int | None = None,
    output: Path | None = None,
    full: bool = False,
) -> None:
    """Write the export asked for to `output` (or standard output)."""
    check_format(output_format)
    selection = ExportSelection(query=query, story=story)
    contract = output_format in ("jsonl", "csv") and not full
    if contract and output is None:
        rows = (article_row(article) for article in selected_articles(store, selection))
        writer = write_jsonl if output_format == "jsonl" else write_csv
        writer(rows, sys.stdout)
        return
    chunks = _chunks(store, selection, output_format, contract=contract, bom=output is not None)
    if output is None:
        sys.stdout.flush()
        _write(chunks, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("wb") as stream:
            _write(chunks, stream)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def _chunks(
    store: Store, selection: ExportSelection, output_format: str, *, contract: bool, bom: bool
) -> Iterator[bytes]:
    if contract:
        rows: Iterable[dict[str, Any]] = (
            article_row(article) for article in selected_articles(store, selection)
        )
        if output_format == "csv":
            return csv_chunks(rows, fields=FIELDS, bom=bom)
        return encode(output_format, rows)
    return encode(output_format, full_rows(store, selection), bom=bom)


def _write(chunks: Iterable[bytes], stream: BinaryIO) -> None:
    for chunk in chunks:
        stream.write(chunk)
