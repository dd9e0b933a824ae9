"""Saved searches: validated fields, names resolved to facet values, edit, pause, delete."""

from __future__ import annotations

import pytest

from marsad.errors import InputError, NotFound
from marsad.model import Article, EntitySpan, PlaceSpan
from marsad.services.query import QueryError
from marsad.services.suggest import suggest
from marsad.services.watchlists import (
    delete_watchlist,
    get_watchlist,
    list_watchlists,
    save_search,
    update_watchlist,
    watchlist_view,
)
from marsad.store import SQLiteStore

TEXT = "قال تنظيم داعش إن مقاتليه دخلوا صنعاء."


def _annotated(store: SQLiteStore) -> None:
    isis = EntitySpan("داعش", 9, 13, "ORG", "org:isis", "داعش")
    sanaa = PlaceSpan("صنعاء", 33, 38, "صنعاء", "YE", 15.35, 44.2)
    store.add_articles(
        [
            Article(title="خبر", text=TEXT, entities=(isis,), places=(sanaa,)),
            Article(
                title="الدولة الإسلامية",
                text="بيان من الدولة الإسلامية.",
                entities=(
                    EntitySpan("الدولة الإسلامية", 8, 24, "ORG", "org:is", "الدولة الإسلامية"),
                ),
            ),
        ]
    )


def test_names_are_resolved_and_suggested(store: SQLiteStore) -> None:
    _annotated(store)
    saved = save_search(store, {"name": "داعش في صنعاء", "entity": "داعش", "place": "صنعا"})
    assert (saved["entity"], saved["place"]) == ("org:isis", "صنعاء")
    # Prefix of any word, the article ignored, spelling folded (إ/ا, ة/ه).
    assert [s["value"] for s in suggest(store, "entity", "اسلام")] == ["org:is"]
    assert [s["value"] for s in suggest(store, "entity", "الدوله")] == ["org:is"]
    assert suggest(store, "place", "صن")[0] == {
        "value": "صنعاء",
        "label": "صنعاء",
        "detail": "YE",
        "count": 1,
    }
    with pytest.raises(InputError, match="لا يوجد كيان بهذا الاسم"):
        save_search(store, {"entity": "القاعدة"})
    with pytest.raises(NotFound):
        save_search(store, {"entity": "per:nobody"})


def test_fields_are_validated(store: SQLiteStore) -> None:
    with pytest.raises(QueryError):
        save_search(store, {"query": '"صنعاء'})
    with pytest.raises(InputError, match="query or at least one facet"):
        save_search(store, {"name": "فارغة"})
    with pytest.raises(InputError, match="http"):
        save_search(store, {"query": "x", "webhook_url": "javascript:alert(1)"})
    with pytest.raises(InputError, match="e-mail"):
        save_search(store, {"query": "x", "email_to": "not-an-address"})
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        save_search(store, {"query": "x", "date_from": "2024-1-1"})


def test_edit_pause_and_delete(store: SQLiteStore) -> None:
    saved = save_search(store, {"query": "زلزال", "site": "a.example"})
    assert saved["webhook_secret"] is None and saved["name"] == "زلزال"
    edited = update_watchlist(
        store,
        saved["id"],
        {"query": "زلزال OR هزة", "site": "", "webhook_url": "https://h.example/x"},
    )
    assert edited["query"] == "زلزال OR هزة" and edited["site"] is None
    assert len(edited["webhook_secret"]) == 64
    paused = update_watchlist(store, saved["id"], {"paused": True})
    assert paused["paused"] == 1 and paused["webhook_secret"] == edited["webhook_secret"]
    [listed] = list_watchlists(store)
    assert listed["paused"] is True and "webhook_secret" not in listed and listed["has_secret"]
    view = watchlist_view(store, saved["id"])
    assert "webhook_secret" not in view["watchlist"]
    delete_watchlist(store, saved["id"])
    with pytest.raises(NotFound):
        get_watchlist(store, saved["id"])


def test_copies_are_folded_and_source_and_lang_narrow_the_page(store: SQLiteStore) -> None:
    saved = save_search(store, {"query": "زلزال", "lang": "ar", "source": "واس"})
    results = store.add_articles(
        [
            Article(title="زلزال 1", text="زلزال يضرب.", lang="ar", source="واس", site="a"),
            Article(title="زلزال 2", text="زلزال يضرب المدينة.", lang="ar", source="واس", site="b"),
            Article(title="زلزال 3", text="زلزال آخر.", lang="ar", source="سانا", site="c"),
            Article(title="زلزال 4", text="زلزال رابع.", lang="en", source="واس", site="d"),
        ]
    )
    head, copy = results[0].id, results[1].id
    assert head and copy
    with store.tracking():
        store.set_duplicate(copy, head)
    view = watchlist_view(store, saved["id"])
    assert view["total"] == 2
    [match] = view["matches"]
    assert match["id"] in (head, copy) and [c["site"] for c in match["copies"]] in (["a"], ["b"])
