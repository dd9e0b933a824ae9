"""Bytes to text for pages and dumps, without silent mojibake.

Arabic pages are still served in windows-1256 and ISO-8859-6, often with the charset
only in a `<meta>` tag or nowhere at all. The order of trust is: a byte-order mark
(it cannot lie), the charset the HTTP server declared, the charset the page declares
in its first few kilobytes, then statistical detection. A declared charset that does
not decode the bytes is ignored rather than trusted, and bytes that decode under no
plausible encoding raise `DecodingError`.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from marsad.errors import DecodingError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Labels pages use that Python spells differently, or that browsers map to a superset.
_ALIASES = {
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-6-e": "iso-8859-6",
    "arabic": "iso-8859-6",
    "x-mac-arabic": "mac-arabic",
    "iso-8859-1": "windows-1252",  # the WHATWG rule: latin-1 labels mean windows-1252
    "latin1": "windows-1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}
# Encodings a detector may propose for Arabic text; the rest are too often wrong guesses.
_ARABIC_CANDIDATES = ("utf-8", "windows-1256", "iso-8859-6")


def decode_bytes(data: bytes, declared: str | None = None, where: str = "-") -> str:
    """Decode a document's bytes, trusting BOM > declared > in-page meta > detection."""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], bom_encoding, where)
    for label in (declared, sniff_meta_charset(data)):
        encoding = _lookup(label)
        if encoding is not None:
            text = _try(data, encoding)
            if text is not None:
                return text
    return _detect(data, where)


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a `<meta charset>` or `http-equiv` tag near its top."""
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The `charset=` parameter of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return match.group(1) if match else None


def _lookup(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if the label is unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _strict(data: bytes, encoding: str, where: str) -> str:
    text = _try(data, encoding)
    if text is None:
        raise DecodingError(f"bytes are not valid {encoding} despite a byte-order mark", where)
    return text


def _detect(data: bytes, where: str) -> str:
    """UTF-8 first (most of the web, and it almost never decodes by accident), then guess."""
    text = _try(data, "utf-8")
    if text is not None:
        return text
    results = from_bytes(data[:65536])
    arabic = [m for m in results if _lookup(m.encoding) in _ARABIC_CANDIDATES]
    for match in arabic or list(results):
        encoding = _lookup(match.encoding)
        if encoding is None:
            continue
        decoded = _try(data, encoding)
        if decoded is not None and _plausible(decoded):
            return decoded
    raise DecodingError("could not decode the bytes in any plausible encoding", where)


def _plausible(text: str) -> bool:
    """Reject decodings full of control characters, the usual sign of a wrong guess."""
    sample = text[:20000]
    if not sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(sample) < 0.01
