"""Full exports: every field, the selection by query and story, four formats that
parse back, and streaming (an export pulls rows only as it writes them)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from marsad.errors import InputError
from marsad.model import Article, DateSpan, EntitySpan, PlaceSpan, QuantitySpan
from marsad.services.export import FIELDS
from marsad.services.export_formats import (
    BOM,
    CSV_FLUSH,
    ROW_GROUP,
    csv_chunks,
    encode,
    geojson_chunks,
    jsonl_chunks,
    parquet_chunks,
)
from marsad.services.export_full import (
    FULL_FIELDS,
    SELECT_PAGE,
    ExportSelection,
    full_row,
    full_rows,
    selected_articles,
)
from marsad.services.facets import SearchFilters
from marsad.services.query import QueryError
from marsad.store import SQLiteStore


def _sanaa(**changes: Any) -> Article:
    text = "قصف الحوثيون صنعاء وقتل 12 شخصا يوم 3 مارس"
    fields: dict[str, Any] = {
        "text": text,
        "title": "قصف في صنعاء",
        "url": "https://a.example/1",
        "site": "aawsat",
        "source": "رويترز",
        "published": "2024-03-03T10:00:00",
        "lang": "ar",
        "tags": ("اليمن", "الحوثيون"),
        "entities": (EntitySpan("الحوثيون", 4, 12, "ORG", "org:houthis", "الحوثيون"),),
        "places": (PlaceSpan("صنعاء", 13, 18, "صنعاء", "YE", 15.35, 44.2),),
        "dates": (DateSpan("3 مارس", 37, 43, "2024-03-03"),),
        "quantities": (QuantitySpan("12 شخصا", 24, 31, 12.0, "person", "killed"),),
    }
    fields.update(changes)
    return Article(**fields)


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    store.add_articles(
        [
            _sanaa(),
            Article(text="اجتماع في عدن لبحث الهدنة", title="عدن", site="was", lang="ar"),
            Article(text="خبر عن الاقتصاد بلا مكان", title="اقتصاد", site="was"),
        ]
    )
    return store


def test_a_full_row_is_the_contract_then_every_field(filled: SQLiteStore) -> None:
    row = full_row(filled.get(1))
    assert tuple(row) == FULL_FIELDS
    assert tuple(row)[: len(FIELDS)] == FIELDS
    assert row["text"].startswith("قصف الحوثيون") and row["lang"] == "ar"
    assert row["tags"] == ["اليمن", "الحوثيون"]
    assert row["entity_details"] == [{"id": "org:houthis", "name": "الحوثيون", "type": "ORG"}]
    assert row["place_details"] == [{"name": "صنعاء", "country": "YE", "lat": 15.35, "lon": 44.2}]
    assert row["dates"] == [{"text": "3 مارس", "value": "2024-03-03"}]
    assert row["quantities"] == [
        {"text": "12 شخصا", "value": 12.0, "unit": "person", "kind": "killed"}
    ]


def test_selection_by_query_facets_and_story(filled: SQLiteStore) -> None:
    def ids(selection: ExportSelection) -> list[int]:
        return [row["id"] for row in full_rows(filled, selection)]

    assert ids(ExportSelection()) == [1, 2, 3]
    assert ids(ExportSelection(query="صنعاء OR عدن")) == [1, 2]
    assert ids(ExportSelection(query="site:was -عدن")) == [3]
    assert ids(ExportSelection(filters=SearchFilters(site="was"))) == [2, 3]
    assert ids(ExportSelection(story=99)) == []
    with pytest.raises(QueryError):
        ids(ExportSelection(query="(صنعاء"))


def test_csv_has_a_bom_and_parses_back(filled: SQLiteStore) -> None:
    data = b"".join(csv_chunks(full_rows(filled, ExportSelection())))
    assert data.startswith(BOM.encode("utf-8"))
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(records) == 3 and tuple(records[0]) == FULL_FIELDS
    assert records[0]["title"] == "قصف في صنعاء"
    assert records[0]["tags"] == "اليمن|الحوثيون"
    assert json.loads(records[0]["place_details"])[0]["lat"] == 15.35
    assert records[2]["url"] == "" and records[2]["entity_details"] == ""


def test_jsonl_parses_back(filled: SQLiteStore) -> None:
    data = b"".join(jsonl_chunks(full_rows(filled, ExportSelection())))
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert [row["id"] for row in rows] == [1, 2, 3]
    assert rows[0]["entity_details"][0]["id"] == "org:houthis"


def test_parquet_is_read_by_pyarrow_with_typed_columns(filled: SQLiteStore) -> None:
    data = b"".join(parquet_chunks(full_rows(filled, ExportSelection())))
    table = pq.read_table(io.BytesIO(data))
    assert table.column_names == list(FULL_FIELDS)
    rows = table.to_pylist()
    assert [row["id"] for row in rows] == [1, 2, 3]
    assert rows[0]["place_details"] == [
        {"name": "صنعاء", "country": "YE", "lat": 15.35, "lon": 44.2}
    ]
    assert rows[0]["quantities"][0]["value"] == 12.0
    assert rows[2]["entity_details"] == []


def test_geojson_is_a_feature_collection_of_places(filled: SQLiteStore) -> None:
    collection = json.loads(b"".join(geojson_chunks(full_rows(filled, ExportSelection()))))
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [44.2, 15.35]}
    assert feature["properties"]["article"] == 1
    assert feature["properties"]["place"] == "صنعاء"
    empty = json.loads(b"".join(geojson_chunks(iter([]))))
    assert empty == {"type": "FeatureCollection", "features": []}


def test_an_unknown_format_is_an_input_error() -> None:
    with pytest.raises(InputError):
        list(encode("xml", iter([])))


# -- streaming: rows are pulled as the export is written, never all at once -----


class _CountingRows:
    """An endless supply of rows that counts how many were taken."""

    def __init__(self, article: Article) -> None:
        self.taken = 0
        self._row = full_row(article)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        while True:
            self.taken += 1
            yield {**self._row, "id": self.taken}


@pytest.mark.parametrize(
    ("name", "bound"),
    [("jsonl", 1), ("csv", CSV_FLUSH), ("parquet", ROW_GROUP), ("geojson", 1)],
)
def test_every_format_streams(filled: SQLiteStore, name: str, bound: int) -> None:
    rows = _CountingRows(filled.get(1))
    chunks = encode(name, rows)
    first = next(chunks)
    second = next(chunks)
    assert first and second
    assert rows.taken <= 2 * bound + 1  # an endless input: only streaming gets here


class _CountingStore(SQLiteStore):
    """A store that counts the articles loaded and the id pages asked for."""

    loaded = 0
    pages = 0

    def get(self, article_id: int) -> Article:
        self.loaded += 1
        return super().get(article_id)

    def matching_ids(self, *args: Any, **kwargs: Any) -> list[int]:
        self.pages += 1
        return super().matching_ids(*args, **kwargs)


def test_selection_loads_articles_as_they_are_taken() -> None:
    with _CountingStore(":memory:") as store:
        store.add_articles(
            [_sanaa(url=f"https://a.example/{n}", text=f"صنعاء {n}") for n in range(1, 1100)]
        )
        articles = selected_articles(store, ExportSelection(query="صنعاء"))
        taken = [next(articles) for _ in range(3)]
        assert [article.id for article in taken] == [1, 2, 3]
        assert (store.loaded, store.pages) == (3, 1)
        assert sum(1 for _ in articles) == 1099 - 3  # no cap: every page is walked
        assert store.pages == 1099 // SELECT_PAGE + 1
