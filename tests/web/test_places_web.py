"""The places page: its table comes one bounded page at a time."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from marsad.web.params import MAX_PAGE
from marsad.web.routers.places import PLACES_PAGE


def _rows(html: str) -> list[str]:
    found = re.findall(r'<a class="place" href="[^"]*">([^<]*)</a>', html)
    return [unescape(name) for name in found]


def test_places_table_is_paged(client: TestClient) -> None:
    total = client.get("/api/places?limit=1").json()["total"]
    first = client.get("/places")
    assert first.status_code == 200
    assert len(_rows(first.text)) == min(total, PLACES_PAGE)
    expected = client.get(f"/api/places?limit={PLACES_PAGE}").json()["places"]
    assert _rows(first.text) == [p["name"] for p in expected]


def test_a_later_page_shows_the_next_places(client: TestClient) -> None:
    total = client.get("/api/places?limit=1").json()["total"]
    second = client.get("/places?page=2")
    assert second.status_code == 200
    expected = client.get(f"/api/places?limit={PLACES_PAGE}&offset={PLACES_PAGE}").json()
    assert _rows(second.text) == [p["name"] for p in expected["places"]]
    assert len(_rows(second.text)) == max(0, min(PLACES_PAGE, total - PLACES_PAGE))


def test_page_numbers_are_bounded(client: TestClient) -> None:
    for bad in ("0", "-1", str(MAX_PAGE + 1), "x"):
        assert client.get(f"/places?page={bad}").status_code == 422, bad
    assert client.get(f"/places?page={MAX_PAGE}").status_code == 200
