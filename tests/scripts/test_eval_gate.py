"""The evaluation gate's refusal rules: a floor only rises, a changed corpus is re-pinned
only on purpose, and every change carries its reason into the floors file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.scripts import load_script

gate = load_script("eval_gate")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """A floors file over one repository gold file and one shared file."""
    repo, shared = tmp_path / "repo", tmp_path / "shared"
    repo.mkdir()
    shared.mkdir()
    (repo / "gold.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
    (shared / "corpus").mkdir()
    (shared / "corpus" / "articles.jsonl").write_text("نص\n", encoding="utf-8")
    roots = {"repo": repo, "shared": shared}
    files = []
    for root, path in (("repo", "gold.jsonl"), ("shared", "corpus")):
        size, sha = gate.file_digest(roots[root] / path)
        files.append({"root": root, "path": path, "size": size, "sha256": sha})
    record = {"value": 0.80, "measured": 0.83, "reason": "set once"}
    halves = {"tuning": dict(record), "reporting": {**record, "value": 0.70}}
    floors = {"precision": record, "f1": {"halves": halves}}
    floors_file = tmp_path / "floors.json"
    gate.write_floors({"golds": {"toy": {"files": files, "floors": floors}}}, floors_file)
    return floors_file, roots


def update(
    path: Path, roots: dict[str, Path], *args: str, reason: str | None = "re-measured"
) -> dict[str, Any]:
    """Run one --update against `path` with `roots`, and return the file after it."""
    argv = ["--file", str(path), "--update", *args]
    if reason is not None:
        argv += ["--reason", reason]
    data = gate.read_floors(path)
    gate.update_floor(data, gate.parse(argv), roots)
    gate.write_floors(data, path)
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def test_a_floor_rises_with_its_reason_and_history(setup: tuple[Path, dict[str, Path]]) -> None:
    path, roots = setup
    data = update(path, roots, "toy", "precision", "0.85", reason="new stoplist")
    gold = data["golds"]["toy"]
    assert gold["floors"]["precision"] == {
        "value": 0.85,
        "measured": 0.85,
        "reason": "new stoplist",
    }
    assert gold["history"][0]["reason"] == "new stoplist"
    assert "0.8 -> 0.85" in gold["history"][0]["change"]


def test_a_lower_floor_is_refused_without_the_flag(setup: tuple[Path, dict[str, Path]]) -> None:
    path, roots = setup
    with pytest.raises(gate.GateError, match="allow-lower"):
        update(path, roots, "toy", "precision", "0.79")
    assert gate.read_floors(path)["golds"]["toy"]["floors"]["precision"]["value"] == 0.80
    data = update(path, roots, "toy", "precision", "0.79", "--allow-lower", reason="harder gold")
    assert data["golds"]["toy"]["floors"]["precision"]["value"] == 0.79


def test_a_half_is_updated_alone(setup: tuple[Path, dict[str, Path]]) -> None:
    path, roots = setup
    with pytest.raises(gate.GateError, match="allow-lower"):
        update(path, roots, "toy", "f1", "0.75", "--half", "tuning")
    data = update(path, roots, "toy", "f1", "0.75", "--half", "reporting")
    halves = data["golds"]["toy"]["floors"]["f1"]["halves"]
    assert (halves["tuning"]["value"], halves["reporting"]["value"]) == (0.80, 0.75)


def test_a_reason_is_required(setup: tuple[Path, dict[str, Path]]) -> None:
    path, roots = setup
    with pytest.raises(gate.GateError, match="reason"):
        update(path, roots, "toy", "precision", "0.9", reason=None)
    with pytest.raises(gate.GateError, match="reason"):
        update(path, roots, "toy", "precision", "0.9", reason="  ")


def test_a_changed_corpus_is_refused_then_repinned(setup: tuple[Path, dict[str, Path]]) -> None:
    path, roots = setup
    (roots["shared"] / "corpus" / "articles.jsonl").write_text("نص آخر\n", encoding="utf-8")
    gold = gate.read_floors(path)["golds"]["toy"]
    assert gate.changed_files(gold, roots)
    with pytest.raises(gate.GateError, match="accept-corpus"):
        update(path, roots, "toy", "precision", "0.9")
    data = update(path, roots, "toy", "precision", "0.9", "--accept-corpus", reason="new dump")
    assert gate.changed_files(data["golds"]["toy"], roots) == []
    assert "corpus re-pinned" in data["golds"]["toy"]["history"][0]["change"]


def test_a_lower_floor_on_a_changed_corpus_needs_both_flags(
    setup: tuple[Path, dict[str, Path]],
) -> None:
    path, roots = setup
    (roots["repo"] / "gold.jsonl").write_text('{"a": 2}\n', encoding="utf-8")
    with pytest.raises(gate.GateError, match="allow-lower"):
        update(path, roots, "toy", "precision", "0.5", "--accept-corpus")
    assert gate.read_floors(path)["golds"]["toy"]["floors"]["precision"]["value"] == 0.80


def test_an_absent_shared_file_is_reported_not_changed(
    setup: tuple[Path, dict[str, Path]],
) -> None:
    path, roots = setup
    (roots["shared"] / "corpus" / "articles.jsonl").unlink()
    (roots["shared"] / "corpus").rmdir()
    gold = gate.read_floors(path)["golds"]["toy"]
    assert gate.changed_files(gold, roots) == []
    assert gate.missing_files(gold, roots) == ["shared:corpus"]
    with pytest.raises(gate.GateError, match="cannot measure"):
        update(path, roots, "toy", "precision", "0.9")


def test_an_unknown_floor_is_refused(setup: tuple[Path, dict[str, Path]]) -> None:
    path, roots = setup
    with pytest.raises(gate.GateError, match="no floor toy/recall"):
        update(path, roots, "toy", "recall", "0.9")


def test_the_repository_floors_match_their_gold_sets() -> None:
    """The shipped file: every present gold file still has the digest it lists."""
    data = gate.read_floors()
    for name, gold in data["golds"].items():
        assert gate.changed_files(gold) == [], name
        for entry in gold["floors"].values():
            for record in entry.get("halves", {"": entry}).values():
                assert record["value"] <= record["measured"], name
                assert record["reason"].strip(), name


def test_check_fails_on_a_changed_corpus(
    setup: tuple[Path, dict[str, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, roots = setup
    data = gate.read_floors(path)
    assert gate.check(data, roots) == 0
    (roots["repo"] / "gold.jsonl").write_text('{"a": 3}\n', encoding="utf-8")
    assert gate.check(data, roots) == 1
    assert "toy: CHANGED" in capsys.readouterr().out


def test_a_floor_above_its_measured_value_is_refused(
    setup: tuple[Path, dict[str, Path]],
) -> None:
    path, roots = setup
    with pytest.raises(gate.GateError, match="above its measured value"):
        update(path, roots, "toy", "precision", "0.9", "--measured", "0.85")
    data = update(path, roots, "toy", "precision", "0.82", "--measured", "0.85")
    assert data["golds"]["toy"]["floors"]["precision"]["measured"] == 0.85
