"""In a real browser, at desktop and phone width: save a search, pick names, read the chart.

Each test drives its own Chromium from a worker thread: Playwright's sync API cannot
start while another instance (the session browser of `test_browser.py`) runs on the
main thread, and a thread has its own. The server runs on a private copy of the
database, since saving a watchlist writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from web_data import TOKEN

from marsad.web import WebSettings, create_app
from marsad.web.background import BackgroundServer

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def server_url(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    copy = tmp_path_factory.mktemp("browser-watchlists") / "copy.db"
    with sqlite3.connect(web_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    app = create_app(str(copy), settings=WebSettings(token=TOKEN, secret=b"w" * 32))
    with BackgroundServer(app) as server:
        yield server.url


def _in_browser(width: int, height: int, steps: Callable[[Any], None]) -> list[str]:
    """Run `steps(page)` in a fresh Chromium; the console errors and failed requests."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    problems: list[str] = []

    def run() -> None:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(locale="ar", viewport={"width": width, "height": height})
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on(
                "console",
                lambda message: problems.append(message.text) if message.type == "error" else None,
            )
            page.on(
                "response",
                lambda response: (
                    problems.append(f"{response.status}: {response.url}")
                    if response.status >= 400
                    else None
                ),
            )
            page.set_default_timeout(15_000)
            try:
                steps(page)
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as worker:
        worker.submit(run).result()
    return problems


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_save_a_search_in_one_click_and_see_its_chart(server_url: str, width: str) -> None:
    def steps(page: Any) -> None:
        page.goto(server_url + "/search?q=اليمن")
        chart = page.locator("svg.chart.volume")
        assert chart.get_attribute("role") == "img"
        box = chart.bounding_box()
        assert box["width"] > 0 and box["x"] >= 0
        assert box["x"] + box["width"] <= page.viewport_size["width"] + 1  # fits a phone
        form = page.locator("form.save-search")
        form.locator("input[name=token]").fill(TOKEN)
        form.locator("button").click()
        page.wait_for_url("**/watchlists/*")
        assert "اليمن" in page.locator("h1").inner_text()
        assert page.locator("svg.chart.volume").count() == 1

    assert _in_browser(*WIDTHS[width], steps) == []


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_entities_are_suggested_while_typing(server_url: str, width: str) -> None:
    found: list[str] = []

    def steps(page: Any) -> None:
        page.goto(server_url + "/watchlists")
        page.locator("input[name=entity]").press_sequentially("حوث", delay=30)
        page.wait_for_selector("#entity-suggestions option", state="attached")
        found.extend(
            page.eval_on_selector_all(
                "#entity-suggestions option", "options => options.map(option => option.value)"
            )
        )

    assert _in_browser(*WIDTHS[width], steps) == []
    assert any("حوث" in value for value in found)
