"""Who published first: ordering the members of a copy group.

The head of a group (the article every copy's `duplicate_of` points at) is the
earliest by publication time; articles without one sort after every dated article,
by the order they were stored (their id). When an original arrives after its copies
(a late crawl of the agency's own site), it becomes the new head and the group is
re-pointed to it, so `duplicate_of` always names the earliest known publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from marsad.dedup.fingerprint import Fingerprint, containment, jaccard

# Decision thresholds of the copy detector, tuned on SaudiNewsNet's republished
# agency stories against rewritten same-news articles (scripts/eval_stories.py; no
# held-out split). Pair P/R by (Jaccard, containment): (0.4, 0.7) 0.977/0.997,
# (0.5, 0.8) 0.990/0.990, (0.7, 0.8) 0.997/0.990, (0.5, 0.9) 0.993/0.975,
# (0.6, 0.9) 1.000/0.967. Containment carries the shortened copies; raising the
# Jaccard bar from 0.5 to 0.7 dropped most false copies and no true ones.
MIN_JACCARD = 0.7
MIN_CONTAINMENT = 0.8
# Texts shorter than this many words are copies only when their words are identical:
# at headline length one changed word ("5 killed" / "6 killed") changes the claim.
MIN_WORDS = 40
UNDATED = float("inf")


def timestamp(published: str | None) -> float:
    """Seconds since the epoch of an ISO date or datetime; naive times count as UTC.

    An unreadable or missing time is `UNDATED` (after every dated article).
    """
    if not published:
        return UNDATED
    try:
        moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return UNDATED
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored article as the copy detector sees it."""

    id: int
    published_at: float
    words: int
    shingles: int
    signature: npt.NDArray[np.uint32]
    head: int  # the head of its copy group (itself when it is one)


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """A stored article that the new text copies, and how closely."""

    article: Stored
    jaccard: float
    containment: float


def is_copy(similarity: float, contained: float, words: tuple[int, int]) -> bool:
    """The decision on one candidate pair, from the estimates and both lengths."""
    if min(words) < MIN_WORDS:
        return False  # short texts: only the exact key decides
    return similarity >= MIN_JACCARD or contained >= MIN_CONTAINMENT


def are_copies(first: Fingerprint, second: Fingerprint) -> bool:
    """The detector's decision on two texts, without the index: same words, or similar
    enough by `is_copy` (what `best_match` decides for each LSH candidate)."""
    if first.exact == second.exact:
        return True
    similarity = jaccard(first.signature, second.signature)
    contained = containment(similarity, first.shingles, second.shingles)
    return is_copy(similarity, contained, (first.words, second.words))


def best_match(
    signature: npt.NDArray[np.uint32], words: int, shingles: int, candidates: list[Stored]
) -> CopyMatch | None:
    """The most similar candidate that passes `is_copy`, if any."""
    best: CopyMatch | None = None
    for candidate in candidates:
        similarity = jaccard(signature, candidate.signature)
        contained = containment(similarity, shingles, candidate.shingles)
        if not is_copy(similarity, contained, (words, candidate.words)):
            continue
        if best is None or (similarity, contained) > (best.jaccard, best.containment):
            best = CopyMatch(candidate, similarity, contained)
    return best


def earlier(first: tuple[float, int], second: tuple[float, int]) -> bool:
    """Whether (published_at, id) `first` was published before `second`."""
    return first < second
