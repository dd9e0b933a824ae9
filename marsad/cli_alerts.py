"""`marsad alerts run [--once]`: deliver watchlist alerts (webhook, e-mail).

Thin over `marsad.services.alerts`. Without `--once` it checks again every
`--every` seconds until stopped (Ctrl-C or SIGTERM end it between runs); `--once`
runs one check, for cron. Registered in `marsad.cli`.
"""

from __future__ import annotations

import sys
import threading
from typing import Annotated

import typer

from marsad.cli_common import DbOption, database, user_errors
from marsad.cli_terminal import for_terminal

alerts_app: typer.Typer = typer.Typer(
    name="alerts", help="Watchlist alerts by webhook and e-mail.", no_args_is_help=True
)


def _print(report_line: str, problems: list[str]) -> None:
    print(report_line)
    for problem in problems:
        print(f"marsad: alerts: {for_terminal(problem)}", file=sys.stderr)


@alerts_app.command("run")
def run(
    once: Annotated[bool, typer.Option("--once", help="Check once and exit (for cron)")] = False,
    every: Annotated[
        float, typer.Option(min=5.0, max=86400.0, help="Seconds between checks")
    ] = 300.0,
    db: DbOption = None,
) -> None:
    """Check every active watchlist for new matches (and spikes) and deliver them.

    E-mail needs MARSAD_SMTP_URL (smtp://user:pass@host:port or smtps://…) and
    MARSAD_MAIL_FROM; links to Marsad's pages use MARSAD_BASE_URL when set.
    """
    from marsad.services.alerts import AlertOptions, run_alerts
    from marsad.services.crawl import stop_on_signals
    from marsad.store import open_store

    stop = threading.Event()
    with user_errors(), open_store(database(db)) as store, stop_on_signals(stop):
        options = AlertOptions.from_env()
        while True:
            report = run_alerts(store, options)
            _print(
                f"watchlists: {report.watchlists}, delivered: {report.delivered}, "
                f"failed: {report.failed}, articles: {report.articles}",
                report.problems,
            )
            if once or stop.wait(every):
                break
