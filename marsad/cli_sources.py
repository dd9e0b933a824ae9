"""`marsad sources ...` and `marsad crawl`: live collection from the command line.

Thin over `marsad.services.sources` and `marsad.services.crawl`; formats follow the
command-line contract (`sources list --json`: one object per source, the contract's
keys first). Registered in `marsad.cli`.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad.cli_common import (
    SQLITE_INTEGER_MAX,
    DbOption,
    database,
    print_jsonl,
    print_report,
    user_errors,
)
from marsad.cli_terminal import for_terminal
from marsad.errors import InputError

if TYPE_CHECKING:
    from marsad.run.runtime import FetchPolicy
    from marsad.services.crawl import CrawlReport

sources_app: typer.Typer = typer.Typer(
    name="sources",
    help="Register, list and remove the feeds, sitemaps and sites Marsad polls.",
    no_args_is_help=True,
)
DelayOption = Annotated[
    float, typer.Option("--delay", min=0.0, help="Seconds between two requests to one host")
]
ContactOption = Annotated[
    str | None, typer.Option("--contact", help="URL in the User-Agent where sites can reach you")
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Fetch hosts on loopback, link-local and private addresses "
        "(refused by default; also MARSAD_ALLOW_PRIVATE=1)",
    ),
]
DeadlineOption = Annotated[
    float,
    typer.Option("--deadline", min=0.1, help="Seconds one request may take, connect to last byte"),
]


def _policy(
    delay: float = 1.0,
    contact: str | None = None,
    allow_private: bool = False,
    deadline: float = 30.0,
) -> FetchPolicy:
    """The fetch policy of the options; without --allow-private the environment decides."""
    from marsad.run.runtime import fetch_policy

    return fetch_policy(delay, contact, allow_private, deadline)


@sources_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="A feed, a sitemap, or a site's home page")],
    name: Annotated[str | None, typer.Option(help="A name to show for the source")] = None,
    kind: Annotated[
        str | None, typer.Option(help="feed, sitemap or page: register without fetching")
    ] = None,
    delay: DelayOption = 1.0,
    contact: ContactOption = None,
    allow_private: AllowPrivateOption = False,
    deadline: DeadlineOption = 30.0,
    db: DbOption = None,
) -> None:
    """Register a source; a home page is resolved into its feeds and sitemaps."""
    from marsad.run.runtime import open_database
    from marsad.services.sources import add_source

    with user_errors():
        if kind is not None and kind not in ("feed", "sitemap", "page"):
            raise InputError(f"--kind must be feed, sitemap or page, got {kind!r}")
        policy = _policy(delay, contact, allow_private, deadline)
        with open_database(db) as store:
            done = add_source(store, url, name, kind=kind, fetch_policy=policy)
        for row in done.added:
            print(f"added [{row.id}] {row.kind} {row.url}")
        for row in done.existing:
            print(f"already registered [{row.id}] {row.kind} {row.url}")
        for problem in done.problems:
            print(f"  {problem}", file=sys.stderr)


@sources_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per source")] = False,
    db: DbOption = None,
) -> None:
    """Every source with its health: last success, last error, counts, stale flag."""
    from marsad.run.runtime import open_database
    from marsad.services.sources import list_sources

    with user_errors(), open_database(db) as opened:
        rows = list_sources(opened)
        if as_json:
            print_jsonl(rows)
            return
        print(_table(rows))


def _table(rows: list[dict[str, Any]]) -> str:
    """A plain text table: one line per source, what went wrong last when it did."""
    header = ("id", "kind", "articles", "errors", "last success", "status", "name / url")
    lines = [header]
    for row in rows:
        if row["stale"]:
            status = f"stale ({row['stale_reason']})"
        elif row["last_error"]:
            status = f"failing ({row['last_error']})"
        else:
            status = "ok" if row["last_success"] else "new"
        label = f"{row['name']} <{row['url']}>" if row["name"] else row["url"]
        lines.append(
            (
                str(row["id"]),
                row["kind"],
                str(row["articles"]),
                str(row["errors"]),
                (row["last_success"] or "never").replace("+00:00", "Z"),
                status,
                label,
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False))
        + "  "
        + line[-1]
        for line in lines
    )


def _source_reference(value: str) -> str:
    """An id or a URL; an id SQLite cannot hold is a usage error, not a database one."""
    if value.isdecimal() and int(value) > SQLITE_INTEGER_MAX:
        raise typer.BadParameter(f"{value} is not a source id (at most {SQLITE_INTEGER_MAX})")
    return value


@sources_app.command("remove")
def remove(
    source: Annotated[
        str,
        typer.Argument(metavar="ID|URL", help="The source's id or URL", callback=_source_reference),
    ],
    db: DbOption = None,
) -> None:
    """Forget a source and its pending pages (articles already stored stay)."""
    from marsad.run.runtime import open_database
    from marsad.services.sources import remove_source

    with user_errors(), open_database(db) as opened:
        row = remove_source(opened, source)
        print(f"removed [{row.id}] {row.url}")


@sources_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="An OPML file of feeds")],
    db: DbOption = None,
) -> None:
    """Register every feed of an OPML subscription list (nothing is fetched)."""
    from marsad.run.runtime import open_database
    from marsad.services.sources import import_opml

    with user_errors():
        data = file.read_bytes()
        with open_database(db) as opened:
            done = import_opml(opened, data, where=str(file))
        print(f"added: {done.added}  already registered: {done.existing}")
        if done.warning:
            print(f"{file}: {done.warning}", file=sys.stderr)


@sources_app.command("export")
def export_command(db: DbOption = None) -> None:
    """Write the feed sources as OPML to stdout."""
    from marsad.run.runtime import open_database
    from marsad.services.sources import export_opml

    with user_errors(), open_database(db) as opened:
        sys.stdout.write(export_opml(opened).decode("utf-8"))


def crawl(
    once: Annotated[bool, typer.Option("--once", help="One round, then exit")] = False,
    every_source: Annotated[
        bool,
        typer.Option("--all", help="Poll every source now, whatever its schedule (first round)"),
    ] = False,
    contact: ContactOption = None,
    delay: DelayOption = 1.0,
    allow_private: AllowPrivateOption = False,
    deadline: DeadlineOption = 30.0,
    round_deadline: Annotated[
        float,
        typer.Option(
            "--round-deadline", min=1.0, help="Seconds one round may take; the rest waits"
        ),
    ] = 900.0,
    archive: Annotated[
        Path | None, typer.Option("--archive", help="Keep every response in WARC files here")
    ] = None,
    max_pages: Annotated[
        int, typer.Option(min=1, max=SQLITE_INTEGER_MAX, help="Pages fetched per round")
    ] = 2000,
    enrich: Annotated[bool, typer.Option(help="Annotate entities, places, dates")] = True,
    db: DbOption = None,
) -> None:
    """Poll due sources and fetch new articles politely; Ctrl-C stops cleanly.

    One crawl per database at a time: a second one exits at once with status 2.
    """
    from marsad.run.runtime import load_enricher, open_database, open_fetcher, user_agent
    from marsad.services.crawl import (
        CrawlOptions,
        crawl_forever,
        crawl_once,
        stop_on_signals,
    )
    from marsad.services.crawl_archive import WarcArchive
    from marsad.services.crawl_lock import crawl_lock
    from marsad.services.stories import Tracker

    with user_errors(), crawl_lock(database(db)):
        enricher = load_enricher(enrich)
        track = Tracker().track
        stop = threading.Event()
        options = CrawlOptions(max_pages=max_pages, round_deadline=round_deadline)
        warc = WarcArchive(archive, user_agent=user_agent(contact)) if archive else None
        policy = _policy(delay, contact, allow_private, deadline)
        with (
            open_database(db) as store,
            open_fetcher(policy) as fetcher,
            stop_on_signals(stop, fetcher),
        ):
            if once:
                report = crawl_once(
                    store,
                    fetcher,
                    enrich=enricher,
                    track=track,
                    archive=warc,
                    stop=stop,
                    options=options,
                    every_source=every_source,
                )
            else:
                report = crawl_forever(
                    store,
                    fetcher,
                    enrich=enricher,
                    track=track,
                    archive=warc,
                    stop=stop,
                    options=options,
                    on_round=_print_round,
                    every_source=every_source,
                )
        if warc is not None:
            warc.close()
        _print_crawl(report)


def _print_round(report: CrawlReport) -> None:
    pages = report.pages
    print(
        f"round: sources {report.sources_polled}  queued {report.queued}  "
        f"new {pages.new}  rejected {pages.rejected}  pending {report.pending}",
        file=sys.stderr,
    )


def _print_crawl(report: CrawlReport) -> None:
    """The ingest summary, then what the crawl adds: sources, queue, stop, skipped links."""
    print_report(report.pages)
    print(
        f"sources polled: {report.sources_polled}  not modified: {report.not_modified}  "
        f"failed: {report.sources_failed}"
    )
    print(
        f"pages queued: {report.queued}  fetched: {report.fetched}  "
        f"retry later: {report.retrying}  pending: {report.pending}"
    )
    if report.stopped:
        print("stopped: the pending pages are fetched by the next crawl")
    elif report.out_of_time:
        print("round deadline reached: the pending pages are fetched by the next round")
    _print_skipped_links(report)
    for problem in [*report.problems, *report.skipped_links.examples]:
        line = f"{problem.where}: {problem.code}: {problem.message}"
        print(f"  {for_terminal(line)}", file=sys.stderr)


def _print_skipped_links(report: CrawlReport) -> None:
    """Links the sources listed that could not be queued, by reason (only when any)."""
    skipped = report.skipped_links
    if not skipped.count:
        return
    print(f"links skipped: {skipped.count}")
    for reason, count in sorted(skipped.reasons.items(), key=lambda item: -item[1]):
        print(f"  skipped {for_terminal(reason)}: {count}")
