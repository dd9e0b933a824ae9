"""Errors as answers: `{"ok": false, "error", "code"}` for the API and feeds, a page for people.

Each `MarsadError` subclass maps to one HTTP status; an unexpected exception is a
500 that says nothing of the internals.
"""

from __future__ import annotations

import logging
from html import escape

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from marsad.errors import InputError, MarsadError, NotFound, StoreError
from marsad.web.features import NotAvailable
from marsad.web.security import Forbidden

log = logging.getLogger(__name__)
_PLAIN_PAGE = (
    '<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8">'
    "<title>{status}</title><p>حدث خطأ ({code}).</p></html>"
)

STATUS: tuple[tuple[type[MarsadError], int], ...] = (
    (NotFound, 404),
    (InputError, 422),
    (Forbidden, 403),
    (NotAvailable, 501),
    (StoreError, 500),
)


def status_of(error: MarsadError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/feeds/", "/openapi"))


def error_response(request: Request, status: int, message: str, code: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message, "code": code}, status_code=status)
    from marsad.web.render import page

    context = {"status": status, "message": message, "code": code}
    try:
        return page(request, "error.html", context, status=status)
    except Exception:  # the page itself failed: answer plainly rather than not at all
        log.exception("the error page failed on %s", request.url.path)
        return HTMLResponse(_PLAIN_PAGE.format(status=status, code=escape(code)), status)


def _validation_message(error: RequestValidationError) -> str:
    problems = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "query")
        problems.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "; ".join(problems) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, error: MarsadError) -> Response:
        status = status_of(error)
        if status == 500:
            log.error("%s: %s", request.url.path, error)
        return error_response(request, status, error.message, error.code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(error), InputError.code)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        code = NotFound.code if error.status_code == 404 else f"http-{error.status_code}"
        return error_response(request, error.status_code, str(error.detail), code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "internal error", "internal-error")
