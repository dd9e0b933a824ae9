"""The full export carries each article's events, in JSON Lines, CSV and Parquet."""

from __future__ import annotations

import csv
import io
import json

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from marsad.model import Article, EventSpan
from marsad.services.export_formats import encode
from marsad.services.export_full import ExportSelection, full_rows
from marsad.store import open_store

STRIKE = EventSpan(
    "غارات",
    0,
    5,
    "explosions_remote_violence",
    "air_drone_strike",
    date="2020-04-10",
    place="إدلب",
    country="SY",
    lat=35.93,
    lon=36.63,
    fatalities=3,
    confidence=0.8,
)


def test_full_rows_carry_events_in_every_format(tmp_path: object) -> None:
    with open_store(f"{tmp_path}/export.db") as store:
        store.add_articles(
            [Article(text="غارات على إدلب", title="غارات", lang="ar", events=(STRIKE,))]
        )
        [row] = list(full_rows(store, ExportSelection()))
        assert row["events"] == [
            {
                "trigger": "غارات",
                "start": 0,
                "end": 5,
                "type": "explosions_remote_violence",
                "sub_type": "air_drone_strike",
                "date": "2020-04-10",
                "place": "إدلب",
                "country": "SY",
                "lat": 35.93,
                "lon": 36.63,
                "actor1": None,
                "actor2": None,
                "fatalities": 3,
                "injured": None,
                "displaced": None,
                "arrested": None,
            }
        ]
        text = b"".join(encode("csv", [row])).decode("utf-8-sig")
        [record] = list(csv.DictReader(io.StringIO(text)))
        assert json.loads(record["events"])[0]["sub_type"] == "air_drone_strike"
        table = pq.read_table(pa.BufferReader(b"".join(encode("parquet", [row]))))
        assert table.column("events").to_pylist()[0][0]["fatalities"] == 3
