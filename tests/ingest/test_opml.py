"""OPML import (nested folders, either attribute spelling) and OPML 2.0 export."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from marsad.errors import InputError
from marsad.ingest.opml import OpmlFeed, read_opml, write_opml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "site"
SAUDI = "السعودية"


def test_import_flattens_folders_into_categories() -> None:
    document = read_opml((FIXTURES / "subscriptions.opml").read_bytes())
    assert document.title == "اشتراكاتي" and document.warning is None
    assert document.feeds == (
        OpmlFeed(
            "http://www.alriyadh.com/rss", "صحيفة الرياض", "http://www.alriyadh.com/", (SAUDI,)
        ),
        OpmlFeed("http://www.okaz.com.sa/rss", "عكاظ", None, (SAUDI,)),
        OpmlFeed("http://www.aleqt.com/rss.xml", "الاقتصادية & الأسواق", None, (SAUDI, "اقتصاد")),
        OpmlFeed("https://wire.example/feed?lang=ar&type=news", "Agency wire", None, ()),
    )


def test_export_is_valid_opml_2_and_round_trips_arabic_and_markup_characters() -> None:
    feeds = [
        OpmlFeed("https://a.example/rss?x=1&y=2", 'أخبار "الخليج" & <العالم>', None, ("عربي",)),
        OpmlFeed("https://b.example/feed", "الشرق الأوسط", "https://b.example/", ("عربي",)),
        OpmlFeed("https://c.example/atom.xml", "بلا تصنيف"),
    ]
    data = write_opml(feeds, title="مصادر مرصد")
    root = etree.fromstring(data)  # strict parse: well-formed
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "مصادر مرصد"
    assert root.findtext("head/dateCreated")
    assert "مصادر مرصد".encode() in data  # readable UTF-8, not character references
    assert b"&amp;" in data and b"&lt;" in data
    folders = root.findall("body/outline")
    assert [f.get("text") for f in folders] == ["عربي", "بلا تصنيف"]
    assert len(folders[0].findall("outline")) == 2
    again = read_opml(data)
    assert again.feeds == tuple(feeds)


def test_text_attribute_stands_in_for_title_and_url_for_both() -> None:
    data = b'<opml version="2.0"><body><outline xmlUrl="https://x.example/rss"/></body></opml>'
    assert read_opml(data).feeds == (OpmlFeed("https://x.example/rss", "https://x.example/rss"),)


def test_not_opml_is_an_input_error() -> None:
    with pytest.raises(InputError):
        read_opml(b"<rss version='2.0'><channel/></rss>", where="feeds.opml")
    with pytest.raises(InputError):
        read_opml(b"", where="feeds.opml")
    with pytest.raises(InputError):
        read_opml(b"<opml><head/></opml>")


def test_broken_opml_is_read_with_a_warning() -> None:
    data = b'<opml><body><outline text="a & b" xmlUrl="https://x.example/rss"/></body>'
    document = read_opml(data)
    assert document.warning and [f.xml_url for f in document.feeds] == ["https://x.example/rss"]
