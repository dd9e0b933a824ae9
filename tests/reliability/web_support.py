"""A small populated database and an app over it, for the web's reliability tests.

Real-looking Arabic articles, two of them one story, with entity and place spans,
one title carrying a backspace (`&#x8;` as a crawled page gave it) and one text a
U+0001, plus a watchlist: every page family has something to show.
"""

from __future__ import annotations

from pathlib import Path

from marsad.model import Article, EntitySpan, PlaceSpan
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.store import open_store
from marsad.web import WebSettings

TOKEN = "reliability-token"
BASE_URL = "https://marsad.example.org"
CONTROL_TITLE = "اجتماع\x08 وزراء الخارجية العرب في القاهرة"
SETTINGS = WebSettings(token=TOKEN, secret=b"r" * 32, base_url=BASE_URL)


def _article(number: int, title: str, text: str, published: str) -> Article:
    where = text.index("القاهرة")
    who = text.index("جامعة الدول العربية")
    return Article(
        title=title,
        text=text,
        url=f"https://news.example.com/{number}",
        site=f"site{number % 2}.example.com",
        published=published,
        external_id=f"reliability-{number}",
        entities=(
            EntitySpan(
                "جامعة الدول العربية", who, who + 19, "ORG", "org:arab-league", "جامعة الدول"
            ),
        ),
        places=(PlaceSpan("القاهرة", where, where + 7, "القاهرة", "EG", 30.04, 31.24),),
    )


def articles() -> list[Article]:
    body = (
        "عقد وزراء الخارجية العرب اجتماعا طارئا في القاهرة بمقر جامعة الدول العربية "
        "لبحث تطورات الأوضاع في المنطقة، وأكد البيان الختامي ضرورة وقف التصعيد."
    )
    return [
        _article(1, CONTROL_TITLE, body, "2024-03-01T09:00:00"),
        _article(
            2, "وزراء الخارجية العرب يجتمعون في القاهرة", body + " وتابع", "2024-03-01T11:00:00"
        ),
        _article(
            3,
            "أسعار النفط ترتفع",
            "ارتفعت أسعار النفط في الأسواق \x01 بعد قرار جامعة الدول العربية في القاهرة.",
            "2024-03-02",
        ),
    ]


def build_database(path: Path) -> Path:
    """Store the articles (tracked into stories) and one watchlist at `path`."""
    with open_store(path) as store:
        ingest(store, articles(), track=Tracker().track)
        store.add_watchlist("الخارجية", "search", "وزراء الخارجية")
    return path
