"""The enrichment pipeline: language, credits, entities, places, dates, quantities. event time.

An `Enricher` holds the loaded models (tagger, alias tables, gazetteer), built once
and picklable, and is itself a step `Article -> Article`; the same object serves
`marsad ingest`, `marsad annotate` and any other runner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from marsad.model import Article
from marsad.steps.credits import Agencies, with_credits
from marsad.steps.dates import with_dates
from marsad.steps.entities import EntityLinker, with_entities
from marsad.steps.event_time import first_seen, with_event_time
from marsad.steps.events import with_events
from marsad.steps.ner import NerTagger
from marsad.steps.places import PlaceMatcher, with_places
from marsad.steps.quantities import with_quantities
from marsad.steps.text_limit import check_text_size, text_limit
from marsad.text.language import with_language

# Languages the Arabic steps make sense for; other articles are stored as they are.
ARABIC = "ar"


@dataclass(frozen=True, slots=True)
class Enricher:
    """Every enrichment step, with the resources they share."""

    tagger: NerTagger
    linker: EntityLinker
    places: PlaceMatcher
    agencies: Agencies = field(default_factory=Agencies.load)
    max_text_bytes: int = field(default_factory=text_limit)

    @classmethod
    def load(cls) -> Enricher:
        """Load the shipped tagger, actors and gazetteer (about a second)."""
        places = PlaceMatcher.load()
        return cls(NerTagger.load(), EntityLinker.load(places=places), places)

    def __call__(self, article: Article, base: date | None = None) -> Article:
        """`article` with its language and, for Arabic text, every annotation.

        `base` anchors relative dates; by default the article's publication date, and
        for the event time of an undated article, when Marsad first had it
        (`Article.first_seen`).
        """
        return self.many([article], base)[0]

    def many(self, articles: Sequence[Article], base: date | None = None) -> list[Article]:
        """Each article as `self(article, base)` gives it; the named-entity tagger reads
        all of them in one call, which is faster than one call per article.

        Raises `TextTooLarge` when a text is above `max_text_bytes`, before any work."""
        for article in articles:
            check_text_size(article.text, self.max_text_bytes, article.origin or article.url)
        found = [
            article if article.lang is not None else with_language(article) for article in articles
        ]
        found = [with_credits(article, self.agencies) for article in found]
        arabic = [index for index, article in enumerate(found) if article.lang in (None, ARABIC)]
        spans = self.tagger.find_entities_in([found[index].text for index in arabic])
        for index, tagged in zip(arabic, spans, strict=True):
            article = with_entities(found[index], self.linker, tagged)
            article = with_places(article, self.places)
            article = with_dates(article, base)
            found[index] = with_quantities(article)
        if base is not None:
            seen = datetime.combine(base, time())
            found = [with_event_time(article, seen) for article in found]
        else:
            found = [with_event_time(article, first_seen(article)) for article in found]
        for index in arabic:  # events read every span above and the event time
            found[index] = with_events(found[index])
        return found

    def annotate(self, text: str, base: date | None = None) -> dict[str, Any]:
        """The `marsad annotate` object for raw `text`: four lists of spans."""
        article = self(replace(Article(text=text), lang=ARABIC), base)
        return {
            "entities": [asdict(span) for span in article.entities],
            "places": [asdict(span) for span in article.places],
            "dates": [asdict(span) for span in article.dates],
            "quantities": [asdict(span) for span in article.quantities],
        }
