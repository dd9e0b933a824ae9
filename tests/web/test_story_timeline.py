"""The story timeline folds copies under the article they copy."""

from __future__ import annotations

from marsad.web.routers.stories import _copies_collapsed, _for_page


def test_copies_fold_under_their_original_in_time_order() -> None:
    articles = [
        {"id": 1, "site": "a", "duplicate_of": None},
        {"id": 2, "site": "b", "duplicate_of": 1},
        {"id": 3, "site": "c", "duplicate_of": None},
        {"id": 4, "site": "d", "duplicate_of": 1},
        {"id": 5, "site": "e", "duplicate_of": 99},  # its original is in another story
    ]
    timeline = _copies_collapsed(articles)
    assert [item["id"] for item in timeline] == [1, 3, 5]
    assert [copy["id"] for copy in timeline[0]["copies"]] == [2, 4]
    assert timeline[1]["copies"] == [] and timeline[2]["copies"] == []


def test_story_view_shapes_are_normalised_for_the_page() -> None:
    view = _for_page({"first": {"id": 7}, "entities": ["داعش"], "places": [{"name": "عدن"}]})
    assert view["first"] == 7
    assert view["entities"] == [{"name": "داعش"}] and view["places"] == [{"name": "عدن"}]
