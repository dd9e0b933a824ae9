"""`marsad events`: conflict and crisis events across outlets, as the contract prints them.

Without options, a readable Arabic table, newest day first, each event with its
reports; `--json` (or `--format jsonl`) prints one contract object per event, `--format
csv` ACLED's columns, `--format geojson` one FeatureCollection. Thin over
`marsad.services.events`; registered in `marsad.cli`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Annotated

import typer

from marsad.cli_common import DbOption, database, user_errors
from marsad.cli_terminal import for_terminal, json_for_terminal
from marsad.errors import InputError

FORMAT_HELP = "table (default), jsonl (as --json), csv (ACLED's columns) or geojson"


def events(
    date_from: Annotated[
        str | None, typer.Option("--from", help="Only events on or after this day (YYYY-MM-DD)")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Only events on or before this day (YYYY-MM-DD)")
    ] = None,
    event_type: Annotated[
        str | None,
        typer.Option("--type", help="An event type or sub-type, e.g. battles, air_drone_strike"),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", help="A place as written in Arabic, or a country (سوريا)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per event")] = False,
    output_format: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
    db: DbOption = None,
) -> None:
    """Conflict and crisis events found in the stored articles, one per incident."""
    from marsad.events.filters import event_filters
    from marsad.services.events import (
        FORMATS,
        all_events,
        csv_text,
        event_record,
        geojson_text,
        table_lines,
    )
    from marsad.store import open_store

    with user_errors():
        chosen = "jsonl" if as_json else output_format
        if chosen not in FORMATS:
            raise InputError(f"--format must be one of {', '.join(FORMATS)}, not {chosen!r}")
        filters = event_filters(date_from, date_to, event_type, place)
        with open_store(database(db)) as store:
            found = all_events(store, filters)
            if chosen == "jsonl":
                lines: Iterator[str] = (
                    json_for_terminal(json.dumps(event_record(event), ensure_ascii=False)) + "\n"
                    for event in found
                )
            elif chosen == "csv":
                lines = (for_terminal(chunk, one_line=False) for chunk in csv_text(found))
            elif chosen == "geojson":
                lines = (json_for_terminal(chunk) for chunk in geojson_text(found))
            else:
                lines = (for_terminal(line) + "\n" for line in table_lines(found))
            for line in lines:
                sys.stdout.write(line)
