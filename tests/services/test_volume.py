"""Volume over time and spikes judged against a robust (median, MAD) baseline."""

from __future__ import annotations

import pytest

from marsad.errors import InputError
from marsad.model import Article
from marsad.services.volume import check_spike, growing_stories, periods, volume_series
from marsad.store import SQLiteStore

DAYS = [f"2024-01-{day:02d}" for day in range(1, 16)]


def test_a_jump_over_a_quiet_baseline_is_a_spike() -> None:
    found = check_spike(DAYS, [1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 9])
    assert found is not None and found.spike
    assert (found.median, found.mad, found.bucket) == (1.0, 0.0, "2024-01-15")


def test_one_loud_day_in_the_baseline_does_not_hide_the_next_one() -> None:
    # A mean and standard deviation would be pulled up by the 40; the median is not.
    counts = [2, 3, 2, 3, 2, 40, 3, 2, 3, 2, 3, 2, 3, 2, 12]
    found = check_spike(DAYS, counts)
    assert found is not None and found.spike and found.median == 2.5


def test_normal_noise_and_tiny_counts_are_not_spikes() -> None:
    noisy = check_spike(DAYS, [5, 9, 4, 8, 6, 10, 5, 7, 9, 4, 6, 8, 5, 7, 10])
    assert noisy is not None and not noisy.spike
    tiny = check_spike(DAYS, [0] * 14 + [2])
    assert tiny is not None and not tiny.spike  # below the minimum count


def _dated(store: SQLiteStore, days: dict[str, int], word: str = "زلزال") -> None:
    store.add_articles(
        Article(
            title=f"{word} {day} {n}",
            text=f"{word} في يوم {day} رقم {n}.",
            published=f"{day}T{n % 24:02d}:00:00",
            url=f"https://a.example/{word}/{day}/{n}",
        )
        for day, count in days.items()
        for n in range(count)
    )


def test_series_fill_zeros_and_judge_the_last_day(store: SQLiteStore) -> None:
    _dated(store, {"2024-01-01": 1, "2024-01-03": 1, "2024-01-05": 6})
    series = volume_series(store, "query", "زلزال", length=5)
    assert [p["period"] for p in series["points"]] == [
        "2024-01-01",
        "2024-01-02",
        "2024-01-03",
        "2024-01-04",
        "2024-01-05",
    ]
    assert [p["count"] for p in series["points"]] == [1, 0, 1, 0, 6]
    assert series["total"] == 8 and series["spike"]["spike"] is True
    hourly = volume_series(store, "query", "زلزال", bucket="hour", length=24)
    assert hourly["total"] == 6 and hourly["points"][-1]["period"] == "2024-01-05T05"


def test_bad_requests_are_input_errors(store: SQLiteStore) -> None:
    with pytest.raises(InputError):
        volume_series(store, "weather", "x")
    with pytest.raises(InputError):
        volume_series(store, "story", "not-a-number")
    with pytest.raises(InputError):
        volume_series(store, "query", "x", bucket="hour", length=10_000)


def test_periods_run_oldest_first() -> None:
    from datetime import datetime

    assert periods("hour", datetime(2024, 1, 2, 1, 30), 3) == [
        "2024-01-01T23",
        "2024-01-02T00",
        "2024-01-02T01",
    ]


def test_growing_stories_are_measured_not_biggest(store: SQLiteStore) -> None:
    _dated(store, {f"2024-01-{d:02d}": 5 for d in range(1, 9)}, "زلزال")
    _dated(store, {"2024-01-08": 4}, "فيضان")
    ids = {a.id: a.title for a in store.iter_articles()}
    big = [i for i, title in ids.items() if title.startswith("زلزال")]
    new = [i for i, title in ids.items() if title.startswith("فيضان")]
    with store.tracking():
        store._db.execute(f"UPDATE articles SET story = 1 WHERE id IN ({','.join(map(str, big))})")
        store._db.execute(f"UPDATE articles SET story = 2 WHERE id IN ({','.join(map(str, new))})")
    # The big story is steady (5 a day); the small one appeared today with 4.
    assert [found["story"] for found in growing_stories(store)] == [2]
