"""Dedup keys: the canonical URL and the folded content hash."""

from __future__ import annotations

import pytest

from marsad.store.keys import canonical_url, content_hash


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("HTTPS://WWW.Example.COM/news/1", "https://www.example.com/news/1"),
        ("https://example.com/news/1/", "https://example.com/news/1"),
        ("https://example.com/news/1#comments", "https://example.com/news/1"),
        ("https://example.com/news/1?utm_source=tw&utm_medium=x", "https://example.com/news/1"),
        ("https://example.com/news/1?fbclid=abc", "https://example.com/news/1"),
        ("https://example.com/news/1?gclid=abc&UTM_campaign=y", "https://example.com/news/1"),
        ("https://example.com:443/news/1", "https://example.com/news/1"),
        ("https://example.com/news?b=2&a=1", "https://example.com/news?a=1&b=2"),
        (
            "https://example.com/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7",
            "https://example.com/سوريا",
        ),
    ],
)
def test_url_variants_share_a_key(variant: str, plain: str) -> None:
    assert canonical_url(variant) == canonical_url(plain)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://example.com/news/1", "https://example.com/news/2"),
        ("https://example.com/news?id=1", "https://example.com/news?id=2"),
        ("https://example.com/News/1", "https://example.com/news/1"),  # paths are case-sensitive
        ("https://a.example.com/x", "https://b.example.com/x"),
    ],
)
def test_different_pages_keep_different_keys(first: str, second: str) -> None:
    assert canonical_url(first) != canonical_url(second)


def test_canonical_form_is_readable() -> None:
    assert (
        canonical_url("HTTPS://Example.com/a/b/?utm_source=x&id=7#top")
        == "https://example.com/a/b?id=7"
    )


def test_missing_url_has_no_key() -> None:
    assert canonical_url(None) is None
    assert canonical_url("   ") is None


def test_content_hash_ignores_spelling_noise() -> None:
    plain = content_hash("نزوح اللاجئين", "قال مسؤول إن 400 ألف شخص نزحوا من الغوطة")
    noisy = content_hash("نُزوح  اللاجئيـــن", "قال مسؤولٌ إنّ ٤٠٠ ألف شخص\nنزحوا من الغوطة  ")
    assert plain == noisy


def test_content_hash_tells_texts_and_titles_apart() -> None:
    base = content_hash("عنوان", "نص الخبر الأول")
    assert base != content_hash("عنوان", "نص الخبر الثاني")
    assert base != content_hash("عنوان آخر", "نص الخبر الأول")
    # the boundary between title and text is part of the key
    assert content_hash("أ ب", "ج") != content_hash("أ", "ب ج")
