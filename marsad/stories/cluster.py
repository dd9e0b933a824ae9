"""Online story clustering: does a new article join an open story or start one?

Single-pass clustering (as in topic detection and tracking): each article is
compared with the centroids of the few open stories that share its heaviest terms
and that were active within `WINDOW_SECONDS` of its publication; it joins the most
similar one above `JOIN_THRESHOLD` (`UNTIMED_JOIN_THRESHOLD` when the article's and
the story's times cannot both be trusted: a join on words alone, where a theme's
other events share most words), else it starts a story. A story closes when
nothing has joined it for `WINDOW_SECONDS` of publication time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from marsad.stories.vectors import cosine

WINDOW_SECONDS = 3 * 24 * 3600.0
# Cosine between an article and a story centroid above which it joins; tuned on
# the spring-2018 events of the ANT corpus (scripts/eval_stories.py).
JOIN_THRESHOLD = 0.1
UNTIMED_JOIN_THRESHOLD = 0.15
# The article's heaviest terms used to look up candidate stories.
PROBE_TERMS = 12
# Stories compared per article: those sharing most probe terms (bounds the cost
# when a common term is in many open stories).
MAX_CANDIDATES = 32


@dataclass(frozen=True, slots=True)
class StoryCandidate:
    """An open story as the clusterer sees it."""

    id: int
    centroid: Mapping[str, float]
    first_at: float
    last_at: float
    threshold: float | None = None  # its own join threshold (None: the caller's)


@dataclass(frozen=True, slots=True)
class Assignment:
    """The story an article joins (`story` None: it starts a new one)."""

    story: int | None
    score: float


def within_window(published_at: float, story: StoryCandidate, window: float) -> bool:
    """Whether the article falls in the story's active span, widened by `window`."""
    return story.first_at - window <= published_at <= story.last_at + window


def assign(
    vector: Mapping[str, float],
    published_at: float,
    candidates: Iterable[StoryCandidate],
    *,
    threshold: float = JOIN_THRESHOLD,
    window: float = WINDOW_SECONDS,
) -> Assignment:
    """The most similar story within the window scoring at least `threshold`."""
    best = Assignment(None, 0.0)
    for story in candidates:
        if not within_window(published_at, story, window):
            continue
        score = cosine(vector, story.centroid)
        if score >= (threshold if story.threshold is None else story.threshold) and (
            best.story is None or score > best.score
        ):
            best = Assignment(story.id, score)
    return best


def probe_terms(vector: Mapping[str, float], count: int = PROBE_TERMS) -> list[str]:
    """The heaviest terms of a (sorted, heaviest-first) vector."""
    return list(vector)[:count]
