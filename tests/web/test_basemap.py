"""The offline basemap: outlines shipped as static GeoJSON, drawn by the places map."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def _geojson(client: TestClient, name: str) -> dict[str, Any]:
    response = client.get(f"/static/basemap/{name}.geojson")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    assert data["type"] == "FeatureCollection"
    return data


@pytest.mark.parametrize(
    ("name", "wanted"),
    [("countries", {"سوريا", "العراق", "اليمن", "مصر"}), ("admin1", {"إدلب", "نينوى", "الحديدة"})],
)
def test_outlines_are_served_with_arabic_labels(
    client: TestClient, name: str, wanted: set[str]
) -> None:
    features = _geojson(client, name)["features"]
    names = {f["properties"]["name_ar"] for f in features}
    assert wanted <= names
    for feature in features:
        lat, lon = feature["properties"]["label"]
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        assert feature["geometry"]["type"] == "MultiPolygon"


def test_syria_label_sits_inside_syria(client: TestClient) -> None:
    features = _geojson(client, "countries")["features"]
    syria = next(f for f in features if f["properties"]["country"] == "SY")
    lat, lon = syria["properties"]["label"]
    assert 32 < lat < 37.5 and 35.5 < lon < 42.5


def test_places_page_draws_the_basemap(client: TestClient) -> None:
    page = client.get("/places").text
    assert "/static/js/basemap.js" in page
    script = client.get("/static/js/basemap.js")
    assert script.status_code == 200
    assert "/static/basemap/" in script.text and "name_ar" in script.text
