"""Security of the web interface: response headers, the write token, CSRF tokens.

Reads are open. A write needs the configured token (`Authorization: Bearer …` for
the API, a form field for pages); pages' forms also carry a CSRF token, checked by
double submit: the same signed value in a cookie and in the form. The signature
(HMAC of the process secret) means a value planted by another site is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad.errors import MarsadError
from marsad.web.settings import WebSettings

CSRF_COOKIE = "marsad_csrf"
CSRF_FIELD = "csrf"
CSRF_MAX_LENGTH = 200  # a real token is about 90 characters
INTERNAL_ERROR = {"ok": False, "error": "internal error", "code": "internal-error"}


class Forbidden(MarsadError):
    """A write without the right token (or with writes disabled)."""

    code = "forbidden"


def content_security_policy(settings: WebSettings) -> str:
    images = "'self' data:"
    origin = settings.tiles_origin()
    if origin:
        images += f" {origin}"
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(settings: WebSettings) -> dict[str, str]:
    """The CSP and the other hardening headers every response carries."""
    return {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers to every HTTP response.

    It wraps the whole application, error handling included, so a 500 carries the
    same CSP as a page. If the application fails before answering at all (its own
    error handler failed), this layer answers a bare 500 itself and re-raises, so
    the server still logs the failure.
    """

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in security_headers(settings).items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": self._completed(message.get("headers", []))}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                await self._bare_error(send_with_headers)
            raise

    def _completed(self, headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        present = list(headers)
        names = {name.lower() for name, _ in present}
        return present + [(name, value) for name, value in self.headers if name not in names]

    @staticmethod
    async def _bare_error(send: Send) -> None:
        body = json.dumps(INTERNAL_ERROR).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 500,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body, "more_body": False})


def check_token(settings: WebSettings, given: str | None) -> None:
    """Raise `Forbidden` unless writes are enabled and `given` is the token."""
    if not settings.token:
        raise Forbidden("writes are disabled: no MARSAD_TOKEN is configured")
    if not given or not hmac.compare_digest(given.encode(), settings.token.encode()):
        raise Forbidden("a valid write token is required")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.headers.get("x-marsad-token")


def _sign(settings: WebSettings, nonce: str) -> str:
    return hmac.new(settings.secret, f"csrf:{nonce}".encode(), hashlib.sha256).hexdigest()


def _well_formed(value: str | None) -> bool:
    """A value that can be a token: printable ASCII, short, `nonce.signature`.

    Anything else (a non-ASCII cookie planted by another local app, a huge one) is
    treated as no token at all, before any comparison could fail on it.
    """
    return bool(
        value
        and len(value) <= CSRF_MAX_LENGTH
        and value.isascii()
        and value.isprintable()
        and "." in value
    )


def _valid_csrf(settings: WebSettings, value: str | None) -> bool:
    if value is None or not _well_formed(value):
        return False
    nonce, _, signature = value.partition(".")
    return hmac.compare_digest(signature.encode(), _sign(settings, nonce).encode())


def csrf_token(settings: WebSettings, request: Request) -> str:
    """The CSRF value for this browser: its cookie if validly signed, else a new one."""
    current = request.cookies.get(CSRF_COOKIE)
    if _valid_csrf(settings, current):
        return str(current)
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(settings, nonce)}"


def set_csrf_cookie(response: Response, value: str) -> None:
    response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict", path="/")


def check_csrf(settings: WebSettings, request: Request, submitted: str | None) -> None:
    """Raise `Forbidden` unless the form's CSRF value matches the signed cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (cookie and submitted and _valid_csrf(settings, cookie)):
        raise Forbidden("the form has expired or did not come from this site; reload it")
    if not hmac.compare_digest(cookie.encode(), submitted.encode()):
        raise Forbidden("the form has expired or did not come from this site; reload it")
