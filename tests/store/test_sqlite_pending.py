"""Pending tracking marks: written with the insert, cleared with the tracking."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.model import Article
from marsad.store.sqlite import SQLiteStore


def _articles(count: int, start: int = 0) -> list[Article]:
    return [
        Article(text=f"نص الخبر رقم {number} عن الاجتماع", external_id=str(number), site="s")
        for number in range(start, start + count)
    ]


def _pending(store: SQLiteStore) -> list[tuple[int, list[int]]]:
    batches = []
    after = 0
    while (found := store.next_pending_batch(after)) is not None:
        batches.append(found)
        after = found[0]
    return batches


def test_each_insert_transaction_is_one_pending_batch_in_id_order(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "db.sqlite", batch_size=3) as store:
        results = store.add_articles(_articles(7))
        ids = [result.id for result in results]
        assert _pending(store) == [(ids[0], ids[0:3]), (ids[3], ids[3:6]), (ids[6], ids[6:7])]
        assert store.pending_count() == 7


def test_duplicates_and_failed_articles_are_not_marked() -> None:
    with SQLiteStore(":memory:") as store:
        [first] = store.add_articles(_articles(1))
        again = store.add_articles([*_articles(1), *_articles(1, start=1)])
        assert not again[0].new
        assert _pending(store) == [(first.id, [first.id]), (again[1].id, [again[1].id])]


def test_tracking_clears_the_marks_and_a_failed_tracking_keeps_them() -> None:
    with SQLiteStore(":memory:") as store:
        ids = [result.id or 0 for result in store.add_articles(_articles(4))]
        assert all(ids)
        with pytest.raises(RuntimeError), store.tracking():
            store.clear_pending([ids[0]])
            raise RuntimeError("killed half-way")
        assert store.pending_count() == 4
        with store.tracking():
            store.clear_pending(ids[:2])
        assert _pending(store) == [(ids[0], ids[2:])]


def test_untracked_among_leaves_out_articles_with_a_vector() -> None:
    with SQLiteStore(":memory:") as store:
        ids = [result.id or 0 for result in store.add_articles(_articles(3))]
        with store.tracking():
            store.save_vector(ids[1], {"خبر": 1.0}, 1)
            assert store.untracked_among(ids) == {ids[0], ids[2]}
