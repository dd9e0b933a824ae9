"""A real browser (Debian's chromium via Playwright) on a real server over loopback.

Checks what only a browser can: the page lays out right to left, the vendored
scripts run under the Content-Security-Policy without console errors or failed
requests, and a user can search and follow a story to an article.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_data import TOKEN

from marsad.web import WebSettings, create_app
from marsad.web.background import BackgroundServer

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _install_chromium() -> None:
    """apt-get chromium and an Arabic font, once, when the browser is missing."""
    if Path(CHROMIUM).exists():
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("chromium is missing and apt-get needs root to install it")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, env=environment, capture_output=True)
    subprocess.run(
        ["apt-get", "install", "-y", "chromium", "fonts-noto-core"],
        check=True,
        env=environment,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def server_url(web_db: Path) -> Iterator[str]:
    app = create_app(str(web_db), settings=WebSettings(token=TOKEN, secret=b"b" * 32))
    with BackgroundServer(app) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _install_chromium()
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server_url: str) -> Iterator[Any]:
    """A page that records console errors and failed requests (checked after the test)."""
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    opened.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    opened.set_default_timeout(15_000)
    yield opened
    context.close()
    assert problems == []


def test_home_is_right_to_left(page: Any, server_url: str) -> None:
    page.goto(server_url + "/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    brand = page.locator("header.site .brand").bounding_box()
    assert brand["x"] > 1280 / 2  # the brand sits on the right


def test_search_from_the_form(page: Any, server_url: str) -> None:
    page.goto(server_url + "/search")
    page.fill("#q", "اللاجئين")
    page.press("#q", "Enter")
    page.wait_for_selector("#results mark")
    assert "q=" in page.url  # htmx pushed the search into the address
    assert page.locator("#results .item").count() >= 1


def test_story_to_article_reads_right_to_left(page: Any, server_url: str) -> None:
    page.goto(server_url + "/stories?order=growing")
    page.locator(".list .item a.title").first.click()
    page.wait_for_selector(".timeline")
    page.locator(".timeline a.title").first.click()
    page.wait_for_selector("#article-text")
    text = page.locator("#article-text")
    assert text.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert text.evaluate("element => getComputedStyle(element).textAlign") in ("start", "right")
    paragraph = page.locator("#article-text p").first.bounding_box()
    box = text.bounding_box()
    # Right-aligned: the first line hugs the right edge of the text block.
    words = page.evaluate(
        """() => { const p = document.querySelector('#article-text p');
        const range = document.createRange(); range.selectNodeContents(p);
        const rects = range.getClientRects(); return rects[0].right; }"""
    )
    assert abs((box["x"] + box["width"]) - words) < 40
    assert paragraph["width"] > 0


def test_places_map_loads_without_errors(page: Any, server_url: str) -> None:
    page.goto(server_url + "/places")
    page.wait_for_selector(".leaflet-interactive", state="attached")
    assert page.locator(".leaflet-interactive").count() >= 1


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page at a phone's width (390 × 844, touch)."""
    context = browser.new_context(
        locale="ar", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_phone_shows_facets_above_results(phone: Any, server_url: str) -> None:
    phone.goto(server_url + "/search?q=" + "اليمن")
    facets = phone.locator("aside.facets").bounding_box()
    results = phone.locator(".layout > section ul.list").bounding_box()
    assert facets is not None and results is not None
    assert facets["y"] + facets["height"] <= results["y"]
    assert facets["width"] <= 390


def test_phone_places_table_is_short(phone: Any, server_url: str) -> None:
    phone.goto(server_url + "/places")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 12_000
    assert phone.locator("table.table tbody tr").count() <= 100


def test_favicon_is_found_by_the_browser(phone: Any, server_url: str) -> None:
    response = phone.goto(server_url + "/favicon.ico")
    assert response is not None and response.status == 200
