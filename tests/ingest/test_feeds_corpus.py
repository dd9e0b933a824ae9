"""Every sampled feed of feedparser's own test suite through `marsad.ingest.feeds`.

No input may raise anything but `FeedError`, and wherever feedparser (asked directly,
with the same headers and base) finds an entry link, Marsad finds the same link.
"""

from __future__ import annotations

import pytest
from support.feed_corpus import CorpusFeed, corpus_feeds, reference_links

from marsad.ingest.feeds import Feed, FeedError, read_feed

FEEDS = corpus_feeds()


def _read(feed: CorpusFeed) -> Feed | FeedError:
    try:
        return read_feed(
            feed.data,
            url=feed.url,
            content_type=feed.content_type,
            content_location=feed.content_location,
        )
    except FeedError as error:
        return error


@pytest.mark.parametrize("feed", FEEDS, ids=[feed.name for feed in FEEDS])
def test_corpus_feed_gives_feedparsers_links_or_a_feed_error(feed: CorpusFeed) -> None:
    read = _read(feed)
    expected = reference_links(feed)
    if isinstance(read, FeedError):
        assert read.message.startswith("not a feed") and "\n" not in read.message
        assert not any(expected), "feedparser found links in a document said to hold no feed"
        return
    found = [entry.url for entry in read.entries]
    assert len(found) == len(expected)
    for index, link in enumerate(expected):
        if link is not None:
            assert found[index] == link, f"entry {index}"
    assert all(url is None or url.startswith(("http://", "https://")) for url in found)


def test_the_sample_holds_the_cases_that_matter() -> None:
    names = {feed.name for feed in FEEDS}
    assert len(FEEDS) > 500
    for case in (
        "illformed/undeclared_namespace.xml",
        "illformed/rss_item_link_corrupted_ampersands.xml",
        "wellformed/rss/item_guid_isPermaLink_ValueError.xml",
        "wellformed/http/headers_content_location-relative.xml",
        "wellformed/cdf/item_href_map_link.xml",
    ):
        assert case in names
    with_links = [feed for feed in FEEDS if any(reference_links(feed))]
    assert len(with_links) >= 40  # the comparison above is not an empty one
    assert sum(1 for feed in FEEDS if feed.content_location) >= 2
