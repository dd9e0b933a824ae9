"""The evaluation gate: every quality floor in one file, with the digest of each gold set.

`tests/quality_floors.json` lists, per gold set, its files (relative to the repository,
or to the shared data folder beside it) with their size and sha256, and its floors by
metric (and by half where the set has halves), each with the value it was measured at
and a one-line reason. The quality tests read their floors from it
(`tests/support/floors.py`), so a changed corpus fails them instead of passing unseen.

    python scripts/eval_gate.py --check
    python scripts/eval_gate.py --update GOLD METRIC VALUE [--half H] [--measured M] --reason "..."

`--update` raises a floor; lowering one needs `--allow-lower`, and a gold set whose
files changed needs `--accept-corpus` (which records the new digests); each is written
into the file's history with its reason.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOORS_FILE = ROOT / "tests" / "quality_floors.json"
SHARED_DATA = ROOT / ".." / "shared" / "data"
ROOTS = {"repo": ROOT, "shared": SHARED_DATA}


class GateError(Exception):
    """The gate refuses a change or finds a gold set that is not the one its floors
    were measured on."""


@dataclass(frozen=True)
class FileState:
    """What one listed gold file is now: absent, or its size and digest."""

    path: str
    root: str
    present: bool
    size: int = 0
    sha256: str = ""


def file_digest(path: Path) -> tuple[int, str]:
    """Size and sha256 of a file, or of a folder (every file under it, sorted by path,
    its relative path hashed with its content) so a set of pages has one digest."""
    if path.is_file():
        digest = hashlib.sha256()
        with path.open("rb") as data:
            for block in iter(lambda: data.read(1 << 20), b""):
                digest.update(block)
        return path.stat().st_size, digest.hexdigest()
    digest = hashlib.sha256()
    total = 0
    for item in sorted(p for p in path.rglob("*") if p.is_file()):
        size, sha = file_digest(item)
        total += size
        digest.update(f"{item.relative_to(path).as_posix()}\0{sha}\n".encode())
    return total, digest.hexdigest()


def read_floors(path: Path = FLOORS_FILE) -> dict[str, Any]:
    """The floors file as a dictionary."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_floors(data: dict[str, Any], path: Path = FLOORS_FILE) -> None:
    """Write the floors file back, stable and readable in a diff."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def file_state(entry: dict[str, Any], roots: dict[str, Path] = ROOTS) -> FileState:
    """The current state of one listed file."""
    target = roots[entry["root"]] / entry["path"]
    if not target.exists():
        return FileState(entry["path"], entry["root"], present=False)
    size, sha = file_digest(target)
    return FileState(entry["path"], entry["root"], True, size, sha)


def changed_files(gold: dict[str, Any], roots: dict[str, Path] = ROOTS) -> list[str]:
    """Messages for each present file whose size or digest differs from the listed one."""
    messages = []
    for entry in gold["files"]:
        state = file_state(entry, roots)
        if state.present and (state.size, state.sha256) != (entry["size"], entry["sha256"]):
            messages.append(
                f"{entry['root']}:{entry['path']} is {state.size} bytes, sha256 "
                f"{state.sha256[:12]}; the floors were set on {entry['size']} bytes, "
                f"sha256 {entry['sha256'][:12]}"
            )
    return messages


def missing_files(gold: dict[str, Any], roots: dict[str, Path] = ROOTS) -> list[str]:
    """The listed files that are not here, as `root:path`."""
    return [
        f"{entry['root']}:{entry['path']}"
        for entry in gold["files"]
        if not (roots[entry["root"]] / entry["path"]).exists()
    ]


def floor_record(data: dict[str, Any], gold: str, metric: str, half: str | None) -> Any:
    """The record {value, measured, reason} of one floor; GateError if not listed."""
    try:
        entry = data["golds"][gold]["floors"][metric]
        return entry["halves"][half] if half is not None else entry
    except KeyError as missing:
        where = f"{gold}/{metric}" + (f"/{half}" if half else "")
        raise GateError(f"no floor {where} in {FLOORS_FILE.name}") from missing


def update_floor(
    data: dict[str, Any],
    request: argparse.Namespace,
    roots: dict[str, Path] = ROOTS,
) -> list[str]:
    """Apply one `--update` to `data`; refuse a lower floor or a changed corpus unless
    the matching flag and a reason are given. Returns what changed, for the history."""
    reason = (request.reason or "").strip()
    if not reason:
        raise GateError("--reason is required: it is written into the floors file")
    record = floor_record(data, request.gold, request.metric, request.half)
    gold = data["golds"][request.gold]
    notes = []
    changed = changed_files(gold, roots)
    if changed:
        if not request.accept_corpus:
            raise GateError(
                "corpus changed; pass --accept-corpus to re-pin:\n" + "\n".join(changed)
            )
        for entry in gold["files"]:
            state = file_state(entry, roots)
            if state.present:
                entry["size"], entry["sha256"] = state.size, state.sha256
        notes.append("corpus re-pinned: " + "; ".join(changed))
    missing = missing_files(gold, roots)
    if missing:
        raise GateError("cannot measure without " + ", ".join(missing))
    value = float(request.value)
    if value < record["value"] and not request.allow_lower:
        raise GateError(
            f"{value} is below the floor {record['value']}; pass --allow-lower to lower it"
        )
    notes.append(
        f"{request.metric}{'/' + request.half if request.half else ''}: "
        f"{record['value']} -> {value}"
    )
    measured = float(request.measured) if request.measured else value
    if measured < value:
        raise GateError(f"a floor of {value} is above its measured value {measured}")
    record["value"] = value
    record["measured"] = measured
    record["reason"] = reason
    gold.setdefault("history", []).append(
        {"date": datetime.now(UTC).date().isoformat(), "change": "; ".join(notes), "reason": reason}
    )
    return notes


def check(data: dict[str, Any], roots: dict[str, Path] = ROOTS) -> int:
    """Print every floor and the state of every gold set; 1 if a corpus changed."""
    status = 0
    for name, gold in sorted(data["golds"].items()):
        changed = changed_files(gold, roots)
        missing = missing_files(gold, roots)
        state = "CHANGED" if changed else ("absent: " + ", ".join(missing) if missing else "ok")
        print(f"{name}: {state}")
        for message in changed:
            print(f"  {message}")
        status |= bool(changed)
        for metric, entry in sorted(gold["floors"].items()):
            for half, record in sorted(entry.get("halves", {"": entry}).items()):
                label = f"{metric}/{half}" if half else metric
                print(f"  {label} >= {record['value']} (measured {record['measured']})")
    return status


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="verify digests, print floors")
    action.add_argument("--update", nargs=3, metavar=("GOLD", "METRIC", "VALUE"))
    parser.add_argument("--half", help="the half (tuning, reporting, ...) of the floor")
    parser.add_argument("--measured", help="the measured value (defaults to VALUE)")
    parser.add_argument("--reason", help="why; written into the floors file")
    parser.add_argument("--allow-lower", action="store_true")
    parser.add_argument("--accept-corpus", action="store_true")
    parser.add_argument("--file", type=Path, default=FLOORS_FILE)
    args = parser.parse_args(argv)
    if args.update:
        args.gold, args.metric, args.value = args.update
    return args


def main(argv: list[str] | None = None) -> int:
    """Run `--check` or `--update`; refusals exit 2 with their reason."""
    args = parse(sys.argv[1:] if argv is None else argv)
    data = read_floors(args.file)
    if args.check:
        return check(data)
    try:
        notes = update_floor(data, args)
    except GateError as refused:
        print(f"refused: {refused}", file=sys.stderr)
        return 2
    write_floors(data, args.file)
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
