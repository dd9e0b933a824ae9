"""Templates and the small helpers every router shares (store, settings, page rendering)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.responses import Response

from marsad.services.outlets import outlet_name
from marsad.store.protocol import Store
from marsad.web.features import Features
from marsad.web.markup import bar_chart, entity_url, marked_snippet
from marsad.web.security import csrf_token, set_csrf_cookie
from marsad.web.settings import WebSettings

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def http_url(value: str | None) -> str:
    """`value` if it is an http(s) URL, else "": an article's URL must not run script."""
    if not value:
        return ""
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else ""


def _environment() -> Environment:
    # Autoescape everything: article content is untrusted, whatever the template.
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    environment.filters["snippet"] = marked_snippet
    environment.filters["http_url"] = http_url
    environment.filters["entity_url"] = entity_url
    environment.filters["day"] = lambda value: (value or "")[:10]
    environment.filters["outlet"] = outlet_name  # an outlet's Arabic name, from its site
    environment.globals["bar_chart"] = bar_chart
    environment.globals["query_string"] = lambda **params: urlencode(
        {key: value for key, value in params.items() if value not in (None, "")}
    )
    return environment


templates = Jinja2Templates(env=_environment())


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def features_of(request: Request) -> Features:
    features: Features = request.app.state.features
    return features


def base_url(request: Request) -> str:
    """The configured base URL: the Host header is the client's to forge, so it is never used."""
    return settings_of(request).base_url


def absolute_url(request: Request) -> str:
    """This request's own URL (path and query) under the configured base URL."""
    query = request.url.query
    return base_url(request) + request.url.path + (f"?{query}" if query else "")


def page(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> Response:
    """Render `template` with the shared context; (re)issue the CSRF cookie for its forms."""
    settings = settings_of(request)
    csrf = csrf_token(settings, request)
    shared = {
        "csrf": csrf,
        "writes_enabled": bool(settings.token),
        "tiles": settings.tiles or "",
        "tiles_attribution": settings.tiles_attribution,
        "features": features_of(request),
        "path": request.url.path,
    }
    response = templates.TemplateResponse(
        request, template, {**shared, **context}, status_code=status
    )
    set_csrf_cookie(response, csrf)
    return response


def pages(total: int, limit: int, offset: int) -> dict[str, int]:
    """Page numbers (1-based) for a result list."""
    current = offset // limit + 1
    last = max(1, (total + limit - 1) // limit)
    return {"current": current, "last": last, "total": total}
