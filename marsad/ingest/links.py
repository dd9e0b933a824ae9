"""Links read from feeds and sitemaps: resolved, then checked before anything is queued.

A feed or sitemap is written by hand or by a buggy plugin: a relative link, a host
with a stray `[`, a `javascript:` or `tag:` URI. `urljoin` and `urlsplit` raise
`ValueError` on some of these, which once stopped a whole crawl. Here every link is
either an absolute http(s) URL with a host, or a `BadLink` with a one-line reason
that the reader counts and reports.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from marsad.errors import BAD_URL, MarsadError

_WEB_SCHEMES = ("http", "https")


class BadLink(MarsadError):
    """A link that cannot be fetched: relative without a base, bad host, not http(s)."""

    code = BAD_URL


def resolve_link(link: str, base: str | None) -> str:
    """`link` made absolute against `base` and checked; raises BadLink otherwise."""
    text = link.strip()
    if not text:
        raise BadLink("empty link")
    if base:
        try:
            text = urljoin(base, text)
        except ValueError as error:
            raise BadLink(f"cannot be resolved against {base}: {error}", text) from error
    return checked_web_url(text)


def checked_web_url(url: str) -> str:
    """`url` itself when it is an absolute http(s) URL with a usable host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError as error:
        raise BadLink(f"malformed URL: {error}", url) from error
    if parts.scheme.lower() not in _WEB_SCHEMES:
        reason = (
            f"not an http(s) URL (scheme {parts.scheme!r})"
            if parts.scheme
            else "a relative link, and no address to resolve it against"
        )
        raise BadLink(reason, url)
    if not host or any(char.isspace() for char in host):
        raise BadLink("no usable host", url)
    return url


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL that `checked_web_url` accepts."""
    try:
        checked_web_url(url)
    except BadLink:
        return False
    return True
