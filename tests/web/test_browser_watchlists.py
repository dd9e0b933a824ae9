"""In a real browser, at desktop and phone width: save a search, pick names, read the chart."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_browser import browser, server_url  # noqa: F401 - the shared browser fixtures
from web_data import TOKEN

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(params=sorted(WIDTHS))
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:  # noqa: F811
    """A page at one width that records console errors and failed requests."""
    width, height = WIDTHS[request.param]
    context = browser.new_context(locale="ar", viewport={"width": width, "height": height})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
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


def test_save_a_search_in_one_click_and_see_its_chart(page: Any, server_url: str) -> None:  # noqa: F811
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


def test_entities_are_suggested_while_typing(page: Any, server_url: str) -> None:  # noqa: F811
    page.goto(server_url + "/watchlists")
    field = page.locator("input[name=entity]")
    field.press_sequentially("حوث", delay=30)
    page.wait_for_selector("#entity-suggestions option", state="attached")
    values = page.eval_on_selector_all(
        "#entity-suggestions option", "options => options.map(option => option.value)"
    )
    assert any("حوث" in value for value in values)
