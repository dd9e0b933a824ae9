"""`marsad serve`: the web interface and the JSON API over one database."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Annotated

import typer

from marsad.cli_common import DbOption, database, user_errors
from marsad.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# What each worker process builds its application with: `create_app()` reads the
# database from MARSAD_DB and the settings (MARSAD_BASE_URL…) from the environment.
APP_FACTORY = "marsad.web.app:create_app"


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run_server(
    db: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    base_url: str | None = None,
    workers: int = 1,
) -> None:
    """Serve `db` until interrupted; settings come from the environment (MARSAD_TOKEN…).

    Absolute links use `base_url`, else MARSAD_BASE_URL, else the address served.
    With `workers` above 1, that many processes answer on the one port (reads run in
    parallel, SQLite's WAL lets them; writes still take turns in the database).
    """
    import uvicorn

    from marsad.web import WebSettings, create_app

    if not 0 <= port <= 65535:
        raise InputError(f"--port must be between 0 and 65535, not {port}")
    if workers < 1:
        raise InputError(f"--workers must be at least 1, not {workers}")
    settings = WebSettings.from_env(base_url=address(host, port))
    if base_url:
        settings = replace(settings, base_url=base_url)
    app = create_app(db, settings=settings)  # opens (and migrates) the database once, here
    print(f"Marsad is serving {db} at {address(host, port)} (Ctrl+C to stop)", flush=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    app.state.store.close()
    _settings_for_workers(db, settings.base_url)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )


def _settings_for_workers(db: str, base_url: str) -> None:
    """Hand the database, the base URL and one CSRF secret to the worker processes,
    which start afresh and read them from the environment they inherit (a secret of
    each worker's own would refuse a form served by another)."""
    import secrets

    from marsad.run.runtime import DATABASE_VARIABLE

    os.environ[DATABASE_VARIABLE] = db
    os.environ["MARSAD_BASE_URL"] = base_url
    os.environ.setdefault("MARSAD_SECRET", secrets.token_hex(32))


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on")] = DEFAULT_PORT,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="Public URL of the site, for feed links (default: MARSAD_BASE_URL, "
            "else http://HOST:PORT)"
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Worker processes answering requests (default: one)")
    ] = 1,
) -> None:
    """Serve the web interface and the JSON API (/api/..., docs at /docs)."""
    with user_errors():
        run_server(database(db), host, port, base_url, workers)
