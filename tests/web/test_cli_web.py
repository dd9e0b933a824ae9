"""`marsad serve` and `marsad demo --no-serve`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.cli_web import address


def test_serve_is_a_command() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output


def test_bad_port_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--port", "70000"])
    assert result.exit_code != 0
    assert "--port" in result.output and "Traceback" not in result.output


def test_serve_takes_a_base_url() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert "--base-url" in result.output


def test_bad_base_url_is_a_one_line_error(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    result = CliRunner().invoke(app, ["serve", "--db", db, "--base-url", "javascript:alert(1)"])
    assert result.exit_code != 0
    assert "base URL" in result.output and "Traceback" not in result.output


def test_address() -> None:
    assert address("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert address("::1", 80) == "http://[::1]:80/"


@pytest.mark.slow
def test_demo_without_serving_loads_and_returns(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "new: 299" in result.output
    assert "Marsad is serving" not in result.output
