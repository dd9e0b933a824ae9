"""Outlets: the curated table, Arabic display names, and the outlet page's facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import NotFound
from marsad.model import Article
from marsad.resources import resource_path
from marsad.services.outlets import KIND_LABELS, load_outlets, outlet_name, outlet_view
from marsad.store import SQLiteStore


def test_the_shipped_table_is_consistent() -> None:
    table = load_outlets(resource_path("outlets/outlets.tsv"))
    domains = [outlet.domain for outlet in table.outlets]
    assert len(domains) == len(set(domains)) >= 60
    assert {outlet.kind for outlet in table.outlets} == set(KIND_LABELS)
    for outlet in table.outlets:
        assert outlet.name and outlet.name_en and "." in outlet.domain
        assert any("\u0600" <= char <= "\u06ff" for char in outlet.name), outlet.domain


@pytest.mark.parametrize(
    ("site", "name"),
    [
        ("aawsat", "الشرق الأوسط"),
        ("aawsat.com", "الشرق الأوسط"),
        ("www.aawsat.com", "الشرق الأوسط"),
        ("english.aawsat.com", "الشرق الأوسط"),
        ("was", "وكالة الأنباء السعودية (واس)"),
        ("arabic.rt.com", "آر تي عربي"),
        ("arabic.cnn.com", "سي إن إن بالعربية"),
        ("unknown.example", "unknown.example"),
        ("arabic", "arabic"),  # a generic first label names no outlet
        (None, ""),
    ],
)
def test_display_names(site: str | None, name: str) -> None:
    assert outlet_name(site) == name


def test_a_malformed_table_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "outlets.tsv"
    table.write_text("x.com\tإكس\tX\tblog\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"outlets\.tsv:1"):
        load_outlets(table)


def _copies(store: SQLiteStore) -> None:
    ids = [
        int(result.id or 0)
        for result in store.add_articles(
            [
                Article(text="نص وكالة الأنباء الأصلي الأول", title="واس 1", site="was"),
                Article(text="نص منقول أول عن الوكالة", title="منقول 1", site="aawsat"),
                Article(text="نص منقول ثان عن الوكالة", title="منقول 2", site="aawsat"),
                Article(text="صفحة أعاد الموقع نشرها", title="إعادة", site="was"),
                Article(text="خبر خاص بالرياض", title="الرياض", site="alriyadh"),
            ]
        )
    ]
    store.set_duplicate(ids[1], ids[0])
    store.set_duplicate(ids[2], ids[0])
    store.set_duplicate(ids[3], ids[0])  # the outlet republishing itself: not a copy
    store.set_duplicate(ids[4], ids[1])


def test_outlet_view_counts_copies_both_ways_never_itself(store: SQLiteStore) -> None:
    _copies(store)
    view = outlet_view(store, "aawsat")
    assert (view["name"], view["kind"], view["articles"]) == ("الشرق الأوسط", "newspaper", 2)
    assert view["copies_from"] == [
        {"site": "was", "name": "وكالة الأنباء السعودية (واس)", "count": 2}
    ]
    assert view["copied_by"] == [{"site": "alriyadh", "name": "الرياض", "count": 1}]
    agency = outlet_view(store, "was")
    assert agency["copies_from"] == []
    assert [row["site"] for row in agency["copied_by"]] == ["aawsat"]


def test_outlet_view_finds_the_outlet_by_its_domain(store: SQLiteStore) -> None:
    _copies(store)
    view = outlet_view(store, "aawsat.com")
    assert view["site"] == "aawsat" and view["articles"] == 2


def test_an_outlet_without_articles_is_not_found(store: SQLiteStore) -> None:
    with pytest.raises(NotFound, match="لا مقالات"):
        outlet_view(store, "nowhere.example")
