"""Bad input on the command line: a one-line error and a non-zero status, never a traceback.

Each invocation runs the installed `marsad` program as a user would. Reported: ids
and limits of 2^63 or more, lone surrogates, escape sequences in titles and a few
dozen other bad inputs ended in a Python traceback or a cleared terminal.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest
import typer
from test_cli_contract import MARSAD, SEED

from marsad.cli_common import INTERNAL_ERROR_STATUS, run_app

HUGE = "9999999999999999999"  # 2^63 and more: not an SQLite INTEGER
ESCAPE_TITLE = "عنوان \x1b[2J\x1b]0;pwned\x07 مضلل \u202eأخبار"


def run(
    args: list[str], stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [MARSAD, *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of bad inputs and a small database (one article with an escape in its title)."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.html").write_bytes(b"")
    (folder / "random.html").write_bytes(bytes(range(256)) * 8)
    (folder / "bad.jsonl").write_text('{"text": \n[1, 2]\n{"id": "x"}\n', encoding="utf-8")
    (folder / "nested.jsonl").write_text("[" * 50_000 + "\n", encoding="utf-8")
    (folder / "notes.xyz").write_text("not a news format", encoding="utf-8")
    (folder / "cut.html.gz").write_bytes(gzip.compress(b"<p>" + b"x" * 9000)[:40])
    (folder / "garbage.db").write_bytes(b"this is not a database at all " * 100)
    (folder / "dir.db").mkdir()
    title = json.dumps(ESCAPE_TITLE)
    (folder / "news.jsonl").write_text(
        f'{{"id": "e1", "title": {title}, "text": "نص الخبر عن مدينة حلب وأهلها اليوم"}}\n',
        encoding="utf-8",
    )
    ingested = run(
        ["ingest", "--no-enrich", "--db", str(folder / "m.db"), str(folder / "news.jsonl")]
    )
    assert ingested.returncode == 0, ingested.stderr
    return folder


def _bad_invocations(folder: Path) -> list[tuple[list[str], bytes, dict[str, str]]]:
    db = ["--db", str(folder / "m.db")]
    no_env: dict[str, str] = {}
    cases: list[tuple[list[str], bytes, dict[str, str]]] = [
        (["show", HUGE, *db], b"", no_env),
        (["show", "abc", *db], b"", no_env),
        (["show", "0", *db], b"", no_env),
        (["show", "999", *db], b"", no_env),
        (["show", "--json", HUGE, *db], b"", no_env),
        (["story", HUGE, *db], b"", no_env),
        (["story", "1.5", *db], b"", no_env),
        (["related", HUGE, *db], b"", no_env),
        (["related", "1", "--limit", HUGE, *db], b"", no_env),
        (["copies", HUGE, *db], b"", no_env),
        (["stories", "--limit", HUGE, *db], b"", no_env),
        (["stories", "--limit", "-3", *db], b"", no_env),
        (["search", "حلب", "--limit", HUGE, *db], b"", no_env),
        (["search", "حلب", "--limit", "0", *db], b"", no_env),
        (["search", "حلب", "--db", str(folder / "garbage.db")], b"", no_env),
        (["show", "1", "--db", str(folder / "dir.db")], b"", no_env),
        (["export", "--format", "xml", *db], b"", no_env),
        (["export", "--db", str(folder / "garbage.db")], b"", no_env),
        (["extract", str(folder / "missing.html")], b"", no_env),
        (["extract", str(folder)], b"", no_env),
        (["extract", str(folder / "empty.html")], b"", no_env),
        (["extract", str(folder / "random.html")], b"", no_env),
        (["extract", str(folder / "cut.html.gz")], b"", no_env),
        (["extract", "--max-bytes", "100", str(SEED)], b"", no_env),
        (["extract", "--max-bytes", "0", str(SEED)], b"", no_env),
        (["extract", "--max-bytes", HUGE + "0", str(SEED)], b"", no_env),
        (["extract", str(SEED)], b"", {"MARSAD_MAX_DOCUMENT_BYTES": "lots"}),
        (["extract", "-"], b"", no_env),
        (["extract", "-"], b"\x00\xff" * 5000, no_env),
        (["ingest", "--no-enrich", *db, str(folder / "missing")], b"", no_env),
        (["ingest", "--no-enrich", *db, str(folder / "bad.jsonl")], b"", no_env),
        (["ingest", "--no-enrich", *db, str(folder / "nested.jsonl")], b"", no_env),
        (["ingest", "--no-enrich", *db, str(folder / "notes.xyz")], b"", no_env),
        (["ingest", "--no-enrich", *db, str(folder / "empty.html")], b"", no_env),
        (["ingest", "--no-enrich", "--db", str(folder / "dir.db"), str(SEED)], b"", no_env),
        (["ingest", "--no-enrich", "--db", str(folder / "garbage.db"), str(SEED)], b"", no_env),
        (["dates"], b"", no_env),
        (["dates", "--base", "2020-13-45"], "أمس".encode(), no_env),
        (["annotate", "--base", "yesterday"], "أمس".encode(), no_env),
        (["annotate"], b"\xff\xfe\x00bad", no_env),
        (["ner"], b"\xc3\x28 token\n", no_env),
        (["nosuch"], b"", no_env),
        (["show", "--nosuchoption", "1"], b"", no_env),
        (["serve", "--port", HUGE, *db], b"", no_env),
        (["stories", "--order", "sideways", *db], b"", no_env),
        (["sources", "remove", HUGE + "0", *db], b"", no_env),
        (["crawl", "--once", "--max-pages", HUGE + "0", *db], b"", no_env),
    ]
    return cases


def test_no_traceback_on_any_bad_invocation(inputs: Path) -> None:
    cases = _bad_invocations(inputs)
    assert len(cases) >= 40
    failures = []
    for args, stdin, env in cases:
        result = run(args, stdin, env)
        stderr = result.stderr.decode("utf-8", "replace")
        lines = [line for line in stderr.splitlines() if line.strip()]
        if result.returncode == 0 or "Traceback" in stderr or not lines:
            failures.append((args[:3], result.returncode, stderr[-300:]))
        elif result.returncode == INTERNAL_ERROR_STATUS:
            failures.append((args[:3], "internal error", lines[-1]))
    assert not failures, failures


def test_ids_beyond_sqlite_say_so_in_one_line(inputs: Path) -> None:
    result = run(["show", HUGE, "--db", str(inputs / "m.db")])
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "ID" in lines[0] and "9223372036854775807" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["sources", "remove", HUGE + "0"],
        ["sources", "remove", "٩" * 20],  # Arabic-Indic digits are an id too
        ["crawl", "--once", "--max-pages", HUGE + "0"],
    ],
)
def test_source_ids_and_page_counts_beyond_sqlite_are_usage_errors(
    inputs: Path, args: list[str]
) -> None:
    result = run([*args, "--db", str(inputs / "m.db")])
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "9223372036854775807" in lines[0], lines


def test_ingest_exits_1_when_everything_was_rejected(inputs: Path, tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "x.db")]
    rejected = run(["ingest", "--no-enrich", *db, str(inputs / "bad.jsonl")])
    assert rejected.returncode == 1
    assert "rejected: 3" in rejected.stdout.decode()
    mixed = run(["ingest", "--no-enrich", *db, str(inputs / "bad.jsonl"), str(SEED)])
    assert mixed.returncode == 0, mixed.stderr


def test_escape_sequences_in_titles_never_reach_the_terminal(inputs: Path) -> None:
    db = ["--db", str(inputs / "m.db")]
    for args in (["search", "حلب", *db], ["show", "1", *db], ["stories", *db], ["story", "1", *db]):
        result = run(args)
        assert result.returncode == 0, (args, result.stderr)
        out = result.stdout.decode("utf-8")
        assert "عنوان" in out and "مضلل" in out, args
        assert "\x1b" not in out and "\x07" not in out, args
    listed = run(["search", "حلب", *db]).stdout.decode("utf-8")
    assert "\u202e" not in listed.splitlines()[0]
    as_json = run(["show", "1", "--json", *db]).stdout.decode("utf-8")
    assert "\x1b" not in as_json
    assert json.loads(as_json)["title"] == ESCAPE_TITLE  # the data itself is kept


def _app_raising(error: BaseException) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def boom() -> None:
        raise error

    @app.command()
    def other() -> None:
        """A second command, so `boom` is a subcommand."""

    return app


def test_an_internal_error_is_one_line_with_status_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MARSAD_DEBUG", raising=False)
    app = _app_raising(RuntimeError("disk\x1b[2J on fire"))
    assert run_app(app, ["boom"]) == INTERNAL_ERROR_STATUS
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "\x1b" not in err
    assert err.startswith("marsad: internal error: RuntimeError: disk on fire")


def test_debug_shows_the_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app_raising(KeyError("x"))
    monkeypatch.setenv("MARSAD_DEBUG", "1")
    assert run_app(app, ["boom"]) == INTERNAL_ERROR_STATUS
    assert "Traceback" in capsys.readouterr().err


def test_debug_option_on_the_real_command(inputs: Path) -> None:
    result = run(["--debug", "show", "1", "--db", str(inputs / "m.db")])
    assert result.returncode == 0, result.stderr
