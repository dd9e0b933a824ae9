"""Set up a virtual environment for Marsad and run the demo or the checks.

    python3 scripts/dev.py demo   # install, then ingest the demo sample and show what to try
    python3 scripts/dev.py test   # install, then ruff, mypy, lint-imports and pytest

Needs only Python >= 3.11 with venv and pip. The environment lives in `.venv/` in
the repository and is reinstalled when `pyproject.toml` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
VENV = REPOSITORY / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".marsad-installed"


def _run(*command: str | Path) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    completed = subprocess.run([str(part) for part in command], cwd=REPOSITORY, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def _project_fingerprint() -> str:
    return hashlib.sha256((REPOSITORY / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Create `.venv` and install Marsad with its development tools, once per pyproject."""
    if sys.version_info < (3, 11):  # noqa: UP036 - runs under any python3 before the venv
        sys.exit("Marsad needs Python 3.11 or newer")
    if not (BIN / "python").exists():
        _run(sys.executable, "-m", "venv", VENV)
    fingerprint = _project_fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(fingerprint)


def run_tests(extra: list[str]) -> None:
    _run(BIN / "ruff", "check", ".")
    _run(BIN / "ruff", "format", "--check", ".")
    _run(BIN / "mypy")
    _run(BIN / "lint-imports")  # the rooms of docs/ARCHITECTURE.md ([tool.importlinter])
    # every gold set as its floors were pinned on (tests/quality_floors.json)
    _run(BIN / "python", REPOSITORY / "scripts" / "eval_gate.py", "--check")
    _run(BIN / "pytest", *extra)


def run_demo(extra: list[str]) -> None:
    _run(BIN / "marsad", "demo", *extra)


def main() -> None:
    commands = {"test": run_tests, "demo": run_demo}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    ensure_environment()
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
