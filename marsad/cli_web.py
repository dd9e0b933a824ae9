"""`marsad serve`: the web interface and the JSON API over one database."""

from __future__ import annotations

from typing import Annotated

import typer

from marsad.cli_common import DbOption, database, user_errors
from marsad.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run_server(db: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve `db` until interrupted; settings come from the environment (MARSAD_TOKEN…)."""
    import uvicorn

    from marsad.web import WebSettings, create_app

    if not 0 <= port <= 65535:
        raise InputError(f"--port must be between 0 and 65535, not {port}")
    app = create_app(db, settings=WebSettings.from_env())
    print(f"Marsad is serving {db} at {address(host, port)} (Ctrl+C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on")] = DEFAULT_PORT,
) -> None:
    """Serve the web interface and the JSON API (/api/..., docs at /docs)."""
    with user_errors():
        run_server(database(db), host, port)
