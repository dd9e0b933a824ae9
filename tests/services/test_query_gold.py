"""Gold tests of the query language on real articles (the bundled demo sample).

Each operator's hits are compared with an expectation computed here from the stored
texts themselves: which articles hold an analyzed form of a word (any word of the
text whose stems meet the query word's stems), which hold the words of a phrase
next to each other, which have a site or a date. The search goes through FTS5 and
SQL; the expectation goes through neither, so either can catch the other out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marsad.ingest import read_jsonl
from marsad.model import Article
from marsad.services.demo import demo_sample
from marsad.services.ingest import ingest
from marsad.services.query import QueryError
from marsad.services.search import MAX_LIMIT, search
from marsad.steps.pipeline import Enricher
from marsad.store import SQLiteStore
from marsad.text.analyzer import stems
from marsad.text.normalize import fold
from marsad.text.tokenize import words

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as store:
        ingest(store, read_jsonl(demo_sample()), enrich=Enricher.load())
        yield store


@pytest.fixture(scope="module")
def articles(demo_store: SQLiteStore) -> dict[int, Article]:
    return {article.id: article for article in demo_store.iter_articles() if article.id}


def _hits(store: SQLiteStore, query: str) -> set[int]:
    found = search(store, query, limit=MAX_LIMIT)
    assert len(found) < MAX_LIMIT  # the whole answer, not a page of it
    return {hit.id for hit in found}


def _word_stems(text: str) -> list[set[str]]:
    return [set(stems(word)) for word in words(fold(text))]


def _query_stems(text: str) -> list[set[str]]:
    return [set(stems(word)) for word in words(fold(text))]


def _has_word(article: Article, word: str) -> bool:
    [wanted] = _query_stems(word)
    return any(
        found & wanted for text in (article.title, article.text) for found in _word_stems(text)
    )


def _has_phrase(article: Article, phrase: str) -> bool:
    wanted = _query_stems(phrase)
    for text in (article.title, article.text):
        found = _word_stems(text)
        for start in range(len(found) - len(wanted) + 1):
            if all(found[start + k] & wanted[k] for k in range(len(wanted))):
                return True
    return False


def _with(articles: dict[int, Article], word: str) -> set[int]:
    return {article_id for article_id, article in articles.items() if _has_word(article, word)}


def _nontrivial(ids: set[int], articles: dict[int, Article]) -> set[int]:
    """An expectation that could be told apart from "nothing" and "everything"."""
    assert 0 < len(ids) < len(articles)
    return ids


def test_a_word_finds_exactly_the_articles_with_one_of_its_forms(
    demo_store: SQLiteStore, articles: dict[int, Article]
) -> None:
    for word in ("الحوثيين", "صنعاء", "داعش", "وزير"):
        assert _hits(demo_store, word) == _nontrivial(_with(articles, word), articles), word


def test_words_are_all_required(demo_store: SQLiteStore, articles: dict[int, Article]) -> None:
    expected = _with(articles, "الحوثيين") & _with(articles, "صنعاء")
    assert _hits(demo_store, "الحوثيين صنعاء") == _nontrivial(expected, articles)
    assert _hits(demo_store, "الحوثيين AND صنعاء") == expected


def test_or_is_the_union(demo_store: SQLiteStore, articles: dict[int, Article]) -> None:
    left, right = _with(articles, "داعش"), _with(articles, "عدن")
    found = _hits(demo_store, "داعش OR عدن")
    assert found >= left and found >= right
    assert found == _nontrivial(left | right, articles)
    assert left - right and right - left  # neither side alone would pass


def test_minus_excludes_every_form_of_the_word(
    demo_store: SQLiteStore, articles: dict[int, Article]
) -> None:
    found = _hits(demo_store, "الحوثيين -صنعاء")
    assert found == _nontrivial(_with(articles, "الحوثيين") - _with(articles, "صنعاء"), articles)
    assert not any(_has_word(articles[article_id], "صنعاء") for article_id in found)
    assert _hits(demo_store, "الحوثيين NOT صنعاء") == found


def test_a_lone_exclusion_keeps_everything_else(
    demo_store: SQLiteStore, articles: dict[int, Article]
) -> None:
    expected = set(articles) - _with(articles, "السعودية")
    assert _hits(demo_store, "-السعودية") == _nontrivial(expected, articles)


def test_parentheses_group(demo_store: SQLiteStore, articles: dict[int, Article]) -> None:
    expected = (_with(articles, "داعش") | _with(articles, "القاعدة")) - _with(articles, "سوريا")
    assert _hits(demo_store, "(داعش OR القاعدة) -سوريا") == _nontrivial(expected, articles)


def test_a_phrase_needs_its_words_side_by_side(
    demo_store: SQLiteStore, articles: dict[int, Article]
) -> None:
    phrase = "وزير الخارجية"
    expected = {i for i, article in articles.items() if _has_phrase(article, phrase)}
    found = _hits(demo_store, f'"{phrase}"')
    assert found == _nontrivial(expected, articles)
    both_words = _hits(demo_store, phrase)
    assert found < both_words  # some articles have both words apart: the phrase drops them


def test_a_phrase_matches_other_spellings_of_its_words(
    demo_store: SQLiteStore, articles: dict[int, Article]
) -> None:
    spelled_otherwise = "وزير خارجيه"  # no article, ه for ة: as the texts never write it
    found = _hits(demo_store, f'"{spelled_otherwise}"')
    assert found == _hits(demo_store, '"وزير الخارجية"')
    assert not any(spelled_otherwise in articles[i].text for i in found)
    assert found == _nontrivial(
        {i for i, a in articles.items() if _has_phrase(a, spelled_otherwise)}, articles
    )


def test_an_excluded_phrase(demo_store: SQLiteStore, articles: dict[int, Article]) -> None:
    with_phrase = {i for i, a in articles.items() if _has_phrase(a, "وزير الخارجية")}
    expected = _with(articles, "وزير") - with_phrase
    assert _hits(demo_store, 'وزير -"وزير الخارجية"') == _nontrivial(expected, articles)


def test_site_keeps_one_outlet(demo_store: SQLiteStore, articles: dict[int, Article]) -> None:
    expected = {i for i, article in articles.items() if article.site == "aawsat"}
    assert _hits(demo_store, "site:aawsat") == _nontrivial(expected, articles)
    narrowed = _hits(demo_store, "الحوثيين site:aawsat")
    assert narrowed == _nontrivial(expected & _with(articles, "الحوثيين"), articles)
    either = _hits(demo_store, "site:aawsat OR site:was")
    assert either == {i for i, a in articles.items() if a.site in ("aawsat", "was")}


def test_source_is_the_credited_outlet(
    demo_store: SQLiteStore, articles: dict[int, Article]
) -> None:
    expected = {i for i, article in articles.items() if article.source == "واس"}
    assert _hits(demo_store, "source:واس") == _nontrivial(expected, articles)


def test_dates_bound_the_publication_day(
    demo_store: SQLiteStore, articles: dict[int, Article]
) -> None:
    days = sorted({a.published[:10] for a in articles.values() if a.published})
    middle = days[len(days) // 2]
    expected = {i for i, a in articles.items() if (a.published or "")[:10] >= middle}
    assert _hits(demo_store, f"from:{middle}") == _nontrivial(expected, articles)
    before = {i for i, a in articles.items() if a.published and a.published[:10] <= middle}
    arabic_digits = middle.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert _hits(demo_store, f"to:{arabic_digits}") == _nontrivial(before, articles)
    assert _hits(demo_store, f"from:{middle} to:{middle}") == expected & before


def test_entity_by_id_or_by_name(demo_store: SQLiteStore, articles: dict[int, Article]) -> None:
    by_id = {i for i, a in articles.items() if any(e.id == "org:isis" for e in a.entities)}
    assert _hits(demo_store, "entity:org:isis") == _nontrivial(by_id, articles)
    name = next(e.name for a in articles.values() for e in a.entities if e.id == "org:isis")
    assert _hits(demo_store, f'entity:"{name}"') == by_id


def test_place_by_name_in_any_spelling(
    demo_store: SQLiteStore, articles: dict[int, Article]
) -> None:
    expected = {i for i, a in articles.items() if any(p.name == "اليمن" for p in a.places)}
    assert _hits(demo_store, "place:اليمن") == _nontrivial(expected, articles)
    assert _hits(demo_store, "place:اليمن") == _hits(demo_store, "place:ٱليَمَن")


def test_lang(demo_store: SQLiteStore, articles: dict[int, Article]) -> None:
    assert _hits(demo_store, "lang:ar") == {i for i, a in articles.items() if a.lang == "ar"}
    assert _hits(demo_store, "lang:en") == set()


def test_a_malformed_query_is_a_query_error(demo_store: SQLiteStore) -> None:
    with pytest.raises(QueryError) as raised:
        search(demo_store, '"وزير الخارجية')
    assert raised.value.position == 0
    assert "تنصيص" in raised.value.message
