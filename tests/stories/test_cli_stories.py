"""The copies/outlets/stories/story/related/track commands on a small database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from marsad.cli import app
from marsad.services.ingest import ingest
from marsad.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_samples import agency, copy, rewrite, unrelated

runner = CliRunner()


def _database(tmp_path: Path) -> str:
    path = tmp_path / "marsad.db"
    with open_store(path) as store:
        ingest(store, [agency(), copy(), rewrite(), unrelated()])
    result = runner.invoke(app, ["track", "--db", str(path)])
    assert result.exit_code == 0 and "tracked: 4" in result.stdout
    return str(path)


def _jsonl(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line]


def test_copies_and_outlets(tmp_path: Path) -> None:
    db = _database(tmp_path)
    result = runner.invoke(app, ["copies", "2", "--json", "--db", db])
    assert result.exit_code == 0
    [found] = _jsonl(result.stdout)
    assert found["is_copy"] is True and found["first_site"] == "واس"
    outlets = _jsonl(runner.invoke(app, ["outlets", "--json", "--db", db]).stdout)
    assert outlets == [{"copier": "اليوم", "original": "واس", "copies": 1}]
    text = runner.invoke(app, ["copies", "1", "--db", db]).stdout
    assert text.startswith("original: [1]") and "copy: [2]" in text


def test_stories_story_and_related(tmp_path: Path) -> None:
    db = _database(tmp_path)
    stories = _jsonl(runner.invoke(app, ["stories", "--json", "--db", db]).stdout)
    assert sorted(story["article_count"] for story in stories) == [1, 3]
    biggest = max(stories, key=lambda story: story["article_count"])
    [view] = _jsonl(runner.invoke(app, ["story", str(biggest["id"]), "--json", "--db", db]).stdout)
    assert [item["id"] for item in view["articles"]] == [1, 2, 3]
    related = _jsonl(runner.invoke(app, ["related", "1", "--json", "--db", db]).stdout)
    assert [item["id"] for item in related][:1] == [3]


def test_a_missing_article_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["copies", "99", "--db", _database(tmp_path)])
    assert result.exit_code != 0
    assert "no article with id 99" in result.stderr
