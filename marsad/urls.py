"""URL canonicalization: the form of a URL used to recognise the same page.

Two URLs name the same page when they differ only in the case of scheme and host,
a default port, a fragment, tracking parameters (utm_*, fbclid…), parameter order,
a trailing slash or percent-encoding. Used by the fetcher (to skip pages already
seen) and by the store (a unique key), so it imports nothing of Marsad.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from, never what the page is.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
        "at_medium",
        "at_campaign",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
# Characters left as they are in a path; everything else is percent-encoded, so a
# path written with raw Arabic letters and its percent-encoded twin compare equal.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def _netloc(scheme: str, netloc: str) -> str:
    host = netloc.lower()
    default_port = _DEFAULT_PORTS.get(scheme)
    if default_port and host.endswith(":" + default_port):
        host = host[: -len(default_port) - 1]
    return host


def canonical_url(url: str | None) -> str | None:
    """The form of `url` used to recognise the same page; None for a missing URL.

    A string that is not an absolute URL is kept as written (stripped), so it can
    still only match itself.
    """
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    scheme = parts.scheme.lower()
    path = quote(unquote(parts.path), safe=_PATH_SAFE).rstrip("/")
    params = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    ]
    query = urlencode(sorted(params))
    return urlunsplit((scheme, _netloc(scheme, parts.netloc), path, query, ""))
