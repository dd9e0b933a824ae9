"""The enrichment pipeline: several articles in one call give what one call each gives."""

from __future__ import annotations

from datetime import date

from marsad.model import Article
from marsad.steps.pipeline import Enricher

TEXTS = [
    "قال الرئيس الأمريكي دونالد ترامب في واشنطن أمس الخميس إن المفاوضات مستمرة.",
    "نزح نحو 400 ألف شخص من لبنان إلى سوريا منذ مطلع الشهر، وفق مفوضية اللاجئين.",
    "The ministry said on Monday that talks would resume in Geneva next week.",
    "",
    "أعلنت قوات سوريا الديمقراطية (قسد) السيطرة على الباغوز بعد معارك مع داعش.",
]


def test_many_equals_one_call_per_article() -> None:
    enricher = Enricher.load()
    articles = [Article(text=text, published="2020-04-10") for text in TEXTS]
    together = enricher.many(articles, date(2020, 4, 10))
    assert together == [enricher(article, date(2020, 4, 10)) for article in articles]
    assert together[2].lang != "ar"
    assert not together[2].entities
    assert {span.text for span in together[0].entities} >= {"دونالد ترامب", "واشنطن"}
    assert any(span.value == 400000 for span in together[1].quantities)


def test_relative_days_of_an_undated_article_count_back_from_when_it_was_first_seen() -> None:
    enricher = Enricher.load()
    text = "قالت مصادر محلية إن قصفا استهدف أمس الجمعة سوقا شعبيا في المدينة."
    seen = Article(text=text, first_seen="2019-04-13T07:30:00+00:00")  # a Saturday
    found = enricher(seen)
    assert (found.published_estimated, found.published_estimated_source) == (
        "2019-04-12",
        "relative",
    )
    assert enricher(Article(text=text)).published_estimated is None  # nothing to count from
    dated = enricher(Article(text=text, published="2019-04-13", first_seen=seen.first_seen))
    assert dated.published_estimated is None
