"""Related articles and related stories: the nearest by content and shared entities.

Candidates come from an inverted index of every article's heaviest terms (each
posting list read only to a fixed depth, heaviest first), so a lookup costs the
same in a small or a large archive; they are ranked by cosine of the full stored
vectors, in which entity ids are features of their own. Copies of the article
(members of its copy group) and the article itself are left out: a reader who
wants copies asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from marsad.stories.vectors import cosine

MIN_SCORE = 0.05


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A candidate: its id, its copy-group head and its stored vector."""

    id: int
    head: int
    vector: Mapping[str, float]


def rank_related(
    vector: Mapping[str, float],
    own_head: int,
    candidates: Iterable[Neighbour],
    k: int,
    *,
    min_score: float = MIN_SCORE,
) -> list[tuple[int, float]]:
    """The `k` best (id, score), best first; one article per copy group."""
    best_of_group: dict[int, tuple[float, int]] = {}
    for candidate in candidates:
        if candidate.head == own_head:
            continue
        score = cosine(vector, candidate.vector)
        if score < min_score:
            continue
        kept = best_of_group.get(candidate.head)
        if kept is None or (score, -candidate.id) > (kept[0], -kept[1]):
            best_of_group[candidate.head] = (score, candidate.id)
    ranked = sorted(best_of_group.values(), key=lambda item: (-item[0], item[1]))
    return [(article_id, score) for score, article_id in ranked[:k]]


# Stories at least this close (cosine of centroids) are listed as related: a broader
# running topic, kept apart from the story itself by the event vetoes or the window.
MIN_STORY_SCORE = 0.1


def rank_related_stories(
    centroid: Mapping[str, float],
    own_id: int,
    candidates: Iterable[tuple[int, Mapping[str, float]]],
    k: int,
    *,
    min_score: float = MIN_STORY_SCORE,
) -> list[tuple[int, float]]:
    """The `k` stories (id, score) whose centroid is closest to `centroid`, best first."""
    scored = [
        (story_id, cosine(centroid, other)) for story_id, other in candidates if story_id != own_id
    ]
    kept = sorted(
        (item for item in scored if item[1] >= min_score), key=lambda item: (-item[1], item[0])
    )
    return kept[:k]
