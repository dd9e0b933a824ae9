"""Event time for undated pages: URL, dateline, text dates, relative days; the traps."""

from __future__ import annotations

from datetime import datetime

import pytest

from marsad.model import Article
from marsad.steps.dates import with_dates
from marsad.steps.event_time import EventTime, estimate, from_url, with_event_time


def _article(text: str, url: str | None = None, published: str | None = None) -> Article:
    return with_dates(Article(text=text, url=url, published=published))


@pytest.mark.parametrize(
    ("url", "value"),
    [
        ("https://news.example/world/2019/03/23/some-title", "2019-03-23"),
        ("https://news.example/article/23/03/2019/title", "2019-03-23"),
        ("https://news.example/a/20190323-title", "2019-03-23"),
        ("https://news.example/view.aspx?cdate=23032019&id=5", "2019-03-23"),
        ("https://news.example/view?date=20190323", "2019-03-23"),
        ("https://news.example/2025/01/title.html", "2025-01"),
    ],
)
def test_dates_in_urls(url: str, value: str) -> None:
    found = from_url(url)
    assert found is not None
    assert found.value == value and found.source == "url"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/news/58076",
        "https://news.example/taxonomy/term/10465?page=284",
        "https://news.example/2019/13/45/title",
        None,
    ],
)
def test_urls_without_dates(url: str | None) -> None:
    assert from_url(url) is None


def test_a_dateline_at_the_top() -> None:
    text = "الرباط - الخميس 11 أبريل 2019\n\nأعلن الجيش اليوم عزل الرئيس. " + "نص " * 80
    found = estimate(_article(text))
    assert found == EventTime("2019-04-11", "dateline", 0.8)


def test_a_publication_line_beats_a_page_clock() -> None:
    text = (
        "عنوان الخبر - بوابة\nالجمعة 10 يناير 2025 12:21 ص القاهرة\n\nالأكثر قراءة\n"
        + "كلام " * 60
        + "\nنشر في: الخميس 9 يناير 2025 - 3:39 م | آخر تحديث: الخميس 9 يناير 2025 - 3:39 م\n"
        + "انتخب البرلمان رئيسا."
    )
    found = estimate(_article(text))
    assert found is not None and found.value == "2025-01-09"


@pytest.mark.parametrize(
    "text",
    [
        "التوقيت الثلاثاء، 05 نوفمبر 2024\nأعلن الوزير فتح المطار بمناسبة شهر رمضان.",
        "10:23 مساءً / 29 يناير، 2026\nآخر الأخبار\nانتخب البرلمان رئيسا للجمهورية.",
        "الجمعة 22 نوفمبر 2024\nرئيس مجلس الإدارة والتحرير\nرحبت الوزارة بالهدنة.",
        "وولد الرئيس المنتخب 10 يناير 1964 في قضاء المتن.",
        "في الذكرى الأولى للزلزال الذي ضرب البلاد في 8 سبتمبر 2023 تجمع الأهالي.",
        "جميع الحقوق محفوظة © 12 مارس 2020",
        "أعلنت المبادرة في مارس 2021 لإنهاء الأزمة.",
    ],
)
def test_dates_that_are_not_the_news(text: str) -> None:
    assert estimate(_article(text)) is None


def test_a_clock_far_later_than_the_text_dates_is_refused() -> None:
    text = (
        "الأحد 22 نوفمبر 2024 - 10:00\n"
        "أعلن المبعوث هدنة لمدة شهرين بعد مبادرة أعلنت في شهر مارس 2021."
    )
    assert estimate(_article(text)) is None


def test_the_most_repeated_text_date() -> None:
    filler = "كلام " * 80
    text = (
        f"{filler} وافق الطرفان على التمديد في 2 حزيران 2022 بعد هدنة بدأت في 2 نيسان 2022، "
        "وأعلن المبعوث يوم 2 حزيران 2022 ذلك."
    )
    found = estimate(_article(text))
    assert found == EventTime("2022-06-02", "text", 0.7)


def test_a_url_month_is_refined_by_a_text_date_in_it() -> None:
    text = ("كلام " * 80) + "انتخب البرلمان يوم 9 يناير 2025 قائد الجيش رئيسا."
    found = estimate(_article(text, "https://news.example/2025/01/elected.html"))
    assert found is not None
    assert found.value == "2025-01-09" and found.source == "text" and found.confidence == 0.7


def test_relative_days_need_the_first_seen_time() -> None:
    text = "أعلن الجيش أمس الخميس عزل الرئيس واعتقاله."
    assert estimate(_article(text)) is None
    found = estimate(_article(text), seen=datetime(2019, 4, 12, 9))
    assert found == EventTime("2019-04-11", "relative", 0.4)


def test_a_published_article_is_left_alone() -> None:
    article = _article("نص", "https://news.example/2019/03/23/x", published="2020-01-01")
    assert with_event_time(article) is article


def test_the_estimate_is_kept_on_the_article() -> None:
    article = with_event_time(_article("نص الخبر", "https://news.example/2019/03/23/x"))
    assert article.published_estimated == "2019-03-23"
    assert article.published_estimated_source == "url"
    assert article.published_estimated_confidence == 0.9


def test_english_dates_count_too() -> None:
    text = "April 02, 2022\nأعلن المبعوث الأممي هدنة لمدة شهرين."
    assert estimate(_article(text)) == EventTime("2022-04-02", "dateline", 0.8)
    later = ("كلام " * 80) + "Posted on 9 Jan 2025 by the desk."
    assert estimate(_article(later)) == EventTime("2025-01-09", "text", 0.6)
    assert estimate(_article("Monday 30 November -1 12:00 am")) is None
