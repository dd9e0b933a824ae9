"""Outlet pages and Arabic outlet names across the pages."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_outlet_page_and_its_json_twin(client: TestClient) -> None:
    view = client.get("/api/outlets/aawsat").json()
    assert view["ok"] and view["name"] == "الشرق الأوسط" and view["articles"] > 0
    assert all(row["site"] != "aawsat" for row in view["copies_from"] + view["copied_by"])
    page = client.get("/outlets/aawsat")
    assert page.status_code == 200
    assert '<h1 dir="auto">الشرق الأوسط</h1>' in page.text
    assert "ينقل عن" in page.text and "ينقل عنه" in page.text
    assert "/api/export?format=csv&amp;site=aawsat" in page.text


def test_outlet_by_domain_and_unknown_outlet(client: TestClient) -> None:
    assert client.get("/api/outlets/aawsat.com").json()["site"] == "aawsat"
    missing = client.get("/api/outlets/nowhere.example")
    assert missing.status_code == 404 and "لا مقالات" in missing.json()["error"]


def test_outlet_table_page(client: TestClient) -> None:
    table = client.get("/api/outlets").json()["outlets"]
    assert {"domain": "aawsat.com", "name": "الشرق الأوسط"}.items() <= table[0].items()
    assert "وكالة أنباء" in client.get("/outlets").text


def test_search_shows_outlets_by_arabic_name(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "داعش"}).json()
    labels = {facet["value"]: facet["label"] for facet in found["facets"]["site"]}
    assert labels.get("aawsat") == "الشرق الأوسط"
    page = client.get("/search", params={"q": "داعش", "site": "aawsat"}).text
    assert "المصدر: الشرق الأوسط ✕" in page
    assert '<a class="site" href="/outlets/aawsat">الشرق الأوسط</a>' in page
