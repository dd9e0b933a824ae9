"""Schemathesis over the JSON API's OpenAPI document: no 500, every answer secured.

Each operation gets `MAX_EXAMPLES` generated requests (valid and invalid values,
huge integers, odd strings) against the app over a small populated database. Two
checks: schemathesis' `not_a_server_error`, and that the response carries the
security headers and CSP whatever its status. Writes carry the token so their
validation and storage run too, except adding a source, which would fetch the
generated URL from the network.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from marsad.web import create_app
from marsad.web.security import security_headers

from .web_support import SETTINGS, TOKEN, build_database

MAX_EXAMPLES = 25
HEADERS = {name.lower(): value for name, value in security_headers(SETTINGS).items()}
NO_AUTH = {("POST", "/api/sources")}  # would fetch the generated URL


@schemathesis.check
def security_headers_present(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Every response, error or not, carries the CSP and the hardening headers."""
    for name, value in HEADERS.items():
        if response.headers.get(name) != [value]:
            raise AssertionError(f"{case.method} {case.path}: {response.status_code} lacks {name}")
    return None


def _app() -> FastAPI:
    """The app over a fresh database (schemathesis needs the schema when collecting)."""
    database = build_database(Path(_FOLDER.name) / "fuzz.db")
    return create_app(str(database), settings=SETTINGS)


_FOLDER = tempfile.TemporaryDirectory(prefix="marsad-fuzz-")
schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@pytest.fixture(scope="module", autouse=True)
def _remove_the_database() -> Iterator[None]:
    yield
    _FOLDER.cleanup()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_fails_and_always_secures(case: schemathesis.Case) -> None:
    authorised = (case.method.upper(), case.path) not in NO_AUTH
    headers = {"Authorization": f"Bearer {TOKEN}"} if authorised else None
    case.call_and_validate(headers=headers, checks=[not_a_server_error, security_headers_present])
