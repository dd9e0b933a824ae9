"""Untrusted article content never becomes markup; headers; write token and CSRF."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_data import HOSTILE_WORD, IMG, SCRIPT, TOKEN

from marsad.web.security import CSRF_COOKIE

HOSTILE_FRAGMENTS = (SCRIPT, IMG, "<img", "javascript:alert")


def _hostile_id(client: TestClient) -> int:
    return int(client.get("/api/search", params={"q": HOSTILE_WORD}).json()["hits"][0]["id"])


def _assert_clean(html: str) -> None:
    for fragment in HOSTILE_FRAGMENTS:
        assert fragment not in html, fragment
    # Every <script> on our pages is an external file of ours, never inline code.
    for tag in re.findall(r"<script[^>]*>", html):
        assert re.fullmatch(r'<script src="/static/[\w./-]+"( defer)?>', tag), tag
    assert " style=" not in html and "<style" not in html


def test_article_page_escapes_everything(client: TestClient) -> None:
    article_id = _hostile_id(client)
    html = client.get(f"/articles/{article_id}").text
    _assert_clean(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text
    assert "المقال الأصلي" not in html  # a javascript: URL is not linked


def test_search_page_and_snippets_escape(client: TestClient) -> None:
    html = client.get("/search?q=" + quote(HOSTILE_WORD)).text
    _assert_clean(html)
    assert f"<mark>{HOSTILE_WORD}</mark>" in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles",
        "/entities",
        "/places",
        "/search?q=" + quote(SCRIPT),
        "/search?site=" + quote(SCRIPT),
        "/search?q=" + quote(HOSTILE_WORD) + "&place=" + quote(IMG),
    ],
)
def test_pages_with_hostile_data_stay_clean(client: TestClient, url: str) -> None:
    _assert_clean(client.get(url).text)


def test_hostile_entity_page_is_clean(client: TestClient) -> None:
    response = client.get("/entities/" + quote(f"loc:{IMG}", safe=""))
    assert response.status_code == 200
    _assert_clean(response.text)


def test_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/articles", "/feeds/search.atom?q=x", "/static/css/marsad.css"):
        headers = client.get(url).headers
        policy = headers["content-security-policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ):
            assert directive in policy
        assert "unsafe-inline" not in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"]


def _form(client: TestClient) -> str:
    page = client.get("/watchlists")
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match and client.cookies.get(CSRF_COOKIE) == match.group(1)
    return match.group(1)


def test_form_write_needs_csrf_and_token(fresh_client: TestClient) -> None:
    csrf = _form(fresh_client)
    data = {"name": "لاجئون", "kind": "search", "target": "اللاجئين"}
    assert fresh_client.post("/watchlists", data={**data, "token": TOKEN}).status_code == 403
    forged = {**data, "token": TOKEN, "csrf": "forged.value"}
    assert fresh_client.post("/watchlists", data=forged).status_code == 403
    wrong_token = {**data, "token": "guess", "csrf": csrf}
    assert fresh_client.post("/watchlists", data=wrong_token).status_code == 403
    assert fresh_client.get("/api/watchlists").json()["watchlists"] == []
    good = {**data, "token": TOKEN, "csrf": csrf}
    response = fresh_client.post("/watchlists", data=good, follow_redirects=False)
    assert response.status_code == 303
    assert re.fullmatch(r"/watchlists/\d+", response.headers["location"])


def test_csrf_cookie_from_another_browser_is_refused(fresh_client: TestClient) -> None:
    csrf = _form(fresh_client)
    fresh_client.cookies.clear()
    data = {"target": "اللاجئين", "token": TOKEN, "csrf": csrf}
    assert fresh_client.post("/watchlists", data=data).status_code == 403


def test_api_write_needs_the_token(fresh_client: TestClient) -> None:
    body = {"name": "x", "kind": "search", "target": "السعودية"}
    assert fresh_client.post("/api/watchlists", json=body).status_code == 403
    wrong = {"Authorization": "Bearer nope"}
    assert fresh_client.post("/api/watchlists", json=body, headers=wrong).json()["code"] == (
        "forbidden"
    )
    right = {"Authorization": f"Bearer {TOKEN}"}
    assert fresh_client.post("/api/watchlists", json=body, headers=right).status_code == 201


def test_without_a_configured_token_writes_are_disabled(web_db: object) -> None:
    from marsad.web import WebSettings, create_app

    with TestClient(create_app(str(web_db), settings=WebSettings())) as reader:
        assert "الكتابة معطلة" in reader.get("/watchlists").text
        body = {"kind": "search", "target": "x"}
        headers = {"Authorization": "Bearer anything"}
        response = reader.post("/api/watchlists", json=body, headers=headers)
        assert response.status_code == 403 and "disabled" in response.json()["error"]


def test_tile_host_is_allowed_only_when_configured(web_db: object) -> None:
    from marsad.web import WebSettings, create_app

    tiles = "https://tiles.example.org/{z}/{x}/{y}.png"
    with TestClient(create_app(str(web_db), settings=WebSettings(tiles=tiles))) as mapped:
        policy = mapped.get("/places").headers["content-security-policy"]
        assert "img-src 'self' data: https://tiles.example.org" in policy


def test_adding_a_source_needs_token_and_csrf(fresh_client: TestClient) -> None:
    page = fresh_client.get("/sources").text
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "the sources page offers a form when writes are enabled"
    data = {"url": "https://example.org/feed.xml", "name": "مثال", "kind": "feed"}
    assert fresh_client.post("/sources", data={**data, "token": TOKEN}).status_code == 403
    assert fresh_client.post("/sources", data={**data, "csrf": match.group(1)}).status_code == 403
    assert fresh_client.get("/api/sources").json()["sources"] == []
    good = {**data, "token": TOKEN, "csrf": match.group(1)}
    assert fresh_client.post("/sources", data=good, follow_redirects=False).status_code == 303
    [source] = fresh_client.get("/api/sources").json()["sources"]
    assert source["url"] == data["url"] and source["kind"] == "feed"
    assert "مثال" in fresh_client.get("/sources").text


def test_api_source_needs_the_token(fresh_client: TestClient) -> None:
    body = {"url": "https://example.org/sitemap.xml", "kind": "sitemap"}
    assert fresh_client.post("/api/sources", json=body).status_code == 403
    headers = {"Authorization": f"Bearer {TOKEN}"}
    created = fresh_client.post("/api/sources", json=body, headers=headers)
    assert created.status_code == 201 and len(created.json()["added"]) == 1
    bad = fresh_client.post("/api/sources", json={"url": "ftp://x"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["code"] == "bad-input"
