"""Volume over time: the chart on pages, its JSON and CSV twins, the home page's growth."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote

from fastapi.testclient import TestClient


def test_json_and_csv_twins_agree(client: TestClient) -> None:
    params = {"kind": "query", "value": "اليمن", "length": 30}
    series = client.get("/api/volume", params=params).json()
    assert series["ok"] and len(series["points"]) == 30 and series["total"] > 0
    assert series["total"] == sum(p["published"] + p["estimated"] for p in series["points"])
    assert "estimated" in series["method"]
    answer = client.get("/api/volume", params={**params, "format": "csv"})
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.text.startswith("\ufeffperiod,count,published,estimated")
    rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert [int(row["count"]) for row in rows] == [p["count"] for p in series["points"]]


def test_bad_volume_requests_are_refused(client: TestClient) -> None:
    assert client.get("/api/volume", params={"kind": "weather"}).status_code == 422
    assert client.get("/api/volume", params={"bucket": "week"}).status_code == 422
    malformed = client.get("/api/volume", params={"value": '"اليمن'})
    assert malformed.status_code == 422 and malformed.json()["code"] == "bad-query"


def _chart(html: str) -> str:
    match = re.search(r'<svg class="chart volume".*?</svg>', html, re.S)
    assert match, "no volume chart"
    return match.group(0)


def test_pages_draw_an_accessible_chart(client: TestClient) -> None:
    top = client.get("/api/entities?limit=1").json()["entities"][0]
    story = client.get("/api/stories?limit=1").json()["stories"][0]
    for url in (
        "/search?q=اليمن",
        f"/entities/{quote(top['id'], safe=':')}",
        f"/stories/{story['id']}",
    ):
        chart = _chart(client.get(url).text)
        assert 'role="img"' in chart and "aria-labelledby=" in chart
        assert "<title id=" in chart and "<desc id=" in chart
        assert "عدد المقالات" in chart
        assert not re.search(r"[\u0660-\u0669]", chart)  # Latin digits throughout


def test_a_hostile_query_is_escaped_in_the_chart(client: TestClient) -> None:
    html = client.get("/search", params={"q": "<script>alert(1)</script> اليمن"}).text
    assert "<script>alert(1)" not in html


def test_home_growth_is_measured(client: TestClient) -> None:
    html = client.get("/").text
    section = html[html.index("الأسرع نموًا") :]
    assert "مقابل وسيط" in section or "لا قصة يرتفع" in section


def test_the_outlet_include_draws_the_outlet_volume(client: TestClient) -> None:
    from types import SimpleNamespace

    from marsad.web.render import templates

    site = client.get("/api/search?q=اليمن").json()["facets"]["site"][0]["value"]
    html = templates.env.get_template("volume/_outlet.html").render(
        request=SimpleNamespace(app=client.app), site=site, site_label="منفذ"
    )
    chart = _chart(html)
    assert "حجم التغطية: منفذ" in chart
    assert f"value={quote(site)}" in html or f"value={site}" in html
