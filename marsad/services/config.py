"""Where Marsad keeps its data when the user does not say."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir


def data_directory() -> Path:
    """The per-user data folder (e.g. ~/.local/share/marsad), created on demand."""
    folder = Path(user_data_dir("marsad", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database() -> Path:
    """The database used when no --db and no $MARSAD_DB is given."""
    return data_directory() / "marsad.db"
