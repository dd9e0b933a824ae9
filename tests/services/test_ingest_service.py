"""The ingest use-case: streaming, counting, rejecting, never losing what was stored."""

from __future__ import annotations

import itertools
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import pytest

from marsad.errors import ExtractionError
from marsad.model import Article, IngestReport, Rejected
from marsad.services.ingest import INTERNAL_ERROR, ingest
from marsad.store import AddResult, SQLiteStore
from marsad.store.keys import canonical_url, content_hash

# The `real_articles` fixture (conftest.py): the first N articles of the ANT corpus.
RealArticles = Callable[[int], Iterator[Article]]


def _articles(count: int, prefix: str = "خبر") -> list[Article]:
    return [
        Article(
            text=f"{prefix} رقم {n} عن الأوضاع في المدينة",
            url=f"https://news.example/{prefix}/{n}",
            origin=f"input.jsonl:{n + 1}",
        )
        for n in range(count)
    ]


def test_counts_new_and_duplicates(store: SQLiteStore) -> None:
    first = ingest(store, _articles(7))
    assert (first.new, first.duplicates, first.rejected, first.errors) == (7, 0, 0, 0)
    again = ingest(store, _articles(7), batch_size=3)
    assert (again.new, again.duplicates) == (0, 7)
    assert store.count() == 7


def test_reingest_with_changed_urls_text_or_ids_adds_nothing(store: SQLiteStore) -> None:
    originals = [
        replace(a, external_id=f"id-{n}", site="أخبار") for n, a in enumerate(_articles(3))
    ]
    ingest(store, originals)
    tracked = [replace(a, url=f"{a.url}?utm_source=rss&utm_medium=feed") for a in originals]
    moved = [replace(a, url=f"https://mirror.example/{n}") for n, a in enumerate(originals)]
    renamed = [replace(a, url=None, text=a.text + " محدث") for a in originals]
    report = ingest(store, tracked + moved + renamed)
    assert (report.new, report.duplicates) == (0, 9)


def test_rejects_mid_stream_are_counted_and_the_rest_kept(store: SQLiteStore) -> None:
    good = _articles(4)
    items: list[Article | Rejected] = [
        good[0],
        Rejected("bad-json", "Expecting value", "input.jsonl:2"),
        good[1],
        Rejected("missing-text", "no text field", "input.jsonl:4"),
        Rejected("bad-json", "Unterminated string", "input.jsonl:5"),
        good[2],
        good[3],
    ]
    report = ingest(store, items, batch_size=2)
    assert (report.new, report.rejected) == (4, 3)
    assert report.reasons == {"bad-json": 2, "missing-text": 1}
    assert [r.where for r in report.examples] == ["input.jsonl:2", "input.jsonl:4", "input.jsonl:5"]
    assert store.count() == 4


def test_enrichment_errors_reject_or_count_without_stopping(store: SQLiteStore) -> None:
    def enrich(article: Article) -> Article:
        if "رقم 1 " in article.text:
            raise ExtractionError("nothing left after cleaning")
        if "رقم 2 " in article.text:
            raise KeyError("broken step")
        return replace(article, lang="ar")

    report = ingest(store, _articles(4), enrich=enrich)
    assert (report.new, report.rejected, report.errors) == (2, 1, 1)
    assert report.reasons == {"empty-text": 1}
    codes = {(r.code, r.where) for r in report.examples}
    assert codes == {("empty-text", "input.jsonl:2"), (INTERNAL_ERROR, "input.jsonl:3")}
    assert {a.lang for a in store.iter_articles()} == {"ar"}


class _GroupEnricher:
    """Enriches one article or a group; a group holding a bad article fails whole."""

    def __init__(self) -> None:
        self.groups: list[int] = []

    def __call__(self, article: Article) -> Article:
        if "رقم 5 " in article.text:
            raise ExtractionError("nothing left after cleaning")
        return replace(article, lang="ar")

    def many(self, articles: list[Article]) -> list[Article]:
        self.groups.append(len(articles))
        return [self(article) for article in articles]


def test_an_enricher_of_groups_reads_several_articles_per_call(store: SQLiteStore) -> None:
    enricher = _GroupEnricher()
    report = ingest(store, _articles(20)[:5] + _articles(20)[6:], enrich=enricher)
    assert report.new == 19
    assert enricher.groups == [8, 8, 3]
    assert {a.lang for a in store.iter_articles()} == {"ar"}


def test_a_bad_article_costs_only_itself_in_a_group(store: SQLiteStore) -> None:
    enricher = _GroupEnricher()
    report = ingest(store, _articles(10), enrich=enricher)
    assert (report.new, report.rejected) == (9, 1)
    assert [r.where for r in report.examples] == ["input.jsonl:6"]
    assert store.count() == 9


def test_a_store_failure_of_one_article_counts_as_an_error(store: SQLiteStore) -> None:
    items = _articles(3)
    items[1] = replace(items[1], duplicate_of=424242)  # refers to no stored article
    report = ingest(store, items)
    assert (report.new, report.errors) == (2, 1)
    assert [r.where for r in report.examples] == ["input.jsonl:2"]


class _RecordingStore(SQLiteStore):
    """Notes how many input items had been pulled at each write."""

    def __init__(self, pulled: list[int]) -> None:
        super().__init__(":memory:")
        self.pulled = pulled
        self.pulled_at_write: list[int] = []

    def add_articles(self, articles: Iterable[Article]) -> list[AddResult]:
        self.pulled_at_write.append(self.pulled[0])
        return super().add_articles(articles)


def test_input_is_streamed_in_batches() -> None:
    pulled = [0]

    def items() -> Iterator[Article]:
        for article in _articles(25):
            pulled[0] += 1
            yield article

    progress: list[int] = []
    with _RecordingStore(pulled) as store:
        report = ingest(store, items(), batch_size=10, on_progress=progress.append)
        assert store.pulled_at_write == [10, 20, 25]
    assert report.new == 25
    assert progress == [10, 20, 25]


def test_duplicates_point_at_an_article_sharing_a_key(
    store: SQLiteStore, real_articles: RealArticles
) -> None:
    """On real data (with its repeated URLs and texts), every duplicate is a true one."""
    articles = list(real_articles(1500))
    results = store.add_articles(articles)
    duplicates = [(a, r) for a, r in zip(articles, results, strict=True) if r.duplicate]
    assert duplicates, "the corpus is known to repeat URLs and texts"
    for article, result in duplicates:
        assert result.id is not None
        kept = store.get(result.id)
        assert (
            canonical_url(kept.url) == canonical_url(article.url)
            or content_hash(kept.title, kept.text) == content_hash(article.title, article.text)
            or kept.external_id == article.external_id
        )
    new_urls = [canonical_url(a.url) for a in store.iter_articles()]
    assert len(new_urls) == len(set(new_urls)) == sum(r.new for r in results)


# 10,000 articles cut from real text: each paragraph of the corpus (its first
# PARAGRAPH_CHARS characters) under its article's title.
STREAMED_ARTICLES = 10_000
PARAGRAPH_CHARS = 300
# The store remembers the stems of up to this many words: a constant, not a share of
# the input; kept small so that what is measured is the streaming, not the memo.
TERM_CACHE = 5_000
# Peak traced memory of the ingest, as a share of the memory the whole input takes
# once materialised as a list of articles. Measured: about 0.24 (one batch of 500
# in flight plus the memo); a run that kept every article would exceed 1.
MAX_PEAK_SHARE_OF_INPUT = 0.35


def _paragraph_articles(real_articles: RealArticles) -> Iterator[Article]:
    for article in real_articles(100_000):
        for number, paragraph in enumerate(article.text.split("\n")):
            if len(paragraph) > 80:
                origin = f"{article.origin}#{number}"
                yield Article(text=paragraph[:PARAGRAPH_CHARS], title=article.title, origin=origin)


def _traced(make: Callable[[], object]) -> tuple[object, int, int]:
    """Run `make` under tracemalloc: its result, the memory still held, the peak."""
    tracemalloc.start()
    try:
        result = make()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, current, peak


@pytest.mark.slow
def test_memory_stays_bounded_while_streaming(real_articles: RealArticles) -> None:
    def stream() -> Iterator[Article]:
        return itertools.islice(_paragraph_articles(real_articles), STREAMED_ARTICLES)

    whole, input_memory, _ = _traced(lambda: list(stream()))
    assert isinstance(whole, list) and len(whole) == STREAMED_ARTICLES
    del whole

    with SQLiteStore(":memory:", term_cache_size=TERM_CACHE) as store:
        report, _, peak = _traced(lambda: ingest(store, stream()))
        assert isinstance(report, IngestReport)
        assert report.new + report.duplicates == STREAMED_ARTICLES
        assert store.count() == report.new
    assert peak < MAX_PEAK_SHARE_OF_INPUT * input_memory, (peak, input_memory)


def test_each_article_is_stamped_with_when_it_was_first_seen(store: SQLiteStore) -> None:
    from datetime import UTC, datetime

    captured = "2015-03-01T06:00:00+00:00"
    kept, stamped = _articles(2)
    before = datetime.now(UTC).replace(microsecond=0)
    report = ingest(store, [replace(kept, first_seen=captured), stamped])
    assert report.new == 2
    first, second = store.iter_articles()
    assert first.first_seen == captured  # a crawl's or an archive's own time is kept
    assert second.first_seen is not None
    assert before <= datetime.fromisoformat(second.first_seen) <= datetime.now(UTC)


def test_the_enricher_sees_a_fetch_or_capture_time_never_the_ingest_time(
    store: SQLiteStore,
) -> None:
    """Relative days count back from when a page was fetched or captured; the time a
    file is ingested says nothing of when its pages were written."""
    seen: list[str | None] = []

    def enrich(article: Article) -> Article:
        seen.append(article.first_seen)
        return article

    captured = "2015-03-01T06:00:00+00:00"
    first, *others = _articles(3)
    ingest(store, [replace(first, first_seen=captured), *others], enrich=enrich)
    assert seen == [captured, None, None]
    assert all(article.first_seen for article in store.iter_articles())  # stored: now
