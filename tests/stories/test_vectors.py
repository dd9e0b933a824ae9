"""TF-IDF features: title weight, entity and place features, stopwords, cosine."""

from __future__ import annotations

import math

import pytest

from marsad.model import Article, EntitySpan, PlaceSpan
from marsad.stories.vectors import (
    STOPWORDS,
    TITLE_WEIGHT,
    Stemmer,
    add,
    cosine,
    feature_counts,
    idf,
    weigh,
)
from marsad.text.analyzer import stem
from marsad.text.normalize import fold


def test_features_count_title_words_more_and_skip_function_words() -> None:
    article = Article(title="انتخابات لبنان", text="في لبنان جرت الانتخابات من جديد 2018")
    counts = feature_counts(article)
    assert counts[stem(fold("لبنان"))] == TITLE_WEIGHT + 1
    assert stem(fold("في")) not in counts and stem(fold("من")) not in counts
    assert "2018" not in counts  # bare numbers say nothing about the event
    assert stem(fold("في")) in STOPWORDS


def test_entities_and_places_are_features_of_their_own() -> None:
    article = Article(
        text="التقى الحريري وفدا في بيروت",
        entities=(EntitySpan("الحريري", 6, 13, "PER", "per:hariri", "سعد الحريري"),),
        places=(PlaceSpan("بيروت", 22, 27, "بيروت", "LB", 33.9, 35.5),),
    )
    counts = feature_counts(article)
    assert counts["e:per:hariri"] > 0 and counts["p:بيروت"] > 0


def test_the_memo_stemmer_agrees_with_the_analyzer() -> None:
    stemmer = Stemmer(cache_size=2)
    for word in ["والانتخابات", "بلبنان", "للاجئين", "والانتخابات"]:
        assert stemmer(fold(word)) == stem(fold(word))


def test_weigh_keeps_the_heaviest_terms_at_unit_length() -> None:
    counts = {"a": 4.0, "b": 1.0, "c": 1.0}
    vector = weigh(counts, lambda term: {"a": 1.0, "b": 3.0, "c": 0.5}[term], keep=2)
    assert list(vector) == ["b", "a"]  # 3.0 > (1 + ln 4) = 2.39
    assert math.isclose(sum(v * v for v in vector.values()), 1.0)


def test_idf_favours_rare_terms_and_never_vanishes() -> None:
    assert idf(100, 1) > idf(100, 50) > 0
    assert idf(0, 0, prior=0) == pytest.approx(1.0)


def test_a_young_stores_counts_barely_separate_a_theme_from_its_rare_words() -> None:
    # Fifteen pages on one theme: its word is in all, a furniture word in one.
    young = idf(15, 1) / idf(15, 15)
    unsmoothed = idf(15, 1, prior=0) / idf(15, 15, prior=0)
    assert 1.0 < young < 2.0 < 3.0 < unsmoothed
    # A large store's frequencies decide as they would without the prior.
    assert idf(100_000, 10) == pytest.approx(idf(100_000, 10, prior=0), rel=0.01)


def test_cosine_and_centroid() -> None:
    assert cosine({"a": 1.0}, {"a": 2.0}) == pytest.approx(1.0)
    assert cosine({"a": 1.0}, {"b": 1.0}) == 0.0
    assert cosine({"a": 1.0, "b": 1.0}, {"a": 1.0}) == pytest.approx(1 / math.sqrt(2))
    assert add({"a": 1.0}, [{"a": 0.5, "b": 0.2}]) == {"a": 1.5, "b": 0.2}
