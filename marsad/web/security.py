"""Security of the web interface: response headers, the write token, CSRF tokens.

Reads are open. A write needs the configured token (`Authorization: Bearer …` for
the API, a form field for pages); pages' forms also carry a CSRF token, checked by
double submit: the same signed value in a cookie and in the form. The signature
(HMAC of the process secret) means a value planted by another site is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.types import ASGIApp

from marsad.errors import MarsadError
from marsad.web.settings import WebSettings

CSRF_COOKIE = "marsad_csrf"
CSRF_FIELD = "csrf"


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


class SecurityHeaders(BaseHTTPMiddleware):
    """Adds the CSP and the other hardening headers to every response."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        super().__init__(app)
        self.headers = {
            "Content-Security-Policy": content_security_policy(settings),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",
            "Cross-Origin-Opener-Policy": "same-origin",
        }

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response


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


def _valid_csrf(settings: WebSettings, value: str | None) -> bool:
    if not value or "." not in value:
        return False
    nonce, _, signature = value.partition(".")
    return hmac.compare_digest(signature, _sign(settings, nonce))


def csrf_token(settings: WebSettings, request: Request) -> str:
    """The CSRF value for this browser: its cookie if validly signed, else a new one."""
    current = request.cookies.get(CSRF_COOKIE)
    if current and _valid_csrf(settings, current):
        return current
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(settings, nonce)}"


def set_csrf_cookie(response: Response, value: str) -> None:
    response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict", path="/")


def check_csrf(settings: WebSettings, request: Request, submitted: str | None) -> None:
    """Raise `Forbidden` unless the form's CSRF value matches the signed cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (cookie and submitted and _valid_csrf(settings, cookie)):
        raise Forbidden("the form has expired or did not come from this site; reload it")
    if not hmac.compare_digest(cookie, submitted):
        raise Forbidden("the form has expired or did not come from this site; reload it")
