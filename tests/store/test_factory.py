"""`open_store`: a URL or path names the backend; `$MARSAD_DB` when none is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import StoreError
from marsad.store.factory import DATABASE_VARIABLE, open_store


def test_without_a_url_the_environment_names_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "from-env.db"
    monkeypatch.setenv(DATABASE_VARIABLE, f"sqlite:///{db}")
    with open_store() as store:
        assert store.count() == 0
    assert db.exists()


def test_a_url_given_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_VARIABLE, str(tmp_path / "env.db"))
    with open_store(tmp_path / "given.db"):
        pass
    assert (tmp_path / "given.db").exists()
    assert not (tmp_path / "env.db").exists()


def test_no_database_at_all_is_a_store_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATABASE_VARIABLE, raising=False)
    with pytest.raises(StoreError, match="MARSAD_DB"):
        open_store()


@pytest.mark.parametrize("url", ["postgresql://user@db/marsad", "postgres://db/marsad"])
def test_postgresql_says_it_is_not_available_yet(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(StoreError, match="not available yet"):
        open_store(url)
    monkeypatch.setenv(DATABASE_VARIABLE, url)
    with pytest.raises(StoreError, match="not available yet"):
        open_store()
