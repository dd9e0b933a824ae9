"""Error pages in Arabic, right to left, with a way back; the API keeps its JSON shape."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.web import WebSettings, create_app

ARABIC_PAGE = ('<html lang="ar" dir="rtl">', 'href="/"')


def _assert_arabic_error(html: str, headline: str) -> None:
    for marker in ARABIC_PAGE:
        assert marker in html
    assert f"<h1>{headline}</h1>" in html
    assert 'class="explanation"' in html


def test_missing_page_is_an_arabic_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    _assert_arabic_error(response.text, "الصفحة غير موجودة")


def test_bad_parameter_is_an_arabic_page(client: TestClient) -> None:
    response = client.get("/search?q=x&page=0")
    assert response.status_code in (400, 422)
    _assert_arabic_error(response.text, "طلب غير صالح")


def test_malformed_query_explains_itself_in_arabic(client: TestClient) -> None:
    response = client.get('/search?q=("صنعاء')
    assert response.status_code == 400
    assert "استعلام غير صالح" in response.text
    assert '<html lang="ar" dir="rtl">' in response.text


@pytest.fixture
def failing_client(web_db: Path, settings: WebSettings) -> Iterator[TestClient]:
    """An application with one route that fails, as a bug would."""
    app = create_app(str(web_db), settings=settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    @app.get("/api/boom")
    def api_boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_unexpected_failure_is_an_arabic_500_without_internals(
    failing_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = failing_client.get("/boom")
    assert response.status_code == 500
    _assert_arabic_error(response.text, "خطأ في الخادم")
    assert "a bug" not in response.text
    assert "a bug" in caplog.text  # logged for the operator


def test_api_errors_keep_their_json_shape(failing_client: TestClient) -> None:
    for url, status in (("/api/boom", 500), ("/api/no/such", 404), ("/api/articles?limit=x", 422)):
        response = failing_client.get(url)
        assert response.status_code == status, url
        body = response.json()
        assert body["ok"] is False
        assert isinstance(body["error"], str) and body["code"], url


def test_api_malformed_query_keeps_its_json_shape(client: TestClient) -> None:
    response = client.get('/api/search?q=("صنعاء')
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert response.json()["code"] == "bad-query"


def test_favicon_answers_where_browsers_look(client: TestClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.content == client.get("/static/favicon.svg").content
    assert b"<svg" in response.content
