"""Related-article ranking: by cosine, never the article's own copy group."""

from __future__ import annotations

from marsad.stories.related import Neighbour, rank_related


def test_ranks_by_similarity_one_per_copy_group_without_own_group() -> None:
    vector = {"مستشفى": 0.8, "طائف": 0.6}
    candidates = [
        Neighbour(1, 1, {"مستشفى": 0.8, "طائف": 0.6}),  # the article itself
        Neighbour(2, 1, {"مستشفى": 0.8, "طائف": 0.6}),  # its copy
        Neighbour(3, 3, {"مستشفى": 1.0}),
        Neighbour(4, 3, {"مستشفى": 0.5, "جده": 0.5}),  # a copy of 3, less similar
        Neighbour(5, 5, {"طائف": 0.3, "مطار": 1.0}),
        Neighbour(6, 6, {"كره": 1.0}),  # nothing in common
    ]
    ranked = rank_related(vector, 1, candidates, k=5)
    assert [article_id for article_id, _ in ranked] == [3, 5]
    assert ranked[0][1] > ranked[1][1]
    assert rank_related(vector, 1, candidates, k=1) == ranked[:1]
