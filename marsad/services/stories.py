"""Copies, provenance, stories and related articles: the use-cases.

`Tracker` is what ingest calls for each batch of NEW articles, once they have ids:
it finds the article's copy group (exact key, then MinHash LSH candidates),
re-points the group when a late-arriving original is earlier than the current head,
and puts the article in a story (a copy joins its original's story). Everything a
batch does is one transaction of the store. An undated article counts as published
when Marsad first had it (`Article.first_seen`, stored with it), for the story's
time window (and last, for "who was first").

The reading use-cases (`provenance`, `outlet_copies`, `related_articles`,
`story_view`, `list_stories`) serve the CLI and the web pages alike.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from marsad.dedup.containment import (
    MIN_COPY_WORDS,
    Profile,
    copy_score,
    index_keys,
    is_copy_of,
    profile_bytes,
    profile_from_bytes,
    profile_of,
)
from marsad.dedup.fingerprint import exact_key, text_words
from marsad.dedup.provenance import UNDATED, original_of, timestamp
from marsad.errors import InputError
from marsad.model import Article, Story
from marsad.services.pending import resume_pending
from marsad.steps.credits import Agencies
from marsad.store.protocol import Store
from marsad.store.protocol_copies import CopyStore, ProfileRow
from marsad.store.protocol_stories import StoryRow, StoryStore, TrackingStore
from marsad.stories.cluster import (
    JOIN_THRESHOLD,
    MAX_CANDIDATES,
    UNTIMED_JOIN_THRESHOLD,
    WINDOW_SECONDS,
    StoryCandidate,
    assign,
    probe_terms,
)
from marsad.stories.events import (
    EventSignature,
    StoryEvidence,
    signature,
    times_comparable,
    veto,
)
from marsad.stories.related import Neighbour, rank_related, rank_related_stories
from marsad.stories.vectors import Stemmer, Vector, add, cosine, feature_counts, idf, weigh
from marsad.text.furniture import analysis_text, line_keys

STORY_INDEX_TERMS = 20  # centroid terms indexed per story (candidate lookup)
RELATED_INDEX_TERMS = 10  # article terms indexed for related-article lookup
ORDERS = ("latest", "growing")


def _headline(article: Article, length: int = 80) -> str:
    """The article's title, or the start of its text when it has none."""
    if article.title.strip():
        return article.title.strip()
    text = " ".join(article.text.split())
    return text[:length] + ("…" if len(text) > length else "")


class _Frequencies:
    """Document frequencies during one batch: stored counts read once per term, the
    batch's own counts kept aside and written in one statement at the end."""

    def __init__(self, store: StoryStore) -> None:
        self._store = store
        self.documents, self._stored = store.document_frequencies(())
        self._pending: Counter[str] = Counter()
        self._added = 0

    def weigh(self, counts: dict[str, float]) -> Vector:
        """The article's TF-IDF vector; then counts it as a document."""
        missing = [term for term in counts if term not in self._stored]
        if missing:
            _, found = self._store.document_frequencies(missing)
            self._stored.update((term, found.get(term, 0)) for term in missing)
        stored, pending, documents = self._stored, self._pending, self.documents + self._added
        vector = weigh(counts, lambda term: idf(documents, stored[term] + pending[term]))
        pending.update(counts.keys())
        self._added += 1
        return vector

    def flush(self) -> None:
        if self._added:
            self._store.count_documents(self._pending, self._added)


@dataclass
class Tracker:
    """Copy detection and story assignment, with their (picklable) parameters."""

    agencies: Agencies = field(default_factory=Agencies.load)
    join_threshold: float = JOIN_THRESHOLD
    untimed_threshold: float = UNTIMED_JOIN_THRESHOLD
    window: float = WINDOW_SECONDS
    stemmer: Stemmer = field(default_factory=Stemmer)

    def track(self, store: Store, articles: Sequence[Article]) -> None:
        """Track a batch of newly stored articles (each must have its `id`)."""
        tracked = store
        if not articles:
            return
        with tracked.tracking():
            ids = [article.id for article in articles if article.id is not None]
            untracked = tracked.untracked_among(ids)  # another process may have been first
            latest = -math.inf
            frequencies = _Frequencies(tracked)
            for article in articles:
                if article.id is None or article.id in untracked:
                    latest = max(latest, self._track_one(tracked, article, frequencies))
            frequencies.flush()
            clock = tracked.advance_clock(latest)
            tracked.close_stories(clock - self.window)
            tracked.clear_pending(ids)

    def _track_one(
        self, store: TrackingStore, article: Article, frequencies: _Frequencies
    ) -> float:
        if article.id is None:
            raise ValueError("only stored articles (with an id) can be tracked")
        published_at = timestamp(article.published)
        story_time = published_at if published_at != UNDATED else _first_seen_time(article)
        folded_words = text_words(article.text)
        head = self._copy_head(store, article, published_at, folded_words)
        story_words = text_words(analysis_text(article.text))  # no page furniture
        vector = frequencies.weigh(feature_counts(article, story_words, self.stemmer))
        story = store.story_of(head) if head is not None else None
        if story is not None:
            self._join_as_copy(store, story, article, story_time)
        else:
            story = self._cluster(store, article, vector, story_time)
        store.set_story(article.id, story)
        store.save_vector(article.id, vector, RELATED_INDEX_TERMS)
        return story_time

    # -- copies ----------------------------------------------------------------

    def _copy_head(
        self, store: CopyStore, article: Article, published_at: float, folded_words: list[str]
    ) -> int | None:
        """Record the article's copy keys; return the head of the group it copies.

        The head is the group's original as far as tracking can tell: a wire agency's
        own page before any republication of it, then the earliest published.
        """
        assert article.id is not None
        exact = exact_key(folded_words)
        profile = self._profile(store, article)
        keys = index_keys(profile)
        wire = self.agencies.of_site(site_of(article)) is not None
        head = self._matching_head(store, exact, profile, keys, article.lang)
        store.add_fingerprint(article.id, exact, published_at, (len(folded_words), 0), b"", [])
        store.add_profile(
            article.id, profile.words, article.lang, wire, profile_bytes(profile), keys
        )
        if head is None:
            return None
        mine = (not wire, published_at, article.id)
        if mine < (not store.is_wire(head), store.published_at_of(head), head):
            store.repoint_group(head, article.id)  # a late-arriving original
            return head
        store.set_duplicate(article.id, head)
        return head

    @staticmethod
    def _profile(store: CopyStore, article: Article) -> Profile:
        """The article's containment profile, without its site's recurring lines
        (counting this page's lines first, so the site's furniture is learnt)."""
        site = site_of(article)
        recurring = store.learn_site_lines(site, line_keys(article.text)) if site else set()
        return profile_of(article.text, recurring)

    @staticmethod
    def _matching_head(
        store: CopyStore, exact: str, profile: Profile, keys: list[int], lang: str | None
    ) -> int | None:
        """The head of the group of the stored text this one copies: same words, or
        the closest copy (most of the shorter text held, lengths alike), same language
        only: a compilation holding a short item and a twin compilation joins the twin."""
        rows = store.copy_candidates([], exact)
        same_words = [row.head for row in rows if row.exact == exact]
        if same_words:
            return min(same_words)
        if profile.words < MIN_COPY_WORDS:
            return None
        best: tuple[float, int] | None = None
        for row in store.profile_candidates(keys):
            if lang and row.lang and lang != row.lang:
                continue  # pages in different languages are never copies
            stored = profile_from_bytes(row.profile)
            if not is_copy_of(profile, stored) or not _copies_head(store, profile, row):
                continue
            score = copy_score(profile, stored) * _length_ratio(profile, stored)
            if best is None or score > best[0]:
                best = (score, row.head)
        return None if best is None else best[1]

    # -- stories ---------------------------------------------------------------

    def _join_as_copy(self, store: StoryStore, story_id: int, article: Article, at: float) -> None:
        row = store.story_row(story_id)
        widened = row._replace(first_at=min(row.first_at, at), last_at=max(row.last_at, at))
        store.save_story(
            widened,
            probe_terms(row.centroid, STORY_INDEX_TERMS),
            row.title,
            article.published,
            article.site,
        )

    def _cluster(self, store: StoryStore, article: Article, vector: Vector, at: float) -> int:
        assert article.id is not None
        rows = store.story_candidates(probe_terms(vector), at - self.window, MAX_CANDIDATES)
        found = signature(article)
        evidence = _evidence_of(store, [r.id for r in rows])
        candidates = [
            StoryCandidate(r.id, r.centroid, r.first_at, r.last_at, self._threshold(found, known))
            for r in rows
            for known in (evidence.get(r.id, StoryEvidence()),)
            if veto(found, known, self.window) is None
        ]
        chosen = assign(vector, at, candidates, threshold=self.join_threshold, window=self.window)
        if chosen.story is None:
            row = StoryRow(0, dict(vector), at, at, article.id, 1.0, _headline(article))
            story_id = store.save_story(
                row,
                probe_terms(vector, STORY_INDEX_TERMS),
                _headline(article),
                article.published,
                article.site,
            )
            _add_evidence(store, story_id, StoryEvidence(), found)
            return story_id
        _add_evidence(store, chosen.story, evidence.get(chosen.story, StoryEvidence()), found)
        current = next(r for r in rows if r.id == chosen.story)
        centroid = add(current.centroid, [vector])
        title_article, title_score, title = self._central(store, current, centroid, article, vector)
        row = StoryRow(
            current.id,
            centroid,
            min(current.first_at, at),
            max(current.last_at, at),
            title_article,
            title_score,
            title,
        )
        return store.save_story(
            row, probe_terms(centroid, STORY_INDEX_TERMS), title, article.published, article.site
        )

    def _threshold(self, found: EventSignature, story: StoryEvidence) -> float:
        """The join threshold against one story: stricter when the two times cannot
        both be trusted (an undated page, a story of undated pages)."""
        if times_comparable(found, story):
            return self.join_threshold
        return max(self.join_threshold, self.untimed_threshold)

    @staticmethod
    def _central(
        store: StoryStore, story: StoryRow, centroid: Vector, article: Article, vector: Vector
    ) -> tuple[int | None, float, str]:
        """The title article after `article` joined: whichever of it and the current
        title article is closer to the new centroid (both scored against it now)."""
        assert article.id is not None
        score = cosine(vector, centroid)
        holder = story.title_article
        held = store.vector_of(holder) if holder is not None else None
        held_score = cosine(held, centroid) if held is not None else -1.0
        if score > held_score:
            return article.id, score, _headline(article)
        return holder, held_score, story.title


def _evidence_of(store: StoryStore, story_ids: list[int]) -> dict[int, StoryEvidence]:
    """The event evidence of the candidate stories (none yet for a story tracked before
    evidence was kept: it contradicts nothing)."""
    return {
        story_id: StoryEvidence.from_json(text)
        for story_id, text in store.story_evidence(story_ids).items()
    }


def _add_evidence(
    store: StoryStore, story_id: int, evidence: StoryEvidence, found: EventSignature
) -> None:
    evidence.add(found)
    store.save_story_evidence(story_id, evidence.to_json())


def _first_seen_time(article: Article) -> float:
    """When an undated article counts as published: when Marsad first had it, as
    stored, so a run resumed after a kill places it as an uninterrupted run did; now
    only for an article that was never stored."""
    seen = timestamp(article.first_seen)
    return seen if seen != UNDATED else time.time()


def _length_ratio(first: Profile, second: Profile) -> float:
    """The shorter text's length over the longer's: how far one is the other."""
    shorter, longer = sorted((first.words, second.words))
    return shorter / longer if longer else 0.0


def _copies_head(store: CopyStore, profile: Profile, row: ProfileRow) -> bool:
    """Whether a text that copies a group member also copies the group's head.

    Containment is not transitive: a text joining through a member is checked
    against the head too, so near-copies of near-copies do not drift into one group.
    """
    if row.head == row.id:
        return True
    stored = store.stored_profile(row.head)
    return stored is None or is_copy_of(profile, profile_from_bytes(stored))


def track_untracked(
    store: Store,
    tracker: Tracker | None = None,
    *,
    batch_size: int = 500,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Track every stored article not tracked yet (stored by an older Marsad, or
    ingested without tracking), earliest published first; how many were tracked.

    Articles an interrupted run left pending go first, as that run would have
    tracked them (`marsad.services.pending`).
    """
    tracker = tracker or Tracker()
    tracked = store
    done = resume_pending(store, tracker.track)
    while ids := tracked.untracked_ids(batch_size):
        tracker.track(store, [store.get(article_id) for article_id in ids])
        done += len(ids)
        if on_progress is not None:
            on_progress(done)
    return done


# -- reading use-cases ------------------------------------------------------------


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "site": row.site,
        "source": row.source,
        "published": row.published,
        "duplicate_of": row.duplicate_of,
    }


def _by_time(rows: Iterable[Any]) -> list[Any]:
    return sorted(rows, key=lambda row: (timestamp(row.published), row.id))


def site_of(article: Article) -> str | None:
    """The article's site, or its URL's host when the reader named none."""
    if article.site:
        return article.site
    if not article.url:
        return None
    host = urlsplit(article.url).hostname or ""
    return host.removeprefix("www.") or None


def provenance(store: Store, article_id: int) -> dict[str, Any]:
    """Who published the article's text first, who republished it, and credited sources."""
    tracked = store
    article = store.get(article_id)
    head = article.duplicate_of or article.id
    assert head is not None
    members = _by_time(tracked.copy_group(head))
    found = original_of(members, head, Agencies.load())
    original = next(row for row in members if row.id == found.id)
    credited = list(dict.fromkeys(row.source for row in members if row.source))
    return {
        "id": article_id,
        "is_copy": article_id != original.id,
        "original": _summary(original),
        "order": found.order,
        "order_note": found.note,
        "copies": [_summary(row) for row in members if row.id != original.id],
        "first_site": original.site,
        "credited_sources": credited,
        "sites": list(dict.fromkeys(row.site for row in members if row.site)),
    }


def copies_of(store: Store, article_id: int) -> list[dict[str, Any]]:
    """The other members of the article's copy group, earliest first."""
    article = store.get(article_id)
    head = article.duplicate_of or article.id
    assert head is not None
    rows = _by_time(store.copy_group(head))
    return [_summary(row) for row in rows if row.id != article_id]


def outlet_copies(store: Store) -> list[tuple[str, str, int]]:
    """(copying site, original site, how many copies), most first."""
    return store.outlet_copy_counts()


def related_articles(store: Store, article_id: int, k: int = 5) -> list[dict[str, Any]]:
    """The `k` articles nearest in content and entities, no copies of the article."""
    tracked = store
    article = store.get(article_id)
    vector = tracked.vector_of(article_id)
    if vector is None or k <= 0:
        return []
    head = article.duplicate_of or article_id
    rows = tracked.related_candidates(probe_terms(vector, RELATED_INDEX_TERMS))
    neighbours = (Neighbour(row[0], row[1], row[2]) for row in rows)
    ranked = rank_related(vector, head, neighbours, k)
    related: list[dict[str, Any]] = []
    for found_id, score in ranked:
        found = store.get(found_id)
        related.append(
            {
                "id": found.id,
                "title": found.title,
                "site": found.site,
                "published": found.published,
                "story": found.story,
                "score": round(score, 4),
            }
        )
    return related


def story_links(store: Store, article: Article, related: int = 5) -> dict[str, Any]:
    """The `story`, `copies` (with the group's `original` and on what ground it was
    named, "unknown order" when no member is dated) and `related` fields of the view.

    An article not stored yet (no id) has none.
    """
    if article.id is None:
        return {}
    links: dict[str, Any] = {"copies": copies_of(store, article.id)}
    if links["copies"]:
        found = provenance(store, article.id)
        links["original"] = found["original"] | {
            "order": found["order"],
            "order_note": found["order_note"],
        }
    if article.story is not None:
        links["story"] = asdict(get_story(store, article.story))
    links["related"] = list(article.related) + related_articles(store, article.id, related)
    return links | _estimate_fields(store, article)


def _estimate_fields(store: Store, article: Article) -> dict[str, Any]:
    """An undated article's estimated event time, as kept while tracking."""
    if article.id is None or article.published:
        return {}
    found = store.event_times([article.id]).get(article.id)
    if found is None:
        return {}
    return {
        "published_estimated": found.estimated,
        "published_estimated_source": found.source,
        "published_estimated_confidence": found.confidence,
    }


RELATED_STORY_CANDIDATES = 50


def related_stories(store: Store, story_id: int, k: int = 5) -> list[dict[str, Any]]:
    """Other stories on the same broader topic (closest centroids), best first: linked,
    not merged, since they are other events."""
    tracked = store
    row = tracked.story_row(story_id)
    terms = probe_terms(row.centroid, STORY_INDEX_TERMS)
    rows = tracked.stories_sharing(terms, RELATED_STORY_CANDIDATES)
    ranked = rank_related_stories(row.centroid, story_id, ((r.id, r.centroid) for r in rows), k)
    found: list[dict[str, Any]] = []
    for other_id, score in ranked:
        other = tracked.get_story(other_id)
        found.append(asdict(other) | {"score": round(score, 4)})
    return found


def get_story(store: Store, story_id: int) -> Story:
    """The story `story_id`; raises `NotFound`."""
    return store.get_story(story_id)


def story_view(store: Store, story_id: int) -> dict[str, Any]:
    """A story with its articles in time order, first publisher, entities and places."""
    story = get_story(store, story_id)
    articles = [store.get(article_id) for article_id in store.story_article_ids(story_id)]
    articles.sort(key=lambda found: (timestamp(found.published), found.id or 0))
    entities: dict[str, int] = {}
    places: dict[str, int] = {}
    for found in articles:
        for name in dict.fromkeys(span.name for span in found.entities):
            entities[name] = entities.get(name, 0) + 1
        for name in dict.fromkeys(span.name for span in found.places):
            places[name] = places.get(name, 0) + 1
    summaries = [_summary(found) | {"url": found.url} for found in articles]
    return {
        "story": asdict(story),
        "articles": summaries,
        "first": summaries[0] if summaries else None,
        "entities": sorted(entities, key=lambda name: -entities[name])[:20],
        "places": sorted(places, key=lambda name: -places[name])[:20],
        "related": related_stories(store, story_id),
    }


def list_stories(
    store: Store, *, limit: int = 20, offset: int = 0, order: str = "latest"
) -> list[Story]:
    """Stories by latest activity, or (`growing`) the open ones with most articles."""
    if order not in ORDERS:
        raise InputError(f"order must be one of {', '.join(ORDERS)}, got {order!r}")
    return store.list_story_rows(limit=limit, offset=offset, order=order)
