"""What every `marsad` command shares: the --db option, one-line errors, output.

Bad input ends with one line on stderr naming what and where, and a non-zero status;
never a traceback. Article data shown on a terminal goes through `for_terminal`, so a
title holding an escape sequence cannot clear or recolour the user's screen.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, TypeVar

import typer

# The command-line parser's own errors (typer's bundled click); public names are not exported.
from typer._click.exceptions import ClickException, NoArgsIsHelpError

from marsad.cli_terminal import for_terminal, json_for_terminal
from marsad.errors import InputError, MarsadError
from marsad.model import IngestReport
from marsad.run.runtime import Repair

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database path (SQLite). Default: $MARSAD_DB or the data dir."),
]
# Ids and counts are SQLite INTEGERs: anything larger would fail inside the database.
SQLITE_INTEGER_MAX = 2**63 - 1
IdArgument = Annotated[int, typer.Argument(metavar="ID", min=1, max=SQLITE_INTEGER_MAX)]
T = TypeVar("T")
INTERNAL_ERROR_STATUS = 70  # EX_SOFTWARE: a bug, not the user's input
DEBUG_VARIABLE = "MARSAD_DEBUG"


def fail(message: str, status: int = 2) -> None:
    print(f"marsad: {for_terminal(message)}", file=sys.stderr)
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


def run_app(app: typer.Typer, args: list[str]) -> int:
    """Run the command line and return its exit status; never let a traceback out.

    A usage error or a `MarsadError` becomes one line on stderr (status 2); any other
    exception is a bug: one "internal error" line and status 70, with the traceback
    only under `--debug` or MARSAD_DEBUG=1.
    """
    debug = "--debug" in args or os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")
    try:
        status = app(args=args, prog_name="marsad", standalone_mode=False)
    except NoArgsIsHelpError as error:
        error.show()
        return error.exit_code
    except ClickException as error:
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "marsad"
        print(f"{command}: {for_terminal(error.format_message())}", file=sys.stderr)
        return error.exit_code
    except typer.Abort:
        print("marsad: aborted", file=sys.stderr)
        return 1
    except MarsadError as error:
        print(f"marsad: {for_terminal(str(error))}", file=sys.stderr)
        return 2
    except Exception as error:
        if debug:
            traceback.print_exc()
        hint = "" if debug else f" (run with --debug or {DEBUG_VARIABLE}=1 for details)"
        message = for_terminal(f"{type(error).__name__}: {error}")
        print(f"marsad: internal error: {message}{hint}", file=sys.stderr)
        return INTERNAL_ERROR_STATUS
    return status if isinstance(status, int) else 0


def database(db: str | None) -> str:
    """The database named by --db, else `$MARSAD_DB`, else the per-user data file."""
    from marsad.run.runtime import database as runtime_database

    return runtime_database(db)


def print_jsonl(records: Iterable[dict[str, Any]]) -> None:
    """One JSON object per line, UTF-8; characters a terminal acts on are escaped."""
    for record in records:
        sys.stdout.write(json_for_terminal(json.dumps(record, ensure_ascii=False)) + "\n")


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
    """Run `run` with a live progress counter and its rate (documents per second) on a
    terminal, silently otherwise."""
    if not sys.stderr.isatty():
        return run(lambda _count: None)
    from rich.progress import (
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Documents per second over the last seconds (rich's own estimate)."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:,.1f} documents/s")

    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed} documents"),
        RateColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("ingest")
        return run(lambda count: progress.update(task, completed=count))


def print_report(report: IngestReport) -> None:
    print(
        f"new: {report.new}  duplicates: {report.duplicates}  "
        f"rejected: {report.rejected}  errors: {report.errors}"
    )
    for reason, count in sorted(report.reasons.items(), key=lambda item: -item[1]):
        print(f"  rejected {for_terminal(reason)}: {count}")
    for example in report.examples:
        line = f"{example.where}: {example.code}: {example.message}"
        print(f"  {for_terminal(line)}", file=sys.stderr)


def report_status(report: IngestReport) -> int:
    """1 when documents came in and every one was rejected or failed, else 0."""
    stored = report.new + report.duplicates
    return 1 if stored == 0 and report.rejected + report.errors > 0 else 0


class RepairNotes:
    """Collects the documents kept after a repair, and tells the user on stderr."""

    def __init__(self, keep_examples: int = 20) -> None:
        self.count = 0
        self.examples: list[Repair] = []
        self.keep_examples = keep_examples

    def __call__(self, repair: Repair) -> None:
        self.count += 1
        if len(self.examples) < self.keep_examples:
            self.examples.append(repair)

    def print(self) -> None:
        if not self.count:
            return
        print(f"  repaired (kept, bad characters replaced): {self.count}", file=sys.stderr)
        for repair in self.examples:
            line = f"{repair.where}: {repair.code}: {repair.message}"
            print(f"  {for_terminal(line)}", file=sys.stderr)
