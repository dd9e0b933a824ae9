"""Where the extraction tests find their inputs: the seed page dump and the shared data.

Plain helpers rather than fixtures, imported by the test modules of this folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SHARED_DATA = REPO / ".." / "shared" / "data"
# The project's seed test case: a real Arabic article saved as a plain-text page dump.
SEED_DUMP = FIXTURES / "000_de14d7a4effe693a.txt"


def seed_paragraphs() -> list[str]:
    """The body paragraphs of the seed article (its long lines), for building test inputs."""
    lines = [line.strip() for line in SEED_DUMP.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line) > 80]


def shared_data(name: str) -> Path:
    """A folder of the shared real data; the test is skipped when it is not beside the repo."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"shared data {name!r} is not available")
    return path
