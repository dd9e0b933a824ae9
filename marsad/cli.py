"""The `marsad` command: a thin layer over `marsad.services`.

Formats follow the command-line contract exactly. Bad input ends with a one-line
error on stderr naming what and where, and a non-zero status; never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli_alerts import alerts_app
from marsad.cli_common import (
    DbOption,
    IdArgument,
    RepairNotes,
    database,
    parse_base,
    print_jsonl,
    print_report,
    read_stdin_text,
    report_status,
    run_app,
    user_errors,
    with_progress,
)
from marsad.cli_events import events as events_command
from marsad.cli_export import FORMAT_HELP
from marsad.cli_sources import crawl, sources_app
from marsad.cli_stories import COMMANDS as STORY_COMMANDS
from marsad.cli_terminal import for_terminal
from marsad.cli_web import serve as serve_command
from marsad.errors import InputError

app = typer.Typer(
    name="marsad",
    help="Marsad (مرصد): a self-hosted monitor for Arabic-language news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error")
    ] = False,
) -> None:
    """Marsad (مرصد): a self-hosted monitor for Arabic-language news."""


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="HTML page or text page dump; - for stdin")] = "-",
    url: Annotated[str | None, typer.Option(help="The page's URL, for metadata")] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=2**63 - 1,
            help="Refuse pages larger than this (default: $MARSAD_MAX_DOCUMENT_BYTES or 10 MB)",
        ),
    ] = None,
) -> None:
    """Extract one page: title, site, credited source, text, related titles… as JSON."""
    from marsad.run.runtime import read_input
    from marsad.services.extract import extract_page

    notes = RepairNotes()
    with user_errors():
        data, where = read_input(file, max_bytes)
        print_jsonl([extract_page(data, url=url, where=where, on_repair=notes)])
    for repair in notes.examples:
        print(f"marsad: warning: {for_terminal(repair.where)}: {repair.message}", file=sys.stderr)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest")],
    db: DbOption = None,
    enrich: Annotated[bool, typer.Option(help="Annotate entities, places, dates")] = True,
    workers: Annotated[
        int,
        typer.Option(min=1, max=256, help="Extract and enrich in this many processes (one writer)"),
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Extract and enrich on a Dask cluster, e.g. tcp://scheduler:8786",
        ),
    ] = None,
) -> None:
    """Ingest HTML pages, text dumps, JSON Lines or WARC files into the database."""
    from marsad.run.ingest import ingest_paths

    notes = RepairNotes()
    with user_errors():
        for path in paths:
            if not path.exists():
                raise InputError("no such file or folder", str(path))
        report = with_progress(
            lambda progress: ingest_paths(
                database(db),
                paths,
                enrich=enrich,
                workers=workers,
                dask=dask,
                on_progress=progress,
                on_repair=notes,
            )
        )
        print_report(report)
        notes.print()
    status = report_status(report)
    if status:
        print("marsad: nothing was stored: every document was rejected", file=sys.stderr)
        raise typer.Exit(status)


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words in any spelling, with OR, -word, "exact phrase", (…), and site: '
            "source: entity: place: lang: from: to: (see docs/search.md)"
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit")] = False,
    db: DbOption = None,
) -> None:
    """Arabic-aware full-text search, with the query language of docs/search.md.

    Example: marsad search '(صنعاء OR عدن) "وزير الخارجية" -تدريبات from:2024-03-01'
    """
    from marsad.run.runtime import open_database
    from marsad.services.search import search as run_search

    with user_errors(), open_database(db) as store:
        hits = run_search(store, query, limit=limit)
        if as_json:
            print_jsonl(
                {
                    "id": hit.id,
                    "external_id": hit.external_id,
                    "url": hit.url,
                    "title": hit.title,
                    "snippet": hit.snippet,
                    "score": hit.score,
                }
                for hit in hits
            )
            return
        for hit in hits:
            print(f"[{hit.id}] {for_terminal(hit.title)}\n    {for_terminal(hit.snippet)}")


@app.command()
def show(
    article_id: IdArgument,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbOption = None,
) -> None:
    """Show one stored article with its annotations."""
    from marsad.run.runtime import open_database
    from marsad.services.events import with_event_ids
    from marsad.services.views import article_view, render_article

    with user_errors(), open_database(db) as store:
        view = with_event_ids(store, article_view(store, article_id))
        if as_json:
            print_jsonl([view])
        else:
            print(for_terminal(render_article(view), one_line=False))


@app.command()
def export(
    output_format: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "jsonl",
    query: Annotated[
        str, typer.Option("--query", help="Only the articles matching this search")
    ] = "",
    story: Annotated[
        int | None, typer.Option("--story", min=1, help="Only the articles of this story")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file, not standard output")
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Every field: text, entity ids, coordinates, figures")
    ] = False,
    db: DbOption = None,
) -> None:
    """Export articles (all, or a search's or a story's) with their annotations."""
    from marsad.cli_export import run_export
    from marsad.run.runtime import open_database
    from marsad.services.export_formats import check_format

    with user_errors():
        check_format(output_format)  # before the database is opened (or created)
        with open_database(db) as store:
            run_export(
                store,
                output_format=output_format,
                query=query,
                story=story,
                output=output,
                full=full,
            )


@app.command()
def ner() -> None:
    """Tag CoNLL tokens from stdin with PER, ORG, LOC, MISC in BIO."""
    from marsad.services.tagging import tag_conll_lines

    with user_errors():
        lines = read_stdin_text().splitlines()
        for line in tag_conll_lines(lines):
            sys.stdout.write(line + "\n")


@app.command()
def dates(
    base: Annotated[str, typer.Option(help="Publication date YYYY-MM-DD, the anchor")],
) -> None:
    """Find temporal expressions in text from stdin, one JSON object each."""
    from marsad.services.tagging import date_lines

    with user_errors():
        anchor = parse_base(base)
        assert anchor is not None
        for line in date_lines(read_stdin_text(), anchor):
            sys.stdout.write(line + "\n")


@app.command()
def annotate(
    base: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD")] = None,
) -> None:
    """Entities, places, dates and quantities in text from stdin, as one JSON object."""
    from marsad.services.annotate import annotate_text

    with user_errors():
        print_jsonl([annotate_text(read_stdin_text(), parse_base(base))])


@app.command()
def demo(
    db: DbOption = None,
    serve: Annotated[bool, typer.Option(help="Serve the demo database when loaded")] = True,
) -> None:
    """Ingest the bundled sample of real Arabic news into a fresh database, then serve it."""
    from marsad.run.ingest import load_demo
    from marsad.services.demo import demo_database

    with user_errors():
        path = Path(db) if db else demo_database()
        report = with_progress(lambda progress: load_demo(path, on_progress=progress))
        print(f"Demo database: {path}")
        print_report(report)
        print(
            "\nTry:\n"
            f"  marsad search --db {path} اللاجئين\n"
            f"  marsad search --db {path} 'الحوثيين' --json\n"
            f"  marsad show --db {path} 1\n"
            f"  marsad export --db {path} --format csv | head\n"
        )
        if serve:
            from marsad.cli_web import run_server

            run_server(str(path))


app.command(name="serve")(serve_command)


app.add_typer(sources_app)
app.add_typer(alerts_app)
app.command(name="crawl")(crawl)
app.command(name="events")(events_command)

for _name, _command in STORY_COMMANDS.items():
    app.command(name=_name)(_command)


def main() -> None:
    sys.exit(run_app(app, sys.argv[1:]))


if __name__ == "__main__":
    main()
