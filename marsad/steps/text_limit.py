"""The size cap on an article's text, checked before any enrichment step reads it.

Every step is linear in the text's length, but a 20 MB "article" (a whole archive
extracted as one page, a log file) still costs minutes of tagging and fills the
database with thousands of spans nobody reads. The enricher refuses a text above the
cap with `TextTooLarge`, which ingest counts as a rejection under its code. The cap is
`MAX_TEXT_BYTES` of UTF-8, or `$MARSAD_MAX_TEXT_BYTES` when set.
"""

from __future__ import annotations

import os

from marsad.errors import TOO_LARGE, InputError, MarsadError

MAX_TEXT_BYTES = 2 * 1024 * 1024
LIMIT_VARIABLE = "MARSAD_MAX_TEXT_BYTES"


class TextTooLarge(MarsadError):
    """An article whose extracted text is above the enricher's size cap."""

    code = TOO_LARGE


def text_limit() -> int:
    """The cap in bytes: `$MARSAD_MAX_TEXT_BYTES` when set, else `MAX_TEXT_BYTES`."""
    value = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not value:
        return MAX_TEXT_BYTES
    try:
        limit = int(value)
    except ValueError:
        raise InputError(f"{LIMIT_VARIABLE} must be a number of bytes, got {value!r}") from None
    if limit <= 0:
        raise InputError(f"{LIMIT_VARIABLE} must be a positive number of bytes, got {limit}")
    return limit


def text_size(text: str) -> int:
    """The text's size in UTF-8 bytes (what the cap counts)."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def check_text_size(text: str, limit: int, where: str | None = None) -> None:
    """Raise `TextTooLarge`, naming the size and the limit, when `text` is above it."""
    if len(text) <= limit // 4:  # at most 4 bytes a character: surely under
        return
    size = text_size(text)
    if size > limit:
        raise TextTooLarge(
            f"text is too large to enrich: {_megabytes(size)}, the limit is {_megabytes(limit)} "
            f"(set {LIMIT_VARIABLE} to change it)",
            where,
        )


def _megabytes(size: int) -> str:
    return f"{size:,} bytes ({size / 2**20:.1f} MB)"
