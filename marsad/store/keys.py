"""Exact-duplicate keys: the canonical URL and the content hash of an article.

The store refuses a second copy of an article it already holds. Two copies are
recognised by a URL that differs only in ways that do not change the page
(case of scheme and host, a fragment, tracking parameters, a trailing slash,
percent-encoding: `marsad.urls.canonical_url`, shared with the fetcher) or by the
same title and text once folded (so diacritics, tatweel, letter variants and
whitespace do not make a copy look new).
"""

from __future__ import annotations

import hashlib

from marsad.text.normalize import fold
from marsad.urls import canonical_url

__all__ = ["canonical_url", "content_hash", "content_key"]


def content_key(folded_title: str, folded_text: str) -> str:
    """`content_hash` of a title and text already passed through `fold`."""
    payload = " ".join(folded_title.split()) + "\x1f" + " ".join(folded_text.split())
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def content_hash(title: str, text: str) -> str:
    """SHA-1 of the folded title and text, whitespace collapsed (hex digest)."""
    return content_key(fold(title), fold(text))
