"""Marsad's errors: exceptions with stable codes, shown to users in one line.

A rejected document is a value (`marsad.model.Rejected`) carrying one of these codes;
an exception is raised only when an operation as a whole cannot go on.
"""

from __future__ import annotations

# Stable reason codes for rejected documents, counted and shown by `ingest`.
BAD_ENCODING = "bad-encoding"
BAD_JSON = "bad-json"
MISSING_TEXT = "missing-text"
EMPTY_TEXT = "empty-text"
BAD_HTML = "bad-html"
TOO_LARGE = "too-large"
TRUNCATED = "truncated"
UNSUPPORTED = "unsupported-format"
BAD_RECORD = "bad-record"

# Stable codes of repairs: a document kept, with some characters replaced by U+FFFD.
REPLACED_BYTES = "replaced-bytes"
REPLACED_SURROGATES = "replaced-surrogates"

# Stable codes of live collection: why a fetch, a feed or a sitemap failed.
TIMEOUT = "timeout"
CONNECT_ERROR = "connect-error"
NETWORK_ERROR = "network-error"
HTTP_ERROR = "http-error"
ROBOTS = "disallowed-by-robots"
TOO_MANY_REDIRECTS = "too-many-redirects"
BAD_URL = "bad-url"
CANCELLED = "cancelled"
BAD_FEED = "bad-feed"
BAD_SITEMAP = "bad-sitemap"


class MarsadError(Exception):
    """Base of every error Marsad raises on purpose; `code` is stable."""

    code = "marsad-error"

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(MarsadError):
    """The input given by the user cannot be read at all (missing file, bad option)."""

    code = "bad-input"


class ExtractionError(MarsadError):
    """A page held no article text that could be extracted."""

    code = EMPTY_TEXT


class DecodingError(MarsadError):
    """Bytes that could not be decoded as text in any plausible encoding."""

    code = BAD_ENCODING


class StoreError(MarsadError):
    """The database could not be opened, migrated or written."""

    code = "store-error"


class NotFound(MarsadError):
    """A requested record does not exist."""

    code = "not-found"
