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
