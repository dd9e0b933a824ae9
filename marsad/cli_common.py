"""What every `marsad` command shares: the --db option, one-line errors, output.

Bad input ends with one line on stderr naming what and where, and a non-zero status;
never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, TypeVar

import typer

from marsad.errors import InputError, MarsadError
from marsad.model import IngestReport

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database path (SQLite). Default: $MARSAD_DB or the data dir."),
]
T = TypeVar("T")


def fail(message: str, status: int = 2) -> None:
    print(f"marsad: {message}", file=sys.stderr)
    raise typer.Exit(status)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn expected failures into one line on stderr and a non-zero exit status."""
    try:
        yield
    except MarsadError as error:
        fail(str(error))
    except BrokenPipeError:
        # The reader went away (`marsad export | head`): stop quietly, as `cat` does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except OSError as error:
        where = getattr(error, "filename", None)
        fail(f"{where}: {error.strerror or error}" if where else str(error))
    except KeyboardInterrupt:
        fail("interrupted", 130)


def database(db: str | None) -> str:
    from marsad.services.config import default_database

    return db or os.environ.get("MARSAD_DB") or str(default_database())


def print_jsonl(records: Iterable[dict[str, Any]]) -> None:
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_stdin_text() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"input is not UTF-8 (byte {error.start})", "<stdin>") from None


def parse_base(base: str | None) -> date | None:
    if base is None:
        return None
    try:
        return date.fromisoformat(base)
    except ValueError:
        raise InputError(f"--base must be YYYY-MM-DD, got {base!r}") from None


def with_progress(run: Callable[[Callable[[int], None]], T]) -> T:
    """Run `run` with a live progress counter on a terminal, silently otherwise."""
    if not sys.stderr.isatty():
        return run(lambda _count: None)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed} documents"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("ingest")
        return run(lambda count: progress.update(task, completed=count))


def print_report(report: IngestReport) -> None:
    print(
        f"new: {report.new}  duplicates: {report.duplicates}  "
        f"rejected: {report.rejected}  errors: {report.errors}"
    )
    for reason, count in sorted(report.reasons.items(), key=lambda item: -item[1]):
        print(f"  rejected {reason}: {count}")
    for example in report.examples:
        print(f"  {example.where}: {example.code}: {example.message}", file=sys.stderr)
