"""Copy tracking on hostile pages: nothing to compare, one endless line, stock phrases."""

from __future__ import annotations

from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker, outlet_copies, provenance
from marsad.store import SQLiteStore
from marsad.store.sqlite_copies import MAX_KEY_POSTINGS

SENTENCE = (
    "وقال المتحدث باسم الوزارة إن فرق الإغاثة وصلت إلى المناطق المتضررة وبدأت توزيع "
    "المساعدات الغذائية والطبية على السكان المحتاجين في القرى النائية."
)


def _tracked(articles: list[Article]) -> list[Article]:
    with SQLiteStore(":memory:") as store:
        report = ingest(store, articles, track=Tracker().track)
        assert report.errors == 0
        return list(store.iter_articles())


def test_pages_of_furniture_only_and_empty_analysis_views_are_tracked() -> None:
    stored = _tracked(
        [
            Article(text="الرئيسية | أخبار\nشارك الخبر على فيسبوك", url="https://a.example/1"),
            Article(text="الجمعة 22 نوفمبر 2024\nأخبار عربية", url="https://b.example/2"),
            Article(text="١٢٣ ٤٥٦ ٧٨٩", url="https://c.example/3"),
        ]
    )
    assert len(stored) == 3
    assert all(article.duplicate_of is None for article in stored)


def test_one_endless_line_is_tracked_without_blowing_up() -> None:
    endless = " ".join([SENTENCE.rstrip(".")] * 400)
    stored = _tracked(
        [
            Article(text=endless, url="https://a.example/long", site="a"),
            Article(text=endless + " وأضاف", url="https://b.example/long", site="b"),
        ]
    )
    assert stored[1].duplicate_of == stored[0].id


def test_a_stock_phrase_on_many_pages_does_not_make_them_copies() -> None:
    pages = [
        Article(
            text=f"{SENTENCE}\n" + " ".join(f"كلمة{index}_{word}" for word in range(60)) + ".",
            url=f"https://site{index}.example/page",
            site=f"site{index}",
        )
        for index in range(MAX_KEY_POSTINGS + 5)
    ]
    stored = _tracked(pages)
    assert all(article.duplicate_of is None for article in stored)


def test_provenance_of_a_lone_article_is_itself() -> None:
    with SQLiteStore(":memory:") as store:
        lone = Article(text=SENTENCE * 3, url="https://a.example/x")
        ingest(store, [lone], track=Tracker().track)
        found = provenance(store, 1)
        assert found["original"]["id"] == 1 and not found["is_copy"] and found["copies"] == []
        assert found["order"] == "unknown"
        assert outlet_copies(store) == []
