"""The runtime: which database the doors open, and inputs read under the size cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import MarsadError, StoreError
from marsad.run import runtime
from marsad.run.runtime import DATABASE_VARIABLE, database, open_database, read_input


def test_the_database_is_the_option_then_the_environment_then_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime, "default_database", lambda: tmp_path / "data" / "marsad.db")
    monkeypatch.delenv(DATABASE_VARIABLE, raising=False)
    assert database(None) == str(tmp_path / "data" / "marsad.db")
    monkeypatch.setenv(DATABASE_VARIABLE, "sqlite:///env.db")
    assert database(None) == "sqlite:///env.db"
    assert database("given.db") == "given.db"


def test_open_database_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_VARIABLE, f"sqlite:///{tmp_path / 'env.db'}")
    with open_database() as store:
        assert store.count() == 0
    assert (tmp_path / "env.db").exists()
    monkeypatch.setenv(DATABASE_VARIABLE, "postgresql://marsad@db/marsad")
    with pytest.raises(StoreError, match="not available yet"):
        open_database()


def test_an_input_above_the_cap_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>" + "خبر ".encode() * 100 + b"</p>")
    data, where = read_input(str(page), max_bytes=10_000)
    assert data == page.read_bytes() and where == str(page)
    with pytest.raises(MarsadError, match="too large") as refused:
        read_input(str(page), max_bytes=100)
    assert refused.value.code == "too-large"
