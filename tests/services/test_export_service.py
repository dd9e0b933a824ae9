"""Export: the contract's fields, streamed, as JSON Lines or CSV."""

from __future__ import annotations

import csv
import io
import json

from marsad.model import Article, EntitySpan, PlaceSpan
from marsad.services.export import FIELDS, export_rows, write_csv, write_jsonl
from marsad.store import SQLiteStore

CONTRACT_FIELDS = [
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
]


def _annotated() -> Article:
    text = "قال ماتيس في دمشق إن ماتيس سيزور حلب ثم دمشق"
    return Article(
        text=text,
        title="زيارة",
        url="https://x.example/1",
        external_id="e1",
        site="الموقع",
        source="رويترز",
        published="2018-04-01",
        entities=(
            EntitySpan("ماتيس", 4, 9, "PER", "per:mattis", "جيمس ماتيس"),
            EntitySpan("دمشق", 13, 17, "LOC", "loc:damascus", "دمشق"),
            EntitySpan("ماتيس", 21, 26, "PER", "per:mattis", "جيمس ماتيس"),
        ),
        places=(
            PlaceSpan("دمشق", 13, 17, "دمشق", "SY", 33.51, 36.29),
            PlaceSpan("حلب", 32, 35, "حلب", "SY", 36.2, 37.16),
            PlaceSpan("دمشق", 39, 43, "دمشق", "SY", 33.51, 36.29),
        ),
    )


def _filled(store: SQLiteStore) -> list[int]:
    results = store.add_articles([_annotated(), Article(text="خبر بلا وسوم ولا رابط")])
    return [r.id for r in results if r.id is not None]


def test_rows_have_exactly_the_contract_fields(store: SQLiteStore) -> None:
    first_id, second_id = _filled(store)
    rows = list(export_rows(store))
    assert [list(row) for row in rows] == [CONTRACT_FIELDS, CONTRACT_FIELDS]
    assert list(FIELDS) == CONTRACT_FIELDS
    assert rows[0] == {
        "id": first_id,
        "external_id": "e1",
        "url": "https://x.example/1",
        "title": "زيارة",
        "site": "الموقع",
        "source": "رويترز",
        "published": "2018-04-01",
        "story": None,
        "duplicate_of": None,
        "entities": ["جيمس ماتيس", "دمشق"],
        "places": ["دمشق", "حلب"],
        "published_estimated": None,
        "published_estimated_source": None,
        "published_estimated_confidence": None,
    }
    assert rows[1]["id"] == second_id
    assert (rows[1]["url"], rows[1]["entities"], rows[1]["places"]) == (None, [], [])


def test_jsonl_is_one_utf8_object_per_line(store: SQLiteStore) -> None:
    _filled(store)
    out = io.StringIO()
    assert write_jsonl(export_rows(store), out) == 2
    lines = out.getvalue().splitlines()
    assert "زيارة" in lines[0]  # not \\u-escaped
    assert json.loads(lines[0])["entities"] == ["جيمس ماتيس", "دمشق"]
    assert json.loads(lines[1])["url"] is None


def test_csv_joins_lists_with_a_bar(store: SQLiteStore) -> None:
    _filled(store)
    out = io.StringIO()
    assert write_csv(export_rows(store), out) == 2
    records = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(records[0]) == CONTRACT_FIELDS
    assert records[0]["entities"] == "جيمس ماتيس|دمشق"
    assert records[0]["places"] == "دمشق|حلب"
    assert (records[1]["url"], records[1]["entities"]) == ("", "")


def _undated() -> Article:
    """An undated page whose URL gives the day of its event."""
    return Article(
        text="سقطت قذائف على حي سكني في المدينة",
        url="https://news.example/2019/04/11/shelling",
        published_estimated="2019-04-11",
        published_estimated_source="url",
        published_estimated_confidence=0.9,
    )


def test_an_undated_articles_estimated_time_is_exported(store: SQLiteStore) -> None:
    _filled(store)
    [added] = store.add_articles([_undated()])
    rows = {row["id"]: row for row in export_rows(store)}
    estimated = rows[added.id]
    assert estimated["published"] is None
    assert estimated["published_estimated"] == "2019-04-11"
    assert estimated["published_estimated_source"] == "url"
    assert estimated["published_estimated_confidence"] == 0.9
    out = io.StringIO()
    write_csv(export_rows(store), out)
    records = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert records[-1]["published_estimated"] == "2019-04-11"
    assert records[-1]["published_estimated_source"] == "url"
    assert records[0]["published_estimated"] == ""  # dated: nothing estimated


def test_a_dated_articles_estimate_is_not_kept(store: SQLiteStore) -> None:
    dated = Article(
        text="نص خبر مؤرخ",
        published="2020-01-02",
        published_estimated="2019-04-11",
        published_estimated_source="url",
    )
    [added] = store.add_articles([dated])
    assert added.id is not None
    assert store.get(added.id).published_estimated is None
