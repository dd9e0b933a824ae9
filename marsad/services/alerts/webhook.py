"""Webhook delivery: a JSON body signed with the watchlist's secret, retried with backoff.

The receiver checks `X-Marsad-Signature: sha256=<hex>`, the HMAC-SHA256 of the exact
body bytes with the secret, and may refuse an old `X-Marsad-Timestamp` (Unix
seconds). The body carries the delivery's id, the same on every retry, so a receiver
can also recognise a repeat.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from marsad.services.alerts.errors import DeliveryError
from marsad.services.alerts.retry import DEFAULT_BACKOFF, Backoff, with_retries

SIGNATURE_HEADER = "X-Marsad-Signature"
TIMESTAMP_HEADER = "X-Marsad-Timestamp"
TIMEOUT_SECONDS = 10.0


def body_bytes(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact UTF-8 JSON, keys in order."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex>` of the body, as the signature header carries it."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: compare the header with the body's signature in constant time."""
    return hmac.compare_digest(signature(secret, body).encode(), header.encode())


def _post_once(client: httpx.Client, url: str, secret: str, body: bytes) -> int:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        SIGNATURE_HEADER: signature(secret, body),
        TIMESTAMP_HEADER: str(int(time.time())),
        "User-Agent": "Marsad-Alerts",
    }
    try:
        response = client.post(url, content=body, headers=headers)
    except httpx.HTTPError as error:
        raise DeliveryError(f"{type(error).__name__}: {error}", retryable=True, where=url) from None
    if response.status_code >= 500 or response.status_code == 429:
        raise DeliveryError(f"HTTP {response.status_code}", retryable=True, where=url)
    if response.status_code >= 300:
        raise DeliveryError(f"HTTP {response.status_code}", retryable=False, where=url)
    return response.status_code


def post_webhook(
    url: str,
    secret: str,
    payload: dict[str, Any],
    *,
    backoff: Backoff = DEFAULT_BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST the signed payload; retried on network errors, 429 and 5xx. Returns the tries.

    Raises `DeliveryError` when the receiver refuses (another 4xx) or every try failed.
    """
    body = body_bytes(payload)
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
        _, tries = with_retries(lambda: _post_once(client, url, secret, body), backoff, sleep)
    return tries
