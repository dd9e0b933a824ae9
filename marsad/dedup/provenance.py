"""Who published first: ordering the members of a copy group.

The head of a group (the article every copy's `duplicate_of` points at) is a wire
agency's own page when the group holds one, else the earliest by publication time;
articles without one sort after every dated article, by the order they were stored
(their id). When an original arrives after its copies (a late crawl of the agency's
own site), it becomes the new head and the group is re-pointed to it.

`original_of` names the original for readers, and says on what ground: the page
that *is* the credited agency, else the page the others credit, else the earliest
dated one; when no member has a time it says the order is unknown instead of
guessing from the order pages were stored in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt

from marsad.dedup.fingerprint import Fingerprint, containment, jaccard
from marsad.text.normalize import fold

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


class AgencyLookup(Protocol):
    """Which agency a site belongs to and which one a credit names (by agency key)."""

    def site_agency(self, site: str | None) -> str | None: ...
    def credit_agency(self, credit: str) -> str | None: ...


class GroupMember(Protocol):
    """What `original_of` reads of a copy group's member."""

    @property
    def id(self) -> int: ...
    @property
    def site(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def published(self) -> str | None: ...


ORDER_NOTES = {
    "agency": "the agency's own page",
    "credited": "the outlet the copies credit",
    "earliest": "the earliest published",
    "unknown": "unknown order: no publication times",
}


@dataclass(frozen=True, slots=True)
class Original:
    """The member named the original, and why (`order`, a key of `ORDER_NOTES`)."""

    id: int
    order: str

    @property
    def note(self) -> str:
        return ORDER_NOTES[self.order]


def _first(members: Sequence[GroupMember]) -> GroupMember:
    return min(members, key=lambda member: (timestamp(member.published), member.id))


def _credit_key(text: str) -> str:
    return " ".join(fold(text).replace(".", " ").split())


def original_of(members: Sequence[GroupMember], head: int, agencies: AgencyLookup) -> Original:
    """The original of a copy group (see the module docstring); `head` is the stored
    head, named when nothing else tells the order."""
    own = [member for member in members if agencies.site_agency(member.site) is not None]
    if own:
        return Original(_first(own).id, "agency")
    credited = [
        member
        for member in members
        if member.site
        and any(
            other.source and _credit_key(other.source) == _credit_key(member.site)
            for other in members
            if other.id != member.id
        )
    ]
    if credited:
        return Original(_first(credited).id, "credited")
    dated = [member for member in members if timestamp(member.published) != UNDATED]
    if dated:
        return Original(_first(dated).id, "earliest")
    return Original(head, "unknown")
