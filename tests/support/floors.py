"""Quality floors for the gold-set tests, read from `tests/quality_floors.json`.

One file holds every floor with the digest of the gold set it was measured on
(`scripts/eval_gate.py` keeps it). `floor(gold, metric)` checks the set's files first:
a listed file that changed fails the test with what changed (the floor no longer says
anything about it); a shared-data file that is absent skips the test, as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from support.scripts import load_script

_gate = load_script("eval_gate")


@cache
def _floors() -> dict[str, Any]:
    data: dict[str, Any] = _gate.read_floors()
    return data


@cache
def _verified(gold: str) -> None:
    """Check the gold set's files once per run."""
    try:
        entry = _floors()["golds"][gold]
    except KeyError:
        pytest.fail(f"gold set {gold!r} is not listed in {_gate.FLOORS_FILE.name}")
    missing = _gate.missing_files(entry)
    absent_in_repo = [name for name in missing if name.startswith("repo:")]
    if absent_in_repo:
        pytest.fail(f"gold set {gold!r}: missing from the repository: {absent_in_repo}")
    if missing:
        pytest.skip(f"gold set {gold!r}: shared data absent: {', '.join(missing)}")
    changed = _gate.changed_files(entry)
    if changed:
        pytest.fail(
            f"gold set {gold!r} changed since its floors were set; re-measure and re-pin "
            "with scripts/eval_gate.py --update ... --accept-corpus --reason:\n"
            + "\n".join(changed)
        )


def floor(gold: str, metric: str, half: str | None = None) -> float:
    """The floor of `metric` (of `half`, for sets with halves) on the gold set `gold`,
    after checking the set is the one the floor was measured on."""
    _verified(gold)
    return float(_gate.floor_record(_floors(), gold, metric, half)["value"])


def halves(gold: str, metric: str) -> list[str]:
    """The halves (or themes) a metric has floors for, without checking files, so a
    test can be parametrized at import time."""
    entry: dict[str, Any] = _floors()["golds"][gold]["floors"][metric]
    return sorted(entry["halves"])
