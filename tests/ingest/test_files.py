"""Files and folders: dispatch by name, stable order, every failure a Rejected."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from ingest_data import SEED_DUMP, seed_paragraphs

from marsad import errors
from marsad.ingest import read_paths
from marsad.ingest.limits import LIMIT_VARIABLE
from marsad.model import Article, Rejected

PARAGRAPHS = seed_paragraphs()


def test_folder_of_mixed_documents(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED_DUMP, folder / "b_dump.txt")
    page = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article></body></html>"
    )
    (folder / "a_page.html").write_text(page, encoding="utf-8")
    (folder / "sub" / "c_page.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    (folder / "sub" / "d.jsonl").write_text(
        json.dumps({"text": PARAGRAPHS[0]}) + "\n", encoding="utf-8"
    )
    (folder / "e.pdf").write_bytes(b"%PDF-1.4")
    (folder / "f_empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    (folder / "g_garbage.txt.gz").write_bytes(b"not gzip at all")
    items = list(read_paths([folder]))
    origins = [item.origin if isinstance(item, Article) else item.where for item in items]
    assert origins == [
        str(folder / "a_page.html"),
        str(folder / "b_dump.txt"),
        str(folder / "e.pdf"),
        str(folder / "f_empty.html"),
        str(folder / "g_garbage.txt.gz"),
        str(folder / "sub" / "c_page.html.gz"),
        f"{folder / 'sub' / 'd.jsonl'}:1",
    ]
    codes = {Path(r.where).name: r.code for r in items if isinstance(r, Rejected)}
    assert codes == {
        "e.pdf": errors.UNSUPPORTED,
        "f_empty.html": errors.EMPTY_TEXT,
        "g_garbage.txt.gz": errors.TRUNCATED,
    }
    articles = [item for item in items if isinstance(item, Article)]
    assert all(a.text.strip() for a in articles)
    assert articles[1].source == "بلدي نيوز"


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.html"
    big.write_text("<html><body><p>" + "نص " * 400 + "</p></body></html>", encoding="utf-8")
    monkeypatch.setenv(LIMIT_VARIABLE, "100")
    (item,) = list(read_paths([big]))
    assert isinstance(item, Rejected) and item.code == errors.TOO_LARGE
    assert "the limit is 100 bytes" in item.message


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    (item,) = list(read_paths([tmp_path / "nope.html"]))
    assert isinstance(item, Rejected)
