"""Bytes to text for pages and dumps, without silent mojibake and without losing a page.

Arabic pages are still served in windows-1256 and ISO-8859-6, often with the charset
only in a `<meta>` tag or nowhere at all, and pages declared as one thing are often
another. The order of trust is: a byte-order mark (it cannot lie); then UTF-8 when the
bytes are UTF-8 (valid UTF-8 almost never happens by accident, so it beats a wrong
declaration); then the charset the HTTP server declared, then the charset the page
declares in its first few kilobytes, then statistical detection.

A UTF-8 page with a few stray bytes (a truncated upload, one pasted legacy character)
is still UTF-8: the stray bytes become U+FFFD and are counted in `Decoded.replaced`,
so the caller can flag the document instead of losing the whole article. Only when
the bad share is large and no other encoding fits is the document refused, with a
`DecodingError` that says how much was bad.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

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
# Wide encodings: their bytes (full of NULs) are also valid UTF-8, so a declaration wins.
_WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
# Largest share of bad sequences among the non-ASCII characters for which a page is
# still taken as UTF-8 with replacements; legacy encodings come out near 100%.
MAX_BAD_SHARE = 0.05
_REPLACEMENT = "\ufffd"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec that decoded it, and how many bad sequences became U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def decode_bytes(data: bytes, declared: str | None = None, where: str = "-") -> str:
    """Decode a document's bytes (see `decode_document`); only the text."""
    return decode_document(data, declared, where).text


def decode_document(data: bytes, declared: str | None = None, where: str = "-") -> Decoded:
    """Decode a document: BOM > UTF-8 (stray bytes replaced) > declared > meta > detection."""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _after_bom(data[len(bom) :], bom_encoding, where)
    labels = [_lookup(declared), _lookup(sniff_meta_charset(data))]
    for encoding in labels:
        if encoding in _WIDE:
            text = _try(data, encoding)
            if text is not None:
                return Decoded(text, encoding)
    utf8 = lenient_utf8(data)
    if utf8.replaced == 0:
        return utf8
    if is_mostly_utf8(utf8):
        return utf8
    for encoding in labels:
        if encoding is not None:
            text = _try(data, encoding)
            if text is not None:
                return Decoded(text, encoding)
    return _detect(data, utf8, where)


def lenient_utf8(data: bytes) -> Decoded:
    """UTF-8 with every invalid sequence replaced by U+FFFD, and the count of those."""
    text = data.decode("utf-8", "replace")
    replaced = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode("utf-8"))
    return Decoded(text, "utf-8", replaced)


def is_mostly_utf8(decoded: Decoded) -> bool:
    """Whether the bad sequences are a small share of the non-ASCII characters."""
    return decoded.replaced <= MAX_BAD_SHARE * _non_ascii(decoded.text)


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


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


def _after_bom(data: bytes, encoding: str, where: str) -> Decoded:
    """The bytes after a byte-order mark; a UTF-8 BOM still tolerates a few stray bytes."""
    if encoding == "utf-8":
        utf8 = lenient_utf8(data)
        if is_mostly_utf8(utf8):
            return utf8
    text = _try(data, encoding)
    if text is None:
        raise DecodingError(f"bytes are not valid {encoding} despite a byte-order mark", where)
    return Decoded(text, encoding)


def _detect(data: bytes, utf8: Decoded, where: str) -> Decoded:
    """A detector's guess among plausible encodings, else a refusal saying how bad it was."""
    results = from_bytes(data[:65536])
    arabic = [m for m in results if _lookup(m.encoding) in _ARABIC_CANDIDATES]
    for match in arabic or list(results):
        encoding = _lookup(match.encoding)
        if encoding is None:
            continue
        decoded = _try(data, encoding)
        if decoded is not None and _plausible(decoded):
            return Decoded(decoded, encoding)
    raise DecodingError(
        f"could not decode the bytes in any plausible encoding ({utf8.replaced} of "
        f"{_non_ascii(utf8.text)} non-ASCII sequences are not valid UTF-8)",
        where,
    )


def _plausible(text: str) -> bool:
    """Reject decodings full of control characters, the usual sign of a wrong guess."""
    sample = text[:20000]
    if not sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(sample) < 0.01
