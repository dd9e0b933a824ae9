"""The web's reported failures, replayed: each answers without a 500 and with its headers.

Control characters through Atom (in the query and in stored titles), a planted
non-ASCII CSRF cookie, ids of 2^63 and 10^20 on every id route, limits and offsets
out of range, a forged Host header, 500s that lacked the CSP, and reads or writes
stalled behind an ingest's write transaction.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from starlette.routing import BaseRoute

from marsad.errors import InputError
from marsad.web import WebSettings, create_app
from marsad.web import errors as web_errors
from marsad.web import render as web_render
from marsad.web.routers import articles as articles_router
from marsad.web.routers import home as home_router
from marsad.web.security import CSRF_COOKIE, security_headers

from .web_support import BASE_URL, CONTROL_TITLE, SETTINGS, TOKEN, build_database

ATOM = "{http://www.w3.org/2005/Atom}"
HEADERS = security_headers(SETTINGS)
HUGE_IDS = (2**63, 10**20)
GENEROUS_S = 60.0
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("reliability-web") / "web.db")


@pytest.fixture(scope="module")
def client(database: Path) -> Iterator[TestClient]:
    app = create_app(str(database), settings=SETTINGS)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _secured(response: object) -> None:
    headers = getattr(response, "headers")  # noqa: B009 - httpx.Response, kept untyped
    for name, value in HEADERS.items():
        assert headers.get(name) == value, (name, getattr(response, "url", ""))


def _atom(client: TestClient, url: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    _secured(response)
    return etree.fromstring(response.content)


# -- Atom and XML ------------------------------------------------------------------


def test_control_characters_in_the_query_leave_a_valid_feed(client: TestClient) -> None:
    root = _atom(client, "/feeds/search.atom?q=a%01%08b")
    title = root.findtext(f"{ATOM}title") or ""
    assert "ab" in title and "\x01" not in title


def test_control_characters_in_stored_titles_leave_valid_feeds(client: TestClient) -> None:
    expected = CONTROL_TITLE.replace("\x08", "")
    story = client.get("/api/articles/1").json()["article"]["story"]
    story_id = story["id"] if isinstance(story, dict) else story
    for url in (
        "/feeds/search.atom?q=وزراء",
        f"/feeds/stories/{story_id}.atom",
        "/feeds/entities/org:arab-league.atom",
        "/feeds/watchlists/1.atom",
    ):
        root = _atom(client, url)
        titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
        assert expected in titles, url


# -- errors carry the headers --------------------------------------------------------


def _broken(*_args: object, **_kwargs: object) -> None:
    """Stands in for any function of the app: a bug."""
    raise RuntimeError("a bug")


def test_an_unexpected_error_is_a_json_500_with_headers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(articles_router, "faceted_search", _broken)
    response = client.get("/api/articles")
    assert response.status_code == 500
    assert response.json() == {"ok": False, "error": "internal error", "code": "internal-error"}
    assert "a bug" not in response.text
    _secured(response)


def test_an_unexpected_error_on_a_page_is_a_page_with_headers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home_router, "top_entities", _broken)
    response = client.get("/")
    assert response.status_code == 500 and "<html" in response.text
    _secured(response)
    monkeypatch.setattr(web_render, "page", _broken)  # the error page fails too
    response = client.get("/")
    assert response.status_code == 500 and "internal-error" in response.text
    _secured(response)


def test_a_failing_error_handler_still_answers_with_headers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(articles_router, "faceted_search", _broken)
    monkeypatch.setattr(web_errors, "error_response", _broken)
    response = client.get("/api/articles")
    assert response.status_code == 500
    assert response.json()["code"] == "internal-error"
    _secured(response)


@pytest.mark.parametrize("url", ["/nowhere", "/api/nowhere", "/static/nothing.css"])
def test_not_found_carries_the_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    _secured(response)


# -- the CSRF cookie -----------------------------------------------------------------


@pytest.mark.parametrize(
    "cookie",
    [
        "é" * 3,
        "éé.ÿÿ",
        "a." + "b" * 5000,
        "\x7f.\x01",
        "",
        "no-dot",
    ],
)
@pytest.mark.parametrize("url", ["/", "/search?q=وزراء", "/watchlists", "/watchlists/1"])
def test_a_planted_csrf_cookie_is_treated_as_absent(
    client: TestClient, cookie: str, url: str
) -> None:
    header = f"{CSRF_COOKIE}={cookie}".encode()
    response = client.get(url, headers={"Cookie": header})  # type: ignore[dict-item]
    assert response.status_code == 200
    _secured(response)
    issued = re.search(rf"{CSRF_COOKIE}=([^;]+)", response.headers["set-cookie"])
    assert issued and issued.group(1) != cookie and issued.group(1).isascii()


def test_a_form_with_a_non_ascii_csrf_value_is_forbidden(client: TestClient) -> None:
    form = {"target": "x", "token": TOKEN, "csrf": "é.é"}
    header = f"{CSRF_COOKIE}=é.é".encode()
    response = client.post("/watchlists", data=form, headers={"Cookie": header})  # type: ignore[dict-item]
    assert response.status_code == 403
    _secured(response)


# -- integers out of range ------------------------------------------------------------


def _api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Every endpoint, inside included routers too (FastAPI keeps those nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _api_routes(inner.routes)


def _templates(client: TestClient) -> list[tuple[str, str, list[str]]]:
    """(method, path template, its path parameters) of every route with one."""
    routes = []
    for route in _api_routes(client.app.routes):  # type: ignore[attr-defined]
        if "{" in route.path:
            names = [param.name for param in route.dependant.path_params]
            for method in sorted(route.methods):
                routes.append((method, route.path, names))
    return routes


def test_every_id_route_is_listed(client: TestClient) -> None:
    paths = {path for _, path, _ in _templates(client)}
    assert {
        "/articles/{article_id}",
        "/api/articles/{article_id}",
        "/stories/{story_id}",
        "/api/stories/{story_id}",
        "/watchlists/{watchlist_id}",
        "/api/watchlists/{watchlist_id}",
        "/api/watchlists/{watchlist_id}/seen",
        "/watchlists/{watchlist_id}/seen",
        "/feeds/stories/{story_id}.atom",
        "/feeds/watchlists/{watchlist_id}.atom",
    } <= paths


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_huge_ids_are_refused_on_every_id_route(client: TestClient, huge: int) -> None:
    for method, template, names in _templates(client):
        url = template
        for name in names:
            url = url.replace("{" + name + "}", str(huge))
        response = client.request(method, url, headers=AUTH)
        _secured(response)
        if all(name.endswith("_id") and name != "entity_id" for name in names):
            assert response.status_code == 422, (method, url, response.text[:200])
            if url.startswith(("/api/", "/feeds/")):
                assert response.json()["code"] == InputError.code
        else:  # a text id: an unknown entity
            assert response.status_code == 404, (method, url)


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize(
    "url",
    [
        "/api/articles?limit={}",
        "/api/articles?offset={}",
        "/api/search?q=x&offset={}",
        "/api/search?limit={}",
        "/api/stories?offset={}",
        "/api/entities?limit={}",
        "/api/entities/org:arab-league?offset={}",
        "/api/places?offset={}",
        "/api/watchlists/1?offset={}",
        "/articles?page={}",
        "/search?q=x&page={}",
        "/stories?page={}",
        "/entities/org:arab-league?page={}",
    ],
)
def test_huge_limits_offsets_and_pages_are_refused(client: TestClient, url: str, huge: int) -> None:
    response = client.get(url.format(huge))
    assert response.status_code == 422, response.text[:200]
    _secured(response)


def test_the_deepest_allowed_page_is_answered(client: TestClient) -> None:
    assert client.get("/api/articles?offset=1000000").json()["articles"] == []
    assert client.get("/search?q=x&page=10000").status_code == 200


# -- pages outside the OpenAPI document: arbitrary text in every parameter -------------

PAGE_TEMPLATES = (
    "/search?q={}",
    "/search?q=x&site={}&entity={}&place={}",
    "/search?q=x&from={}&to={}&sort={}",
    "/search?q=x&page={}",
    "/articles?page={}",
    "/articles/{}",
    "/stories?order={}&page={}",
    "/stories/{}",
    "/entities/{}",
    "/entities/org:arab-league?page={}",
    "/watchlists/{}",
    "/feeds/search.atom?q={}",
    "/feeds/entities/{}.atom",
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    template=st.sampled_from(PAGE_TEMPLATES),
    value=st.one_of(
        st.text(max_size=60),
        st.integers().map(str),
        st.sampled_from(["NEAR(", '"', "*", "a OR", "-1", "9" * 30, "0", "é" * 600]),
    ),
)
def test_pages_answer_any_parameter_without_a_server_error(
    client: TestClient, template: str, value: str
) -> None:
    encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
    response = client.get(template.replace("{}", encoded))
    assert response.status_code < 500, (template, value, response.text[:200])
    _secured(response)


# -- the base URL ----------------------------------------------------------------------


def test_a_forged_host_header_never_reaches_a_feed(client: TestClient) -> None:
    response = client.get("/feeds/search.atom?q=وزراء", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert "evil" not in response.text
    root = etree.fromstring(response.content)
    links = [link.get("href") or "" for link in root.iter(f"{ATOM}link")]
    assert links and all(link.startswith(BASE_URL + "/") for link in links)
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href", "").startswith(f"{BASE_URL}/feeds/search.atom?q=")


def test_base_url_comes_from_the_environment_or_the_serve_address() -> None:
    assert WebSettings.from_env({}, base_url="http://0.0.0.0:9000/").base_url == (
        "http://0.0.0.0:9000"
    )
    configured = {"MARSAD_BASE_URL": "https://news.example.org/marsad/"}
    assert WebSettings.from_env(configured).base_url == "https://news.example.org/marsad"
    for bad in ("javascript:alert(1)", "news.example.org", "http://x/?q=1", "http://x:99999"):
        with pytest.raises(InputError):
            WebSettings(base_url=bad)


# -- no read waits on a writer ---------------------------------------------------------


def _hold_write_lock(database: Path, holding: threading.Event, release: threading.Event) -> None:
    """Another process's ingest: a write transaction open until `release`."""
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE articles SET title = title WHERE id = 3")
    holding.set()
    release.wait(GENEROUS_S)
    other.execute("COMMIT")
    other.close()


@pytest.fixture
def own_client(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    database = build_database(tmp_path / "own.db")
    with TestClient(create_app(str(database), settings=SETTINGS)) as test_client:
        yield test_client, database


def test_pages_answer_while_an_ingest_holds_the_write_lock(
    own_client: tuple[TestClient, Path],
) -> None:
    client, database = own_client
    holding, release = threading.Event(), threading.Event()
    ingest = threading.Thread(target=_hold_write_lock, args=(database, holding, release))
    ingest.start()
    try:
        assert holding.wait(GENEROUS_S)
        for url in ("/watchlists/1", "/api/watchlists/1", "/", "/search?q=وزراء", "/api/places"):
            assert client.get(url).status_code == 200, url
        assert not release.is_set()  # every page answered while the writer held on
    finally:
        release.set()
        ingest.join(GENEROUS_S)


def test_a_web_write_during_an_ingest_succeeds_after_its_commit(
    own_client: tuple[TestClient, Path],
) -> None:
    client, database = own_client
    holding, release = threading.Event(), threading.Event()
    ingest = threading.Thread(target=_hold_write_lock, args=(database, holding, release))
    ingest.start()
    assert holding.wait(GENEROUS_S)
    threading.Timer(0.5, release.set).start()
    body = {"name": "أثناء الإدخال", "kind": "search", "target": "النفط"}
    response = client.post("/api/watchlists", json=body, headers=AUTH)
    ingest.join(GENEROUS_S)
    assert response.status_code == 201, response.text
    assert release.is_set()
    assert client.get(f"/api/watchlists/{response.json()['watchlist']['id']}").status_code == 200
