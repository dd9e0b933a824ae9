"""The bundled demo: a fresh database holding a sample of real Arabic news."""

from __future__ import annotations

from pathlib import Path

from marsad.resources import resource_path
from marsad.services.config import data_directory


def demo_sample() -> Path:
    """The shipped sample (SaudiNewsNet, CC BY-NC-SA 4.0; see its NOTICE.md)."""
    return resource_path("demo/articles.jsonl.gz")


def demo_database() -> Path:
    return data_directory() / "demo.db"


def reset_demo(db: Path) -> None:
    """Remove an older demo database at `db` (with its WAL files), ready for a new one.
    The sample is then ingested by `marsad.run.ingest.load_demo`."""
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
