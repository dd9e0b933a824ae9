"""Arabic number agreement on the pages: 0, 1, 2, 3–10, 11–99 and the hundreds."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from marsad.web.arabic import ENTITY_TYPES, NOUNS, count_of, entity_type, shown_date


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 مصادر"),
        (1, "مصدر واحد"),
        (2, "مصدران"),
        (3, "3 مصادر"),
        (10, "10 مصادر"),
        (11, "11 مصدرًا"),
        (99, "99 مصدرًا"),
        (100, "100 مصدر"),
        (102, "102 مصدر"),
        (103, "103 مصادر"),
        (111, "111 مصدرًا"),
    ],
)
def test_outlets_agree_with_their_number(count: int, expected: str) -> None:
    assert count_of(count, "outlets") == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "مقالة واحدة"), (2, "مقالتان"), (8, "8 مقالات"), (25, "25 مقالة"), (0, "0 مقالات")],
)
def test_articles_agree_with_their_number(count: int, expected: str) -> None:
    assert count_of(count, "articles") == expected


def test_every_noun_has_five_distinct_readings() -> None:
    for noun in NOUNS:
        phrases = {count_of(n, noun) for n in (1, 2, 5, 15, 200)}
        assert len(phrases) == 5, noun


def test_an_unknown_noun_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        count_of(3, "apples")


def _text(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


def test_pages_never_show_a_number_with_the_wrong_noun(client: TestClient) -> None:
    """Plurals after 3–10, never "8 مقالة" nor "6 مصدر" nor "0 مكانًا"."""
    wrong = re.compile(r"\b(?:[3-9]|10) (?:مقالة|مصدر|حدثًا|مكانًا|قصة|نتيجة)\b|\b0 مكانًا")
    story = re.search(r'href="/stories/(\d+)"', _text(client, "/stories"))
    urls = ["/", "/articles", "/stories", "/events", "/places", "/search?q=اليمن"]
    if story:
        urls.append(f"/stories/{story.group(1)}")
    for url in urls:
        page = _text(client, url)
        assert not wrong.search(page), (url, wrong.search(page))


def test_articles_total_is_phrased(client: TestClient) -> None:
    total = client.get("/api/articles").json()["total"]
    assert count_of(total, "articles") in _text(client, "/articles")


def test_a_date_is_isolated_left_to_right() -> None:
    shown = str(shown_date("2024-05-03T14:22:09+00:00", with_time=True))
    assert shown == (
        '<time datetime="2024-05-03T14:22:09+00:00"><bdi dir="ltr">2024-05-03 14:22</bdi></time>'
    )
    assert '<bdi dir="ltr">2024-05-03</bdi>' in str(shown_date("2024-05-03T14:22:09"))
    assert str(shown_date(None)) == ""


def test_a_date_cannot_carry_markup() -> None:
    assert "<script" not in str(shown_date('2024-05-03"><script>', with_time=True))


DATE_IN_BDI = r'<bdi dir="ltr">\d{4}-\d\d-\d\d( \d\d:\d\d)?</bdi>'


def test_every_date_on_the_pages_is_in_a_bdi(client: TestClient) -> None:
    """Every `<time>` of the article, story timeline and events pages holds a `<bdi dir="ltr">`."""
    article = re.search(r'href="/articles/(\d+)"', _text(client, "/articles"))
    story = re.search(r'href="/stories/(\d+)"', _text(client, "/stories"))
    assert article and story
    seen = 0
    for url in (f"/articles/{article.group(1)}", f"/stories/{story.group(1)}", "/events", "/"):
        page = _text(client, url)
        times = re.findall(r"<time[^>]*>(.*?)</time>", page, flags=re.S)
        seen += len(times)
        for inner in times:
            assert re.fullmatch(r'<bdi dir="ltr">\d{4}-\d\d-\d\d( \d\d:\d\d)?</bdi>', inner), (
                url,
                inner,
            )
    assert seen


def test_entity_types_are_shown_in_arabic(client: TestClient) -> None:
    assert entity_type("PER") == "شخص"
    assert entity_type("unknown") == "unknown"
    listing = _text(client, "/entities")
    shown = set(re.findall(r"</a></td><td>([^<]*)</td>", listing))
    assert shown and shown <= set(ENTITY_TYPES.values()), shown


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (7, "days", "7 أيام"),
        (30, "days", "30 يومًا"),
        (2, "days", "يومين"),
        (48, "hours", "48 ساعة"),
    ],
)
def test_spans_of_time_agree_with_their_number(count: int, noun: str, expected: str) -> None:
    assert count_of(count, noun) == expected
