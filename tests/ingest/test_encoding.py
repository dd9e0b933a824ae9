"""Decoding Arabic pages served in legacy encodings, with and without declarations."""

from __future__ import annotations

import codecs

import pytest
from ingest_data import seed_paragraphs

from marsad.errors import DecodingError
from marsad.ingest import extract_html
from marsad.ingest.encoding import (
    charset_from_content_type,
    decode_bytes,
    decode_document,
    sniff_meta_charset,
)

PARAGRAPHS = seed_paragraphs()


def _page(paragraphs: list[str], meta: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head>{meta}<title>التحالف الدولي يجدد التزامه</title></head>"
        f"<body><article>{body}</article></body></html>"
    )


@pytest.mark.parametrize("codec", ["windows-1256", "iso-8859-6"])
def test_charset_only_in_meta_tag(codec: str) -> None:
    page = _page(
        PARAGRAPHS, f'<meta http-equiv="Content-Type" content="text/html; charset={codec}">'
    )
    decoded = decode_bytes(page.encode(codec), where="page.html")
    assert decoded == page


@pytest.mark.parametrize("codec", ["windows-1256", "iso-8859-6"])
def test_no_declaration_at_all(codec: str) -> None:
    page = _page(PARAGRAPHS)
    decoded = decode_bytes(page.encode(codec), where="page.html")
    assert PARAGRAPHS[0] in decoded
    assert PARAGRAPHS[-1] in decoded


def test_extract_html_from_windows_1256_bytes() -> None:
    page = _page(PARAGRAPHS, '<meta charset="windows-1256">')
    article = extract_html(page.encode("windows-1256"), where="page.html")
    assert PARAGRAPHS[0] in article.text
    assert article.lang == "ar"


def test_bom_beats_a_wrong_declaration() -> None:
    text = "<p>مرحبا بالعالم</p>"
    data = codecs.BOM_UTF8 + text.encode("utf-8")
    assert decode_bytes(data, declared="windows-1256") == text


def test_http_declared_charset_is_used() -> None:
    text = "<p>خبر عاجل من دمشق</p>"
    assert decode_bytes(text.encode("windows-1256"), declared="windows-1256") == text


def test_a_declaration_that_cannot_decode_is_not_trusted() -> None:
    page = _page(PARAGRAPHS[:2], '<meta charset="utf-8">')
    assert PARAGRAPHS[0] in decode_bytes(page.encode("windows-1256"))


def test_utf8_is_preferred() -> None:
    text = "نص عربي مع é وأرقام ١٢٣"
    assert decode_bytes(text.encode("utf-8")) == text


def test_undecodable_bytes_raise() -> None:
    garbage = bytes(range(0, 32)) * 200 + b"\x81\x8d\x8f\x90\x9d" * 100
    with pytest.raises(DecodingError) as caught:
        decode_bytes(garbage, where="bad.html")
    assert caught.value.where == "bad.html"


def test_header_and_meta_parsing() -> None:
    assert charset_from_content_type("text/html; charset=Windows-1256") == "Windows-1256"
    assert charset_from_content_type("text/html") is None
    assert sniff_meta_charset(b'<meta charset="iso-8859-6">') == "iso-8859-6"
    assert sniff_meta_charset(b"<p>nothing declared</p>") is None


def test_utf8_beats_a_wrong_declared_charset() -> None:
    page = _page(PARAGRAPHS, '<meta charset="windows-1256">')
    data = page.encode("utf-8")
    assert decode_bytes(data, where="page.html") == page
    assert decode_bytes(data, declared="windows-1256") == page
    decoded = decode_document(data, declared="windows-1256")
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 0)


def test_windows_1256_declared_still_decodes_right() -> None:
    page = _page(PARAGRAPHS, '<meta charset="windows-1256">')
    decoded = decode_document(page.encode("windows-1256"), declared="windows-1256")
    assert decoded.text == page
    assert (decoded.encoding, decoded.replaced) == ("cp1256", 0)


def test_a_few_stray_bytes_in_utf8_are_replaced_and_counted() -> None:
    page = _page(PARAGRAPHS, '<meta charset="windows-1256">')
    data = page.encode("utf-8")
    # Two stray bytes: a lone continuation byte and a legacy byte pasted in the text.
    damaged = data.replace("داعش".encode(), "داعش".encode() + b"\x9f", 1)
    damaged = damaged.replace("العراق".encode(), b"\xe1" + "العراق".encode(), 1)
    decoded = decode_document(damaged, declared="windows-1256", where="page.html")
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 2)
    assert "داعش\ufffd" in decoded.text and "\ufffdالعراق" in decoded.text
    article = extract_html(damaged, where="page.html")
    assert PARAGRAPHS[-1] in article.text and article.lang == "ar"


def test_mostly_bad_bytes_are_refused_with_the_share() -> None:
    text = "<p>" + "".join(PARAGRAPHS) + "</p>"
    data = text.encode("utf-8")
    # Every other Arabic letter cut in half: no encoding reads this.
    broken = b"".join(data[i : i + 3] + b"\x80\x00" for i in range(0, len(data), 3))
    with pytest.raises(DecodingError) as caught:
        decode_document(broken, where="bad.html")
    assert "not valid UTF-8" in caught.value.message


def test_utf16_declared_is_trusted_over_utf8() -> None:
    text = "<p>خبر عاجل من دمشق</p>"
    assert decode_bytes(text.encode("utf-16-le"), declared="utf-16-le") == text
