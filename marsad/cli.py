"""The `marsad` command: a thin layer over `marsad.services`.

Formats follow the command-line contract exactly. Bad input ends with a one-line
error on stderr naming what and where, and a non-zero status; never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from marsad.errors import InputError, MarsadError
from marsad.model import IngestReport

app = typer.Typer(
    name="marsad",
    help="Marsad (مرصد): a self-hosted monitor for Arabic-language news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database path (SQLite). Default: $MARSAD_DB or the data dir."),
]
T = TypeVar("T")


def _fail(message: str, status: int = 2) -> None:
    print(f"marsad: {message}", file=sys.stderr)
    raise typer.Exit(status)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn expected failures into one line on stderr and a non-zero exit status."""
    try:
        yield
    except MarsadError as error:
        _fail(str(error))
    except OSError as error:
        where = getattr(error, "filename", None)
        _fail(f"{where}: {error.strerror or error}" if where else str(error))
    except KeyboardInterrupt:
        _fail("interrupted", 130)


def _database(db: str | None) -> str:
    from marsad.services.config import default_database

    return db or os.environ.get("MARSAD_DB") or str(default_database())


def _print_jsonl(records: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def _read_stdin_text() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"input is not UTF-8 (byte {error.start})", "<stdin>") from None


def _parse_base(base: str | None) -> date | None:
    if base is None:
        return None
    try:
        return date.fromisoformat(base)
    except ValueError:
        raise InputError(f"--base must be YYYY-MM-DD, got {base!r}") from None


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="HTML page or text page dump; - for stdin")] = "-",
    url: Annotated[str | None, typer.Option(help="The page's URL, for metadata")] = None,
) -> None:
    """Extract one page: title, site, credited source, text, related titles… as JSON."""
    from marsad.services.extract import extract_page

    with _user_errors():
        if file == "-":
            data, where = sys.stdin.buffer.read(), "<stdin>"
        else:
            data, where = Path(file).read_bytes(), file
        _print_jsonl([extract_page(data, url=url, where=where)])


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest")],
    db: DbOption = None,
    enrich: Annotated[bool, typer.Option(help="Annotate entities, places, dates")] = True,
) -> None:
    """Ingest HTML pages, text dumps, JSON Lines or WARC files into the database."""
    from marsad.services.ingest_files import ingest_paths

    with _user_errors():
        for path in paths:
            if not path.exists():
                raise InputError("no such file or folder", str(path))
        report = _with_progress(
            lambda progress: ingest_paths(_database(db), paths, enrich=enrich, on_progress=progress)
        )
        _print_report(report)


def _with_progress(run: Callable[[Callable[[int], None]], T]) -> T:
    """Run `run` with a live progress counter on a terminal, silently otherwise."""
    if not sys.stderr.isatty():
        return run(lambda _count: None)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed} documents"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("ingest")
        return run(lambda count: progress.update(task, completed=count))


def _print_report(report: IngestReport) -> None:
    print(
        f"new: {report.new}  duplicates: {report.duplicates}  "
        f"rejected: {report.rejected}  errors: {report.errors}"
    )
    for reason, count in sorted(report.reasons.items(), key=lambda item: -item[1]):
        print(f"  rejected {reason}: {count}")
    for example in report.examples:
        print(f"  {example.where}: {example.code}: {example.message}", file=sys.stderr)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to search for, in any spelling")],
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit")] = False,
    db: DbOption = None,
) -> None:
    """Arabic-aware full-text search."""
    from marsad.services.search import search as run_search
    from marsad.store import open_store

    with _user_errors(), open_store(_database(db)) as store:
        hits = run_search(store, query, limit=limit)
        if as_json:
            _print_jsonl(
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
            print(f"[{hit.id}] {hit.title}\n    {hit.snippet}")


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(metavar="ID")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbOption = None,
) -> None:
    """Show one stored article with its annotations."""
    from marsad.services.views import article_view, render_article
    from marsad.store import open_store

    with _user_errors(), open_store(_database(db)) as store:
        view = article_view(store, article_id)
        if as_json:
            _print_jsonl([view])
        else:
            print(render_article(view))


@app.command()
def export(
    output_format: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    db: DbOption = None,
) -> None:
    """Export every article with its story, copy link, entities and places."""
    from marsad.services.export import export_rows, write_csv, write_jsonl
    from marsad.store import open_store

    with _user_errors():
        if output_format not in ("jsonl", "csv"):
            raise InputError(f"--format must be jsonl or csv, got {output_format!r}")
        with open_store(_database(db)) as store:
            writer = write_jsonl if output_format == "jsonl" else write_csv
            writer(export_rows(store), sys.stdout)


@app.command()
def ner() -> None:
    """Tag CoNLL tokens from stdin with PER, ORG, LOC, MISC in BIO."""
    from marsad.steps.ner import NerTagger, tag_conll

    with _user_errors():
        lines = _read_stdin_text().splitlines()
        for line in tag_conll(lines, NerTagger.load()):
            sys.stdout.write(line + "\n")


@app.command()
def dates(
    base: Annotated[str, typer.Option(help="Publication date YYYY-MM-DD, the anchor")],
) -> None:
    """Find temporal expressions in text from stdin, one JSON object each."""
    from marsad.steps.dates import dates_jsonl

    with _user_errors():
        anchor = _parse_base(base)
        assert anchor is not None
        for line in dates_jsonl(_read_stdin_text(), anchor):
            sys.stdout.write(line + "\n")


@app.command()
def annotate(
    base: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD")] = None,
) -> None:
    """Entities, places, dates and quantities in text from stdin, as one JSON object."""
    from marsad.services.annotate import annotate_text

    with _user_errors():
        _print_jsonl([annotate_text(_read_stdin_text(), _parse_base(base))])


@app.command()
def demo(
    db: DbOption = None,
) -> None:
    """Ingest the bundled sample of real Arabic news into a fresh database."""
    from marsad.services.demo import demo_database, load_demo

    with _user_errors():
        path = Path(db) if db else demo_database()
        report = _with_progress(lambda progress: load_demo(path, on_progress=progress))
        print(f"Demo database: {path}")
        _print_report(report)
        print(
            "\nTry:\n"
            f"  marsad search --db {path} اللاجئين\n"
            f"  marsad search --db {path} 'الحوثيين' --json\n"
            f"  marsad show --db {path} 1\n"
            f"  marsad export --db {path} --format csv | head\n"
        )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
