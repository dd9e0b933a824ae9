"""`marsad serve --workers N`: several processes answer on one port, then stop cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.run.ingest import ingest_paths

START_SECONDS = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database(tmp_path: Path) -> Path:
    """A small archive: a few Arabic articles ingested without enrichment."""
    records = tmp_path / "records.jsonl"
    lines = [
        json.dumps(
            {
                "id": f"a{number}",
                "url": f"https://news.example/ar/{number}",
                "title": f"وزير الخارجية يبحث ملف المياه رقم {number}",
                "text": f"قال الوزير إن المحادثات رقم {number} تناولت ملف المياه والحدود.",
            },
            ensure_ascii=False,
        )
        for number in range(5)
    ]
    records.write_text("\n".join(lines) + "\n", "utf-8")
    db = tmp_path / "serve.db"
    report = ingest_paths(db, [records], enrich=False, track=False)
    assert report.new == 5
    return db


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return int(response.status), response.read()


def _wait_until_up(server: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not answer in time")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.extend(int(child) for child in task.read_text().split())
    return found


def test_workers_below_one_is_a_one_line_error(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    result = CliRunner().invoke(app, ["serve", "--db", db, "--workers", "0"])
    assert result.exit_code != 0
    assert "--workers" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_two_workers_answer_and_stop_cleanly(tmp_path: Path) -> None:
    db = _database(tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("MARSAD_")}
    command = [sys.executable, "-c", "from marsad.cli import main; main()", "serve"]
    server = subprocess.Popen(
        [*command, "--db", str(db), "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_up(server, f"{base}/api/articles")
        assert len(_children(server.pid)) >= 2  # the workers, beside the supervisor
        for _ in range(6):
            status, body = _get(f"{base}/api/articles")
            assert status == 200
            assert "وزير الخارجية" in body.decode("utf-8")
            assert _get(f"{base}/")[0] == 200
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            _, errors = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
            pytest.fail("the server did not stop on SIGTERM")
    assert server.returncode == 0, errors.decode("utf-8", "replace")
