"""The bundled demo: a fresh database holding a sample of real Arabic news."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from marsad.model import IngestReport
from marsad.resources import resource_path
from marsad.services.config import data_directory
from marsad.services.ingest_files import ingest_paths


def demo_sample() -> Path:
    """The shipped sample (SaudiNewsNet, CC BY-NC-SA 4.0; see its NOTICE.md)."""
    return resource_path("demo/articles.jsonl.gz")


def demo_database() -> Path:
    return data_directory() / "demo.db"


def load_demo(db: Path, *, on_progress: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest the sample into a new database at `db`, replacing an older demo there."""
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    return ingest_paths(db, [demo_sample()], on_progress=on_progress)
