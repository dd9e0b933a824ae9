"""Atom documents: text XML 1.0 cannot hold is removed, everything else kept."""

from __future__ import annotations

from lxml import etree

from marsad.services.feeds import FeedEntry, atom_feed, xml_text

ATOM = "{http://www.w3.org/2005/Atom}"


def test_xml_text_removes_only_what_xml_forbids() -> None:
    kept = "عنوان\tمع\nأسطر\rو😀 و\ue000 و\x7f"
    assert xml_text(kept) == kept
    forbidden = "".join(chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
    assert xml_text(f"a{forbidden}b\ud800c\udfffd\ufffee\uffff") == "abcde"


def test_a_feed_of_hostile_text_parses() -> None:
    entry = FeedEntry(
        article_id=1,
        title="خبر\x08 عاجل",
        link="https://marsad.example.org/articles/1",
        updated="2024-03-01T09:00:00Z",
        summary="ملخص\x01\ud800",
        site="site\x0b.example.com",
    )
    document = atom_feed(
        feed_id="search:a\x01",
        title="بحث: a\x01",
        self_url="https://marsad.example.org/feeds/search.atom?q=a%01",
        page_url="https://marsad.example.org/search?q=a%01",
        entries=[entry],
    )
    root = etree.fromstring(document)
    assert root.findtext(f"{ATOM}title") == "بحث: a"
    parsed = root.find(f"{ATOM}entry")
    assert parsed is not None
    assert parsed.findtext(f"{ATOM}title") == "خبر عاجل"
    assert parsed.findtext(f"{ATOM}summary") == "ملخص"
    assert parsed.findtext(f"{ATOM}author/{ATOM}name") == "site.example.com"
