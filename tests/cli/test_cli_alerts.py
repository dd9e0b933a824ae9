"""`marsad alerts run --once`: one check, delivered to a real local receiver."""

from __future__ import annotations

import json
from pathlib import Path

from support.alert_receivers import http_receiver
from typer.testing import CliRunner

from marsad.cli import app
from marsad.model import Article
from marsad.services.watchlists import save_search
from marsad.store import SQLiteStore


def test_alerts_run_once_delivers_and_reports(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with http_receiver([500]) as (url, received):
        with SQLiteStore(db) as store:
            save_search(store, {"query": "زلزال", "webhook_url": url})
            save_search(store, {"query": "فيضان", "email_to": "editor@example.org"})
            store.add_articles([Article(title="زلزال قوي", text="ضرب زلزال قوي المنطقة.")])
        env = {"MARSAD_SMTP_URL": "", "MARSAD_BASE_URL": "https://marsad.example"}
        result = CliRunner().invoke(app, ["alerts", "run", "--once", "--db", str(db)], env=env)
        assert result.exit_code == 0, result.output
        assert "watchlists: 2, delivered: 1, failed: 0, articles: 1" in result.stdout
        assert "email: MARSAD_SMTP_URL is not set" in result.stderr
        assert received.statuses == [500, 200]
        item = json.loads(received.requests[-1][1])["items"][0]
        assert item["marsad_url"].startswith("https://marsad.example/articles/")
        again = CliRunner().invoke(app, ["alerts", "run", "--once", "--db", str(db)], env=env)
        assert "delivered: 0" in again.stdout and len(received.requests) == 2


def test_bad_smtp_settings_are_a_one_line_error(tmp_path: Path) -> None:
    env = {"MARSAD_SMTP_URL": "ftp://host", "MARSAD_MAIL_FROM": "m@example.org"}
    db = str(tmp_path / "m.db")
    result = CliRunner().invoke(app, ["alerts", "run", "--once", "--db", db], env=env)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("marsad: ") and "MARSAD_SMTP_URL" in result.stderr
