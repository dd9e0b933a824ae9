"""Single-pass assignment: best open story above the bar, inside the time window."""

from __future__ import annotations

from marsad.stories.cluster import StoryCandidate, assign, probe_terms, within_window

DAY = 24 * 3600.0


def _story(story_id: int, centroid: dict[str, float], last_day: float) -> StoryCandidate:
    return StoryCandidate(story_id, centroid, first_at=0.0, last_at=last_day * DAY)


def test_joins_the_most_similar_story_above_the_threshold() -> None:
    vector = {"انتخاب": 0.8, "لبنان": 0.6}
    stories = [
        _story(1, {"انتخاب": 1.0, "عراق": 1.0}, 1),
        _story(2, {"انتخاب": 1.0, "لبنان": 1.0}, 1),
        _story(3, {"كره": 1.0}, 1),
    ]
    chosen = assign(vector, 1 * DAY, stories, threshold=0.3, window=3 * DAY)
    assert chosen.story == 2 and chosen.score > 0.9


def test_starts_a_new_story_below_the_threshold_or_outside_the_window() -> None:
    vector = {"انتخاب": 1.0}
    weak = [_story(1, {"انتخاب": 0.1, "عراق": 1.0}, 1)]
    assert assign(vector, DAY, weak, threshold=0.3, window=3 * DAY).story is None
    stale = [_story(1, {"انتخاب": 1.0}, 1)]
    assert assign(vector, 5 * DAY, stale, threshold=0.3, window=3 * DAY).story is None
    assert within_window(3.5 * DAY, stale[0], 3 * DAY)
    assert not within_window(-3.5 * DAY, stale[0], 3 * DAY)


def test_probe_terms_are_the_heaviest() -> None:
    assert probe_terms({"a": 0.9, "b": 0.5, "c": 0.1}, 2) == ["a", "b"]


def test_a_story_with_its_own_threshold_needs_that_much() -> None:
    vector = {"هدنه": 1.0, "يمن": 1.0}
    centroid = {"هدنه": 1.0, "يمن": 0.2, "تمديد": 1.0}  # cosine about 0.58
    strict = StoryCandidate(1, centroid, 0.0, DAY, threshold=0.7)
    assert assign(vector, DAY, [strict], threshold=0.3, window=3 * DAY).story is None
    lenient = StoryCandidate(1, centroid, 0.0, DAY, threshold=None)
    assert assign(vector, DAY, [lenient], threshold=0.3, window=3 * DAY).story == 1
