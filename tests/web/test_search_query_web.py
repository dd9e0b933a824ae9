"""The query language and exports at the web doors: /api/search, /search, /api/export."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pyarrow.parquet as pq  # type: ignore[import-untyped]
from fastapi.testclient import TestClient
from web_data import TOKEN

from marsad.services.export_full import FULL_FIELDS


def test_api_search_answers_a_malformed_query_with_400(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "(داعش OR"})
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["code"] == "bad-query"
    assert "OR" in body["error"] and body["position"] == 6


def test_api_search_understands_operators(client: TestClient) -> None:
    def ids(q: str) -> set[int]:
        response = client.get("/api/search", params={"q": q, "limit": 200})
        assert response.status_code == 200, response.text
        return {hit["id"] for hit in response.json()["hits"]}

    houthis, isis = ids("الحوثيين"), ids("داعش")
    assert houthis and isis
    assert ids("الحوثيين OR داعش") == houthis | isis
    assert ids("الحوثيين -داعش") == houthis - isis


def test_search_page_shows_the_error_in_arabic(client: TestClient) -> None:
    response = client.get("/search", params={"q": 'site: "صنعاء'})
    assert response.status_code == 400
    assert "بلا قيمة" in response.text and 'role="alert"' in response.text


def test_search_page_links_its_exports(client: TestClient) -> None:
    page = client.get("/search", params={"q": "داعش", "site": "aawsat"}).text
    for export_format in ("csv", "jsonl", "parquet", "geojson"):
        assert f"/api/export?format={export_format}&amp;q=" in page
    assert "site=aawsat" in page


def test_api_export_csv_honours_query_and_facets(client: TestClient) -> None:
    searched = client.get("/api/search", params={"q": "داعش", "limit": 200}).json()
    expected = sorted(hit["id"] for hit in searched["hits"])
    response = client.get("/api/export", params={"format": "csv", "q": "داعش"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(records[0]) == FULL_FIELDS
    assert sorted(int(record["id"]) for record in records) == expected


def test_api_export_parquet_and_geojson(client: TestClient) -> None:
    parquet = client.get("/api/export", params={"format": "parquet", "q": "site:aawsat"})
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows > 0 and set(table.column("site").to_pylist()) == {"aawsat"}
    geojson = client.get("/api/export", params={"format": "geojson", "q": "اليمن"}).json()
    assert geojson["type"] == "FeatureCollection" and geojson["features"]
    lon, lat = geojson["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_api_export_jsonl_of_one_story(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    story = next(item for item in stories["stories"] if item["article_count"] > 1)
    response = client.get("/api/export", params={"story": story["id"]})
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert len(rows) == story["article_count"]
    assert {row["story"] for row in rows} == {story["id"]}


def test_api_export_refuses_a_malformed_query_and_a_format(client: TestClient) -> None:
    assert client.get("/api/export", params={"q": "a)"}).status_code == 400
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_story_page_links_the_export_of_its_articles(client: TestClient) -> None:
    story = client.get("/api/stories").json()["stories"][0]
    page = client.get(f"/stories/{story['id']}").text
    link = f"/api/export?format=csv&amp;story={story['id']}"
    assert link in page
    exported = client.get(link.replace("&amp;", "&"))
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbf")


def test_watchlist_page_links_the_export_of_its_search(fresh_client: TestClient) -> None:
    body = {"name": "داعش في أخبار واس", "query": "داعش", "source": "واس"}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    created = fresh_client.post("/api/watchlists", json=body, headers=auth)
    assert created.status_code in (200, 201), created.text
    watch_id = created.json()["watchlist"]["id"]
    page = fresh_client.get(f"/watchlists/{watch_id}").text
    found = re.search(r'href="(/api/export\?format=csv[^"]*)"', page)
    assert found
    exported = fresh_client.get(html.unescape(found.group(1)))
    records = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    searched = fresh_client.get(
        "/api/search", params={"q": 'داعش source:"واس"', "limit": 200}
    ).json()
    assert records and {r["source"] for r in records} == {"واس"}
    assert sorted(int(r["id"]) for r in records) == sorted(h["id"] for h in searched["hits"])
