"""The SQLite store: Arabic-aware search, snippets, dedup, batches, spans, reopening."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from marsad.errors import InputError, MarsadError, NotFound, StoreError
from marsad.model import Article, DateSpan, EntitySpan, PlaceSpan, QuantitySpan
from marsad.store import SQLiteStore, Store, open_store
from marsad.store import sqlite as sqlite_backend
from marsad.store.factory import sqlite_path
from marsad.store.keys import canonical_url

FILLER = "وأضاف المتحدث أن الاجتماع تناول ملفات عدة دون أن يعلن عن نتائج محددة."


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory_store:
        yield memory_store


def _article(text: str, title: str = "", **fields: object) -> Article:
    return Article(text=f"{FILLER} {text}", title=title, **fields)  # type: ignore[arg-type]


def _found(store: Store, query: str) -> list[int]:
    return [hit.id for hit in store.search(query, limit=10)]


@pytest.mark.parametrize(
    ("document", "query"),
    [
        ("سيطرت القوات على الباغوز", "باغوز"),
        ("سيطرت القوات على باغوز", "الباغوز"),
        ("وصلت التعزيزات والرقة هادئة", "الرقه"),
        ("وصلت التعزيزات إلى الرقه", "والرقة"),
        ("عاد اللاجئين إلى قراهم", "لاجئين"),
        ("عاد لاجئين إلى قراهم", "اللاجئين"),
        ("صرح أوستن للصحفيين", "اوستن"),
        ("صرح اوستن للصحفيين", "أوستن"),
        ("انفجار في المرفأ", "مرفأ"),
        ("انفجار في مرفأ بيروت", "المرفأ"),
        ("مساعدات للاجئين في المخيم", "اللاجئين"),
        ("وصل لاجئ إلى الحدود", "اللاجئين"),
        ("عاد اللّاجِئـــونَ إلى المخيّم", "اللاجئون"),
        ("جرت الانتخابات في ٢٠١٩ بهدوء", "2019"),
        ("جرت الانتخابات في 2019 بهدوء", "٢٠١٩"),
    ],
)
def test_arabic_variants_find_each_other(store: SQLiteStore, document: str, query: str) -> None:
    [target, _other] = store.add_articles(
        [_article(document), _article("خبر عن الطقس في عمان والأمطار الغزيرة")]
    )
    assert _found(store, query) == [target.id]


def test_unrelated_words_do_not_match(store: SQLiteStore) -> None:
    store.add_articles([_article("انفجار في المرفأ")])
    assert _found(store, "الباغوز") == []
    assert _found(store, "المرفأ الباغوز") == []  # every query word must match


@pytest.mark.parametrize("query", ["", "   ", "؟!،.", '" OR "', "*", '""', "-؟"])
def test_empty_or_punctuation_query_finds_nothing(store: SQLiteStore, query: str) -> None:
    store.add_articles([_article("نص عادي")])
    assert store.search(query, limit=10) == []


@pytest.mark.parametrize("query", ['"', "NEAR(", "-", "عادي)", "foo:bar"])
def test_malformed_query_is_an_input_error(store: SQLiteStore, query: str) -> None:
    store.add_articles([_article("نص عادي")])
    with pytest.raises(InputError):
        store.search(query, limit=10)


def test_fts_syntax_in_user_text_is_only_words(store: SQLiteStore) -> None:
    store.add_articles([_article("قال الوزير NOT شيئا"), _article("قال الوزير كلاما")])
    assert len(_found(store, 'الوزير "NOT"')) == 1  # quoted: the word, not the operator
    assert len(_found(store, "الوزير NEAR*")) == 0  # FTS5 syntax is plain text here
    assert _found(store, 'الوزير" OR "x') == []


def test_title_match_ranks_first(store: SQLiteStore) -> None:
    body_only = _article("ذكر التقرير دوما مرة عابرة في سياق طويل " * 3, title="تقرير عام")
    in_title = _article("تقرير قصير عن الأحداث", title="الوضع في دوما")
    ids = [result.id for result in store.add_articles([body_only, in_title])]
    hits = store.search("دوما", limit=10)
    assert [hit.id for hit in hits] == [ids[1], ids[0]]
    assert hits[0].score > hits[1].score
    assert hits[0].title == "الوضع في دوما"


def test_limit_and_offset_page_through_hits(store: SQLiteStore) -> None:
    store.add_articles([_article(f"خبر رقم {n} عن غزة") for n in range(5)])
    everything = _found(store, "غزة")
    assert len(everything) == 5
    assert [h.id for h in store.search("غزة", limit=2, offset=2)] == everything[2:4]


def test_snippet_is_raw_text_with_hits_marked(store: SQLiteStore) -> None:
    store.add_articles([_article("عاد اللّاجِئـــونَ إلى المخيّم ٢٠١٩")])
    [hit] = store.search("اللاجئين 2019", limit=1)
    assert "[اللّاجِئـــونَ]" in hit.snippet
    assert "[٢٠١٩]" in hit.snippet
    assert "المخيّم" in hit.snippet  # unmatched words keep their diacritics too


def test_same_url_with_tracking_params_is_a_duplicate(store: SQLiteStore) -> None:
    [first] = store.add_articles([_article("خبر أول", url="https://news.example/a/1")])
    [again] = store.add_articles(
        [_article("خبر معدل", url="https://NEWS.example/a/1/?utm_source=fb#x")]
    )
    assert first.new and not again.new
    assert again.id == first.id and again.duplicate
    assert store.count() == 1


def test_same_text_under_another_url_is_a_duplicate(store: SQLiteStore) -> None:
    [first] = store.add_articles([_article("خبر أول", title="ع", url="https://a.example/1")])
    [again] = store.add_articles([_article("خَبَر  أوّل", title="ع", url="https://b.example/9")])
    assert again.id == first.id and not again.new


def test_same_external_id_from_the_same_site_is_a_duplicate(store: SQLiteStore) -> None:
    [first] = store.add_articles([_article("خبر أول", external_id="doc-1", site="عنب")])
    [again] = store.add_articles([_article("نص مختلف تماما", external_id="doc-1", site="عنب")])
    assert again.id == first.id and not again.new


def test_same_external_id_from_elsewhere_is_a_new_article(store: SQLiteStore) -> None:
    [first] = store.add_articles([_article("خبر أول", external_id="1", site="عنب")])
    [other_site] = store.add_articles([_article("خبر ثان", external_id="1", site="زمان")])
    [no_site] = store.add_articles([_article("خبر ثالث", external_id="1")])
    [no_site_again] = store.add_articles([_article("خبر رابع", external_id="1")])
    assert other_site.new and no_site.new and no_site_again.new
    assert len({first.id, other_site.id, no_site.id, no_site_again.id}) == 4


def test_duplicates_inside_one_batch(store: SQLiteStore) -> None:
    results = store.add_articles(
        [_article("خبر", url="https://x.example/1"), _article("آخر", url="https://x.example/1/")]
    )
    assert results[1].id == results[0].id and not results[1].new


def test_a_failing_article_does_not_lose_its_batch(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "m.db", batch_size=3) as store:
        results = store.add_articles(
            [
                _article("الأول"),
                _article("يشير إلى مقال غير موجود", duplicate_of=999),  # foreign key fails
                _article("الثالث"),
                _article("رابط معطوب", url="http://[::1/x"),  # not a parsable URL
                _article("الرابع"),
            ]
        )
        assert [r.new for r in results] == [True, False, True, False, True]
        assert results[1].id is None and results[1].error
        assert results[3].id is None and results[3].error
        assert store.count() == 3
        assert _found(store, "الثالث") == [results[2].id]
        assert _found(store, "مقال") == []  # its search row was rolled back too
        assert _found(store, "الرابع") == [results[4].id]


def test_an_interrupted_batch_keeps_the_batches_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of a batch undoes that batch only, and leaves no open transaction."""

    def canonical_or_stop(url: str | None) -> str | None:
        if url == "https://stop.example/":
            raise KeyboardInterrupt
        return canonical_url(url)

    monkeypatch.setattr(sqlite_backend, "canonical_url", canonical_or_stop)
    articles = [_article(f"خبر {n}", external_id=str(n)) for n in range(3)]
    articles.append(_article("خبر أخير", url="https://stop.example/"))
    with SQLiteStore(tmp_path / "i.db", batch_size=2) as store:
        with pytest.raises(KeyboardInterrupt):
            store.add_articles(articles)
        assert [a.external_id for a in store.iter_articles()] == ["0", "1"]
        assert store.add_articles([articles[2]])[0].new
    with SQLiteStore(tmp_path / "i.db") as store:
        assert [a.external_id for a in store.iter_articles()] == ["0", "1", "2"]


def test_reopened_database_keeps_everything(tmp_path: Path) -> None:
    db = tmp_path / "data" / "marsad.db"
    with open_store(db) as store:
        [result] = store.add_articles([_article("الباغوز", url="https://x.example/1")])
    with open_store(db) as store:
        assert store.count() == 1
        assert _found(store, "باغوز") == [result.id]
        assert store.add_articles([_article("الباغوز", url="https://x.example/1")])[0].new is False


def test_article_and_spans_round_trip(store: SQLiteStore) -> None:
    article = Article(
        text="قال جيمس ماتيس إن 400 ألف شخص نزحوا من دمشق في 5 آذار 2018",
        title="نزوح",
        url="https://x.example/n",
        external_id="ext-7",
        site="موقع",
        source="رويترز",
        author="مراسل",
        published="2018-03-06T10:00:00+03:00",
        tags=("سوريا", "نزوح"),
        related=("عنوان مرتبط",),
        lang="ar",
        origin="file.jsonl:3",
        first_seen="2018-03-06T08:15:00+00:00",
        story=4,
        entities=(
            EntitySpan("جيمس ماتيس", 4, 14, "PER", "per:mattis", "جيمس ماتيس"),
            EntitySpan("دمشق", 40, 44, "LOC", "loc:damascus", "دمشق"),
        ),
        places=(PlaceSpan("دمشق", 40, 44, "دمشق", "SY", 33.5102, 36.29128),),
        dates=(DateSpan("5 آذار 2018", 48, 59, "2018-03-05"),),
        quantities=(QuantitySpan("400 ألف شخص", 18, 29, 400000.0, "people", "displaced"),),
    )
    [result] = store.add_articles([article])
    assert result.id is not None
    loaded = store.get(result.id)
    assert loaded == replace(article, id=result.id)
    assert list(store.iter_articles()) == [loaded]


def test_get_missing_raises_not_found(store: SQLiteStore) -> None:
    with pytest.raises(NotFound):
        store.get(12345)


def test_iter_articles_streams_by_id_across_pages(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "p.db", batch_size=4) as store:
        results = store.add_articles([_article(f"خبر {n}", external_id=str(n)) for n in range(10)])
        streamed = list(store.iter_articles())
    assert [a.id for a in streamed] == [r.id for r in results]
    assert [a.external_id for a in streamed] == [str(n) for n in range(10)]


def test_sqlite_is_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "w.db") as store:
        store.add_articles([_article("x")])
    connection = sqlite3.connect(tmp_path / "w.db")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


@pytest.mark.parametrize(
    ("db", "path"),
    [
        ("data/m.db", "data/m.db"),
        ("sqlite:///data/m.db", "data/m.db"),
        ("sqlite:////abs/m.db", "/abs/m.db"),
        ("sqlite:///:memory:", ":memory:"),
        (Path("x.db"), "x.db"),
    ],
)
def test_database_urls(db: str | Path, path: str) -> None:
    assert sqlite_path(db) == path


@pytest.mark.parametrize("db", ["postgresql://user@host/marsad", "mysql://host/db"])
def test_other_backends_are_refused_with_a_message(db: str) -> None:
    with pytest.raises(StoreError) as raised:
        open_store(db)
    assert isinstance(raised.value, MarsadError)
    if db.startswith("postgresql"):
        assert "not available yet" in str(raised.value)
