"""The Parquet schema of a full export: typed columns, lists of typed records.

Declared rather than inferred, so an export whose first thousand rows have no
quantities (or no places) still has the same columns and types as any other.
"""

from __future__ import annotations

import pyarrow as pa  # type: ignore[import-untyped]  # no stubs shipped


def parquet_schema() -> pa.Schema:
    """Columns in the order of `export_full.FULL_FIELDS`."""
    text = pa.string()
    entity = pa.struct([("id", text), ("name", text), ("type", text)])
    place = pa.struct(
        [("name", text), ("country", text), ("lat", pa.float64()), ("lon", pa.float64())]
    )
    day = pa.struct([("text", text), ("value", text)])
    quantity = pa.struct([("text", text), ("value", pa.float64()), ("unit", text), ("kind", text)])
    count = pa.int64()
    event = pa.struct(
        [("trigger", text), ("start", count), ("end", count), ("type", text), ("sub_type", text)]
        + [("date", text), ("place", text), ("country", text)]
        + [("lat", pa.float64()), ("lon", pa.float64()), ("actor1", text), ("actor2", text)]
        + [(name, count) for name in ("fatalities", "injured", "displaced", "arrested")]
    )
    return pa.schema(
        [
            ("id", pa.int64()),
            ("external_id", text),
            ("url", text),
            ("title", text),
            ("site", text),
            ("source", text),
            ("published", text),
            ("story", pa.int64()),
            ("duplicate_of", pa.int64()),
            ("entities", pa.list_(text)),
            ("places", pa.list_(text)),
            ("published_estimated", text),
            ("published_estimated_source", text),
            ("published_estimated_confidence", pa.float64()),
            ("lang", text),
            ("text", text),
            ("tags", pa.list_(text)),
            ("entity_details", pa.list_(entity)),
            ("place_details", pa.list_(place)),
            ("dates", pa.list_(day)),
            ("quantities", pa.list_(quantity)),
            ("events", pa.list_(event)),
        ]
    )
