"""`marsad serve`: the web interface and the JSON API over one database."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from marsad.cli_common import DbOption, database, user_errors
from marsad.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run_server(
    db: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, base_url: str | None = None
) -> None:
    """Serve `db` until interrupted; settings come from the environment (MARSAD_TOKEN…).

    Absolute links use `base_url`, else MARSAD_BASE_URL, else the address served.
    """
    import uvicorn

    from marsad.web import WebSettings, create_app

    if not 0 <= port <= 65535:
        raise InputError(f"--port must be between 0 and 65535, not {port}")
    settings = WebSettings.from_env(base_url=address(host, port))
    if base_url:
        settings = replace(settings, base_url=base_url)
    app = create_app(db, settings=settings)
    print(f"Marsad is serving {db} at {address(host, port)} (Ctrl+C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


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
) -> None:
    """Serve the web interface and the JSON API (/api/..., docs at /docs)."""
    with user_errors():
        run_server(database(db), host, port, base_url)
