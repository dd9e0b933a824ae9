"""Sparse TF-IDF vectors of articles and stories.

An article is described by its light stems (as `marsad.text.analyzer.primary_stems`,
the title counted `TITLE_WEIGHT` times), plus its entity ids and place names as
features of their own (`e:`/`p:` prefixed), weighted by inverse document frequency
from the store's running counts (smoothed by `PRIOR_DOCUMENTS` documents that hold
none of the features, so a young store's few counts do not yet decide: in a store of
fifteen pages on one theme the theme's own words would otherwise weigh least, and
page furniture most). Only the `ARTICLE_TERMS` heaviest features are
kept: they carry the event, and a short vector keeps storage and scoring cheap.
A story's centroid is the sum of its articles' unit vectors, truncated the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from marsad.model import Article
from marsad.text.analyzer import stem
from marsad.text.normalize import fold
from marsad.text.tokenize import words

Vector = dict[str, float]

TITLE_WEIGHT = 3
ENTITY_WEIGHT = 2.0  # an entity mention weighs like this many words
PLACE_WEIGHT = 1.0
ARTICLE_TERMS = 40
CENTROID_TERMS = 60
MIN_STEM_CHARS = 2
# Documents assumed seen before the store's first: weights follow the store's own
# frequencies only once it holds more than a few hundred articles.
PRIOR_DOCUMENTS = 100

# Function words and news boilerplate that carry no event (folded spellings).
_STOPWORD_TEXT = """
في من على الى عن مع ان او ثم بعد قبل حتى اذا لم لن لا ما هذا هذه ذلك تلك التي الذي الذين
كان كانت يكون تكون قد كما وقال قال قالت اكد اضاف اوضح اشار وفق وفقا خلال حيث بين عند غير
كل بعض اي هو هي هم هن انه انها ايضا الا لكن بل منذ نحو لدى امس اليوم غدا يوم الاثنين الثلاثاء
الاربعاء الخميس الجمعه السبت الاحد عام العام ضد وكان وهو وهي تم يتم عبر اثر لها له لهم
فيه فيها منه منها عليه عليها اليه اليها بها به وقد ولم كذلك الان سنه شهر مساء صباح
"""
STOPWORDS = frozenset(stem(fold(word)) for word in _STOPWORD_TEXT.split())


def _keep(term: str) -> bool:
    return len(term) >= MIN_STEM_CHARS and not term.isdigit() and term not in STOPWORDS


class Stemmer:
    """`analyzer.stem` with a bounded memo (news vocabulary is Zipfian), owned by
    the object rather than the module; emptied when full to stay bounded."""

    def __init__(self, cache_size: int = 100_000) -> None:
        self._cache_size = cache_size
        self._stems: dict[str, str | None] = {}

    def __call__(self, folded_word: str) -> str:
        """The light stem of a folded word."""
        return stem(folded_word)

    def feature(self, folded_word: str) -> str | None:
        """The word's stem if it is a feature (not a function word, number…), else None."""
        try:
            return self._stems[folded_word]
        except KeyError:
            if len(self._stems) >= self._cache_size:
                self._stems.clear()
            term = stem(folded_word)
            found = term if _keep(term) else None
            self._stems[folded_word] = found
            return found


def feature_counts(
    article: Article, text_words: list[str] | None = None, stemmer: Stemmer | None = None
) -> dict[str, float]:
    """Raw counts of every feature of `article` (stems, entities, places).

    `text_words` are the folded words of the text when the caller has them already;
    the stems are those of `analyzer.primary_stems`.
    """
    stem_of = stemmer or Stemmer()
    counts: dict[str, float] = {}
    feature = stem_of.feature
    for word in words(fold(article.title)):
        term = feature(word)
        if term is not None:
            counts[term] = counts.get(term, 0.0) + TITLE_WEIGHT
    for word in text_words if text_words is not None else words(fold(article.text)):
        term = feature(word)
        if term is not None:
            counts[term] = counts.get(term, 0.0) + 1.0
    for entity in article.entities:
        counts["e:" + entity.id] = counts.get("e:" + entity.id, 0.0) + ENTITY_WEIGHT
    for place in article.places:
        counts["p:" + place.name] = counts.get("p:" + place.name, 0.0) + PLACE_WEIGHT
    return counts


def idf(documents: int, frequency: int, prior: int = PRIOR_DOCUMENTS) -> float:
    """Smoothed inverse document frequency: never zero, higher for rarer features,
    `prior` feature-free documents added to the `documents` counted."""
    return math.log((documents + prior + 1) / (frequency + 1)) + 1.0


def weigh(
    counts: Mapping[str, float], weight_of: Callable[[str], float], keep: int | None = None
) -> Vector:
    """The `keep` (default `ARTICLE_TERMS`) heaviest features by (1 + log tf) × weight_of,
    scaled to unit length."""
    weighted = {term: (1.0 + math.log(count)) * weight_of(term) for term, count in counts.items()}
    return unit(top(weighted, ARTICLE_TERMS if keep is None else keep))


def top(vector: Mapping[str, float], keep: int) -> Vector:
    """The `keep` heaviest entries, heaviest first (ties broken by the term)."""
    ranked = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:keep]
    return dict(ranked)


def unit(vector: Mapping[str, float]) -> Vector:
    length = norm(vector)
    if length == 0.0:
        return {}
    return {term: value / length for term, value in vector.items()}


def norm(vector: Mapping[str, float]) -> float:
    """Euclidean length (computed in C by `math.hypot`)."""
    return math.hypot(*vector.values())


def dot(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    if len(first) > len(second):
        first, second = second, first
    get = second.get
    return sum([value * get(term, 0.0) for term, value in first.items()])


def cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse vectors (need not be unit length)."""
    product = dot(first, second)
    if product == 0.0:
        return 0.0
    return product / (norm(first) * norm(second))


def add(total: Mapping[str, float], vectors: Iterable[Mapping[str, float]]) -> Vector:
    """`total` plus every vector, truncated to the `CENTROID_TERMS` heaviest terms."""
    result = dict(total)
    for vector in vectors:
        for term, value in vector.items():
            result[term] = result.get(term, 0.0) + value
    return top(result, CENTROID_TERMS)
