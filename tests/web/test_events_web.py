"""The events page and its JSON twins: filters, paging bounds, map data, timeline,
reports with the trigger marked, and article content escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.model import Article, EventSpan
from marsad.steps.pipeline import Enricher
from marsad.store import open_store
from marsad.web import WebSettings, create_app

HOSTILE_TEXT = "<script>alert(1)</script> انفجرت عبوة ناسفة <b>في السوق</b>"
NEWS = [
    Article(
        text="قتل ثلاثة مدنيين جراء غارات جوية على بلدة كفرنبل في ريف إدلب الجنوبي أمس الخميس.",
        title="غارات على كفرنبل",
        site="enab.example",
        published="2020-04-10",
        external_id="n1",
        lang="ar",
    ),
    Article(
        text="قتل خمسة مدنيين في غارات جوية استهدفت بلدة كفرنبل جنوبي إدلب اليوم الخميس.",
        title="قتلى في كفرنبل",
        site="smart.example",
        published="2020-04-09",
        external_id="n2",
        lang="ar",
    ),
    Article(
        text="شنت قوات النظام حملة اعتقالات في مدينة درعا طالت 12 شابا.",
        title="اعتقالات في درعا",
        site="sharq.example",
        published="2020-04-12",
        external_id="n3",
        lang="ar",
    ),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("events-web") / "web.db"
    enricher = Enricher.load()
    start = HOSTILE_TEXT.index("عبوة")
    hostile = Article(
        text=HOSTILE_TEXT,
        title="<img src=x onerror=alert(1)>",
        site="<i>evil</i>",
        published="2020-04-11",
        external_id="h1",
        lang="ar",
        events=(
            EventSpan(
                "عبوة",
                start,
                start + 4,
                "explosions_remote_violence",
                "remote_explosive_landmine_ied",
                date="2020-04-11",
                place="<svg onload=alert(1)>",
                country="SY",
                lat=33.5,
                lon=36.3,
                confidence=0.7,
            ),
        ),
    )
    with open_store(path) as store:
        store.add_articles([*enricher.many(NEWS), hostile])
    settings = WebSettings(token="t" * 32, secret=b"s" * 32)
    with TestClient(create_app(str(path), settings=settings)) as test_client:
        yield test_client


def test_api_events_with_filters(client: TestClient) -> None:
    found = client.get("/api/events").json()
    assert found["ok"] is True
    assert found["total"] == 3
    assert [e["date"] for e in found["events"]] == ["2020-04-12", "2020-04-11", "2020-04-09"]
    strike = found["events"][2]
    assert strike["sub_type"] == "air_drone_strike"
    assert strike["outlets"] == 2 and len(strike["mentions"]) == 2
    assert strike["spread"]["fatalities"] == {"low": 3, "high": 5, "reports": 2}
    assert client.get("/api/events", params={"type": "arrests"}).json()["total"] == 1
    assert client.get("/api/events", params={"place": "كفرنبل"}).json()["total"] == 1
    assert (
        client.get("/api/events", params={"from": "2020-04-10", "to": "2020-04-11"}).json()["total"]
        == 1
    )
    assert [p["day"] for p in found["timeline"]] == ["2020-04-09", "2020-04-11", "2020-04-12"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "100000"},
        {"offset": "-1"},
        {"offset": str(2**70)},
        {"from": "yesterday"},
        {"type": "bombing"},
        {"place": "x" * 1000},
    ],
)
def test_bad_parameters_are_refused_not_crashed(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.json()["ok"] is False


def test_one_event_and_a_missing_one(client: TestClient) -> None:
    first = client.get("/api/events").json()["events"][0]
    assert client.get(f"/api/events/{first['id']}").json()["event"]["id"] == first["id"]
    assert client.get("/api/events/999999").status_code == 404
    assert client.get(f"/api/events/{2**64}").status_code == 422


def test_article_api_names_its_events(client: TestClient) -> None:
    event = client.get("/api/events", params={"type": "arrests"}).json()["events"][0]
    mention = event["mentions"][0]
    article = client.get(f"/api/articles/{mention['article']}").json()["article"]
    [span] = article["events"]
    assert span["event"] == event["id"]
    assert article["text"][span["start"] : span["end"]] == span["text"]


def test_the_page_has_map_timeline_filters_and_marked_reports(client: TestClient) -> None:
    html = client.get("/events", params={"type": "explosions_remote_violence"}).text
    assert 'id="event-map"' in html and "data-events=" in html
    assert "/static/js/basemap.js" in html  # the offline outlines, no tiles needed
    assert "<svg" in html and "عدد الأحداث في كل يوم" in html
    assert 'name="from"' in html and 'name="place"' in html
    assert "<mark>غارات</mark>" in html
    assert 'href="/articles/' in html


@pytest.mark.parametrize("params", [{}, {"type": "explosions_remote_violence"}])
def test_the_map_asks_for_what_the_api_gives(client: TestClient, params: dict[str, str]) -> None:
    html = client.get("/events", params=params).text
    url = re.search(r'data-events="([^"]+)"', html)
    assert url is not None
    response = client.get(unescape(url.group(1)))
    assert response.status_code == 200, response.text
    assert response.json()["events"]


def test_article_content_is_escaped(client: TestClient) -> None:
    html = client.get("/events").text
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "<svg onload" not in html
    assert "<b>في السوق</b>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>عبوة</mark>" in html
