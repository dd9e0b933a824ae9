"""Shipped data: gazetteers, alias tables, trained models.

Files live beside this module so they travel inside the wheel; code that loads them
asks `resource_path` instead of guessing where the package was installed.
"""

from __future__ import annotations

from pathlib import Path


def resource_path(name: str) -> Path:
    """The path of a shipped resource, `name` relative to this package (e.g. "places/x")."""
    return Path(__file__).parent / name
